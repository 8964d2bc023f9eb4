package check

import (
	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/score"
)

// CrossTableMismatch reports 资金情况 figures that disagree with the final
// accounts on 决算收支: the annual budget against the year's income plus the
// opening carry-over, the fiscal budget against the fiscal income, and each
// execution figure against the corresponding expenditure: the layout's
// CrossChecks, so a form without final accounts has none.
var CrossTableMismatch = &Check{
	Name:  "cross_table_mismatch",
	Codes: []finding.Code{finding.CrossTableMismatch},
	Forms: allForms,
	Run:   runCrossTableMismatch,
}

func runCrossTableMismatch(p *Pass) error {
	s := p.Form
	n := func(keys ...string) (decimal.Decimal, bool) {
		sum, any := decimal.Zero, false
		for _, k := range keys {
			v, ok := s.Numbers[k]
			if ok && v.OK {
				sum, any = sum.Add(v.Value), true
			} else if ok && (v.Err != "" || v.Unit != "") {
				return decimal.Zero, false
			}
		}
		return sum, any
	}
	compare := func(form score.Number, accounts decimal.Decimal, what, accountsLabel string) {
		if !form.OK {
			return
		}
		diff := form.Value.Sub(accounts)
		if diff.Abs().LessThanOrEqual(p.Rules.Tolerances.Amount) {
			return
		}
		hint := "请核对自评表与部门决算是否一致"
		if u := tenThousandfold(form.Value, accounts); u != "" {
			hint = u
		}
		p.Reportf(finding.CrossTableMismatch, form.Cell.Ref, "%s %s 万元，决算收支表%s为 %s 万元，相差 %s 万元；%s", what, form.Value, accountsLabel, accounts, diff.Abs(), hint)
	}
	for _, cc := range s.Source.Layout.CrossChecks {
		accounts, ok := n(cc.Accounts...)
		if !ok {
			continue
		}
		b, _ := s.BudgetLine(cc.BudgetRow)
		compare(budgetCell(b, cc.BudgetCol), accounts, cc.What, cc.AccountsLabel)
	}
	return nil
}

// tenThousandfold says which table seems to be written in 元 when one figure
// is about 10,000 times the other, or "": a plain number typed in 元 into a
// 万元 column carries no unit to tell it by.
func tenThousandfold(form, accounts decimal.Decimal) string {
	if !form.IsPositive() || !accounts.IsPositive() {
		return ""
	}
	ratio := form.DivRound(accounts, rulebook.RatioPlaces)
	switch {
	case ratio.GreaterThan(decimal.NewFromInt(9000)) && ratio.LessThan(decimal.NewFromInt(11000)):
		return "自评表的数约为决算数的 1 万倍，可能是按元填写的；本表金额单位为万元，请换算后填写"
	case ratio.GreaterThan(decimal.New(9, -5)) && ratio.LessThan(decimal.New(11, -5)):
		return "决算数约为自评表的数的 1 万倍，决算收支表可能是按元填写的；本表金额单位为万元，请换算后填写"
	}
	return ""
}
