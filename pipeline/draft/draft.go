package draft

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/pipeline/value"
)

// IndicatorReason returns a 偏差原因分析及改进措施 for an indicator that
// fell short, written from its numbers in the register of the form's own
// reasons and marked 【草拟】:
//
//	【草拟】年度指标值 >=4000次，实际完成 3573次，完成率 89.33%，扣 0.27 分。主要由于＿＿＿＿（请填写原因），导致交易中心开标未达到预期目标（4000次以上）；后期将＿＿＿＿（请填写改进措施）。
//
// The facts are the target and actual as written, the completion (for
// numbers and percents) and the points lost: weight − score when the line
// was scored, else weight − self-score, left out when nothing was lost. A
// lower-is-better target missed is "超出预期目标（3次以下）", a date target
// missed is "未能在预期时间（2022年12月31日前）完成", and a target met but
// self-scored below the weight asks for the cause of the deduction. The blanks
// (＿＿＿＿) are for the department to fill.
func IndicatorReason(l score.Line) string {
	var facts []string
	if t := l.Target.Shown(); t != "" {
		facts = append(facts, "年度指标值 "+t)
	}
	if a := l.Actual.Shown(); a != "" {
		facts = append(facts, "实际完成 "+a)
	}
	if l.CompletionOK && l.Actual.OK && (l.Actual.Value.Kind == value.Number || l.Actual.Value.Kind == value.Percent) {
		facts = append(facts, "完成率 "+score.PercentText(l.CompletionPercent())+"%")
	}
	switch {
	case l.Overshoot.IsPositive():
		facts = append(facts, "按目标设定偏离扣 "+l.Overshoot.String()+" 分")
	case l.Scored && l.Weight.OK && l.Score.LessThan(l.Weight.Value):
		facts = append(facts, "扣 "+l.Weight.Value.Sub(l.Score).String()+" 分")
	case l.SelfScore.OK && l.Weight.OK && l.SelfScore.Value.LessThan(l.Weight.Value):
		facts = append(facts, "自评扣 "+l.Weight.Value.Sub(l.SelfScore.Value).String()+" 分")
	}

	name := l.Name
	if name == "" {
		name = "该指标"
	}
	goal := ""
	target := l.Target
	if l.LowerIsBetter {
		// A ceiling by the indicator's name: 投诉率 5% is 5%以下.
		target.Value.Op = value.OpLE
	}
	if g := goalText(target); g != "" {
		goal = "（" + g + "）"
	}
	t := l.Target.Value
	var effect string
	switch {
	case l.Overshoot.IsPositive():
		// Far above the target: the target, not the work, is in question.
		return draft(facts, "主要由于年初目标设定"+score.BlankTargetCause+"，导致"+name+"实际完成远超预期目标"+goal)
	case l.Scored && l.Met && l.Weight.OK && l.Score.LessThan(l.Weight.Value):
		effect = "未得满分"
	case l.Scored && l.Met:
		return draft(facts, "主要由于"+score.BlankSelfCause+"，导致"+name+"自评未得满分")
	case l.Target.OK && t.Kind == value.Date:
		effect = "未能在预期时间" + goal + "完成"
	case l.Scored && (t.Op == value.OpLE || t.Op == value.OpLT || l.LowerIsBetter):
		effect = "超出预期目标" + goal
	default:
		effect = "未达到预期目标" + goal
	}
	return draft(facts, "主要由于"+score.BlankCause+"，导致"+name+effect)
}

// BudgetReason returns a 预算执行率偏差原因分析及改进措施 for a budget
// executed below 100%, from the 年度资金总额 row b, its execution score and
// the weight of that score, marked 【草拟】:
//
//	【草拟】全年预算数 10343.6719 万元，全年执行数 9452.1302 万元，执行率 91.38%，预算执行得 7 分（满分 10 分）。主要由于＿＿＿＿（请填写资金未执行的原因），导致预算执行率未达到 100%；后期将＿＿＿＿（请填写改进措施）。
//
// Amounts keep the form's four places. A figure the row lacks is left out; a
// weight that is not positive (the 分值 cell was empty) leaves out "/10".
func BudgetReason(b score.BudgetLine, points, weight decimal.Decimal) string {
	var facts []string
	if b.Budget.OK {
		facts = append(facts, "全年预算数 "+b.Budget.Value.StringFixed(4)+" 万元")
	}
	if b.Execution.OK {
		facts = append(facts, "全年执行数 "+b.Execution.Value.StringFixed(4)+" 万元")
	}
	if b.RateOK {
		facts = append(facts, "执行率 "+score.PercentText(b.RatePercent())+"%")
	}
	if weight.IsPositive() {
		facts = append(facts, "预算执行得 "+points.String()+" 分（满分 "+weight.String()+" 分）")
	} else {
		facts = append(facts, "预算执行得 "+points.String()+" 分")
	}
	return draft(facts, "主要由于"+score.BlankBudgetCause+"，导致预算执行率未达到 100%")
}

// draft joins the facts and the cause into a marked draft with its remedy.
func draft(facts []string, cause string) string {
	var b strings.Builder
	b.WriteString(score.DraftMark)
	if len(facts) > 0 {
		b.WriteString(strings.Join(facts, "，"))
		b.WriteString("。")
	}
	b.WriteString(cause)
	b.WriteString("；后期将")
	b.WriteString(score.BlankRemedy)
	b.WriteString("。")
	return b.String()
}

// goalText states a target the way the form's reasons do: "290种以上",
// "3次以下", "95%以上", "2022年12月31日前". A target that did not parse is
// shown as written.
func goalText(q score.Quantity) string {
	if !q.OK {
		return q.Shown()
	}
	v := q.Value
	s := v.Text()
	switch v.Kind {
	case value.Number, value.Percent:
		switch v.Op {
		case value.OpGE:
			return s + "以上"
		case value.OpGT:
			return "高于" + s
		case value.OpLE:
			return s + "以下"
		case value.OpLT:
			return "低于" + s
		}
	case value.Date:
		switch v.Op {
		case value.OpLE, value.OpLT:
			return s + "前"
		case value.OpGE, value.OpGT:
			return s + "后"
		}
	}
	return s
}
