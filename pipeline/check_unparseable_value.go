package pipeline

import (
	"strings"

	"github.com/perfeval/perfeval/pipeline/value"
	"github.com/perfeval/perfeval/template"
)

// UnparseableValue reports cells whose content is not a number, percent,
// date or qualitative word where one is expected.
var UnparseableValue = &Check{
	Name:  "unparseable_value",
	Codes: []string{"unparseable_value"},
	Run:   runUnparseableValue,
}

func runUnparseableValue(p *Pass) error {
	for _, n := range p.Sheet.allNumbers() {
		if n.Err != "" {
			p.Reportf("unparseable_value", n.Cell.Ref, "“%s”：%s", n.Label, n.Err)
		}
	}
	for _, l := range p.Sheet.Lines {
		for _, q := range []Quantity{l.Target, l.Actual} {
			if q.Err != "" {
				p.Reportf("unparseable_value", q.Cell.Ref, "指标“%s”的%s：%s", l.Title(), q.Label, q.Err)
			}
		}
		if l.Weight.OK && l.Target.OK && l.Actual.OK && !l.Scored && l.Actual.Value.Kind == value.Word && l.Target.Value.Kind == value.Date {
			p.Reportf("unparseable_value", l.Actual.Cell.Ref, "指标“%s”的指标值是期限（%s），实际完成值“%s”看不出是否按期完成，无法评分；请填写实际完成日期（如 2022年12月20日），或填写“按时完成”“未按时完成”", l.Title(), l.Target.Shown(), l.Actual.Cell.Raw)
			continue
		}
		// A grade against a number is unit_mismatch's: the number is due.
		if l.Weight.OK && l.Target.OK && l.Actual.OK && !l.Scored && l.Actual.Value.Kind == value.Word && l.Target.Value.Kind == value.Word {
			p.Reportf("unparseable_value", l.Actual.Cell.Ref, "指标“%s”的实际完成值“%s”不是评分规则认可的定性评价（%s），无法评分", l.Title(), l.Actual.Cell.Raw, qualitativeWords(p.Rules))
		}
	}
	return nil
}

func qualitativeWords(rb *Rulebook) string {
	var words []string
	for _, q := range rb.Indicators.Qualitative {
		words = append(words, q.Word)
	}
	return strings.Join(words, "、")
}

// allNumbers returns every numeric cell of the sheet in layout order.
func (s *Sheet) allNumbers() []Number {
	var out []Number
	l := s.Form.Layout
	for _, fs := range []template.FieldSheet{l.Info, {Name: l.Accounts.Name, Fields: l.Accounts.Fields}} {
		for _, fd := range fs.Fields {
			if n, ok := s.Numbers[fd.Key]; ok {
				out = append(out, n)
			}
		}
	}
	for _, b := range s.Budget {
		out = append(out, b.Budget, b.Execution, b.Weight, b.StatedRate, b.SelfScore)
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
