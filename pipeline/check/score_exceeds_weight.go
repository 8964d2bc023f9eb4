package check

import (
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/template"
)

// ScoreExceedsWeight reports self-scores above their weight.
var ScoreExceedsWeight = &Check{
	Name:  "score_exceeds_weight",
	Codes: []finding.Code{finding.ScoreExceedsWeight},
	Forms: allForms,
	Run:   runScoreExceedsWeight,
}

func runScoreExceedsWeight(p *Pass) error {
	for _, l := range p.Form.Lines {
		if l.SelfScore.OK && l.Weight.OK && l.SelfScore.Value.GreaterThan(l.Weight.Value) {
			p.Reportf(finding.ScoreExceedsWeight, l.SelfScore.Cell.Ref, "指标“%s”自评得分 %s 超过分值 %s", l.Title(), l.SelfScore.Value, l.Weight.Value)
		}
	}
	if b, ok := p.Form.BudgetLine(template.BudgetTotal); ok && b.SelfScore.OK {
		w := p.Rules.Budget.Weight
		if b.Weight.OK {
			w = b.Weight.Value
		}
		if b.SelfScore.Value.GreaterThan(w) {
			p.Reportf(finding.ScoreExceedsWeight, b.SelfScore.Cell.Ref, "预算执行自评得分 %s 超过分值 %s", b.SelfScore.Value, w)
		}
	}
	return nil
}
