package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

// bookPackage returns an .xlsx package of one sheet, Data, with the given
// worksheet, shared strings and styles parts ("" leaves the part out).
func bookPackage(t testing.TB, sheet, sst, styles string) []byte {
	t.Helper()
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<workbookPr date1904="1"/><sheets><sheet name="Data" sheetId="1" r:id="rId1"/><sheet name="隐藏" sheetId="2" state="hidden" r:id="rId4"/></sheets>` +
			`<definedNames><definedName name="全局">Data!$B$2</definedName><definedName name="局部" localSheetId="1">'隐藏'!$A$1</definedName></definedNames></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", sheet},
		{"xl/worksheets/sheet2.xml", scanHead + `<sheetData><row r="1"><c r="A1"><v>7</v></c></row></sheetData></worksheet>`},
		{"xl/sharedStrings.xml", sst},
		{"xl/styles.xml", styles},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		if p.body == "" {
			continue
		}
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const (
	sstHead    = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
	stylesHead = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
	bookSST    = sstHead + `<si><t>部门名称</t></si><si><t xml:space="preserve"> 空格 </t></si><si><r><rPr><b/></rPr><t>加</t></r><r><t>粗</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si><si><t>A&amp;B</t></si><si><t/></si></sst>`
	testStyles = stylesHead + `<numFmts count="6"><numFmt numFmtId="176" formatCode="0.00%"/><numFmt numFmtId="14" formatCode="yyyy&quot;年&quot;"/>` +
		`<numFmt numFmtId="5" formatCode="&quot;¥&quot;#,##0"/><numFmt numFmtId="23" formatCode="yyyy-mm"/><numFmt numFmtId="63" formatCode="0.0%"/><numFmt numFmtId="176" formatCode="0.000%"/></numFmts>` +
		`<cellStyleXfs count="1"><xf numFmtId="176"/></cellStyleXfs><cellXfs count="9"><xf/><xf numFmtId="176"/><xf numFmtId="14"/><xf numFmtId="200"/>` +
		`<xf numFmtId="5"/><xf numFmtId="23"/><xf numFmtId="63"/><xf numFmtId="58"/><xf numFmtId="7"/></cellXfs></styleSheet>`
	bookSheet = `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>2</v></c></row>` +
		`<row r="3" hidden="1"><c r="B3" s="1"><v>0.5</v></c><c r="C3" t="str"><f>A1</f><v></v></c><c r="D3" t="b"><v>1</v></c><c r="E3" t="e"><v>#DIV/0!</v></c></row>` +
		`<row r="4"><c r="A4" t="inlineStr"><is><t>内联</t></is></c><c r="B4" t="s"><v> 3 </v></c><c r="C4" t="s"><v>1</v></c><c r="F4" t="s"><v>4</v></c></row></sheetData></worksheet>`
)

// TestBookReadsAsExcelize opens a small workbook as a Book and requires what
// excelize reads of it: the sheets, defined names, date system, each row's
// raw values and hidden rows, and each style's number format.
func TestBookReadsAsExcelize(t *testing.T) {
	data := bookPackage(t, scanHead+bookSheet, bookSST, testStyles)
	w, err := OpenWorkbook(data)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	b := w.Book()
	if b == nil {
		t.Fatal("a plain workbook was not read as a book")
	}
	f, err := w.Excel()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(b.Sheets, f.GetSheetList()) {
		t.Errorf("sheets %v, excelize %v", b.Sheets, f.GetSheetList())
	}
	if got, want := b.Defined, f.GetDefinedName(); !reflect.DeepEqual(got, want) {
		t.Errorf("defined names %+v, excelize %+v", got, want)
	}
	if props, err := f.GetWorkbookProps(); err != nil || props.Date1904 == nil || *props.Date1904 != b.Date1904 {
		t.Errorf("date1904 %v, excelize %+v", b.Date1904, props)
	}
	want, err := f.GetRows("Data", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	got := b.Sheet("Data").Rows()
	if !reflect.DeepEqual(nonNil(got), nonNil(want)) {
		t.Errorf("rows\n got %q\nwant %q", got, want)
	}
	if !b.Sheet("Data").RowHidden(3) || b.Sheet("Data").RowHidden(1) {
		t.Error("hidden rows")
	}
	for idx := range 10 {
		id, custom, ok := b.NumFmt(idx)
		st, err := f.GetStyle(idx)
		if (err == nil) != ok {
			t.Errorf("style %d: ok %v, excelize %v", idx, ok, err)
			continue
		}
		if err != nil {
			continue
		}
		if id != st.NumFmt || (custom == nil) != (st.CustomNumFmt == nil) || custom != nil && *custom != *st.CustomNumFmt {
			t.Errorf("style %d: %d %v, excelize %d %v", idx, id, custom, st.NumFmt, st.CustomNumFmt)
		}
	}
}

// nonNil makes an empty row of either reader compare equal, and drops the
// empty rows at the end, which excelize's GetRows leaves out and its row
// reader (and so Rows) gives.
func nonNil(rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = append([]string{}, r...)
	}
	for len(out) > 0 && len(out[len(out)-1]) == 0 {
		out = out[:len(out)-1]
	}
	return out
}

// TestBookLeavesToExcelize: a workbook with something the one pass cannot
// vouch for is opened by excelize, as before.
func TestBookLeavesToExcelize(t *testing.T) {
	for _, c := range []struct {
		what, sheet, sst, styles string
		refused                  bool // excelize refuses it, as before
	}{
		{"a shared string index out of range", scanHead + `<sheetData><row r="1"><c r="A1" t="s"><v>9</v></c></row></sheetData></worksheet>`, bookSST, testStyles, false},
		{"an item with two texts", scanHead + bookSheet, sstHead + `<si><t>a</t><t>b</t></si></sst>`, testStyles, false},
		{"an escaped character", scanHead + bookSheet, sstHead + `<si><t>a_x000D_b</t></si><si><t/></si><si><t/></si><si><t/></si><si><t/></si></sst>`, testStyles, false},
		{"styles cut short", scanHead + bookSheet, bookSST, stylesHead + `<cellXfs>`, true},
		{"a value with markup", scanHead + `<sheetData><row r="1"><c r="A1"><v>1<b/></v></c></row></sheetData></worksheet>`, bookSST, testStyles, false},
		{"two values", scanHead + `<sheetData><row r="1"><c r="A1"><v>1</v><v>2</v></c></row></sheetData></worksheet>`, bookSST, testStyles, false},
	} {
		w, err := OpenWorkbook(bookPackage(t, c.sheet, c.sst, c.styles))
		var ue *UnreadableError
		switch {
		case c.refused && errors.As(err, &ue):
			continue
		case c.refused || err != nil:
			t.Errorf("%s: opened with %v, want refused: %v", c.what, err, c.refused)
			continue
		}
		if w.Book() != nil {
			t.Errorf("%s: read as a book, want left to excelize", c.what)
		}
		if w.file == nil {
			t.Errorf("%s: excelize did not open it", c.what)
		}
		w.Close()
	}
}

// FuzzBookRows holds the one pass to excelize on any worksheet: when it
// reads the sheet as a book, its rows are excelize's.
func FuzzBookRows(f *testing.F) {
	f.Add([]byte(bookSheet))
	f.Add([]byte(`<sheetData><row r="2"><c r="B2" t="str"><f>1+1</f><v>2</v></c><c r="D2"><f>B2</f></c></row></sheetData></worksheet>`))
	f.Add([]byte(`<sheetData><row r="1" hidden="true"><c r="A1" t="inlineStr"><is><r><t>a</t></r><t>b</t></is></c></row></sheetData></worksheet>`))
	f.Fuzz(func(t *testing.T, sheet []byte) {
		data := bookPackage(t, scanHead+string(sheet), bookSST, testStyles)
		w, err := OpenWorkbook(data)
		if err != nil || w.Book() == nil {
			return
		}
		defer w.Close()
		x, err := w.Excel()
		if err != nil {
			return // the annotated copy reports it
		}
		want, err := x.GetRows("Data", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("read as a book, excelize fails: %v", err)
		}
		if got := w.Book().Sheet("Data").Rows(); !reflect.DeepEqual(nonNil(got), nonNil(want)) {
			t.Fatalf("rows\n got %q\nwant %q", got, want)
		}
	})
}

// TestBookExcelRefuses: a part the one pass does not read but excelize
// parses on opening (a font size that is no number) leaves the book
// readable and makes Excel an *UnreadableError, for the caller to return
// the workbook as unreadable when it writes the annotated copy.
func TestBookExcelRefuses(t *testing.T) {
	styles := stylesHead + `<fonts count="1"><font><sz val="大"/></font></fonts><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>`
	w, err := OpenWorkbook(bookPackage(t, scanHead+bookSheet, bookSST, styles))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if w.Book() == nil {
		t.Fatal("a workbook with a damaged font size was not read as a book: the case this test holds is gone")
	}
	_, err = w.Excel()
	var ue *UnreadableError
	if !errors.As(err, &ue) || ue.Code != "not_xlsx" || ue.Reason == "" {
		t.Fatalf("Excel() = %v, want an *UnreadableError", err)
	}
	t.Log(ue.Reason)
}
