package pipeline

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/template"
)

// SumMismatch reports parts that do not add up to their total: fund sources
// and the expenditure structure in 资金情况 (both columns), the 决算收支
// subtotals and breakdowns, and the staffing and asset figures of 基本信息.
// A difference within the amount tolerance is rounding and only info.
var SumMismatch = &Check{
	Name:  "sum_mismatch",
	Codes: []string{"sum_mismatch"},
	Run:   runSumMismatch,
}

func runSumMismatch(p *Pass) error {
	s := p.Sheet
	tol := p.Rules.Tolerances.Amount
	line := func(key string) BudgetLine { b, _ := s.BudgetLine(key); return b }
	total, fiscal, other, basic, project := line(template.BudgetTotal), line(template.BudgetFiscal), line(template.BudgetOther), line(template.BudgetBasic), line(template.BudgetProject)
	for _, col := range []struct {
		name string
		get  func(BudgetLine) Number
	}{
		{"全年预算数", func(b BudgetLine) Number { return b.Budget }},
		{"全年执行数", func(b BudgetLine) Number { return b.Execution }},
	} {
		compareSum(p, col.get(total), []Number{col.get(fiscal), col.get(other)}, tol, "资金来源（财政拨款 + 其他资金）的"+col.name, "年度资金总额")
		compareSum(p, col.get(total), []Number{col.get(basic), col.get(project)}, tol, "资金结构（基本支出 + 项目支出）的"+col.name, "年度资金总额")
	}
	n := func(key string) Number { return s.Numbers[key] }
	compareSum(p, n("income_total"), []Number{n("income_general"), n("income_fund"), n("income_other")}, tol, "本年收入各项之和", "本年收入合计")
	compareSum(p, n("exp_basic"), []Number{n("exp_personnel"), n("exp_public")}, tol, "人员经费 + 公用经费", "基本支出合计")
	compareSum(p, n("exp_total"), []Number{n("exp_basic"), n("exp_project")}, tol, "基本支出合计 + 项目支出", "本年支出合计")
	for _, bd := range s.Form.Layout.Accounts.Breakdowns {
		var parts []Number
		for _, it := range s.Breakdowns[bd.Key] {
			parts = append(parts, it.Amount)
		}
		compareSum(p, n("exp_total"), parts, tol, strings.TrimSuffix(bd.Label, "划分")+"各科目之和", "本年支出合计")
	}
	compareSum(p, n("assets_total"), []Number{n("assets_current"), n("assets_noncurrent")}, tol, "流动资产 + 非流动资产", "资产总额")
	compareSum(p, n("staff_authorized"), []Number{n("staff_authorized_admin"), n("staff_authorized_inst")}, decimal.Zero, "行政编制 + 事业编制", "核定编制")
	compareSum(p, n("staff_actual"), []Number{n("staff_actual_admin"), n("staff_actual_worker"), n("staff_actual_inst")}, decimal.Zero, "行政人员 + 工勤人员 + 事业人员", "实有人数")
	return nil
}

// compareSum reports at the total's cell when the usable parts do not add up
// to it. Nothing is reported when the total or every part is missing: the
// missing cells have their own findings.
func compareSum(p *Pass, total Number, parts []Number, tol decimal.Decimal, partsLabel, totalLabel string) {
	if !total.OK {
		return
	}
	sum, used := decimal.Zero, 0
	places := decimalPlaces(total.Value)
	for _, part := range parts {
		if part.OK {
			sum = sum.Add(part.Value)
			places = max(places, decimalPlaces(part.Value))
			used++
		} else if part.Err != "" || part.Unit != "" {
			return // an unusable part is reported elsewhere; its sum would mislead
		}
	}
	if used == 0 {
		return
	}
	diff := sum.Sub(total.Value)
	if diff.IsZero() {
		return
	}
	args := []any{partsLabel, sum.StringFixed(places), totalLabel, total.Value.StringFixed(places), diff.Abs().StringFixed(places)}
	if diff.Abs().LessThanOrEqual(tol) {
		p.ReportRoundingf("sum_mismatch", total.Cell.Ref, "%s为 %s，%s为 %s，相差 %s；差额在尾差范围内，属四舍五入", args...)
		return
	}
	p.Reportf("sum_mismatch", total.Cell.Ref, "%s为 %s，%s为 %s，相差 %s；请核对各分项和合计数", args...)
}

// decimalPlaces returns how many decimals a figure was written with, so a
// sum is shown as precisely as its parts (10343.6720, not 10343.672).
func decimalPlaces(d decimal.Decimal) int32 {
	return max(0, -d.Exponent())
}
