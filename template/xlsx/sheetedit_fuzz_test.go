package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template/xlsx/xlsxtest"
)

// fuzzSheet and fuzzPart are the sheet FuzzSheetsAsExcelize changes and
// the part it puts in its place.
const (
	fuzzSheet = "Sheet1"
	fuzzPart  = "xl/worksheets/sheet1.xml"
)

// fuzzSheetHead opens the hand-written seed parts.
const fuzzSheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`

// fuzzSheetSeeds are hand-written worksheet parts in the shapes Sheets
// edits in place: merges, column ranges, breaks of the sheet's own, a
// namespace prefix, self-closing rows and cells, formulas, row and column
// styles, a sheetPr with and without pageSetUpPr. None has a
// legacyDrawing: the package around it holds no comments.
var fuzzSheetSeeds = []string{
	fuzzSheetHead + `<dimension ref="A1:D5"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>` +
		`<cols><col min="1" max="3" width="12" customWidth="1"/><col min="5" max="8" width="20" style="2" customWidth="1"/></cols>` +
		`<sheetData><row r="1" ht="30" customHeight="1"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1" s="1"/><c r="C1"><v>3.5</v></c></row>` +
		`<row r="3" s="4" customFormat="1"><c r="B3" t="inlineStr"><is><t>内联</t></is></c></row><row r="5"/></sheetData>` +
		`<mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="C3:D4"/></mergeCells>` +
		`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="portrait"/></worksheet>`,
	`<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<x:sheetPr><x:tabColor rgb="FFFF0000"/><x:outlinePr summaryBelow="0"/></x:sheetPr><x:cols><x:col min="2" max="4" width="9" customWidth="1"/></x:cols>` +
		`<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c><x:c r="B1"><x:f>1+1</x:f><x:v>2</x:v></x:c><x:c r="C1" s="3"/></x:row>` +
		`<x:row r="2"/><x:row r="4" ht="21" customHeight="1"><x:c r="D4" t="s"><x:v>1</x:v></x:c></x:row></x:sheetData>` +
		`<x:mergeCells count="1"><x:mergeCell ref="A4:B5"/></x:mergeCells><x:printOptions gridLines="1"/>` +
		`<x:pageMargins left="0.5" right="0.5" top="1" bottom="1" header="0.5" footer="0.5"/></x:worksheet>`,
	fuzzSheetHead + `<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="8"><c r="A8"><v>8</v></c></row></sheetData>` +
		`<rowBreaks count="1" manualBreakCount="1"><brk id="4" max="16383" man="1"/></rowBreaks></worksheet>`,
	fuzzSheetHead + `<sheetPr filterMode="0"><pageSetUpPr fitToPage="1"/></sheetPr><sheetData>` +
		`<row r="2"><c r="A2"><v>2</v></c><c r="C2"><f>A2*2</f><v>4</v></c></row>` +
		`<row r="3"><c r="A3"><v>3</v></c><c r="C3"><f t="shared" ref="C3:C4" si="0">A3*2</f><v>6</v></c></row>` +
		`<row r="4"><c r="A4"><v>4</v></c><c r="C4"><f t="shared" si="0"/><v>8</v></c></row></sheetData>` +
		`<pageSetup orientation="landscape" fitToHeight="0"/></worksheet>`,
	fuzzSheetHead + `<sheetPr codeName="表"/><sheetFormatPr defaultRowHeight="13.5" customHeight="1"/><cols><col min="1" max="1" style="5" width="8"/><col min="3" max="3" hidden="1" width="4"/></cols>` +
		`<sheetData/><printOptions horizontalCentered="1"/><pageSetup paperSize="8"/></worksheet>`,
	fuzzSheetHead + `<sheetData><row r="1" s="6" customFormat="1"/><row r="2" hidden="1"><c r="A2" t="str"><v>文本</v></c><c r="B2" t="b"><v>1</v></c><c r="C2" t="e"><v>#N/A</v></c></row>` +
		`<row r="3"><c r="A3" s="2"></c><c r="B3" t="s"><v>2</v></c></row></sheetData></worksheet>`,
	fuzzSheetHead + `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
		`<sheetData><row r="1" spans="1:3"><c r="A1" t="s"><v>3</v></c><c r="C1" t="s"><v>4</v></c></row></sheetData>` +
		`<autoFilter ref="A1:C1"/><mergeCells count="1"><mergeCell ref="A5:C5"/></mergeCells>` +
		`<dataValidations count="1"><dataValidation type="list" sqref="B2:B9"><formula1>"是,否"</formula1></dataValidation></dataValidations>` +
		`<headerFooter><oddFooter>第 &amp;P 页</oddFooter></headerFooter><colBreaks count="1" manualBreakCount="1"><brk id="2" max="1048575" man="1"/></colBreaks></worksheet>`,
}

// fuzzBigRow finds a row number of four digits or more: the sheet scan
// keeps one slice per row up to the last, and Describe reads every row.
var fuzzBigRow = regexp.MustCompile(`\br="\s*[A-Z]*0*[1-9][0-9]{3}`)

// FuzzSheetsAsExcelize: a script of changes made through Sheets, in the
// sheet's part, leaves the same workbook as the script made through
// excelize, for any worksheet part in the plain shape: no panic, the same
// errors, the same lookups after the changes, a copy excelize opens, and
// the same xlsxtest.Describe (TestSheetsAsExcelize for fuzzed parts). The
// integers choose the script's cells, rows, columns, widths, heights and
// styles, which of its steps run and in what order; text is what it
// writes into a cell.
func FuzzSheetsAsExcelize(f *testing.F) {
	baseZip := fuzzSheetsBase(f)
	base, err := zip.NewReader(bytes.NewReader(baseZip), int64(len(baseZip)))
	if err != nil {
		f.Fatal(err)
	}
	var samples []string
	paths, _ := filepath.Glob("../../samples/*.xlsx")
	projects, _ := filepath.Glob("../../samples/project/*.xlsx")
	for _, path := range append(paths, projects...) {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range storedParts(f, data) {
			// The small sheets, and the seed form's largest two: a large
			// part is slow to mutate.
			big := len(p.data) > 8<<10 && !(strings.HasSuffix(path, "nanchang-2022.xlsx") && (strings.HasSuffix(p.name, "/sheet1.xml") || strings.HasSuffix(p.name, "/sheet5.xml")))
			if strings.HasPrefix(p.name, "xl/worksheets/sheet") && !big && !slices.Contains(samples, string(p.data)) {
				samples = append(samples, string(p.data))
			}
		}
	}
	if len(samples) < 10 {
		f.Fatalf("sample sheets not found: %d", len(samples))
	}
	for i, part := range append(slices.Clone(fuzzSheetSeeds), samples...) {
		f.Add([]byte(part), uint8(i), uint8(i*7), uint8(i+2), uint8(i*3+1), uint8(40+i), uint8(0), uint16(0xFFFF), "复核 <&> \"引号\"  ")
	}
	for i, part := range fuzzSheetSeeds {
		f.Add([]byte(part), uint8(2), uint8(1), uint8(0), uint8(3), uint8(255-i), uint8(i*37), uint16(0x5A5A>>i), "_x000D_\t换行\n")
	}

	f.Fuzz(func(t *testing.T, part []byte, r1, c1, r2, c2, w, order uint8, mask uint16, text string) {
		if len(part) > 64<<10 || fuzzBigRow.Match(part) {
			return
		}
		data, err := fuzzWithPart(base, part)
		if err != nil {
			t.Fatal(err)
		}
		wb, err := OpenWorkbook(data)
		if err != nil {
			return
		}
		defer wb.Close()
		if wb.Book() == nil || len(wb.trimmed) > 0 {
			return // Sheets is excelize for it
		}
		scan := wb.Book().Sheet(fuzzSheet)
		if scan == nil {
			return
		}
		rows := scan.Rows()
		lastRow, lastCol := len(rows), 1
		for _, r := range rows {
			lastCol = max(lastCol, len(r))
		}
		if lastRow > 120 || lastCol > 30 {
			return // slow to describe
		}
		for _, m := range scan.merges {
			if m.row2 > 1000 || m.col2 > 100 {
				return // MergeCell clears cell by cell
			}
		}
		ref, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		defer ref.Close()
		if _, err := ref.GetSheetProps(fuzzSheet); err != nil {
			return // excelize refuses the sheet
		}
		xf, err := wb.Excel()
		if err != nil {
			return
		}
		fill := &excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}}
		style, err := ref.NewStyle(fill)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := xf.NewStyle(fill); err != nil || got != style {
			t.Fatalf("style %d (%v), want %d", got, err, style)
		}
		k := fuzzKnobs{r1: r1, c1: c1, r2: r2, c2: c2, w: w, order: order, mask: mask, text: text,
			style: style, lastRow: lastRow, lastCol: lastCol}

		// excelize's own panics on a part it reads are not what this
		// target looks for.
		var want []string
		if !func() (ok bool) {
			defer func() {
				if r := recover(); r != nil {
					ok = false
				}
			}()
			ops := excelOps{ref}
			want = fuzzScript(ops, ops.clear, k)
			want = append(want, fuzzReads(ops, fuzzLookups{
				value: func(cell string) (string, error) {
					return ref.GetCellValue(fuzzSheet, cell, excelize.Options{RawCellValue: true})
				},
				merges: func() ([]excelize.MergeCell, error) { return ref.GetMergeCells(fuzzSheet, true) },
				orientation: func() (string, error) {
					page, err := ref.GetPageLayout(fuzzSheet)
					if err != nil || page.Orientation == nil {
						return "portrait", err
					}
					return *page.Orientation, nil
				},
			}, k)...)
			return true
		}() {
			return
		}
		if fuzzCrossingMerges(ref) {
			return
		}
		ed := NewSheets(xf, wb.Book())
		wasDirect := ed.Direct(fuzzSheet)
		got := fuzzScript(ed, ed.ClearCell, k)
		got = append(got, fuzzReads(ed, fuzzLookups{
			value:       func(cell string) (string, error) { return ed.GetCellValue(fuzzSheet, cell) },
			merges:      func() ([]excelize.MergeCell, error) { return ed.GetMergeCells(fuzzSheet) },
			orientation: func() (string, error) { return ed.Orientation(fuzzSheet) },
		}, k)...)
		direct := wasDirect && ed.Direct(fuzzSheet)
		if !slices.Equal(got, want) {
			t.Fatalf("errors or lookups differ from excelize's (direct %v):\n%s", direct, firstDiff(got, want))
		}
		if err := ed.Flush(); err != nil {
			t.Fatalf("Flush: %v (direct %v)", err, direct)
		}
		dir := t.TempDir()
		save := func(f *excelize.File, name string) string {
			p := filepath.Join(dir, name)
			if err := f.SaveAs(p); err != nil {
				t.Fatal(err)
			}
			return p
		}
		norm := func(desc string) string {
			if !fuzzHasFormatPr.Match(part) {
				// excelize writes a sheet without a sheetFormatPr with
				// one, of the defaults that the sheet has without
				// (TestSheetsAsExcelize).
				desc = dropLines(desc, "props ")
			}
			return fuzzTrailingRows(desc)
		}
		wantDesc, err := fuzzDescribe(t, save(ref, "excelize.xlsx"))
		if err != nil {
			return // excelize's own copy does not read back
		}
		copyPath := save(xf, "sheets.xlsx")
		gotDesc, err := fuzzDescribe(t, copyPath)
		if err != nil {
			t.Fatalf("the copy does not read back where excelize's does (direct %v): %v", direct, err)
		}
		if direct {
			v, _ := xf.Pkg.Load(fuzzPart)
			out, _ := v.([]byte)
			if msg := fuzzPlainShape(out); msg != "" {
				t.Fatalf("the part Sheets wrote %s:\n%s", msg, out)
			}
		}
		// Sheets places a sheet's comment boxes by its row heights and
		// column widths as written, excelize by those at the time of
		// each AddComment: they agree unless the sizes change after.
		if boxes, want := commentAnchors(t, copyPath), commentAnchors(t, filepath.Join(dir, "excelize.xlsx")); !slices.Equal(boxes, want) && !(direct && resizedAfterComment(got)) {
			t.Fatalf("comment boxes %q, excelize's %q (direct %v)", boxes, want, direct)
		}
		gotDesc, wantDesc = norm(gotDesc), norm(wantDesc)
		if gotDesc != wantDesc {
			first := firstDiff(strings.Split(gotDesc, "\n"), strings.Split(wantDesc, "\n"))
			if !fuzzExcelizeRewrites(t, data, dir, norm) {
				t.Fatalf("the workbook differs from excelize's (direct %v):\n%s", direct, first)
			}
			// The part holds what excelize, reading it and writing it
			// back unchanged, changes where Describe sees it (an
			// attribute the schema does not name, which excelize drops;
			// an empty <c>, which its writer drops, and Describe lists
			// the columns up to the last <c>): Sheets keeps it, as it
			// keeps all it does not change. Both copies are compared
			// as excelize writes them back; what is in the part beyond
			// excelize's model, fuzzPlainShape checked.
			var backs [2]string
			for i, p := range []string{copyPath, filepath.Join(dir, "excelize.xlsx")} {
				back, err := fuzzRoundTrip(p, filepath.Join(dir, fmt.Sprintf("back%d.xlsx", i)))
				if err != nil {
					t.Fatalf("excelize does not write back %s (direct %v): %v", p, direct, err)
				}
				desc, err := fuzzDescribe(t, back)
				if err != nil {
					t.Fatalf("%s written back by excelize does not read back (direct %v): %v", p, direct, err)
				}
				backs[i] = norm(desc)
			}
			if backs[0] != backs[1] {
				t.Fatalf("the workbook differs from excelize's (direct %v):\n%s\nwritten back by excelize:\n%s", direct, first,
					firstDiff(strings.Split(backs[0], "\n"), strings.Split(backs[1], "\n")))
			}
		}
	})
}

// fuzzRoundTrip has excelize read the sheet of the workbook at src and
// write the workbook to dst.
func fuzzRoundTrip(src, dst string) (string, error) {
	f, err := excelize.OpenFile(src)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := f.GetSheetProps(fuzzSheet); err != nil {
		return "", err
	}
	return dst, f.SaveAs(dst)
}

// fuzzExcelizeRewrites reports whether excelize, reading the sheet of the
// workbook data and writing it back unchanged, changes what Describe
// finds in it, norm applied.
func fuzzExcelizeRewrites(t testing.TB, data []byte, dir string, norm func(string) string) bool {
	orig := filepath.Join(dir, "orig.xlsx")
	if err := os.WriteFile(orig, data, 0o600); err != nil {
		t.Fatal(err)
	}
	back, err := fuzzRoundTrip(orig, filepath.Join(dir, "orig-back.xlsx"))
	if err != nil {
		return false
	}
	a, err1 := fuzzDescribe(t, orig)
	b, err2 := fuzzDescribe(t, back)
	return err1 != nil || err2 != nil || norm(a) != norm(b)
}

// fuzzPlainShape says what is wrong with a part Sheets wrote, or "": it
// must be in the plain shape the sheet scan vouches for (well-formed,
// rows and cells in order, merged ranges apart), as the part it changed
// was, and its elements in the schema's order, which excelize does not
// check when it reads a part but Excel does.
func fuzzPlainShape(part []byte) string {
	if _, ok := scanSheetPart(part, true); !ok {
		return "is not in the plain shape"
	}
	d := xml.NewDecoder(bytes.NewReader(part))
	depth, rank := 0, 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "is not well-formed: " + err.Error()
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 2 {
				i := slices.Index(worksheetOrder, tok.Name.Local)
				if i < rank {
					return "has " + tok.Name.Local + " out of the schema's order"
				}
				rank = i
			}
		case xml.EndElement:
			depth--
		}
	}
	return ""
}

// fuzzCrossingMerges reports whether two of the sheet's merged ranges
// overlap after excelize's MergeCell. excelize joins two ranges only when
// a corner of one lies in the other (isOverlap), so a tall range crossing
// a wide one, C4:D10 over B8:G8, stays two overlapping ranges, which Excel
// reports as damaged content. Sheets does as excelize does (overlaps);
// such a script is left out, a damaged result not being worth comparing
// (annotate keeps its title clear of such ranges, mergeCrosses).
func fuzzCrossingMerges(f *excelize.File) bool {
	ms, err := f.GetMergeCells(fuzzSheet, true)
	if err != nil {
		return false
	}
	var rects [][4]int
	for _, m := range ms {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			return false
		}
		for _, o := range rects {
			if c1 <= o[2] && o[0] <= c2 && r1 <= o[3] && o[1] <= r2 {
				return true
			}
		}
		rects = append(rects, [4]int{c1, r1, c2, r2})
	}
	return false
}

// fuzzTrailingRows makes the last two rows Describe lists of each sheet,
// the two after the last row with a value, read visible. excelize's
// GetRowVisible answers false for a row after the sheet's last <row>
// element, a row no reader sees hidden, and which copy has more empty
// rows at the end differs: excelize's getters and setters add a row of
// the default height, which its writer keeps, for each row they look at
// on a sheet whose sheetFormatPr has customHeight (prepareSheetXML),
// Sheets adds none.
func fuzzTrailingRows(desc string) string {
	lines := strings.Split(desc, "\n")
	var rows []int
	flush := func() {
		for _, i := range rows[max(0, len(rows)-2):] {
			lines[i] = strings.Replace(lines[i], " visible false", " visible true", 1)
		}
		rows = rows[:0]
	}
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "== "):
			flush()
		case strings.HasPrefix(l, "row "):
			rows = append(rows, i)
		}
	}
	flush()
	return strings.Join(lines, "\n")
}

// fuzzHasFormatPr finds a part's sheetFormatPr, in any namespace prefix.
var fuzzHasFormatPr = regexp.MustCompile(`<(?:[\w.-]+:)?sheetFormatPr[\s/>]`)

// fuzzSheetsBase returns excelize's new workbook as a zip, with the
// styles of the seed form and 300 shared strings, so that the sample
// parts' style ids and shared string indices resolve.
func fuzzSheetsBase(t testing.TB) []byte {
	t.Helper()
	nf := excelize.NewFile()
	defer nf.Close()
	buf, err := nf.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, p := range storedParts(t, buf.Bytes()) {
		parts[p.name] = string(p.data)
	}
	form, err := os.ReadFile("../../samples/nanchang-2022.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range storedParts(t, form) {
		if p.name == "xl/styles.xml" {
			parts[p.name] = string(p.data)
		}
	}
	var sst strings.Builder
	sst.WriteString(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="300" uniqueCount="300">`)
	for i := range 300 {
		switch i % 7 {
		case 3:
			fmt.Fprintf(&sst, `<si><t xml:space="preserve"> 带空格 %d &amp; </t></si>`, i)
		case 5:
			fmt.Fprintf(&sst, `<si><r><t>富</t></r><r><rPr><b/></rPr><t>文本%d</t></r></si>`, i)
		default:
			fmt.Fprintf(&sst, `<si><t>文本%d</t></si>`, i)
		}
	}
	sst.WriteString(`</sst>`)
	parts[sharedStringsPart] = sst.String()
	if !strings.Contains(parts[contentTypesPart], "sharedStrings") {
		parts[contentTypesPart] = strings.Replace(parts[contentTypesPart], "</Types>",
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`, 1)
		parts["xl/_rels/workbook.xml.rels"] = strings.Replace(parts["xl/_rels/workbook.xml.rels"], "</Relationships>",
			`<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`, 1)
	}
	if _, ok := parts[fuzzPart]; !ok {
		t.Fatalf("no %s in a new workbook", fuzzPart)
	}
	return zipOf(t, parts)
}

// fuzzWithPart returns the workbook base with part as its sheet's part,
// copying the other parts as they are compressed.
func fuzzWithPart(base *zip.Reader, part []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range base.File {
		if zf.Name != fuzzPart {
			if err := zw.Copy(zf); err != nil {
				return nil, err
			}
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: fuzzPart, Method: zip.Store})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(part); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// fuzzKnobs is what the fuzzer chooses of the script, and the sheet's
// extent it is scaled to.
type fuzzKnobs struct {
	r1, c1, r2, c2, w, order uint8
	mask                     uint16
	text                     string
	style                    int // the style both workbooks added
	lastRow, lastCol         int
}

func (k fuzzKnobs) row(x uint8) int { return 1 + int(x)%(k.lastRow+4) }
func (k fuzzKnobs) col(x uint8) int { return 1 + int(x)%(k.lastCol+4) }

func (k fuzzKnobs) cell(c, r int) string {
	n, _ := excelize.CoordinatesToCellName(c, r)
	return n
}

func (k fuzzKnobs) colName(c int) string {
	n, _ := excelize.ColumnNumberToName(c)
	return n
}

// fuzzScript runs up to 16 changes on the sheet, those mask chooses, in
// the order order chooses (start and an odd step through the 16), and
// returns each change's error.
func fuzzScript(ops sheetOps, clear func(sheet, cell string) error, k fuzzKnobs) []string {
	const s = fuzzSheet
	a, z := k.cell(k.col(k.c1), k.row(k.r1)), k.cell(k.col(k.c2), k.row(k.r2))
	w := k.w
	width := float64(w) / 2
	switch w {
	case 255:
		width = excelize.MaxColumnWidth + 1
	case 254:
		width = -1
	}
	height := float64(w) / 4
	switch w {
	case 255:
		height = excelize.MaxRowHeight + 1
	case 254:
		height = -1
	}
	// Mostly changes Sheets makes in the part; now and then one it hands
	// to excelize (a style the workbook lacks, a number it does not
	// write, a break off column A, fit to page off).
	styles := []int{k.style, 0, 3, k.style, 5, 0, k.style, 999}
	numbers := []string{"0.9512", "-12", "", "007", "-0.50", "3", "0", "12345678901234567890", "-0", "0.10", "abc", "1e5"}
	yes, no := true, false
	steps := []struct {
		name string
		do   func() error
	}{
		{"width", func() error { return ops.SetColWidth(s, k.colName(k.col(k.c1)), k.colName(k.col(k.c2)), width) }},
		{"str", func() error { return ops.SetCellStr(s, a, k.text) }},
		{"default", func() error {
			return ops.SetCellDefault(s, k.cell(k.col(k.c2), k.row(k.r1)), numbers[int(w)%len(numbers)])
		}},
		{"clear", func() error { return clear(s, k.cell(k.col(k.c1), k.row(k.r2))) }},
		{"style", func() error { return ops.SetCellStyle(s, a, z, styles[int(w)%len(styles)]) }},
		{"height", func() error { return ops.SetRowHeight(s, k.row(k.r2), height) }},
		{"merge", func() error { return ops.MergeCell(s, a, z) }},
		{"layout", func() error {
			size, one, zero := int(w)%12, 1, 0
			orient := []string{"portrait", "landscape"}[w&1]
			opts := &excelize.PageLayoutOptions{Size: &size, Orientation: &orient}
			if w&2 != 0 {
				opts.FitToWidth, opts.FitToHeight = &one, &zero
			}
			return ops.SetPageLayout(s, opts)
		}},
		{"props", func() error {
			fit := w%16 != 0
			return ops.SetSheetProps(s, &excelize.SheetPropsOptions{FitToPage: &fit})
		}},
		{"margins", func() error {
			side, tb := float64(w%8)/8, 0.5
			opts := &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side, Top: &tb}
			if w&8 != 0 {
				opts.Horizontally, opts.Vertically = &yes, &no
			}
			return ops.SetPageMargins(s, opts)
		}},
		{"insert break", func() error {
			c := 1
			if w%16 == 15 {
				c = k.col(k.c1)
			}
			return ops.InsertPageBreak(s, k.cell(c, k.row(k.r1)))
		}},
		{"remove break", func() error { return ops.RemovePageBreak(s, k.cell(1, k.row(k.r2))) }},
		{"add comment", func() error {
			// A box as tall as w says, up to some 40 default rows: where
			// it ends depends on the heights of the rows below its cell.
			return ops.AddComment(s, excelize.Comment{Cell: z, Author: "市财政局", Height: uint(k.w) * 3, Paragraph: []excelize.RichTextRun{{Text: "市财政局：\n"}, {Text: k.text}}})
		}},
		{"delete comment", func() error { return ops.DeleteComment(s, a) }},
		{"str after", func() error { return ops.SetCellStr(s, z, "审核意见（共 2 条）") }},
		{"row style", func() error {
			r := k.row(k.r2)
			return ops.SetCellStyle(s, k.cell(1, r), k.cell(k.lastCol, r), k.style)
		}},
	}
	start, step := int(k.order&15), 2*int(k.order>>4)+1
	var out []string
	for j := range len(steps) {
		i := (start + j*step) % len(steps)
		if k.mask&(1<<i) == 0 {
			continue
		}
		err := steps[i].do()
		out = append(out, fmt.Sprintf("%s: %v", steps[i].name, err))
	}
	return out
}

// resizedAfterComment reports whether a script's steps (fuzzScript) set a
// row height, a column width or the sheet's default sizes after adding a
// comment.
func resizedAfterComment(steps []string) bool {
	commented := false
	for _, st := range steps {
		name, result, _ := strings.Cut(st, ": ")
		switch {
		case name == "add comment" && result == "<nil>":
			commented = true
		case commented && result == "<nil>" && (name == "width" || name == "height" || name == "props"):
			return true
		}
	}
	return false
}

// fuzzLookups are the lookups of Sheets whose excelize counterparts have
// other signatures.
type fuzzLookups struct {
	value       func(cell string) (string, error)
	merges      func() ([]excelize.MergeCell, error)
	orientation func() (string, error)
}

// fuzzReads returns what the lookups answer after the script, over the
// sheet and a margin beyond it.
func fuzzReads(ops sheetOps, look fuzzLookups, k fuzzKnobs) []string {
	var out []string
	ms, err := look.merges()
	var refs []string
	for _, m := range ms {
		refs = append(refs, m[0])
	}
	out = append(out, fmt.Sprintf("merges %v %v", refs, err))
	o, err := look.orientation()
	out = append(out, fmt.Sprintf("orientation %s %v", o, err))
	for r := 1; r <= k.lastRow+4; r++ {
		h, err := ops.GetRowHeight(fuzzSheet, r)
		out = append(out, fmt.Sprintf("row %d %g %v", r, h, err))
		for c := 1; c <= k.lastCol+4; c++ {
			cell := k.cell(c, r)
			st, err := ops.GetCellStyle(fuzzSheet, cell)
			v, verr := look.value(cell)
			v = fuzzCode.ReplaceAllStringFunc(v, fuzzDecodeCode)
			out = append(out, fmt.Sprintf("%s s%d %v %q %v", cell, st, err, v, verr))
		}
	}
	for c := 1; c <= k.lastCol+4; c++ {
		w, err := ops.GetColWidth(fuzzSheet, k.colName(c))
		out = append(out, fmt.Sprintf("col %d %g %v", c, w, err))
	}
	return out
}

// fuzzCode is an escaped character in a cell's text, _x000D_. excelize's
// SetCellStr writes one as it is and its GetCellValue decodes it, also
// with raw values, so that its lookup of the text just written gives a
// carriage return; Sheets' gives the text as written. What the two copies
// hold is the same (Describe), and every reader decodes it: the lookups
// are compared decoded.
var fuzzCode = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

func fuzzDecodeCode(code string) string {
	n, err := strconv.ParseUint(code[2:6], 16, 32)
	if err != nil {
		return code
	}
	return string(rune(n))
}

// fuzzDescribe is xlsxtest.Describe, returning its failure instead of
// failing the test: Describe fails on what excelize cannot read back,
// which is only a finding for the copy Sheets wrote.
func fuzzDescribe(t testing.TB, path string) (string, error) {
	d := &describeTB{TB: t}
	var out string
	done := make(chan struct{})
	go func() {
		defer close(done)
		out = xlsxtest.Describe(d, path)
	}()
	<-done
	return out, d.err
}

// describeTB is a testing.TB whose Fatal ends the goroutine calling it
// and keeps the message.
type describeTB struct {
	testing.TB
	err error
}

func (d *describeTB) Helper() {}

func (d *describeTB) Fatal(args ...any) {
	d.err = fmt.Errorf("%s", fmt.Sprint(args...))
	runtime.Goexit()
}

func (d *describeTB) Fatalf(format string, args ...any) {
	d.err = fmt.Errorf(format, args...)
	runtime.Goexit()
}
