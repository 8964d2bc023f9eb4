package template

import (
	"fmt"
	"strings"
)

// A CellName is a name that an audit expression (审核公式) of a rulebook may
// use for a value of the form: 资金情况.年度资金总额.预算数, 基本信息.自评总分,
// 决算收支.按支出功能科目合计, 复核.总分. The names follow from the layout's
// labels and headers, never from a second list, so a label changed in the
// layout changes its name too. Of says where the value comes from; Key and
// Col say which one.
type CellName struct {
	Name string
	Of   NameSource
	// Key is the field key (NameField), the 资金情况 row key (NameBudget,
	// NameBudgetRate) or the breakdown key (NameBreakdownSum).
	Key string
	// Col is the 资金情况 column key of a NameBudget.
	Col string
}

// NameSource says what kind of value a CellName names.
type NameSource int

const (
	// NameField is a numeric field of a field sheet (基本信息, 决算收支).
	NameField NameSource = iota + 1
	// NameBudget is a numeric cell of a 资金情况 row: 预算数, 执行数, 分值,
	// 执行率 (the stated rate, a percent figure) or 得分.
	NameBudget
	// NameBudgetRate is a 资金情况 row's execution ÷ budget, computed, as a
	// percent figure rounded to two places, located at its 执行率 cell.
	NameBudgetRate
	// NameBreakdownSum is the sum of a 决算收支 breakdown's categories,
	// located at the first category's amount.
	NameBreakdownSum
	// NameIndicatorTotal is the indicator scores under the rulebook, summed.
	NameIndicatorTotal
	// NameBudgetScore is the budget execution's score under the rulebook.
	NameBudgetScore
	// NameTotal is the total score under the rulebook.
	NameTotal
)

// ReviewSection is the section of the values a review computes: 复核.总分.
const ReviewSection = "复核"

// CellNames returns every name an audit expression may use with l, in layout
// order: 资金情况 rows and columns, 基本信息 and 决算收支 fields, the 决算收支
// breakdown sums and the 复核 scores. Two labels that give one name are a
// layout bug, reported as an error.
func (l *Layout) CellNames() ([]CellName, error) {
	var names []CellName
	for _, row := range l.Budget.Rows {
		prefix := l.Budget.Name + "." + LabelName(row.Label) + "."
		rate := false
		for _, col := range l.Budget.Columns {
			if !numericKind(col.Kind) {
				continue
			}
			rate = rate || col.Key == BudgetColRate
			names = append(names, CellName{Name: prefix + strings.TrimPrefix(LabelName(col.Header), "全年"), Of: NameBudget, Key: row.Key, Col: col.Key})
		}
		if rate {
			names = append(names, CellName{Name: prefix + "计算执行率", Of: NameBudgetRate, Key: row.Key})
		}
	}
	fields := func(sheet string, fds []Field) {
		for _, fd := range fds {
			switch fd.Kind {
			case KindAmount, KindScore, KindCount, KindRate, KindYear:
				names = append(names, CellName{Name: sheet + "." + LabelName(fd.Label), Of: NameField, Key: fd.Key})
			}
		}
	}
	fields(l.Info.Name, l.Info.Fields)
	fields(l.Accounts.Name, l.Accounts.Fields)
	for _, bd := range l.Accounts.Breakdowns {
		names = append(names, CellName{Name: l.Accounts.Name + "." + strings.TrimSuffix(LabelName(bd.Label), "划分") + "合计", Of: NameBreakdownSum, Key: bd.Key})
	}
	names = append(names,
		CellName{Name: ReviewSection + ".指标得分合计", Of: NameIndicatorTotal},
		CellName{Name: ReviewSection + ".预算执行得分", Of: NameBudgetScore},
		CellName{Name: ReviewSection + ".总分", Of: NameTotal},
	)
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		if seen[n.Name] {
			// Two labels that differ only in a unit or a 其中： prefix.
			return nil, fmt.Errorf("layout %s: cell name %q twice", l.Kind, n.Name)
		}
		seen[n.Name] = true
	}
	return names, nil
}

// IsTextName reports whether name would be a cell of l's field sheets were
// the cell a number: 基本信息.填报人, 总体目标.预期目标. An audit that uses one is
// told the cell is text, not offered a lookalike.
func (l *Layout) IsTextName(name string) bool {
	for _, fs := range []FieldSheet{l.Info, l.Goals, l.Narrative} {
		for _, fd := range fs.Fields {
			if (fd.Kind == KindText || fd.Kind == KindDate) && name == fs.Name+"."+LabelName(fd.Label) {
				return true
			}
		}
	}
	return false
}

// LabelName is a field label or column header as a cell name: the label
// without a leading “其中：” and without a trailing unit in parentheses.
// “其中：流动资产（万元）” is 流动资产.
func LabelName(label string) string {
	s := strings.TrimSpace(label)
	for _, p := range []string{"其中：", "其中:"} {
		s = strings.TrimPrefix(s, p)
	}
	return strings.TrimSpace(StripUnit(s))
}

// StripUnit removes a trailing parenthesised unit, full- or half-width:
// “执行率（%）” is 执行率.
func StripUnit(s string) string {
	for _, p := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if strings.HasSuffix(s, p[1]) {
			if i := strings.LastIndex(s, p[0]); i > 0 {
				return s[:i]
			}
		}
	}
	return s
}
