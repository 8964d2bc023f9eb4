package annotate_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/annotate"
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx/xlsxtest"
)

// annotateReturned writes the annotated copy of the returned sample in dir
// and returns its path and the checked workbook.
func annotateReturned(t *testing.T, dir string) (string, pipelinetest.Checked) {
	t.Helper()
	c := pipelinetest.CheckWorkbook(t, pipelinetest.ReturnedWorkbook)
	out := pipeline.AnnotatedPath(dir, pipelinetest.ReturnedWorkbook)
	if err := annotate.Annotate(c.F, c.Form, c.Findings, c.Rep, out, annotate.Options{}); err != nil {
		t.Fatalf("Annotate: %v", err)
	}
	return out, c
}

// wantForAction is the order the 审核结果 sheet lists the findings in:
// errors, warnings, notes, each group in sheet order.
func wantForAction(fs finding.Findings) finding.Findings {
	want := slices.Clone(fs)
	want.Sort(template.Department)
	var out finding.Findings
	for _, sev := range []finding.Severity{finding.Error, finding.Warning, finding.Info} {
		for _, fd := range want {
			if fd.Severity == sev {
				out = append(out, fd)
			}
		}
	}
	return out
}

// TestReviewSheetForAction lists errors first, then warnings, then notes,
// each group in sheet order.
func TestReviewSheetForAction(t *testing.T) {
	out, c := annotateReturned(t, t.TempDir())
	want := wantForAction(c.Findings)
	if want[0].Severity != finding.Error || want[len(want)-1].Severity == finding.Error {
		t.Fatalf("the returned sample needs errors and other findings; has %v", want)
	}
	l := template.Department
	o := pipelinetest.OpenOutput(t, out)
	rows, err := o.GetRows(l.ReviewSheet)
	if err != nil {
		t.Fatal(err)
	}
	head := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 1 && r[0] == "序号" && r[1] == "级别" })
	if head < 0 {
		t.Fatalf("%s has no findings table:\n%q", l.ReviewSheet, rows)
	}
	// The header repeats where a printed page breaks the table.
	var listed [][]string
	for _, r := range rows[head+1:] {
		if len(r) > 0 && r[0] != "序号" {
			listed = append(listed, r)
		}
	}
	for i, fd := range want {
		r := listed[i]
		where := fd.Ref.String()
		if where == "" {
			where = "整个文件"
		}
		// Beside the cell, where it is on paper.
		place := c.Form.Source.Place(fd.Ref)
		if len(r) < 6 || r[1] != fd.Severity.Label() || r[2] != where || r[3] != place || r[5] != fd.Message {
			t.Errorf("finding %d = %q, want %s %s %s %s", i+1, r, fd.Severity.Label(), where, place, fd.Message)
		}
		if place == "" {
			t.Errorf("finding %d at %s has no place on paper", i+1, where)
		}
	}
}

// TestReviewSheetForActionOnPaper prints the annotated copy and expects
// the findings on paper in the order for action.
func TestReviewSheetForActionOnPaper(t *testing.T) {
	out, c := annotateReturned(t, t.TempDir())
	text := strings.Join(xlsxtest.PDFTexts(t, xlsxtest.PrintPDF(t, out)), "\n")
	// Every finding's line, in the order for action, after the header of
	// the findings table: its severity and its location.
	lines := strings.Split(text, "\n")
	at := slices.IndexFunc(lines, func(s string) bool { return strings.Contains(s, "问题类别") })
	if at < 0 {
		t.Fatalf("the printed copy has no findings table:\n%s", text)
	}
	for i, fd := range wantForAction(c.Findings) {
		where := fd.Ref.String()
		if where == "" {
			where = "整个文件"
		}
		j := slices.IndexFunc(lines[at+1:], func(s string) bool {
			return strings.Contains(s, " "+fd.Severity.Label()+" ") && strings.Contains(s, where)
		})
		if j < 0 {
			t.Fatalf("finding %d (%s %s) not printed in order after line %d:\n%s", i+1, fd.Severity.Label(), where, at+1, text)
		}
		at += 1 + j
	}
}

// reviewPages returns the printed pages of the 审核结果 sheet, the first
// sheet, each with the sheet's title on top.
func reviewPages(t *testing.T, pages []string) []string {
	t.Helper()
	var out []string
	for _, p := range pages {
		if strings.TrimSpace(p) == "" || strings.Fields(p)[0] != template.Department.ReviewSheet {
			break
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		t.Fatalf("no printed page of %s:\n%s", template.Department.ReviewSheet, strings.Join(pages, "\f"))
	}
	return out
}

// printedTable describes one table of the 审核结果 sheet on paper.
type printedTable struct {
	section string         // start of the section's title
	header  string         // a header label found only in its header row
	row     *regexp.Regexp // a line of one of its rows
}

var printedTables = []printedTable{
	{"审核发现（共", "问题类别", regexp.MustCompile(`^\s*\d+\s+(错误|警告|提示)\s`)},
	{"已草拟偏差原因（共", "草拟内容", regexp.MustCompile(`^\s*\d+\s+(预算执行|绩效指标)\s`)},
	{"未满分指标（共", "复核得分", regexp.MustCompile(`^\s*\d+\s.*\d%\s+\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\d\d\s*$`)},
}

// TestReviewSheetPages prints an annotated copy whose findings fill
// several pages and expects every table's header on every page the table
// spans, above its rows, and no section title without its header and a
// first row on the same page.
func TestReviewSheetPages(t *testing.T) {
	c := pipelinetest.CheckWorkbook(t, pipelinetest.ReturnedWorkbook)
	var fs finding.Findings
	for range 5 {
		fs = append(fs, c.Findings...)
	}
	out := pipeline.AnnotatedPath(t.TempDir(), pipelinetest.ReturnedWorkbook)
	if err := annotate.Annotate(c.F, c.Form, fs, c.Rep, out, annotate.Options{}); err != nil {
		t.Fatalf("Annotate: %v", err)
	}
	pages := reviewPages(t, xlsxtest.PDFTexts(t, xlsxtest.PrintPDF(t, out)))
	if len(pages) < 3 {
		t.Fatalf("%d findings printed on %d pages; the test needs a table across pages", len(fs), len(pages))
	}
	rowsOf := map[string]int{}
	for n, page := range pages {
		lines := strings.Split(page, "\n")
		for _, tb := range printedTables {
			header := slices.IndexFunc(lines, func(s string) bool { return strings.Contains(s, tb.header) })
			first := slices.IndexFunc(lines, tb.row.MatchString)
			if first >= 0 && (header < 0 || header > first) {
				t.Errorf("page %d prints rows of %s without its header above them:\n%s", n+1, tb.section, page)
			}
			for _, l := range lines {
				if tb.row.MatchString(l) {
					rowsOf[tb.section]++
				}
			}
			if sec := slices.IndexFunc(lines, func(s string) bool { return strings.Contains(s, tb.section) }); sec >= 0 && (header < sec || first < header) {
				t.Errorf("page %d starts %s without its header and a first row:\n%s", n+1, tb.section, page)
			}
		}
	}
	if got := rowsOf[printedTables[0].section]; got != len(fs) {
		t.Errorf("printed %d findings, want %d", got, len(fs))
	}
	if rowsOf[printedTables[2].section] == 0 {
		t.Errorf("no indicator short of full marks printed")
	}
}

// TestAnnotatedGuide expects the annotated copy's 填报说明 to count and
// name its eight visible sheets, on screen and on paper, and its table of
// fields to keep its header on every printed page after 审核结果 is put
// in front.
func TestAnnotatedGuide(t *testing.T) {
	out, _ := annotateReturned(t, t.TempDir())
	l := template.Department
	o := pipelinetest.OpenOutput(t, out)
	var visible []string
	for _, s := range o.GetSheetList() {
		if v, err := o.GetSheetVisible(s); err == nil && v {
			visible = append(visible, s)
		}
	}
	if len(visible) != len(l.Sheets())+1 {
		t.Fatalf("visible sheets = %v, want the form's and %s", visible, l.ReviewSheet)
	}
	want := fmt.Sprintf("共 %d 张工作表：%s。", len(visible), strings.Join(visible, "、"))
	rows, err := o.GetRows(l.GuideSheet)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, r := range rows {
		for _, v := range r {
			if strings.HasPrefix(v, want) {
				found++
			}
			if strings.Contains(v, fmt.Sprintf("共 %d 张工作表", len(l.Sheets()))) {
				t.Errorf("%s still counts the form's sheets only: %q", l.GuideSheet, v)
			}
		}
	}
	if found != 1 {
		t.Errorf("%s says %q %d times, want once", l.GuideSheet, want, found)
	}

	pages := xlsxtest.PDFTexts(t, xlsxtest.PrintPDF(t, out))
	text := strings.Join(pages, "\f")
	if !strings.Contains(text, fmt.Sprintf("共 %d 张工作表：%s、%s", len(visible), visible[0], visible[1])) {
		t.Errorf("the printed %s does not count %d sheets:\n%s", l.GuideSheet, len(visible), text)
	}
	// The guide's table: every page after the one it starts on, up to the
	// next sheet's title, starts with its header.
	start := slices.IndexFunc(pages, func(p string) bool { return strings.Contains(p, "各项目填写说明") })
	if start < 0 {
		t.Fatalf("the guide's table is not printed:\n%s", text)
	}
	n := 0
	for _, p := range pages[start+1:] {
		if strings.Contains(p, "——") {
			break
		}
		lines := strings.Fields(p)
		if len(lines) < 3 || lines[0] != "工作表" || lines[1] != "项目或列" {
			t.Errorf("a page of the guide's table starts without its header:\n%s", p)
		}
		n++
	}
	if n == 0 {
		t.Errorf("the guide's table fits one page; the test needs it across pages")
	}
}

// minPrinted is the smallest text size, in points on paper, that a page
// of a printed workbook may have: readable at arm's length on A4.
const minPrinted = 9.0

// TestAnnotatedOnPaper prints the annotated copies of both samples and
// expects every page readable: no text under 9 points, the 绩效指标 table's
// header, review columns included, on every page it spans, and no page
// that holds a single line.
func TestAnnotatedOnPaper(t *testing.T) {
	for _, src := range []string{pipelinetest.SeedWorkbook, pipelinetest.ReturnedWorkbook} {
		t.Run(filepath.Base(src), func(t *testing.T) {
			c := pipelinetest.CheckWorkbook(t, src)
			out := pipeline.AnnotatedPath(t.TempDir(), src)
			if err := annotate.Annotate(c.F, c.Form, c.Findings, c.Rep, out, annotate.Options{}); err != nil {
				t.Fatalf("Annotate: %v", err)
			}
			pages := xlsxtest.PDFPages(t, xlsxtest.PrintPDF(t, out))
			checkPages(t, pages)
			ind := 0
			for n, p := range pages {
				if !strings.Contains(p.Text, "——"+template.Department.Indicators.Title) {
					continue
				}
				ind++
				for _, h := range []string{"三级指标", "偏差原因", "审核意见"} {
					if !strings.Contains(p.Text, h) {
						t.Errorf("page %d of %s lacks the header %s:\n%s", n+1, template.Department.Indicators.Name, h, p.Text)
					}
				}
			}
			if ind == 0 {
				t.Errorf("no page of %s printed", template.Department.Indicators.Name)
			}
			// A short 审核意见 list prints on its sheet's page, not alone on
			// a page of its own under the repeated header.
			l := template.Department
			for _, part := range []string{l.Info.Title, l.Accounts.Title} {
				n := 0
				for _, p := range pages {
					if strings.Contains(strings.ReplaceAll(p.Text, "\n", ""), "——"+part) {
						n++
					}
				}
				if n != 1 {
					t.Errorf("——%s prints on %d pages, want 1 with its 审核意见", part, n)
				}
			}
			t.Logf("%d pages, %d of them %s", len(pages), ind, template.Department.Indicators.Name)
		})
	}
}

// checkPages fails on a page whose smallest text prints under minPrinted,
// and on a page that holds one line of text besides its footer.
func checkPages(t *testing.T, pages []xlsxtest.Page) {
	t.Helper()
	for n, p := range pages {
		if p.MinFont < minPrinted {
			t.Errorf("page %d prints %q at %.2f points, want ≥ %.0f", n+1, p.Smallest, p.MinFont, minPrinted)
		}
		var lines []string
		for _, l := range strings.Split(p.Text, "\n") {
			if s := strings.TrimSpace(l); s != "" && !strings.HasPrefix(s, "第 ") {
				lines = append(lines, s)
			}
		}
		if len(lines) < 2 {
			t.Errorf("page %d holds a single line: %q", n+1, lines)
		}
	}
}

// TestNotesPrinted expects what the reviewer wrote on paper: below the
// table of each sheet with findings, a numbered 审核意见 list headed by the
// reviewer's name with every finding's cell and place, the same heading on
// every comment, and the list replaced, not repeated, when the copy is
// annotated again.
func TestNotesPrinted(t *testing.T) {
	const reviewer = "某区财政局绩效科"
	c := pipelinetest.CheckWorkbook(t, pipelinetest.ReturnedWorkbook)
	dir := t.TempDir()
	first := filepath.Join(dir, "first.xlsx")
	if err := annotate.Annotate(c.F, c.Form, c.Findings, c.Rep, first, annotate.Options{Reviewer: reviewer}); err != nil {
		t.Fatalf("Annotate: %v", err)
	}
	l := template.Department
	o := pipelinetest.OpenOutput(t, first)
	for _, sheet := range []string{l.Info.Name, l.Budget.Name, l.Accounts.Name} {
		for cell, cm := range pipelinetest.CommentsBy(t, o, sheet) {
			if text := pipelinetest.CommentText(cm); !strings.HasPrefix(text, reviewer+"：\n") {
				t.Errorf("comment on %s!%s starts %q, want %s：", sheet, cell, text, reviewer)
			}
		}
	}
	// Annotated again: one list per sheet, as long as before.
	c2 := pipelinetest.CheckWorkbook(t, first)
	second := filepath.Join(dir, "second.xlsx")
	if err := annotate.Annotate(c2.F, c2.Form, c2.Findings, c2.Rep, second, annotate.Options{Reviewer: reviewer}); err != nil {
		t.Fatalf("Annotate again: %v", err)
	}
	text := strings.Join(func() []string {
		var s []string
		for _, p := range xlsxtest.PDFPages(t, xlsxtest.PrintPDF(t, second)) {
			s = append(s, p.Text)
		}
		return s
	}(), "\n")
	sheets := []string{l.Info.Name, l.Budget.Name, l.Accounts.Name}
	if n := strings.Count(text, "审核意见（共"); n != len(sheets) {
		t.Errorf("the printout has %d 审核意见 lists, want %d, one below each of %v", n, len(sheets), sheets)
	}
	for _, sheet := range sheets {
		var want finding.Findings
		for _, fd := range c.Findings {
			if fd.Ref.Sheet == sheet && fd.Ref.Row > 0 {
				want = append(want, fd)
			}
		}
		heading := fmt.Sprintf("审核意见（共 %d 条，%s）", len(want), reviewer)
		if !strings.Contains(text, heading) {
			t.Errorf("the printout lacks %q (%s)", heading, sheet)
		}
		for _, fd := range want {
			if !strings.Contains(text, "〔"+fd.Ref.String()+"，"+c.Form.Source.Place(fd.Ref)) {
				t.Errorf("%s's printed 审核意见 lacks %s", sheet, fd.Ref)
			}
		}
	}
}
