package roster_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline/roster"
	"github.com/perfeval/perfeval/template"
)

// TestWriteBlank: the empty roster reads back as a roster with every
// column, the five budget columns included, no department and no finding;
// filled in, its rows are read, a code keeping its leading zeros.
func TestWriteBlank(t *testing.T) {
	path := filepath.Join(t.TempDir(), "名单.xlsx")
	if err := roster.WriteBlank(path); err != nil {
		t.Fatal(err)
	}
	r, fs, err := roster.Read(path)
	if err != nil || r == nil || len(fs) > 0 {
		t.Fatalf("Read(blank) = %v, %v, %v", r, fs, err)
	}
	want := []string{template.BudgetTotal, template.BudgetFiscal, template.BudgetOther, template.BudgetBasic, template.BudgetProject}
	if len(r.Departments) != 0 || !slices.Equal(r.BudgetKeys, want) {
		t.Errorf("blank roster: %d departments, budget keys %v", len(r.Departments), r.BudgetKeys)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for cell, v := range map[string]string{"A2": "001001", "B2": "甲局", "C2": "张三", "D2": "a@example.gov.cn", "F2": "100.5"} {
		if err := f.SetCellStr(roster.BlankSheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	r, fs, err = roster.Read(path)
	if err != nil || len(fs) > 0 || len(r.Departments) != 1 {
		t.Fatalf("filled roster: %v, %v, %v", r, fs, err)
	}
	if d := r.Departments[0]; d.Code != "001001" || d.Budgets[template.BudgetTotal].String() != "100.5" {
		t.Errorf("department %+v", d)
	}
}
