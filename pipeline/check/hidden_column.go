package check

import (
	"github.com/perfeval/perfeval/pipeline/finding"
)

// HiddenColumn reports each hidden column that holds part of the form: a
// column of the 资金情况 or 绩效指标 table, or the label or value column of
// a sheet of label/value rows. Like a hidden row it is read and scored as
// usual, but the printed and signed copy, and a PDF made from it, lack the
// whole column (every indicator's 实际完成值, say): a warning, where a
// hidden row is only info.
var HiddenColumn = &Check{
	Name:  "hidden_column",
	Codes: []finding.Code{finding.HiddenColumn},
	Forms: allForms,
	Run:   runHiddenColumn,
}

func runHiddenColumn(p *Pass) error {
	for _, h := range p.Form.Source.HiddenColumns {
		p.Reportf(finding.HiddenColumn, h.Ref, "%s的 %s 列（%s）被隐藏；已照常审核和评分，但打印件和 PDF 上没有这一列，请取消隐藏后报送", h.Ref.Sheet, colName(h.Ref.Col), h.Label)
	}
	return nil
}
