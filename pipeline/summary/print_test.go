package summary_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/roster"
	"github.com/perfeval/perfeval/pipeline/summary"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx/xlsxtest"
)

// printedSummary builds a summary of many departments, as a bureau prints
// it at the end of the year: 40 department forms (the seed and the returned
// example by turns, some names long), last year's figures for some, a
// roster with departments that sent nothing, one department not on it,
// project forms of several departments and a file no department can be
// told of; and saves it.
func printedSummary(t *testing.T) string {
	t.Helper()
	seed, returned := samples(t)
	var reps []*report.Report
	csv := "部门编码,部门名称,联系人,邮箱,联系电话\n"
	names := []string{"局", "市财政局", "市发展和改革委员会", "市住房和城乡建设局（市人民防空办公室）", "市行政审批局"}
	for i := range 40 {
		code := fmt.Sprint(102001 + i)
		name := fmt.Sprintf("第%d%s", i+1, names[i%len(names)])
		from := seed
		if i%2 == 1 {
			from = returned
		}
		budget := fmt.Sprintf("%d.%04d", 800+i*257, i*37%10000)
		execution := fmt.Sprintf("%d.%04d", 700+i*241, i*53%10000)
		total := fmt.Sprintf("%d.%02d", 70+i%30, i*7%100)
		if i == 7 {
			total = ""
		}
		r := variant(t, from, code, name, budget, execution, total)
		reps = append(reps, r)
		if i%3 == 0 {
			last := variant(t, from, code, name, fmt.Sprint(700+i), fmt.Sprint(650+i), fmt.Sprint(80+i%15))
			last.Year = 2021
			reps = append(reps, last)
		}
		if i != 39 {
			csv += fmt.Sprintf("%s,%s,联系人%d,c%d@example.gov.cn,0791-8888%04d\n", code, name, i, i, i)
		}
		if i%6 == 0 {
			for j := range 2 {
				p := clone(t, seed)
				p.Form = template.FormProject
				p.Project = &report.ProjectID{Name: fmt.Sprintf("%s项目%d", strings.Repeat("专项资金", j+1), i), Unit: name}
				p.Department = report.DepartmentID{Code: code, Name: name}
				p.SHA256 = fmt.Sprintf("p%d-%d", i, j)
				reps = append(reps, p)
			}
		}
	}
	for i := range 6 {
		csv += fmt.Sprintf("%d,未报送的第%d个部门,联系人,m%d@example.gov.cn,0791-1\n", 103001+i, i+1, i)
	}
	lost := clone(t, returned)
	lost.Department = report.DepartmentID{}
	lost.Status = report.Unreadable
	lost.SHA256 = strings.Repeat("ab", 32)
	lost.File = "不知道是哪个部门的.xlsx"
	reps = append(reps, lost)
	r, fs := roster.Parse("名单.csv", []byte(csv))
	s := summary.Build(entries(reps...), summary.Options{Roster: r, RosterFindings: fs, BuiltAt: time.Now(), PerfevalVersion: "test"})
	path := filepath.Join(t.TempDir(), "汇总.xlsx")
	if err := s.Save(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// footer is the footer every printed page of the summary carries: the
// sheet's name and the page's number.
var footer = regexp.MustCompile(`(?:(\S+)[ \t　]+)?第 (\d+) 页，共 (\d+) 页`)

// TestSummaryPrints: every page of every sheet of the summary prints on A4
// at 9 points or more, each table's header repeats on every page it spans,
// no page holds a lonely row of a table, and what is for the screen only
// (the links, the times) stays off paper.
func TestSummaryPrints(t *testing.T) {
	xlsxtest.RequireTool(t, "soffice", "--version")
	path := printedSummary(t)
	pdf := xlsxtest.PrintPDF(t, path)
	if dir := os.Getenv("PERFEVAL_KEEP_PDF"); dir != "" {
		data, _ := os.ReadFile(pdf)
		_ = os.WriteFile(filepath.Join(dir, "汇总.pdf"), data, 0o644)
		data, _ = os.ReadFile(path)
		_ = os.WriteFile(filepath.Join(dir, "汇总.xlsx"), data, 0o644)
	}
	pages := xlsxtest.PDFPages(t, pdf)
	// What each sheet's header row says, on every page of it.
	headers := map[string][]string{
		summary.SheetSummary:    {"部门编码", "部门名称", "状态"},
		summary.SheetProjects:   {"项目名称", "实施单位"},
		summary.SheetShortfalls: {"三级指标", "扣分"},
		summary.SheetFindings:   {"级别", "说明"},
		summary.SheetAbout:      {"项目", "内容"},
	}
	sheets := []string{summary.SheetSummary, summary.SheetProjects, summary.SheetShortfalls, summary.SheetFindings,
		summary.SheetMissing, summary.SheetCharts, summary.SheetAbout}
	seen := map[string][]int{}
	for i, p := range pages {
		// The footer is the page's last line of this form.
		all := footer.FindAllStringSubmatch(p.Text, -1)
		if len(all) == 0 {
			t.Errorf("page %d has no footer: %.200q", i+1, p.Text)
			continue
		}
		m := all[len(all)-1]
		sheet := m[1]
		if !slices.Contains(sheets, sheet) {
			t.Errorf("page %d's footer names no sheet: %q", i+1, m[0])
		}
		seen[sheet] = append(seen[sheet], i)
		t.Logf("%s page %s/%s: smallest %.2f pt (%q)", sheet, m[2], m[3], p.MinFont, p.Smallest)
		if p.MinFont < 9 {
			t.Errorf("%s page %s prints %q at %.2f pt, want 9 or more", sheet, m[2], p.Smallest, p.MinFont)
		}
		for _, h := range headers[sheet] {
			if !strings.Contains(p.Text, h) {
				t.Errorf("%s page %s has no header %q", sheet, m[2], h)
			}
		}
		for _, screen := range []string{"批注版", "报送时间", ".xlsx"} {
			if (sheet == summary.SheetSummary || sheet == summary.SheetProjects) && strings.Contains(p.Text, screen) {
				t.Errorf("%s page %s prints %q, which is for the screen", sheet, m[2], screen)
			}
		}
	}
	for _, sheet := range sheets {
		if len(seen[sheet]) == 0 {
			t.Errorf("sheet %s printed no page", sheet)
		}
	}
	for _, sheet := range []string{summary.SheetSummary, summary.SheetShortfalls, summary.SheetFindings} {
		if len(seen[sheet]) < 2 {
			t.Errorf("%s printed on %d pages, want several (the test's data is too small)", sheet, len(seen[sheet]))
		}
	}
	chartPages(t, pdf, pages, seen[summary.SheetCharts])
	// A table's last page holds more than one row: rows begin with a
	// department's code.
	row := regexp.MustCompile(`(?m)^\s*(10[23]\d{3})\s`)
	for _, sheet := range []string{summary.SheetSummary, summary.SheetShortfalls, summary.SheetFindings} {
		ps := seen[sheet]
		if len(ps) < 2 {
			continue
		}
		for _, i := range ps[1:] {
			if n := len(row.FindAllString(pages[i].Text, -1)); n < 2 {
				t.Errorf("%s page %d holds %d row(s) of the table", sheet, i+1, n)
			}
		}
	}
}

// word is a word pdftotext -bbox finds on a page, with its box in points
// from the page's top-left corner.
type word struct {
	XMin float64 `xml:"xMin,attr"`
	YMin float64 `xml:"yMin,attr"`
	XMax float64 `xml:"xMax,attr"`
	YMax float64 `xml:"yMax,attr"`
	Text string  `xml:",chardata"`
}

// bboxPage is a page of pdftotext -bbox: its size and words.
type bboxPage struct {
	Width  float64 `xml:"width,attr"`
	Height float64 `xml:"height,attr"`
	Words  []word  `xml:"word"`
}

// wordBoxes returns the words of every page of a PDF with their boxes.
func wordBoxes(t *testing.T, pdf string) []bboxPage {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	var doc struct {
		Pages []bboxPage `xml:"body>doc>page"`
	}
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("read pdftotext -bbox: %v", err)
	}
	return doc.Pages
}

// chartPages checks the pages of the 图表 sheet: every page shows whole
// charts, each chart on one page. LibreOffice sets in a page's PDF what
// of a chart runs past the page's edge, clipped: a word outside the page's
// body (its margins, less the footer's line) is a chart cut at the page's
// edge. Each chart's title prints once, every page has one, and the
// by-department charts show their departments' names whole.
func chartPages(t *testing.T, pdf string, pages []xlsxtest.Page, charts []int) {
	t.Helper()
	boxes := wordBoxes(t, pdf)
	if len(boxes) != len(pages) {
		t.Fatalf("pdftotext -bbox found %d pages, pdftotext %d", len(boxes), len(pages))
	}
	side, topBottom := template.PrintMarginSide*72, template.PrintMarginTopBottom*72
	const slack = 2.0 // points
	titles := map[string]int{}
	title := regexp.MustCompile(`(复核总分|预算执行率)（按部门，从高到低，第 \d+–\d+ 名）|等级分布（部门数）`)
	for _, i := range charts {
		p := boxes[i]
		// The footer's line: the words level with its "页，共".
		footY := -1.0
		for _, w := range p.Words {
			if w.Text == "页，共" {
				footY = w.YMin
			}
		}
		for _, w := range p.Words {
			if w.YMin == footY {
				continue
			}
			if w.XMin < side-slack || w.XMax > p.Width-side+slack || w.YMin < topBottom-slack || w.YMax > p.Height-topBottom+slack {
				t.Errorf("图表 page %d: %q at (%.0f, %.0f)–(%.0f, %.0f) is outside the page's body: a chart cut at the page's edge",
					i+1, w.Text, w.XMin, w.YMin, w.XMax, w.YMax)
			}
		}
		found := title.FindAllString(strings.Join(strings.Fields(pages[i].Text), " "), -1)
		if len(found) == 0 {
			t.Errorf("图表 page %d shows no chart's title: %.300q", i+1, pages[i].Text)
		}
		for _, f := range found {
			titles[f]++
		}
	}
	want := []string{"复核总分（按部门，从高到低，第 1–19 名）", "复核总分（按部门，从高到低，第 20–39 名）", "等级分布（部门数）",
		"预算执行率（按部门，从高到低，第 1–20 名）", "预算执行率（按部门，从高到低，第 21–40 名）"}
	for _, w := range want {
		if titles[w] != 1 {
			t.Errorf("chart %q prints %d times, want once", w, titles[w])
		}
	}
	if len(titles) != len(want) {
		t.Errorf("chart titles printed %v, want %q", titles, want)
	}
	// Every department's name shows in both by-department charts: the
	// start of it, as a long name wraps around its bar's value.
	text := ""
	for _, i := range charts {
		text += strings.Join(strings.Fields(pages[i].Text), "")
	}
	names := []string{"局", "市财政局", "市发展和改革委员会", "市住房和城乡建设局（市人民防空办公室）", "市行政审批局"}
	for i := range 40 {
		name := []rune(fmt.Sprintf("第%d%s", i+1, names[i%len(names)]))
		start := string(name[:min(len(name), 6)])
		want := 2
		if i == 7 {
			want = 1 // no total score
		}
		if got := strings.Count(text, start); got != want {
			t.Errorf("图表 shows department %s %d times, want %d", string(name), got, want)
		}
	}
}
