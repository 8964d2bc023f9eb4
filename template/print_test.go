package template

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
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
// text of each page, by pdftotext -layout.
func printedPages(t *testing.T, src string) []string {
	t.Helper()
	requireTool(t, "soffice", "--version")
	requireTool(t, "pdftotext", "-v")
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "soffice", "--headless", "--norestore",
		"-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "pdf", "--outdir", dir, src)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	pdf := filepath.Join(dir, strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))+".pdf")
	b, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(b), "\f")
	if n := len(pages); n > 0 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	return pages
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
