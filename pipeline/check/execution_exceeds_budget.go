package check

import (
	"github.com/perfeval/perfeval/pipeline/finding"
)

// ExecutionExceedsBudget reports a 资金情况 row whose execution is above its
// budget: spending beyond the budget needs an adjustment or an explanation.
var ExecutionExceedsBudget = &Check{
	Name:  "execution_exceeds_budget",
	Codes: []finding.Code{finding.ExecutionExceedsBudget},
	Forms: allForms,
	Run:   runExecutionExceedsBudget,
}

func runExecutionExceedsBudget(p *Pass) error {
	tol := p.Rules.Tolerances.Amount
	for _, b := range p.Form.Budget {
		if b.Budget.OK && b.Execution.OK && b.Execution.Value.Sub(b.Budget.Value).GreaterThan(tol) {
			p.Reportf(finding.ExecutionExceedsBudget, b.Execution.Cell.Ref, "“%s”全年执行数 %s 万元大于全年预算数 %s 万元（超出 %s 万元）；请核实是否有预算调整或填写有误", b.Label, b.Execution.Value, b.Budget.Value, b.Execution.Value.Sub(b.Budget.Value))
		}
	}
	return nil
}
