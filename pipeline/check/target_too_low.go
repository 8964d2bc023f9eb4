package check

import (
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/pipeline/value"
)

// TargetTooLow reports a higher-is-better target the actual exceeds by more
// than the rulebook's threshold: the target was set too low to mean anything.
var TargetTooLow = &Check{
	Name:  "target_too_low",
	Codes: []finding.Code{finding.TargetTooLow},
	Forms: allForms,
	Run:   runTargetTooLow,
}

func runTargetTooLow(p *Pass) error {
	limit := p.Rules.Thresholds.TargetTooLow.Decimal
	if !limit.IsPositive() {
		return nil
	}
	for _, l := range p.Form.Lines {
		if !l.CompletionOK || l.Target.Value.Kind != value.Number && l.Target.Value.Kind != value.Percent {
			continue
		}
		switch l.Target.Value.Op {
		case value.OpLE, value.OpLT:
			continue
		}
		if l.Completion.GreaterThan(limit) {
			p.Reportf(finding.TargetTooLow, l.Target.Cell.Ref, "指标“%s”实际完成 %s，是指标值 %s 的 %s%%，超过 %s%%；目标可能设定过低，请在下一年度合理设定", l.Title(), l.Actual.Shown(), l.Target.Shown(), score.PercentText(l.CompletionPercent()), limit.Mul(hundred))
		}
	}
	return nil
}
