package xlsx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

// wellFormed reports whether data is well-formed XML with one root.
func wellFormed(data []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(data))
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return depth == 0 && roots == 1
		}
		if err != nil {
			return false
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
}

// FuzzTrimRows: any worksheet XML is measured and trimmed without a panic;
// the trimmed part keeps every row up to the last value, so it measures the
// same Kept, and holds nothing below it.
func FuzzTrimRows(f *testing.F) {
	for _, s := range []string{
		`<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576" ht="12"></row></sheetData>`,
		`<x:sheetData><x:row r="2"><x:c r="B2"><x:f>1+1</x:f></x:c></x:row><x:row r="9"/></x:sheetData>`,
		`<sheetData><row><c><is><t>a &lt; b</t></is></c></row><row><c s="1"/></row></sheetData>`,
		`<sheetData><row r="3"><c r="XFD3"><v>0</v></c></row><row r="5"><c r="A5" s="2"/>`,
		`<?xml version="1.0"?><worksheet><sheetData></sheetData></worksheet>`,
		`<sheetData><row r="3"><c r="E3" t="str"><f t="shared" ref="E3:E4" si="0">ROUND(C3/B3*100,2)&amp;"%"</f><v>91.38%</v></c><c r="E4"><f t="shared" si="0"/></c></row></sheetData>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		size := scanSheet(bytes.NewReader(data), 1<<30)
		// Collecting the formulas measures the same, and keeps every
		// formula's text within its bound.
		fs := newFormulaScan()
		fs.startPart("xl/worksheets/sheet1.xml")
		if with := scanSheetFormulas(bytes.NewReader(data), 1<<30, fs); with != size {
			t.Fatalf("collecting formulas measures %+v, without %+v", with, size)
		}
		fs.endPart()
		for _, c := range fs.byPart["xl/worksheets/sheet1.xml"] {
			if len(c.Text) > maxFormulaText || len(c.Value) > maxFormulaText { // unescaping only shortens
				t.Fatalf("formula of %d bytes, result of %d kept", len(c.Text), len(c.Value))
			}
		}
		out, err := trimRows(bytes.NewReader(data), size.LastValue)
		if err != nil {
			return // a part trimRows cannot copy faithfully stays too large
		}
		if !wellFormed(data) {
			return // excelize cannot read it either: only no panic is asked
		}
		again := scanSheet(bytes.NewReader(out), 1<<30)
		if again.Kept != size.Kept || again.LastValue != size.LastValue {
			t.Fatalf("trimmed part measures %+v, the original %+v\n%q\n%q", again, size, data, out)
		}
		if again.Cells > size.Cells {
			t.Fatalf("trimming grew the part: %+v from %+v", again, size)
		}
		if again.LastValue > 0 && strings.Count(string(out), "<") > strings.Count(string(data), "<") {
			t.Fatalf("trimming added tags: %q to %q", data, out)
		}
	})
}

// TestScanSheet counts what excelize's model of a worksheet would hold, with
// and without the rows after the last value.
func TestScanSheet(t *testing.T) {
	tests := []struct {
		xml  string
		want sheetSize
	}{
		{`<sheetData><row r="1"><c r="A1"/><c r="C1"/></row><row r="2"><c r="B2"/></row></sheetData>`, sheetSize{Cells: 2 + 3 + 2}},
		{`<sheetData><row r="3"><c r="H3"><v>1</v></c></row></sheetData>`, sheetSize{Cells: 3 + 8, Kept: 3 + 8, LastValue: 3}},
		{`<x:sheetData><x:row r="1"><x:c r="XFD1" s="1"/></x:row></x:sheetData>`, sheetSize{Cells: 1 + 16384}},
		{`<sheetData><row><c/><c/></row><row><c><v>1</v></c></row></sheetData>`, sheetSize{Cells: 2 + 2 + 1, Kept: 2 + 2 + 1, LastValue: 2}},
		{`<sheetData><row r="1000"/></sheetData>`, sheetSize{Cells: 1000}},
		{`<sheetData><row r='2'><c r='D2' t="s"><v>0</v></c></row></sheetData>`, sheetSize{Cells: 2 + 4, Kept: 2 + 4, LastValue: 2}},
		{`<sheetData><row r="1"><c r="A1"><is><t>&lt;c r="XFD1"&gt;</t></is></c></row></sheetData>`, sheetSize{Cells: 1 + 1, Kept: 1 + 1, LastValue: 1}},
		// What LibreOffice writes after a row is deleted: an empty last row.
		{`<sheetData><row r="2"><c r="B2"><f>1+1</f></c></row><row r="1048576" customFormat="false"></row></sheetData>`,
			sheetSize{Cells: 2 + 1048576, Kept: 2 + 2, LastValue: 2}},
		// Styled cells without values below the table do not count in Kept.
		{`<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="900000"><c r="A900000" s="3"/></row></sheetData>`,
			sheetSize{Cells: 1 + 1 + 900000, Kept: 1 + 1, LastValue: 1}},
	}
	for _, tt := range tests {
		if got := scanSheet(strings.NewReader(tt.xml), maxSheetCells); got != tt.want {
			t.Errorf("scanSheet(%s) = %+v, want %+v", tt.xml, got, tt.want)
		}
	}
	if got := scanSheet(strings.NewReader(`<row r="1048576"><c><v>1</v></c></row><row r="1"><c r="XFD1"/></row>`), 10); got.Kept <= 10 {
		t.Errorf("scanSheet stops at %+v, want Kept past the limit 10", got)
	}
}

// TestTrimRows leaves out the rows after the last value and nothing else.
func TestTrimRows(t *testing.T) {
	tests := []struct {
		in   string
		last int
		want string
	}{
		{`<ws><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576" ht="12"></row></sheetData><sheetProtection sheet="1"/></ws>`, 1,
			`<ws><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><sheetProtection sheet="1"/></ws>`},
		{`<ws><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"/><row r="3"><c r="A3"><v>x</v></c></row><row r="5"/><row r="6"><c r="B6" s="1"/></row></sheetData></ws>`, 3,
			`<ws><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"/><row r="3"><c r="A3"><v>x</v></c></row></sheetData></ws>`},
		{"<?xml version=\"1.0\"?>\n<x:ws><x:sheetData><x:row r=\"1\"><x:c><x:is><x:t>a &lt; b</x:t></x:is></x:c></x:row><x:row r=\"9\"></x:row></x:sheetData></x:ws>", 1,
			"<?xml version=\"1.0\"?>\n<x:ws><x:sheetData><x:row r=\"1\"><x:c><x:is><x:t>a &lt; b</x:t></x:is></x:c></x:row></x:sheetData></x:ws>"},
	}
	for _, tt := range tests {
		got, err := trimRows(strings.NewReader(tt.in), tt.last)
		if err != nil || string(got) != tt.want {
			t.Errorf("trimRows(%s, %d) = %s, %v\nwant %s", tt.in, tt.last, got, err, tt.want)
		}
	}
	if _, err := trimRows(strings.NewReader(`<sheetData><row r="1"><c><v>1</v></c></row><row r="2"><c`), 1); err == nil {
		t.Errorf("trimRows of a row cut short: no error")
	}
}
