package report

import (
	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
)

// Contents is what a written report of a workbook (the 自评报告) needs
// beyond its Report: the texts and figures of the form's field sheets, the
// 决算收支 breakdowns, the targets and actuals split into operator and
// value, and the cell of each, so that a figure can be told doubtful by the
// findings at its row. It is not part of the JSON contract, and not stored
// in the ledger: a report document is drafted from the workbook itself.
type Contents struct {
	Layout *template.Layout
	// Texts are the text fields by Field.Key, trimmed; a blank one is
	// absent.
	Texts map[string]string
	// Figures are the numeric fields by Field.Key (amounts in 万元, counts,
	// scores), only those that hold a usable number.
	Figures map[string]decimal.Decimal
	// Refs are the cells of the fields by Field.Key, whatever they hold.
	Refs map[string]template.Ref
	// Breakdowns are the 决算收支 breakdowns by Breakdown.Key, their items
	// in the order of the sheet, without the department's 合计 rows.
	Breakdowns map[string][]ContentItem
	// BudgetRows are the 资金情况 rows, in the order of Report.Budget.Rows.
	BudgetRows []ContentRow
	// Indicators are the targets and actuals of Report.Indicators, in the
	// same order.
	Indicators []ContentIndicator
}

// ContentItem is one category of a breakdown: its label, its amount (null
// when the cell holds no usable number) and the amount's cell.
type ContentItem struct {
	Label  string
	Amount decimal.NullDecimal
	Ref    template.Ref
}

// ContentRow is one fixed row of 资金情况: its key and the cell of its
// label, and on the project form its 年初预算数 (Initial, null when the
// cell holds no usable number or the form has no such column).
type ContentRow struct {
	Key     string
	Ref     template.Ref
	Initial decimal.NullDecimal
}

// ContentIndicator is an indicator's target and actual as the value grammar
// read them: the operator in ASCII (">=", "<=", "=", ">", "<", or "" when
// none was written), the value without it in the scale it was written in
// (16.8万件, 95%, 2022年12月31日) and its kind ("number", "percent", "date",
// "word"). A value that did not parse keeps its text, with no operator and
// kind "invalid".
type ContentIndicator struct {
	TargetOp, Target, TargetKind string
	ActualOp, Actual, ActualKind string
}

// NewContents gathers the contents of a parsed and scored form.
func NewContents(s *score.Form) *Contents {
	l := s.Source.Layout
	c := &Contents{
		Layout:     l,
		Texts:      map[string]string{},
		Figures:    map[string]decimal.Decimal{},
		Refs:       map[string]template.Ref{},
		Breakdowns: map[string][]ContentItem{},
	}
	for key, cell := range s.Source.Fields {
		c.Refs[key] = cell.Ref
	}
	for key, t := range s.Texts {
		if t != "" {
			c.Texts[key] = t
		}
	}
	for key, n := range s.Numbers {
		if n.OK {
			c.Figures[key] = n.Value
		}
	}
	for key, items := range s.Breakdowns {
		for _, it := range items {
			c.Breakdowns[key] = append(c.Breakdowns[key], ContentItem{Label: it.Label, Amount: it.Amount.Null(), Ref: it.Amount.Cell.Ref})
		}
	}
	for _, b := range s.Budget {
		c.BudgetRows = append(c.BudgetRows, ContentRow{Key: b.Key, Ref: template.Ref{Sheet: l.Budget.Name, Row: b.Row, Col: 1}, Initial: b.Initial.Null()})
	}
	for _, ln := range s.Lines {
		in := ContentIndicator{}
		in.TargetOp, in.Target, in.TargetKind = quantityParts(ln.Target)
		in.ActualOp, in.Actual, in.ActualKind = quantityParts(ln.Actual)
		c.Indicators = append(c.Indicators, in)
	}
	return c
}

// quantityParts splits a target or actual into operator, value text and
// kind.
func quantityParts(q score.Quantity) (op, text, kind string) {
	if !q.OK {
		return "", q.Shown(), "invalid"
	}
	return q.Value.Op.String(), q.Value.Text(), q.Value.Kind.String()
}

// Meaningful reports whether a reason cell says anything: not blank, not
// a placeholder (0, 无, /) and not a perfeval draft with its blanks
// unfilled (score.Meaningful).
func Meaningful(s string) bool { return score.Meaningful(s) }
