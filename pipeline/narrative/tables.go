package narrative

import (
	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/template"
)

// Widths of the report's tables on an A4 page with the margins of
// docx.go (8844 twips of text width).
var (
	accountsWidths = []int{2700, 4344, 1800}
	appendixWidths = []int{900, 600, 1000, 2700, 1400, 1400, 1200, 1200, 3558} // landscape: 13958
)

// exact is a figure as the form writes it, unrounded (10343.6719), for the
// appendix, which reproduces the form.
func exact(f Figure) string {
	if !f.OK {
		return MarkMissing
	}
	s := f.Value.String()
	if f.Doubtful {
		s += MarkDoubtful
	}
	return s
}

// label returns the label of a field of the layout.
func (b *builder) label(key string) string {
	fd, _, _ := b.l.Field(key)
	return fd.Label
}

// accountsTable is 表1, the final accounts: income, spending by nature,
// by function and by economic class, each group's name merged down its
// rows.
func (b *builder) accountsTable() *Table {
	d := b.d
	t := &Table{Widths: accountsWidths, Header: 1}
	t.Rows = append(t.Rows, []Cell{{Text: b.word("col_category"), Center: true, Bold: true}, {Text: b.word("col_item"), Center: true, Bold: true}, {Text: b.word("col_amount"), Center: true, Bold: true}})
	type line struct {
		label string
		v     Figure
		bold  bool
	}
	group := func(name string, ls []line) {
		for i, l := range ls {
			t.Rows = append(t.Rows, []Cell{{Text: name, Merge: i > 0, Center: true}, {Text: l.label, Bold: l.bold}, {Text: l.v.String(), Center: true, Bold: l.bold}})
		}
	}
	f := b.field
	var income []line
	for _, it := range d.Income.Items {
		income = append(income, line{label: it.Label, v: it.Amount})
	}
	income = append(income,
		line{b.label("income_total"), d.Income.Total, true},
		line{b.label("opening_fiscal"), d.Income.OpeningFiscal, false},
		line{b.label("opening_other"), d.Income.OpeningOther, false},
		line{b.word("row_income_grand"), d.Income.Grand, true})
	group(b.word("grp_income"), income)
	group(b.word("grp_nature"), []line{
		{b.label("exp_personnel"), f("exp_personnel"), false},
		{b.label("exp_public"), f("exp_public"), false},
		{b.label("exp_basic"), d.Spending.Basic, true},
		{b.label("exp_project"), d.Spending.Project, false},
		{b.label("exp_total"), d.Spending.Total, true},
		{b.label("closing_fiscal"), d.Spending.ClosingFiscal, false},
		{b.label("closing_other"), d.Spending.ClosingOther, false},
		{b.word("row_spending_grand"), Sum(d.Spending.Total, d.Spending.Closing), true},
	})
	for _, bd := range b.l.Accounts.Breakdowns {
		items := d.Spending.ByFunction
		if bd.Key == "by_economic" {
			items = d.Spending.ByEconomic
		}
		var ls []line
		var parts []Figure
		for _, it := range items {
			ls = append(ls, line{label: it.Label, v: it.Amount})
			parts = append(parts, it.Amount)
		}
		sum := Sum(parts...)
		if len(parts) == 0 {
			sum = Figure{}
		}
		ls = append(ls, line{b.word("row_breakdown_sum"), sum, true})
		group(bd.Label, ls)
	}
	return t
}

// appendixTable is the 自评表 as the seed's appendix prints it, with the
// checked figures: the department, the budget execution, the overall goal
// and every indicator with its checked score.
func (b *builder) appendixTable() *Table {
	d, l, rep := b.d, b.l, b.rep
	t := &Table{Widths: appendixWidths}
	hd := func(s string, span int) Cell { return Cell{Text: s, Span: span, Center: true, Bold: true} }
	c := func(s string, span int) Cell { return Cell{Text: s, Span: span, Center: true} }
	sub := MarkMissing
	if v := b.field("sub_units"); v.OK {
		sub = v.String()
	}
	t.Rows = append(t.Rows, []Cell{hd(b.label("dept_name"), 3), c(d.Dept, 3), hd(b.label("sub_units"), 2), c(sub, 1)})

	header := []Cell{hd(l.Budget.Title, 3), hd(l.Budget.Columns[0].Header, 1)}
	for _, key := range []string{template.BudgetColPlan, template.BudgetColExecution, template.BudgetColWeight, template.BudgetColRate, template.BudgetColScore} {
		header = append(header, hd(b.budgetHeader(key), 1))
	}
	t.Rows = append(t.Rows, header)
	for i, row := range rep.Budget.Rows {
		var ref template.Ref
		total := false
		if i < len(b.c.BudgetRows) {
			ref, total = b.c.BudgetRows[i].Ref, b.c.BudgetRows[i].Key == template.BudgetTotal
		}
		weight, score := "—", "—"
		if total {
			weight, score = d.Budget.Weight.String(), d.Budget.Score.String()
		}
		t.Rows = append(t.Rows, []Cell{{Span: 3, Merge: true}, c(row.Name, 1),
			c(exact(b.null(row.Budget, ref)), 1), c(exact(b.null(row.Execution, ref)), 1), c(weight, 1),
			c(b.null(row.Rate.NullDecimal, ref).String(), 1), c(score, 1)})
	}
	reason := d.Budget.Reason
	if reason == "" {
		reason = "—"
	}
	t.Rows = append(t.Rows, []Cell{hd(l.Budget.Reason.Label, 4), {Text: reason, Span: 5}})

	goal := func(key string) string {
		if s := d.Text(key); s != "" {
			return s
		}
		return MarkMissing
	}
	t.Rows = append(t.Rows,
		[]Cell{hd(l.Goals.Title, 3), hd(b.label("goal_expected"), 3), hd(b.label("goal_achieved"), 3)},
		[]Cell{{Span: 3, Merge: true}, {Text: goal("goal_expected"), Span: 3}, {Text: goal("goal_achieved"), Span: 3}})

	ih := func(key string) string {
		if col := l.Indicators.Column(key); col != nil {
			return col.Header
		}
		return ""
	}
	t.Rows = append(t.Rows, []Cell{hd(ih(template.ColLevel1), 1), hd(b.word("w_weight"), 1), hd(ih(template.ColLevel2), 1), hd(ih(template.ColName), 1),
		hd(ih(template.ColTarget), 1), hd(ih(template.ColActual), 1), hd(ih(template.ColWeight), 1), hd(ih(template.ColSelfScore), 1), hd(ih(template.ColReason), 1)})
	weights := map[string]decimal.Decimal{}
	for _, in := range rep.Indicators {
		if in.Weight.Valid {
			weights[in.Level1] = weights[in.Level1].Add(in.Weight.Decimal)
		}
	}
	weightTotal := decimal.Zero
	for i, in := range rep.Indicators {
		id := b.indicator(i, in)
		first1 := i == 0 || rep.Indicators[i-1].Level1 != in.Level1
		first2 := first1 || rep.Indicators[i-1].Level2 != in.Level2
		reason := ""
		if !id.Full {
			reason = id.Reason
		}
		if in.Weight.Valid {
			weightTotal = weightTotal.Add(in.Weight.Decimal)
		}
		t.Rows = append(t.Rows, []Cell{
			{Text: in.Level1, Merge: !first1, Center: true}, {Text: weights[in.Level1].String(), Merge: !first1, Center: true},
			{Text: in.Level2, Merge: !first2, Center: true}, {Text: in.Name},
			c(id.TargetShown, 1), c(in.Actual+doubtMark(id.Score.Doubtful), 1), c(id.Weight.String(), 1), c(id.Score.String(), 1), {Text: reason},
		})
	}
	t.Rows = append(t.Rows, []Cell{hd(b.word("w_total"), 6), c(weightTotal.Add(d.Budget.Weight.Value).String(), 1), c(d.Total.String(), 1), {}})
	return t
}

// budgetHeader returns a 资金情况 column's header without its unit.
func (b *builder) budgetHeader(key string) string {
	for _, col := range b.l.Budget.Columns {
		if col.Key == key {
			return template.StripUnit(col.Header)
		}
	}
	return ""
}

func doubtMark(doubtful bool) string {
	if doubtful {
		return MarkDoubtful
	}
	return ""
}
