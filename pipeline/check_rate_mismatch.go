package pipeline

// RateMismatch reports stated execution rates that differ from execution ÷
// budget. A difference within the rate tolerance is rounding and only info.
var RateMismatch = &Check{
	Name:  "rate_mismatch",
	Codes: []string{"rate_mismatch"},
	Run:   runRateMismatch,
}

func runRateMismatch(p *Pass) error {
	for _, b := range p.Sheet.Budget {
		if !b.RateOK || !b.StatedRate.OK {
			continue
		}
		computed := b.RatePercent()
		diff := b.StatedRate.Value.Sub(computed).Abs()
		if diff.IsZero() {
			continue
		}
		if diff.LessThanOrEqual(p.Rules.Tolerances.Rate) {
			p.ReportRoundingf("rate_mismatch", b.StatedRate.Cell.Ref, "“%s”执行率填写 %s%%，计算为 %s%%（%s ÷ %s），差额属四舍五入", b.Label, b.StatedRate.Value, computed, b.Execution.Value, b.Budget.Value)
			continue
		}
		p.Reportf("rate_mismatch", b.StatedRate.Cell.Ref, "“%s”执行率填写 %s%%，但全年执行数 %s ÷ 全年预算数 %s = %s%%；请改正执行率或金额", b.Label, b.StatedRate.Value, b.Execution.Value, b.Budget.Value, computed)
	}
	return nil
}
