package check

import (
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
)

// DateFormattedNumber reports an amount, rate, weight, score, count or the
// 自评总分 in a date-formatted cell. The review reads the number stored;
// the department, and the signed copy, see a date (10343.6719 万元 as
// 1928年4月25日), and a date typed by mistake (3-5 for 3.5, which Excel
// turns into a date) is read as its serial. Which was meant cannot be
// told: an error. Dates and 评价年度 (unparseable_value) are left to their
// own checks, and a text cell shows as typed whatever its format.
var DateFormattedNumber = &Check{
	Name:  "date_formatted_number",
	Codes: []finding.Code{finding.DateFormattedNumber},
	Forms: allForms,
	Run:   runDateFormattedNumber,
}

func runDateFormattedNumber(p *Pass) error {
	report := func(n score.Number) {
		c := n.Cell
		if !c.Date || c.Empty() || c.Error || c.Formula != "" {
			return
		}
		switch n.Kind {
		case template.KindAmount, template.KindRate, template.KindScore, template.KindCount:
		default:
			return
		}
		shown := "显示的是时间或日期" // a serial below 1, such as 0.5, is a time of day
		if d, err := score.CellDate(c); err == nil {
			shown = "显示为 " + d.Format("2006年1月2日")
			if c.MonthOnly {
				shown = "显示为 " + d.Format("2006年1月")
			}
		}
		stored := c.Raw
		if n.OK {
			stored = n.Value.String()
		}
		p.Reportf(finding.DateFormattedNumber, c.Ref, "%s所在的单元格设成了日期格式，表上和打印件上%s，审核读取的却是单元格里存的数字 %s；请把单元格格式改为“常规”或“数值”，核对数字后重新报送", n.Label, shown, stored)
	}
	l := p.Form.Source.Layout
	for _, fs := range []template.FieldSheet{l.Info, {Name: l.Accounts.Name, Fields: l.Accounts.Fields}} {
		for _, fd := range fs.Fields {
			if n, ok := p.Form.Numbers[fd.Key]; ok {
				report(n)
			}
		}
	}
	for _, b := range p.Form.Budget {
		for _, n := range []score.Number{b.Budget, b.Execution, b.Weight, b.StatedRate, b.SelfScore} {
			report(n)
		}
	}
	for _, ln := range p.Form.Lines {
		report(ln.Weight)
		report(ln.SelfScore)
	}
	for _, b := range l.Accounts.Breakdowns {
		for _, it := range p.Form.Breakdowns[b.Key] {
			report(it.Amount)
		}
		for _, t := range p.Form.BreakdownTotals[b.Key] {
			report(t.Amount)
		}
	}
	return nil
}
