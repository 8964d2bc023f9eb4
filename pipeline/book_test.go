package pipeline_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/template/xlsx/xlsxtest"
)

// TestDamagedStylesAnnotated: a workbook whose styles part excelize cannot
// parse (a font size that is no number) is read from the container's one
// pass, which does not need that part; its annotated copy cannot be
// written, and then the workbook is returned as unreadable, as when
// excelize opened every workbook first, rather than failing the run.
func TestDamagedStylesAnnotated(t *testing.T) {
	seed, err := os.ReadFile(pipelinetest.SeedWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(seed), int64(len(seed)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	damaged := false
	for _, zf := range zr.File {
		data := pipelinetest.ZipPart(t, zf)
		if zf.Name == "xl/styles.xml" {
			size := regexp.MustCompile(`<sz val="[0-9.]+"/?>`)
			loc := size.FindIndex(data)
			if loc == nil {
				t.Fatal("no font size in the seed's styles")
			}
			data = append(append(append([]byte(nil), data[:loc[0]]...), `<sz val="大">`...), data[loc[1]:]...)
			damaged = true
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil || !damaged {
		t.Fatal(err, damaged)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "样式损坏.xlsx")
	if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	rb := rulebook.DefaultRulebook()
	ctx := context.Background()
	rep, err := pipeline.Process(ctx, in, rb, pipeline.Options{})
	if err != nil || rep.Status == report.Unreadable {
		t.Fatalf("checked without a copy: %v, %+v", err, rep)
	}
	rep, err = pipeline.Process(ctx, in, rb, pipeline.Options{AnnotateDir: filepath.Join(dir, "out")})
	if err != nil {
		t.Fatalf("with a copy: %v", err)
	}
	if rep.Status != report.Unreadable || len(rep.Findings) != 1 || rep.Findings[0].Code != "not_xlsx" {
		t.Fatalf("with a copy: %s, %+v, want unreadable (not_xlsx)", rep.Status, rep.Findings)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "out")); len(entries) != 0 {
		t.Errorf("a copy was left: %v", entries)
	}
}

// TestEndlessCommentBoxes: an annotated copy sent back with a default
// column width of no pixel on its commented sheets, where excelize's
// AddComment would never return, is returned as unreadable, its sheet
// named, instead of hanging the worker or failing the run on every pass.
func TestEndlessCommentBoxes(t *testing.T) {
	first := pipelinetest.ProcessAnnotated(t, filepath.Join(pipelinetest.Samples, "example-returned-2022.xlsx"))
	data, err := os.ReadFile(first.Annotated)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	edits := map[string][][2]string{}
	for _, zf := range zr.File {
		part := pipelinetest.ZipPart(t, zf)
		if strings.HasPrefix(zf.Name, "xl/worksheets/sheet") && bytes.Contains(part, []byte("<legacyDrawing")) && bytes.Contains(part, []byte("<sheetFormatPr ")) {
			edits[zf.Name] = [][2]string{{"<sheetFormatPr ", `<sheetFormatPr defaultColWidth="0.01" `}}
		}
	}
	if len(edits) == 0 {
		t.Fatal("no commented sheet with a sheetFormatPr in the annotated copy")
	}
	changed := xlsxtest.Rezip(t, data, edits, nil)
	dir := t.TempDir()
	in := filepath.Join(dir, "列宽为零.xlsx")
	if err := os.WriteFile(in, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	type result struct {
		rep *report.Report
		err error
	}
	done := make(chan result, 1)
	go func() {
		rep, err := pipeline.Process(context.Background(), in, rulebook.DefaultRulebook(), pipeline.Options{AnnotateDir: filepath.Join(dir, "out")})
		done <- result{rep, err}
	}()
	var res result
	select {
	case res = <-done:
	case <-time.After(time.Minute):
		t.Fatal("the annotated copy was never finished")
	}
	if res.err != nil {
		t.Fatal(res.err)
	}
	if rep := res.rep; rep.Status != report.Unreadable || len(rep.Findings) != 1 || !strings.Contains(rep.Findings[0].Message, "列宽") || rep.Findings[0].Ref == "" {
		t.Fatalf("%s, %+v, want unreadable at a sheet, saying why", rep.Status, rep.Findings)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "out")); len(entries) != 0 {
		t.Errorf("a copy was left: %v", entries)
	}
}
