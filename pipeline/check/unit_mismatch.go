package check

import (
	"strconv"
	"strings"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/pipeline/value"
	"github.com/perfeval/perfeval/template"
	"github.com/shopspring/decimal"
)

// UnitMismatch reports units that do not match: an amount written in 元 in a
// 万元 column, a count with a unit where none belongs, an actual in 天 against
// a target in 件.
var UnitMismatch = &Check{
	Name:  "unit_mismatch",
	Codes: []finding.Code{finding.UnitMismatch},
	Forms: allForms,
	Run:   runUnitMismatch,
}

func runUnitMismatch(p *Pass) error {
	for _, n := range p.Form.AllNumbers() {
		if n.Unit == "" {
			continue
		}
		switch {
		case n.Kind == template.KindAmount && n.OK:
			p.Reportf(finding.UnitMismatch, n.Cell.Ref, "“%s”填写为“%s”，单位是%s，而本表金额单位为万元；已按 %s 万元复核，请改为以万元填写", n.Label, n.Cell.Raw, n.Unit, n.Value.String())
		case n.Kind == template.KindAmount:
			p.Reportf(finding.UnitMismatch, n.Cell.Ref, "“%s”填写为“%s”，单位“%s”不是金额单位；本表金额单位为万元", n.Label, n.Cell.Raw, n.Unit)
		default:
			p.Reportf(finding.UnitMismatch, n.Cell.Ref, "“%s”填写为“%s”，带有单位“%s”；这里只填数字", n.Label, n.Cell.Raw, n.Unit)
		}
	}
	yuanInWanyuan(p)
	for _, l := range p.Form.Lines {
		t, a := l.Target.Value, l.Actual.Value
		if l.PercentAssumed {
			p.ReportSevf(finding.UnitMismatch, finding.Info, l.Actual.Cell.Ref, "指标“%s”的实际完成值“%s”没有百分号，年度指标值是百分比（%s），已按 %s%% 复核；请核实并写成“%s%%”", l.Title(), l.Actual.Shown(), l.Target.Shown(), l.AssumedPercent, l.AssumedPercent)
			continue
		}
		if !l.Target.OK || !l.Actual.OK || value.Compatible(t, a) {
			continue
		}
		if a.Kind == value.Word && t.Kind == value.Date {
			continue // a deadline answered in words: unparseable_value unless 按时完成 or the like
		}
		hint := "请用与指标值相同的单位填写"
		if h, ok := yearMonthHint(a); ok && t.Kind == value.Date {
			hint = h // 2023.03 against a deadline: a month, most likely
		}
		if a.Kind == value.Word {
			// 达成预期指标 against >=4000次: the count is what is scored.
			hint = "请按指标值的单位填写实际完成的数值，不能只填定性评价"
		}
		if t.Kind == value.Percent && a.Kind == value.Number && a.Unit == "" && a.Prefix == "" && !a.Num.GreaterThan(one) && a.Num.IsPositive() {
			// 0.9612 where 96.12% was meant: a fraction in a cell without
			// the percent format. Only the department knows.
			hint = "如果是 " + a.Num.Mul(hundred).String() + "%，请写成“" + a.Num.Mul(hundred).String() + "%”或把单元格设为百分比格式"
		}
		p.Reportf(finding.UnitMismatch, l.Actual.Cell.Ref, "指标“%s”的实际完成值“%s”与年度指标值“%s”单位或类型不一致（%s 对 %s），无法计算完成率；%s", l.Title(), l.Actual.Shown(), l.Target.Shown(), describe(a), describe(t), hint)
	}
	return nil
}

// yearMonthHint reads a bare number such as 2023.03 as the month it may
// mean and says how to write it. 2023.1 may have been 2023.10 before a
// number cell dropped the zero: both months are named.
func yearMonthHint(v value.Value) (string, bool) {
	if v.Kind != value.Number || v.Unit != "" || v.Prefix != "" || v.Op != value.OpNone {
		return "", false
	}
	y, frac, ok := strings.Cut(v.Num.String(), ".")
	m, err := strconv.Atoi(frac)
	if !ok || len(y) != 4 || len(frac) > 2 || err != nil || m < 1 || m > 12 {
		return "", false
	}
	month := y + "年" + strconv.Itoa(m) + "月"
	if len(frac) == 1 && m == 1 {
		return "如果是 " + month + "或" + y + "年10月，请写成“" + month + "”或“" + y + "年10月”，或写明完成日期", true
	}
	return "如果是 " + month + "，请写成“" + month + "”或写明完成日期", true
}

// describe names a value's kind and unit in Chinese.
func describe(v value.Value) string {
	switch v.Kind {
	case value.Percent:
		return "百分比"
	case value.Date:
		return "日期"
	case value.Word:
		return "定性评价"
	}
	if v.Unit == "" {
		return "无单位数字"
	}
	return "单位“" + v.Unit + "”"
}

// yuanInWanyuan reports a 资金情况 amount that is about 10,000 times what
// it stands beside: the execution beside its budget, or a fund source
// beside the 年度资金总额. Typed in 元 in a 万元 column, most likely: a
// rate of 1,000,000% is no rate.
func yuanInWanyuan(p *Pass) {
	s := p.Form
	lo, hi := decimal.NewFromInt(5000), decimal.NewFromInt(20000)
	about := func(big, small score.Number) bool {
		if !big.OK || !small.OK || !small.Value.IsPositive() || big.Unit != "" {
			return false
		}
		r := big.Value.Div(small.Value)
		return r.GreaterThanOrEqual(lo) && r.LessThanOrEqual(hi)
	}
	report := func(big, small score.Number) {
		p.Reportf(finding.UnitMismatch, big.Cell.Ref, "“%s”填写为 %s，是“%s” %s 的约 %s 倍，像是以元填写的；本表金额单位为万元，请核对（以万元计应为 %s）",
			big.Label, big.Value, small.Label, small.Value, big.Value.Div(small.Value).Round(0), big.Value.Shift(-4))
	}
	total, hasTotal := s.BudgetLine(template.BudgetTotal)
	for _, b := range s.Budget {
		// Only the side that cannot be that large is flagged: execution
		// far above its budget, a part far above the total. The other way
		// round, a rate of 0.01% may be true.
		if about(b.Execution, b.Budget) {
			report(b.Execution, b.Budget)
			continue
		}
		if !hasTotal || b.Key == template.BudgetTotal {
			continue
		}
		for _, pair := range [][2]score.Number{{b.Budget, total.Budget}, {b.Execution, total.Execution}} {
			if about(pair[0], pair[1]) {
				report(pair[0], pair[1])
			}
		}
	}
}
