package narrative_test

import (
	"archive/zip"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/perfeval/perfeval/pipeline/narrative"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
)

// TestDocxParts expects the house style in the document's XML: the fonts
// by their East Asian names with Latin ones beside them, the two-character
// first-line indent, bordered tables, the footer's page number and the
// font table's substitutes.
func TestDocxParts(t *testing.T) {
	doc := build(t, "nanchang-2022.xlsx", narrative.Options{})
	path := filepath.Join(t.TempDir(), "r.docx")
	if err := doc.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	parts := map[string]string{}
	for _, f := range z.File {
		parts[f.Name] = string(pipelinetest.ZipPart(t, f))
	}
	body := parts["word/document.xml"]
	for _, want := range []string{
		`w:eastAsia="方正小标宋简体"`, `w:eastAsia="黑体"`, `w:eastAsia="楷体_GB2312"`, `w:eastAsia="仿宋_GB2312"`, `w:ascii="Times New Roman"`,
		`<w:sz w:val="32">`, `w:firstLineChars="200"`, `<w:tblBorders>`, `w:val="single"`, `<w:vMerge w:val="restart">`,
		`<w:footerReference w:type="default" r:id="rIdPerfevalFooter">`, `w:orient="landscape"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if !strings.Contains(parts["word/footer1.xml"], " PAGE ") {
		t.Errorf("the footer has no page number")
	}
	for _, want := range []string{`w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>`, `w:name="方正小标宋简体"><w:altName w:val="宋体"/>`} {
		if !strings.Contains(parts["word/fontTable.xml"], want) {
			t.Errorf("fontTable.xml lacks %s", want)
		}
	}
	if _, ok := parts["docProps/thumbnail.jpeg"]; ok {
		t.Errorf("the library's thumbnail is left in the document")
	}
}

// TestDocxOpensInLibreOffice converts the seed's report to text with
// LibreOffice and expects every figure and every indicator sentence to
// survive the round trip; a draft of the returned sample too.
func TestDocxOpensInLibreOffice(t *testing.T) {
	pipelinetest.RequireTool(t, "soffice", "--version")
	dir := t.TempDir()
	doc := build(t, "nanchang-2022.xlsx", narrative.Options{})
	path := filepath.Join(dir, "seed.docx")
	if err := doc.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	draft := build(t, "example-returned-2022.xlsx", narrative.Options{Draft: true})
	dpath := filepath.Join(dir, "draft.docx")
	if err := draft.WriteFile(dpath); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "soffice", "--headless", "--norestore",
		"-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "txt:Text (encoded):UTF8", "--outdir", filepath.Join(dir, "out"), path, dpath)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, "out", name))
		if err != nil {
			t.Fatalf("soffice wrote no text: %v", err)
		}
		return strings.ReplaceAll(string(b), "\r", "")
	}
	text := read("seed.txt")
	checkSeedFigures(t, text)
	norm := func(s string) string { return strings.Join(strings.Fields(s), "") }
	all := norm(text)
	for _, b := range doc.Blocks {
		if b.Table == nil && b.Text != "" && !strings.Contains(all, norm(b.Text)) {
			t.Errorf("LibreOffice's text lacks the paragraph %q", b.Text)
		}
	}
	// The appendix: every indicator's name and checked score.
	rep, _ := process(t, filepath.Join(samples, "nanchang-2022.xlsx"))
	for _, in := range rep.Indicators {
		if !strings.Contains(all, norm(in.Name)) {
			t.Errorf("LibreOffice's text lacks the indicator %s", in.Name)
		}
	}
	dtext := norm(read("draft.txt"))
	for _, want := range []string{"4891.6222" + narrative.MarkDoubtful, "【错误】资金情况!C7"} {
		if !strings.Contains(dtext, norm(want)) {
			t.Errorf("the draft's text lacks %q", want)
		}
	}
}
