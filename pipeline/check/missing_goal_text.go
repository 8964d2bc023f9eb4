package check

import (
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/score"
)

// MissingGoalText reports a 总体目标 text left empty or filled with a
// placeholder.
var MissingGoalText = &Check{
	Name:  "missing_goal_text",
	Codes: []finding.Code{finding.MissingGoalText},
	Forms: allForms,
	Run:   runMissingGoalText,
}

func runMissingGoalText(p *Pass) error {
	s := p.Form
	for _, fd := range s.Source.Layout.Goals.Fields {
		c, ok := s.Source.Fields[fd.Key]
		if ok && !score.Meaningful(c.Raw) {
			p.Reportf(finding.MissingGoalText, c.Ref, "“%s”%s；请填写年度总体绩效目标及其完成情况", fd.Label, emptyOr(c.Raw))
		}
	}
	return nil
}
