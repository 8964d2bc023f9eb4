package template

// Kind says what a cell holds and how the pipeline parses it.
type Kind int

const (
	// KindText is free text (names, reasons, goals).
	KindText Kind = iota + 1
	// KindAmount is money in 万元.
	KindAmount
	// KindRate is a percentage, stored as the percent figure (91.38) or as a
	// percent-formatted fraction (0.9138).
	KindRate
	// KindScore is points (weights, scores, totals).
	KindScore
	// KindCount is a whole number (people, units).
	KindCount
	// KindDate is a calendar date (typed text or an Excel serial).
	KindDate
	// KindValue is a target or actual in the value grammar: operator, number,
	// unit, percent, date or qualitative word (">=16.8万件", "96.12%").
	KindValue
	// KindYear is the evaluated year, 2022 or 2022年度.
	KindYear
)

// Field is one labelled single-value cell: label in column A, value in column B.
type Field struct {
	Key   string // stable English key used by the pipeline and rulebook audits
	Label string // Chinese label, written by Generate and searched by Read
	// Aliases are other labels real forms give the same field or row
	// (本年财政拨款 for 当年财政拨款), searched after Label.
	Aliases  []string
	Name     string // workbook-level defined name (ASCII) pointing at the value cell
	Kind     Kind
	Required bool
	// Conditional says the value is required only in the case Help
	// names (a reason where the target was missed); 填报说明 marks it so.
	Conditional bool
	Help        string // explanation shown on the 填报说明 sheet
}

// Column is one column of a table sheet, found by its header text.
type Column struct {
	Key      string
	Header   string
	Aliases  []string // other header texts seen in real forms
	Kind     Kind
	Width    float64
	Required bool
	// Conditional: required only in the case Help names (the budget's
	// weight and score on the 年度资金总额 row alone).
	Conditional bool
	Help        string
}

// FieldSheet is a sheet of label/value rows.
type FieldSheet struct {
	Name   string
	Title  string
	Fields []Field
	// Optional says a workbook may lack the whole sheet (one filled in on
	// a template from before the sheet was added): Read then reports
	// nothing about it.
	Optional bool
}

// BudgetSheet is the 资金情况 table: fixed rows found by the label in column A
// and columns found by header text, then the reason field below it.
type BudgetSheet struct {
	Name    string
	Title   string
	Columns []Column // Columns[0] is the row label column
	Rows    []Field  // Key, Label and Name prefix of each fixed row
	Reason  Field
	// Sums are the rows that must add up to another row, in both amount
	// columns: the fund sources and the expenditure structure.
	Sums []BudgetSum
}

// BudgetSum says the Parts rows of 资金情况 add up to the Total row; What
// names the parts in messages (资金来源).
type BudgetSum struct {
	Total string
	Parts []string
	What  string
}

// TableSheet is a sheet with a header row and one record per row below it.
type TableSheet struct {
	Name      string
	Title     string
	Columns   []Column
	InputRows int // empty rows a blank template offers
}

// Breakdown is a variable list of category/amount rows under a section label,
// such as the functional classification of expenditure.
type Breakdown struct {
	Key       string
	Label     string // section label in column A
	InputRows int    // empty rows a blank template offers
	Help      string
}

// AccountsSheet is 决算收支: fixed label/amount fields, then breakdowns.
type AccountsSheet struct {
	Name       string
	Title      string
	Fields     []Field
	Breakdowns []Breakdown
}

// Layout is one form kind. It is data: a second form kind is a second Layout
// value, read and written by the same code.
type Layout struct {
	Kind       string // "department" or "project"
	Version    string // template version written to _meta
	Title      string
	GuideSheet string
	ListSheet  string // hidden sheet holding dropdown lists
	MetaSheet  string // very hidden sheet holding template metadata
	Info       FieldSheet
	Budget     BudgetSheet
	Goals      FieldSheet
	Indicators TableSheet
	Accounts   AccountsSheet
	// Narrative holds the long texts the self-evaluation report quotes
	// (部门主要职责, 存在问题, …); optional, and empty for a kind without
	// one. It is the last data sheet.
	Narrative   FieldSheet
	ReviewSheet string // added to annotated copies
	// MarksSheet is the very hidden sheet in which an annotated copy records
	// what perfeval marked, so that annotating it again can undo the marks.
	MarksSheet   string
	ReviewHeader []Column // columns the annotated copy appends to Indicators
	// CrossChecks are the 资金情况 figures the final accounts must agree
	// with; a form without accounts has none.
	CrossChecks []CrossCheck
}

// CrossCheck is one 资金情况 figure that the final accounts (决算收支) must
// agree with: the cell at BudgetRow and BudgetCol (budget row and column
// keys) equals the sum of the Accounts fields (field keys of Accounts).
// What and AccountsLabel name the two sides in messages.
type CrossCheck struct {
	BudgetRow, BudgetCol string
	What                 string
	Accounts             []string
	AccountsLabel        string
}

// Sheets returns the sheet names in workbook order, without the hidden ones.
func (l *Layout) Sheets() []string {
	return append([]string{l.GuideSheet}, l.DataSheets()...)
}

// DataSheets returns the sheets the reader needs, in workbook order. A
// layout without final accounts (the project form) has no 决算收支.
func (l *Layout) DataSheets() []string {
	sheets := []string{l.Info.Name, l.Budget.Name, l.Goals.Name, l.Indicators.Name}
	if l.HasAccounts() {
		sheets = append(sheets, l.Accounts.Name)
	}
	if l.Narrative.Name != "" {
		sheets = append(sheets, l.Narrative.Name)
	}
	return sheets
}

// HasAccounts reports whether the form carries the final accounts
// (决算收支): the department form does, the project form does not.
func (l *Layout) HasAccounts() bool { return l.Accounts.Name != "" }

// Column returns the indicator column with the given key, or nil.
func (t *TableSheet) Column(key string) *Column {
	for i := range t.Columns {
		if t.Columns[i].Key == key {
			return &t.Columns[i]
		}
	}
	return nil
}

// Indicator column keys.
const (
	ColLevel1    = "level1"
	ColLevel2    = "level2"
	ColName      = "name"
	ColTarget    = "target"
	ColActual    = "actual"
	ColWeight    = "weight"
	ColSelfScore = "self_score"
	ColReason    = "reason"
)

// Budget column and row keys.
const (
	BudgetColLabel = "label"
	// BudgetColInitial is the budget approved at the start of the year
	// (年初预算数) of the project form; execution is measured against the
	// adjusted 全年预算数, BudgetColPlan.
	BudgetColInitial   = "initial"
	BudgetColPlan      = "budget"
	BudgetColExecution = "execution"
	BudgetColWeight    = "weight"
	BudgetColRate      = "rate"
	BudgetColScore     = "score"

	BudgetTotal   = "total"
	BudgetFiscal  = "fiscal"
	BudgetOther   = "other"
	BudgetBasic   = "basic"
	BudgetProject = "project"
	// BudgetCarryover is the project form's 上年结转资金 row.
	BudgetCarryover = "carryover"
)

// Form kinds: a rulebook's form: key and a Layout's Kind.
const (
	// FormDepartment is the 部门整体支出绩效自评表.
	FormDepartment = "department"
	// FormProject is the 项目支出绩效自评表 (财预〔2020〕10号).
	FormProject = "project"
)

// Department is the 部门整体支出绩效自评表, the form of the seed document.
var Department = &Layout{
	Kind:       FormDepartment,
	Version:    "2026.1",
	Title:      "部门整体支出绩效自评表",
	GuideSheet: "填报说明",
	ListSheet:  "_lists",
	MetaSheet:  "_meta",
	Info: FieldSheet{
		Name:  "基本信息",
		Title: "基本信息",
		Fields: []Field{
			{Key: "dept_name", Label: "评价部门名称", Name: "DeptName", Kind: KindText, Required: true, Help: "部门全称，与预算批复一致。"},
			{Key: "dept_code", Label: "部门编码", Name: "DeptCode", Kind: KindText, Required: true, Help: "财政部门核定的部门预算编码。"},
			{Key: "year", Label: "评价年度", Name: "EvalYear", Kind: KindYear, Required: true, Help: "被评价的预算年度，如 {year}。"},
			{Key: "sub_units", Label: "下属单位个数", Name: "SubUnits", Kind: KindCount, Help: "纳入本次自评的下属预算单位个数。"},
			{Key: "filler", Label: "填报人", Name: "Filler", Kind: KindText, Help: "填报人姓名。"},
			{Key: "phone", Label: "联系电话", Name: "Phone", Kind: KindText, Help: "填报人联系电话。"},
			{Key: "fill_date", Label: "填报日期", Name: "FillDate", Kind: KindDate, Help: "如 {next}年3月15日 或 {next}-03-15。"},
			{Key: "declared_total", Label: "自评总分", Name: "DeclaredTotal", Kind: KindScore, Required: true, Help: "部门自评的总分（满分 100），{declared}；系统会与复核总分比对。"},
			{Key: "staff_authorized", Label: "核定编制（名）", Name: "StaffAuthorized", Kind: KindCount, Help: "部门概况：核定编制总数。"},
			{Key: "staff_authorized_admin", Label: "其中：行政编制（名）", Name: "StaffAuthorizedAdmin", Kind: KindCount, Help: "核定编制中的行政编制。"},
			{Key: "staff_authorized_inst", Label: "其中：事业编制（名）", Name: "StaffAuthorizedInst", Kind: KindCount, Help: "核定编制中的事业编制。"},
			{Key: "staff_actual", Label: "实有人数（人）", Name: "StaffActual", Kind: KindCount, Help: "年末实有人数。"},
			{Key: "staff_actual_admin", Label: "其中：行政人员（人）", Name: "StaffActualAdmin", Kind: KindCount, Help: "实有人数中的行政人员。"},
			{Key: "staff_actual_worker", Label: "其中：工勤人员（人）", Name: "StaffActualWorker", Kind: KindCount, Help: "实有人数中的工勤人员。"},
			{Key: "staff_actual_inst", Label: "其中：事业人员（人）", Name: "StaffActualInst", Kind: KindCount, Help: "实有人数中的事业人员（专业技术岗、管理岗等）。"},
			{Key: "assets_total", Label: "资产总额（万元）", Name: "AssetsTotal", Kind: KindAmount, Help: "年末资产总额。"},
			{Key: "assets_current", Label: "其中：流动资产（万元）", Name: "AssetsCurrent", Kind: KindAmount, Help: "年末流动资产。"},
			{Key: "assets_noncurrent", Label: "其中：非流动资产（万元）", Name: "AssetsNonCurrent", Kind: KindAmount, Help: "年末非流动资产。"},
		},
	},
	Budget: BudgetSheet{
		Name:  "资金情况",
		Title: "整体支出规模（万元）",
		Columns: []Column{
			{Key: BudgetColLabel, Header: "项目", Kind: KindText, Width: 26},
			{Key: BudgetColPlan, Header: "全年预算数（万元）", Aliases: []string{"全年预算数", "预算数"}, Kind: KindAmount, Width: 18, Required: true, Help: "财政批复并经调整后的全年预算数，单位万元。"},
			{Key: BudgetColExecution, Header: "全年执行数（万元）", Aliases: []string{"全年执行数", "执行数"}, Kind: KindAmount, Width: 18, Required: true, Help: "全年实际支出数，单位万元。"},
			{Key: BudgetColWeight, Header: "分值", Kind: KindScore, Width: 8, Conditional: true, Help: "预算执行的分值，只在“年度资金总额”一行填写，该行必填（{budget_weight} 分）。"},
			{Key: BudgetColRate, Header: "执行率（%）", Aliases: []string{"执行率", "执行率(%)"}, Kind: KindRate, Width: 12, Help: "全年执行数 ÷ 全年预算数，填百分数（如 91.38 或 91.38%）。"},
			{Key: BudgetColScore, Header: "得分", Kind: KindScore, Width: 8, Conditional: true, Help: "预算执行的自评得分，只在“年度资金总额”一行填写，该行必填。"},
		},
		Rows: []Field{
			{Key: BudgetTotal, Label: "年度资金总额", Name: "BudgetTotal", Required: true},
			{Key: BudgetFiscal, Label: "财政拨款", Name: "BudgetFiscal", Required: true},
			{Key: BudgetOther, Label: "其他资金", Name: "BudgetOther", Required: true},
			{Key: BudgetBasic, Label: "基本支出", Name: "BudgetBasic", Required: true},
			{Key: BudgetProject, Label: "项目支出", Name: "BudgetProject", Required: true},
		},
		Reason: Field{Key: "budget_reason", Label: "预算执行率偏差原因分析及改进措施", Name: "BudgetReason", Kind: KindText, Conditional: true, Help: "执行率未达 100% 时必填：说明原因和改进措施。"},
		Sums: []BudgetSum{
			{Total: BudgetTotal, Parts: []string{BudgetFiscal, BudgetOther}, What: "资金来源（财政拨款 + 其他资金）"},
			{Total: BudgetTotal, Parts: []string{BudgetBasic, BudgetProject}, What: "资金结构（基本支出 + 项目支出）"},
		},
	},
	Goals: FieldSheet{
		Name:  "总体目标",
		Title: "年度总体目标",
		Fields: []Field{
			{Key: "goal_expected", Label: "预期目标", Name: "GoalExpected", Kind: KindText, Required: true, Help: "年初批复的部门整体绩效目标。"},
			{Key: "goal_achieved", Label: "全年完成情况", Name: "GoalAchieved", Kind: KindText, Required: true, Help: "对照预期目标逐项说明完成情况。"},
		},
	},
	Indicators: indicatorTable(),
	Accounts: AccountsSheet{
		Name:  "决算收支",
		Title: "部门决算收支情况表（万元）",
		Fields: []Field{
			{Key: "income_general", Label: "一般公共预算财政拨款收入", Name: "IncomeGeneral", Kind: KindAmount, Required: true, Help: "本年收入：一般公共预算财政拨款。"},
			{Key: "income_fund", Label: "政府性基金预算财政拨款收入", Name: "IncomeFund", Kind: KindAmount, Help: "本年收入：政府性基金预算财政拨款。"},
			{Key: "income_other", Label: "其他收入", Name: "IncomeOther", Kind: KindAmount, Help: "本年收入：财政拨款以外的收入。"},
			{Key: "income_total", Label: "本年收入合计", Name: "IncomeTotal", Kind: KindAmount, Required: true, Help: "以上三项之和。"},
			{Key: "opening_fiscal", Label: "年初财政拨款结转和结余", Name: "OpeningFiscal", Kind: KindAmount, Help: "年初结转和结余：财政拨款部分。"},
			{Key: "opening_other", Label: "年初其他资金结转和结余", Name: "OpeningOther", Kind: KindAmount, Help: "年初结转和结余：其他资金部分。"},
			{Key: "exp_personnel", Label: "人员经费", Name: "ExpPersonnel", Kind: KindAmount, Required: true, Help: "基本支出中的人员经费。"},
			{Key: "exp_public", Label: "公用经费", Name: "ExpPublic", Kind: KindAmount, Required: true, Help: "基本支出中的公用经费。"},
			{Key: "exp_basic", Label: "基本支出合计", Name: "ExpBasic", Kind: KindAmount, Required: true, Help: "人员经费 + 公用经费。"},
			{Key: "exp_project", Label: "项目支出", Name: "ExpProject", Kind: KindAmount, Required: true, Help: "本年项目支出。"},
			{Key: "exp_total", Label: "本年支出合计", Name: "ExpTotal", Kind: KindAmount, Required: true, Help: "基本支出合计 + 项目支出。"},
			{Key: "closing_fiscal", Label: "年末财政拨款结转和结余", Name: "ClosingFiscal", Kind: KindAmount, Help: "年末结转和结余：财政拨款部分。"},
			{Key: "closing_other", Label: "年末其他资金结转和结余", Name: "ClosingOther", Kind: KindAmount, Help: "年末结转和结余：其他资金部分。"},
		},
		Breakdowns: []Breakdown{
			{Key: "by_function", Label: "按支出功能科目划分", InputRows: 8, Help: "本年支出按功能分类科目（类级）逐项填列，合计应等于本年支出合计。"},
			{Key: "by_economic", Label: "按支出经济分类划分", InputRows: 8, Help: "本年支出按经济分类科目（类级）逐项填列，合计应等于本年支出合计。"},
		},
	},
	Narrative:    departmentNarrative,
	ReviewSheet:  "审核结果",
	MarksSheet:   "_perfeval",
	ReviewHeader: reviewHeader(),
	CrossChecks: []CrossCheck{
		{BudgetTotal, BudgetColPlan, "年度资金总额全年预算数", []string{"income_total", "opening_fiscal", "opening_other"}, "收入总计（本年收入合计 + 年初结转和结余）"},
		{BudgetFiscal, BudgetColPlan, "财政拨款全年预算数", []string{"income_general", "income_fund", "opening_fiscal"}, "财政拨款收入（含年初财政拨款结转）"},
		{BudgetTotal, BudgetColExecution, "年度资金总额全年执行数", []string{"exp_total"}, "本年支出合计"},
		{BudgetBasic, BudgetColExecution, "基本支出全年执行数", []string{"exp_basic"}, "基本支出合计"},
		{BudgetProject, BudgetColExecution, "项目支出全年执行数", []string{"exp_project"}, "项目支出"},
	},
}

// Field returns the field with the given key from any field sheet, the
// budget reason included, and the sheet it lives on.
func (l *Layout) Field(key string) (Field, string, bool) {
	for _, fs := range []FieldSheet{l.Info, l.Goals, {Name: l.Accounts.Name, Fields: l.Accounts.Fields}, {Name: l.Budget.Name, Fields: []Field{l.Budget.Reason}}, l.Narrative} {
		for _, f := range fs.Fields {
			if f.Key == key {
				return f, fs.Name, true
			}
		}
	}
	return Field{}, "", false
}

// LayoutFor returns the layout of a form kind (FormDepartment,
// FormProject), or nil for an unknown kind.
func LayoutFor(kind string) *Layout {
	switch kind {
	case FormDepartment:
		return Department
	case FormProject:
		return Project
	}
	return nil
}

// FormName returns the Chinese name of a form kind: 部门整体支出绩效自评表.
func FormName(kind string) string {
	if l := LayoutFor(kind); l != nil {
		return l.Title
	}
	return kind
}

// indicatorTable is the 绩效指标 table, the same on both forms.
func indicatorTable() TableSheet {
	return TableSheet{
		Name:      "绩效指标",
		Title:     "绩效指标",
		InputRows: 80,
		Columns: []Column{
			{Key: ColLevel1, Header: "一级指标", Kind: KindText, Width: 10, Required: true, Help: "从下拉列表选择；同一一级指标下的后续行可留空（视同上一行）。"},
			{Key: ColLevel2, Header: "二级指标", Kind: KindText, Width: 12, Required: true, Help: "从下拉列表选择；可留空沿用上一行。"},
			{Key: ColName, Header: "三级指标", Kind: KindText, Width: 30, Required: true, Help: "具体指标名称。"},
			{Key: ColTarget, Header: "年度指标值", Aliases: []string{"年度目标值", "指标值", "目标值"}, Kind: KindValue, Width: 12, Required: true, Help: "带比较符和单位，如 >=16.8万件、≤3次、=100%、{year}年12月31日前。"},
			{Key: ColActual, Header: "实际完成值", Aliases: []string{"全年实际值", "实际值", "完成值"}, Kind: KindValue, Width: 12, Required: true, Help: "与指标值同一单位，如 200万件、96.12%。"},
			{Key: ColWeight, Header: "分值", Aliases: []string{"权重"}, Kind: KindScore, Width: 6, Required: true, Help: "本指标的分值。"},
			{Key: ColSelfScore, Header: "得分", Aliases: []string{"自评得分"}, Kind: KindScore, Width: 6, Required: true, Help: "部门自评得分，不得超过分值。"},
			{Key: ColReason, Header: "偏差原因分析及改进措施", Aliases: []string{"偏差原因分析及改进措施", "偏差原因及改进措施", "未完成原因分析"}, Kind: KindText, Width: 36, Conditional: true, Help: "未满分的指标必填：写明原因和改进措施；不能只填 0、无 或 /。"},
		},
	}
}

// reviewHeader is the columns an annotated copy appends to 绩效指标.
func reviewHeader() []Column {
	return []Column{
		{Key: "completion", Header: "完成率", Kind: KindRate, Width: 10},
		{Key: "review_score", Header: "复核得分", Kind: KindScore, Width: 10},
		{Key: "review_note", Header: "审核意见", Kind: KindText, Width: 36},
	}
}
