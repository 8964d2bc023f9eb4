package xlsx

import (
	"slices"
	"testing"
)

const scanHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">`

func TestScanSheetPart(t *testing.T) {
	plain := scanHead + `<cols><col min="2" max="3" width="9" style="7" hidden="1"/><col min="3" max="3" hidden="0"/></cols>` +
		`<sheetData><row r="1" s="4" customFormat="1"><c r="A1" s="2" t="s"><v>0</v></c><c r="B1"><f>SUM(A1:A3)&amp;"x"</f><v>1</v></c></row>` +
		`<row r="3"><c r="A3" t="str"><f>A1</f><v></v></c></row></sheetData>` +
		`<mergeCells count="1"><mergeCell ref="A3:C4"/></mergeCells>` +
		`<extLst><ext><xm:f>Sheet2!A1</xm:f></ext></extLst></worksheet>`
	s, ok := scanSheetPart([]byte(plain), true)
	if !ok {
		t.Fatal("a plain sheet was not scanned")
	}
	for _, c := range []struct{ row, col, want int }{{1, 1, 2}, {1, 2, 4}, {2, 2, 7}, {2, 1, 0}, {3, 1, 0}} {
		if got := s.Style(c.row, c.col); got != c.want {
			t.Errorf("Style(%d, %d) = %d, want %d", c.row, c.col, got, c.want)
		}
	}
	if f, ok := s.Formula(1, 2); !ok || f != `SUM(A1:A3)&"x"` {
		t.Errorf("Formula(1, 2) = %q, %v", f, ok)
	}
	if f, _ := s.Formula(4, 3); f != "A1" {
		t.Errorf("a cell under a merged range reads its first cell's formula, as excelize does; got %q", f)
	}
	if s.Type(1, 1) != "s" || s.Type(3, 2) != "str" || s.Type(2, 1) != "" {
		t.Error("types")
	}
	if !s.ColHidden(2) || s.ColHidden(3) || s.ColHidden(1) {
		t.Error("hidden columns: the last range holding a column decides")
	}
	if got := s.Merges(); !slices.Equal(got, []string{"A3:C4"}) {
		t.Errorf("Merges = %v", got)
	}

	for _, c := range []struct{ what, xml string }{
		{"a stray end tag", scanHead + `<sheetData><row r="1"></c></row></sheetData></worksheet>`},
		{"cut short", scanHead + `<sheetData><row r="1">`},
		{"rows out of order", scanHead + `<sheetData><row r="2"/><row r="1"/></sheetData></worksheet>`},
		{"a row without its number", scanHead + `<sheetData><row><c r="A1"/></row></sheetData></worksheet>`},
		{"a cell without its reference", scanHead + `<sheetData><row r="1"><c t="s"/></row></sheetData></worksheet>`},
		{"a cell of another row", scanHead + `<sheetData><row r="1"><c r="A2"/></row></sheetData></worksheet>`},
		{"overlapping merged ranges", scanHead + `<mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/></mergeCells></worksheet>`},
		{"a style that is no number", scanHead + `<sheetData><row r="1"><c r="A1" s="x"/></row></sheetData></worksheet>`},
		{"an attribute without quotes", scanHead + `<sheetData><row r=1/></sheetData></worksheet>`},
		{"an unknown entity", scanHead + `<sheetData><row r="1"><c r="A1"><f>A&nbsp;</f></c></row></sheetData></worksheet>`},
		{"invalid UTF-8", scanHead + "<sheetData><row r=\"1\"><c r=\"A1\"><f>\xff</f></c></row></sheetData></worksheet>"},
	} {
		if _, ok := scanSheetPart([]byte(c.xml), true); ok {
			t.Errorf("%s: scanned, want left to excelize", c.what)
		}
		if _, ok := scanSheetPart([]byte(c.xml), false); ok && (c.what == "a stray end tag" || c.what == "cut short") {
			t.Errorf("%s: vouched for as well-formed", c.what)
		}
	}
	shared := scanHead + `<sheetData><row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="0">B1</f></c></row><row r="2"><c r="A2"><f t="shared" si="0"/></c></row></sheetData></worksheet>`
	s, ok = scanSheetPart([]byte(shared), true)
	if !ok {
		t.Fatal("a sheet with a shared formula was not scanned")
	}
	if _, ok := s.Formula(2, 1); ok {
		t.Error("a shared formula's cell is answered, want left to excelize, which translates it")
	}
}

// FuzzScanSheetPart: the scan of any bytes ends without panic, and the two
// modes agree on what they vouch for.
func FuzzScanSheetPart(f *testing.F) {
	f.Add([]byte(scanHead + `<sheetData><row r="1"><c r="A1" s="1" t="s"><v>0</v></c></row></sheetData><mergeCells><mergeCell ref="A1:B1"/></mergeCells></worksheet>`))
	f.Add([]byte(scanHead + `<cols><col min="1" max="2" hidden="1"/></cols><sheetData><row r="1"><c r="A1"><f t="shared" si="0" ref="A1:A2">B1</f></c></row></sheetData></worksheet>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, ok := scanSheetPart(data, true)
		if ok {
			s.Style(1, 1)
			s.Type(1, 1)
			s.Formula(1, 1)
			s.ColHidden(1)
			s.Merges()
			if _, wf := scanSheetPart(data, false); !wf {
				t.Fatal("scanned with collection, not vouched for without")
			}
		}
	})
}
