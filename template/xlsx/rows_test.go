package xlsx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template/xlsx"
)

// spliceZip is the zip writer a workbook with Rows is saved through: the
// sheet's part goes through Rows.Splice.
type spliceZip struct {
	*zip.Writer
	part string
	rows *xlsx.Rows
	buf  *bytes.Buffer
	err  error
}

func (z *spliceZip) Create(name string) (io.Writer, error) {
	z.flush()
	if name == z.part {
		z.buf = &bytes.Buffer{}
		return z.buf, nil
	}
	return z.Writer.Create(name)
}

func (z *spliceZip) flush() {
	if z.buf == nil {
		return
	}
	w, err := z.Writer.Create(z.part)
	if err == nil {
		err = z.rows.Splice(w, z.buf.Bytes())
	}
	if z.err == nil {
		z.err = err
	}
	z.buf = nil
}

func (z *spliceZip) Close() error {
	z.flush()
	if z.err != nil {
		return z.err
	}
	if z.rows.HasLinks() {
		// excelize wrote no relationships for the sheet.
		w, err := z.Writer.Create(xlsx.RelsPart(z.part))
		if err != nil {
			return err
		}
		if err := z.rows.WriteRels(w, nil); err != nil {
			return err
		}
	}
	return z.Writer.Close()
}

// TestRowsSplice: rows written to Rows read back through excelize as they
// were written, in the sheet excelize streamed without rows (its merges,
// widths and page setup kept), with the dimension they cover; text a
// reader would take for markup or an escaped character stays text.
func TestRowsSplice(t *testing.T) {
	t.Run("file", func(t *testing.T) {
		rows, err := xlsx.NewRows(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		testRowsSplice(t, rows)
	})
	t.Run("memory", func(t *testing.T) { testRowsSplice(t, xlsx.MemoryRows()) })
}

func testRowsSplice(t *testing.T, rows *xlsx.Rows) {
	defer rows.Close()
	f := excelize.NewFile()
	defer f.Close()
	style, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		t.Fatal(err)
	}
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetColWidth(1, 1, 30); err != nil {
		t.Fatal(err)
	}
	if err := sw.MergeCell("A1", "C1"); err != nil {
		t.Fatal(err)
	}
	// A data bar: its rule holds an extLst.
	if err := f.SetConditionalFormat("Sheet1", "B1:B4", []excelize.ConditionalFormatOptions{{Type: "data_bar", Criteria: "=", MinType: "min", MaxType: "max", BarColor: "#638EC6", BarBorderColor: "#000000", BarSolid: true}}); err != nil {
		t.Fatal(err)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("长", excelize.TotalCellChars+10)
	want := [][]string{
		{"标题 <b>&amp;</b>", "", ""},
		nil,
		{"12.345678901234567", "  两端有空格  ", "_x000D_ 不是回车"},
		{"第一行\n第二行", "-0.5", long[:len(strings.Repeat("长", excelize.TotalCellChars))]},
	}
	write := []struct {
		row   int
		opts  excelize.RowOpts
		cells []xlsx.RowCell
	}{
		{1, excelize.RowOpts{Height: 24}, []xlsx.RowCell{{Style: style, Value: want[0][0]}}},
		{3, excelize.RowOpts{OutlineLevel: 1}, []xlsx.RowCell{{Value: want[2][0], Number: true}, {Value: want[2][1]}, {Value: want[2][2]}}},
		{4, excelize.RowOpts{}, []xlsx.RowCell{{Value: want[3][0]}, {Value: "-0.5", Number: true}, {Style: style, Value: long}}},
	}
	for _, w := range write {
		if err := rows.Write(w.row, w.opts, w.cells); err != nil {
			t.Fatal(err)
		}
	}
	if err := rows.Write(4, excelize.RowOpts{}, nil); err == nil {
		t.Error("a row written twice was taken")
	}
	if err := rows.Write(9, excelize.RowOpts{Height: excelize.MaxRowHeight + 1}, nil); err == nil {
		t.Error("a row too high was taken")
	}
	const target = "../批注版/甲 乙&丙.审核.xlsx"
	if !rows.Link(1, 4, target) {
		t.Fatal("a link was refused")
	}
	part, err := xlsx.SheetPart(f, "Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "rows.xlsx")
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		return &spliceZip{Writer: zip.NewWriter(w), part: part, rows: rows}
	})
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}

	back, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	got, err := back.GetRows("Sheet1", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		for len(want[i]) > 0 && want[i][len(want[i])-1] == "" {
			want[i] = want[i][:len(want[i])-1]
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows read back:\n%q\nwant\n%q", got, want)
	}
	for cell, typ := range map[string]excelize.CellType{"A3": excelize.CellTypeUnset, "B4": excelize.CellTypeUnset, "B3": excelize.CellTypeInlineString} {
		if got, err := back.GetCellType("Sheet1", cell); err != nil || got != typ {
			t.Errorf("%s is of type %v (%v), want %v", cell, got, err, typ)
		}
	}
	if s, err := back.GetCellStyle("Sheet1", "C4"); err != nil || s != style {
		t.Errorf("C4's style %d (%v), want %d", s, err, style)
	}
	if h, err := back.GetRowHeight("Sheet1", 1); err != nil || h != 24 {
		t.Errorf("row 1 is %v high (%v)", h, err)
	}
	if l, err := back.GetRowOutlineLevel("Sheet1", 3); err != nil || l != 1 {
		t.Errorf("row 3's outline level %d (%v)", l, err)
	}
	if m, err := back.GetMergeCells("Sheet1"); err != nil || len(m) != 1 || m[0].GetStartAxis() != "A1" {
		t.Errorf("merges %v (%v)", m, err)
	}
	if w, err := back.GetColWidth("Sheet1", "A"); err != nil || w != 30 {
		t.Errorf("column A is %v wide (%v)", w, err)
	}
	if ok, got, err := back.GetCellHyperLink("Sheet1", "A4"); err != nil || !ok || got != target {
		t.Errorf("A4 links to %q (%v, %v), want %q", got, ok, err, target)
	}
	if ok, _, _ := back.GetCellHyperLink("Sheet1", "A3"); ok {
		t.Error("A3 links")
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	data, err := fs.ReadFile(zr, part)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte("<extLst")) {
		t.Error("the data bar wrote no extLst: the links' place is not tested beside one")
	}
	if names := topLevel(t, data); !inSchemaOrder(names) || !slices.Contains(names, "hyperlinks") {
		t.Errorf("the sheet's elements %q are not in the schema's order, or have no links", names)
	}
	if !bytes.Contains(data, []byte(`<dimension ref="A1:C4"/>`)) && !bytes.Contains(data, []byte(`<dimension ref="A1:C4">`)) {
		t.Errorf("the sheet's dimension is not A1:C4: %.400s", data)
	}
	// Spaces at either end of a text are the text's: Excel drops them
	// without xml:space="preserve".
	if !bytes.Contains(data, []byte(`<c r="B3" t="inlineStr"><is><t xml:space="preserve">  两端有空格  </t></is></c>`)) {
		t.Errorf("B3 is not an inline string keeping its spaces: %s", data)
	}
}

// topLevel lists the names of a worksheet part's children.
func topLevel(t *testing.T, part []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(part))
	var names []string
	depth := 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return names
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if depth == 1 {
				names = append(names, e.Name.Local)
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
}

// worksheetOrder is the order of a worksheet's children (CT_Worksheet).
var worksheetOrder = strings.Fields(`sheetPr dimension sheetViews sheetFormatPr cols sheetData sheetCalcPr sheetProtection
	protectedRanges scenarios autoFilter sortState dataConsolidate customSheetViews mergeCells phoneticPr conditionalFormatting
	dataValidations hyperlinks printOptions pageMargins pageSetup headerFooter rowBreaks colBreaks customProperties cellWatches
	ignoredErrors smartTags drawing legacyDrawing legacyDrawingHF drawingHF picture oleObjects controls webPublishItems tableParts extLst`)

// inSchemaOrder reports whether names follow worksheetOrder.
func inSchemaOrder(names []string) bool {
	at := 0
	for _, n := range names {
		i := slices.Index(worksheetOrder, n)
		if i < at {
			return false
		}
		at = i
	}
	return true
}

// TestRowsLimits: rows past Excel's last row, or cells past its last
// column, are refused, as excelize refuses them.
func TestRowsLimits(t *testing.T) {
	rows := xlsx.MemoryRows()
	defer rows.Close()
	if err := rows.Write(excelize.TotalRows+1, excelize.RowOpts{}, nil); !errors.Is(err, excelize.ErrMaxRows) {
		t.Errorf("row %d: %v, want ErrMaxRows", excelize.TotalRows+1, err)
	}
	if err := rows.Write(1, excelize.RowOpts{}, make([]xlsx.RowCell, excelize.MaxColumns+1)); !errors.Is(err, excelize.ErrColumnNumber) {
		t.Errorf("%d cells: %v, want ErrColumnNumber", excelize.MaxColumns+1, err)
	}
	if err := rows.Write(excelize.TotalRows, excelize.RowOpts{}, make([]xlsx.RowCell, excelize.MaxColumns)); err != nil {
		t.Errorf("the last row and column: %v", err)
	}
}

// TestRowsLinkRels: the links' relationships join those excelize wrote for
// the sheet, under ids of their own, and go before the elements the schema
// puts after them.
func TestRowsLinkRels(t *testing.T) {
	rows := xlsx.MemoryRows()
	defer rows.Close()
	if err := rows.Write(1, excelize.RowOpts{}, []xlsx.RowCell{{Value: "甲"}}); err != nil {
		t.Fatal(err)
	}
	rows.Link(1, 1, "a.xlsx")
	existing := []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"/></Relationships>`)
	var rels bytes.Buffer
	if err := rows.WriteRels(&rels, existing); err != nil {
		t.Fatal(err)
	}
	want := `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"/>` +
		`<Relationship Id="rIdLink1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="a.xlsx" TargetMode="External"/></Relationships>`
	if !strings.HasSuffix(rels.String(), want) {
		t.Errorf("relationships %s", rels.String())
	}
	if err := rows.WriteRels(io.Discard, []byte(`<Relationships><Relationship Id="rIdLink1"/></Relationships>`)); err == nil {
		t.Error("a relationship id taken twice")
	}
	// A data bar's rule holds an extLst, an element the links come before
	// only as a child of the worksheet.
	part := []byte(`<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData></sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>` +
		`<conditionalFormatting sqref="A1"><cfRule type="dataBar" priority="1"><dataBar/><extLst><ext uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}"/></extLst></cfRule></conditionalFormatting>` +
		`<pageMargins left="0.5"/><drawing r:id="rId1"/></worksheet>`)
	var out bytes.Buffer
	if err := rows.Splice(&out, part); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `</conditionalFormatting><hyperlinks><hyperlink ref="A1" r:id="rIdLink1"/></hyperlinks><pageMargins`) {
		t.Errorf("the links are not between the conditional formats and the margins: %s", out.String())
	}
}

// TestRowsSpliceRefusesRows: a part whose sheet data has rows of its own
// is not spliced into.
func TestRowsSpliceRefusesRows(t *testing.T) {
	rows, err := xlsx.NewRows(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	part := []byte(`<worksheet><sheetData><row r="1"/></sheetData></worksheet>`)
	if err := rows.Splice(io.Discard, part); err == nil {
		t.Error("spliced into a sheet with rows")
	}
}

// TestSerialDate: Excel's serial numbers of dates and times (1900 date
// system), to the second.
func TestSerialDate(t *testing.T) {
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC), "61"},
		{time.Date(2022, 1, 1, 12, 0, 0, 0, time.UTC), "44562.5"},
		{time.Date(2023, 3, 1, 9, 30, 15, 999, time.FixedZone("CST", 8*3600)), "44986.3960069444"},
	} {
		if got := xlsx.SerialDate(c.t); got != c.want {
			t.Errorf("SerialDate(%v) = %s, want %s", c.t, got, c.want)
		}
	}
}

// TestScratchLeavesNothing: a scratch file is read and written through its
// handle, and nothing is left in its folder once it is closed (on Unix,
// from the moment it is made, so that a killed run leaves nothing).
func TestScratchLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	s, err := xlsx.NewScratch(dir, "scratch-*.tmp")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.WriteString("数据"); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, len("数据"))
	if _, err := s.ReadAt(buf, 0); err != nil || string(buf) != "数据" {
		t.Errorf("read back %q (%v)", buf, err)
	}
	left := func() int {
		es, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	if runtime.GOOS == "windows" {
		// Opened to be deleted on close, it shares no open that does not
		// share deletion, as os.Open's.
		if g, err := os.Open(s.Name()); err == nil {
			g.Close()
			t.Error("the scratch file opens by its name: it is not deleted on close")
		}
	} else if left() != 0 {
		t.Error("the scratch file is in its folder while open")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if n := left(); n != 0 {
		t.Errorf("%d files left after Close", n)
	}
}

// FuzzRowsAsStreamWriter: a text written through Rows reads back, through
// excelize, as the same text written through excelize's StreamWriter, the
// writer Rows replaced in the summary (control characters, spaces at
// either end, escaped-character look-alikes, text past a cell's length).
func FuzzRowsAsStreamWriter(f *testing.F) {
	for _, s := range []string{"", "文字", "  两端有空格  ", "_x000D_", "a\x01b", "line\r\nline", "<&>\"'", "\uFFFE", strings.Repeat("长", 40000)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		read := func(data []byte) [][]string {
			t.Helper()
			back, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			defer back.Close()
			rows, err := back.GetRows("Sheet1", excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			return rows
		}
		want := func() []byte {
			f := excelize.NewFile()
			defer f.Close()
			sw, err := f.NewStreamWriter("Sheet1")
			if err != nil {
				t.Fatal(err)
			}
			if err := sw.SetRow("A1", []any{excelize.Cell{Value: text}, excelize.Cell{Value: 1.5}}); err != nil {
				t.Skip(err) // excelize refuses it: Rows need not take it
			}
			if err := sw.Flush(); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := f.Write(&buf); err != nil {
				t.Fatal(err)
			}
			return buf.Bytes()
		}()
		got := func() []byte {
			f := excelize.NewFile()
			defer f.Close()
			sw, err := f.NewStreamWriter("Sheet1")
			if err != nil {
				t.Fatal(err)
			}
			if err := sw.Flush(); err != nil {
				t.Fatal(err)
			}
			rows := xlsx.MemoryRows()
			defer rows.Close()
			if err := rows.Write(1, excelize.RowOpts{}, []xlsx.RowCell{{Value: text}, {Value: "1.5", Number: true}}); err != nil {
				t.Fatal(err)
			}
			part, err := xlsx.SheetPart(f, "Sheet1")
			if err != nil {
				t.Fatal(err)
			}
			f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
				return &spliceZip{Writer: zip.NewWriter(w), part: part, rows: rows}
			})
			var buf bytes.Buffer
			if err := f.Write(&buf); err != nil {
				t.Fatal(err)
			}
			return buf.Bytes()
		}()
		if g, w := read(got), read(want); !reflect.DeepEqual(g, w) {
			t.Errorf("read back %q, excelize's StreamWriter %q", g, w)
		}
	})
}
