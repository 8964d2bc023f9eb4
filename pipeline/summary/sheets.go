package summary

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/template/xlsx"
)

// The summary's sheets.
const (
	SheetSummary    = "汇总"
	SheetProjects   = "项目支出"
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

// sheets are the summary's sheets in order: the department forms' table,
// the project forms' (项目支出), then the sheets both share.
func sheets() []sheetWriter {
	return []sheetWriter{
		{SheetSummary, writeDepartments},
		{SheetProjects, writeProjects},
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
	defer b.close()
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
			b.close()
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

// printWidth is the most a table's printed columns may add up to, in
// character units, for its 10-point text to print at 9 points or more on
// A4 landscape: LibreOffice, which measures a unit wider than Excel, fits
// 118 units to the page's width at about 93%.
const printWidth = 118

// departmentTable is the table of the department form (部门整体支出). It
// prints at 9 points or more on A4 landscape, so its printed columns are
// the ones a reader of the signed paper needs, as narrow as their figures
// allow: last year's figures print as their changes; the error and
// warning counts and the notes print when the page has room for them
// (without last year's figures it has); the version, last year's own
// figures, the time and the link are for the screen.
func departmentTable(s *Summary) Table {
	amount := amountWidth(s)
	t := Table{cols: []column{
		{"部门编码", 7, kText}, {"部门名称", 11, kText}, {"状态", 5.5, kText},
		{"全年预算数（万元）", amount, kAmount}, {"全年执行数（万元）", amount, kAmount}, {"执行率", 7, kRate}, {"预算执行得分", 5.5, kScore},
	}}
	for _, l := range s.Levels {
		t.cols = append(t.cols, column{l + "得分", 5.5, kScore})
	}
	t.cols = append(t.cols, []column{
		{"复核总分", 6, kScore}, {"自评总分", 6, kScore}, {"差异（自评−复核）", 6, kSigned}, {"等级", 4, kText}, {"排名", 4, kCount},
	}...)
	t.status, t.grade = 3, len(t.cols)-1
	if s.Previous != nil {
		t.cols = append(t.cols, []column{{"总分变化", 6, kSigned}, {"执行率变化（百分点）", 6.5, kPoints}}...)
	}
	t.printed = len(t.cols)
	// What prints if it fits: the counts (together), then the notes.
	used := 0.0
	for _, c := range t.cols {
		used += c.width
	}
	for _, more := range [][]column{{{"错误", 4, kCount}, {"警告", 4, kCount}}, {{"备注", 8, kText}}} {
		t.cols = append(t.cols, more...)
		w := 0.0
		for _, c := range more {
			w += c.width
		}
		if t.printed == len(t.cols)-len(more) && used+w <= printWidth {
			t.printed, used = len(t.cols), used+w
		}
	}
	t.cols = append(t.cols, column{"版本", 5, kCount})
	if s.Previous != nil {
		t.cols = append(t.cols, []column{{"上年复核总分", 7, kScore}, {"上年执行率", 8, kRate}}...)
	}
	t.cols = append(t.cols, column{"报送时间", 16, kTime}, column{"批注版", 40, kLink})
	return t
}

// col is the 0-based index of the column headed h.
func (t Table) col(h string) int {
	return slices.IndexFunc(t.cols, func(c column) bool { return c.header == h })
}

// amountWidth is the width of the amount columns of 汇总: its largest
// amount, the city-wide sum, shown with its separators and four places at
// the workbook's font, and no narrower than its header wrapped.
func amountWidth(s *Summary) float64 {
	widest := 0.0
	for _, d := range []decimal.NullDecimal{s.Totals.Budget, s.Totals.Execution} {
		if d.Valid {
			widest = max(widest, figureWidth(d.Decimal.Abs().StringFixed(4))*1.08) // bold
		}
	}
	for _, r := range s.Departments {
		for _, d := range []decimal.NullDecimal{r.Budget, r.Execution} {
			if d.Valid {
				widest = max(widest, figureWidth(d.Decimal.Abs().StringFixed(4)))
			}
		}
	}
	return max(9, widest)
}

// figureWidth is the column width a number's text needs at the workbook's
// font, with its thousands separators and a sign: a figure is about 0.9 of
// a character unit at 10 points, a separator or a point half that, and a
// cell pads both sides.
func figureWidth(text string) float64 {
	digits := 0
	for _, r := range text {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	whole := len(strings.SplitN(text, ".", 2)[0])
	seps := (whole - 1) / 3
	return 0.9*float64(digits) + 0.45*float64(seps+2) + 1.2
}

func nonZero(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// values are a row's cells in the department table's order.
func (s *Summary) values(r Row) []any {
	v := []any{r.Code, r.Name, StatusLabel(r.Status), r.Budget, r.Execution, r.Rate, r.BudgetScore}
	for _, l := range r.LevelScores {
		v = append(v, l)
	}
	v = append(v, r.Total, r.Declared, r.Difference, r.Grade, nonZero(r.Rank))
	if s.Previous != nil {
		v = append(v, r.TotalChange, r.RateChange)
	}
	if r.Status == Missing {
		v = append(v, nil, nil)
	} else {
		v = append(v, r.Errors, r.Warnings)
	}
	v = append(v, r.Note, nonZero(r.Version))
	if s.Previous != nil {
		v = append(v, r.PreviousTotal, r.PreviousRate)
	}
	name := ""
	if r.Annotated != "" {
		name = filepath.Base(r.Annotated)
	}
	return append(v, r.ReceivedAt, link{name, r.Annotated})
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
	if c.Projects > 0 {
		counts += fmt.Sprintf("。本表只含部门整体支出绩效自评表；项目支出绩效自评表 %d 份（%d 个部门）见“项目支出”表", c.Projects, c.ProjectDepartments)
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
	sums[3], sums[4], sums[5] = tot.Budget, tot.Execution, tot.Rate
	means := make([]any, len(t.cols))
	means[1] = "平均（各项为有该项得分的部门的平均）"
	means[6] = tot.BudgetScoreMean
	for i, m := range tot.LevelScoreMeans {
		means[7+i] = m
	}
	at := 7 + len(s.Levels)
	means[at], means[at+1] = tot.TotalMean, tot.DeclaredMean
	sums[t.col("错误")], sums[t.col("警告")] = tot.Errors, tot.Warnings
	if s.Previous != nil {
		means[t.col("上年复核总分")] = tot.PreviousTotal
	}
	if err := sh.values(t.cols, sums, true); err != nil {
		return err
	}
	if err := sh.values(t.cols, means, true); err != nil {
		return err
	}
	// The titles print with the header and the first rows; the last page
	// holds the last two departments with the city-wide lines.
	sh.keepWith(1, headerRow+1)
	sh.keepWith(max(first, last-1), sh.row-max(first, last-1))
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

// writeShortfalls writes the 未达标指标 sheet. On paper (A4 landscape, 9
// points or more) a row is the department, the form, the indicator with its
// figures and the department's reason, wrapped; the indicator's levels and
// its cell are for the screen, to filter by and to find it in the form.
func writeShortfalls(b *book, s *Summary) error {
	cols := []column{{"部门编码", 7, kText}, {"部门名称", 11, kText}, {"自评表", 9, kText},
		{"三级指标", 18, kText}, {"年度指标值", 10, kText}, {"实际完成值", 10, kText}, {"完成率", 7.5, kRate}, {"分值", 5, kScore},
		{"复核得分", 5.5, kScore}, {"扣分", 5, kScore}, {"偏差原因分析及改进措施", 28, kText},
		{"一级指标", 10, kText}, {"二级指标", 10, kText}, {"位置", 14, kText}}
	const printed, headerRow = 11, 3
	sh, err := b.newSheet(SheetShortfalls, widths(cols), "C4", print{landscape: true, repeat: headerRow})
	if err != nil {
		return err
	}
	sh.span = printed
	if err := sh.line(fmt.Sprintf("%d 年度未达标指标（共 %d 个）", s.Year, s.details.shortfalls), b.title, 24); err != nil {
		return err
	}
	if err := sh.line("列出复核得分低于分值、或完成率低于 100% 的每个三级指标，部门整体支出表和项目支出表的都在内（“自评表”一列注明是哪一张，可按它筛选）。扣分 = 分值 − 复核得分。部门没有写明原因的（空白，或只写了“无”“/”等）写作“未说明”。一级、二级指标和指标在自评表中的位置在右侧（只在屏幕上，不打印）。", b.note, 28); err != nil {
		return err
	}
	if err := sh.header(cols); err != nil {
		return err
	}
	if err := s.EachShortfall(func(f Shortfall) error {
		return sh.values(cols, []any{f.Code, f.Department, FormLabel(f.Project), f.Name, f.Target, f.Actual,
			f.Completion, f.Weight, f.Score, f.Lost, f.Reason, f.Level1, f.Level2, f.Ref}, false)
	}); err != nil {
		return err
	}
	sh.keepTable(headerRow)
	if err := sh.filter(headerRow, sh.row); err != nil {
		return err
	}
	if err := sh.printArea(printed); err != nil {
		return err
	}
	return sh.done()
}

// writeFindings writes the 审核问题 sheet. On paper (A4 landscape, 9 points
// or more) a row is the department, the form and its verdict, the
// finding's severity, kind, place and message, wrapped: the place is where
// the finding is on the printed form (its page's title, row and column,
// FindingRow.Place), or its cell where the report has no place (an older
// report's). The cell and the finding's code are for the screen.
func writeFindings(b *book, s *Summary) error {
	cols := []column{{"部门编码", 7, kText}, {"部门名称", 11, kText}, {"自评表", 9, kText}, {"结论", 5.5, kText}, {"级别", 4.5, kText}, {"类别", 8, kText},
		{"位置", 18, kText}, {"说明", 55, kText}, {"单元格", 12, kText}, {"代码", 22, kText}}
	const printed, headerRow = 8, 3
	sh, err := b.newSheet(SheetFindings, widths(cols), "C4", print{landscape: true, repeat: headerRow})
	if err != nil {
		return err
	}
	sh.span = printed
	c := s.details
	title := fmt.Sprintf("%d 年度审核问题（共 %d 条：错误 %d，警告 %d，提示 %d", s.Year, c.findings,
		c.severity[finding.Error], c.severity[finding.Warning], c.severity[finding.Info])
	if c.projects > 0 {
		title += fmt.Sprintf("；其中项目支出表 %d 条", c.projects)
	}
	if err := sh.line(title+"）", b.title, 24); err != nil {
		return err
	}
	if err := sh.line("每个部门最新一份部门整体支出表、和它每个项目最新一份项目支出表的全部审核发现，与各表的审核报告和批注版一致；“自评表”一列注明是哪一张，结论是那一张表的。错误必须改正（有错误即退回修改），警告请核实，提示仅供参考。可按部门、自评表、级别、类别筛选。“位置”是问题在打印的自评表上的位置（页、行、列），较早的审核报告没有记录的写单元格；单元格（如 资金情况!E5）和问题代码在右侧（只在屏幕上，不打印）。", b.note, 28); err != nil {
		return err
	}
	if err := sh.header(cols); err != nil {
		return err
	}
	if err := s.EachFinding(func(f FindingRow) error {
		return sh.values(cols, []any{f.Code, f.Department, FormLabel(f.Project), StatusLabel(f.Status), f.Severity.Label(), f.Title, cmp.Or(f.Place, f.Ref), f.Message, f.Ref, string(f.Finding)}, false)
	}); err != nil {
		return err
	}
	sh.keepTable(headerRow)
	if err := sh.filter(headerRow, sh.row); err != nil {
		return err
	}
	if err := sh.colour(5, headerRow+1, sh.row, []fill{
		{text: finding.Error.Label(), colour: "FFC7CE", font: "9C0006"},
		{text: finding.Warning.Label(), colour: "FFEB9C", font: "9C5700"},
		{text: finding.Info.Label(), colour: "DDEBF7", font: "1F4E78"},
	}); err != nil {
		return err
	}
	if err := sh.printArea(printed); err != nil {
		return err
	}
	return sh.done()
}

// writeMissing writes the 未报送 sheet: one table, so that its header
// repeats on every printed page, in sections under heading rows: the
// departments that have not sent their own form (with their contacts),
// those that sent one but are not on the roster, and the submissions no
// department or year can be told of. What does not fit the contact
// columns is said in 说明.
func writeMissing(b *book, s *Summary) error {
	cols := []column{{"部门编码", 8, kText}, {"部门名称", 20, kText}, {"联系人", 8, kText}, {"邮箱", 22, kText}, {"联系电话", 14, kText}, {"说明", 46, kText}}
	const headerRow = 3
	sh, err := b.newSheet(SheetMissing, widths(cols), "", print{landscape: true, repeat: headerRow})
	if err != nil {
		return err
	}
	if err := sh.line(fmt.Sprintf("%d 年度报送情况", s.Year), b.title, 24); err != nil {
		return err
	}
	note := "尚未报送部门整体支出表的部门、报送了但不在名单中的部门、无法确定部门或年度的报送，分段列出。"
	if s.Roster == nil {
		note += "未提供部门名单（perfeval summary --roster 名单.xlsx），无法列出名单中尚未报送的全部部门。"
	}
	if err := sh.line(note, b.note, 20); err != nil {
		return err
	}
	if err := sh.header(cols); err != nil {
		return err
	}
	// section writes a heading row that keeps with its first two rows.
	section := func(heading string, rows int) error {
		if err := sh.line(heading, b.group, 20); err != nil {
			return err
		}
		sh.keepWith(sh.row, min(rows, 2))
		return nil
	}
	if s.Roster == nil {
		if len(s.Missing) > 0 {
			if err := section(fmt.Sprintf("报送了项目支出表、但没有报送部门整体支出表的部门（%d 个）", len(s.Missing)), len(s.Missing)); err != nil {
				return err
			}
		}
	} else if err := section(fmt.Sprintf("尚未报送部门整体支出表的部门（%d 个，名单共 %d 个部门）", len(s.Missing), s.Roster.Departments), len(s.Missing)); err != nil {
		return err
	}
	for _, m := range s.Missing {
		text := m.Note
		if m.Projects > 0 && !strings.Contains(text, "项目支出表") {
			text = strings.TrimLeft(fmt.Sprintf("已报送项目支出表 %d 份；%s", m.Projects, text), "；")
		}
		if err := sh.values(cols, []any{m.Code, m.Name, m.Contact, m.Email, m.Phone, text}, false); err != nil {
			return err
		}
	}
	if s.Roster != nil {
		if unk := len(s.Unknown); unk > 0 {
			if err := sh.line(fmt.Sprintf("注意：另有 %d 份报送无法确定部门（见本表最后一段），其中可能有上面列出的部门。", unk), b.note, 18); err != nil {
				return err
			}
		}
		if err := section(fmt.Sprintf("报送了、但不在名单中的部门（%d 个）", len(s.Unlisted)), len(s.Unlisted)); err != nil {
			return err
		}
		for _, r := range s.Unlisted {
			text := "结论：" + StatusLabel(r.Status)
			if r.Total.Valid {
				text += "；复核总分 " + r.Total.Decimal.StringFixed(2)
			}
			if r.File != "" {
				text += "；报送文件 " + r.File
			}
			if r.ReceivedAt != nil {
				text += "；报送时间 " + r.ReceivedAt.Local().Format("2006-01-02 15:04")
			}
			if err := sh.values(cols, []any{r.Code, r.Name, nil, nil, nil, text}, false); err != nil {
				return err
			}
		}
	}
	if err := section(fmt.Sprintf("无法确定部门或年度的报送（%d 份）", len(s.Unknown)), len(s.Unknown)); err != nil {
		return err
	}
	for _, u := range s.Unknown {
		text := fmt.Sprintf("%s：%s。报送文件 %s（SHA-256 前 12 位 %s）", StatusLabel(u.Status), u.Reason, u.File, u.SHA256[:min(12, len(u.SHA256))])
		if u.ReceivedAt != nil {
			text += "，报送时间 " + u.ReceivedAt.Local().Format("2006-01-02 15:04")
		}
		if err := sh.values(cols, []any{nil, u.Department, nil, nil, nil, text}, false); err != nil {
			return err
		}
	}
	sh.keepTable(headerRow)
	return sh.done()
}

func writeAbout(b *book, s *Summary) error {
	sh, err := b.newSheet(SheetAbout, []float64{20, 96}, "", print{landscape: true, repeat: 2})
	if err != nil {
		return err
	}
	if err := sh.line(fmt.Sprintf("%d 年度汇总表说明", s.Year), b.title, 24); err != nil {
		return err
	}
	cols := []column{{"项目", 0, kText}, {"内容", 0, kText}}
	row := func(label, text string) error {
		sh.row++
		return sh.setRow([]xlsx.RowCell{{Style: b.label, Value: label}, {Style: b.wrap, Value: text}},
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
		{"报送份数", fmt.Sprintf("汇总 %d 个部门各自最新的一份部门整体支出表（通过 %d，退回修改 %d，无法读取 %d）；未报送部门整体支出表的部门 %d 个；%d 个部门的项目支出表 %d 份（通过 %d，退回修改 %d）；无法确定部门或年度的报送 %d 份。同一张表报送了多个版本的，只取最新的一版（最后一次审核的结果）。",
			c.Submitted, c.Accepted, c.Returned, c.Unreadable, c.Missing, c.ProjectDepartments, c.Projects, c.ProjectsAccepted, c.ProjectsReturned, c.Unidentified)},
		{"两种自评表", "部门整体支出绩效自评表每个部门每年一份，项目支出绩效自评表每个项目一份，报送、版本各自计算：项目支出表不会取代部门整体支出表，也不算作部门已经报送；一个部门只报送了项目支出表的，在“汇总”表中仍为“未报送”。“汇总”表、排名、全市合计、平均和“图表”只用部门整体支出表；项目支出表在“项目支出”表中；“未达标指标”和“审核问题”两种表都列，“自评表”一列注明是“部门整体”还是“项目：项目名称”。"},
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
		{"项目支出", "每个项目最新一版的项目支出绩效自评表一行，按主管部门分组（部门编码、名称与“汇总”表相同：名单中有的按名单，否则按该部门的部门整体支出表或项目支出表所填），组内按项目编码、项目名称排列；每组之后是小计（项目个数，全年预算数、全年执行数之和，执行率 = 两个和之比），最后是全部项目的合计。全年预算数是调整后的预算数，执行率按它计算；指标得分是各三级指标复核得分之和；复核总分按项目支出表的评分规则（见“报送所用的评分规则”），“总分说明”写“暂定”的，有指标无法按规则复核、按自评得分计入，写“不含预算执行”的，评分规则规定总分不计预算执行得分。小计的备注写该部门的部门整体支出表的状态。"},
		{"未达标指标", "复核得分低于分值、或完成率低于 100% 的三级指标；扣分 = 分值 − 复核得分；偏差原因为部门所填，没有写明原因的写作“未说明”。"},
		{"批注版", "“汇总”表和“项目支出”表最后一列链接到每份报送的批注版（相对于本文件所在的文件夹），只在屏幕上，不打印。"},
		{"打印", printNote(s)},
		{"颜色", "状态：通过绿色、退回修改黄色、无法读取红色、未报送灰色；等级从高到低由绿到红；项目的总分说明：暂定黄色、不含预算执行蓝色；审核问题的级别：错误红色、警告黄色、提示蓝色。"},
		{"数字精度", "金额和得分全程按十进制计算，合计是各部门数字的精确和；单元格中存的数字与审核报告逐位相同（超出 Excel 15 位有效数字的数以文本保存，以免被舍入）。部门填写的文字（名称、指标、原因）一律按文本保存，以 = + - @ 开头的也不会被当成公式。"},
	}
	for _, r := range rows {
		if err := row(r[0], r[1]); err != nil {
			return err
		}
	}
	sh.keepTable(2)
	return sh.done()
}

// printNote says which columns of each sheet print and which are for the
// screen only (right of the print area), as this workbook has them.
func printNote(s *Summary) string {
	dept, proj := departmentTable(s), projectTable()
	names := func(cols []column) string {
		out := make([]string, len(cols))
		for i, c := range cols {
			out[i] = c.header
		}
		return strings.Join(out, "、")
	}
	return "各表按 A4 打印（“图表”纵向，其余横向），字不小于 9 磅，表头在每页重复；为此只打印纸上需要的列，其余的列在打印区域右侧，只在屏幕上。" +
		"“汇总”打印" + names(dept.cols[:dept.printed]) + "；只在屏幕上：" + names(dept.cols[dept.printed:]) +
		"（错误、警告两列和备注在纸面放得下时打印，放不下的只在屏幕上；有上年数据时，纸上是总分变化和执行率变化，上年的数字本身只在屏幕上）。" +
		"“项目支出”只在屏幕上：" + names(proj.cols[proj.printed:]) + "。" +
		"“未达标指标”只在屏幕上：一级指标、二级指标和位置（指标在自评表中的单元格，如 绩效指标!C11）。" +
		"“审核问题”打印的“位置”是问题在打印的自评表上的位置（页、行、列），较早的审核报告没有记录的写单元格；只在屏幕上：单元格和问题代码。" +
		"“未报送”全部打印，报送文件、报送时间、结论等写在“说明”一列中。“图表”只打印图表，图表的数据（M 列起）只在屏幕上。"
}

// ShortName is the summary's file name for a year: 汇总-2022.xlsx.
func ShortName(year int) string { return fmt.Sprintf("汇总-%d.xlsx", year) }

// projectTable is the table of the project forms (项目支出). It prints at
// least at 9 points on A4 landscape, so its printed columns are the ones a
// reader of paper needs, as narrow as their figures allow; the department's
// name is on the group's heading row, and the version and notes are for
// the screen with the time and the link.
func projectTable() Table {
	t := Table{cols: []column{
		{"部门编码", 7, kText}, {"项目名称", 17, kText}, {"实施单位", 11, kText}, {"状态", 5.5, kText},
		{"全年预算数（万元）", 11, kAmount}, {"全年执行数（万元）", 11, kAmount}, {"执行率", 7.5, kRate}, {"预算执行得分", 5.5, kScore},
		{"指标得分", 5.5, kScore}, {"复核总分", 6, kScore}, {"总分说明", 6.5, kText}, {"自评总分", 6, kScore}, {"差异（自评−复核）", 6, kSigned},
		{"等级", 4, kText}, {"错误", 4, kCount}, {"警告", 4, kCount},
	}}
	t.status, t.grade = 4, 14
	t.printed = len(t.cols)
	t.cols = append(t.cols, column{"版本", 5, kCount}, column{"备注", 24, kText}, column{"报送时间", 16, kTime}, column{"批注版", 40, kLink})
	return t
}

// The columns of projectTable the writer fills by position, 0-based.
const (
	pcProject   = 1 // 项目名称
	pcBudget    = 4
	pcExecution = 5
	pcRate      = 6
	pcTotalNote = 10
	pcErrors    = 14
	pcWarnings  = 15
)

// projectValues are a project's cells in projectTable's order.
func projectValues(p ProjectRow) []any {
	name := ""
	if p.Annotated != "" {
		name = filepath.Base(p.Annotated)
	}
	return []any{p.Code, p.Name, p.Unit, StatusLabel(p.Status),
		p.Budget, p.Execution, p.Rate, p.BudgetScore, p.IndicatorScore, p.Total, p.TotalNote(), p.Declared, p.Difference,
		p.Grade, p.Errors, p.Warnings, nonZero(p.Version), p.Note, p.ReceivedAt, link{name, p.Annotated}}
}

// projectGrades are the grades of the project forms, for their colours:
// the summary's, then any other a project form gives.
func (s *Summary) projectGrades() []string {
	out := slices.Clone(s.Grades)
	for _, g := range s.Projects {
		for _, p := range g.Projects {
			if p.Grade != "" && !slices.Contains(out, p.Grade) {
				out = append(out, p.Grade)
			}
		}
	}
	return out
}

// GroupHeading is the heading row of a department's projects on the
// 项目支出 sheet: its code and name, and the status of its own form.
func (g ProjectGroup) GroupHeading() string {
	return strings.TrimSpace(g.Code+"　"+g.Name) + "（" + fmt.Sprintf("%d 个项目；部门整体支出表：%s", len(g.Projects), StatusLabel(g.Status)) + "）"
}

// writeProjects writes the 项目支出 sheet: each department's project forms
// (the latest version of each project) under a heading row with the
// department's code and name, then its subtotal, the projects folding away
// between them (Excel's outline); and a grand total.
func writeProjects(b *book, s *Summary) error {
	t := projectTable()
	const headerRow = 4
	sh, err := b.newSheet(SheetProjects, widths(t.cols), fmt.Sprintf("C%d", headerRow+1), print{landscape: true, repeat: headerRow})
	if err != nil {
		return err
	}
	sh.span = t.printed
	if err := sh.line(fmt.Sprintf("%d 年度项目支出绩效自评汇总表", s.Year), b.title, 24); err != nil {
		return err
	}
	c, pt := s.Counts, s.ProjectTotals
	counts := fmt.Sprintf("共 %d 个部门的 %d 个项目（通过 %d，退回修改 %d），每个项目取最新的一版。", pt.Departments, pt.Projects, c.ProjectsAccepted, c.ProjectsReturned)
	if pt.Projects == 0 {
		counts = "本年度还没有收到项目支出绩效自评表。"
	}
	counts += "按部门分组：部门一行，其下是它的项目和小计（点左侧的“−”只看各部门的小计）。部门整体支出表见“汇总”表，各项的算法见“说明”表。"
	if err := sh.line(counts, b.note, 28); err != nil {
		return err
	}
	rule := "总分说明：“暂定”是有指标无法按规则复核、按自评得分计入了复核总分（见“审核问题”表）；“不含预算执行”是评分规则规定总分不计预算执行得分。" +
		"差异 = 自评总分 − 复核总分。执行率 = 全年执行数 ÷ 全年预算数（年度资金总额一行）；小计、合计的执行率是合计数之比，不是各项目执行率的平均。"
	if err := sh.line(rule, b.note, 28); err != nil {
		return err
	}
	if err := sh.header(t.cols); err != nil {
		return err
	}
	first := sh.row + 1
	for _, g := range s.Projects {
		if err := sh.line(g.GroupHeading(), b.group, 18); err != nil {
			return err
		}
		for _, p := range g.Projects {
			if err := sh.valuesAt(t.cols, projectValues(p), false, 1); err != nil {
				return err
			}
		}
		sub := make([]any, len(t.cols))
		sub[0] = g.Code
		sub[pcProject] = fmt.Sprintf("小计（%d 个项目）", len(g.Projects))
		sub[pcBudget], sub[pcExecution], sub[pcRate] = g.Budget, g.Execution, g.Rate
		sub[pcErrors], sub[pcWarnings] = g.Errors, g.Warnings
		if err := sh.values(t.cols, sub, true); err != nil {
			return err
		}
	}
	last := sh.row
	tot := make([]any, len(t.cols))
	tot[pcProject] = fmt.Sprintf("全部项目合计（%d 个部门，%d 个项目）", pt.Departments, pt.Projects)
	if pt.AmountsOf < pt.Projects {
		tot[pcProject] = fmt.Sprintf("全部项目合计（%d 个部门，%d 个项目；预算、执行为 %d 个项目之和）", pt.Departments, pt.Projects, pt.AmountsOf)
	}
	tot[pcBudget], tot[pcExecution], tot[pcRate] = pt.Budget, pt.Execution, pt.Rate
	tot[pcErrors], tot[pcWarnings] = pt.Errors, pt.Warnings
	if err := sh.values(t.cols, tot, true); err != nil {
		return err
	}
	if err := sh.filter(headerRow, last); err != nil {
		return err
	}
	if err := sh.colour(t.status, first, last, statusFills); err != nil {
		return err
	}
	if err := sh.colour(t.grade, first, last, gradeFills(s.projectGrades())); err != nil {
		return err
	}
	var notes []fill
	for _, text := range []string{"暂定", "不含预算执行", "暂定，不含预算执行"} {
		f := fill{text: text, colour: "FFEB9C", font: "9C5700"}
		if text == "不含预算执行" {
			f.colour, f.font = "DDEBF7", "1F4E78"
		}
		notes = append(notes, f)
	}
	if err := sh.colour(pcTotalNote+1, first, last, notes); err != nil {
		return err
	}
	if err := sh.printArea(t.printed); err != nil {
		return err
	}
	return sh.done()
}
