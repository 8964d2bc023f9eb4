package check

import (
	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline/finding"
)

// DuplicateColumn reports a header repeated in the 资金情况 or 绩效指标
// table. The reader reads the leftmost column of that header and not the
// other; when the other holds different figures, which of the two the
// department meant cannot be told, an error. An empty repeat, or one
// holding the same, is only to be tidied up: a warning.
var DuplicateColumn = &Check{
	Name:  "duplicate_column",
	Codes: []finding.Code{finding.DuplicateColumn},
	Forms: allForms,
	Run:   runDuplicateColumn,
}

func runDuplicateColumn(p *Pass) error {
	for _, d := range p.Form.Source.DuplicateColumns {
		read, repeat := colName(d.Read.Col), colName(d.Ref.Col)
		if d.Differs {
			p.Reportf(finding.DuplicateColumn, d.Ref, "%s的表头“%s”出现了两次（%s 列和 %s 列），两列填写的内容不同；已按 %s 列审核，%s 列没有审核。请核实哪一列是要报送的，删除另一列或改用其他表头", d.Ref.Sheet, d.Header, read, repeat, read, repeat)
			continue
		}
		p.ReportSevf(finding.DuplicateColumn, finding.Warning, d.Ref, "%s的表头“%s”出现了两次（%s 列和 %s 列）；%s 列是空的或与 %s 列相同，已按 %s 列审核。请删除多余的 %s 列", d.Ref.Sheet, d.Header, read, repeat, repeat, read, read, repeat)
	}
	return nil
}

// colName is the letter name of a 1-based column: 5 is E.
func colName(col int) string {
	name, err := excelize.ColumnNumberToName(col)
	if err != nil {
		return "?"
	}
	return name
}
