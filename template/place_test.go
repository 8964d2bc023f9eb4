package template

import "testing"

// TestPlace names cells as a person finds them on the printed form.
func TestPlace(t *testing.T) {
	l := Department
	cell := func(sheet string, row, col int, raw string) Cell {
		return Cell{Ref: Ref{Sheet: sheet, Row: row, Col: col}, Raw: raw}
	}
	f := &Form{
		Layout: l,
		Fields: map[string]Cell{
			"declared_total": cell(l.Info.Name, 10, 2, "96"),
			"budget_reason":  cell(l.Budget.Name, 9, 2, "/"),
			"exp_total":      cell(l.Accounts.Name, 13, 2, "9452.13"),
		},
		Budget: []BudgetRow{{Key: BudgetOther, Label: "其他资金", Row: 5, Cells: map[string]Cell{
			BudgetColPlan: cell(l.Budget.Name, 5, 2, "726"),
			BudgetColRate: cell(l.Budget.Name, 5, 5, "95"),
		}}},
		Indicators: []Indicator{{Row: 13, Name: cell(l.Indicators.Name, 13, 3, " 交易中心\n开标 ")}},
		Totals:     []TotalRow{{Row: 50, Label: cell(l.Indicators.Name, 50, 1, "合计")}},
		Breakdowns: map[string][]Item{"by_function": {{Label: cell(l.Accounts.Name, 19, 1, "一般公共服务支出"), Amount: cell(l.Accounts.Name, 19, 2, "10")}}},
		Columns:    map[string]int{ColName: 3, ColSelfScore: 7, ColWeight: 6},
		HeaderRow:  2,
	}
	for _, tc := range []struct {
		ref  Ref
		want string
	}{
		{Ref{Sheet: l.Info.Name, Row: 10, Col: 2}, "基本信息页“自评总分”"},
		{Ref{Sheet: l.Budget.Name, Row: 5, Col: 5}, "整体支出规模（万元）页“其他资金”行“执行率（%）”列"},
		{Ref{Sheet: l.Budget.Name, Row: 5, Col: 1}, "整体支出规模（万元）页“其他资金”行“项目”列"},
		{Ref{Sheet: l.Budget.Name, Row: 9, Col: 2}, "整体支出规模（万元）页“预算执行率偏差原因分析及改进措施”"},
		{Ref{Sheet: l.Indicators.Name, Row: 13, Col: 7}, "绩效指标页“交易中心 开标”行“得分”列"},
		{Ref{Sheet: l.Indicators.Name, Row: 13}, "绩效指标页“交易中心 开标”行"},
		{Ref{Sheet: l.Indicators.Name, Row: 50, Col: 6}, "绩效指标页“合计”行“分值”列"},
		{Ref{Sheet: l.Indicators.Name, Row: 2, Col: 6}, "绩效指标页表头“分值”列"},
		{Ref{Sheet: l.Indicators.Name, Row: 60, Col: 3}, "绩效指标页第 60 行“三级指标”列"},
		{Ref{Sheet: l.Indicators.Name}, "绩效指标页"},
		{Ref{Sheet: l.Accounts.Name, Row: 13, Col: 2}, "部门决算收支情况表（万元）页“本年支出合计”"},
		{Ref{Sheet: l.Accounts.Name, Row: 19, Col: 2}, "部门决算收支情况表（万元）页按支出功能科目划分“一般公共服务支出”"},
		{Ref{Sheet: " 资金情况", Row: 5, Col: 2}, "整体支出规模（万元）页“其他资金”行“全年预算数（万元）”列"},
		{Ref{Sheet: "其他表", Row: 1, Col: 1}, ""},
		{Ref{}, ""},
	} {
		if got := f.Place(tc.ref); got != tc.want {
			t.Errorf("Place(%v) = %q, want %q", tc.ref, got, tc.want)
		}
	}
}
