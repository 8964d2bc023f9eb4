package check

import (
	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
)

// CrossTableMismatch reports 资金情况 figures that disagree with the final
// accounts on 决算收支: the annual budget against the year's income plus the
// opening carry-over, the fiscal budget against the fiscal income, and each
// execution figure against the corresponding expenditure.
var CrossTableMismatch = &Check{
	Name:  "cross_table_mismatch",
	Codes: []finding.Code{finding.CrossTableMismatch},
	Forms: []string{template.FormDepartment},
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
	line := func(key string) score.BudgetLine { b, _ := s.BudgetLine(key); return b }
	compare := func(form score.Number, accounts decimal.Decimal, ok bool, what, accountsLabel string) {
		if !form.OK || !ok {
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
	income, ok := n("income_total", "opening_fiscal", "opening_other")
	compare(line(template.BudgetTotal).Budget, income, ok, "年度资金总额全年预算数", "收入总计（本年收入合计 + 年初结转和结余）")
	fiscal, ok := n("income_general", "income_fund", "opening_fiscal")
	compare(line(template.BudgetFiscal).Budget, fiscal, ok, "财政拨款全年预算数", "财政拨款收入（含年初财政拨款结转）")
	exp, ok := n("exp_total")
	compare(line(template.BudgetTotal).Execution, exp, ok, "年度资金总额全年执行数", "本年支出合计")
	basic, ok := n("exp_basic")
	compare(line(template.BudgetBasic).Execution, basic, ok, "基本支出全年执行数", "基本支出合计")
	project, ok := n("exp_project")
	compare(line(template.BudgetProject).Execution, project, ok, "项目支出全年执行数", "项目支出")
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
