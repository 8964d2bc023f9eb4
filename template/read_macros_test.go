package template

import (
	"slices"
	"testing"
)

// TestReadMacros: the form says which parts of the workbook carry macros,
// and nothing for a workbook without them.
func TestReadMacros(t *testing.T) {
	if got := openBad(t, "macro.xlsm").Macros; !slices.Contains(got, "xl/vbaProject.bin") || !slices.Contains(got, "customUI/customUI.xml") {
		t.Errorf("Macros of macro.xlsm = %q, want the VBA project and the ribbon among them", got)
	}
	if got := openBad(t, "blank-rows.xlsx").Macros; got != nil {
		t.Errorf("Macros of blank-rows.xlsx = %q, want none", got)
	}
}
