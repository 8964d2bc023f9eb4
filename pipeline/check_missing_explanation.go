package pipeline

import (
	"strings"
	"unicode"

	"github.com/perfeval/perfeval/pipeline/value"
	"github.com/perfeval/perfeval/template"
)

// MissingExplanation reports a shortfall without a reason: an indicator scored
// below its weight or whose target was missed, or a budget execution rate
// below 100%, whose reason cell is empty or says only 0, 无 or /.
var MissingExplanation = &Check{
	Name:  "missing_explanation",
	Codes: []string{"missing_explanation"},
	Run:   runMissingExplanation,
}

func runMissingExplanation(p *Pass) error {
	s := p.Sheet
	for _, l := range s.Lines {
		if !l.short() || meaningful(l.Reason) {
			continue
		}
		ref := l.Source.Reason.Ref
		if ref.Col == 0 {
			ref = l.Source.Name.Ref
		}
		what, hint := "未满分（"+shortfall(l)+"）", "请写明未完成的原因和改进措施"
		switch {
		case l.Overshoot.IsPositive():
			what = "完成率 " + percentText(l.CompletionPercent()) + "%，超过评分规则的 " + p.Rules.Indicators.Overshoot.Above.Mul(hundred).String() +
				"%，按目标设定偏离扣 " + l.Overshoot.String() + " 分（" + shortfall(l) + "）"
			hint = "请说明目标设定偏低的原因，并在下一年度合理设定目标"
		case l.Scored && l.Score.LessThan(l.Weight.Value):
		case l.Scored && !l.Met:
			what = "未达到指标值（" + shortfall(l) + "）" // a strict target reached but not passed
		case l.Scored:
			// Met in full, but the department took points off itself.
			what = "自评未给满分（自评得分 " + l.SelfScore.Value.String() + "/" + l.Weight.Value.String() + "，复核为满分）"
		}
		p.Reportf("missing_explanation", ref, "指标“%s”%s，偏差原因分析及改进措施%s；%s", l.Title(), what, emptyOr(l.Reason), hint)
	}
	if b, ok := s.BudgetLine(template.BudgetTotal); ok && b.short() {
		if reason := s.Texts["budget_reason"]; !meaningful(reason) {
			ref, ok := s.Form.Fields["budget_reason"]
			at := ref.Ref
			if !ok {
				at = template.Ref{Sheet: s.Form.Layout.Budget.Name}
			}
			p.Reportf("missing_explanation", at, "预算执行率为 %s%%，未达到 100%%，预算执行率偏差原因分析及改进措施%s；请说明资金未执行的原因和改进措施", percentText(b.RatePercent()), emptyOr(reason))
		}
	}
	return nil
}

// short reports an indicator that calls for a reason: scored below its
// weight, its target missed, or given less than its weight by the
// department itself.
func (l Line) short() bool {
	return l.Scored && (l.Score.LessThan(l.Weight.Value) || !l.Met) ||
		l.SelfScore.OK && l.Weight.OK && l.SelfScore.Value.LessThan(l.Weight.Value)
}

// short reports a budget execution rate below 100%, which calls for a
// reason.
func (b BudgetLine) short() bool {
	return b.RateOK && b.RatePercent().LessThan(hundred)
}

// meaningful reports whether a reason says anything: empty text, the
// placeholders departments type to fill the cell (0, 无, /, ——, 无。, （无）,
// 暂无, 略, 不适用 …), a lone number and a perfeval draft sent back with its
// blanks unfilled do not.
func meaningful(reason string) bool {
	if IsUnfinishedDraft(reason) {
		return false
	}
	core := strings.TrimFunc(value.Normalize(reason), func(r rune) bool {
		return unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)
	})
	if _, err := value.ParseNumber(core); err == nil {
		return false // 0, 0.0, 100%: a figure, not a reason
	}
	_, placeholder := placeholders[strings.ToLower(core)]
	return core != "" && !placeholder
}

// placeholders are the words that stand in a reason cell for no reason,
// as they are left once the punctuation around them is trimmed.
var placeholders = map[string]struct{}{
	"无": {}, "无偏差": {}, "没有": {}, "暂无": {}, "略": {}, "不适用": {}, "不涉及": {},
	"n/a": {}, "na": {}, "null": {}, "none": {},
}

func emptyOr(reason string) string {
	switch {
	case strings.TrimSpace(reason) == "":
		return "未填写"
	case IsUnfinishedDraft(reason):
		return "仍是审核时草拟的内容，空白处（＿＿＿＿）尚未填写"
	}
	return "只填了“" + strings.TrimSpace(reason) + "”"
}

// shortfall describes an indicator's shortfall in numbers.
func shortfall(l Line) string {
	if l.Scored {
		return "指标值 " + l.Target.Shown() + "，实际 " + l.Actual.Shown() + "，完成率 " + percentText(l.CompletionPercent()) + "%，复核得分 " + l.Score.String() + "/" + l.Weight.Value.String()
	}
	return "自评得分 " + l.SelfScore.Value.String() + "/" + l.Weight.Value.String()
}
