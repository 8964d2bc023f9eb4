package check

import (
	"strings"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
)

// MissingExplanation reports a shortfall without a reason: an indicator scored
// below its weight or whose target was missed, or a budget execution rate
// below 100%, whose reason cell is empty or says only 0, 无 or /.
var MissingExplanation = &Check{
	Name:  "missing_explanation",
	Codes: []finding.Code{finding.MissingExplanation, finding.DiscretionaryDeduction},
	Forms: allForms,
	Run:   runMissingExplanation,
}

func runMissingExplanation(p *Pass) error {
	s := p.Form
	for _, l := range s.Lines {
		if !l.NeedsReason() || score.Meaningful(l.Reason) {
			continue
		}
		ref := l.Source.Reason.Ref
		if ref.Col == 0 {
			ref = l.Source.Name.Ref
		}
		if l.Scored && l.Met && !l.Overshoot.IsPositive() && (l.Band || !l.Score.LessThan(l.Weight.Value)) && l.SelfScore.OK && l.SelfScore.Value.LessThan(l.Weight.Value) {
			// The target was met: the department took points off at its own
			// discretion, which it should explain, but no shortfall is
			// left unexplained.
			p.Reportf(finding.DiscretionaryDeduction, ref, "指标“%s”已达成目标（指标值 %s，实际 %s），自评得分 %s/%s 未给满分，偏差原因分析及改进措施%s；请写明酌情扣分的理由", l.Title(), l.Target.Shown(), l.Actual.Shown(), l.SelfScore.Value, l.Weight.Value, emptyOr(l.Reason))
			continue
		}
		what, hint := "未满分（"+shortfall(l)+"）", "请写明未完成的原因和改进措施"
		switch {
		case l.Overshoot.IsPositive():
			what = "完成率 " + score.PercentText(l.CompletionPercent()) + "%，超过评分规则的 " + p.Rules.Indicators.Overshoot.Above.Mul(hundred).String() +
				"%，按目标设定偏离扣 " + l.Overshoot.String() + " 分（" + shortfall(l) + "）"
			hint = "请说明目标设定偏低的原因，并在下一年度合理设定目标"
		case l.Scored && l.Score.LessThan(l.Weight.Value):
		case l.Scored && !l.Met:
			what = "未达到指标值（" + shortfall(l) + "）" // a strict target reached but not passed
		}
		p.Reportf(finding.MissingExplanation, ref, "指标“%s”%s，偏差原因分析及改进措施%s；%s", l.Title(), what, emptyOr(l.Reason), hint)
	}
	if b, ok := s.BudgetLine(template.BudgetTotal); ok && b.NeedsReason() {
		if reason := s.Texts["budget_reason"]; !score.Meaningful(reason) {
			ref, ok := s.Source.Fields["budget_reason"]
			at := ref.Ref
			if !ok {
				at = template.Ref{Sheet: s.Source.Layout.Budget.Name}
			}
			p.Reportf(finding.MissingExplanation, at, "预算执行率为 %s%%，未达到 100%%，预算执行率偏差原因分析及改进措施%s；请说明资金未执行的原因和改进措施", score.PercentText(b.RatePercent()), emptyOr(reason))
		}
	}
	return nil
}

func emptyOr(reason string) string {
	switch {
	case strings.TrimSpace(reason) == "":
		return "未填写"
	case score.IsUnfinishedDraft(reason):
		return "仍是审核时草拟的内容，空白处（＿＿＿＿）尚未填写"
	}
	return "只填了“" + strings.TrimSpace(reason) + "”"
}

// shortfall describes an indicator's shortfall in numbers.
func shortfall(l score.Line) string {
	if l.Scored {
		return "指标值 " + l.Target.Shown() + "，实际 " + l.Actual.Shown() + "，完成率 " + score.PercentText(l.CompletionPercent()) + "%，复核得分 " + l.Score.String() + "/" + l.Weight.Value.String()
	}
	return "自评得分 " + l.SelfScore.Value.String() + "/" + l.Weight.Value.String()
}
