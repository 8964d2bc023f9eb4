package template

// Narrative field keys (Layout.Narrative), the texts the self-evaluation
// report quotes.
const (
	NarrDuties       = "narr_duties"
	NarrOrganization = "narr_organization"
	NarrAnnualGoal   = "narr_annual_goal"
	NarrTasks        = "narr_tasks"
	NarrPerfMgmt     = "narr_perf_mgmt"
	NarrProblems     = "narr_problems"
	NarrMeasures     = "narr_measures"
	NarrApplication  = "narr_application"
)

// departmentNarrative is the department form's 报告素材 sheet: the texts of
// the self-evaluation report that no figure gives. Every field is optional,
// and so is the sheet: a workbook from a template without it reads as
// before, and the report marks each missing text 【待补充】.
var departmentNarrative = FieldSheet{
	Name:     "报告素材",
	Title:    "自评报告素材（选填）",
	Optional: true,
	Fields: []Field{
		{Key: NarrDuties, Label: "部门主要职责", Name: "NarrDuties", Kind: KindText, Help: "自评报告“部门基本情况”：部门的主要职责，可分条书写（单元格内换行按 Alt+Enter）。"},
		{Key: NarrOrganization, Label: "机构设置", Name: "NarrOrganization", Kind: KindText, Help: "自评报告“部门组织架构”：内设机构和下属单位。"},
		{Key: NarrAnnualGoal, Label: "当年履职总体目标", Name: "NarrAnnualGoal", Kind: KindText, Help: "自评报告“当年部门履职总体目标”。"},
		{Key: NarrTasks, Label: "重点工作任务", Name: "NarrTasks", Kind: KindText, Help: "自评报告“当年部门工作任务”。"},
		{Key: NarrPerfMgmt, Label: "预算绩效管理开展情况", Name: "NarrPerfMgmt", Kind: KindText, Help: "自评报告“部门预算绩效管理开展情况”。"},
		{Key: NarrProblems, Label: "存在问题", Name: "NarrProblems", Kind: KindText, Help: "自评报告“主要问题及原因分析”中未满分指标和预算执行以外的问题；未满分指标和预算执行由程序按表中数字写出。"},
		{Key: NarrMeasures, Label: "改进措施", Name: "NarrMeasures", Kind: KindText, Help: "自评报告“改进的方向和具体措施”，可分条书写。"},
		{Key: NarrApplication, Label: "结果应用和公开", Name: "NarrApplication", Kind: KindText, Help: "自评报告“绩效自评结果拟应用和公开情况”；不填时按通用表述写出。"},
	},
}
