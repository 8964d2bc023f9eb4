package check

import (
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
)

// MissingField reports required cells left empty: a required field, a budget
// amount, an indicator's name, target, actual, weight or self-score.
var MissingField = &Check{
	Name:  "missing_field",
	Codes: []finding.Code{finding.MissingField},
	Forms: allForms,
	Run:   runMissingField,
}

func runMissingField(p *Pass) error {
	s := p.Form
	l := s.Source.Layout
	for _, fs := range []template.FieldSheet{l.Info, {Name: l.Accounts.Name, Fields: l.Accounts.Fields}} {
		for _, fd := range fs.Fields {
			if c, ok := s.Source.Fields[fd.Key]; ok && fd.Required && c.Empty() {
				p.Reportf(finding.MissingField, c.Ref, "“%s”未填写（必填）", fd.Label)
			}
		}
	}
	required := map[string]bool{}
	for _, r := range l.Budget.Rows {
		required[r.Key] = r.Required
	}
	for _, b := range s.Budget {
		if !required[b.Key] {
			continue // a row the form may leave blank: none
		}
		for _, n := range []score.Number{b.Budget, b.Execution} {
			if n.Empty() && n.Cell.Ref.Col > 0 {
				p.Reportf(finding.MissingField, n.Cell.Ref, "“%s”未填写（必填）；没有金额请填 0", n.Label)
			}
		}
	}
	if total, ok := s.BudgetLine(template.BudgetTotal); ok && total.Budget.OK && total.Budget.Value.IsZero() {
		// A department's overall budget is never nil: 0 is a form not
		// filled in, and without it there is no execution rate to score.
		whose := "部门"
		if l.Kind == template.FormProject {
			whose = "项目"
		}
		p.Reportf(finding.MissingField, total.Budget.Cell.Ref, "“年度资金总额”的全年预算数为 0，无法计算预算执行率和预算执行得分；请填写%s全年预算数（万元）", whose)
	}
	// budget.weight: 0 asks for no budget score: its 分值 and 得分 may stay blank.
	scored := p.Rules.Budget.Weight.IsPositive()
	if total, ok := s.BudgetLine(template.BudgetTotal); ok && scored && total.RateOK && !total.Weight.OK && total.Weight.Err == "" && total.Weight.Cell.Ref.Col > 0 {
		p.Reportf(finding.MissingField, total.Weight.Cell.Ref, "“年度资金总额”一行的分值未填写，应为 %s 分", p.Rules.Budget.Weight)
	}
	if total, ok := s.BudgetLine(template.BudgetTotal); ok && scored && total.SelfScore.Empty() && total.SelfScore.Cell.Ref.Col > 0 {
		// The budget execution's self-score is part of 自评总分, as each
		// indicator's is.
		p.Reportf(finding.MissingField, total.SelfScore.Cell.Ref, "“年度资金总额”一行的得分（预算执行的自评得分）未填写；请按执行率自评")
	}
	if len(s.Lines) == 0 && s.Source.HeaderRow > 0 {
		p.Reportf(finding.MissingField, template.Ref{Sheet: l.Indicators.Name, Row: s.Source.HeaderRow + 1, Col: 1}, "“%s”表中没有填写任何指标；请逐行填写一级、二级、三级指标及指标值、实际完成值、分值和得分", l.Indicators.Name)
	}
	for _, ln := range s.Lines {
		cells := []struct {
			c     template.Cell
			label string
		}{
			{ln.Source.Level1, "一级指标"},
			{ln.Source.Name, "三级指标名称"},
			{ln.Source.Target, "年度指标值"},
			{ln.Source.Actual, "实际完成值"},
			{ln.Source.Weight, "分值"},
			{ln.Source.SelfScore, "得分"},
		}
		name := ln.Title()
		if len(p.Rules.Levels) == 0 {
			cells = cells[1:] // no 一级指标 to fill in
		}
		for _, c := range cells {
			if ln.ActualFromBudget && c.c.Ref == ln.Source.Actual.Ref {
				continue // the computed execution rate stands in: cost_indicator_mismatch notes it
			}
			if c.c.Empty() && c.c.Ref.Col > 0 {
				p.Reportf(finding.MissingField, c.c.Ref, "指标“%s”的%s未填写；每个指标都要填写指标值、实际完成值、分值和得分", name, c.label)
			}
		}
	}
	return nil
}
