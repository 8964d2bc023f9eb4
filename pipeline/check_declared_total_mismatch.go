package pipeline

// DeclaredTotalMismatch reports a declared total (自评总分) that is neither
// the computed total within the score tolerance nor the computed total
// rounded to the rulebook's declared places.
var DeclaredTotalMismatch = &Check{
	Name:  "declared_total_mismatch",
	Codes: []string{"declared_total_mismatch"},
	Run:   runDeclaredTotalMismatch,
}

func runDeclaredTotalMismatch(p *Pass) error {
	s := p.Sheet
	d, ok := s.Numbers["declared_total"]
	if !ok || !d.OK {
		return nil
	}
	if d.Value.Sub(s.Total).Abs().LessThanOrEqual(p.Rules.Tolerances.Score) || d.Value.Equal(s.ReportedTotal) {
		return nil
	}
	p.Reportf("declared_total_mismatch", d.Cell.Ref, "自评总分填写 %s 分，按评分规则复核为 %s 分（指标 %s + 预算执行 %s）；请核实", d.Value, s.Total, s.IndicatorTotal, s.BudgetScore)
	return nil
}
