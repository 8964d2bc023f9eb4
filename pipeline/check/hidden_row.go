package check

import (
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/template"
)

// HiddenRow reports each hidden row that holds part of the form. Such a row
// is read and scored like the others, but the printed and signed copy, and
// a PDF made from it, leave it out, so the reviewer is told where it is.
var HiddenRow = &Check{
	Name:  "hidden_row",
	Codes: []finding.Code{finding.HiddenRow},
	Forms: allForms,
	Run:   runHiddenRow,
}

func runHiddenRow(p *Pass) error {
	f := p.Form.Source
	if len(f.HiddenRows) == 0 {
		return nil
	}
	reported := map[template.Ref]bool{}
	report := func(at template.Ref, what string) {
		row := template.Ref{Sheet: at.Sheet, Row: at.Row}
		if at.Col == 0 || !f.HiddenRows[row] || reported[row] {
			return
		}
		reported[row] = true
		p.Reportf(finding.HiddenRow, at, "%s的第 %d 行（%s）被隐藏；已照常审核和评分，但打印件和 PDF 上看不到这一行，请取消隐藏后报送", at.Sheet, at.Row, what)
	}
	l := f.Layout
	for _, fd := range l.Info.Fields {
		if c, ok := f.Fields[fd.Key]; ok {
			report(c.Ref, fd.Label)
		}
	}
	for _, b := range p.Form.Budget {
		report(template.Ref{Sheet: l.Budget.Name, Row: b.Row, Col: 1}, b.Label)
	}
	if c, ok := f.Fields[l.Budget.Reason.Key]; ok {
		report(c.Ref, l.Budget.Reason.Label)
	}
	for _, fd := range l.Goals.Fields {
		if c, ok := f.Fields[fd.Key]; ok {
			report(c.Ref, fd.Label)
		}
	}
	for _, in := range p.Form.Lines {
		report(in.Source.Name.Ref, "指标："+in.Name)
	}
	for _, fd := range l.Accounts.Fields {
		if c, ok := f.Fields[fd.Key]; ok {
			report(c.Ref, fd.Label)
		}
	}
	for _, items := range f.Breakdowns {
		for _, it := range items {
			report(it.Label.Ref, it.Label.Raw)
		}
	}
	return nil
}
