package template

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Columns of the 填报说明 sheet: paragraphs span all four; the field table
// uses one each.
var guideWidths = []float64{14, 30, 72, 8}

// Headers of the field table on the 填报说明 sheet.
var guideHeaders = []string{"工作表", "项目或列", "填写说明", "必填"}

// noScoringGuide is the 评分办法 of a template made without a rulebook's
// rules: the rules are the bureau's, and only a rulebook states them
// (explain.TemplateData).
const noScoringGuide = "按财政部门下发的评分规则计分。"

// helpText fills a field's help with the template's year and rules: {year}
// is the evaluated year, {next} the year after (when the form is filled),
// {budget_weight} and {declared} the rulebook's budget weight and what the
// 自评总分 may be.
func (g *gen) helpText(h string) string {
	weight, declared := g.d.BudgetWeight, g.d.DeclaredTotal
	if weight == "" {
		weight = "10"
	}
	if declared == "" {
		declared = "可取整数"
	}
	return strings.NewReplacer("{year}", strconv.Itoa(g.d.Year), "{next}", strconv.Itoa(g.d.Year+1),
		"{budget_weight}", weight, "{declared}", declared).Replace(h)
}

// writeGuide writes the 填报说明 sheet from the layout: what the form is, how
// to fill each sheet, how it is scored, what not to change and, last, one
// table row per field and column (with the layout's Help text), whose
// header repeats on every printed page.
func (g *gen) writeGuide() {
	l := g.l
	sheet := l.GuideSheet
	ncol := len(guideWidths)
	total := SumWidths(guideWidths)
	for i, w := range guideWidths {
		g.width(sheet, i+1, w)
	}
	// plan holds each row's height and what it keeps with on paper, by
	// row from TitleRow, for the page breaks planned last.
	var plan []PrintRow
	row := TitleRow
	at := func(h float64, keep int) {
		g.height(sheet, row, h)
		for len(plan) < row {
			plan = append(plan, PrintRow{Height: guideSpacer})
		}
		plan[row-1] = PrintRow{Height: h, Keep: keep}
	}
	t := g.title(sheet, total)
	g.text(sheet, 1, row, t)
	g.merge(sheet, 1, row, ncol, row)
	g.setStyle(sheet, 1, row, ncol, row, styleKey{role: roleTitle})
	at(RowHeight(titleSize, TextLines(t, total, titleSize)), 0)
	row++

	// A heading prints on the page of the keep rows after it: its first
	// paragraph, or the field table's header and two rows.
	heading := func(s string, keep int) {
		at(guideSpacer, 0) // one empty row before each section
		row++
		g.text(sheet, 1, row, s)
		g.merge(sheet, 1, row, ncol, row)
		g.setStyle(sheet, 1, row, ncol, row, styleKey{role: roleGuideHeading})
		at(24, keep)
		row++
	}
	// A paragraph is broken into lines by Lines, at most as wide as the
	// page holds in Excel and LibreOffice alike, so that neither wraps it
	// again and no line starts with a punctuation mark.
	para := func(s string) {
		lines := Lines(s, total)
		g.text(sheet, 1, row, strings.Join(lines, "\n"))
		g.merge(sheet, 1, row, ncol, row)
		g.setStyle(sheet, 1, row, ncol, row, styleKey{role: roleGuideText})
		at(RowHeight(FontSize, len(lines)), 0)
		row++
	}

	year := "本年度"
	if g.d.Year > 0 {
		year = fmt.Sprintf("%d年度", g.d.Year)
	}
	heading("一、本表是什么", 1)
	what := "各部门对照年初批复的绩效目标，如实填写全年预算执行情况、绩效指标完成情况和自评得分，连同部门决算收支数据一并报送"
	if !l.HasAccounts() {
		what = "每个项目填写一份：项目实施单位对照年初批复的项目绩效目标，如实填写项目资金执行情况、绩效指标完成情况和自评得分，经主管部门审核后报送"
	}
	para(fmt.Sprintf("本工作簿是%s的%s，由财政部门下发，%s。财政部门将用程序逐项核对数据、复核得分，有问题的会退回修改。", year, l.Title, what))
	// The list of sheets is a paragraph of its own, which the annotated
	// copy rewrites with one sheet more.
	para(fmt.Sprintf("共 %d 张工作表：%s。", len(l.Sheets()), strings.Join(l.Sheets(), "、")))
	para("浅黄色底纹的单元格是填写区域，其余单元格（标题、表头、项目名称）已锁定。")
	if len(g.d.Prefill) > 0 {
		para("浅蓝色底纹的单元格（部门名称、部门编码、评价年度和财政部门掌握的全年预算数）由财政部门预填，已锁定，请勿修改；如有不符，请与财政部门联系。报送后程序会核对这些内容，被改动的表将退回修改。")
	}

	heading("二、怎样填写", 1)
	rows := make([]string, 0, len(l.Budget.Rows))
	for _, r := range l.Budget.Rows {
		rows = append(rows, "“"+r.Label+"”")
	}
	bds := make([]string, 0, len(l.Accounts.Breakdowns))
	for _, b := range l.Accounts.Breakdowns {
		bds = append(bds, "“"+b.Label+"”")
	}
	total0 := ""
	if len(l.Budget.Rows) > 0 {
		total0 = l.Budget.Rows[0].Label
	}
	info, amounts := "部门名称、编码、自评总分和部门概况", "全年预算数、全年执行数（万元）"
	if hasBudgetCol(l, BudgetColInitial) {
		info, amounts = "项目名称、主管部门、实施单位和自评总分", "年初预算数、全年预算数（年初预算经调整后的数）、全年执行数（万元）"
	}
	steps := []string{
		fmt.Sprintf("1.“%s”：逐项填写%s；标有“其中”的项目是上一项的组成部分。", l.Info.Name, info),
		fmt.Sprintf("2.“%s”：固定 %d 行（%s），每行填写%s和执行率，执行率按全年预算数计算；分值和得分只在“%s”行填写。执行率未达 100%% 的，在表下方填写“%s”。", l.Budget.Name, len(l.Budget.Rows), strings.Join(rows, "、"), amounts, total0, l.Budget.Reason.Label),
		fmt.Sprintf("3.“%s”：填写年初批复的预期目标和%s，可以分条书写（单元格内换行按 Alt+Enter）。", l.Goals.Name, l.Goals.Fields[len(l.Goals.Fields)-1].Label),
		fmt.Sprintf("4.“%s”：每个三级指标占一行。一级指标、二级指标从下拉列表选择，同一组的后续行可以留空；年度指标值和实际完成值写明比较符号和单位（如 >=16.8万件、200万件、96.12%%），分值、得分只填数字。行不够时，在表格中间右键行号选“插入”整行；多余的空行可以保留或删除。", l.Indicators.Name),
	}
	if l.HasAccounts() {
		steps = append(steps, fmt.Sprintf("5.“%s”：按部门决算报表填列，金额单位万元；%s各填科目名称和金额，行不够时在该段内插入行。", l.Accounts.Name, strings.Join(bds, "、")))
	}
	if l.Narrative.Name != "" {
		labels := fieldLabels(l.Narrative.Fields)
		if len(labels) > 5 {
			labels = labels[:5]
		}
		steps = append(steps, fmt.Sprintf("%d.“%s”：选填，是起草自评报告用的文字（%s等）；报告中的数字由程序按本表复核后的数字写出，这里只写文字。不填的，报告中标为“【待补充】”。", len(steps)+1, l.Narrative.Name, strings.Join(labels, "、")))
	}
	for _, s := range steps {
		para(s)
	}

	heading("三、评分办法", 1)
	scoring := g.d.ScoringGuide
	if len(scoring) == 0 {
		scoring = []string{noScoringGuide}
	}
	for _, s := range scoring {
		para(s)
	}

	heading("四、注意事项", 1)
	for _, s := range []string{
		"1. 不要修改工作表名称、表头文字和左侧的项目名称，不要删除、移动或隐藏工作表；程序按这些名称识别数据。",
		"2. 需要增加指标或科目时，请在表格内部插入整行（右键行号 →“插入”），不要在表格下方另起表格，也不要插入或删除列。",
		"3. 金额单位均为万元，直接填写数字（可保留 4 位小数），不要带“万元”“元”等文字；执行率可以填 91.38，也可以填 91.38%。",
		"4. 工作表保护没有设置密码，只用于防止误改表头；如确需调整，可在“审阅”→“撤销工作表保护”后操作，改完请恢复保护。",
		"5. 可以用 Excel 或 WPS 填写，填好后保存为 .xlsx 格式报送，不要另存为 .xls、.et 或 PDF。",
	} {
		para(s)
	}

	heading("五、各项目填写说明", 3)
	// The table is the sheet's last part, so that its header, the
	// print titles, repeats on each page it continues on and on no other:
	// Excel and LibreOffice repeat print titles from their own page on.
	head := row
	for i, h := range guideHeaders {
		g.text(sheet, i+1, row, h)
	}
	g.setStyle(sheet, 1, row, ncol, row, styleKey{role: roleHeader})
	at(guideHeaderHeight, 2)
	plan[row-1].Titles, plan[row-1].TitleHeight = true, guideHeaderHeight
	row++
	item := func(sheetName, label, help string, required, conditional bool) {
		help = g.helpText(help)
		req := ""
		switch {
		case required:
			req = "是"
		case conditional:
			req = "见说明"
		}
		vals := []string{sheetName, label, help, req}
		n := 1
		for i, v := range vals {
			lines := Lines(v, guideWidths[i])
			g.text(sheet, i+1, row, strings.Join(lines, "\n"))
			n = max(n, len(lines))
		}
		g.setStyle(sheet, 1, row, ncol-1, row, styleKey{role: roleGuideCell})
		g.setStyle(sheet, ncol, row, ncol, row, styleKey{role: roleGuideCell, center: true})
		at(RowHeight(FontSize, n), 0)
		row++
	}
	for _, f := range l.Info.Fields {
		item(l.Info.Name, f.Label, f.Help, f.Required, f.Conditional)
	}
	item(l.Budget.Name, "行："+strings.Join(fieldLabels(l.Budget.Rows), "、"), "固定行，不要增删或改名。", true, false)
	for _, c := range l.Budget.Columns[1:] {
		item(l.Budget.Name, c.Header, c.Help, c.Required, c.Conditional)
	}
	item(l.Budget.Name, l.Budget.Reason.Label, l.Budget.Reason.Help, l.Budget.Reason.Required, l.Budget.Reason.Conditional)
	for _, f := range l.Goals.Fields {
		item(l.Goals.Name, f.Label, f.Help, f.Required, f.Conditional)
	}
	for _, c := range l.Indicators.Columns {
		item(l.Indicators.Name, c.Header, c.Help, c.Required, c.Conditional)
	}
	for _, f := range l.Accounts.Fields {
		item(l.Accounts.Name, f.Label, f.Help, f.Required, f.Conditional)
	}
	for _, b := range l.Accounts.Breakdowns {
		item(l.Accounts.Name, b.Label, b.Help, false, false)
	}
	for _, f := range l.Narrative.Fields {
		item(l.Narrative.Name, f.Label, f.Help, f.Required, f.Conditional)
	}

	// The table's last three rows print together: its last page is not
	// one lonely row under the header.
	if n := len(plan); n-3 > head {
		plan[n-3].Keep = 2
	}
	for _, b := range PlanBreaks(plan, PageRoom(guideWidths, true, 0)) {
		g.do(g.f.InsertPageBreak(sheet, cellName(1, b+1)))
	}
	g.printSetup(sheet, fmt.Sprintf("'%s'!$%d:$%d", strings.ReplaceAll(sheet, "'", "''"), head, head))
	g.protect(sheet)
	if g.err == nil {
		off := false
		g.do(g.f.SetSheetView(sheet, 0, &excelize.ViewOptions{ShowGridLines: &off}))
	}
}

// Heights (points) of the guide's empty row before each section and of its
// field table's header.
const (
	guideSpacer       = 12
	guideHeaderHeight = 22
)

func fieldLabels(fs []Field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Label
	}
	return out
}
