package draft

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
)

// scoredLine parses and scores one indicator row under the default rulebook,
// as Parse and Score do for a workbook.
func scoredLine(t testing.TB, name string, target, actual template.Cell, weight, self string) score.Line {
	t.Helper()
	in := template.Indicator{Name: template.Cell{Raw: name}, Target: target, Actual: actual, Weight: template.Cell{Raw: weight}, SelfScore: template.Cell{Raw: self}}
	f := score.Parse(&template.Form{Layout: template.Department, Indicators: []template.Indicator{in}})
	score.Score(f, rulebook.DefaultRulebook())
	if len(f.Lines) != 1 {
		t.Fatalf("%d lines parsed, want 1", len(f.Lines))
	}
	return f.Lines[0]
}

func draftCell(s string) template.Cell { return template.Cell{Raw: s} }

func TestIndicatorReason(t *testing.T) {
	tests := []struct {
		what           string
		name           string
		target, actual template.Cell
		weight, self   string
		want           string
	}{
		{
			"higher is better", "交易中心开标", draftCell(">=4000次"), draftCell("3573次"), "1", "0.73",
			"【草拟】年度指标值 >=4000次，实际完成 3573次，完成率 89.33%，扣 0.27 分。主要由于＿＿＿＿（请填写原因），导致交易中心开标未达到预期目标（4000次以上）；后期将＿＿＿＿（请填写改进措施）。",
		},
		{
			"one short", "扩种扩量电子证照", draftCell(">=290种"), draftCell("289种"), "1.5", "1.49",
			"【草拟】年度指标值 >=290种，实际完成 289种，完成率 99.66%，扣 0.01 分。主要由于＿＿＿＿（请填写原因），导致扩种扩量电子证照未达到预期目标（290种以上）；后期将＿＿＿＿（请填写改进措施）。",
		},
		{
			"scaled, as written", "网上业务办理", draftCell("≥16.8万件"), draftCell("15万件"), "3", "3",
			"【草拟】年度指标值 ≥16.8万件，实际完成 15万件，完成率 89.29%，扣 0.8 分。主要由于＿＿＿＿（请填写原因），导致网上业务办理未达到预期目标（16.8万件以上）；后期将＿＿＿＿（请填写改进措施）。",
		},
		{
			"equal target", "推行秒批秒办事项", draftCell("=35项"), draftCell("30项"), "1", "1",
			"【草拟】年度指标值 =35项，实际完成 30项，完成率 85.71%，扣 0.36 分。主要由于＿＿＿＿（请填写原因），导致推行秒批秒办事项未达到预期目标（35项）；后期将＿＿＿＿（请填写改进措施）。",
		},
		{
			"lower is better", "政务外网非不可抗拒大面积瘫痪次数", draftCell("<=3次"), draftCell("5次"), "0.75", "0.5",
			"【草拟】年度指标值 <=3次，实际完成 5次，完成率 60.00%，扣 0.75 分。主要由于＿＿＿＿（请填写原因），导致政务外网非不可抗拒大面积瘫痪次数超出预期目标（3次以下）；后期将＿＿＿＿（请填写改进措施）。",
		},
		{
			"lower is better, strict", "投诉率", draftCell("<2%"), draftCell("2.5%"), "1", "0.5",
			"【草拟】年度指标值 <2%，实际完成 2.5%，完成率 80.00%，扣 0.5 分。主要由于＿＿＿＿（请填写原因），导致投诉率超出预期目标（低于2%）；后期将＿＿＿＿（请填写改进措施）。",
		},
		{
			// Lower is better by its name (the rulebook's lower_is_better),
			// no operator written: the draft says 超出, not 未达到.
			"lower is better by name", "群众投诉率", draftCell("5%"), draftCell("8%"), "1", "0.6",
			"【草拟】年度指标值 5%，实际完成 8%，完成率 62.50%，扣 0.94 分。主要由于＿＿＿＿（请填写原因），导致群众投诉率超出预期目标（5%以下）；后期将＿＿＿＿（请填写改进措施）。",
		},
		{
			"percent", "政务服务工作效率可持续提升", draftCell(">=95%"), draftCell("90%"), "10", "8.68",
			"【草拟】年度指标值 >=95%，实际完成 90%，完成率 94.74%，扣 1.32 分。主要由于＿＿＿＿（请填写原因），导致政务服务工作效率可持续提升未达到预期目标（95%以上）；后期将＿＿＿＿（请填写改进措施）。",
		},
		{
			"percent-formatted cells", "网上业务可办率", template.Cell{Raw: "0.95", Percent: true}, template.Cell{Raw: "0.9", Percent: true}, "2", "2",
			"【草拟】年度指标值 95%，实际完成 90%，完成率 94.74%，扣 0.26 分。主要由于＿＿＿＿（请填写原因），导致网上业务可办率未达到预期目标（95%）；后期将＿＿＿＿（请填写改进措施）。",
		},
		{
			"qualitative", "政务公开工作", draftCell("达成预期指标"), draftCell("基本达成"), "2", "2",
			"【草拟】年度指标值 达成预期指标，实际完成 基本达成，扣 0.4 分。主要由于＿＿＿＿（请填写原因），导致政务公开工作未达到预期目标（达成预期指标）；后期将＿＿＿＿（请填写改进措施）。",
		},
		{
			"date", "平台上线时间", draftCell("2022年12月31日前"), draftCell("2023年3月15日"), "0.5", "0.5",
			"【草拟】年度指标值 2022年12月31日前，实际完成 2023年3月15日，扣 0.5 分。主要由于＿＿＿＿（请填写原因），导致平台上线时间未能在预期时间（2022年12月31日前）完成；后期将＿＿＿＿（请填写改进措施）。",
		},
		{
			"date-formatted cells", "平台上线时间", template.Cell{Raw: "44926", Date: true}, template.Cell{Raw: "45000", Date: true}, "0.5", "0",
			"【草拟】年度指标值 2022年12月31日，实际完成 2023年3月15日，扣 0.5 分。主要由于＿＿＿＿（请填写原因），导致平台上线时间未能在预期时间（2022年12月31日）完成；后期将＿＿＿＿（请填写改进措施）。",
		},
		{
			"met, self-scored down", "电子证件照覆盖率", draftCell(">=95%"), draftCell("100%"), "1.5", "1",
			"【草拟】年度指标值 >=95%，实际完成 100%，完成率 105.26%，自评扣 0.5 分。主要由于＿＿＿＿（请填写自评扣分的原因），导致电子证件照覆盖率自评未得满分；后期将＿＿＿＿（请填写改进措施）。",
		},
		{
			"unscored: units differ", "政务外网承载业务数量", draftCell(">=160个"), draftCell("150项"), "1", "0.8",
			"【草拟】年度指标值 >=160个，实际完成 150项，自评扣 0.2 分。主要由于＿＿＿＿（请填写原因），导致政务外网承载业务数量未达到预期目标（160个以上）；后期将＿＿＿＿（请填写改进措施）。",
		},
		{
			"nothing but a self-score", "", draftCell(""), draftCell(""), "1", "0",
			"【草拟】自评扣 1 分。主要由于＿＿＿＿（请填写原因），导致该指标未达到预期目标；后期将＿＿＿＿（请填写改进措施）。",
		},
	}
	for _, tt := range tests {
		l := scoredLine(t, tt.name, tt.target, tt.actual, tt.weight, tt.self)
		if got := IndicatorReason(l); got != tt.want {
			t.Errorf("%s: IndicatorReason(%q, %q) =\n  %s\nwant\n  %s", tt.what, tt.target.Raw, tt.actual.Raw, got, tt.want)
		}
	}

	// Met but scored down, as a rulebook's overshoot penalty (目标设定偏离) does.
	l := scoredLine(t, "网上业务办理", draftCell(">=16.8万件"), draftCell("200万件"), "3", "3")
	l.Score = decimal.NewFromInt(1)
	want := "【草拟】年度指标值 >=16.8万件，实际完成 200万件，完成率 1190.48%，扣 2 分。主要由于＿＿＿＿（请填写原因），导致网上业务办理未得满分；后期将＿＿＿＿（请填写改进措施）。"
	if got := IndicatorReason(l); got != want {
		t.Errorf("overshoot: IndicatorReason =\n  %s\nwant\n  %s", got, want)
	}
}

func TestBudgetReason(t *testing.T) {
	amount := func(s string) score.Number {
		return score.ParseNumber(template.Cell{Raw: s}, "", template.KindAmount)
	}
	line := func(budget, execution string) score.BudgetLine {
		b := score.BudgetLine{Key: template.BudgetTotal, Budget: amount(budget), Execution: amount(execution)}
		if b.Budget.OK && b.Execution.OK && !b.Budget.Value.IsZero() {
			b.Rate, b.RateOK = b.Execution.Value.DivRound(b.Budget.Value, rulebook.RatioPlaces), true
		}
		return b
	}
	dec := decimal.RequireFromString
	tests := []struct {
		what          string
		b             score.BudgetLine
		score, weight decimal.Decimal
		want          string
	}{
		{
			"seed", line("10343.6719", "9452.1302"), dec("7"), dec("10"),
			"【草拟】全年预算数 10343.6719 万元，全年执行数 9452.1302 万元，执行率 91.38%，预算执行得 7 分（满分 10 分）。主要由于＿＿＿＿（请填写资金未执行的原因），导致预算执行率未达到 100%；后期将＿＿＿＿（请填写改进措施）。",
		},
		{
			"whole amounts keep four places", line("726", "680.69"), dec("7"), dec("10"),
			"【草拟】全年预算数 726.0000 万元，全年执行数 680.6900 万元，执行率 93.76%，预算执行得 7 分（满分 10 分）。主要由于＿＿＿＿（请填写资金未执行的原因），导致预算执行率未达到 100%；后期将＿＿＿＿（请填写改进措施）。",
		},
		{
			"no weight", line("100", "50"), dec("0"), decimal.Zero,
			"【草拟】全年预算数 100.0000 万元，全年执行数 50.0000 万元，执行率 50.00%，预算执行得 0 分。主要由于＿＿＿＿（请填写资金未执行的原因），导致预算执行率未达到 100%；后期将＿＿＿＿（请填写改进措施）。",
		},
	}
	for _, tt := range tests {
		if got := BudgetReason(tt.b, tt.score, tt.weight); got != tt.want {
			t.Errorf("%s: BudgetReason(%s, %s, %s, %s) =\n  %s\nwant\n  %s", tt.what, tt.b.Budget.Cell.Raw, tt.b.Execution.Cell.Raw, tt.score, tt.weight, got, tt.want)
		}
	}
}

func TestIsUnfinishedDraft(t *testing.T) {
	l := scoredLine(t, "交易中心开标", draftCell(">=4000次"), draftCell("3573次"), "1", "0.73")
	filled := strings.NewReplacer(score.BlankCause, "省属项目转移及疫情原因", score.BlankRemedy, "及时跟进工作任务完成情况").Replace(IndicatorReason(l))
	tests := []struct {
		reason string
		want   bool
	}{
		{IndicatorReason(l), true},
		{BudgetReason(score.BudgetLine{}, decimal.Zero, decimal.Zero), true},
		{strings.TrimPrefix(IndicatorReason(l), score.DraftMark), true}, // the mark deleted, the blanks kept
		{filled, false},
		// The blanks deleted, the prompts kept; underscores typed over them.
		{strings.ReplaceAll(IndicatorReason(l), score.DraftBlank, ""), true},
		{strings.ReplaceAll(strings.ReplaceAll(IndicatorReason(l), score.DraftBlank, "____"), "（", "("), true},
		{strings.ReplaceAll(IndicatorReason(l), score.DraftBlank, "____"), true},
		{"主要由于(请填写原因)，导致未完成；后期将(请填写改进措施)。", true},
		// A department's own text with a blank in it is no draft.
		{"主要由于系统对接延迟，编号为___的证照目录未能上线；后期将加快对接。", false},
		{"无偏差。填表人签字：＿＿＿＿", false},
		{"主要由于＿＿＿＿，导致交易中心开标未达到预期目标；后期将＿＿＿＿。", true}, // the prompts deleted, the mark too
		{"主要由于省属项目转移及疫情原因，导致交易中心开标次数未达到预期目标（4000次以上）；后期将及时跟进工作任务完成情况，结合实际及时调整目标任务。", false},
		{"", false},
		{"无", false},
	}
	for _, tt := range tests {
		if got := score.IsUnfinishedDraft(tt.reason); got != tt.want {
			t.Errorf("IsUnfinishedDraft(%q) = %v, want %v", tt.reason, got, tt.want)
		}
	}
}
