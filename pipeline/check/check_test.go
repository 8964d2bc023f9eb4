package check_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline/check"
	"github.com/perfeval/perfeval/pipeline/draft"
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
)

// TestChecks breaks the seed workbook one way at a time and expects exactly
// the findings that break adds, as "code ref" lines, in the manner of
// analysistest: a missing finding and an unexpected one both fail.
func TestChecks(t *testing.T) {
	base := pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, nil)
	// Each line is "code ref", with " info" after an info finding.
	// Positions in the sample: 基本信息 fields from row 3 (自评总分 is B10);
	// 资金情况 rows 3..7 (年度资金总额 … 项目支出), columns B..F; 绩效指标
	// header on row 2, indicator i (0-based) on row 3+i, columns A..H.
	tests := []struct {
		name   string
		change func(*excelize.File) error
		want   []string
	}{
		{"rate typed wrong", pipelinetest.Set("资金情况", "E4", "95.00"), []string{"rate_mismatch 资金情况!E4"}},
		// 部门预算完成率 left without its actual: the computed rate stands in.
		{"budget rate indicator without its actual", pipelinetest.Set("绩效指标", "E39", ""), []string{"cost_indicator_mismatch 绩效指标!E39 info"}},
		// 其他资金's execution typed in 元: 6,806,900 beside a budget of 726
		// 万元 is no rate of 937,590%.
		{"execution typed in yuan", pipelinetest.Set("资金情况", "C5", "6806900"), []string{"unit_mismatch 资金情况!C5", "rate_mismatch 资金情况!E5", "execution_exceeds_budget 资金情况!C5", "sum_mismatch 资金情况!C3"}},
		// A tiny execution may be true: 0.07 of 726 万元 is no unit slip.
		{"execution tiny, not in yuan", pipelinetest.Set("资金情况", "C5", "0.07"), []string{"rate_mismatch 资金情况!E5", "sum_mismatch 资金情况!C3"}},
		// 91.38% written to one decimal or none is rounding, and only info;
		// rounded the wrong way it is an error.
		{"rate to one decimal", pipelinetest.Set("资金情况", "E3", "91.4"), []string{"rate_mismatch 资金情况!E3 info"}},
		{"rate to whole percent", pipelinetest.Set("资金情况", "E3", "91%"), []string{"rate_mismatch 资金情况!E3 info"}},
		{"rate to whole percent, rounded up", pipelinetest.Set("资金情况", "E3", "92%"), []string{"rate_mismatch 资金情况!E3"}},
		// 91.4% typed into Excel: 0.914 in a percent-formatted cell.
		{"rate to one decimal in a percent cell", func(f *excelize.File) error {
			id, err := f.NewStyle(&excelize.Style{NumFmt: 10})
			if err != nil {
				return err
			}
			if err := f.SetCellStyle("资金情况", "E3", "E3", id); err != nil {
				return err
			}
			return f.SetCellValue("资金情况", "E3", 0.914)
		}, []string{"rate_mismatch 资金情况!E3 info"}},
		// =C3/B3 in a General cell: the fraction of the computed rate.
		{"rate as a fraction", pipelinetest.Set("资金情况", "E4", 0.912), nil},
		{"rate as a fraction, rounded", pipelinetest.Set("资金情况", "E3", 0.9138341), []string{"rate_mismatch 资金情况!E3 info"}},
		{"rate as a wrong fraction", pipelinetest.Set("资金情况", "E4", 0.95), []string{"rate_mismatch 资金情况!E4"}},
		{"actual not a number", pipelinetest.Set("绩效指标", "E4", "约289种"), []string{"unparseable_value 绩效指标!E4", "provisional_score 绩效指标!G4"}},
		{"days against a count", pipelinetest.Set("绩效指标", "E11", "291件"), []string{"unit_mismatch 绩效指标!E11", "provisional_score 绩效指标!G11"}},
		// A grade where the count belongs scores nothing: the count is asked for.
		{"grade against a count", pipelinetest.Set("绩效指标", "E13", "达成预期指标"), []string{"unit_mismatch 绩效指标!E13", "provisional_score 绩效指标!G13"}},
		{"grade against a percent", pipelinetest.Set("绩效指标", "E45", "基本达成"), []string{"unit_mismatch 绩效指标!E45", "provisional_score 绩效指标!G45"}},
		// A deadline answered in words: 按时完成 is met; a grade is no answer.
		{"deadline met in words", pipelinetest.InOrder(pipelinetest.Set("绩效指标", "D30", "2022年12月31日前"), pipelinetest.Set("绩效指标", "E30", "按时完成")), nil},
		// A deadline to the month is met within that month.
		{"deadline to the month, met mid-month", pipelinetest.InOrder(pipelinetest.Set("绩效指标", "D30", "2022年12月前"), pipelinetest.Set("绩效指标", "E30", "2022年12月15日")), nil},
		// A date cell formatted yyyy"年"m"月" holds a month.
		{"deadline as a month-formatted date cell", func(f *excelize.File) error {
			fmtText := `yyyy"年"m"月"`
			id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtText})
			if err != nil {
				return err
			}
			if err := f.SetCellStyle("绩效指标", "D30", "D30", id); err != nil {
				return err
			}
			if err := f.SetCellValue("绩效指标", "D30", 44896); err != nil { // 2022-12-01
				return err
			}
			return f.SetCellValue("绩效指标", "E30", "2022年12月20日")
		}, nil},
		{"deadline year.month, met", pipelinetest.InOrder(pipelinetest.Set("绩效指标", "D30", "2022.12前"), pipelinetest.Set("绩效指标", "E30", "2022-12")), nil},
		{"deadline to the month, missed", pipelinetest.InOrder(pipelinetest.Set("绩效指标", "D30", "2022.12前"), pipelinetest.Set("绩效指标", "E30", "2023年1月")),
			[]string{"missing_explanation 绩效指标!H30", "self_score_mismatch 绩效指标!G30"}},
		// A strict < before a month is missed within that month.
		{"strictly before a month, done within it", pipelinetest.InOrder(pipelinetest.Set("绩效指标", "D30", "<2022年12月"), pipelinetest.Set("绩效指标", "E30", "2022年12月20日")),
			[]string{"missing_explanation 绩效指标!H30", "self_score_mismatch 绩效指标!G30"}},
		{"strictly before a month, done the month before", pipelinetest.InOrder(pipelinetest.Set("绩效指标", "D30", "<2022年12月"), pipelinetest.Set("绩效指标", "E30", "2022年11月30日")), nil},
		{"deadline answered as year.month", pipelinetest.InOrder(pipelinetest.Set("绩效指标", "D30", "2022年12月前"), pipelinetest.Set("绩效指标", "E30", "2023.03")), []string{"unit_mismatch 绩效指标!E30", "provisional_score 绩效指标!G30"}},
		// Signature and note lines below the table are no indicators.
		{"signature lines below the table", pipelinetest.InOrder(pipelinetest.Set("绩效指标", "A48", "单位负责人：张三"), pipelinetest.Set("绩效指标", "D48", "填表人：李四"),
			pipelinetest.Set("绩效指标", "G48", "联系电话：0791-86123456"), pipelinetest.Set("绩效指标", "A49", "注：本表金额单位为万元。"), pipelinetest.Set("绩效指标", "A50", "填表人"), pipelinetest.Set("绩效指标", "B50", "李四")), nil},
		{"deadline answered with a grade", pipelinetest.InOrder(pipelinetest.Set("绩效指标", "D30", "2022年12月31日前"), pipelinetest.Set("绩效指标", "E30", "达成预期指标")), []string{"unparseable_value 绩效指标!E30", "provisional_score 绩效指标!G30"}},
		// Amounts written as money: the column's 万元 alone is in order,
		// another convertible unit is converted and pointed out.
		{"amount with a money sign", pipelinetest.Set("资金情况", "B3", "￥10,343.6719"), nil},
		{"amount with 万元 in brackets", pipelinetest.Set("资金情况", "B3", "10343.6719（万元）"), nil},
		{"amount in 亿", pipelinetest.Set("资金情况", "B3", "1.03436719亿"), []string{"unit_mismatch 资金情况!B3"}},
		{"amount in 亿元", pipelinetest.Set("资金情况", "B3", "1.03436719亿元"), []string{"unit_mismatch 资金情况!B3"}},
		// A script stored 0.9612 for 96.12% in a cell without the percent format.
		{"fraction against a percent target", pipelinetest.Set("绩效指标", "E15", 0.9612000000000001), []string{"unit_mismatch 绩效指标!E15", "provisional_score 绩效指标!G15"}},
		// Above 1, a bare number against a percent target is the percent
		// figure: scored as 96.12%, with a note.
		{"bare percent figure against a percent target", pipelinetest.Set("绩效指标", "E15", "96.12"), []string{"unit_mismatch 绩效指标!E15 info"}},
		// 96.12 under the number format 0.00"%" shows, and means, 96.12%.
		{"percent sign in the number format", func(f *excelize.File) error {
			fmtText := `0.00"%"`
			id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtText})
			if err != nil {
				return err
			}
			if err := f.SetCellStyle("绩效指标", "E15", "E15", id); err != nil {
				return err
			}
			return f.SetCellValue("绩效指标", "E15", 96.12)
		}, nil},
		{"negative count", pipelinetest.Set("基本信息", "B6", -2), []string{"negative_amount 基本信息!B6"}},
		// 评价年度 as people write it, and years no form can have.
		{"year written 2022年度", pipelinetest.Set("基本信息", "B5", "2022年度"), nil},
		{"year written 2022年", pipelinetest.Set("基本信息", "B5", "2022年"), nil},
		{"year 9999", pipelinetest.Set("基本信息", "B5", 9999), []string{"unparseable_value 基本信息!B5"}},
		{"year 22", pipelinetest.Set("基本信息", "B5", "22"), []string{"unparseable_value 基本信息!B5"}},
		{"year 2022.5", pipelinetest.Set("基本信息", "B5", "2022.5"), []string{"unparseable_value 基本信息!B5"}},
		{"year 0.2022万", pipelinetest.Set("基本信息", "B5", "0.2022万"), []string{"unparseable_value 基本信息!B5"}},
		{"year in Chinese numerals", pipelinetest.Set("基本信息", "B5", "二〇二二年"), []string{"unparseable_value 基本信息!B5"}},
		{"reason only 无", pipelinetest.Set("绩效指标", "H4", "无"), []string{"missing_explanation 绩效指标!H4"}},
		{"reason only ——", pipelinetest.Set("绩效指标", "H4", "——"), []string{"missing_explanation 绩效指标!H4"}},
		// A 合计 row inside a breakdown is the department's own sum: checked
		// against the items, never added to them.
		{"合计 row in a breakdown", pipelinetest.InOrder(pipelinetest.Set("决算收支", "A21", "合计"), pipelinetest.Set("决算收支", "B21", 9452.12)), nil},
		{"小计 in the middle of a breakdown", pipelinetest.InOrder(func(f *excelize.File) error { return f.InsertRows("决算收支", 28, 1) },
			pipelinetest.Set("决算收支", "A28", "小计"), pipelinetest.Set("决算收支", "B28", 8385.97)), nil},
		{"小计 and 合计 in a breakdown", pipelinetest.InOrder(func(f *excelize.File) error { return f.InsertRows("决算收支", 28, 1) },
			pipelinetest.Set("决算收支", "A28", "小计"), pipelinetest.Set("决算收支", "B28", 8385.97), pipelinetest.Set("决算收支", "A31", "合计"), pipelinetest.Set("决算收支", "B31", 9452.13)), nil},
		{"wrong 小计 in the middle of a breakdown", pipelinetest.InOrder(func(f *excelize.File) error { return f.InsertRows("决算收支", 28, 1) },
			pipelinetest.Set("决算收支", "A28", "小计"), pipelinetest.Set("决算收支", "B28", 8300)), []string{"sum_mismatch 决算收支!B28"}},
		{"wrong 合计 row in a breakdown", pipelinetest.InOrder(pipelinetest.Set("决算收支", "A30", "小计"), pipelinetest.Set("决算收支", "B30", 9000)), []string{"sum_mismatch 决算收支!B30"}},
		// What a spreadsheet's formulas leave: =C3-C4 is 680.690000000001 and
		// =C5/B5*100 is 93.7589531680441 as LibreOffice saves them.
		{"amount with a formula's floating-point noise", pipelinetest.Set("资金情况", "C5", 680.690000000001), nil},
		{"rate computed by a formula", pipelinetest.Set("资金情况", "E5", 93.7589531680441), nil},
		{"rate off in the fifth decimal: rounding", pipelinetest.Set("资金情况", "E5", 93.7589631680441), []string{"rate_mismatch 资金情况!E5 info"}},
		{"reason only 无。", pipelinetest.Set("绩效指标", "H4", "无。"), []string{"missing_explanation 绩效指标!H4"}},
		// WPS and web copy-paste leave zero-width characters behind.
		{"zero-width space in a level", pipelinetest.Set("绩效指标", "A3", "产出指标\u200b"), nil},
		{"zero-width space in a header", pipelinetest.Set("绩效指标", "C2", "三级指标\u200b"), nil},
		{"byte order mark in a row label", pipelinetest.Set("资金情况", "A4", "\ufeff财政拨款"), nil},
		{"draft sent back unfinished", pipelinetest.Set("绩效指标", "H4", "【草拟】年度指标值 >=290种，实际完成 289种。主要由于＿＿＿＿（请填写原因），导致扩种扩量电子证照未达到预期目标（290种以上）；后期将＿＿＿＿（请填写改进措施）。"),
			[]string{"missing_explanation 绩效指标!H4"}},
		{"reason only slash", pipelinetest.Set("绩效指标", "H11", " / "), []string{"missing_explanation 绩效指标!H11"}},
		// The draft's blanks filled in, its mark left: info, the text stands.
		{"draft completed but still marked", pipelinetest.Set("绩效指标", "H4", "【草拟】年度指标值 >=290种，实际完成 289种。主要由于部分证照的数据源单位未完成对接，导致扩种扩量电子证照未达到预期目标（290种以上）；后期将督促有关单位加快对接。"),
			[]string{"draft_left 绩效指标!H4"}},
		// Full marks now, the old draft left in the cell: its figures are
		// no longer true.
		{"draft left after the shortfall was made good", pipelinetest.InOrder(pipelinetest.Set("绩效指标", "E4", "290种"), pipelinetest.Set("绩效指标", "G4", 1.5),
			pipelinetest.Set("绩效指标", "H4", "【草拟】年度指标值 >=290种，实际完成 289种。主要由于＿＿＿＿（请填写原因），导致扩种扩量电子证照未达到预期目标（290种以上）；后期将＿＿＿＿（请填写改进措施）。")),
			[]string{"draft_left 绩效指标!H4"}},
		{"draft with its blanks deleted, its prompts kept", pipelinetest.Set("绩效指标", "H4", "【草拟】年度指标值 >=290种，实际完成 289种。主要由于（请填写原因），导致扩种扩量电子证照未达到预期目标（290种以上）；后期将（请填写改进措施）。"),
			[]string{"missing_explanation 绩效指标!H4"}},
		{"budget self-score left blank", pipelinetest.Set("资金情况", "F3", ""), []string{"missing_field 资金情况!F3"}},
		// A header in two rows: the units on a row of their own.
		{"header units on a second row", pipelinetest.InOrder(func(f *excelize.File) error { return f.InsertRows("绩效指标", 3, 1) },
			pipelinetest.Set("绩效指标", "F3", "（分）"), pipelinetest.Set("绩效指标", "G3", "(分)")), []string{"target_too_low 绩效指标!D4"}},
		// A heading row that lost its name, （40分）, is no header: its rows
		// still get their 一级 from the dropdown lists.
		{"heading （40分） above the first rows", pipelinetest.InOrder(func(f *excelize.File) error { return f.InsertRows("绩效指标", 3, 1) },
			pipelinetest.Set("绩效指标", "A3", "（40分）"), func(f *excelize.File) error {
				for r := 4; r <= 41; r++ {
					if err := f.SetCellValue("绩效指标", "A"+strconv.Itoa(r), ""); err != nil {
						return err
					}
				}
				return nil
			}), []string{"target_too_low 绩效指标!D4", "unknown_level 绩效指标!A3"}},
		// A deleted row is reported where it belongs, below the row before it.
		{"budget row deleted", func(f *excelize.File) error { return f.RemoveRow("资金情况", 5) },
			[]string{"missing_field 资金情况!A5", "sum_mismatch 资金情况!B3", "sum_mismatch 资金情况!C3"}},
		{"total budget of 0", pipelinetest.Set("资金情况", "B3", 0), []string{"missing_field 资金情况!B3", "sum_mismatch 资金情况!B3", "sum_mismatch 资金情况!B3", "cross_table_mismatch 资金情况!B3", "execution_exceeds_budget 资金情况!C3"}},
		// No budget, no rate: a slash in the rate cell of a row without money.
		{"no rate for a row without budget", func(f *excelize.File) error {
			for cell, v := range map[string]any{"B5": 0, "C5": 0, "E5": "/"} {
				if err := f.SetCellValue("资金情况", cell, v); err != nil {
					return err
				}
			}
			return nil
		}, []string{"sum_mismatch 资金情况!B3", "sum_mismatch 资金情况!C3"}},
		{"#DIV/0! as the rate of a row without budget", func(f *excelize.File) error {
			for cell, v := range map[string]any{"B5": 0, "C5": 0} {
				if err := f.SetCellValue("资金情况", cell, v); err != nil {
					return err
				}
			}
			return f.SetCellFormula("资金情况", "E5", "C5/B5*100")
			// excelize keeps the old result, 93.76, under the new formula:
			// a saved result the formula no longer gives.
		}, []string{"sum_mismatch 资金情况!B3", "sum_mismatch 资金情况!C3", "formula_mismatch 资金情况!E5"}},
		// The rate is optional: a slash, as published forms write, leaves it
		// blank, and the rate is computed from the amounts.
		{"a slash as the rate of a row with a budget", pipelinetest.Set("资金情况", "E5", "/"), nil},
		// The amounts are required: a dash there is no number.
		{"a dash as a required amount", pipelinetest.Set("资金情况", "C5", "—"), []string{"unparseable_value 资金情况!C5"}},
		// Met in full, but the department took points off: its reason is due.
		{"self score below a full review score", pipelinetest.Set("绩效指标", "G5", 0.8), []string{"discretionary_deduction 绩效指标!H5", "self_score_mismatch 绩效指标!G5"}},
		// 95% reaches ">95%" without passing it: full points, yet missed.
		{"strict target reached only", pipelinetest.Set("绩效指标", "D46", ">95%"), []string{"missing_explanation 绩效指标!H46"}},
		{"budget reason empty", pipelinetest.Set("资金情况", "B9", ""), []string{"missing_explanation 资金情况!B9"}},
		{"self score above weight", pipelinetest.Set("绩效指标", "G3", 4), []string{"score_exceeds_weight 绩效指标!G3", "self_score_mismatch 绩效指标!G3",
			// The rows now add up to 95.44 against a declared 94.
			"declared_total_mismatch 基本信息!B10"}},
		{"self score generous", pipelinetest.Set("绩效指标", "G11", 2), []string{"self_score_mismatch 绩效指标!G11", "declared_total_mismatch 基本信息!B10"}},
		{"declared total off", pipelinetest.Set("基本信息", "B10", 90), []string{"declared_total_mismatch 基本信息!B10"}},
		{"declared total beyond every weight", pipelinetest.Set("基本信息", "B10", 101), []string{"declared_total_mismatch 基本信息!B10"}},
		// The department gives itself full marks on a missed indicator but
		// declares the total as before: its own rows add up to 95.76.
		{"self-scores do not add up to the declared total", pipelinetest.Set("绩效指标", "G45", 10), []string{
			"self_score_mismatch 绩效指标!G45", "declared_total_mismatch 基本信息!B10"}},
		{"budget self score off", pipelinetest.Set("资金情况", "F3", 10), []string{"self_score_mismatch 资金情况!F3", "declared_total_mismatch 基本信息!B10"}},
		{"weights add to 101", pipelinetest.Set("绩效指标", "F3", 4), []string{
			"weight_sum_mismatch 绩效指标!F2", "weight_sum_mismatch 绩效指标!F3", "self_score_mismatch 绩效指标!G3", "declared_total_mismatch 基本信息!B10",
			// The self-score 3 is now below the weight 4, the target met,
			// and no reason is given for the deduction.
			"discretionary_deduction 绩效指标!H3"}},
		{"fund sources do not add up", pipelinetest.Set("资金情况", "B4", 9600), []string{"sum_mismatch 资金情况!B3", "rate_mismatch 资金情况!E4",
			// The changed budget also changes the comparison with the accounts.
			"cross_table_mismatch 资金情况!B4"}},
		{"execution above budget", pipelinetest.Set("资金情况", "C7", 5200), []string{"execution_exceeds_budget 资金情况!C7",
			"sum_mismatch 资金情况!C3", "rate_mismatch 资金情况!E7", "cross_table_mismatch 资金情况!C7"}},
		{"二级 not under its 一级", pipelinetest.Set("绩效指标", "B3", "满意度指标"), []string{"unknown_level 绩效指标!B3"}},
		{"cost indicator disagrees with 资金情况", pipelinetest.Set("绩效指标", "E39", "95%"), []string{"cost_indicator_mismatch 绩效指标!E39"}},
		{"indicator row hidden", func(f *excelize.File) error { return f.SetRowVisible("绩效指标", 20, false) }, []string{"hidden_row 绩效指标!C20 info"}},
		{"year other than the template's", pipelinetest.Set("基本信息", "B5", 2021), []string{"template_version 基本信息!B5"}},
		{"goal text placeholder", pipelinetest.Set("总体目标", "B3", "无"), []string{"missing_goal_text 总体目标!B3"}},
		{"target far below actual", pipelinetest.Set("绩效指标", "E9", "60项"), []string{"target_too_low 绩效指标!D9"}},
		{"target missing", pipelinetest.Set("绩效指标", "D5", ""), []string{"missing_field 绩效指标!D5",
			// The row counts at its self-score: the total stands, provisionally.
			"provisional_score 绩效指标!G5"}},
		{"sheet deleted", func(f *excelize.File) error { return f.DeleteSheet("决算收支") }, []string{
			"missing_sheet 决算收支"}},
		{"header renamed", pipelinetest.Set("绩效指标", "D2", "目标"), []string{"missing_column 绩效指标!2:2"}},
		{"dept name missing", pipelinetest.Set("基本信息", "B3", ""), []string{"missing_field 基本信息!B3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := pipelinetest.ProcessFile(t, pipelinetest.Mutated(t, tt.change), nil)
			var added []string
			for _, f := range pipelinetest.AddedFindings(base, rep) {
				key := string(f.Code) + " " + f.Ref
				if f.Severity == finding.Info {
					key += " info"
				}
				added = append(added, key)
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

// TestTolerantReader checks that what people do to a workbook does not
// change its score: rows inserted above the table and between indicators,
// numbers typed as text, full-width characters and stray spaces, a percent
// cell holding a fraction.
func TestTolerantReader(t *testing.T) {
	base := pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, nil)
	tests := []struct {
		name   string
		change func(*excelize.File) error
	}{
		{"title rows inserted above the indicator table", func(f *excelize.File) error { return f.InsertRows("绩效指标", 1, 3) }},
		{"row inserted inside the table", func(f *excelize.File) error { return f.InsertRows("绩效指标", 10, 1) }},
		{"rows inserted above 基本信息 fields", func(f *excelize.File) error { return f.InsertRows("基本信息", 2, 2) }},
		{"weight typed as text", pipelinetest.Set("绩效指标", "F4", "1.5")},
		{"full-width digits and spaces", pipelinetest.Set("绩效指标", "E4", " ２８９种 ")},
		{"full-width operator", pipelinetest.Set("绩效指标", "D4", "＞＝290种")},
		{"amount as text with separators", pipelinetest.Set("资金情况", "B3", "10,343.6719")},
		{"rate as percent text", pipelinetest.Set("资金情况", "E3", "91.38%")},
		{"levels blank under the cell above", func(f *excelize.File) error {
			for _, c := range []string{"A4", "B4", "A5", "B5"} {
				if err := f.SetCellValue("绩效指标", c, ""); err != nil {
					return err
				}
			}
			return nil
		}},
		{"level label carries its weight", pipelinetest.Set("绩效指标", "A3", "产出指标（40分）")},
		{"levels numbered", func(f *excelize.File) error {
			for cell, v := range map[string]string{"A3": "一、产出指标", "B3": "（一）数量指标", "A40": "二、效益指标（40分）", "B40": "1. 社会效益指标"} {
				if err := f.SetCellValue("绩效指标", cell, v); err != nil {
					return err
				}
			}
			return nil
		}},
		{"percent actual stored as a fraction", func(f *excelize.File) error {
			// 96.12% typed into a percent-formatted cell is stored as 0.9612.
			st, err := f.NewStyle(&excelize.Style{NumFmt: 10})
			if err != nil {
				return err
			}
			if err := f.SetCellStyle("绩效指标", "E15", "E15", st); err != nil {
				return err
			}
			return f.SetCellDefault("绩效指标", "E15", "0.9612")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := pipelinetest.ProcessFile(t, pipelinetest.Mutated(t, tt.change), nil)
			if !rep.Total.Decimal.Equal(base.Total.Decimal) || len(rep.Indicators) != len(base.Indicators) {
				t.Errorf("total = %s over %d indicators, want %s over %d", rep.Total.Decimal, len(rep.Indicators), base.Total.Decimal, len(base.Indicators))
			}
			for i := range min(len(rep.Indicators), len(base.Indicators)) {
				g, w := rep.Indicators[i], base.Indicators[i]
				if g.Score.Decimal.Cmp(w.Score.Decimal) != 0 || g.Level1 != w.Level1 || g.Level2 != w.Level2 {
					t.Errorf("indicator %d %s: score %s level %s/%s, want %s %s/%s", i, w.Name, g.Score.Decimal, g.Level1, g.Level2, w.Score.Decimal, w.Level1, w.Level2)
				}
			}
			if rep.Status != base.Status {
				t.Errorf("status = %s, want %s; findings %v", rep.Status, base.Status, pipelinetest.FindingKeys(rep))
			}
		})
	}
}

// TestSeverityOverride: a rulebook's severity map changes a code's findings,
// but a rounding-sized difference stays info.
func TestSeverityOverride(t *testing.T) {
	rb := rulebook.DefaultRulebook()
	rb.Severity = map[finding.Code]finding.Severity{finding.SumMismatch: finding.Warning, finding.TargetTooLow: finding.Info}
	rep := pipelinetest.ProcessFile(t, pipelinetest.Mutated(t, pipelinetest.Set("资金情况", "B4", 9600)), rb)
	got := map[string]string{}
	for _, f := range rep.Findings {
		if f.Code == "sum_mismatch" || f.Code == "target_too_low" {
			got[string(f.Code)+" "+f.Ref+" "+string([]rune(f.Message)[:4])] = f.Severity.String()
		}
	}
	want := map[string]string{
		"sum_mismatch 资金情况!B3 资金来源":   "warning", // 17.6719 off: the override applies
		"sum_mismatch 资金情况!B3 资金结构":   "info",    // 0.0001 off: rounding stays info
		"sum_mismatch 资金情况!C3 资金结构":   "info",
		"sum_mismatch 决算收支!B13 按支出功":  "info",
		"target_too_low 绩效指标!D3 指标“网": "info",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: severity %q, want %q (all: %v)", k, got[k], w, got)
		}
	}
}

// TestShownAsMeant: a percent- or date-formatted number is reported as the
// percent or date the department saw in the cell, never as the stored
// fraction or serial.
func TestShownAsMeant(t *testing.T) {
	format := func(sheet, cell string, numFmt int, stored string) func(*excelize.File) error {
		return func(f *excelize.File) error {
			st, err := f.NewStyle(&excelize.Style{NumFmt: numFmt})
			if err != nil {
				return err
			}
			if err := f.SetCellStyle(sheet, cell, cell, st); err != nil {
				return err
			}
			return f.SetCellDefault(sheet, cell, stored)
		}
	}
	path := pipelinetest.Mutated(t, func(f *excelize.File) error {
		for _, change := range []func(*excelize.File) error{
			format("绩效指标", "E45", 10, "0.9"),                // 90.00%
			format("绩效指标", "E34", 14, "44931"),              // 2023-01-05
			pipelinetest.Set("绩效指标", "D34", "2022年12月31日前"), // missed by five days
			pipelinetest.Set("绩效指标", "H45", ""),
		} {
			if err := change(f); err != nil {
				return err
			}
		}
		return nil
	})
	rep := pipelinetest.ProcessFile(t, path, nil)
	actual := map[string]string{}
	for _, ind := range rep.Indicators {
		actual[ind.Ref] = ind.Actual
	}
	if got := actual["绩效指标!C45"]; got != "90%" {
		t.Errorf("actual of C45 = %q, want 90%%", got)
	}
	if got := actual["绩效指标!C34"]; got != "2023年1月5日" {
		t.Errorf("actual of C34 = %q, want 2023年1月5日", got)
	}
	var messages []string
	for _, f := range rep.Findings {
		if f.Code == "missing_explanation" {
			messages = append(messages, f.Ref+" "+f.Message)
		}
	}
	for _, want := range []string{"绩效指标!H45 ", "实际 90%，", "绩效指标!H34 ", "实际 2023年1月5日，"} {
		if !slices.ContainsFunc(messages, func(m string) bool { return strings.Contains(m, want) }) {
			t.Errorf("no missing_explanation says %q: %q", want, messages)
		}
	}
}

// TestTotalNeedsBothParts: without the budget execution score there is no
// total and no grade, and no total to hold the declared one against.
func TestTotalNeedsBothParts(t *testing.T) {
	rep := pipelinetest.ProcessFile(t, pipelinetest.Mutated(t, func(f *excelize.File) error { return f.DeleteSheet("资金情况") }), nil)
	if rep.Total.Valid || rep.ReportedTotal.Valid || rep.Grade != "" {
		t.Errorf("total %v, reported %v, grade %q; want none", rep.Total, rep.ReportedTotal, rep.Grade)
	}
	if !rep.IndicatorTotal.Valid || rep.IndicatorTotal.Decimal.String() != "87.44" {
		t.Errorf("indicator_total = %v, want 87.44", rep.IndicatorTotal)
	}
	if got := pipelinetest.FindingKeys(rep); slices.ContainsFunc(got, func(k string) bool { return strings.HasPrefix(k, "declared_total_mismatch") }) {
		t.Errorf("findings %v, want no declared_total_mismatch", got)
	}
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if want := "复核总分：无法计算（资金情况的预算执行未能评分）；已评分指标得分合计 87.44，自评总分 94\n"; !strings.Contains(b.String(), want) {
		t.Errorf("text report lacks %q:\n%s", want, b.String())
	}
}

// TestCappedTotalExplained: a declared total that misses a capped total is
// told why the total is lower than its parts.
func TestCappedTotalExplained(t *testing.T) {
	rb := rulebook.DefaultRulebook()
	rb.Total.CapByExecution = []rulebook.Cap{{Below: ratio("0.95"), Max: decimal.NewFromInt(90)}}
	rep := pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, rb)
	var msg string
	for _, f := range rep.Findings {
		if f.Code == "declared_total_mismatch" {
			msg = f.Message
		}
	}
	want := "按评分规则复核为 90 分（指标 87.44 + 预算执行 7 = 94.44，因预算执行率低于 95%，按评分规则封顶为 90 分）"
	if !strings.Contains(msg, want) {
		t.Errorf("declared_total_mismatch says %q, want it to contain %q", msg, want)
	}
	// The text report's total line adds up as well.
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if want := "复核总分：90（指标 87.44 + 预算执行 7 = 94.44；预算执行率低于 95%，按评分规则封顶 90 分），等级 优；自评总分 94\n"; !strings.Contains(b.String(), want) {
		t.Errorf("text report lacks %q:\n%s", want, b.String())
	}
}

func TestNestQuotes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"指标“交易中心开标”", "指标“交易中心开标”"},
		{"指标“建设“四级一体化政务服务平台””自评得分", "指标“建设‘四级一体化政务服务平台’”自评得分"},
		{"“A“B“C”B”A”", "“A‘B“C”B’A”"},
		{"“甲”与“乙”", "“甲”与“乙”"},
		{"只有右引号”在这里", "只有右引号”在这里"},
	}
	for _, tt := range tests {
		if got := check.NestQuotes(tt.in); got != tt.want {
			t.Errorf("check.NestQuotes(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestFloatNoiseShown: a figure a script stored through binary floating
// point is shown as the person typed it, with the way to fix it.
func TestFloatNoiseShown(t *testing.T) {
	rep := pipelinetest.ProcessFile(t, pipelinetest.Mutated(t, pipelinetest.Set("绩效指标", "E15", 0.9612000000000001)), nil)
	for _, f := range rep.Findings {
		if f.Code == "unit_mismatch" {
			if want := "实际完成值“0.9612”与年度指标值“>=95%”单位或类型不一致（无单位数字 对 百分比），无法计算完成率；如果是 96.12%，请写成“96.12%”或把单元格设为百分比格式"; !strings.Contains(f.Message, want) {
				t.Errorf("unit_mismatch says %q, want it to contain %q", f.Message, want)
			}
			return
		}
	}
	t.Errorf("no unit_mismatch: %v", pipelinetest.FindingKeys(rep))
}

// TestStatedRateAsFraction: a rate written as a fraction is the percent it
// means everywhere: in the JSON report and in the rulebook's audits, not
// only in rate_mismatch.
func TestStatedRateAsFraction(t *testing.T) {
	rb, err := rulebook.ParseRulebook("fraction.yaml", []byte(string(rulebook.DefaultRulebookYAML())+`  - id: F01
    expr: 资金情况.财政拨款.执行率 == 资金情况.财政拨款.计算执行率
    message: 财政拨款的执行率应等于计算的执行率
`))
	if err != nil {
		t.Fatal(err)
	}
	rep := pipelinetest.ProcessFile(t, pipelinetest.Mutated(t, pipelinetest.Set("资金情况", "E4", 0.912)), rb)
	if keys := pipelinetest.FindingKeys(rep); slices.ContainsFunc(keys, func(k string) bool { return strings.Contains(k, "资金情况!E4") }) {
		t.Errorf("findings at 资金情况!E4: %v", keys)
	}
	for _, row := range rep.Budget.Rows {
		if row.Name == "财政拨款" && row.StatedRate.Decimal.String() != "91.2" {
			t.Errorf("stated_rate of 财政拨款 = %v, want 91.2", row.StatedRate)
		}
	}
}

// TestOvershootExplained: points taken off for a target set far too low
// are said to be that, in the findings and in the drafted reason.
func TestOvershootExplained(t *testing.T) {
	rb := rulebook.DefaultRulebook()
	rb.Indicators.Overshoot = rulebook.Overshoot{Above: ratio("1.05"), Points: decimal.RequireFromString("0.5")}
	// 推出即办事项: >=1000项, 1054项 done (105.4%), weight 1.5, no reason.
	rep := pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, rb)
	says := map[string]string{}
	for _, f := range rep.Findings {
		if f.Ref == "绩效指标!G8" || f.Ref == "绩效指标!H8" {
			says[string(f.Code)] = f.Message
		}
	}
	for code, want := range map[string]string{
		"self_score_mismatch": "复核为 1（完成率 105.40%，超过 105%，按目标设定偏离扣 0.5 分）",
		"missing_explanation": "完成率 105.40%，超过评分规则的 105%，按目标设定偏离扣 0.5 分（",
	} {
		if !strings.Contains(says[code], want) {
			t.Errorf("%s says %q, want it to contain %q", code, says[code], want)
		}
	}
	if !strings.HasSuffix(says["missing_explanation"], "请说明目标设定偏低的原因，并在下一年度合理设定目标") {
		t.Errorf("missing_explanation asks for %q", says["missing_explanation"])
	}
	f, err := pipelinetest.OpenWorkbook(pipelinetest.SeedWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var l score.Line
	s := score.Parse(template.Read(f, template.Department))
	score.Score(s, rb)
	for _, x := range s.Lines {
		if x.Source.Name.Ref.String() == "绩效指标!C8" {
			l = x
		}
	}
	if want := "按目标设定偏离扣 0.5 分。主要由于年初目标设定＿＿＿＿（请说明目标偏低的原因），导致推出即办事项实际完成远超预期目标（1000项以上）"; !strings.Contains(draft.IndicatorReason(l), want) {
		t.Errorf("draft = %q, want it to contain %q", draft.IndicatorReason(l), want)
	}
}

// TestYuanForWanYuan: a plain number typed in 元 into a 万元 column has no
// unit to tell it by; its 10,000-fold distance from the final accounts does.
func TestYuanForWanYuan(t *testing.T) {
	for _, tt := range []struct {
		change func(*excelize.File) error
		says   string
	}{
		{pipelinetest.Set("资金情况", "B3", 103436719), "自评表的数约为决算数的 1 万倍，可能是按元填写的"},
		{pipelinetest.Set("决算收支", "B13", 94521300), "决算收支表可能是按元填写的"},
	} {
		rep := pipelinetest.ProcessFile(t, pipelinetest.Mutated(t, tt.change), nil)
		found := false
		for _, f := range rep.Findings {
			if f.Code == "cross_table_mismatch" && strings.Contains(f.Message, tt.says) {
				found = true
			}
		}
		if !found {
			t.Errorf("no cross_table_mismatch saying %q: %v", tt.says, pipelinetest.FindingKeys(rep))
		}
	}
}

// TestIndicatorCellNamed: a finding on an indicator's 分值 or 得分 names the
// indicator, not only the column.
func TestIndicatorCellNamed(t *testing.T) {
	for _, tt := range []struct {
		change func(*excelize.File) error
		code   string
		says   string
	}{
		{pipelinetest.Set("绩效指标", "G4", -0.5), "negative_amount", "“指标‘扩种扩量电子证照’的得分”为负数（-0.5）"},
		{pipelinetest.Set("绩效指标", "F4", "一分半"), "unparseable_value", "“指标‘扩种扩量电子证照’的分值”"},
		{pipelinetest.InOrder(pipelinetest.Set("绩效指标", "C4", ""), pipelinetest.Set("绩效指标", "G4", "-1")), "negative_amount", "“第 4 行的得分”为负数"},
	} {
		rep := pipelinetest.ProcessFile(t, pipelinetest.Mutated(t, tt.change), nil)
		found := false
		for _, f := range rep.Findings {
			if string(f.Code) == tt.code && strings.Contains(f.Message, tt.says) {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s saying %q: %+v", tt.code, tt.says, rep.Findings)
		}
	}
}

func ratio(s string) rulebook.Ratio { return rulebook.Ratio{Decimal: decimal.RequireFromString(s)} }
