package template

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template/xlsx/xlsxtest"
)

// requireTool skips a test when an outside program is missing, unless
// PERFEVAL_REQUIRE_TOOLS is set, where it fails instead (as
// pipelinetest.RequireTool, which this package cannot import).
func requireTool(t *testing.T, name string, args ...string) {
	t.Helper()
	if err := exec.Command(name, args...).Run(); err != nil {
		if os.Getenv("PERFEVAL_REQUIRE_TOOLS") != "" {
			t.Fatalf("%s is required (PERFEVAL_REQUIRE_TOOLS is set): %v", name, err)
		}
		t.Skipf("%s not available: %v", name, err)
	}
}

// printedPages prints a workbook to PDF through LibreOffice and returns the
// text of each page.
func printedPages(t *testing.T, src string) []string {
	t.Helper()
	return xlsxtest.PDFTexts(t, xlsxtest.PrintPDF(t, src))
}

// TestGuideOnPaper prints the blank form and expects the 填报说明 table's
// header on top of every page the table continues on, on no page before
// it, and every section heading followed by text on its own page.
func TestGuideOnPaper(t *testing.T) {
	l := Department
	path := filepath.Join(t.TempDir(), "模板.xlsx")
	if err := WriteTemplate(path, l, &Data{Year: 2022}); err != nil {
		t.Fatal(err)
	}
	pages := printedPages(t, path)
	// The guide is the first sheet; its pages end where the next sheet's
	// title is printed.
	var guide []string
	for _, p := range pages {
		if len(guide) > 0 && strings.Contains(p, "——") && !strings.Contains(p, l.GuideSheet) {
			break
		}
		guide = append(guide, p)
	}
	header := func(line string) bool {
		return strings.Contains(line, guideHeaders[0]) && strings.Contains(line, guideHeaders[2])
	}
	table := -1
	for n, p := range guide {
		lines := slices.DeleteFunc(strings.Split(p, "\n"), func(s string) bool { return strings.TrimSpace(s) == "" })
		if i := slices.IndexFunc(lines, func(s string) bool { return strings.Contains(s, "各项目填写说明") }); i >= 0 {
			table = n
			if i+2 >= len(lines) || !header(lines[i+1]) {
				t.Errorf("page %d: the table's heading is not followed by its header and a row:\n%s", n+1, p)
			}
		}
		// Each continuation page starts with the header; pages before
		// the table print none.
		switch {
		case table >= 0 && n > table:
			if !header(lines[0]) {
				t.Errorf("page %d continues the table without its header on top:\n%s", n+1, p)
			}
		case table < 0 && slices.ContainsFunc(lines, header):
			t.Errorf("page %d, before the table, prints its header:\n%s", n+1, p)
		}
		// No heading is the last line of its page.
		if last := lines[len(lines)-2]; strings.Contains(last, "、") && len([]rune(strings.TrimSpace(last))) < 12 {
			t.Errorf("page %d ends with the heading %q", n+1, last)
		}
	}
	if table < 0 || table == len(guide)-1 {
		t.Fatalf("the guide's table does not span pages (table on page %d of %d)", table+1, len(guide))
	}
}

// inputPrompts returns, per data sheet, the ranges whose validation shows
// a prompt with the same words as its error message, and fails on a
// validation without one.
func inputPrompts(t *testing.T, f *excelize.File) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, sheet := range Department.DataSheets() {
		dvs, err := f.GetDataValidations(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, dv := range dvs {
			if !dv.ShowInputMessage || dv.Prompt == nil || dv.Error == nil || *dv.Prompt == "" || *dv.Prompt != *dv.Error {
				t.Errorf("%s!%s: validation without a prompt matching its message (prompt %v)", sheet, dv.Sqref, dv.Prompt)
				continue
			}
			out[sheet] = append(out[sheet], dv.Sqref)
		}
	}
	return out
}

// TestInputPrompts expects every validated input cell of the blank form to
// show a prompt while selected, in Excel and after LibreOffice saves it.
func TestInputPrompts(t *testing.T) {
	f, path := writeAndOpen(t, &Data{Year: 2022})
	want := inputPrompts(t, f)
	for _, sheet := range []string{Department.Info.Name, Department.Budget.Name, Department.Indicators.Name, Department.Accounts.Name} {
		if len(want[sheet]) == 0 {
			t.Errorf("%s: no input cell has a prompt", sheet)
		}
	}
	for _, dv := range mustDVs(t, f, Department.Info.Name) {
		if dv.PromptTitle == nil || *dv.PromptTitle != inputTitle {
			t.Errorf("%s!%s: prompt title %v, want %s", Department.Info.Name, dv.Sqref, dv.PromptTitle, inputTitle)
		}
	}

	// LibreOffice keeps the prompts when it saves the form.
	requireTool(t, "soffice", "--version")
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "soffice", "--headless", "--norestore",
		"-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", filepath.Join(dir, "out"), path)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	saved, err := excelize.OpenFile(filepath.Join(dir, "out", filepath.Base(path)))
	if err != nil {
		t.Fatal(err)
	}
	defer saved.Close()
	got := inputPrompts(t, saved)
	for _, sheet := range Department.DataSheets() {
		if len(got[sheet]) != len(want[sheet]) {
			t.Errorf("%s after LibreOffice: %d ranges with prompts, want %d", sheet, len(got[sheet]), len(want[sheet]))
		}
	}
}

func mustDVs(t *testing.T, f *excelize.File, sheet string) []*excelize.DataValidation {
	t.Helper()
	dvs, err := f.GetDataValidations(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return dvs
}

// TestTitlesAlike expects every data sheet's title, on screen and on
// paper, to read as 表名（年度）——部分, 决算收支's too, whose narrow sheet puts
// the part on a second line.
func TestTitlesAlike(t *testing.T) {
	l := Department
	f, path := writeAndOpen(t, &Data{Year: 2022})
	head := l.Title + "（2022年度）"
	parts := map[string]string{
		l.Info.Name: l.Info.Title, l.Budget.Name: l.Budget.Title, l.Goals.Name: l.Goals.Title,
		l.Indicators.Name: l.Indicators.Title, l.Accounts.Name: l.Accounts.Title, l.Narrative.Name: l.Narrative.Title,
	}
	style := -1
	for _, sheet := range l.DataSheets() {
		v, err := f.GetCellValue(sheet, cellName(1, TitleRow))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.ReplaceAll(v, "\n", ""); got != head+"——"+parts[sheet] {
			t.Errorf("%s title = %q, want %q", sheet, v, head+"——"+parts[sheet])
		}
		id, err := f.GetCellStyle(sheet, cellName(1, TitleRow))
		if err != nil {
			t.Fatal(err)
		}
		if style >= 0 && id != style {
			t.Errorf("%s title style %d, want %d as the other sheets", sheet, id, style)
		}
		style = id
	}
	text := strings.Join(printedPages(t, path), "\n")
	for sheet, part := range parts {
		if !strings.Contains(text, "——"+part) {
			t.Errorf("the printed %s has no title ——%s", sheet, part)
		}
	}
}

// TestBlankOnPaper prints the blank department and project forms and
// expects every page readable: no text under 9 points on paper; a
// sensible number of pages, the empty 绩效指标 on one; no page with fewer
// than minLines lines but the last of its sheet; and no line of 填报说明
// that starts with a punctuation mark.
func TestBlankOnPaper(t *testing.T) {
	const minLines = 4
	for _, tc := range []struct {
		l        *Layout
		min, max int // pages
	}{
		{Department, 10, 15},
		{Project, 9, 12}, // 8, and 报告素材's five tall input boxes on 3
	} {
		t.Run(tc.l.Kind, func(t *testing.T) {
			l := tc.l
			path := filepath.Join(t.TempDir(), "模板.xlsx")
			if err := WriteTemplate(path, l, &Data{Year: 2022, ScoringGuide: longGuide}); err != nil {
				t.Fatal(err)
			}
			pages := xlsxtest.PDFPages(t, xlsxtest.PrintPDF(t, path))
			if len(pages) < tc.min || len(pages) > tc.max {
				t.Errorf("the blank form prints %d pages, want %d to %d", len(pages), tc.min, tc.max)
			}
			head := l.Title + "（2022年度）"
			lines := make([][]string, len(pages))
			for n, p := range pages {
				for _, s := range strings.Split(p.Text, "\n") {
					if s = strings.TrimSpace(s); s != "" && !strings.HasPrefix(s, "第 ") {
						lines[n] = append(lines[n], s)
					}
				}
			}
			// A page that starts with a sheet's title starts the sheet.
			starts := func(n int) bool { return n < len(pages) && len(lines[n]) > 0 && strings.HasPrefix(lines[n][0], head) }
			sheet, indicators := "", 0
			for n, p := range pages {
				if p.MinFont < 9 {
					t.Errorf("page %d prints %q at %.2f points, want ≥ 9", n+1, p.Smallest, p.MinFont)
				}
				if starts(n) {
					sheet = lines[n][0]
				}
				if strings.Contains(sheet, "——"+l.Indicators.Title) {
					indicators++
				}
				if len(lines[n]) < minLines && !starts(n+1) && n+1 < len(pages) {
					t.Errorf("page %d, not the last of %s, holds %d lines: %q", n+1, sheet, len(lines[n]), lines[n])
				}
				if len(lines[n]) < 2 {
					t.Errorf("page %d holds a single line: %q", n+1, lines[n])
				}
				if strings.Contains(sheet, "——"+l.GuideSheet) {
					for _, s := range lines[n] {
						// pdftotext sets the guide's table columns side
						// by side: each column's text starts a line too.
						for _, cell := range regexp.MustCompile(`\s{2,}`).Split(s, -1) {
							if r := []rune(cell); len(r) > 0 && strings.ContainsRune(noStart, r[0]) {
								t.Errorf("page %d of %s has a line starting with %q: %q", n+1, l.GuideSheet, r[0], s)
							}
						}
					}
				}
			}
			if indicators != 1 {
				t.Errorf("the empty %s prints on %d pages, want 1", l.Indicators.Name, indicators)
			}
			t.Logf("%d pages", len(pages))
		})
	}
}

// longGuide is a scoring guide as long as a rulebook's, so that the printed
// 填报说明 runs over several pages.
var longGuide = []string{
	"1. 分值：产出指标 40 分（数量指标、质量指标、时效指标、成本指标），效益指标 40 分（经济效益指标、社会效益指标、生态效益指标、可持续影响指标），满意度指标 10 分，预算执行 10 分，合计 100 分。各一级指标的分值由部门分配到其下的三级指标，三级指标分值之和应等于一级指标分值。",
	"2. 定量指标按完成率线性计分：完成率 = 实际完成值 ÷ 年度指标值。完成率在 60% 及以下的不得分；超过 60% 的，得分 = 分值 ×（完成率 − 60%）÷ 40%，完成率达到 100% 得满分，最高不超过分值。得分保留 2 位小数（四舍五入）。",
	"3. “越低越好”的指标（如 <=3次）：实际值不超过指标值即得满分；超过时，完成率 = 指标值 ÷ 实际完成值，再按上式计分。",
	"4. 定性指标：实际完成值填写评价等级，“达成预期指标”得分值的 100%，“基本达成”得分值的 80%，“部分达成”得分值的 60%，“未达成”不得分。",
	"5. 预算执行率 = 全年执行数 ÷ 全年预算数（“年度资金总额”行），分值 10 分：执行率 ≥95% 得 10 分，≥90% 得 7 分，≥80% 得 4 分，低于 80% 不得分。",
	"6. 总分 = 各三级指标得分之和 + 预算执行得分。“自评总分”可以填写取整后的分数（如 94.44 填 94）。等级按复核总分（不取整）确定：90 分及以上为“优”，80 分及以上为“良”，60 分及以上为“中”，60 分以下为“差”。",
	"7. 凡指标得分低于分值的，必须在“偏差原因分析及改进措施”中写明原因和改进措施；预算执行率低于 100% 的，必须填写“预算执行率偏差原因分析及改进措施”。只填“0”“无”“/”的视为未填写。",
}
