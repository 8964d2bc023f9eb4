package check_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/rulebook"
)

// TestNoBudgetScore: with budget.weight: 0 the rulebook asks for no
// budget score, so a form that leaves the budget's 分值 and 得分 blank is
// not told to fill them, and the total is the indicators'.
func TestNoBudgetScore(t *testing.T) {
	rb, err := rulebook.ParseRulebook("w0.yaml", []byte(`id: w0
name: 不计预算执行分
levels:
  产出指标: {weight: 50, children: [数量指标, 质量指标, 时效指标, 成本指标]}
  效益指标: {weight: 40, children: [经济效益指标, 社会效益指标, 生态效益指标, 可持续影响指标]}
  满意度指标: {weight: 10, children: [满意度指标]}
budget:
  weight: 0
  method: proportional
`))
	if err != nil {
		t.Fatal(err)
	}
	path := pipelinetest.Mutated(t, pipelinetest.InOrder(pipelinetest.Set("资金情况", "D3", ""), pipelinetest.Set("资金情况", "F3", "")))
	rep := pipelinetest.ProcessFile(t, path, rb)
	keys := pipelinetest.FindingKeys(rep)
	for _, k := range []string{"missing_field 资金情况!D3", "missing_field 资金情况!F3"} {
		if slices.Contains(keys, k) {
			t.Errorf("%s reported under budget.weight: 0: %v", k, keys)
		}
	}
	if !rep.Budget.Score.Valid || !rep.Budget.Score.Decimal.IsZero() {
		t.Errorf("budget score = %s, want 0", rep.Budget.Score.Decimal)
	}
}

// TestBudgetAdjusted: a project whose 全年预算数 moved more than 20% from its
// 年初预算数 is noted at the 全年预算数; within 20% it is not.
func TestBudgetAdjusted(t *testing.T) {
	path := filepath.Join(pipelinetest.Samples, "project", "zhongjiang-2022.xlsx")
	rb := rulebook.DefaultFor("project")
	for _, tc := range []struct {
		initial string
		want    bool
	}{{"26", true}, {"24", false}, {"15", true}, {"", false}} {
		in := pipelinetest.MutatedFrom(t, path, pipelinetest.Set("资金情况", "B3", tc.initial))
		got := slices.Contains(pipelinetest.FindingKeys(pipelinetest.ProcessFile(t, in, rb)), "budget_adjusted 资金情况!C3")
		if got != tc.want {
			t.Errorf("年初预算数 %q against 全年 20: noted %v, want %v", tc.initial, got, tc.want)
		}
	}
}
