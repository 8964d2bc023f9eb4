package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template/xlsx/xlsxtest"
)

// excelNumbered returns a workbook whose sheets A, B, C (ids 1, 2, 3) have
// their parts numbered in the order of the tabs, C first, as Excel saves
// them: C in sheet1.xml, A in sheet2.xml, B in sheet3.xml.
func excelNumbered(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "A"); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"A", "B", "C"} {
		if _, err := f.NewSheet(s); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStr(s, "A1", "表"+s); err != nil {
			t.Fatal(err)
		}
	}
	if err := MoveSheet(f, "C", "A"); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return xlsxtest.RenumberSheets(t, buf.Bytes())
}

// TestNewSheetFreePart: in a workbook whose parts Excel numbered by tab,
// C removed and added again takes a part of its own; excelize's NewSheet
// would take B's (sheet3.xml) and lose it.
func TestNewSheetFreePart(t *testing.T) {
	data := excelNumbered(t)
	for _, tt := range []struct {
		name  string
		add   func(f *excelize.File, sheet string) (int, error)
		loseB bool
	}{
		{"excelize", func(f *excelize.File, s string) (int, error) { return f.NewSheet(s) }, true},
		{"xlsx", NewSheet, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if v, _ := f.GetCellValue("B", "A1"); v != "表B" {
				t.Fatalf("B!A1 = %q before: the workbook is not as Excel numbers it", v)
			}
			if err := f.DeleteSheet("C"); err != nil {
				t.Fatal(err)
			}
			idx, err := tt.add(f, "C")
			if err != nil {
				t.Fatal(err)
			}
			if got := f.GetSheetName(idx); got != "C" {
				t.Errorf("index %d is %q, want C", idx, got)
			}
			if tt.name == "xlsx" {
				var b SheetBuilder
				b.SetStr(1, 1, "新表C")
				if err := PutSheet(f, "C", b.Bytes()); err != nil {
					t.Fatal(err)
				}
			}
			buf, err := f.WriteToBuffer()
			if err != nil {
				t.Fatal(err)
			}
			g, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			defer g.Close()
			b, _ := g.GetCellValue("B", "A1")
			if lost := b != "表B"; lost != tt.loseB {
				t.Errorf("B!A1 = %q after C was added again (lost %v, want %v)", b, lost, tt.loseB)
			}
			if c, _ := g.GetCellValue("C", "A1"); tt.name == "xlsx" && c != "新表C" {
				t.Errorf("C!A1 = %q, want the sheet put in", c)
			}
			if a, _ := g.GetCellValue("A", "A1"); a != "表A" {
				t.Errorf("A!A1 = %q", a)
			}
			if got := g.GetSheetList(); strings.Join(got, ",") != "A,B,C" {
				t.Errorf("sheets %v", got)
			}
		})
	}
}

// TestNewSheetFreePartOfLargeSheet: a sheet excelize keeps in a temporary
// file (larger than UnzipXMLSizeLimit), whose part is named after a higher
// id than its own, keeps its part when a sheet is added.
func TestNewSheetFreePartOfLargeSheet(t *testing.T) {
	f0 := excelize.NewFile()
	if err := f0.SetSheetName("Sheet1", "A"); err != nil {
		t.Fatal(err)
	}
	if _, err := f0.NewSheet("B"); err != nil {
		t.Fatal(err)
	}
	if err := f0.SetCellStr("B", "A1", "表B"); err != nil {
		t.Fatal(err)
	}
	buf, err := f0.WriteToBuffer()
	f0.Close()
	if err != nil {
		t.Fatal(err)
	}
	// B (id 2) in sheet3.xml: the part a new sheet (id 3) would take.
	data := renameParts(t, buf.Bytes(), map[string]string{"xl/worksheets/sheet2.xml": "xl/worksheets/sheet3.xml"})
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipXMLSizeLimit: 100, UnzipSizeLimit: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := NewSheet(f, "C"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStr("C", "A1", "表C"); err != nil {
		t.Fatal(err)
	}
	out, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	for cell, want := range map[string]string{"B!A1": "表B", "C!A1": "表C"} {
		sheet, ref, _ := strings.Cut(cell, "!")
		if got, _ := g.GetCellValue(sheet, ref); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
}

// renameParts renames parts of a zip, and their names in the
// relationships and content types.
func renameParts(t *testing.T, data []byte, rename map[string]string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		name := zf.Name
		if to, ok := rename[name]; ok {
			name = to
		}
		if strings.HasSuffix(name, ".rels") || name == "[Content_Types].xml" {
			for from, to := range rename {
				b = bytes.ReplaceAll(b, []byte(strings.TrimPrefix(from, "xl/")), []byte(strings.TrimPrefix(to, "xl/")))
			}
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
