package score

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/value"
	"github.com/perfeval/perfeval/template"
)

// Number is one numeric cell after parsing. Amounts are in 万元, rates are
// percent figures (91.38), scores are points.
type Number struct {
	Cell  template.Cell
	Label string // the field or column label, for messages
	Kind  template.Kind
	Value decimal.Decimal
	OK    bool // the cell held a usable number
	// Err is set when the cell held something that is not a number of its
	// kind: the text, an Excel error value, a stray operator.
	Err string
	// Unit is a unit written in the cell that does not match the column
	// ("元" in a 万元 column); the value has been converted when possible.
	Unit string
}

// Empty reports whether the cell was blank.
func (n Number) Empty() bool { return n.Cell.Empty() }

// Quantity is a target or actual cell parsed by the value grammar.
type Quantity struct {
	Cell  template.Cell
	Label string
	Value value.Value
	OK    bool
	Err   string
}

// Shown returns a target or actual as the department wrote it. A
// percent- or date-formatted cell stores a fraction or a serial, which is
// shown as the percent or date it means.
func (q Quantity) Shown() string {
	bare := q.Value.Kind == value.Number && q.Value.Op == value.OpNone && q.Value.Unit == "" && q.Value.Prefix == ""
	if q.OK && (q.Cell.Percent || q.Cell.PercentSign || q.Cell.Date || bare) {
		// 0.9612000000000001, as a script stored 0.9612, shows as 0.9612.
		return q.Value.Text()
	}
	return strings.Join(strings.Fields(q.Cell.Raw), " ")
}

// BudgetLine is one row of 资金情况 after parsing.
type BudgetLine struct {
	Key, Label string
	Row        int
	// Initial is the budget approved at the start of the year (年初预算数)
	// of the project form; empty on the department form.
	Initial    Number
	Budget     Number
	Execution  Number
	Weight     Number
	StatedRate Number
	SelfScore  Number
	// Rate is execution ÷ budget as a fraction, unrounded; RateOK is false
	// when either side is missing or the budget is zero.
	Rate   decimal.Decimal
	RateOK bool
	// StatedFraction says StatedRate was written as a fraction (0.9138 in
	// a cell without the percent format, as =C3/B3 gives) and Score has
	// turned it into the percent figure it means.
	StatedFraction bool
}

// RatePercent returns the execution rate as a percent figure rounded to two
// places, as forms state it.
func (b BudgetLine) RatePercent() decimal.Decimal {
	return b.Rate.Mul(hundred).Round(2)
}

// Line is one indicator row after parsing and scoring.
type Line struct {
	Source    template.Indicator
	Level1    string
	Level2    string
	Name      string
	Target    Quantity
	Actual    Quantity
	Weight    Number
	SelfScore Number
	Reason    string

	// Completion is actual ÷ target as a fraction, unrounded and uncapped;
	// for a lower-is-better target met it is 1.
	Completion   decimal.Decimal
	CompletionOK bool
	// Met says the target was reached.
	Met bool
	// Overshoot is what the rulebook's overshoot rule (目标设定偏离) took
	// off the score, or zero.
	Overshoot decimal.Decimal
	// Score is the points under the rulebook; Scored is false when the
	// indicator could not be scored (a value missing or unparseable).
	Score  decimal.Decimal
	Scored bool
	Method string
	// LowerIsBetter says the target, written without an operator, is a
	// ceiling by the indicator's name (the rulebook's lower_is_better).
	LowerIsBetter bool
	// ActualFromBudget says the actual was left blank on a budget-rate
	// indicator (预算执行率) and is the rate 资金情况 computes.
	ActualFromBudget bool
	// PercentAssumed says the actual was a bare number above 1 against a
	// percent target, scored as AssumedPercent: the figure itself (100
	// against ﹦100%), or the figure as a fraction when that is nearer the
	// target (1.05 against ≥95% is 105%).
	PercentAssumed bool
	AssumedPercent decimal.Decimal
	// Band says the indicator was scored by a qualitative band of the
	// rulebook: any score from BandFrom to BandTo points (both included)
	// stands.
	Band             bool
	BandFrom, BandTo decimal.Decimal
}

// Title names the indicator in messages: its 三级指标 name, or, when the
// name is blank, its row (第 47 行).
func (l Line) Title() string {
	if l.Name != "" {
		return BalanceQuotes(l.Name)
	}
	return "第 " + strconv.Itoa(l.Source.Row) + " 行"
}

// BalanceQuotes closes the typographic quotes a name leaves open, and
// opens those it closes without opening, so that quoted in a message
// (指标“…”) the name still reads as one: 指标““南昌赣通码”平台” rather
// than a message whose quotes pair with the name's.
func BalanceQuotes(s string) string {
	for _, q := range [...][2]string{{"“", "”"}, {"‘", "’"}} {
		depth, lead := 0, 0
		for _, r := range s {
			switch string(r) {
			case q[0]:
				depth++
			case q[1]:
				if depth == 0 {
					lead++
				} else {
					depth--
				}
			}
		}
		s = strings.Repeat(q[0], lead) + s + strings.Repeat(q[1], depth)
	}
	return s
}

// CompletionPercent returns the completion as a percent figure rounded to two
// places half-up.
func (l Line) CompletionPercent() decimal.Decimal {
	return l.Completion.Mul(hundred).Round(2)
}

// ItemLine is one category of a 决算收支 breakdown.
type ItemLine struct {
	Label  string
	Amount Number
}

// BreakdownTotal is a 合计/小计 row inside a breakdown, with the items it
// sums: a 小计 those since the previous total row, a final 合计 them all.
type BreakdownTotal struct {
	ItemLine
	Parts []Number
}

// Form is a whole workbook with every value parsed and scored: the model
// the checks, the report and the annotation work on. Source is the form as
// the reader found it.
type Form struct {
	Source  *template.Form
	Numbers map[string]Number // numeric fields by Field.Key
	Texts   map[string]string // text fields by Field.Key
	Budget  []BudgetLine
	Lines   []Line
	// Placeholders are the rows of 绩效指标 that hold only the template's
	// placeholder name (指标2：, ……) and nothing else: not indicators,
	// left out of Lines and noted.
	Placeholders []template.Indicator
	Breakdowns   map[string][]ItemLine
	// BreakdownTotals holds the 合计/小计 rows a department wrote inside a
	// breakdown, by Breakdown.Key: checked against the items, not added in.
	BreakdownTotals map[string][]BreakdownTotal
	Year            int

	// Results of scoring.
	BudgetScore   decimal.Decimal
	BudgetScoreOK bool
	// TotalOK says every part of the total was scored: the budget
	// execution and each of at least one indicator. Without one there is no
	// total to report or grade, only its parts; Unscored counts the
	// indicators that could not be scored.
	TotalOK  bool
	Unscored int
	// Provisional lists the lines (indexes into Lines) that could not be
	// scored but count in IndicatorTotal and Total at their self-score:
	// with any, the total is provisional.
	Provisional []int
	// Capped says a cap_by_execution rule lowered Total: the execution
	// rate was below CapBelow (a fraction), so the total is at most
	// CapMax, down from Uncapped.
	Capped bool
	// BudgetExcluded says Total leaves BudgetScore out (the rulebook's
	// total.exclude_budget).
	BudgetExcluded bool
	CapBelow       decimal.Decimal
	CapMax         decimal.Decimal
	Uncapped       decimal.Decimal
	IndicatorTotal decimal.Decimal
	Total          decimal.Decimal
	ReportedTotal  decimal.Decimal
	Grade          string
}

var hundred = decimal.NewFromInt(100)

// Parse turns the raw cells of a form into numbers and quantities. It never
// fails: a cell that does not parse keeps its Err for the checks to report.
func Parse(form *template.Form) *Form {
	s := &Form{
		Source:          form,
		Numbers:         map[string]Number{},
		Texts:           map[string]string{},
		Breakdowns:      map[string][]ItemLine{},
		BreakdownTotals: map[string][]BreakdownTotal{},
	}
	l := form.Layout
	fieldSheets := []template.FieldSheet{l.Info, l.Goals, {Name: l.Accounts.Name, Fields: l.Accounts.Fields}, {Name: l.Budget.Name, Fields: []template.Field{l.Budget.Reason}}, l.Narrative}
	for _, fs := range fieldSheets {
		for _, fd := range fs.Fields {
			c, ok := form.Fields[fd.Key]
			if !ok {
				continue
			}
			switch fd.Kind {
			case template.KindText:
				s.Texts[fd.Key] = strings.TrimSpace(c.Raw)
			case template.KindDate:
				s.Texts[fd.Key] = strings.TrimSpace(c.Raw)
				if !c.Empty() {
					s.Numbers[fd.Key] = parseDateCell(c, fd.Label)
				}
			case template.KindYear:
				s.Numbers[fd.Key] = parseYear(c, fd.Label)
			default:
				s.Numbers[fd.Key] = ParseNumber(c, fd.Label, fd.Kind)
			}
		}
	}
	if n := s.Numbers["year"]; n.OK && n.Value.IsInteger() {
		s.Year = int(n.Value.IntPart())
	}
	for _, br := range form.Budget {
		col := func(key string) Number {
			c, ok := br.Cells[key]
			if !ok {
				return Number{Cell: template.Cell{Ref: template.Ref{Sheet: l.Budget.Name, Row: br.Row}}}
			}
			for _, bc := range l.Budget.Columns {
				if bc.Key != key {
					continue
				}
				optional := !bc.Required && !(bc.Conditional && br.Key == template.BudgetTotal)
				if optional && !c.Empty() && Blankish(c.Raw) {
					// —, -, / in a cell the form lets be blank says it is.
					c.Raw = ""
				}
				return ParseNumber(c, br.Label+"的"+strings.TrimSuffix(bc.Header, "（万元）"), bc.Kind)
			}
			return ParseNumber(c, br.Label, template.KindScore)
		}
		bl := BudgetLine{
			Key: br.Key, Label: br.Label, Row: br.Row,
			Initial:    col(template.BudgetColInitial),
			Budget:     col(template.BudgetColPlan),
			Execution:  col(template.BudgetColExecution),
			Weight:     col(template.BudgetColWeight),
			StatedRate: col(template.BudgetColRate),
			SelfScore:  col(template.BudgetColScore),
		}
		if bl.Budget.OK && bl.Budget.Value.IsZero() && bl.StatedRate.Err != "" && (!Meaningful(bl.StatedRate.Cell.Raw) || bl.StatedRate.Cell.Error) {
			// No budget, no rate: "/" or "—" in the rate cell says so, and
			// so does the #DIV/0! of the department's own =C5/B5.
			bl.StatedRate = Number{Cell: bl.StatedRate.Cell, Label: bl.StatedRate.Label, Kind: bl.StatedRate.Kind}
		}
		if bl.Budget.OK && bl.Execution.OK && !bl.Budget.Value.IsZero() {
			bl.Rate = bl.Execution.Value.DivRound(bl.Budget.Value, rulebook.RatioPlaces)
			bl.RateOK = true
		}
		s.Budget = append(s.Budget, bl)
	}
	for _, in := range form.Indicators {
		if placeholderRow(in) {
			s.Placeholders = append(s.Placeholders, in)
			continue
		}
		s.Lines = append(s.Lines, Line{
			Source:    in,
			Level1:    template.Norm(in.Level1.Raw),
			Level2:    template.Norm(in.Level2.Raw),
			Name:      strings.TrimSpace(in.Name.Raw),
			Target:    parseQuantity(in.Target, "年度指标值"),
			Actual:    parseQuantity(in.Actual, "实际完成值"),
			Weight:    ParseNumber(in.Weight, indicatorLabel(in, "分值"), template.KindScore),
			SelfScore: ParseNumber(in.SelfScore, indicatorLabel(in, "得分"), template.KindScore),
			Reason:    strings.TrimSpace(in.Reason.Raw),
		})
	}
	for key, items := range form.Breakdowns {
		lastItem := -1
		for i, it := range items {
			if !it.Total {
				lastItem = i
			}
		}
		var all, since []Number // the items so far, and since the last total row
		for i, it := range items {
			line := ItemLine{
				Label:  strings.TrimSpace(it.Label.Raw),
				Amount: ParseNumber(it.Amount, strings.TrimSpace(it.Label.Raw), template.KindAmount),
			}
			if !it.Total {
				s.Breakdowns[key] = append(s.Breakdowns[key], line)
				all, since = append(all, line.Amount), append(since, line.Amount)
				continue
			}
			// A 小计 sums the items since the last total row; a 合计 below
			// every item sums them all.
			parts := since
			if i > lastItem && !strings.Contains(template.Norm(it.Label.Raw), "小计") {
				parts = all
			}
			s.BreakdownTotals[key] = append(s.BreakdownTotals[key], BreakdownTotal{ItemLine: line, Parts: parts})
			since = nil
		}
	}
	return s
}

// placeholderNumber is the numbering a template puts before a 三级指标
// name: 指标1：, 指标2:.
var placeholderNumber = regexp.MustCompile(`^指标[0-9一二三四五六七八九十]+[:：]?`)

// placeholderName is what a template leaves for the department to replace
// after the numbering, or in place of a name: nothing, ……, …, ..., 等.
var placeholderName = regexp.MustCompile(`^([…．.。]*|等)$`)

// placeholderRow reports an indicator row that is only the template's
// placeholder: a name such as 指标2：, ……, or none under a 二级指标 the
// form lists without an indicator, and nothing else but its levels.
func placeholderRow(in template.Indicator) bool {
	name := placeholderNumber.ReplaceAllString(template.Norm(in.Name.Raw), "")
	if !placeholderName.MatchString(name) && !Blankish(name) {
		return false
	}
	for _, c := range []template.Cell{in.Target, in.Actual, in.Weight, in.SelfScore, in.Reason} {
		if !Blankish(c.Raw) {
			return false
		}
	}
	return true
}

// Blankish reports a cell that holds nothing, or only the marks forms use
// to say "nothing here": —, -, /, 一 standing for a dash, 无.
func Blankish(raw string) bool {
	return strings.Trim(template.Norm(raw), "-—–－/／一无…") == ""
}

// indicatorLabel names a numeric cell of an indicator row for messages:
// 指标“交易中心开标”的得分, or 第 13 行的得分 for a row without a name.
func indicatorLabel(in template.Indicator, col string) string {
	if name := strings.TrimSpace(in.Name.Raw); name != "" {
		return "指标“" + name + "”的" + col
	}
	return "第 " + strconv.Itoa(in.Row) + " 行的" + col
}

// ParseNumber reads a numeric cell of the given kind.
func ParseNumber(c template.Cell, label string, kind template.Kind) Number {
	n := Number{Cell: c, Label: label, Kind: kind}
	if c.Formula != "" { // the reader sets Formula only on a formula without a cached result
		n.Err = uncachedFormula(c)
		return n
	}
	if c.Empty() {
		return n
	}
	if c.Error {
		n.Err = "单元格是错误值 " + c.Raw + "，请改为数字"
		return n
	}
	v, err := value.ParseNumber(c.Raw)
	if err != nil {
		n.Err = reasonOf(err, c.Raw, "数字")
		return n
	}
	v.Num = excelPrecision(v.Num)
	switch kind {
	case template.KindRate:
		switch {
		case v.Kind == value.Percent:
			n.Value = v.Num
		case c.Percent:
			// A percent-formatted cell stores the fraction: 0.9138 is 91.38%.
			n.Value = v.Num.Mul(hundred)
		default:
			n.Value = v.Num
		}
		if v.Unit != "" && v.Unit != "%" {
			n.Unit = v.Unit
		}
	case template.KindAmount:
		if v.Kind == value.Percent {
			n.Err = "金额不能是百分数“" + c.Raw + "”"
			return n
		}
		n.Value = v.Num
		switch {
		case v.Unit == "" && v.Prefix == "":
		case (v.Unit == "元" || v.Unit == "") && v.Prefix == "万":
			// "9617.6719万" or "9617.6719万元": the column's own unit.
			n.Value = v.Num.Shift(-4) // 元 to 万元, exactly
		case v.Unit == "元" || v.Unit == "" && (v.Prefix == "亿" || v.Prefix == "万亿"):
			// Written in 元, 亿元 or 亿: convertible, but the column is
			// 万元, so it is converted and still reported.
			n.Value = v.Num.Shift(-4) // 元 to 万元, exactly
			n.Unit = v.Prefix + v.Unit
		default:
			n.Unit = v.Prefix + v.Unit
			n.OK = false
			return n
		}
		n.Value = amountPrecision(n.Value)
	default:
		if v.Kind == value.Percent {
			n.Err = "“" + c.Raw + "”是百分数，这里应填写数字"
			return n
		}
		n.Value = v.Num
		if v.Unit != "" && !(kind == template.KindScore && v.Unit == "分") && !(kind == template.KindCount && isCountUnit(v.Unit)) && !(kind == template.KindYear && (v.Unit == "年" || v.Unit == "年度")) {
			n.Unit = v.Prefix + v.Unit
		}
	}
	n.OK = true
	return n
}

// parseYear reads the evaluated year: a whole number from MinYear to
// MaxYear, written alone or as 2022年 or 2022年度.
func parseYear(c template.Cell, label string) Number {
	n := ParseNumber(c, label, template.KindYear)
	bad := "“" + c.Raw + "”不是有效的年度，请填写四位数的年份，如 2022"
	switch {
	case n.Err != "" && !c.Error && c.Formula == "":
		n.Err = bad // 二〇二二年, 2022年 度: a year is asked for, not a count
		return n
	case n.Err != "" || !n.OK:
		return n
	case strings.ContainsAny(c.Raw, "万亿"):
		n.OK, n.Err = false, bad // 0.2022万 is a count of 万, not a year
	case c.Date:
		n.OK, n.Err = false, "单元格设成了日期格式，显示的不是年份；请改为常规格式，填写四位数的年份，如 2022"
	case !n.Value.IsInteger() || n.Value.LessThan(decimal.NewFromInt(template.MinYear)) || n.Value.GreaterThan(decimal.NewFromInt(template.MaxYear)):
		n.OK, n.Err = false, bad
	}
	return n
}

// excelPrecision rounds a number to the 15 significant digits Excel keeps.
// Writers that go through binary floating point store 9617.6719 as
// 9617.671899999999 and 680.69 as 680.6900000000001; beyond 15 digits there
// is nothing a person typed.
func excelPrecision(d decimal.Decimal) decimal.Decimal {
	if d.IsZero() {
		return d
	}
	digits := int32(len(d.Abs().Coefficient().String()))
	if digits <= 15 {
		return d
	}
	places := -d.Exponent() - (digits - 15)
	// Round keeps the exponent (9452.12000000000); the figure the person
	// typed has no trailing zeros, and messages show a figure's own places.
	return decimal.RequireFromString(d.Round(places).String())
}

// amountPlaces is how many decimals of 万元 an amount keeps: 0.000001 万元
// is one fen (0.01 元). A formula's result carries binary floating-point
// noise below that (=C3-C4 gives 680.690000000001), which no one typed.
const amountPlaces = 6

// amountPrecision rounds an amount in 万元 to amountPlaces, keeping the
// figure's own places when it has fewer.
func amountPrecision(d decimal.Decimal) decimal.Decimal {
	if d.Exponent() >= -amountPlaces {
		return d
	}
	return decimal.RequireFromString(d.Round(amountPlaces).String())
}

func isCountUnit(u string) bool {
	switch u {
	case "人", "名", "个":
		return true
	}
	return false
}

// uncachedFormula is the reason given for a formula saved without its
// result, as openpyxl and some scripts save them.
func uncachedFormula(c template.Cell) string {
	return "单元格是公式“=" + c.Formula + "”且没有计算结果，请在 Excel 中重新计算并保存，或直接填写数值"
}

func parseDateCell(c template.Cell, label string) Number {
	n := Number{Cell: c, Label: label, Kind: template.KindDate}
	if c.Formula != "" {
		n.Err = uncachedFormula(c)
		return n
	}
	if c.Error {
		n.Err = "单元格是错误值 " + c.Raw + "，请改为日期"
		return n
	}
	if _, err := cellDate(c, c.Raw); err != nil {
		n.Err = reasonOf(err, c.Raw, "日期（如 2023年3月15日）")
		return n
	}
	n.OK = true
	return n
}

func parseQuantity(c template.Cell, label string) Quantity {
	q := Quantity{Cell: c, Label: label}
	if c.Formula != "" {
		q.Err = uncachedFormula(c)
		return q
	}
	if c.Empty() {
		return q
	}
	if c.Error {
		q.Err = "单元格是错误值 " + c.Raw + "，请填写数值"
		return q
	}
	raw := c.Raw
	v, err := value.Parse(raw)
	if err != nil {
		q.Err = reasonOf(err, raw, "数值、百分比、日期或定性评价")
		return q
	}
	if v.Kind == value.Number || v.Kind == value.Percent {
		v.Num = excelPrecision(v.Num)
	}
	if v.Kind == value.Number && v.Unit == "" && v.Prefix == "" {
		switch {
		case c.Percent:
			// 0.9612 in a percent-formatted cell is 96.12%.
			v.Kind, v.Num, v.Unit = value.Percent, v.Num.Mul(hundred), "%"
		case c.PercentSign:
			// 96.12 under 0.00"%" shows, and means, 96.12%.
			v.Kind, v.Unit = value.Percent, "%"
		case c.Date:
			if d, err := cellDate(c, raw); err == nil {
				v = value.Value{Raw: raw, Op: v.Op, Kind: value.Date, Date: d, Month: c.MonthOnly}
			}
		}
	}
	q.Value, q.OK = v, true
	return q
}

// days1904 is how many days the 1904 date system's serials lag the 1900
// system's: serial 0 of the former is 1904-01-01, serial 1462 of the latter.
var days1904 = decimal.NewFromInt(1462)

// CellDate returns the date a date-formatted number cell shows: its serial
// in the workbook's date system. It fails for a serial no date has, such as
// 0.75, which Excel shows as a time.
func CellDate(c template.Cell) (time.Time, error) {
	return cellDate(c, c.Raw)
}

// cellDate reads raw, the text of cell c, as a date. A number in a
// date-formatted cell is a serial, counted in the workbook's date system.
func cellDate(c template.Cell, raw string) (time.Time, error) {
	if c.Date1904 {
		if n, err := decimal.NewFromString(raw); err == nil {
			raw = n.Add(days1904).String()
		}
	}
	return value.ParseDate(raw, c.Date)
}

// reasonOf returns the Chinese reason of a grammar error, or a generic one.
func reasonOf(err error, raw, want string) string {
	if se, ok := err.(*value.SyntaxError); ok && se.Reason != "" {
		return se.Reason
	}
	return "“" + raw + "”不是有效的" + want
}

// BudgetLine returns the parsed 资金情况 row with the given key.
func (s *Form) BudgetLine(key string) (BudgetLine, bool) {
	for _, b := range s.Budget {
		if b.Key == key {
			return b, true
		}
	}
	return BudgetLine{}, false
}
