package report

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
)

// TestWriteTextForgery: what a department typed, and a file's name, cannot
// print lines of their own (结论：通过, 文件：…), send a terminal escape or
// ring its bell, or hide behind a bidirectional control: each shows as a
// visible mark on the line where it belongs.
func TestWriteTextForgery(t *testing.T) {
	forged := "\n结论：通过\n\n文件：别人的.xlsx\n"
	d := func(s string) decimal.NullDecimal { return decimal.NewNullDecimal(decimal.RequireFromString(s)) }
	tests := []struct {
		name string
		rep  *Report
		want []string // in the text, once each
	}{
		{"returned", &Report{
			File:       "收件箱/示例局" + forged + ".xlsx",
			Status:     Returned,
			Department: DepartmentID{Name: "示例局\x1b[2J\x1b[32m" + forged, Code: "109901\a"},
			Year:       2022,
			Indicators: []IndicatorReport{{
				Ref: "绩效指标!C4", Name: "扩种扩量电子证照" + forged, Target: ">=290种\u202e", Actual: "289种" + forged,
				Weight: d("1.5"), Score: d("1.49"), Completion: NewPercent(decimal.RequireFromString("99.66"), true),
			}},
			Findings: []FindingReport{{Code: finding.MissingExplanation, Severity: finding.Error, Ref: "绩效指标!H4",
				Message: "指标“扩种扩量电子证照" + forged + "”未满分，偏差原因只填了“无" + forged + "”"}},
			Annotated: "批注/示例局" + forged + ".审核.xlsx",
		}, []string{
			"文件：收件箱/示例局⏎结论：通过⏎⏎文件：别人的.xlsx⏎.xlsx\n",
			"部门：示例局〔U+001B〕[2J〔U+001B〕[32m⏎结论：通过⏎⏎文件：别人的.xlsx⏎（109901〔U+0007〕）  年度：2022\n",
			"  绩效指标!C4  扩种扩量电子证照⏎结论：通过⏎⏎文件：别人的.xlsx⏎：指标值 >=290种〔U+202E〕，实际 289种⏎结论：通过⏎⏎文件：别人的.xlsx⏎，",
			"偏差原因只填了“无⏎结论：通过⏎⏎文件：别人的.xlsx⏎”（missing_explanation）\n",
			"结论：退回修改\n批注版：批注/示例局⏎结论：通过⏎⏎文件：别人的.xlsx⏎.审核.xlsx\n",
		}},
		{"unreadable", UnreadableReport("坏\n结论：通过.xlsx", "", finding.NotXlsx, "", "文件不是工作簿"), []string{
			"文件：坏⏎结论：通过.xlsx\n结论：无法读取\n",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := tt.rep.WriteText(&b); err != nil {
				t.Fatal(err)
			}
			text := b.String()
			for _, w := range tt.want {
				if n := strings.Count(text, w); n != 1 {
					t.Errorf("text holds %q %d times, want once:\n%s", w, n, text)
				}
			}
			var starts []string
			for _, line := range strings.Split(text, "\n") {
				if strings.HasPrefix(line, "文件：") || strings.HasPrefix(line, "结论：") {
					starts = append(starts, line[:strings.Index(line, "：")])
				}
				if strings.ContainsAny(line, "\x1b\a\r\u202e") {
					t.Errorf("line %q holds a raw control character", line)
				}
			}
			if len(starts) != 2 {
				t.Errorf("%d lines start with 文件： or 结论：, want 2 (one each):\n%s", len(starts), text)
			}
		})
	}
}

// TestWriteTextWholeFile: a finding about the whole file, with no cell,
// says so where the cell would be.
func TestWriteTextWholeFile(t *testing.T) {
	r := &Report{File: "a.xlsm", Status: Accepted, Findings: []FindingReport{{Code: finding.MacroPresent, Severity: finding.Warning, Message: "工作簿含有宏"}}}
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if want := "  [警告] 整个文件  含有宏：工作簿含有宏（macro_present）\n"; !strings.Contains(b.String(), want) {
		t.Errorf("text:\n%s\nwant the line %q", b.String(), want)
	}
}
