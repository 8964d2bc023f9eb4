package check_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/perfeval/perfeval/pipeline/pipelinetest"
)

// TestMacroPresent: a workbook that carries a macro is checked as any
// other, and the macro is pointed out once, about the whole file.
func TestMacroPresent(t *testing.T) {
	base := pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, nil)
	rep := pipelinetest.ProcessFile(t, filepath.Join(pipelinetest.Samples, "bad", "macro.xlsm"), nil)
	added := pipelinetest.AddedFindings(base, rep)
	if len(added) != 1 || added[0].Code != "macro_present" || added[0].Ref != "" || added[0].Severity.String() != "warning" {
		t.Fatalf("added findings %+v, want one macro_present warning about the whole file", added)
	}
	for _, want := range []string{"VBA", "功能区按钮", "没有运行", "批注版中不保留", "另存为", ".xlsx"} {
		if !strings.Contains(added[0].Message, want) {
			t.Errorf("message %q does not say %q", added[0].Message, want)
		}
	}
	if rep.Total.Decimal.String() != "94.44" {
		t.Errorf("total %v, want the seed's 94.44", rep.Total)
	}
}
