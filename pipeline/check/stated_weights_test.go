package check_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/rulebook"
)

// TestStatedLevelWeights reads the weights a form states for its levels,
// 产出指标（70分）, 效益指标（20分), 满意度指标（10分) on the published 中江
// form: held to the rulebook's fixed weights they are wrong; within a
// rulebook's bounds they are the weights the rows must add up to.
func TestStatedLevelWeights(t *testing.T) {
	path := filepath.Join(pipelinetest.Samples, "project", "zhongjiang-2022.xlsx")
	fixed := pipelinetest.FindingKeys(pipelinetest.ProcessFile(t, path, rulebook.DefaultFor("project")))
	for _, want := range []string{"weight_sum_mismatch 绩效指标!A3", "weight_sum_mismatch 绩效指标!F3"} {
		if !slices.Contains(fixed, want) {
			t.Errorf("under fixed weights 50/30/10: no %s in %v", want, fixed)
		}
	}
	rb, err := rulebook.ParseRulebook("bounds.yaml", []byte(`id: bounds
name: 分值可调
form: project
levels:
  产出指标: {weight: 50, min: 40, max: 70, children: [数量指标, 质量指标, 时效指标, 成本指标]}
  效益指标: {weight: 30, min: 20, max: 40, children: [经济效益指标, 社会效益指标, 生态效益指标, 可持续影响指标]}
  满意度指标: {weight: 10, children: [服务对象满意度指标, 满意度指标]}
total:
  exclude_budget: false
`))
	if err != nil {
		t.Fatal(err)
	}
	bounded := pipelinetest.FindingKeys(pipelinetest.ProcessFile(t, path, rb))
	for _, k := range bounded {
		switch k {
		case "weight_sum_mismatch 绩效指标!A3", "weight_sum_mismatch 绩效指标!F3", "weight_sum_mismatch 绩效指标!F10":
			t.Errorf("within bounds, the stated weights stand; got %s", k)
		}
	}
	// The total is still 110 with the budget: that stays wrong.
	if !slices.Contains(bounded, "weight_sum_mismatch 绩效指标!F2") {
		t.Errorf("the 110-point total went unreported: %v", bounded)
	}
	if _, err := rulebook.ParseRulebook("bad.yaml", []byte("id: b\nname: b\nform: project\nlevels:\n  产出指标: {weight: 50, min: 60, max: 70, children: [数量指标]}\n  效益指标: {weight: 30, children: [社会效益指标]}\n  满意度指标: {weight: 10, children: [满意度指标]}\n")); err == nil {
		t.Error("a range that leaves out the weight was accepted")
	}
}
