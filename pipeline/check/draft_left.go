package check

import (
	"strings"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
)

// DraftLeft reports a reason cell that still holds perfeval's 【草拟】 draft
// where missing_explanation does not: a draft the department completed but
// left marked, whose mark says to the next reader that the words are not
// theirs, and a draft left behind on a shortfall since made good, whose
// figures are no longer true.
var DraftLeft = &Check{
	Name:  "draft_left",
	Codes: []finding.Code{finding.DraftLeft},
	Forms: allForms,
	Run:   runDraftLeft,
}

func runDraftLeft(p *Pass) error {
	s := p.Form
	for _, l := range s.Lines {
		if l.Scored || l.NeedsReason() {
			draftLeft(p, l.Source.Reason.Ref, l.Reason, l.NeedsReason(), "该指标已得满分")
		}
	}
	if b, ok := s.BudgetLine(template.BudgetTotal); ok && b.RateOK {
		draftLeft(p, s.Source.Fields["budget_reason"].Ref, s.Texts["budget_reason"], b.NeedsReason(), "预算执行率已达到 100%")
	}
	return nil
}

// draftLeft reports the reason at a if it is a draft of perfeval's left in
// place; short says a reason is due, met what makes none due. The caller
// passes only what it knows: an indicator neither scored nor self-scored
// below its weight is left alone.
func draftLeft(p *Pass, at template.Ref, reason string, short bool, met string) {
	marked := strings.HasPrefix(strings.TrimSpace(reason), score.DraftMark)
	switch {
	case at.Col <= 0 || !marked && !score.IsUnfinishedDraft(reason):
	case !short:
		p.Reportf(finding.DraftLeft, at, "%s，不需要偏差原因；本栏仍是审核时草拟的说明，其中的数字已不符，请删除", met)
	case marked && score.Meaningful(reason):
		p.Reportf(finding.DraftLeft, at, "偏差原因分析及改进措施已填写，但仍以“%s”开头；内容核实无误后，请删去“%s”", score.DraftMark, score.DraftMark)
	}
}
