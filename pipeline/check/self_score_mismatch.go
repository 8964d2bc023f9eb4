package check

import (
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
)

// SelfScoreMismatch reports self-scores that differ from the rulebook's score
// by more than the score tolerance. Departments may deduct at their own
// discretion, so this is a warning, not an arithmetic error.
var SelfScoreMismatch = &Check{
	Name:  "self_score_mismatch",
	Codes: []finding.Code{finding.SelfScoreMismatch},
	Forms: allForms,
	Run:   runSelfScoreMismatch,
}

func runSelfScoreMismatch(p *Pass) error {
	tol := p.Rules.Tolerances.Score
	for _, l := range p.Form.Lines {
		if !l.Scored || !l.SelfScore.OK || l.SelfScore.Value.Sub(l.Score).Abs().LessThanOrEqual(tol) {
			continue
		}
		if l.Band {
			p.Reportf(finding.SelfScoreMismatch, l.SelfScore.Cell.Ref, "定性指标“%s”的实际完成值为“%s”，按评分规则得分应在 %s 至 %s 分之间，自评得分 %s 在此区间之外，按 %s 分复核；请核实评分", l.Title(), l.Actual.Shown(), l.BandFrom, l.BandTo, l.SelfScore.Value, l.Score)
			continue
		}
		why := "完成率 " + score.PercentText(l.CompletionPercent()) + "%"
		if l.Overshoot.IsPositive() {
			why += "，超过 " + p.Rules.Indicators.Overshoot.Above.Mul(hundred).String() + "%，按目标设定偏离扣 " + l.Overshoot.String() + " 分"
		}
		p.Reportf(finding.SelfScoreMismatch, l.SelfScore.Cell.Ref, "指标“%s”自评得分 %s，按评分规则复核为 %s（%s）；请核实评分", l.Title(), l.SelfScore.Value, l.Score, why)
	}
	s := p.Form
	if b, ok := s.BudgetLine(template.BudgetTotal); ok && s.BudgetScoreOK && b.SelfScore.OK && b.SelfScore.Value.Sub(s.BudgetScore).Abs().GreaterThan(tol) {
		p.Reportf(finding.SelfScoreMismatch, b.SelfScore.Cell.Ref, "预算执行自评得分 %s，按评分规则（执行率 %s%%）复核为 %s", b.SelfScore.Value, score.PercentText(b.RatePercent()), s.BudgetScore)
	}
	return nil
}
