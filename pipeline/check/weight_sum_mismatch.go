package check

import (
	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/template"
)

// WeightSumMismatch reports indicator weights that do not add up to the
// rulebook's weight for their 一级指标, a budget weight that differs from the
// rulebook's, and a form whose weights do not total 100.
var WeightSumMismatch = &Check{
	Name:  "weight_sum_mismatch",
	Codes: []finding.Code{finding.WeightSumMismatch},
	Forms: allForms,
	Run:   runWeightSumMismatch,
}

func runWeightSumMismatch(p *Pass) error {
	s, rb := p.Form, p.Rules
	if len(s.Lines) == 0 {
		return nil
	}
	sums := map[string]decimal.Decimal{}
	first := map[string]template.Ref{}
	total := decimal.Zero
	for _, l := range s.Lines {
		if !l.Weight.OK {
			continue
		}
		sums[l.Level1] = sums[l.Level1].Add(l.Weight.Value)
		if _, ok := first[l.Level1]; !ok {
			first[l.Level1] = l.Weight.Cell.Ref
		}
		total = total.Add(l.Weight.Value)
	}
	// The weight each level's cell states, 产出指标（70分）: the first.
	stated := map[string]template.Cell{}
	state := func(level string, c template.Cell) {
		if _, ok := stated[level]; !ok && !c.Empty() && level != "" {
			stated[level] = c
		}
	}
	for _, l := range s.Lines {
		state(l.Level1, l.Source.Level1Stated)
	}
	for _, in := range s.Placeholders {
		// A level whose first row is a placeholder states its weight there.
		state(template.Norm(in.Level1.Raw), in.Level1Stated)
	}
	tol := rb.Tolerances.Score
	for _, lv := range rb.Levels {
		want, why := lv.Weight, "评分规则要求"
		if c, ok := stated[template.Norm(lv.Name)]; ok {
			if w, err := decimal.NewFromString(c.Raw); err == nil {
				switch {
				case lv.Allows(w):
					// Within the rulebook's bounds: the form's own weight.
					want, why = w, "表中写明该类指标"
				case lv.Bounded():
					p.Reportf(finding.WeightSumMismatch, c.Ref, "表中写明“%s”%s 分，评分规则允许 %s–%s 分；请按评分规则确定该类指标的分值", lv.Name, w, lv.Min, lv.Max)
				default:
					p.Reportf(finding.WeightSumMismatch, c.Ref, "表中写明“%s”%s 分，评分规则规定为 %s 分；请按评分规则确定该类指标的分值", lv.Name, w, lv.Weight)
				}
			}
		}
		got, ok := sums[template.Norm(lv.Name)]
		if !ok {
			p.Reportf(finding.WeightSumMismatch, template.Ref{Sheet: s.Source.Layout.Indicators.Name, Row: s.Source.HeaderRow, Col: s.Source.Columns[template.ColLevel1]}, "没有“%s”类指标；评分规则要求该类指标分值合计 %s 分", lv.Name, want)
			continue
		}
		if got.Sub(want).Abs().GreaterThan(tol) {
			p.Reportf(finding.WeightSumMismatch, first[template.Norm(lv.Name)], "“%s”各指标分值合计 %s 分，%s %s 分；请调整各指标分值", lv.Name, got, why, want)
		}
	}
	budgetWeight := rb.Budget.Weight
	if b, ok := s.BudgetLine(template.BudgetTotal); ok && b.Weight.OK {
		if b.Weight.Value.Sub(rb.Budget.Weight).Abs().GreaterThan(tol) {
			p.Reportf(finding.WeightSumMismatch, b.Weight.Cell.Ref, "预算执行的分值填写为 %s 分，评分规则规定为 %s 分", b.Weight.Value, rb.Budget.Weight)
		}
		budgetWeight = b.Weight.Value
	}
	if rb.Total.ExcludeBudget {
		// The indicators make the 100 points alone; the budget's are
		// beside the total.
		if !total.Equal(hundred) && total.Sub(hundred).Abs().GreaterThan(tol) {
			p.Reportf(finding.WeightSumMismatch, template.Ref{Sheet: s.Source.Layout.Indicators.Name, Row: s.Source.HeaderRow, Col: s.Source.Columns[template.ColWeight]}, "全部指标分值合计 %s 分，应为 100 分（按评分规则，预算执行分值不计入总分）", total)
		}
	} else if all := total.Add(budgetWeight); !all.Equal(hundred) && all.Sub(hundred).Abs().GreaterThan(tol) {
		p.Reportf(finding.WeightSumMismatch, template.Ref{Sheet: s.Source.Layout.Indicators.Name, Row: s.Source.HeaderRow, Col: s.Source.Columns[template.ColWeight]}, "全部指标分值 %s 分加预算执行分值 %s 分，合计 %s 分，应为 100 分", total, budgetWeight, all)
	}
	return nil
}
