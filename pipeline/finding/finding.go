package finding

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/perfeval/perfeval/template"
)

// Severity is how serious a finding is. The zero value is invalid, so a
// finding built without one fails the catalogue test.
type Severity int

const (
	SeverityInvalid Severity = iota
	Info
	Warning
	Error
)

// String returns "info", "warning" or "error", the words of the JSON report.
func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "invalid"
}

// Label returns the Chinese word for the severity.
func (s Severity) Label() string {
	switch s {
	case Info:
		return "提示"
	case Warning:
		return "警告"
	case Error:
		return "错误"
	}
	return "无效"
}

// ParseSeverity returns the severity named by "info", "warning" or "error".
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "info":
		return Info, true
	case "warning":
		return Warning, true
	case "error":
		return Error, true
	}
	return SeverityInvalid, false
}

// MarshalText writes the severity as the JSON report does: "error".
func (s Severity) MarshalText() ([]byte, error) {
	if s == SeverityInvalid || s > Error {
		return nil, fmt.Errorf("invalid severity %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads "info", "warning" or "error".
func (s *Severity) UnmarshalText(text []byte) error {
	v, ok := ParseSeverity(string(text))
	if !ok {
		return fmt.Errorf("unknown severity %q", text)
	}
	*s = v
	return nil
}

// Finding is one problem in a workbook, located at a cell.
type Finding struct {
	Code     Code
	Severity Severity
	Ref      template.Ref
	Message  string // Chinese, for the department's accountant
	// Rounding says the difference is rounding: within the rulebook's
	// tolerance, or a rate stated to fewer places that rounds the same
	// (91% for 91.38%). Reported, as info, for the record only.
	Rounding bool
}

// Title is the finding's heading for people: its code's title, and for a
// rounding difference the title that says so (合计尾差, not 合计不符).
func (f Finding) Title() string {
	t := f.Code.Entry().Title
	if f.Rounding {
		return strings.TrimSuffix(t, "不符") + "尾差"
	}
	return t
}

// Findings is a list of findings.
type Findings []Finding

// Sort orders the findings by sheet order of the layout, row, column and code.
func (fs Findings) Sort(l *template.Layout) {
	order := map[string]int{}
	for i, s := range l.Sheets() {
		order[s] = i + 1
	}
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(order[a.Ref.Sheet], order[b.Ref.Sheet]),
			cmp.Compare(a.Ref.Sheet, b.Ref.Sheet),
			cmp.Compare(a.Ref.Row, b.Ref.Row),
			cmp.Compare(a.Ref.Col, b.Ref.Col),
			cmp.Compare(a.Code, b.Code),
		)
	})
}

// HasErrors reports whether any finding is an error, which returns the form.
func (fs Findings) HasErrors() bool {
	return fs.Count(Error) > 0
}

// Count returns how many findings have the given severity.
func (fs Findings) Count(sev Severity) int {
	n := 0
	for _, f := range fs {
		if f.Severity == sev {
			n++
		}
	}
	return n
}

// Code is a stable English name of a kind of finding (DESIGN §3). Reports,
// ledgers and rulebooks name codes, so the list is append-only: a code is
// never renamed, reordered or reused.
type Code string

// The finding codes, in the order of Catalogue.
const (
	NotXlsx                Code = "not_xlsx"
	Encrypted              Code = "encrypted"
	TooLarge               Code = "too_large"
	MissingSheet           Code = "missing_sheet"
	MissingColumn          Code = "missing_column"
	MissingField           Code = "missing_field"
	TemplateVersion        Code = "template_version"
	UnparseableValue       Code = "unparseable_value"
	UnitMismatch           Code = "unit_mismatch"
	NegativeAmount         Code = "negative_amount"
	UnknownLevel           Code = "unknown_level"
	WeightSumMismatch      Code = "weight_sum_mismatch"
	ScoreExceedsWeight     Code = "score_exceeds_weight"
	SumMismatch            Code = "sum_mismatch"
	RateMismatch           Code = "rate_mismatch"
	ExecutionExceedsBudget Code = "execution_exceeds_budget"
	CrossTableMismatch     Code = "cross_table_mismatch"
	CostIndicatorMismatch  Code = "cost_indicator_mismatch"
	MissingExplanation     Code = "missing_explanation"
	SelfScoreMismatch      Code = "self_score_mismatch"
	DeclaredTotalMismatch  Code = "declared_total_mismatch"
	TargetTooLow           Code = "target_too_low"
	MissingGoalText        Code = "missing_goal_text"
	AuditFailed            Code = "audit_failed"
	HiddenRow              Code = "hidden_row"
	PrefillChanged         Code = "prefill_changed"
	DraftLeft              Code = "draft_left"

	// Published project forms (issue #14).
	DiscretionaryDeduction Code = "discretionary_deduction"
	ProvisionalScore       Code = "provisional_score"
	PlaceholderRow         Code = "placeholder_row"
	BudgetAdjusted         Code = "budget_adjusted"

	// Silent acceptances a reviewer would not accept (issue #11, item 6).
	DuplicateColumn     Code = "duplicate_column"
	HiddenColumn        Code = "hidden_column"
	HiddenSheet         Code = "hidden_sheet"
	LookalikeSheet      Code = "lookalike_sheet"
	DateFormattedNumber Code = "date_formatted_number"
	ExternalFormula     Code = "external_formula"
	FormulaMismatch     Code = "formula_mismatch"
	FormulaUnverified   Code = "formula_unverified"
	InvisibleCharacter  Code = "invisible_character"
	MacroPresent        Code = "macro_present"
)

// Entry is one code of the catalogue with its default severity and its
// Chinese wording.
type Entry struct {
	Code     Code
	Title    string // a few Chinese words, shown beside the message
	Severity Severity
	Doc      string // one line, printed by perfeval codes
}

// Catalogue is every finding code, append-only.
var Catalogue = []Entry{
	{NotXlsx, "不是工作簿", Error, "文件不是 .xlsx 工作簿（空文件、文本、旧版 .xls/.et 或已损坏），无法审核"},
	{Encrypted, "设置了密码", Error, "工作簿设置了打开密码，无法审核"},
	{TooLarge, "文件过大", Error, "文件或工作表超出大小上限，无法完整读取"},
	{MissingSheet, "缺少工作表", Error, "缺少模板规定的工作表"},
	{MissingColumn, "缺少列", Error, "表格缺少模板规定的列（表头被修改或删除）"},
	{MissingField, "未填写", Error, "缺少必填项，或必填单元格为空"},
	{TemplateVersion, "模板版本", Warning, "工作簿不是当前版本的模板，或模板信息被改动"},
	{UnparseableValue, "无法识别", Error, "单元格内容无法识别为数字、百分比、日期或定性评价"},
	{UnitMismatch, "单位不符", Error, "单位与表头或指标值的单位不一致"},
	{NegativeAmount, "出现负数", Error, "金额、分值或得分为负数"},
	{UnknownLevel, "指标名称不规范", Warning, "一级或二级指标名称不在评分规则的清单中"},
	{WeightSumMismatch, "分值合计不符", Error, "指标分值合计与评分规则规定的权重不一致"},
	{ScoreExceedsWeight, "得分超过分值", Error, "自评得分超过该项分值"},
	{SumMismatch, "合计不符", Error, "分项之和不等于合计数"},
	{RateMismatch, "执行率不符", Error, "填报的执行率不等于全年执行数 ÷ 全年预算数"},
	{ExecutionExceedsBudget, "执行超预算", Warning, "全年执行数大于全年预算数"},
	{CrossTableMismatch, "表间不一致", Warning, "自评表与决算收支等其他表的数字不一致"},
	{CostIndicatorMismatch, "成本指标不符", Warning, "成本指标“部门预算完成率”与计算的预算执行率不一致"},
	{MissingExplanation, "缺少偏差原因", Error, "未满分或未达标却没有填写偏差原因（0、无、/ 不算原因）"},
	{SelfScoreMismatch, "自评得分不符", Warning, "自评得分与按评分规则复核的得分不一致"},
	{DeclaredTotalMismatch, "自评总分不符", Error, "自评总分与复核总分不一致"},
	{TargetTooLow, "目标偏低", Warning, "实际完成值远超指标值，目标设定可能偏低"},
	{MissingGoalText, "缺少总体目标", Warning, "年度总体目标或完成情况未填写"},
	{AuditFailed, "审核公式不成立", Error, "评分规则中的审核公式不成立"},
	{HiddenRow, "隐藏行", Info, "填有内容的行被隐藏：照常审核评分，但打印件和 PDF 上看不到"},
	// Reported on the prefilled templates of distribute.
	{PrefillChanged, "预填内容被改动", Error, "财政部门预填的内容（部门名称、编码、评价年度、财政部门掌握的全年预算数）被改动"},
	{DraftLeft, "遗留草拟说明", Warning, "偏差原因仍是审核时草拟的说明：已填写却仍标着【草拟】，或该项已无需说明"},
	// Silent acceptances a reviewer would not accept (issue #11, item 6).
	{DuplicateColumn, "表头重复", Error, "表格中同一列的表头出现两次：只读取左边一列；另一列填有不同内容时报错误，是空列或内容相同时报警告"},
	{HiddenColumn, "隐藏列", Warning, "填有内容的列被隐藏：照常审核评分，但打印件和 PDF 上缺少这一整列"},
	{HiddenSheet, "隐藏工作表", Warning, "自评表的工作表被隐藏或深度隐藏：照常审核评分，但打开和打印工作簿时看不到"},
	{LookalikeSheet, "另有相似工作表", Error, "除审核读取的工作表外，另有名称或表头相同的工作表，其内容没有审核；读取的表被隐藏、而相似的表可见时报错误，其余报警告"},
	{DateFormattedNumber, "数字设成日期格式", Error, "金额、执行率、分值、得分或自评总分所在的单元格设成了日期格式：表上显示的是日期，审核读取的是存的数字"},
	{ExternalFormula, "外部引用", Error, "公式、定义名称或链接引用了工作簿以外的内容：DDE 调用、其他工作簿、WEBSERVICE 等取数函数"},
	{FormulaMismatch, "公式结果不符", Error, "公式保存的结果与按表中数字重新计算的结果不一致"},
	{FormulaUnverified, "公式未复算", Info, "公式无法或未能复算（如 TODAY 等每次打开都会变的函数、超出复算上限），审核按保存的结果读取"},
	{InvisibleCharacter, "不可见字符", Warning, "名称、指标、数值或标签单元格中有看不见的控制字符、方向控制符或零宽字符：显示的内容与实际内容不同，如一级指标名称看起来正确却对不上评分规则"},
	{MacroPresent, "含有宏", Warning, "工作簿含有宏（VBA 代码或调用宏的功能区按钮）：宏不会运行，表格照常审核，批注版中不保留宏；请另存为不含宏的 .xlsx 后报送"},
	// Published project forms (issue #14).
	{DiscretionaryDeduction, "达标仍扣分", Warning, "指标已达成目标，自评却未给满分，也没有写明扣分理由：酌情扣分需要说明"},
	{ProvisionalScore, "暂按自评得分", Warning, "指标无法按评分规则复核（缺少或无法识别指标值、实际完成值），总分暂按其自评得分计算，为暂定结果"},
	{PlaceholderRow, "模板占位行", Info, "绩效指标表中只有模板占位名称（如“指标2：”“……”）、没有任何数字的行，不是指标，已忽略"},
	{BudgetAdjusted, "预算调整较大", Info, "项目的全年预算数比年初预算数增减较多（超过评分规则的 budget_adjustment）：执行率按调整后的全年预算数计算，请说明预算调整的原因"},
}

// Entry returns the catalogue entry of c, or an Entry with only Code set
// when c is not a known code.
func (c Code) Entry() Entry {
	for _, e := range Catalogue {
		if e.Code == c {
			return e
		}
	}
	return Entry{Code: c}
}

// Known reports whether c is in the catalogue.
func (c Code) Known() bool {
	return c.Entry().Severity != SeverityInvalid
}
