package pipeline_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
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
