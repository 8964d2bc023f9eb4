package check

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
)

// FormulaMismatch reports a formula of the form whose saved result is not
// what it computes from the workbook's own values: an input changed while
// Excel was set to calculate by hand, or a program rewrote a value and not
// the formulas over it. The review reads the saved result; Excel, once it
// recalculates, shows the other. Which the department means cannot be
// told: an error.
var FormulaMismatch = &Check{
	Name:  "formula_mismatch",
	Codes: []finding.Code{finding.FormulaMismatch},
	Forms: allForms,
	Run:   runFormulaMismatch,
}

func runFormulaMismatch(p *Pass) error {
	for _, fc := range p.Form.Source.Formulas {
		if fc.Unverified != "" || sameResult(fc.Cached, fc.Computed, fc.Rounds) {
			continue
		}
		p.Reportf(finding.FormulaMismatch, fc.Ref, "单元格的公式“=%s”按表中数字算得%s，但工作簿保存的结果是%s，审核按保存的结果读取；可能是改了公式引用的数字后没有重新计算（如设成了手动计算），或由程序改写过。请在 Excel 中重新计算（按 F9）并核对后保存报送",
			fc.Text, shownResult(fc.Computed), shownResult(fc.Cached))
	}
	return nil
}

// relativeTolerance is how far apart, relative to their size, two numbers
// may be and still be one result: Excel saves 17 significant digits,
// excelize computes 15.
var relativeTolerance = decimal.New(1, -12)

// sameResult reports whether a formula's saved result and the one it
// computes are the same. Numbers are compared as decimals within
// relativeTolerance; when the formula rounds, within one unit of the
// saved result's last place as well, since Excel corrects a binary half
// (2.675) before rounding where a recomputation may not. A reference to an
// empty cell saves 0 and computes as empty. Anything else is compared as
// text, TRUE and true alike.
func sameResult(cached, computed string, rounds bool) bool {
	cached, computed = strings.TrimSpace(cached), strings.TrimSpace(computed)
	if computed == "" && cached == "0" {
		return true
	}
	a, errA := decimal.NewFromString(cached)
	b, errB := decimal.NewFromString(computed)
	if errA != nil || errB != nil {
		return strings.EqualFold(cached, computed)
	}
	tol := decimal.Max(a.Abs(), b.Abs(), one).Mul(relativeTolerance)
	if rounds {
		if places := -excelDigits(a).Exponent(); places > 0 {
			tol = decimal.Max(tol, decimal.New(1, -places))
		}
	}
	return a.Sub(b).Abs().LessThanOrEqual(tol)
}

// excelDigits rounds a number to Excel's 15 significant digits, without
// trailing zeros: 91.379999999999995 is 91.38.
func excelDigits(d decimal.Decimal) decimal.Decimal {
	if d.IsZero() {
		return d
	}
	digits := int32(len(d.Abs().Coefficient().String()))
	if digits > 15 {
		d = d.Round(-d.Exponent() - (digits - 15))
	}
	return decimal.RequireFromString(d.String())
}

// shownResult writes a formula's result for a message, to follow a word:
// a number as Excel shows it to 15 digits, after a space; text in
// quotation marks; an empty result as such.
func shownResult(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "（空白）"
	}
	if d, err := decimal.NewFromString(s); err == nil {
		return " " + excelDigits(d).String()
	}
	return quoted(s)
}
