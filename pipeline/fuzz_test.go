package pipeline_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/rulebook"
)

// FuzzProcess runs the whole chain (open, read, parse, score, check, report,
// annotated copy) over arbitrary bytes seeded with the sample workbooks: every input ends as
// a Report, never as a panic, and a report that is not unreadable carries
// findings with codes from the catalogue.
func FuzzProcess(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join(pipelinetest.Samples, "*.xlsx"))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("PK\x03\x04"))
	rb := rulebook.DefaultRulebook()
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		processFuzzed(t, data, rb, dir)
	})
}

// processFuzzed writes a fuzzed workbook to dir and runs Process on it with
// the annotated copy: every input must end as a report with a status and
// catalogued findings, or as the copy failing to be written (an error, as
// for a full disk), never as a panic.
func processFuzzed(t *testing.T, data []byte, rb *rulebook.Rulebook, dir string) {
	t.Helper()
	path := filepath.Join(dir, "fuzz.xlsx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := pipeline.Process(context.Background(), path, rb, pipeline.Options{AnnotateDir: filepath.Join(dir, "out")})
	if err != nil {
		if errors.Is(err, pipeline.ErrInternal) {
			t.Fatal(err)
		}
		return
	}
	if rep.Status == "" {
		t.Fatal("report without a status")
	}
	for _, fd := range rep.Findings {
		if !fd.Code.Known() || fd.Message == "" {
			t.Fatalf("finding with unknown code or no message: %+v", fd)
		}
	}
}

// FuzzSheetXML mutates the XML of one worksheet of the seed, 绩效指标 or
// 资金情况, inside an otherwise intact workbook, and runs the whole chain
// with the annotated copy: mutations of the zip bytes themselves mostly
// break the compression and end at not_xlsx, where these reach the reader,
// the checks and the annotation. Every input ends as a report or as the
// annotated copy failing to be written, never as a panic.
func FuzzSheetXML(f *testing.F) {
	seed, err := os.ReadFile(pipelinetest.SeedWorkbook)
	if err != nil {
		f.Fatal(err)
	}
	parts := map[string][]byte{}
	zr, err := zip.NewReader(bytes.NewReader(seed), int64(len(seed)))
	if err != nil {
		f.Fatal(err)
	}
	for _, zf := range zr.File {
		data := pipelinetest.ZipPart(f, zf)
		parts[zf.Name] = data
	}
	// sheet3 is 资金情况 and sheet5 绩效指标, in the template's order.
	for _, n := range []uint8{3, 5} {
		f.Add(n, parts[fmt.Sprintf("xl/worksheets/sheet%d.xml", n)])
	}
	f.Add(uint8(5), []byte(`<worksheet><sheetData><row r="2"><c r="A2" t="inlineStr"><is><t>一级指标</t></is></c></row></sheetData></worksheet>`))
	rb := rulebook.DefaultRulebook()
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, which uint8, sheet []byte) {
		name := "xl/worksheets/sheet5.xml"
		if which%2 == 1 {
			name = "xl/worksheets/sheet3.xml"
		}
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, zf := range zr.File {
			w, err := zw.Create(zf.Name)
			if err != nil {
				t.Fatal(err)
			}
			data := parts[zf.Name]
			if zf.Name == name {
				data = sheet
			}
			if _, err := w.Write(data); err != nil {
				t.Fatal(err)
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		processFuzzed(t, buf.Bytes(), rb, dir)
	})
}
