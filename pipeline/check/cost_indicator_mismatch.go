package check

import (
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/pipeline/value"
	"github.com/perfeval/perfeval/template"
)

// CostIndicatorMismatch reports a cost indicator that states the budget
// completion rate (部门预算完成率, 预算执行率) differently from the rate
// computed from 资金情况.
var CostIndicatorMismatch = &Check{
	Name:  "cost_indicator_mismatch",
	Codes: []finding.Code{finding.CostIndicatorMismatch},
	Forms: allForms,
	Run:   runCostIndicatorMismatch,
}

func runCostIndicatorMismatch(p *Pass) error {
	total, ok := p.Form.BudgetLine(template.BudgetTotal)
	if !ok || !total.RateOK {
		return nil
	}
	rate := total.RatePercent()
	for _, l := range p.Form.Lines {
		if l.ActualFromBudget {
			p.ReportSevf(finding.CostIndicatorMismatch, finding.Info, l.Actual.Cell.Ref, "指标“%s”的实际完成值未填写，已按资金情况计算的预算执行率 %s%%（%s ÷ %s）复核；请填写该执行率", l.Title(), rate, total.Execution.Value, total.Budget.Value)
			continue
		}
		if !score.IsBudgetRateIndicator(l.Name) || !l.Actual.OK || l.Actual.Value.Kind != value.Percent {
			continue
		}
		if l.Actual.Value.Num.Sub(rate).Abs().GreaterThan(p.Rules.Tolerances.Rate) {
			p.Reportf(finding.CostIndicatorMismatch, l.Actual.Cell.Ref, "成本指标“%s”实际完成值 %s，与资金情况计算的预算执行率 %s%%（%s ÷ %s）不一致；请核对", l.Title(), l.Actual.Shown(), rate, total.Execution.Value, total.Budget.Value)
		}
	}
	return nil
}
