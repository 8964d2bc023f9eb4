package check

import (
	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/score"
)

// RateMismatch reports stated execution rates that differ from execution ÷
// budget. A difference within the rate tolerance, and a rate stated to
// fewer places that is the computed one rounded, is rounding and only info.
var RateMismatch = &Check{
	Name:  "rate_mismatch",
	Codes: []finding.Code{finding.RateMismatch},
	Forms: allForms,
	Run:   runRateMismatch,
}

func runRateMismatch(p *Pass) error {
	for _, b := range p.Form.Budget {
		if !b.RateOK || !b.StatedRate.OK {
			continue
		}
		computed := b.RatePercent()
		stated, shown := b.StatedRate.Value, b.StatedRate.Value.String()+"%"
		if b.StatedFraction {
			// =C3/B3 in a cell without the percent format: 0.9138 is 91.38%.
			shown = b.StatedRate.Cell.Raw + "（即 " + stated.String() + "%）"
		}
		diff := stated.Sub(computed).Abs()
		if diff.IsZero() || statedExactly(stated, b) {
			continue
		}
		if diff.LessThanOrEqual(p.Rules.Tolerances.Rate) || statedRounded(stated, b) {
			p.ReportRoundingf("rate_mismatch", b.StatedRate.Cell.Ref, "“%s”执行率填写 %s，计算为 %s%%（%s ÷ %s），差额属四舍五入", b.Label, shown, score.PercentText(computed), b.Execution.Value, b.Budget.Value)
			continue
		}
		p.Reportf(finding.RateMismatch, b.StatedRate.Cell.Ref, "“%s”执行率填写 %s，但全年执行数 %s ÷ 全年预算数 %s = %s%%；请改正执行率或金额", b.Label, shown, b.Execution.Value, b.Budget.Value, score.PercentText(computed))
	}
	return nil
}

// statedRounded reports whether a rate stated with fewer than two decimals,
// 91.4% or 91%, is the computed rate rounded half-up to those places: the
// department rounded, it did not miscalculate.
func statedRounded(stated decimal.Decimal, b score.BudgetLine) bool {
	// The places written, not stored: 91.4% typed into Excel is 0.914 in a
	// percent cell, read as 91.400.
	places := int32(0)
	for places < 2 && !stated.Round(places).Equal(stated) {
		places++
	}
	return places < 2 && stated.Equal(b.Rate.Mul(hundred).Round(places))
}

// rateMatchPlaces is how many decimals of a percent statedExactly compares.
const rateMatchPlaces = 8

// statedExactly reports whether a stated rate with more than two decimals,
// as a formula such as =C5/B5*100 leaves it, is the computed rate to its own
// places, up to rateMatchPlaces: beyond that, the spreadsheet's binary
// arithmetic and ours part ways in the last digits.
func statedExactly(stated decimal.Decimal, b score.BudgetLine) bool {
	places := min(-stated.Exponent(), rateMatchPlaces)
	if places <= 2 {
		return false
	}
	return stated.Round(places).Equal(b.Rate.Mul(hundred).Round(places))
}
