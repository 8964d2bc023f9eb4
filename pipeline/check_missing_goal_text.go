package pipeline

// MissingGoalText reports a 总体目标 text left empty or filled with a
// placeholder.
var MissingGoalText = &Check{
	Name:  "missing_goal_text",
	Codes: []string{"missing_goal_text"},
	Run:   runMissingGoalText,
}

func runMissingGoalText(p *Pass) error {
	s := p.Sheet
	for _, fd := range s.Form.Layout.Goals.Fields {
		c, ok := s.Form.Fields[fd.Key]
		if ok && !meaningful(c.Raw) {
			p.Reportf("missing_goal_text", c.Ref, "“%s”%s；请填写年度总体绩效目标及其完成情况", fd.Label, emptyOr(c.Raw))
		}
	}
	return nil
}
