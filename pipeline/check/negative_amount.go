package check

import (
	"github.com/perfeval/perfeval/pipeline/finding"
)

// NegativeAmount reports negative amounts, weights and scores, which no form
// may carry.
var NegativeAmount = &Check{
	Name:  "negative_amount",
	Codes: []finding.Code{finding.NegativeAmount},
	Forms: allForms,
	Run:   runNegativeAmount,
}

func runNegativeAmount(p *Pass) error {
	for _, n := range p.Form.AllNumbers() {
		if n.OK && n.Value.IsNegative() {
			p.Reportf(finding.NegativeAmount, n.Cell.Ref, "“%s”为负数（%s）；金额、人数、分值和得分都不能为负，请核实", n.Label, n.Value)
		}
	}
	return nil
}
