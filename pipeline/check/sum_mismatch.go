package check

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
)

// SumMismatch reports parts that do not add up to their total: fund sources
// and the expenditure structure in 资金情况 (both columns), the 决算收支
// subtotals and breakdowns, the staffing and asset figures of 基本信息, and
// the 分值 and 得分 of a 合计 row of 绩效指标. A difference within the
// amount (for scores, the score) tolerance is rounding and only info.
var SumMismatch = &Check{
	Name:  "sum_mismatch",
	Codes: []finding.Code{finding.SumMismatch},
	Forms: allForms,
	Run:   runSumMismatch,
}

func runSumMismatch(p *Pass) error {
	s := p.Form
	tol := p.Rules.Tolerances.Amount
	line := func(key string) score.BudgetLine { b, _ := s.BudgetLine(key); return b }
	for _, col := range []struct {
		name string
		get  func(score.BudgetLine) score.Number
	}{
		{"年初预算数", func(b score.BudgetLine) score.Number { return b.Initial }},
		{"全年预算数", func(b score.BudgetLine) score.Number { return b.Budget }},
		{"全年执行数", func(b score.BudgetLine) score.Number { return b.Execution }},
	} {
		for _, sum := range s.Source.Layout.Budget.Sums {
			total := line(sum.Total)
			parts := make([]score.Number, len(sum.Parts))
			for i, k := range sum.Parts {
				parts[i] = col.get(line(k))
			}
			compareSum(p, col.get(total), parts, tol, sum.What+"的"+col.name, total.Label)
		}
	}
	n := func(key string) score.Number { return s.Numbers[key] }
	compareSum(p, n("income_total"), []score.Number{n("income_general"), n("income_fund"), n("income_other")}, tol, "本年收入各项之和", "本年收入合计")
	compareSum(p, n("exp_basic"), []score.Number{n("exp_personnel"), n("exp_public")}, tol, "人员经费 + 公用经费", "基本支出合计")
	compareSum(p, n("exp_total"), []score.Number{n("exp_basic"), n("exp_project")}, tol, "基本支出合计 + 项目支出", "本年支出合计")
	for _, bd := range s.Source.Layout.Accounts.Breakdowns {
		var parts []score.Number
		for _, it := range s.Breakdowns[bd.Key] {
			parts = append(parts, it.Amount)
		}
		compareSum(p, n("exp_total"), parts, tol, strings.TrimSuffix(bd.Label, "划分")+"各科目之和", "本年支出合计")
		for _, t := range s.BreakdownTotals[bd.Key] {
			what := strings.TrimSuffix(bd.Label, "划分") + "各科目之和"
			if len(t.Parts) != len(parts) {
				what = "上面各科目（至上一个合计行）之和"
			}
			compareSum(p, t.Amount, t.Parts, tol, what, t.Label)
		}
	}
	compareSum(p, n("assets_total"), []score.Number{n("assets_current"), n("assets_noncurrent")}, tol, "流动资产 + 非流动资产", "资产总额")
	compareSum(p, n("staff_authorized"), []score.Number{n("staff_authorized_admin"), n("staff_authorized_inst")}, decimal.Zero, "行政编制 + 事业编制", "核定编制")
	compareSum(p, n("staff_actual"), []score.Number{n("staff_actual_admin"), n("staff_actual_worker"), n("staff_actual_inst")}, decimal.Zero, "行政人员 + 工勤人员 + 事业人员", "实有人数")
	compareTableTotals(p)
	return nil
}

// compareTableTotals checks each total row of 绩效指标 (合计, 总计, 总分 …)
// against the indicator rows, and each 小计 row against its 一级指标's rows:
// its 分值 against their weights, its 得分 against their self-scores. Forms differ on whether the table's total
// includes the budget execution of 资金情况 (90 or 100 under the default
// rulebook), so either sum will do; the finding is at the total's cell
// when it is neither. A blank total cell is not a finding, a 0 is a total.
// A 得分 total rounded as the declared total may be (94 for 94.44) is
// rounding, and only info.
func compareTableTotals(p *Pass) {
	s, rb := p.Form, p.Rules
	budget, _ := s.BudgetLine(template.BudgetTotal)
	budgetWeight := budget.Weight
	if !budgetWeight.OK {
		budgetWeight = score.Number{Value: rb.Budget.Weight, OK: true}
	}
	prev := 0 // the row of the last total row
	for _, t := range s.Source.Totals {
		label := strings.TrimSpace(t.Label.Raw)
		lines, budget, budgetWeight := s.Lines, budget, budgetWeight
		partsOf := "各指标"
		if t.Group != "" || t.Group2 != "" || t.Since {
			// A 小计 sums its level's rows, without the budget execution.
			lines, partsOf = subtotalLines(s, t, prev)
			budget, budgetWeight = score.BudgetLine{}, score.Number{}
		}
		prev = t.Row
		for _, col := range []struct {
			name   string
			cell   template.Cell
			part   func(score.Line) score.Number
			budget score.Number
			places int32 // the rounding that is not a mismatch, or -1
		}{
			{"分值", t.Weight, func(l score.Line) score.Number { return l.Weight }, budgetWeight, -1},
			{"得分", t.SelfScore, func(l score.Line) score.Number { return l.SelfScore }, budget.SelfScore, rb.Total.DeclaredPlaces},
		} {
			total := score.ParseNumber(col.cell, label+"行的"+col.name, template.KindScore)
			if !total.OK {
				continue // blank, or not a figure: nothing to compare
			}
			sum, used, usable := decimal.Zero, 0, true
			for _, l := range lines {
				part := col.part(l)
				if part.OK {
					sum = sum.Add(part.Value)
					used++
				} else if part.Err != "" || part.Unit != "" {
					usable = false // reported elsewhere; its sum would mislead
				}
			}
			if !usable || used == 0 {
				continue
			}
			sums, with := []decimal.Decimal{sum}, ""
			if col.budget.OK {
				all := sum.Add(col.budget.Value)
				sums = append(sums, all)
				with = fmt.Sprintf("（加预算执行%s %s 为 %s）", col.name, col.budget.Value, all)
			}
			nearest := sums[0]
			for _, x := range sums[1:] {
				if x.Sub(total.Value).Abs().LessThan(nearest.Sub(total.Value).Abs()) {
					nearest = x
				}
			}
			diff := nearest.Sub(total.Value).Abs()
			if diff.IsZero() {
				continue
			}
			args := []any{partsOf, col.name, sum, with, label, col.name, total.Value, diff}
			if diff.LessThanOrEqual(rb.Tolerances.Score) || col.places >= 0 && total.Value.Equal(nearest.Round(col.places)) {
				p.ReportRoundingf("sum_mismatch", total.Cell.Ref, "%s%s之和为 %s%s，%s行的%s为 %s，相差 %s；差额在尾差范围内，属四舍五入", args...)
				continue
			}
			p.Reportf(finding.SumMismatch, total.Cell.Ref, "%s%s之和为 %s%s，%s行的%s为 %s，相差 %s；请核对各分项和合计数", args...)
		}
	}
}

// subtotalLines returns the indicator rows a 小计 row sums and how to name
// them: those of the 一级 and 二级 written beside it; else of the level it
// names, a 一级 or a 二级; else (a bare 小计, or a level no row has) the rows
// between the previous total row (after) and it that share the 一级 of the
// row just above it. A 小计 never sums rows below it.
func subtotalLines(s *score.Form, t template.TotalRow, after int) ([]score.Line, string) {
	pick := func(keep func(score.Line) bool) []score.Line {
		var out []score.Line
		for _, l := range s.Lines {
			if keep(l) {
				out = append(out, l)
			}
		}
		return out
	}
	if t.Group2 != "" {
		if ls := pick(func(l score.Line) bool { return l.Level2 == t.Group2 && l.Source.Row < t.Row }); len(ls) > 0 {
			return ls, t.Group2 + "各指标"
		}
	}
	if t.Group != "" {
		if ls := pick(func(l score.Line) bool { return l.Level1 == t.Group }); len(ls) > 0 {
			return ls, t.Group + "各指标"
		}
		if ls := pick(func(l score.Line) bool { return l.Level2 == t.Group }); len(ls) > 0 {
			return ls, t.Group + "各指标"
		}
	}
	// A bare 小计 sums the rows above it, back to the previous total row,
	// of the 一级 of the row just above it.
	level1 := ""
	for _, l := range s.Lines {
		if l.Source.Row < t.Row {
			level1 = l.Level1
		}
	}
	ls := pick(func(l score.Line) bool { return l.Source.Row > after && l.Source.Row < t.Row && l.Level1 == level1 })
	if level1 == "" {
		return ls, "上面各指标（至上一个合计行）"
	}
	return ls, level1 + "各指标"
}

// compareSum reports at the total's cell when the usable parts do not add up
// to it. Nothing is reported when the total or every part is missing: the
// missing cells have their own findings.
func compareSum(p *Pass, total score.Number, parts []score.Number, tol decimal.Decimal, partsLabel, totalLabel string) {
	if !total.OK {
		return
	}
	sum, used := decimal.Zero, 0
	places := decimalPlaces(total.Value)
	for _, part := range parts {
		if part.OK {
			sum = sum.Add(part.Value)
			places = max(places, decimalPlaces(part.Value))
			used++
		} else if part.Err != "" || part.Unit != "" {
			return // an unusable part is reported elsewhere; its sum would mislead
		}
	}
	if used == 0 {
		return
	}
	diff := sum.Sub(total.Value)
	if diff.IsZero() {
		return
	}
	args := []any{partsLabel, sum.StringFixed(places), totalLabel, total.Value.StringFixed(places), diff.Abs().StringFixed(places)}
	if diff.Abs().LessThanOrEqual(tol) {
		p.ReportRoundingf("sum_mismatch", total.Cell.Ref, "%s为 %s，%s为 %s，相差 %s；差额在尾差范围内，属四舍五入", args...)
		return
	}
	p.Reportf(finding.SumMismatch, total.Cell.Ref, "%s为 %s，%s为 %s，相差 %s；请核对各分项和合计数", args...)
}

// decimalPlaces returns how many decimals a figure was written with, so a
// sum is shown as precisely as its parts (10343.6720, not 10343.672).
func decimalPlaces(d decimal.Decimal) int32 {
	return max(0, -d.Exponent())
}
