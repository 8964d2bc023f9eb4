package check_test

import (
	"strings"
	"testing"

	"github.com/perfeval/perfeval/pipeline/pipelinetest"
)

// TestUnnamedIndicatorTitled: an indicator whose 三级指标 name is blank is
// named by its row in every message, never as 指标“”.
func TestUnnamedIndicatorTitled(t *testing.T) {
	// 扩种扩量电子证照 (row 4): 289 of 290, short of full marks.
	rep := pipelinetest.ProcessFile(t, pipelinetest.Mutated(t, pipelinetest.InOrder(pipelinetest.Set("绩效指标", "C4", ""), pipelinetest.Set("绩效指标", "H4", ""))), nil)
	seen := map[string]bool{}
	for _, f := range rep.Findings {
		if strings.Contains(f.Message, "指标“”") {
			t.Errorf("%s at %s names no indicator: %s", f.Code, f.Ref, f.Message)
		}
		if f.Ref == "绩效指标!C4" || f.Ref == "绩效指标!H4" {
			seen[string(f.Code)] = strings.Contains(f.Message, "指标“第 4 行”")
		}
	}
	for _, code := range []string{"missing_field", "missing_explanation"} {
		if !seen[code] {
			t.Errorf("no %s naming 指标“第 4 行”: %v", code, pipelinetest.FindingKeys(rep))
		}
	}
}
