package narrative

import (
	"github.com/shopspring/decimal"
)

// The marks the report leaves for its authors.
const (
	// MarkMissing stands where the workbook gives no text or figure.
	MarkMissing = "【待补充】"
	// MarkDoubtful follows a figure at a cell with an error or a warning,
	// in a draft (Options.Draft).
	MarkDoubtful = "【待核实】"
)

// places is how many decimal places a figure is written with: amounts and
// scores as the forms write them, shares and rates to two.
const places = 2

var hundred = decimal.NewFromInt(100)

// Figure is a checked figure as the text templates show it: rounded to
// two places, trailing zeros dropped as the forms write them (58.6, 100,
// 9893.12), followed by 【待核实】 when doubtful; a missing figure is
// 【待补充】.
type Figure struct {
	Value    decimal.Decimal
	OK       bool
	Doubtful bool
}

// fig returns a figure.
func fig(d decimal.Decimal, ok, doubtful bool) Figure {
	return Figure{Value: d, OK: ok, Doubtful: doubtful}
}

// String is the figure as written in the report.
func (f Figure) String() string {
	if !f.OK {
		return MarkMissing
	}
	s := f.Value.Round(places).String()
	if f.Doubtful {
		s += MarkDoubtful
	}
	return s
}

// Plain is the figure without its 【待核实】 mark ("" when missing), for
// comparisons in templates.
func (f Figure) Plain() string {
	if !f.OK {
		return ""
	}
	return f.Value.Round(places).String()
}

// Below reports whether the figure is known and less than x, a figure too
// or a number (100).
func (f Figure) Below(x any) bool {
	var d decimal.Decimal
	switch v := x.(type) {
	case Figure:
		if !v.OK {
			return false
		}
		d = v.Value
	case int:
		d = decimal.NewFromInt(int64(v))
	default:
		return false
	}
	return f.OK && f.Value.LessThan(d)
}

// IsZero reports whether the figure is known and zero.
func (f Figure) IsZero() bool { return f.OK && f.Value.IsZero() }

// Share returns part ÷ whole as a percent figure rounded to two places
// half away from zero (decimal, never float), doubtful when either is; a
// missing one, or a zero whole, gives a missing share.
func Share(part, whole Figure) Figure {
	if !part.OK || !whole.OK || whole.Value.IsZero() {
		return Figure{Doubtful: part.Doubtful || whole.Doubtful}
	}
	return fig(part.Value.Mul(hundred).DivRound(whole.Value, places), true, part.Doubtful || whole.Doubtful)
}

// Sum adds figures; it is missing when one is, doubtful when one is.
func Sum(fs ...Figure) Figure {
	t := Figure{Value: decimal.Zero, OK: true}
	for _, f := range fs {
		t.OK = t.OK && f.OK
		t.Doubtful = t.Doubtful || f.Doubtful
		t.Value = t.Value.Add(f.Value)
	}
	return t
}
