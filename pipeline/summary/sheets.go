package summary

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/template/xlsx"
)

// The summary's sheets.
const (
	SheetSummary    = "汇总"
	SheetShortfalls = "未达标指标"
	SheetFindings   = "审核问题"
	SheetMissing    = "未报送"
	SheetCharts     = "图表"
	SheetAbout      = "说明"
)

// sheetWriter writes one sheet of the summary.
type sheetWriter struct {
	name  string
	write func(*book, *Summary) error
}

// sheets are the summary's sheets in order. The project form (项目支出)
// adds its table here, after the department form's, as another
// departmentTable-like Table; the sheets after it are shared.
func sheets() []sheetWriter {
	return []sheetWriter{
		{SheetSummary, writeDepartments},
		{SheetShortfalls, writeShortfalls},
		{SheetFindings, writeFindings},
		{SheetMissing, writeMissing},
		{SheetCharts, writeCharts},
		{SheetAbout, writeAbout},
	}
}

// Save writes the summary workbook to path atomically (xlsx.SaveAtomic):
// links to annotated copies are relative to path's folder.
func (s *Summary) Save(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	b, err := s.workbook(filepath.Dir(abs))
	if err != nil {
		return err
	}
	defer b.f.Close()
	return xlsx.SaveAtomic(b.f, path)
}

// workbook builds the summary workbook; links are relative to base.
func (s *Summary) workbook(base string) (*book, error) {
	b, err := newBook(base)
	if err != nil {
		return nil, err
	}
	for _, sh := range sheets() {
		if err := sh.write(b, s); err != nil {
			b.f.Close()
			return nil, fmt.Errorf("write sheet %s: %w", sh.name, err)
		}
	}
	// The first sheet is the active one already; SetActiveSheet would read
	// every streamed sheet back.
	return b, nil
}

// Table is a sheet of one row per department: its columns and, for each
// row, its values in the columns' order.
type Table struct {
	cols []column
	// printed is how many of the first columns are printed (the rest, the
	// time and the link, are for the screen).
	printed int
	// status and grade are the 1-based columns coloured by value.
	status, grade int
}

// departmentTable is the table of the department form (部门整体支出).
func departmentTable(s *Summary) Table {
	t := Table{cols: []column{
		{"部门编码", 9, kText}, {"部门名称", 24, kText}, {"状态", 8, kText}, {"版本", 5, kCount},
		{"全年预算数（万元）", 13, kAmount}, {"全年执行数（万元）", 13, kAmount}, {"执行率", 8, kRate}, {"预算执行得分", 7, kScore},
	}}
	for _, l := range s.Levels {
		t.cols = append(t.cols, column{l + "得分", 7, kScore})
	}
	t.cols = append(t.cols, []column{
		{"复核总分", 7, kScore}, {"自评总分", 7, kScore}, {"差异（自评−复核）", 8, kSigned}, {"等级", 5, kText}, {"排名", 5, kCount},
		{"错误", 5, kCount}, {"警告", 5, kCount},
	}...)
	t.status, t.grade = 3, len(t.cols)-3
	if s.Previous != nil {
		t.cols = append(t.cols, []column{
			{"上年复核总分", 7, kScore}, {"总分变化", 7, kSigned}, {"上年执行率", 8, kRate}, {"执行率变化（百分点）", 8, kPoints},
		}...)
	}
	t.cols = append(t.cols, column{"备注", 14, kText})
	t.printed = len(t.cols)
	t.cols = append(t.cols, column{"报送时间", 16, kTime}, column{"批注版", 40, kLink})
	return t
}

func nonZero(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// values are a row's cells in the department table's order.
func (s *Summary) values(r Row) []any {
	v := []any{r.Code, r.Name, StatusLabel(r.Status), nonZero(r.Version), r.Budget, r.Execution, r.Rate, r.BudgetScore}
	for _, l := range r.LevelScores {
		v = append(v, l)
	}
	v = append(v, r.Total, r.Declared, r.Difference, r.Grade, nonZero(r.Rank))
	if r.Status == Missing {
		v = append(v, nil, nil)
	} else {
		v = append(v, r.Errors, r.Warnings)
	}
	if s.Previous != nil {
		v = append(v, r.PreviousTotal, r.TotalChange, r.PreviousRate, r.RateChange)
	}
	name := ""
	if r.Annotated != "" {
		name = filepath.Base(r.Annotated)
	}
	return append(v, r.Note, r.ReceivedAt, link{name, r.Annotated})
}

func widths(cols []column) []float64 {
	out := make([]float64, len(cols))
	for i, c := range cols {
		out[i] = c.width
	}
	return out
}

// statusFills colour the statuses.
var statusFills = []fill{
	{text: report.Accepted.Label(), colour: "C6EFCE", font: "006100"},
	{text: report.Returned.Label(), colour: "FFEB9C", font: "9C5700"},
	{text: report.Unreadable.Label(), colour: "FFC7CE", font: "9C0006", bold: true},
	{text: StatusLabel(Missing), colour: "D9D9D9", font: "404040", bold: true},
}

// gradeFills colour the grades from the best (green) to the worst (red).
func gradeFills(grades []string) []fill {
	palette := []fill{{colour: "C6EFCE", font: "006100"}, {colour: "DDEBF7", font: "1F4E78"}, {colour: "FFEB9C", font: "9C5700"},
		{colour: "FCE4D6", font: "843C0C"}, {colour: "FFC7CE", font: "9C0006"}}
	var out []fill
	for i, g := range grades {
		p := palette[len(palette)-1]
		if len(grades) > 1 {
			p = palette[i*(len(palette)-1)/(len(grades)-1)]
		}
		p.text = g
		out = append(out, p)
	}
	return out
}

func writeDepartments(b *book, s *Summary) error {
	t := departmentTable(s)
	const headerRow = 4
	sh, err := b.newSheet(SheetSummary, widths(t.cols), fmt.Sprintf("C%d", headerRow+1), print{landscape: true, repeat: headerRow})
	if err != nil {
		return err
	}
	sh.span = t.printed
	if err := sh.line(fmt.Sprintf("%d 年度部门整体支出绩效自评汇总表", s.Year), b.title, 24); err != nil {
		return err
	}
	c := s.Counts
	counts := fmt.Sprintf("共 %d 个部门：已报送 %d 个（通过 %d，退回修改 %d，无法读取 %d）", len(s.Departments), c.Submitted, c.Accepted, c.Returned, c.Unreadable)
	if s.Roster != nil {
		counts += fmt.Sprintf("，名单中未报送 %d 个，不在名单中 %d 个", c.Missing, c.Unlisted)
	}
	if c.Unidentified > 0 {
		counts += fmt.Sprintf("；另有 %d 份报送无法确定部门或年度（见“未报送”表）", c.Unidentified)
	}
	counts += "。生成于 " + s.BuiltAt.Local().Format("2006-01-02 15:04") + "，各项的算法见“说明”表。"
	if err := sh.line(counts, b.note, 28); err != nil {
		return err
	}
	rule := "排名：按复核总分从高到低，总分相同的部门名次相同，其后的名次顺延（如 1、2、2、4）；没有复核总分的不排名。" +
		"差异 = 自评总分 − 复核总分。执行率 = 全年执行数 ÷ 全年预算数（年度资金总额一行）；全市合计的执行率是合计数之比，不是各部门执行率的平均。"
	if err := sh.line(rule, b.note, 28); err != nil {
		return err
	}
	if err := sh.header(t.cols); err != nil {
		return err
	}
	first := sh.row + 1
	for _, r := range s.Departments {
		if err := sh.values(t.cols, s.values(r), false); err != nil {
			return err
		}
	}
	last := sh.row
	tot := s.Totals
	sums := make([]any, len(t.cols))
	sums[1] = fmt.Sprintf("全市合计（预算、执行为 %d 个部门之和）", tot.AmountsOf)
	sums[4], sums[5], sums[6] = tot.Budget, tot.Execution, tot.Rate
	means := make([]any, len(t.cols))
	means[1] = "平均（各项为有该项得分的部门的平均）"
	means[7] = tot.BudgetScoreMean
	for i, m := range tot.LevelScoreMeans {
		means[8+i] = m
	}
	at := 8 + len(s.Levels)
	means[at], means[at+1] = tot.TotalMean, tot.DeclaredMean
	sums[at+5], sums[at+6] = tot.Errors, tot.Warnings
	if s.Previous != nil {
		means[at+7] = tot.PreviousTotal
	}
	if err := sh.values(t.cols, sums, true); err != nil {
		return err
	}
	if err := sh.values(t.cols, means, true); err != nil {
		return err
	}
	if err := sh.filter(headerRow, last); err != nil {
		return err
	}
	if err := sh.colour(t.status, first, last, statusFills); err != nil {
		return err
	}
	if err := sh.colour(t.grade, first, last, gradeFills(s.Grades)); err != nil {
		return err
	}
	if err := sh.printArea(t.printed); err != nil {
		return err
	}
	return sh.done()
}

func writeShortfalls(b *book, s *Summary) error {
	cols := []column{{"部门编码", 9, kText}, {"部门名称", 20, kText}, {"位置", 12, kText}, {"一级指标", 10, kText}, {"二级指标", 10, kText},
		{"三级指标", 24, kText}, {"年度指标值", 12, kText}, {"实际完成值", 12, kText}, {"完成率", 8, kRate}, {"分值", 6, kScore},
		{"复核得分", 7, kScore}, {"扣分", 6, kScore}, {"偏差原因分析及改进措施", 48, kText}}
	sh, err := b.newSheet(SheetShortfalls, widths(cols), "C4", print{landscape: true, repeat: 3})
	if err != nil {
		return err
	}
	if err := sh.line(fmt.Sprintf("%d 年度未达标指标（共 %d 个）", s.Year, len(s.Shortfalls)), b.title, 24); err != nil {
		return err
	}
	if err := sh.line("列出复核得分低于分值、或完成率低于 100% 的每个三级指标。扣分 = 分值 − 复核得分。部门没有写明原因的（空白，或只写了“无”“/”等）写作“未说明”。", b.note, 28); err != nil {
		return err
	}
	if err := sh.header(cols); err != nil {
		return err
	}
	for _, f := range s.Shortfalls {
		if err := sh.values(cols, []any{f.Code, f.Department, f.Ref, f.Level1, f.Level2, f.Name, f.Target, f.Actual,
			f.Completion, f.Weight, f.Score, f.Lost, f.Reason}, false); err != nil {
			return err
		}
	}
	if err := sh.filter(3, sh.row); err != nil {
		return err
	}
	return sh.done()
}

func writeFindings(b *book, s *Summary) error {
	cols := []column{{"部门编码", 9, kText}, {"部门名称", 20, kText}, {"结论", 8, kText}, {"级别", 6, kText}, {"类别", 12, kText},
		{"代码", 22, kText}, {"位置", 14, kText}, {"说明", 70, kText}}
	sh, err := b.newSheet(SheetFindings, widths(cols), "C4", print{landscape: true, repeat: 3})
	if err != nil {
		return err
	}
	n := map[finding.Severity]int{}
	for _, f := range s.Findings {
		n[f.Severity]++
	}
	if err := sh.line(fmt.Sprintf("%d 年度审核问题（共 %d 条：错误 %d，警告 %d，提示 %d）", s.Year, len(s.Findings), n[finding.Error], n[finding.Warning], n[finding.Info]), b.title, 24); err != nil {
		return err
	}
	if err := sh.line("每个部门最新一份报送的全部审核发现，与该部门的审核报告和批注版一致。错误必须改正（有错误即退回修改），警告请核实，提示仅供参考。可按部门、级别、类别筛选。", b.note, 28); err != nil {
		return err
	}
	if err := sh.header(cols); err != nil {
		return err
	}
	for _, f := range s.Findings {
		if err := sh.values(cols, []any{f.Code, f.Department, StatusLabel(f.Status), f.Severity.Label(), f.Title, string(f.Finding), f.Ref, f.Message}, false); err != nil {
			return err
		}
	}
	if err := sh.filter(3, sh.row); err != nil {
		return err
	}
	if err := sh.colour(4, 4, sh.row, []fill{
		{text: finding.Error.Label(), colour: "FFC7CE", font: "9C0006"},
		{text: finding.Warning.Label(), colour: "FFEB9C", font: "9C5700"},
		{text: finding.Info.Label(), colour: "DDEBF7", font: "1F4E78"},
	}); err != nil {
		return err
	}
	return sh.done()
}

func writeMissing(b *book, s *Summary) error {
	sh, err := b.newSheet(SheetMissing, []float64{10, 28, 12, 30, 18, 40}, "", print{landscape: true})
	if err != nil {
		return err
	}
	if err := sh.line(fmt.Sprintf("%d 年度报送情况", s.Year), b.title, 24); err != nil {
		return err
	}
	sh.blank()
	if s.Roster == nil {
		if err := sh.line("名单中尚未报送的部门：未提供部门名单（perfeval summary --roster 名单.xlsx），无法列出。", b.sub, 20); err != nil {
			return err
		}
	} else {
		if err := sh.line(fmt.Sprintf("名单中尚未报送的部门（%d 个，名单共 %d 个部门）", len(s.Missing), s.Roster.Departments), b.sub, 20); err != nil {
			return err
		}
		cols := []column{{"部门编码", 0, kText}, {"部门名称", 0, kText}, {"联系人", 0, kText}, {"邮箱", 0, kText}, {"联系电话", 0, kText}}
		if err := sh.header(cols); err != nil {
			return err
		}
		for _, m := range s.Missing {
			if err := sh.values(cols, []any{m.Code, m.Name, m.Contact, m.Email, m.Phone}, false); err != nil {
				return err
			}
		}
		if unk := len(s.Unknown); unk > 0 {
			if err := sh.line(fmt.Sprintf("注意：另有 %d 份报送无法确定部门（见下），其中可能有上面列出的部门。", unk), b.note, 18); err != nil {
				return err
			}
		}
		sh.blank()
		if err := sh.line(fmt.Sprintf("报送了、但不在名单中的部门（%d 个）", len(s.Unlisted)), b.sub, 20); err != nil {
			return err
		}
		cols = []column{{"部门编码", 0, kText}, {"部门名称", 0, kText}, {"结论", 0, kText}, {"复核总分", 0, kScore}, {"报送文件", 0, kText}, {"报送时间", 0, kTime}}
		if err := sh.header(cols); err != nil {
			return err
		}
		for _, r := range s.Unlisted {
			if err := sh.values(cols, []any{r.Code, r.Name, StatusLabel(r.Status), r.Total, r.File, r.ReceivedAt}, false); err != nil {
				return err
			}
		}
	}
	sh.blank()
	if err := sh.line(fmt.Sprintf("无法确定部门或年度的报送（%d 份）", len(s.Unknown)), b.sub, 20); err != nil {
		return err
	}
	cols := []column{{"报送文件", 0, kText}, {"SHA-256（前 12 位）", 0, kText}, {"结论", 0, kText}, {"原因", 0, kText}, {"部门", 0, kText}, {"报送时间", 0, kTime}}
	if err := sh.header(cols); err != nil {
		return err
	}
	for _, u := range s.Unknown {
		if err := sh.values(cols, []any{u.File, u.SHA256[:min(12, len(u.SHA256))], StatusLabel(u.Status), u.Reason, u.Department, u.ReceivedAt}, false); err != nil {
			return err
		}
	}
	return sh.done()
}

func writeAbout(b *book, s *Summary) error {
	sh, err := b.newSheet(SheetAbout, []float64{22, 100}, "", print{})
	if err != nil {
		return err
	}
	if err := sh.line(fmt.Sprintf("%d 年度汇总表说明", s.Year), b.title, 24); err != nil {
		return err
	}
	cols := []column{{"项目", 0, kText}, {"内容", 0, kText}}
	row := func(label, text string) error {
		sh.row++
		return sh.sw.SetRow(fmt.Sprintf("A%d", sh.row), []any{cellOf(b.label, label), cellOf(b.wrap, text)},
			excelize.RowOpts{Height: height(max(lines(label, sh.colWidth(0)), lines(text, sh.colWidth(1))))})
	}
	if err := sh.header(cols); err != nil {
		return err
	}
	c := s.Counts
	rbs := []string{}
	for _, u := range s.Rulebooks {
		id := u.ID
		if id == "" {
			id = "（未记录）"
		}
		sha := u.SHA256
		if sha == "" {
			sha = "（未记录：报告取自 JSON 结果文件）"
		}
		rbs = append(rbs, fmt.Sprintf("%s，SHA-256 %s：%d 份", id, sha, u.Submissions))
	}
	roster := "未提供（未报送的部门无法列出）"
	if s.Roster != nil {
		roster = fmt.Sprintf("%s，共 %d 个部门", s.Roster.Source, s.Roster.Departments)
		if len(s.Roster.Problems) > 0 {
			roster += fmt.Sprintf("；名单中有 %d 处问题：\n%s", len(s.Roster.Problems), strings.Join(s.Roster.Problems, "\n"))
		}
	}
	previous := "没有上年的数据，不列同比"
	if s.Previous != nil {
		previous = fmt.Sprintf("%d 年度：%s，%d 个部门", s.Previous.Year, s.Previous.Source, s.Previous.Departments)
	}
	levels := strings.Join(s.Levels, "、")
	rows := [][2]string{
		{"汇总年度", fmt.Sprint(s.Year)},
		{"生成时间", s.BuiltAt.Local().Format("2006-01-02 15:04:05")},
		{"生成程序", "perfeval " + s.PerfevalVersion},
		{"数据来源", strings.Join(s.Sources, "\n")},
		{"报送份数", fmt.Sprintf("汇总 %d 个部门各自最新的一份报送（通过 %d，退回修改 %d，无法读取 %d）；名单中未报送 %d 个；无法确定部门或年度的报送 %d 份。同一部门同一年度报送了多个版本的，只取最新的一版（最后一次审核的结果）。",
			c.Submitted, c.Accepted, c.Returned, c.Unreadable, c.Missing, c.Unidentified)},
		{"报送所用的评分规则", strings.Join(rbs, "\n")},
		{"本表的评分规则", fmt.Sprintf("%s（%s），SHA-256 %s：决定一级指标各列（%s）和等级的顺序；各项数字都取自各部门的审核报告，不重新评分", s.Rulebook.ID, s.Rulebook.Name, s.Rulebook.SHA256, levels)},
		{"部门名单", roster},
		{"上年数据", previous},
		{"状态", "通过：没有错误；退回修改：有错误，须改正后重新报送；无法读取：文件不是可以审核的工作簿；未报送：名单中有、但没有收到报送。"},
		{"全年预算数、全年执行数", "资金情况表“年度资金总额”一行，单位万元，与各部门审核报告中的数字相同。"},
		{"执行率", "全年执行数 ÷ 全年预算数，百分数保留两位小数（与审核报告相同）。全市合计的执行率 = 合计执行数 ÷ 合计预算数，只合计预算数和执行数都有的部门。"},
		{"预算执行得分", "按评分规则对执行率的复核得分（审核报告的 budget.score）。"},
		{"一级指标得分", "该部门属于这一一级指标（" + levels + "）的各三级指标复核得分之和；一级指标不在评分规则中的计入“" + OtherLevel + "”（有这种指标时才有这一列）。各列之和等于审核报告的指标得分合计。"},
		{"复核总分", "指标得分合计 + 预算执行得分（按规则封顶），即审核报告的 total；有指标无法评分或预算执行无法评分时为空。"},
		{"自评总分、差异", "自评总分是部门在基本信息表中填写的；差异 = 自评总分 − 复核总分，正数表示部门自评偏高。"},
		{"等级、排名", "等级按评分规则由复核总分确定。排名按复核总分从高到低：总分相同的部门名次相同，其后的名次顺延（1、2、2、4）；没有复核总分的不排名。"},
		{"错误、警告", "该部门审核发现中错误、警告的条数，每条见“审核问题”表。"},
		{"同比", "上年复核总分、上年执行率取自上年的汇总数据（见“上年数据”）；总分变化 = 复核总分 − 上年复核总分；执行率变化 = 执行率 − 上年执行率，单位为百分点。按部门编码（没有编码的按名称）对应。"},
		{"平均", "复核总分等各项的平均 = 有该项得分的部门之和 ÷ 部门数，保留两位小数。"},
		{"未达标指标", "复核得分低于分值、或完成率低于 100% 的三级指标；扣分 = 分值 − 复核得分；偏差原因为部门所填，没有写明原因的写作“未说明”。"},
		{"批注版", "“汇总”表最后一列链接到每份报送的批注版（相对于本文件所在的文件夹）；打印时不含报送时间和批注版两列。"},
		{"颜色", "状态：通过绿色、退回修改黄色、无法读取红色、未报送灰色；等级从高到低由绿到红；审核问题的级别：错误红色、警告黄色、提示蓝色。"},
		{"数字精度", "金额和得分全程按十进制计算，合计是各部门数字的精确和；单元格中存的数字与审核报告逐位相同（超出 Excel 15 位有效数字的数以文本保存，以免被舍入）。部门填写的文字（名称、指标、原因）一律按文本保存，以 = + - @ 开头的也不会被当成公式。"},
	}
	for _, r := range rows {
		if err := row(r[0], r[1]); err != nil {
			return err
		}
	}
	return sh.done()
}

func cellOf(style int, v any) any { return excelize.Cell{StyleID: style, Value: v} }

// ShortName is the summary's file name for a year: 汇总-2022.xlsx.
func ShortName(year int) string { return fmt.Sprintf("汇总-%d.xlsx", year) }
