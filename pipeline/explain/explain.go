package explain

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/pipeline/value"
	"github.com/perfeval/perfeval/template"
)

// TemplateData returns what a blank template for year needs from rb: the
// rulebook's id for _meta, its 一级/二级指标 names for the dropdowns and its
// scoring rules, in words, for the 填报说明 sheet. A bureau that checks with
// its own rulebook hands out a form that explains that rulebook.
func TemplateData(rb *rulebook.Rulebook, year int) *template.Data {
	levels := make([]template.LevelNames, len(rb.Levels))
	for i, l := range rb.Levels {
		levels[i] = template.LevelNames{Name: l.Name, Children: append([]string(nil), l.Children...)}
	}
	declared := "可取整数"
	if p := rb.Total.DeclaredPlaces; p > 0 {
		declared = fmt.Sprintf("保留 %d 位小数", p)
	}
	return &template.Data{Year: year, RulebookID: rb.ID, Levels: levels, ScoringGuide: Rules(rb, year),
		BudgetWeight: rb.Budget.Weight.String(), DeclaredTotal: declared}
}

var one = decimal.NewFromInt(1)

// The worked example of the scoring guide: the seed's 扩种扩量电子证照.
var (
	exampleTarget = decimal.NewFromInt(290)
	exampleActual = decimal.NewFromInt(289)
	exampleWeight = decimal.RequireFromString("1.5")
	exampleTotal  = decimal.RequireFromString("94.44")
)

// Rules returns the 评分办法 paragraphs of the 填报说明 sheet for rb,
// numbered: the weights, how an indicator is scored (with an example the
// scorer itself computes), lower-is-better, qualitative and date targets, the
// overrides and the overshoot penalty, the budget execution, the total and
// the grades, what must be explained, and what else the review compares.
func Rules(rb *rulebook.Rulebook, year int) []string {
	ir := rb.Indicators
	ps := []string{
		weightsText(rb),
		"定量指标" + methodText(ir.Method, "完成率 = 实际完成值 ÷ 年度指标值。") + roundingText(ir.Rounding) + exampleText(ir.Method),
		"“越低越好”的指标（如 <=3次）：实际值不超过指标值即得满分；超过时，完成率 = 指标值 ÷ 实际完成值，再按上式计分。",
	}
	if q := qualitativeText(ir.Qualitative); q != "" {
		ps = append(ps, q)
	}
	ps = append(ps, fmt.Sprintf("指标值为日期的（如 %d年12月31日前），实际完成日期不晚于指标值得满分，逾期不得分。", year))
	for _, o := range ir.Overrides {
		m, _ := ir.MethodFor(o.Match)
		ps = append(ps, fmt.Sprintf("三级指标名称含“%s”的指标另行%s%s", o.Match, methodText(m, ""), roundingText(m.Rounding)))
	}
	if len(ir.LowerIsBetter) > 0 {
		ps = append(ps, fmt.Sprintf("三级指标名称含“%s”的指标越低越好：年度指标值没写比较符号的，实际值不超过指标值为完成，超过的完成率 = 指标值 ÷ 实际值。", strings.Join(ir.LowerIsBetter, "”“")))
	}
	if os := ir.Overshoot; os.Above.IsPositive() {
		ps = append(ps, fmt.Sprintf("目标设定偏离：完成率超过 %s 的，说明年度指标值定得过低，该指标扣 %s 分（扣到 0 分为止）。", os.Above.Percent(), os.Points))
	}
	ps = append(ps, budgetText(rb.Budget), totalText(rb),
		"凡指标得分低于分值的，必须在“偏差原因分析及改进措施”中写明原因和改进措施；预算执行率低于 100% 的，必须填写“预算执行率偏差原因分析及改进措施”。只填“0”“无”“/”的视为未填写。")
	if limit := rb.Thresholds.TargetTooLow; limit.IsPositive() {
		ps = append(ps, fmt.Sprintf("完成率超过 %s 的，审核时提示目标可能设定偏低，请在下一年度合理设定。", limit.Percent()))
	}
	if rb.Layout().HasAccounts() {
		ps = append(ps, "“资金情况”的金额会与“决算收支”核对（年度资金总额与收入总计、财政拨款与财政拨款收入等），两表请按同一口径填写。")
	}
	if a := auditsText(rb.Audits); a != "" {
		ps = append(ps, a)
	}
	for i := range ps {
		ps[i] = fmt.Sprintf("%d. %s", i+1, ps[i])
	}
	return ps
}

// auditsText lists what the rulebook's audits point out, each by its
// message, so that a department can check its form before it sends it.
func auditsText(audits []rulebook.Audit) string {
	if len(audits) == 0 {
		return ""
	}
	parts := make([]string, len(audits))
	for i, a := range audits {
		parts[i] = fmt.Sprintf("（%d）%s", i+1, strings.TrimRight(a.Message, "。；;"))
	}
	return "审核时还按评分规则的审核公式逐条核对，以下情况会被指出：" + strings.Join(parts, "；") + "。"
}

// weightsText names the weight of each 一级指标 with its 二级指标, and of the
// budget execution.
func weightsText(rb *rulebook.Rulebook) string {
	if len(rb.Levels) == 0 {
		return fmt.Sprintf("本表不分一级、二级指标：各三级指标的分值由部门确定，与预算执行分值 %s 分合计 100 分。", rb.Budget.Weight)
	}
	parts := make([]string, 0, len(rb.Levels)+1)
	sum := rb.Budget.Weight
	for _, l := range rb.Levels {
		s := fmt.Sprintf("%s %s 分", l.Name, l.Weight)
		if len(l.Children) > 0 && !(len(l.Children) == 1 && l.Children[0] == l.Name) {
			s += "（" + strings.Join(l.Children, "、") + "）"
		}
		parts = append(parts, s)
		sum = sum.Add(l.Weight)
	}
	parts = append(parts, fmt.Sprintf("预算执行 %s 分", rb.Budget.Weight))
	return fmt.Sprintf("分值：%s，合计 %s 分。各一级指标的分值由部门分配到其下的三级指标，三级指标分值之和应等于一级指标分值。", strings.Join(parts, "，"), sum)
}

// methodText says how method m turns completion into points; lead, if any,
// defines completion first.
func methodText(m rulebook.Method, lead string) string {
	switch m.Method {
	case "proportional":
		return "按完成率计分：" + lead + "得分 = 分值 × 完成率，最高不超过分值。"
	case "bands":
		return "按完成率分档计分：" + lead + bandsText(m.Bands, "完成率", func(b rulebook.ShareBand) string {
			if b.Share.IsZero() {
				return "不得分"
			}
			return "得分值的 " + b.Share.Percent()
		}) + "。"
	case "deduct":
		return "按完成率扣分：" + lead + fmt.Sprintf("完成率达到 100%% 得满分；每低 %s 个百分点扣 %s 分（按实际差距折算），扣到 0 分为止。",
			m.Deduct.Per.Shift(2), m.Deduct.Points)
	case "pass_fail":
		return "按是否完成计分：" + lead + "实际完成值达到年度指标值的得满分，未达到的不得分。"
	}
	f := m.Floor.Decimal
	if f.IsZero() {
		return "按完成率线性计分：" + lead + "得分 = 分值 × 完成率，最高不超过分值。"
	}
	return "按完成率线性计分：" + lead + fmt.Sprintf("完成率在 %s 及以下的不得分；超过 %s 的，得分 = 分值 ×（完成率 − %s）÷ %s，完成率达到 100%% 得满分，最高不超过分值。",
		m.Floor.Percent(), m.Floor.Percent(), m.Floor.Percent(), (rulebook.Ratio{Decimal: one.Sub(f)}).Percent())
}

// bandsText lists share bands from the highest: "完成率达到 80% 的得分值的
// 100%，达到 60% 的得分值的 80%，低于 60% 的不得分".
func bandsText(bands []rulebook.ShareBand, what string, gives func(rulebook.ShareBand) string) string {
	var parts []string
	prev := ""
	for _, b := range bands {
		if b.From.IsPositive() {
			lead := "达到 "
			if prev == "" {
				lead = what + "达到 "
			}
			parts = append(parts, lead+b.From.Percent()+" 的"+gives(b))
			prev = b.From.Percent()
			continue
		}
		if prev == "" {
			parts = append(parts, "不论"+what+"高低均"+gives(b))
		} else {
			parts = append(parts, "低于 "+prev+" 的"+gives(b))
		}
		return strings.Join(parts, "，")
	}
	if prev != "" {
		parts = append(parts, "低于 "+prev+" 的不得分")
	}
	return strings.Join(parts, "，")
}

// roundingText says how a score is rounded.
func roundingText(r rulebook.Rounding) string {
	mode := map[string]string{"floor": "舍去", "ceil": "进一"}[r.Mode]
	if mode == "" {
		mode = "四舍五入"
	}
	if r.Places == 0 {
		return "得分取整（" + mode + "）。"
	}
	return fmt.Sprintf("得分保留 %d 位小数（%s）。", r.Places, mode)
}

// exampleText works the seed's 289 of 290 种 at weight 1.5 through m with
// the scorer's own arithmetic.
func exampleText(m rulebook.Method) string {
	r := score.Completion(value.OpGE, exampleTarget, exampleActual)
	points := score.Points(m, exampleWeight, r)
	shown := (rulebook.Ratio{Decimal: decimal.NewFromBigRat(r, 4)}).Percent()
	head := fmt.Sprintf("例：指标值 >=%s种，实际完成 %s种，完成率 %s，分值 %s，", exampleTarget, exampleActual, shown, exampleWeight)
	if (m.Method == "linear" || m.Method == "") && m.Floor.IsPositive() {
		return head + fmt.Sprintf("得分 = %s ×（%s − %s）÷ %s = %s。", exampleWeight, shown, m.Floor.Percent(), (rulebook.Ratio{Decimal: one.Sub(m.Floor.Decimal)}).Percent(), points)
	}
	return head + fmt.Sprintf("得分 %s。", points)
}

// qualitativeText lists the grade words and the share each scores.
func qualitativeText(table []rulebook.Qualitative) string {
	if len(table) == 0 {
		return ""
	}
	parts := make([]string, len(table))
	for i, q := range table {
		if q.Share.IsZero() {
			parts[i] = "“" + q.Word + "”不得分"
		} else {
			parts[i] = "“" + q.Word + "”得分值的 " + q.Share.Percent()
		}
	}
	return "定性指标：实际完成值填写评价等级，" + strings.Join(parts, "，") + "。"
}

// budgetText says how the budget execution is scored.
func budgetText(b rulebook.BudgetRule) string {
	s := fmt.Sprintf("预算执行率 = 全年执行数 ÷ 全年预算数（“年度资金总额”行），分值 %s 分：", b.Weight)
	switch b.Method {
	case "proportional":
		return s + fmt.Sprintf("得分 = 执行率 × %s，最高 %s 分。", b.Weight, b.Weight) + roundingText(b.Rounding)
	case "linear":
		if b.Floor.IsZero() {
			return s + fmt.Sprintf("得分 = 执行率 × %s，最高 %s 分。", b.Weight, b.Weight) + roundingText(b.Rounding)
		}
		return s + fmt.Sprintf("执行率在 %s 及以下的不得分；超过 %s 的，得分 = %s ×（执行率 − %s）÷ %s，执行率 100%% 得满分。",
			b.Floor.Percent(), b.Floor.Percent(), b.Weight, b.Floor.Percent(), (rulebook.Ratio{Decimal: one.Sub(b.Floor.Decimal)}).Percent()) + roundingText(b.Rounding)
	}
	var parts []string
	prev := ""
	for _, band := range b.Bands {
		gives := fmt.Sprintf("得 %s 分", band.Score)
		if band.Score.IsZero() {
			gives = "不得分"
		}
		if band.From.IsPositive() {
			lead := "≥"
			if prev == "" {
				lead = "执行率 ≥"
			}
			parts = append(parts, lead+band.From.Percent()+" "+gives)
			prev = band.From.Percent()
			continue
		}
		if prev == "" {
			parts = append(parts, "不论执行率高低均"+gives)
		} else {
			parts = append(parts, "低于 "+prev+" "+gives)
		}
		prev = ""
		break
	}
	if prev != "" {
		parts = append(parts, "低于 "+prev+" 不得分")
	}
	return s + strings.Join(parts, "，") + "。"
}

// totalText says what the total is, how the execution rate caps it, what
// the declared total may be and the grades.
func totalText(rb *rulebook.Rulebook) string {
	s := "总分 = 各三级指标得分之和 + 预算执行得分。"
	if rb.Total.ExcludeBudget {
		s = "总分 = 各三级指标得分之和（满分 100）；预算执行得分另行列示，不计入总分。"
	}
	for _, c := range rb.Total.CapByExecution {
		s += fmt.Sprintf("预算执行率低于 %s 的，总分最高 %s 分。", c.Below.Percent(), c.Max)
	}
	switch p := rb.Total.DeclaredPlaces; p {
	case 0:
		s += fmt.Sprintf("“自评总分”可以填写取整后的分数（如 %s 填 %s）。", exampleTotal, exampleTotal.Round(0))
	default:
		if exampleTotal.Round(p).Equal(exampleTotal) {
			s += fmt.Sprintf("“自评总分”填写总分，保留 %d 位小数。", p)
		} else {
			s += fmt.Sprintf("“自评总分”可以填写保留 %d 位小数后的分数（如 %s 填 %s）。", p, exampleTotal, exampleTotal.Round(p))
		}
	}
	var grades []string
	for i, g := range rb.Grades {
		if g.From.IsPositive() {
			grades = append(grades, fmt.Sprintf("%s 分及以上为“%s”", g.From, g.Name))
		} else if i > 0 {
			grades = append(grades, fmt.Sprintf("%s 分以下为“%s”", rb.Grades[i-1].From, g.Name))
		} else {
			grades = append(grades, fmt.Sprintf("均为“%s”", g.Name))
		}
	}
	if len(grades) > 0 {
		s += "等级按复核总分（不取整）确定：" + strings.Join(grades, "，") + "。"
	}
	return s
}
