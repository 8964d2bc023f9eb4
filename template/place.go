package template

import (
	"fmt"
	"strings"
)

// NotesHeading starts the heading of the numbered 审核意见 list an
// annotated copy prints below a sheet's table; the reader stops a table
// there.
const NotesHeading = "审核意见"

// Place returns where a cell is for a person holding the printout, which
// has no row numbers or column letters and whose page titles are not the
// sheet names: the sheet's printed title, the row's label (a field, a
// budget row, an indicator's name) and the column's header, such as
// 整体支出规模（万元）页“其他资金”行“执行率（%）”列 for 资金情况!E5, or
// 基本信息页“自评总分” for a field. A Ref naming a whole sheet gives its
// title alone; one outside the layout's sheets, or the zero Ref, gives "".
// A row the form does not label is given by its number.
func (f *Form) Place(ref Ref) string {
	l := f.Layout
	if l == nil || ref.Sheet == "" {
		return ""
	}
	sheet := Norm(ref.Sheet)
	var title string
	switch sheet {
	case Norm(l.Info.Name):
		title = l.Info.Title
	case Norm(l.Goals.Name):
		title = l.Goals.Title
	case Norm(l.Budget.Name):
		title = l.Budget.Title
	case Norm(l.Indicators.Name):
		title = l.Indicators.Title
	case Norm(l.Accounts.Name):
		title = l.Accounts.Title
	case Norm(l.GuideSheet):
		title = l.GuideSheet
	default:
		return ""
	}
	page := title + "页"
	if ref.Row <= 0 {
		return page
	}
	same := func(c Cell) bool { return c.Ref.Row == ref.Row && Norm(c.Ref.Sheet) == sheet }
	// A field of a label/value sheet, the budget's reason among them.
	for _, fs := range []FieldSheet{l.Info, l.Goals, {Name: l.Accounts.Name, Fields: l.Accounts.Fields}, {Name: l.Budget.Name, Fields: []Field{l.Budget.Reason}}} {
		if Norm(fs.Name) != sheet {
			continue
		}
		for _, fd := range fs.Fields {
			if c, ok := f.Fields[fd.Key]; ok && same(c) {
				return page + placeQuoted(fd.Label)
			}
		}
	}
	row, col, header := "", "", false
	switch sheet {
	case Norm(l.Budget.Name):
		for _, b := range f.Budget {
			if b.Row != ref.Row {
				continue
			}
			row = b.Label
			for key, c := range b.Cells {
				if c.Ref.Col == ref.Col {
					col = budgetHeader(l, key)
				}
			}
		}
		if ref.Col == 1 && row != "" {
			col = budgetHeader(l, BudgetColLabel)
		}
	case Norm(l.Indicators.Name):
		header = ref.Row == f.HeaderRow
		for _, in := range f.Indicators {
			if in.Row == ref.Row {
				row = in.Name.Raw
				if strings.TrimSpace(row) == "" {
					row = "未填名称的指标"
				}
			}
		}
		for _, t := range f.Totals {
			if t.Row == ref.Row {
				row = t.Label.Raw
			}
		}
		for key, c := range f.Columns {
			if c == ref.Col && ref.Col > 0 {
				if tc := l.Indicators.Column(key); tc != nil {
					col = tc.Header
				}
			}
		}
	case Norm(l.Accounts.Name):
		for _, b := range l.Accounts.Breakdowns {
			for _, it := range f.Breakdowns[b.Key] {
				if same(it.Label) || same(it.Amount) {
					return page + b.Label + placeQuoted(it.Label.Raw)
				}
			}
		}
	}
	switch {
	case header:
		row = "表头"
	case row == "":
		row = fmt.Sprintf("第 %d 行", ref.Row)
	default:
		row = placeQuoted(row) + "行"
	}
	if col != "" {
		return page + row + placeQuoted(col) + "列"
	}
	return page + row
}

// placeQuoted is s in Chinese quotation marks, its spaces and line breaks
// folded into single spaces.
func placeQuoted(s string) string {
	return "“" + strings.Join(strings.Fields(s), " ") + "”"
}

// budgetHeader returns the header of the 资金情况 column with the key.
func budgetHeader(l *Layout, key string) string {
	for _, c := range l.Budget.Columns {
		if c.Key == key {
			return c.Header
		}
	}
	return ""
}
