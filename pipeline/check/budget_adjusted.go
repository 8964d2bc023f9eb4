package check

import (
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
)

// BudgetAdjusted notes a project whose adjusted 全年预算数 moved far from the
// 年初预算数 (more than the rulebook's thresholds.budget_adjustment): the
// execution rate is measured against the adjusted budget, so a budget cut
// in the year lifts the rate, and the reviewer wants the reason.
var BudgetAdjusted = &Check{
	Name:  "budget_adjusted",
	Codes: []finding.Code{finding.BudgetAdjusted},
	Forms: allForms,
	Run:   runBudgetAdjusted,
}

func runBudgetAdjusted(p *Pass) error {
	limit := p.Rules.Thresholds.BudgetAdjustment
	b, ok := p.Form.BudgetLine(template.BudgetTotal)
	if !ok || !limit.IsPositive() || !b.Initial.OK || !b.Budget.OK || !b.Initial.Value.IsPositive() {
		return nil
	}
	diff := b.Budget.Value.Sub(b.Initial.Value)
	share := diff.Abs().Div(b.Initial.Value)
	if !share.GreaterThan(limit.Decimal) {
		return nil
	}
	way := "调增"
	if diff.IsNegative() {
		way = "调减"
	}
	p.Reportf(finding.BudgetAdjusted, b.Budget.Cell.Ref, "“%s”全年预算数 %s 万元比年初预算数 %s 万元%s %s 万元（%s%%），超过评分规则的 %s；预算执行率按调整后的全年预算数计算，请在预算执行率偏差原因分析中说明预算调整的原因",
		b.Label, b.Budget.Value, b.Initial.Value, way, diff.Abs(), score.PercentText(share.Mul(hundred)), limit.Percent())
	return nil
}
