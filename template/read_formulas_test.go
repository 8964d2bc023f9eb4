package template_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
	"github.com/perfeval/perfeval/template/xlsx/xlsxtest"
)

// seedEdited returns the seed workbook with its parts' XML edited.
func seedEdited(t *testing.T, edits map[string][][2]string) []byte {
	t.Helper()
	seed, err := os.ReadFile("../samples/nanchang-2022.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	return xlsxtest.Rezip(t, seed, edits, nil)
}

// readEdited opens edited seed bytes as Process does and reads them.
func readEdited(t *testing.T, data []byte) *template.Form {
	t.Helper()
	w, err := xlsx.OpenWorkbook(data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return template.ReadWorkbook(w, template.Department)
}

// helperCells returns the edit that adds formula cells in column J of
// 绩效指标, below the table from row 60, each with its formula and saved
// result.
func helperCells(cells ...[2]string) [][2]string {
	var rows strings.Builder
	for i, c := range cells {
		fmt.Fprintf(&rows, `<row r="%d"><c r="J%d"><f>%s</f><v>%s</v></c></row>`, 60+i, 60+i, c[0], c[1])
	}
	return [][2]string{{`</sheetData>`, rows.String() + `</sheetData>`}}
}

// TestReadFormulasRecompute: each formula of the form is recomputed where
// the reader can, with what it depends on, within its budget; and where it
// cannot, the reader says why.
func TestReadFormulasRecompute(t *testing.T) {
	data := seedEdited(t, map[string][][2]string{
		"xl/worksheets/sheet5.xml": helperCells(
			[2]string{"F3+F4", "4.5"},            // J60: agrees
			[2]string{"SUM(A1:Z1000)", "0"},      // J61: 26,000 cells
			[2]string{"SUM(F:F)", "0"},           // J62: a whole column
			[2]string{"Total*2", "0"},            // J63: a defined name
			[2]string{"J65+1", "1"},              // J64 and J65: a cycle
			[2]string{"J64+1", "1"},              // J65
			[2]string{"TODAY()", "45000"},        // J66: changes each day
			[2]string{"J68*2", "2"},              // J67: depends on J68
			[2]string{`INDIRECT("F3")`, "3"},     // J68: names its cell when computed
			[2]string{"ROUND(2.675,2)", "2.68"},  // J69: rounds
			[2]string{"F3*2", "5"},               // J70: saved 5, computes 6
			[2]string{"#REF!*F3", "#REF!"},       // J71: broken, not recorded
			[2]string{"IF(F3&gt;2,1,0)=1", "1"}), // J72: TRUE saved as a number: not a boolean cell
	})
	form := readEdited(t, data)
	got := map[string]template.FormulaCell{}
	for _, fc := range form.Formulas {
		got[fc.Ref.String()] = fc
	}
	tests := []struct {
		ref, computed, why string // why: a part of Unverified
		rounds             bool
	}{
		{"绩效指标!J60", "4.5", "", false},
		{"绩效指标!J61", "", "超过 10000 个单元格", false},
		{"绩效指标!J62", "", "整列或整行", false},
		{"绩效指标!J63", "", "名称“Total”", false},
		{"绩效指标!J64", "", "循环引用", false},
		{"绩效指标!J65", "", "循环引用", false},
		{"绩效指标!J66", "", "TODAY，每次打开结果都会变", false},
		{"绩效指标!J67", "", "它引用的单元格 J68 的公式用到函数 INDIRECT", false},
		{"绩效指标!J68", "", "INDIRECT", false},
		{"绩效指标!J69", "2.68", "", true},
		{"绩效指标!J70", "6", "", false},
		{"绩效指标!J72", "TRUE", "", false},
	}
	for _, tt := range tests {
		fc, ok := got[tt.ref]
		if !ok {
			t.Errorf("%s: no formula read", tt.ref)
			continue
		}
		if fc.Computed != tt.computed || !strings.Contains(fc.Unverified, tt.why) || (tt.why == "") != (fc.Unverified == "") || fc.Rounds != tt.rounds {
			t.Errorf("%s = computed %q, unverified %q, rounds %v; want %q, %q, %v", tt.ref, fc.Computed, fc.Unverified, fc.Rounds, tt.computed, tt.why, tt.rounds)
		}
	}
	if _, ok := got["绩效指标!J71"]; ok {
		t.Errorf("绩效指标!J71 (=#REF!*F3) read; its error shows on paper and is unparseable_value's")
	}
	if len(got) != len(tests) {
		t.Errorf("%d formulas read, want %d: %v", len(got), len(tests), form.Formulas)
	}
}

// TestReadFormulasBudget: beyond maxRecompute formulas of the form, the
// rest are counted from the first left out, not recomputed.
func TestReadFormulasBudget(t *testing.T) {
	var row strings.Builder
	row.WriteString(`<row r="100">`)
	for col := 10; col < 10+250; col++ {
		name, _ := excelize.CoordinatesToCellName(col, 100)
		fmt.Fprintf(&row, `<c r="%s"><f>1+1</f><v>2</v></c>`, name)
	}
	row.WriteString(`</row></sheetData>`)
	form := readEdited(t, seedEdited(t, map[string][][2]string{"xl/worksheets/sheet5.xml": {{`</sheetData>`, row.String()}}}))
	if len(form.Formulas) != 200 || form.FormulasOmitted != 50 || form.OmittedAt.String() != "绩效指标!HB100" {
		t.Errorf("%d formulas recomputed, %d omitted from %s; want 200, 50 from 绩效指标!HB100", len(form.Formulas), form.FormulasOmitted, form.OmittedAt)
	}
	for _, fc := range form.Formulas {
		if fc.Computed != "2" {
			t.Errorf("%s computed %q, want 2", fc.Ref, fc.Computed)
		}
	}
}
