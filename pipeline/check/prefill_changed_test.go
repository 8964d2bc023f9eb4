package check_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/template"
)

// recordPrefill records in _meta, as distribute does, that the seed's
// name, code, year and 全年预算数 of 年度资金总额 and 财政拨款 were prefilled
// with the values the seed holds.
func recordPrefill(f *excelize.File) error {
	for i, p := range []struct {
		key         template.PrefillKey
		sheet, cell string
	}{
		{template.PrefillKey{Field: "dept_name"}, "基本信息", "B3"},
		{template.PrefillKey{Field: "dept_code"}, "基本信息", "B4"},
		{template.PrefillKey{Field: "year"}, "基本信息", "B5"},
		{template.PrefillKey{BudgetRow: template.BudgetTotal, BudgetCol: template.BudgetColPlan}, "资金情况", "B3"},
		{template.PrefillKey{BudgetRow: template.BudgetFiscal, BudgetCol: template.BudgetColPlan}, "资金情况", "B4"},
	} {
		v, err := f.GetCellValue(p.sheet, p.cell, excelize.Options{RawCellValue: true})
		if err != nil {
			return err
		}
		row := strconv.Itoa(20 + i)
		if err := f.SetCellStr("_meta", "A"+row, p.key.MetaKey()); err != nil {
			return err
		}
		if err := f.SetCellStr("_meta", "B"+row, v); err != nil {
			return err
		}
	}
	return nil
}

// TestPrefillChanged: a prefilled value edited by the department is
// reported at its cell; the same value written another way is not.
func TestPrefillChanged(t *testing.T) {
	base := pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, nil)
	tests := []struct {
		name   string
		change func(*excelize.File) error
		want   []string // the prefill_changed findings, "code ref"
		others bool     // other findings follow from the change
	}{
		{"nothing changed", recordPrefill, nil, false},
		{"name written with spaces", pipelinetest.InOrder(recordPrefill, pipelinetest.Set("基本信息", "B3", " 南昌市政务服务数据管理局　")), nil, false},
		{"year written 2022年度", pipelinetest.InOrder(recordPrefill, pipelinetest.Set("基本信息", "B5", "2022年度")), nil, false},
		{"amount written with 万元", pipelinetest.InOrder(recordPrefill, pipelinetest.Set("资金情况", "B3", "10343.6719万元")), nil, false},
		{"name edited", pipelinetest.InOrder(recordPrefill, pipelinetest.Set("基本信息", "B3", "南昌市行政审批局")), []string{"prefill_changed 基本信息!B3"}, false},
		{"code edited", pipelinetest.InOrder(recordPrefill, pipelinetest.Set("基本信息", "B4", "101002")), []string{"prefill_changed 基本信息!B4"}, false},
		{"budget edited", pipelinetest.InOrder(recordPrefill, pipelinetest.Set("资金情况", "B4", "9000")), []string{"prefill_changed 资金情况!B4"}, true},
		{"budget cleared", pipelinetest.InOrder(recordPrefill, pipelinetest.Set("资金情况", "B3", "")), []string{"prefill_changed 资金情况!B3"}, true},
		// Rows inserted above: the finding follows the cell.
		{"budget edited below an inserted row", pipelinetest.InOrder(recordPrefill, func(f *excelize.File) error { return f.InsertRows("资金情况", 3, 1) },
			pipelinetest.Set("资金情况", "B5", "9000")), []string{"prefill_changed 资金情况!B5"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := pipelinetest.ProcessFile(t, pipelinetest.Mutated(t, tt.change), nil)
			var got, others []string
			for _, f := range pipelinetest.AddedFindings(base, rep) {
				if f.Code == "prefill_changed" {
					got = append(got, string(f.Code)+" "+f.Ref)
					if f.Severity.String() != "error" {
						t.Errorf("%s is %s, want error", f.Ref, f.Severity)
					}
				} else {
					others = append(others, string(f.Code)+" "+f.Ref)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("prefill_changed at %v, want %v; all findings %v", got, tt.want, pipelinetest.FindingKeys(rep))
			}
			if !tt.others && len(others) > 0 {
				t.Errorf("other findings added: %v", others)
			}
		})
	}
}
