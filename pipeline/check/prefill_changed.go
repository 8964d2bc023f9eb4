package check

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
)

// PrefillChanged reports each value the bureau prefilled (distribute:
// the department's name and code, the year, the budget figures it holds)
// that the returned workbook no longer holds, at the cell where it is read.
// The values are those _meta records (template.PrefilledOf); a form that
// was not prefilled has none. Text compares as the reader compares labels
// (width, spaces); a number compares by value, so 10343.6719万元 is
// 10343.6719 and 2022年度 is 2022.
var PrefillChanged = &Check{
	Name:  "prefill_changed",
	Codes: []finding.Code{finding.PrefillChanged},
	Forms: allForms,
	Run:   runPrefillChanged,
}

func runPrefillChanged(p *Pass) error {
	s := p.Form
	l := s.Source.Layout
	for _, pf := range template.PrefilledOf(s.Source.Meta) {
		if pf.Key.Field != "" {
			fd, _, ok := l.Field(pf.Key.Field)
			c, found := s.Source.Fields[pf.Key.Field]
			if !ok || !found {
				continue // missing_field or the structure check says where it went
			}
			same := template.Norm(c.Raw) == template.Norm(pf.Value)
			if fd.Kind != template.KindText {
				same = sameNumber(s.Numbers[pf.Key.Field], pf.Value)
			}
			if !same {
				p.Reportf(finding.PrefillChanged, c.Ref, "“%s”由财政部门预填为“%s”，%s；预填内容不得改动，请改回“%s”，如预填有误请与财政部门联系", fd.Label, pf.Value, nowWritten(c), pf.Value)
			}
			continue
		}
		b, ok := s.BudgetLine(pf.Key.BudgetRow)
		if !ok {
			continue
		}
		var n score.Number
		switch pf.Key.BudgetCol {
		case template.BudgetColPlan:
			n = b.Budget
		case template.BudgetColExecution:
			n = b.Execution
		default:
			continue // distribute prefills amounts only
		}
		if n.Cell.Ref.Col == 0 || sameNumber(n, pf.Value) {
			continue
		}
		p.Reportf(finding.PrefillChanged, n.Cell.Ref, "“%s”由财政部门预填为 %s 万元，%s；预填的预算数不得改动，请改回 %s，如预填有误请与财政部门联系", n.Label, pf.Value, nowWritten(n.Cell), pf.Value)
	}
	return nil
}

// sameNumber reports whether a parsed cell holds the number text v.
func sameNumber(n score.Number, v string) bool {
	want, err := decimal.NewFromString(strings.TrimSpace(v))
	return err == nil && n.OK && n.Value.Equal(want)
}

// nowWritten says what the cell holds now, after a comma.
func nowWritten(c template.Cell) string {
	if c.Empty() {
		return "现在被清空"
	}
	return "现在填写为“" + strings.Join(strings.Fields(c.Raw), " ") + "”"
}
