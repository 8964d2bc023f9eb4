package xlsx

import (
	"bytes"
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
