package check

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/template"
)

// DeclaredTotalMismatch reports a declared total (自评总分) that the form
// cannot support: one above every weight added up, one that is neither the
// computed total nor the department's own self-scores added up (within the
// score tolerance, or rounded to the rulebook's declared places).
var DeclaredTotalMismatch = &Check{
	Name:  "declared_total_mismatch",
	Codes: []finding.Code{finding.DeclaredTotalMismatch},
	Forms: allForms,
	Run:   runDeclaredTotalMismatch,
}

func runDeclaredTotalMismatch(p *Pass) error {
	s, rb := p.Form, p.Rules
	d, ok := s.Numbers["declared_total"]
	if !ok || !d.OK {
		return nil
	}
	matches := func(x decimal.Decimal) bool {
		return d.Value.Sub(x).Abs().LessThanOrEqual(rb.Tolerances.Score) || d.Value.Equal(x.Round(rb.Total.DeclaredPlaces))
	}
	// What the rows allow: every weight, and the department's own scores.
	reach, selfSum, selfOK := decimal.Zero, decimal.Zero, len(s.Lines) > 0
	for _, l := range s.Lines {
		reach = reach.Add(l.Weight.Value)
		selfSum = selfSum.Add(l.SelfScore.Value)
		selfOK = selfOK && l.SelfScore.OK
	}
	if !rb.Total.ExcludeBudget {
		budgetWeight := rb.Budget.Weight
		if b, ok := s.BudgetLine(template.BudgetTotal); ok {
			if b.Weight.OK {
				budgetWeight = b.Weight.Value
			}
			selfSum = selfSum.Add(b.SelfScore.Value)
			selfOK = selfOK && b.SelfScore.OK
		} else {
			selfOK = false // the budget self-score is part of the sum
		}
		reach = reach.Add(budgetWeight)
	}
	// reviewed states the computed total and how it was made up.
	reviewed := func() string {
		if s.Capped && rb.Total.ExcludeBudget {
			return fmt.Sprintf("%s 分（各指标得分之和 %s，因预算执行率低于 %s%%，按评分规则封顶为 %s 分）",
				s.Total, s.Uncapped, s.CapBelow.Mul(hundred), s.CapMax)
		}
		if s.Capped {
			return fmt.Sprintf("%s 分（指标 %s + 预算执行 %s = %s，因预算执行率低于 %s%%，按评分规则封顶为 %s 分）",
				s.Total, s.IndicatorTotal, s.BudgetScore, s.Uncapped, s.CapBelow.Mul(hundred), s.CapMax)
		}
		if rb.Total.ExcludeBudget {
			return fmt.Sprintf("%s 分（各指标得分之和，按评分规则不含预算执行得分）", s.Total)
		}
		return fmt.Sprintf("%s 分（指标 %s + 预算执行 %s）", s.Total, s.IndicatorTotal, s.BudgetScore)
	}
	switch {
	case len(s.Lines) > 0 && d.Value.Sub(reach).GreaterThan(rb.Tolerances.Score):
		msg := fmt.Sprintf("自评总分填写 %s 分，但各指标分值与预算执行分值合计只有 %s 分，各行得分不可能达到", d.Value, reach)
		if s.TotalOK {
			msg += "；复核总分为 " + reviewed()
		}
		p.Reportf(finding.DeclaredTotalMismatch, d.Cell.Ref, "%s", msg)
	case s.TotalOK && !matches(s.Total) && selfOK && !matches(selfSum):
		p.Reportf(finding.DeclaredTotalMismatch, d.Cell.Ref, "自评总分填写 %s 分，按评分规则复核为 %s，各行自评得分合计为 %s 分，都不一致；请核实", d.Value, reviewed(), selfSum)
	case s.TotalOK && !matches(s.Total):
		p.Reportf(finding.DeclaredTotalMismatch, d.Cell.Ref, "自评总分填写 %s 分，按评分规则复核为 %s；请核实", d.Value, reviewed())
	case selfOK && !matches(selfSum) && s.TotalOK:
		p.ReportSevf(finding.DeclaredTotalMismatch, finding.Warning, d.Cell.Ref, "自评总分填写 %s 分，与各行自评得分合计 %s 分不一致（复核总分 %s 分与自评总分相符）；请核对自评得分的加总", d.Value, selfSum, s.Total)
	case selfOK && !matches(selfSum):
		// Without a reviewed total, the department's own rows are all there
		// is to compare with.
		p.ReportSevf(finding.DeclaredTotalMismatch, finding.Warning, d.Cell.Ref, "自评总分填写 %s 分，与各行自评得分合计 %s 分不一致；请核对自评得分的加总", d.Value, selfSum)
	}
	return nil
}
