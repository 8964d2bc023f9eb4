package template

import (
	"strings"
	"testing"
)

// TestGuideRequiredMarks: the 必填 column of 填报说明 says 是 for what is
// always required and 见说明 for what is required only in the case its
// explanation names, as the checks enforce them.
func TestGuideRequiredMarks(t *testing.T) {
	f, err := Generate(Department, &Data{Year: 2022})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(Department.GuideSheet)
	if err != nil {
		t.Fatal(err)
	}
	got := map[[2]string]string{}
	for _, r := range rows {
		if len(r) >= 3 {
			mark := ""
			if len(r) >= 4 {
				mark = r[3]
			}
			// The guide breaks its texts into printed lines.
			got[[2]string{r[0], strings.ReplaceAll(r[1], "\n", "")}] = mark
		}
	}
	for item, want := range map[[2]string]string{
		{"资金情况", "全年预算数（万元）"}:        "是",
		{"资金情况", "分值"}:               "见说明",
		{"资金情况", "得分"}:               "见说明",
		{"资金情况", "预算执行率偏差原因分析及改进措施"}: "见说明",
		{"绩效指标", "三级指标"}:             "是",
		{"绩效指标", "偏差原因分析及改进措施"}:      "见说明",
		{"基本信息", "填报人"}:              "",
		{"总体目标", "预期目标"}:             "是",
	} {
		if mark, ok := got[item]; !ok || mark != want {
			t.Errorf("填报说明 %s·%s 必填 = %q (listed %v), want %q", item[0], item[1], mark, ok, want)
		}
	}
}
