package check_test

import (
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline/pipelinetest"
)

// TestSilentAcceptances breaks the seed workbook in the ways a reviewer
// would not accept in silence (issue #11, item 6) and expects exactly the
// findings each adds, as "code ref severity" lines.
func TestSilentAcceptances(t *testing.T) {
	base := pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, nil)
	tests := []struct {
		name   string
		change func(*excelize.File) error
		want   []string
	}{
		// A second 实际完成值 column with other figures: which is meant?
		{"actual column repeated with other figures", pipelinetest.InOrder(pipelinetest.Set("绩效指标", "I2", "实际完成值"), pipelinetest.Set("绩效指标", "I4", "290种")),
			[]string{"duplicate_column 绩效指标!I2 error"}},
		// Repeated by an alias, and empty below: tidy it up.
		{"execution column repeated, empty", pipelinetest.Set("资金情况", "G2", "执行数"), []string{"duplicate_column 资金情况!G2 warning"}},
		{"self-score column repeated with the same figures", func(f *excelize.File) error {
			if err := f.SetCellValue("绩效指标", "I2", "自评得分"); err != nil {
				return err
			}
			for row := 3; row <= 46; row++ {
				v, err := f.GetCellValue("绩效指标", cell(7, row))
				if err != nil {
					return err
				}
				if err := f.SetCellValue("绩效指标", cell(9, row), v); err != nil {
					return err
				}
			}
			return nil
		}, []string{"duplicate_column 绩效指标!I2 warning"}},
		// Hidden columns: read and scored, but off the printed copy.
		{"actual column hidden", hideCol("绩效指标", "E"), []string{"hidden_column 绩效指标!E2 warning"}},
		{"execution and rate columns hidden", pipelinetest.InOrder(hideCol("资金情况", "C"), hideCol("资金情况", "E")),
			[]string{"hidden_column 资金情况!C2 warning", "hidden_column 资金情况!E2 warning"}},
		{"value column of 基本信息 hidden", hideCol("基本信息", "B"), []string{"hidden_column 基本信息!B3 warning"}},
		{"label column of 决算收支 hidden", hideCol("决算收支", "A"), []string{"hidden_column 决算收支!A3 warning"}},
		// A hidden column beside the table holds no part of the form.
		{"empty column beside the table hidden", hideCol("绩效指标", "J"), nil},
		// Hidden sheets, and lookalikes of the form's sheets.
		{"indicator sheet hidden", hideSheet("绩效指标", false), []string{"hidden_sheet 绩效指标 warning"}},
		{"基本信息 very hidden", hideSheet("基本信息", true), []string{"hidden_sheet 基本信息 warning"}},
		// The real table hidden behind a visible copy with other figures:
		// what was scored is not what the reviewer sees.
		{"indicator sheet hidden behind a visible copy", pipelinetest.InOrder(copySheet("绩效指标", "绩效指标（修改）"), pipelinetest.Set("绩效指标（修改）", "G11", 2), hideSheet("绩效指标", false)),
			[]string{"lookalike_sheet 绩效指标 error"}},
		// The exact name wins the reading, hidden; the reviewer sees the
		// visible sheet whose name only has a space more.
		{"hidden sheet of the form's name behind a visible one with a space", pipelinetest.InOrder(copySheet("绩效指标", "绩效指标 "), pipelinetest.Set("绩效指标 ", "G11", 2), hideSheet("绩效指标", true)),
			[]string{"lookalike_sheet 绩效指标 error"}},
		{"very hidden copy of the budget sheet", pipelinetest.InOrder(copySheet("资金情况", "Sheet9"), pipelinetest.Set("Sheet9", "C3", 9900), hideSheet("Sheet9", true)),
			[]string{"lookalike_sheet 资金情况 warning"}},
		{"second sheet named like the form's", pipelinetest.InOrder(copySheet("绩效指标", "绩效指标 "), pipelinetest.Set("绩效指标 ", "E4", "290种")),
			[]string{"lookalike_sheet 绩效指标 warning"}},
		{"hidden sheet with the 基本信息 labels", pipelinetest.InOrder(copySheet("基本信息", "备份"), hideSheet("备份", false)),
			[]string{"lookalike_sheet 基本信息 warning"}},
		// A sheet of the department's own notes is none of the form's.
		{"extra sheet of notes", pipelinetest.InOrder(newSheet("说明"), pipelinetest.Set("说明", "A1", "本表由财务科填写"), pipelinetest.Set("说明", "A2", "实际完成值"), pipelinetest.Set("说明", "B2", "得分")), nil},
		// Figures in date-formatted cells: the page shows a date, the
		// review reads the number.
		{"execution amount in a date cell", dateFormat("资金情况", "C4", 14), []string{"date_formatted_number 资金情况!C4 error"}},
		{"rate in a 年月 date cell", dateFormat("资金情况", "E3", 57), []string{"date_formatted_number 资金情况!E3 error"}},
		{"weight and self-score in date cells", pipelinetest.InOrder(dateFormat("绩效指标", "F4", 22), dateFormat("绩效指标", "G4", 14)),
			[]string{"date_formatted_number 绩效指标!F4 error", "date_formatted_number 绩效指标!G4 error"}},
		{"自评总分 in a date cell", dateFormat("基本信息", "B10", 14), []string{"date_formatted_number 基本信息!B10 error"}},
		{"staff count in a date cell", dateFormat("基本信息", "B11", 14), []string{"date_formatted_number 基本信息!B11 error"}},
		{"breakdown amount in a date cell", dateFormat("决算收支", "B18", 14), []string{"date_formatted_number 决算收支!B18 error"}},
		// Excel shows text as typed, whatever the number format.
		{"amount typed as text in a date cell", pipelinetest.InOrder(dateFormat("资金情况", "C4", 14), pipelinetest.Set("资金情况", "C4", "8771.4402")), nil},
		// A date where a date belongs.
		{"填报日期 as a date serial", pipelinetest.InOrder(pipelinetest.Set("基本信息", "B9", 45000), dateFormat("基本信息", "B9", 14)), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := pipelinetest.ProcessFile(t, pipelinetest.Mutated(t, tt.change), nil)
			var added []string
			for _, f := range pipelinetest.AddedFindings(base, rep) {
				added = append(added, string(f.Code)+" "+f.Ref+" "+f.Severity.String())
			}
			slices.Sort(added)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(added, want) {
				t.Errorf("added findings:\n  %v\nwant:\n  %v\nall findings: %+v", added, want, rep.Findings)
			}
		})
	}
}

func hideCol(sheet, col string) func(*excelize.File) error {
	return func(f *excelize.File) error { return f.SetColVisible(sheet, col, false) }
}

// hideSheet hides a sheet, very hidden if very.
func hideSheet(sheet string, very bool) func(*excelize.File) error {
	return func(f *excelize.File) error {
		f.SetActiveSheet(0)
		return f.SetSheetVisible(sheet, false, very)
	}
}

// copySheet adds a copy of a sheet, with its values and formats, at the end.
func copySheet(from, to string) func(*excelize.File) error {
	return func(f *excelize.File) error {
		i, err := f.NewSheet(to)
		if err != nil {
			return err
		}
		j, err := f.GetSheetIndex(from)
		if err != nil {
			return err
		}
		return f.CopySheet(j, i)
	}
}

func newSheet(name string) func(*excelize.File) error {
	return func(f *excelize.File) error {
		_, err := f.NewSheet(name)
		return err
	}
}

// dateFormat gives a cell a built-in date number format (14 yyyy/m/d,
// 22 with the time, 57 yyyy"年"m"月"), keeping its value.
func dateFormat(sheet, cell string, numFmt int) func(*excelize.File) error {
	return func(f *excelize.File) error {
		st, err := f.NewStyle(&excelize.Style{NumFmt: numFmt})
		if err != nil {
			return err
		}
		return f.SetCellStyle(sheet, cell, cell, st)
	}
}

// cell is the A1 name of a cell; col and row are 1-based.
func cell(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}
