package score

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/template"
)

// PercentText shows a rate or completion, in percent, as the forms and the
// JSON report do: two decimals, 86.00 and 93.76 alike.
func PercentText(d decimal.Decimal) string { return d.StringFixed(2) }

// AsFraction reports whether a stated rate, as read, is the rate as a fraction: a
// plain number, without a percent sign or format, that is off as a percent
// figure but matches once multiplied by 100. Only the computed rate can
// tell 0.9 meaning 90% from a real 0.9%.
func AsFraction(stated Number, computed, tolerance decimal.Decimal) bool {
	c := stated.Cell
	if c.Percent || strings.Contains(c.Raw, "%") || strings.Contains(c.Raw, "％") || stated.Value.GreaterThan(one) {
		return false
	}
	return stated.Value.Sub(computed).Abs().GreaterThan(tolerance) &&
		stated.Value.Mul(hundred).Sub(computed).Abs().LessThanOrEqual(tolerance)
}

// NeedsReason reports an indicator that calls for a reason: scored below its
// weight, its target missed, or given less than its weight by the
// department itself.
func (l Line) NeedsReason() bool {
	return l.Scored && (l.Score.LessThan(l.Weight.Value) || !l.Met) ||
		l.SelfScore.OK && l.Weight.OK && l.SelfScore.Value.LessThan(l.Weight.Value)
}

// NeedsReason reports a budget execution rate below 100%, which calls for a
// reason.
func (b BudgetLine) NeedsReason() bool {
	return b.RateOK && b.RatePercent().LessThan(hundred)
}

// AllNumbers returns every numeric cell of the sheet in layout order.
func (s *Form) AllNumbers() []Number {
	var out []Number
	l := s.Source.Layout
	for _, fs := range []template.FieldSheet{l.Info, {Name: l.Accounts.Name, Fields: l.Accounts.Fields}} {
		for _, fd := range fs.Fields {
			if n, ok := s.Numbers[fd.Key]; ok {
				out = append(out, n)
			}
		}
	}
	for _, b := range s.Budget {
		out = append(out, b.Initial, b.Budget, b.Execution, b.Weight, b.StatedRate, b.SelfScore)
	}
	for _, ln := range s.Lines {
		out = append(out, ln.Weight, ln.SelfScore)
	}
	for _, bd := range l.Accounts.Breakdowns {
		for _, it := range s.Breakdowns[bd.Key] {
			out = append(out, it.Amount)
		}
		for _, it := range s.BreakdownTotals[bd.Key] {
			out = append(out, it.Amount)
		}
	}
	return out
}

// Null returns d as a nullable decimal, valid when ok: a figure of the JSON
// report or the 审核结果 sheet, null where there is none.
func Null(d decimal.Decimal, ok bool) decimal.NullDecimal {
	return decimal.NullDecimal{Decimal: d, Valid: ok}
}

// Null returns the number, null when the cell held no usable number.
func (n Number) Null() decimal.NullDecimal { return Null(n.Value, n.OK) }
