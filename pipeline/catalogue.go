package pipeline

// Codes is every finding code. It is append-only: a code is never renamed,
// reordered or reused, because reports, ledgers and rulebooks name them.
var Codes = []Code{
	{"not_xlsx", "不是工作簿", Error, "文件不是 .xlsx 工作簿（空文件、文本、旧版 .xls/.et 或已损坏），无法审核"},
	{"encrypted", "设置了密码", Error, "工作簿设置了打开密码，无法审核"},
	{"too_large", "文件过大", Error, "文件或工作表超出大小上限，无法完整读取"},
	{"missing_sheet", "缺少工作表", Error, "缺少模板规定的工作表"},
	{"missing_column", "缺少列", Error, "表格缺少模板规定的列（表头被修改或删除）"},
	{"missing_field", "未填写", Error, "缺少必填项，或必填单元格为空"},
	{"template_version", "模板版本", Warning, "工作簿不是当前版本的模板，或模板信息被改动"},
	{"unparseable_value", "无法识别", Error, "单元格内容无法识别为数字、百分比、日期或定性评价"},
	{"unit_mismatch", "单位不符", Error, "单位与表头或指标值的单位不一致"},
	{"negative_amount", "出现负数", Error, "金额、分值或得分为负数"},
	{"unknown_level", "指标名称不规范", Warning, "一级或二级指标名称不在评分规则的清单中"},
	{"weight_sum_mismatch", "分值合计不符", Error, "指标分值合计与评分规则规定的权重不一致"},
	{"score_exceeds_weight", "得分超过分值", Error, "自评得分超过该项分值"},
	{"sum_mismatch", "合计不符", Error, "分项之和不等于合计数"},
	{"rate_mismatch", "执行率不符", Error, "填报的执行率不等于全年执行数 ÷ 全年预算数"},
	{"execution_exceeds_budget", "执行超预算", Warning, "全年执行数大于全年预算数"},
	{"cross_table_mismatch", "表间不一致", Warning, "自评表与决算收支等其他表的数字不一致"},
	{"cost_indicator_mismatch", "成本指标不符", Warning, "成本指标“部门预算完成率”与计算的预算执行率不一致"},
	{"missing_explanation", "缺少偏差原因", Error, "未满分或未达标却没有填写偏差原因（0、无、/ 不算原因）"},
	{"self_score_mismatch", "自评得分不符", Warning, "自评得分与按评分规则复核的得分不一致"},
	{"declared_total_mismatch", "自评总分不符", Error, "自评总分与复核总分不一致"},
	{"target_too_low", "目标偏低", Warning, "实际完成值远超指标值，目标设定可能偏低"},
	{"missing_goal_text", "缺少总体目标", Warning, "年度总体目标或完成情况未填写"},
	{"audit_failed", "审核公式不成立", Error, "评分规则中的审核公式不成立"},
	{"hidden_row", "隐藏行", Info, "填有内容的行被隐藏：照常审核评分，但打印件和 PDF 上看不到"},
	// Reserved by DESIGN §3 for prefilled templates (distribute): listed so
	// that rulebooks may already set its severity; no check reports it yet.
	{"prefill_changed", "预填内容被改动", Error, "财政部门预填的内容（部门名称、编码、下达的预算数等）被改动（随预填模板启用）"},
	{"draft_left", "遗留草拟说明", Warning, "偏差原因仍是审核时草拟的说明：已填写却仍标着【草拟】，或该项已无需说明"},
}

// reservedCodes are catalogued codes that no check reports yet.
var reservedCodes = []string{"prefill_changed"}

// Checks is the ordered list of checks. Every check runs after Parse and
// Score: it reads parsed values and computed scores and never mutates them.
var Checks = []*Check{
	Structure,        // reader issues first: later findings assume the layout
	UnparseableValue, // before unit and sum checks, which skip unparsed cells
	UnitMismatch,
	NegativeAmount,
	MissingValue,
	WeightSumMismatch,
	ScoreExceedsWeight,
	SumMismatch,
	RateMismatch,
	ExecutionExceedsBudget,
	CrossTableMismatch,
	CostIndicatorMismatch,
	UnknownLevel,
	TargetTooLow,
	MissingGoalText,
	HiddenRow,
	MissingExplanation,
	DraftLeft,
	SelfScoreMismatch,
	DeclaredTotalMismatch,
	Audits, // last: the rulebook's own formulas, over values the checks above have judged
}
