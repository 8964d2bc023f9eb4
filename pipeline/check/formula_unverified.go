package check

import (
	"github.com/perfeval/perfeval/pipeline/finding"
)

// FormulaUnverified reports a formula of the form that was not recomputed,
// so that its saved result, which the review reads, is unchecked: it calls
// a function whose result changes (TODAY) or that is not recomputed,
// refers to a defined name or a whole column, or lies beyond the reader's
// budget. Info: nothing is known to be wrong.
var FormulaUnverified = &Check{
	Name:  "formula_unverified",
	Codes: []finding.Code{finding.FormulaUnverified},
	Forms: allForms,
	Run:   runFormulaUnverified,
}

func runFormulaUnverified(p *Pass) error {
	f := p.Form.Source
	for _, fc := range f.Formulas {
		if fc.Unverified == "" {
			continue
		}
		p.Reportf(finding.FormulaUnverified, fc.Ref, "单元格的公式“=%s”%s，未能复算核对；审核读取的是工作簿保存的结果%s，请确认它是最新的计算结果", fc.Text, fc.Unverified, shownResult(fc.Cached))
	}
	if f.FormulasOmitted > 0 {
		p.Reportf(finding.FormulaUnverified, f.OmittedAt, "自评表中的公式超过本系统每份工作簿复算的上限，从这个单元格起还有 %d 个公式未复算核对；审核按工作簿保存的结果读取，请确认它们是最新的计算结果", f.FormulasOmitted)
	}
	return nil
}
