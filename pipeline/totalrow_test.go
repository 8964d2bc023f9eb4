package pipeline_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline/pipelinetest"
)

// TestTotalRowsAndUnnamedLevels: a total row of 绩效指标 is checked against
// the indicator rows, and a level label that lost its name is reported,
// never carried in silence. The seed's indicators weigh 90 and self-score
// 87.44; its budget execution weighs 10 and self-scores 7. Each case
// expects exactly the findings the change adds to the seed's, as "code
// ref", with the severity of each, and optionally words the messages say.
func TestTotalRowsAndUnnamedLevels(t *testing.T) {
	base := pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, nil)
	tests := []struct {
		name   string
		change func(*excelize.File) error
		want   []string // "code ref severity"
		says   []string // words that some added finding's message holds
		level1 map[string]string
	}{
		{name: "合计 of the indicators", change: pipelinetest.TotalRow("47", "合计", 90, 87.44)},
		{name: "合计 with the budget execution", change: pipelinetest.TotalRow("47", "合计", 100, 94.44)},
		{name: "总分 in the 三级指标 column", change: pipelinetest.InOrder(pipelinetest.Set("绩效指标", "C47", "总 分"), pipelinetest.Set("绩效指标", "F47", "100"), pipelinetest.Set("绩效指标", "G47", "94.44"))},
		{name: "合计 merged across the text columns", change: pipelinetest.InOrder(pipelinetest.TotalRow("47", "合计", 90, 87.44),
			func(f *excelize.File) error { return f.MergeCell("绩效指标", "A47", "E47") })},
		{name: "total cells blank", change: pipelinetest.TotalRow("47", "合计", nil, nil)},
		{name: "only the 分值 total filled", change: pipelinetest.TotalRow("47", "合计", 100, nil)},
		{name: "合计 in points with its unit", change: pipelinetest.TotalRow("47", "合计", "100分", "94.44分")},
		{name: "得分 total rounded to whole points", change: pipelinetest.TotalRow("47", "合计", 100, 94),
			want: []string{"sum_mismatch 绩效指标!G47 info"}, says: []string{"属四舍五入", "94.44"}},
		{name: "wrong totals", change: pipelinetest.TotalRow("47", "合计", 100, 99),
			want: []string{"sum_mismatch 绩效指标!G47 error"}, says: []string{"合计行的得分为 99", "87.44", "94.44"}},
		{name: "neither sum", change: pipelinetest.TotalRow("47", "总计", 99, 95),
			want: []string{"sum_mismatch 绩效指标!F47 error", "sum_mismatch 绩效指标!G47 error"}, says: []string{"总计行的分值为 99，相差 1"}},
		{name: "zeros", change: pipelinetest.TotalRow("47", "合计", 0, 0),
			want: []string{"sum_mismatch 绩效指标!F47 error", "sum_mismatch 绩效指标!G47 error"}, says: []string{"合计行的分值为 0，相差 90"}},
		// The seed's own finding on the first indicator moves down a row.
		{name: "zeros above filled rows", change: pipelinetest.InOrder(func(f *excelize.File) error { return f.InsertRows("绩效指标", 3, 1) }, pipelinetest.TotalRow("3", "合计", 0, 0)),
			want: []string{"sum_mismatch 绩效指标!F3 error", "sum_mismatch 绩效指标!G3 error", "target_too_low 绩效指标!D4 warning"}},

		// 小计 rows sum one 一级指标: 产出指标 weighs 40, 满意度指标 10.
		{name: "小计 of a 一级 named in column A", change: pipelinetest.InOrder(func(f *excelize.File) error { return f.InsertRows("绩效指标", 40, 1) }, pipelinetest.TotalRow("40", "产出指标小计", 40, nil))},
		{name: "小计 of a 一级 with a wrong weight", change: pipelinetest.InOrder(func(f *excelize.File) error { return f.InsertRows("绩效指标", 40, 1) }, pipelinetest.TotalRow("40", "产出指标小计", 45, nil)),
			want: []string{"sum_mismatch 绩效指标!F40 error"}, says: []string{"产出指标各指标分值之和为 40，产出指标小计行的分值为 45，相差 5"}},
		{name: "小计 in the 三级指标 column under the last 一级", change: pipelinetest.InOrder(pipelinetest.Set("绩效指标", "C47", "小计"), pipelinetest.Set("绩效指标", "F47", 10))},
		{name: "小计 in the 三级指标 column, wrong", change: pipelinetest.InOrder(pipelinetest.Set("绩效指标", "C47", "小计"), pipelinetest.Set("绩效指标", "F47", 12)),
			want: []string{"sum_mismatch 绩效指标!F47 error"}, says: []string{"满意度指标各指标分值之和为 10"}},
		// 数量指标 (rows 3–14) weighs 16 and self-scores 14.76.
		{name: "小计 of a 二级 beside it", change: pipelinetest.InOrder(func(f *excelize.File) error { return f.InsertRows("绩效指标", 15, 1) },
			pipelinetest.Set("绩效指标", "A15", "产出指标"), pipelinetest.Set("绩效指标", "B15", "数量指标"), pipelinetest.Set("绩效指标", "C15", "小计"), pipelinetest.Set("绩效指标", "F15", 16), pipelinetest.Set("绩效指标", "G15", 14.76))},
		{name: "小计 naming a 二级", change: pipelinetest.InOrder(func(f *excelize.File) error { return f.InsertRows("绩效指标", 15, 1) },
			pipelinetest.Set("绩效指标", "C15", "数量指标小计"), pipelinetest.Set("绩效指标", "F15", 16), pipelinetest.Set("绩效指标", "G15", 15.26)),
			want: []string{"sum_mismatch 绩效指标!G15 error"}, says: []string{"数量指标各指标得分之和为 14.76"}},
		// A bare 小计 sums the rows above it back to the previous total,
		// never the rows below, whatever the 一级 column says.
		{name: "bare 小计 after the 数量指标 rows", change: pipelinetest.InOrder(func(f *excelize.File) error { return f.InsertRows("绩效指标", 15, 1) },
			pipelinetest.Set("绩效指标", "A15", "产出指标"), pipelinetest.Set("绩效指标", "C15", "小计"), pipelinetest.Set("绩效指标", "F15", 16), pipelinetest.Set("绩效指标", "G15", 14.76))},
		{name: "小计 in the 二级 column", change: pipelinetest.InOrder(func(f *excelize.File) error { return f.InsertRows("绩效指标", 15, 1) },
			pipelinetest.Set("绩效指标", "B15", "数量指标小计"), pipelinetest.Set("绩效指标", "F15", 16), pipelinetest.Set("绩效指标", "G15", 14.76))},
		{name: "一级 label only its weight", change: pipelinetest.Set("绩效指标", "A40", "（40分）"),
			want: []string{"unknown_level 绩效指标!A40 warning"}, says: []string{"只填了“（40分）”", "推定为“效益指标”"},
			level1: map[string]string{"绩效指标!C40": "效益指标"}},
		{name: "一级 label only its weight, half-width", change: pipelinetest.Set("绩效指标", "A40", "(40分)"),
			want: []string{"unknown_level 绩效指标!A40 warning"}, level1: map[string]string{"绩效指标!C40": "效益指标"}},
		{name: "一级 label only its weight, merged over its group", change: pipelinetest.InOrder(pipelinetest.Set("绩效指标", "A40", "（40分）"),
			func(f *excelize.File) error { return f.MergeCell("绩效指标", "A40", "A45") }),
			want:   []string{"unknown_level 绩效指标!A40 warning"},
			level1: map[string]string{"绩效指标!C40": "效益指标", "绩效指标!C45": "效益指标"}},
		{name: "heading row only its weight, levels blank below", change: pipelinetest.InOrder(
			func(f *excelize.File) error { return f.InsertRows("绩效指标", 40, 1) },
			pipelinetest.Set("绩效指标", "A40", "（40分）"),
			pipelinetest.Set("绩效指标", "A41", ""), pipelinetest.Set("绩效指标", "A42", ""), pipelinetest.Set("绩效指标", "A43", ""), pipelinetest.Set("绩效指标", "A44", ""), pipelinetest.Set("绩效指标", "A45", ""), pipelinetest.Set("绩效指标", "A46", "")),
			want: []string{"unknown_level 绩效指标!A40 warning"}, says: []string{"已按第 41 行的二级指标“社会效益指标”推定为“效益指标”"},
			level1: map[string]string{"绩效指标!C41": "效益指标", "绩效指标!C46": "效益指标"}},
		// Without a 二级 of its own there is nothing to infer from: the 一级
		// of the row above is carried, as before, and its weights no
		// longer add up, but the label is reported where it was written,
		// not blamed on the 二级 cell.
		{name: "一级 label only its weight, 二级 blank", change: pipelinetest.InOrder(pipelinetest.Set("绩效指标", "A40", "（40分）"), pipelinetest.Set("绩效指标", "B40", "")),
			want: []string{"unknown_level 绩效指标!A40 warning", "weight_sum_mismatch 绩效指标!F3 error", "weight_sum_mismatch 绩效指标!F41 error"},
			says: []string{"暂按上一行的一级指标“产出指标”计分"}, level1: map[string]string{"绩效指标!C40": "产出指标"}},
		{name: "二级 label only its weight", change: pipelinetest.Set("绩效指标", "B4", "(20分)"),
			want: []string{"unknown_level 绩效指标!B4 warning"}, says: []string{"二级指标只填了“(20分)”", "数量指标"}},
		{name: "二级 label carries its weight", change: pipelinetest.Set("绩效指标", "B3", "数量指标（20分）")},
		{name: "一级 heading carries its weight, levels blank below", change: pipelinetest.InOrder(
			func(f *excelize.File) error { return f.InsertRows("绩效指标", 40, 1) },
			pipelinetest.Set("绩效指标", "A40", "效益指标（40分）"), pipelinetest.Set("绩效指标", "A41", ""), pipelinetest.Set("绩效指标", "A42", "")),
			level1: map[string]string{"绩效指标!C41": "效益指标"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := pipelinetest.ProcessFile(t, pipelinetest.Mutated(t, tt.change), nil)
			var added []string
			var messages []string
			for _, f := range pipelinetest.AddedFindings(base, rep) {
				added = append(added, string(f.Code)+" "+f.Ref+" "+f.Severity.String())
				messages = append(messages, f.Message)
			}
			slices.Sort(added)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(added, want) {
				t.Errorf("added findings:\n  %v\nwant:\n  %v\nmessages: %q", added, want, messages)
			}
			for _, w := range tt.says {
				if !slices.ContainsFunc(messages, func(m string) bool { return strings.Contains(m, w) }) {
					t.Errorf("no added finding says %q: %q", w, messages)
				}
			}
			level1 := map[string]string{}
			for _, ind := range rep.Indicators {
				level1[ind.Ref] = ind.Level1
			}
			for ref, w := range tt.level1 {
				if level1[ref] != w {
					t.Errorf("level1 of %s = %q, want %q", ref, level1[ref], w)
				}
			}
			if len(rep.Indicators) != len(base.Indicators) {
				t.Errorf("%d indicators, want %d", len(rep.Indicators), len(base.Indicators))
			}
		})
	}
}
