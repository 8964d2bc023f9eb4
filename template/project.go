package template

// Project is the 项目支出绩效自评表 of the Ministry of Finance (财预〔2020〕10号),
// which most provinces copy: one form per project. Its indicator table is
// the department form's; its funds are the project's, with the budget
// approved at the start of the year beside the adjusted one that execution
// is measured against; it has no final accounts.
var Project = &Layout{
	Kind:       FormProject,
	Version:    "2026.1",
	Title:      "项目支出绩效自评表",
	GuideSheet: "填报说明",
	ListSheet:  "_lists",
	MetaSheet:  "_meta",
	Info: FieldSheet{
		Name:  "基本信息",
		Title: "基本信息",
		Fields: []Field{
			{Key: "project_name", Label: "项目名称", Name: "ProjectName", Kind: KindText, Required: true, Help: "项目全称，与预算批复一致。"},
			{Key: "project_code", Label: "项目编码", Name: "ProjectCode", Kind: KindText, Help: "预算管理一体化系统中的项目编码；没有的可不填。"},
			{Key: "dept_name", Label: "主管部门", Aliases: []string{"主管部门名称"}, Name: "DeptName", Kind: KindText, Required: true, Help: "项目的主管部门全称。"},
			{Key: "dept_code", Label: "部门编码", Name: "DeptCode", Kind: KindText, Help: "主管部门的部门预算编码；财政部门下发的表已预填。"},
			{Key: "unit", Label: "实施单位", Aliases: []string{"项目实施单位"}, Name: "ImplUnit", Kind: KindText, Required: true, Help: "具体实施项目的单位全称。"},
			{Key: "manager", Label: "项目负责人", Name: "Manager", Kind: KindText, Help: "项目负责人姓名。"},
			{Key: "phone", Label: "联系电话", Name: "Phone", Kind: KindText, Help: "项目负责人或填报人的联系电话。"},
			{Key: "year", Label: "评价年度", Name: "EvalYear", Kind: KindYear, Required: true, Help: "被评价的预算年度，如 {year}。"},
			{Key: "filler", Label: "填报人", Name: "Filler", Kind: KindText, Help: "填报人姓名。"},
			{Key: "fill_date", Label: "填报日期", Name: "FillDate", Kind: KindDate, Help: "如 {next}年3月15日 或 {next}-03-15。"},
			{Key: "declared_total", Label: "自评总分", Name: "DeclaredTotal", Kind: KindScore, Required: true, Help: "项目自评的总分（满分 100），{declared}；系统会与复核总分比对。"},
		},
	},
	Budget: BudgetSheet{
		Name:  "资金情况",
		Title: "项目资金（万元）",
		Columns: []Column{
			{Key: BudgetColLabel, Header: "项目资金", Aliases: []string{"项目资金（万元）", "资金来源"}, Kind: KindText, Width: 20},
			{Key: BudgetColInitial, Header: "年初预算数（万元）", Aliases: []string{"年初预算数", "年初预算"}, Kind: KindAmount, Width: 17, Help: "年初批复的预算数，单位万元。"},
			{Key: BudgetColPlan, Header: "全年预算数（万元）", Aliases: []string{"全年预算数", "调整后预算数", "全年预算"}, Kind: KindAmount, Width: 17, Required: true, Help: "年初预算经调整后的全年预算数，单位万元；执行率按此计算。"},
			{Key: BudgetColExecution, Header: "全年执行数（万元）", Aliases: []string{"全年执行数", "预算执行数", "执行数"}, Kind: KindAmount, Width: 17, Required: true, Help: "全年实际支出数，单位万元。"},
			{Key: BudgetColWeight, Header: "分值", Aliases: []string{"权重"}, Kind: KindScore, Width: 7, Conditional: true, Help: "预算执行的分值，只在“年度资金总额”一行填写，该行必填（{budget_weight} 分）。"},
			{Key: BudgetColRate, Header: "执行率（%）", Aliases: []string{"执行率", "执行率(%)", "预算执行率"}, Kind: KindRate, Width: 10, Help: "全年执行数 ÷ 全年预算数，填百分数（如 91.38 或 91.38%）。"},
			{Key: BudgetColScore, Header: "得分", Kind: KindScore, Width: 7, Conditional: true, Help: "预算执行的自评得分，只在“年度资金总额”一行填写，该行必填。"},
		},
		Rows: []Field{
			{Key: BudgetTotal, Label: "年度资金总额", Aliases: []string{"资金总额", "总额"}, Name: "BudgetTotal", Required: true},
			{Key: BudgetFiscal, Label: "当年财政拨款", Aliases: []string{"本年财政拨款", "财政拨款", "财政资金"}, Name: "BudgetFiscal", Required: true},
			// Many projects have no carryover and no other funds: published
			// forms leave these rows blank, which reads as none.
			{Key: BudgetCarryover, Label: "上年结转资金", Aliases: []string{"上年结转"}, Name: "BudgetCarryover"},
			{Key: BudgetOther, Label: "其他资金", Name: "BudgetOther"},
		},
		Reason: Field{Key: "budget_reason", Label: "预算执行率偏差原因分析及改进措施", Name: "BudgetReason", Kind: KindText, Conditional: true, Help: "执行率未达 100% 时必填：说明原因和改进措施。"},
		Sums: []BudgetSum{
			{Total: BudgetTotal, Parts: []string{BudgetFiscal, BudgetCarryover, BudgetOther}, What: "资金来源（当年财政拨款 + 上年结转资金 + 其他资金）"},
		},
	},
	Goals: FieldSheet{
		Name:  "总体目标",
		Title: "年度总体目标",
		Fields: []Field{
			{Key: "goal_expected", Label: "预期目标", Name: "GoalExpected", Kind: KindText, Required: true, Help: "年初批复的项目绩效目标。"},
			{Key: "goal_achieved", Label: "实际完成情况", Aliases: []string{"全年完成情况", "完成情况"}, Name: "GoalAchieved", Kind: KindText, Required: true, Help: "对照预期目标逐项说明实际完成情况。"},
		},
	},
	Indicators:   indicatorTable(),
	Narrative:    projectNarrative,
	ReviewSheet:  "审核结果",
	MarksSheet:   "_perfeval",
	ReviewHeader: reviewHeader(),
}

// Narrative field keys of the project form beside those it shares with the
// department form (NarrProblems, NarrMeasures, NarrApplication).
const (
	NarrProjectBasic = "narr_project_basic"
	NarrSelfEval     = "narr_self_eval"
)

// projectNarrative is the project form's 报告素材 sheet: the texts of the
// project self-evaluation report (项目支出绩效自评报告) that no figure gives.
// Every field is optional, and so is the sheet: the published forms have
// none, read as before, and the report marks each missing text 【待补充】.
var projectNarrative = FieldSheet{
	Name:     "报告素材",
	Title:    "自评报告素材（选填）",
	Optional: true,
	Fields: []Field{
		{Key: NarrProjectBasic, Label: "项目基本情况", Name: "NarrProjectBasic", Kind: KindText, Help: "自评报告“项目基本情况”：立项依据、项目主要内容和实施情况，可分条书写（单元格内换行按 Alt+Enter）。"},
		{Key: NarrSelfEval, Label: "绩效自评工作开展情况", Name: "NarrSelfEval", Kind: KindText, Help: "自评报告“绩效自评工作开展情况”：自评的组织、方法和过程。"},
		{Key: NarrProblems, Label: "存在问题", Name: "NarrProblems", Kind: KindText, Help: "自评报告“偏离绩效目标的原因和改进措施”中未满分指标和预算执行以外的问题；未满分指标和预算执行由程序按表中数字写出。"},
		{Key: NarrMeasures, Label: "改进措施", Name: "NarrMeasures", Kind: KindText, Help: "自评报告“偏离绩效目标的原因和改进措施”中的改进措施，可分条书写。"},
		{Key: NarrApplication, Label: "结果应用和公开", Name: "NarrApplication", Kind: KindText, Help: "自评报告“绩效自评结果拟应用和公开情况”；不填时按通用表述写出。"},
	},
}
