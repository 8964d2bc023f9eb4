package annotate_test

import (
	"archive/zip"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/annotate"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
)

// sheetMainType is the content type Excel requires of the workbook part of
// a file named .xlsx.
const sheetMainType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

// TestAnnotatedCopyWithoutMacros: the annotated copy of an .xlsm is an
// .xlsx Excel opens: no VBA project, signature or ribbon, no relationship
// to them, the workbook part typed as an .xlsx; the original keeps its
// macros. openpyxl and LibreOffice open the copy.
func TestAnnotatedCopyWithoutMacros(t *testing.T) {
	src := filepath.Join(pipelinetest.Samples, "bad", "macro.xlsm")
	before := pipelinetest.HashFile(t, src)
	c := pipelinetest.CheckWorkbook(t, src)
	dir := t.TempDir()
	out := pipeline.AnnotatedPath(dir, src)
	if err := annotate.Annotate(c.F, c.Form, c.Findings, c.Rep, out, annotate.Options{}); err != nil {
		t.Fatalf("Annotate: %v", err)
	}
	if pipelinetest.HashFile(t, src) != before {
		t.Error("the original changed")
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		lower := strings.ToLower(zf.Name)
		if strings.Contains(lower, "vbaproject") || strings.HasPrefix(lower, "customui") {
			t.Errorf("the copy keeps part %s", zf.Name)
		}
		b := string(pipelinetest.ZipPart(t, zf))
		switch {
		case zf.Name == "[Content_Types].xml":
			if want := `<Override PartName="/xl/workbook.xml" ContentType="` + sheetMainType + `"`; !strings.Contains(b, want) || strings.Contains(b, "macroEnabled") || strings.Contains(b, "vbaProject") {
				t.Errorf("content types of the copy: %s\nwant %s and no macro type", b, want)
			}
		case strings.HasSuffix(zf.Name, ".rels"):
			if strings.Contains(b, "vbaProject") || strings.Contains(b, "ui/extensibility") || strings.Contains(b, "customUI") {
				t.Errorf("%s keeps a relationship to a macro: %s", zf.Name, b)
			}
		}
	}

	pipelinetest.RequireTool(t, "/usr/bin/python3", "-c", "import openpyxl")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	py := exec.CommandContext(ctx, "/usr/bin/python3", "-c",
		"import sys, openpyxl; wb = openpyxl.load_workbook(sys.argv[1]); print(wb.sheetnames[0], wb['基本信息']['B3'].value)", out)
	if b, err := py.CombinedOutput(); err != nil || strings.TrimSpace(string(b)) != "审核结果 南昌市政务服务数据管理局" {
		t.Errorf("openpyxl: %v\n%s", err, b)
	}
	pipelinetest.RequireTool(t, "soffice", "--version")
	conv := exec.CommandContext(ctx, "soffice", "--headless", "--norestore",
		"-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", filepath.Join(dir, "csv"), out)
	if b, err := conv.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "csv", strings.TrimSuffix(filepath.Base(out), ".xlsx")+".csv"))
	if err != nil || !strings.Contains(string(csv), "审核结论") {
		t.Errorf("LibreOffice's CSV of the copy's first sheet: %v\n%s", err, csv)
	}
}
