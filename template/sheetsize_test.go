package template

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
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		size := scanSheet(bytes.NewReader(data), 1<<30)
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
