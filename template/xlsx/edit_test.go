package xlsx

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// geometryWorkbooks are the workbooks whose sheets ReadSheetGeometry is
// compared with excelize on: the samples, the project forms and the
// bad-input corpus, and a sheet of hand-written layout.
func geometryWorkbooks(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, pattern := range []string{"../../samples/*.xlsx", "../../samples/project/*.xlsx", "../../samples/bad/*.xlsx"} {
		paths, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			out[p] = data
		}
	}
	out["hand-written"] = withSheetPart(t, scanHead+`<sheetFormatPr baseColWidth="10" defaultRowHeight="18.5" customHeight="1"/>`+
		`<cols><col min="1" max="3" width="12.5" customWidth="1"/><col min="2" max="2" width="20"/><col min="5" max="6" style="3"/></cols>`+
		`<sheetData><row r="2" ht="30" customHeight="1"><c r="A2" t="s"><v>0</v></c></row><row r="4"><c r="B4"><v>1</v></c></row></sheetData>`+
		`<mergeCells count="1"><mergeCell ref="A2:C2"/></mergeCells></worksheet>`)
	return out
}

// withSheetPart returns a workbook whose one sheet, Sheet1, is part.
func withSheetPart(t testing.TB, part string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetCellStr("Sheet1", "A1", "x"); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, p := range storedParts(t, buf.Bytes()) {
		parts[p.name] = string(p.data)
	}
	parts["xl/worksheets/sheet1.xml"] = part
	return zipOf(t, parts)
}

// TestReadSheetGeometry: the widths, heights and merged ranges read from a
// sheet's part are excelize's, on every sheet of the samples, the project
// forms and the bad-input corpus it reads.
func TestReadSheetGeometry(t *testing.T) {
	read := 0
	for name, data := range geometryWorkbooks(t) {
		scanned, err := Open(data)
		if err != nil {
			continue
		}
		parsed, err := Open(data)
		if err != nil {
			t.Fatal(err)
		}
		for _, sheet := range scanned.GetSheetList() {
			g, ok := ReadSheetGeometry(scanned, sheet, nil)
			if !ok {
				if !strings.Contains(name, "/bad/") {
					t.Errorf("%s!%s: not read", name, sheet)
				}
				continue
			}
			read++
			merges, err := parsed.GetMergeCells(sheet)
			if err != nil {
				t.Errorf("%s!%s: read, but excelize fails: %v", name, sheet, err)
				continue
			}
			var want []string
			for _, m := range merges {
				want = append(want, m.GetStartAxis()+":"+m.GetEndAxis())
			}
			if !slices.Equal(g.Merges(), want) {
				t.Errorf("%s!%s: merges %v, excelize %v", name, sheet, g.Merges(), want)
			}
			for col := 1; col <= 20; col++ {
				letters, _ := excelize.ColumnNumberToName(col)
				if w, _ := parsed.GetColWidth(sheet, letters); g.ColWidth(col) != w {
					t.Errorf("%s!%s: column %s width %v, excelize %v", name, sheet, letters, g.ColWidth(col), w)
				}
			}
			for row := 1; row <= g.lastRow+2 && row <= 2000; row++ {
				if h, _ := parsed.GetRowHeight(sheet, row); g.RowHeight(row) != h {
					t.Errorf("%s!%s: row %d height %v, excelize %v", name, sheet, row, g.RowHeight(row), h)
				}
			}
		}
		for _, sheet := range scanned.GetSheetList() {
			if _, err := scanned.GetCellValue(sheet, "A1"); err != nil {
				continue
			}
			if _, ok := ReadSheetGeometry(scanned, sheet, nil); ok {
				t.Errorf("%s!%s: read from the part after excelize parsed the sheet", name, sheet)
			}
			break
		}
		scanned.Close()
		parsed.Close()
	}
	t.Logf("%d sheets read", read)
	if read < 20 {
		t.Errorf("only %d sheets read", read)
	}
}

// TestEditSheet: the 填报说明 sentence rewritten, its row raised and the
// tab selection cleared in the sheet's part give the workbook that
// excelize's SetCellStr, SetRowHeight and the activation of another sheet
// give, cell for cell, and excelize never parses the sheet.
func TestEditSheet(t *testing.T) {
	orig := seedBytes(t)
	const sheet = "填报说明"
	probe, err := Open(orig)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := probe.GetRows(sheet)
	probe.Close()
	if err != nil {
		t.Fatal(err)
	}
	row, col := 0, 0
	for r, cells := range rows {
		for c, v := range cells {
			if row == 0 && regexp.MustCompile(`^共 \d+ 张工作表：`).MatchString(v) {
				row, col = r+1, c+1
			}
		}
	}
	if row == 0 {
		t.Fatal("no sentence counting the sheets")
	}
	cell, _ := excelize.CoordinatesToCellName(col, row)
	text := "共 8 张工作表：审核结果、填报说明 & <其他>。\n第二行"

	edited, err := Open(orig)
	if err != nil {
		t.Fatal(err)
	}
	defer edited.Close()
	if !EditSheet(edited, sheet, SheetEdits{Text: map[[2]int]string{{row, col}: text}, Heights: map[int]float64{row: 47.25}, Unselect: true}) {
		t.Fatal("EditSheet refused the seed's 填报说明")
	}
	if _, ok := edited.Sheet.Load(sheetPartsOf(edited)[sheet]); ok {
		t.Error("excelize parsed the edited sheet")
	}
	viaExcelize, err := Open(orig)
	if err != nil {
		t.Fatal(err)
	}
	defer viaExcelize.Close()
	if err := viaExcelize.SetCellStr(sheet, cell, text); err != nil {
		t.Fatal(err)
	}
	if err := viaExcelize.SetRowHeight(sheet, row, 47.25); err != nil {
		t.Fatal(err)
	}
	viaExcelize.SetActiveSheet(1)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "edited.xlsx"), filepath.Join(dir, "excelize.xlsx")
	if err := SaveAtomicFrom(edited, a, orig, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := SaveAtomic(viaExcelize, b); err != nil {
		t.Fatal(err)
	}
	ga, err := excelize.OpenFile(a)
	if err != nil {
		t.Fatal(err)
	}
	defer ga.Close()
	gb, err := excelize.OpenFile(b)
	if err != nil {
		t.Fatal(err)
	}
	defer gb.Close()
	if got := dump(t, ga, sheet); got != dump(t, gb, sheet) {
		t.Errorf("edited sheet:\n%s\nwant, as excelize writes it:\n%s", got, dump(t, gb, sheet))
	}
	if v, _ := ga.GetCellValue(sheet, cell); v != text {
		t.Errorf("%s = %q, want %q", cell, v, text)
	}
	data, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range storedParts(t, data) {
		if p.name == "xl/worksheets/sheet1.xml" && tabSelected(p.data) {
			t.Error("the edited sheet is still selected")
		}
	}

	// What EditSheet leaves to excelize.
	for _, c := range []struct {
		what  string
		edits SheetEdits
		parse bool
	}{
		{"a parsed sheet", SheetEdits{Unselect: true}, true},
		{"a cell not in the part", SheetEdits{Text: map[[2]int]string{{row, 30}: "x"}}, false},
		{"a row not in the part", SheetEdits{Heights: map[int]float64{5000: 20}}, false},
	} {
		f, err := Open(orig)
		if err != nil {
			t.Fatal(err)
		}
		if c.parse {
			if _, err := f.GetCellValue(sheet, "A1"); err != nil {
				t.Fatal(err)
			}
		}
		before, _ := f.Pkg.Load("xl/worksheets/sheet1.xml")
		if EditSheet(f, sheet, c.edits) {
			t.Errorf("%s: edited", c.what)
		}
		if after, _ := f.Pkg.Load("xl/worksheets/sheet1.xml"); !bytes.Equal(after.([]byte), before.([]byte)) {
			t.Errorf("%s: the part changed", c.what)
		}
		f.Close()
	}
	// SheetGeometry.Edit edits the part it read, and no other.
	stale, err := Open(orig)
	if err != nil {
		t.Fatal(err)
	}
	defer stale.Close()
	g, ok := ReadSheetGeometry(stale, sheet, nil)
	if !ok {
		t.Fatal("geometry not read")
	}
	if !EditSheet(stale, sheet, SheetEdits{Unselect: true}) {
		t.Fatal("not unselected")
	}
	if g.Edit(stale, SheetEdits{Text: map[[2]int]string{{row, col}: text}}) {
		t.Error("SheetGeometry.Edit edited a part changed since it was read")
	}
	if g, ok = ReadSheetGeometry(stale, sheet, nil); !ok || !g.Edit(stale, SheetEdits{Text: map[[2]int]string{{row, col}: text}}) {
		t.Error("SheetGeometry.Edit refused the part it read")
	}
	if v, _ := stale.GetCellValue(sheet, cell); v != text {
		t.Errorf("after SheetGeometry.Edit %s = %q, want %q", cell, v, text)
	}

	formula, err := Open(withSheetPart(t, scanHead+`<sheetData><row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row></sheetData></worksheet>`))
	if err != nil {
		t.Fatal(err)
	}
	defer formula.Close()
	if EditSheet(formula, "Sheet1", SheetEdits{Text: map[[2]int]string{{1, 1}: "x"}}) {
		t.Error("a formula cell: edited")
	}
	empty, err := Open(withSheetPart(t, scanHead+`<sheetData><row r="1" spans="1:2"><x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="A1" s="3"/></row></sheetData></worksheet>`))
	if err != nil {
		t.Fatal(err)
	}
	defer empty.Close()
	if !EditSheet(empty, "Sheet1", SheetEdits{Text: map[[2]int]string{{1, 1}: "新"}}) {
		t.Fatal("an empty prefixed cell: refused")
	}
	if v, _ := empty.GetCellValue("Sheet1", "A1"); v != "新" {
		t.Errorf("A1 = %q, want 新", v)
	}
	if s, _ := empty.GetCellStyle("Sheet1", "A1"); s != 3 {
		t.Errorf("A1's style %d, want 3 kept", s)
	}
}

// dump lists a sheet's cells with their values and styles, its row
// heights, column widths and merged ranges.
func dump(t *testing.T, f *excelize.File, sheet string) string {
	t.Helper()
	var b strings.Builder
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for r, cells := range rows {
		h, _ := f.GetRowHeight(sheet, r+1)
		fmt.Fprintf(&b, "row %d (%v):", r+1, h)
		for c, v := range cells {
			name, _ := excelize.CoordinatesToCellName(c+1, r+1)
			st, _ := f.GetCellStyle(sheet, name)
			fmt.Fprintf(&b, " %s=%q/%d", name, v, st)
		}
		b.WriteString("\n")
	}
	for c := 1; c <= 10; c++ {
		name, _ := excelize.ColumnNumberToName(c)
		w, _ := f.GetColWidth(sheet, name)
		fmt.Fprintf(&b, "col %s %v\n", name, w)
	}
	merges, _ := f.GetMergeCells(sheet)
	for _, m := range merges {
		fmt.Fprintf(&b, "merge %s:%s\n", m.GetStartAxis(), m.GetEndAxis())
	}
	return b.String()
}

// FuzzEditSheet: editing any part ends without panic, and a part edited is
// still one the sheet scan vouches for, holding the text in the cell.
func FuzzEditSheet(f *testing.F) {
	f.Add([]byte(scanHead+`<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetData><row r="1" ht="20"><c r="A1" s="1" t="s"><v>0</v></c></row></sheetData></worksheet>`), "新的 & <文字>")
	f.Add([]byte(scanHead+`<sheetFormatPr defaultRowHeight="14"/><cols><col min="1" max="2" width="30"/></cols><sheetData><row r="1"><c r="A1"/></row></sheetData><mergeCells><mergeCell ref="A1:B1"/></mergeCells></worksheet>`), "x")
	wb := excelize.NewFile()
	defer wb.Close()
	f.Fuzz(func(t *testing.T, data []byte, text string) {
		const part = "xl/worksheets/fuzz.xml"
		wb.Pkg.Store(part, data)
		if editPart(wb, part, data, SheetEdits{Text: map[[2]int]string{{1, 1}: text}, Heights: map[int]float64{1: 33}, Unselect: true}) {
			v, _ := wb.Pkg.Load(part)
			out := v.([]byte)
			if _, ok := scanSheetPart(out, false); !ok {
				t.Fatal("edited part not vouched for")
			}
			found := false
			walkElements(out, func(tg tagInfo) bool {
				attrs, _ := tg.attrs()
				if tg.is("c") && !tg.end && get(attrs, "t") == "inlineStr" {
					found = true
				}
				if tg.is("sheetView") && has(attrs, "tabSelected") {
					t.Fatal("still selected")
				}
				return true
			})
			if !found {
				t.Fatal("no inline string in the edited part")
			}
		}
		wb.Pkg.Store(part, data)
		if scan, ok := scanSheetPart(data, true); ok {
			_ = scan
		}
	})
}

// BenchmarkEditSheet reads the seed's 填报说明 geometry and rewrites a cell
// and a row height in its part, against excelize doing the same.
func BenchmarkEditSheet(b *testing.B) {
	orig := seedBytes(b)
	const sheet = "填报说明"
	edits := SheetEdits{Text: map[[2]int]string{{5, 1}: "共 8 张工作表：审核结果。"}, Heights: map[int]float64{5: 30}, Unselect: true}
	b.Run("part", func(b *testing.B) {
		f, err := Open(orig)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		part := sheetPartsOf(f)[sheet]
		v, _ := f.Pkg.Load(part)
		for b.Loop() {
			f.Pkg.Store(part, v)
			g, ok := ReadSheetGeometry(f, sheet, nil)
			if !ok {
				b.Fatal("not read")
			}
			if !g.Edit(f, edits) {
				b.Fatal("not edited")
			}
		}
	})
	b.Run("excelize", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			f, err := Open(orig)
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if _, err := f.GetColWidth(sheet, "A"); err != nil {
				b.Fatal(err)
			}
			if err := f.SetCellStr(sheet, "A5", "共 8 张工作表：审核结果。"); err != nil {
				b.Fatal(err)
			}
			if err := f.SetRowHeight(sheet, 5, 30); err != nil {
				b.Fatal(err)
			}
			if _, err := f.WriteToBuffer(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestReadSheetGeometryKnown: given the sheet as the container's pass read
// it (Book), the geometry is the same as read afresh; given a scan of other
// bytes, the part is checked again, and one not in the plain shape is not
// read whatever scan comes with it.
func TestReadSheetGeometryKnown(t *testing.T) {
	compared := 0
	for name, data := range geometryWorkbooks(t) {
		w, err := OpenWorkbook(data)
		if err != nil || w.Book() == nil {
			continue
		}
		f, err := w.Excel()
		if err != nil {
			continue
		}
		other := w.Book().Sheet(w.Book().Sheets[0])
		for _, sheet := range w.Book().Sheets {
			want, wantOK := ReadSheetGeometry(f, sheet, nil)
			for _, known := range []*SheetScan{w.Book().Sheet(sheet), other} {
				got, ok := ReadSheetGeometry(f, sheet, known)
				if ok != wantOK || ok && (!slices.Equal(got.Merges(), want.Merges()) || !reflect.DeepEqual(got.cols, want.cols) || !maps.Equal(got.heights, want.heights)) {
					t.Errorf("%s!%s: with a known scan %v, %+v; afresh %v, %+v", name, sheet, ok, got, wantOK, want)
				}
				compared++
			}
		}
		w.Close()
	}
	if compared == 0 {
		t.Fatal("no sheet compared")
	}
	if (&SheetScan{part: []byte("<worksheet/>")}).vouches([]byte("<worksheet/>")) {
		t.Error("a scan that kept nothing vouches for a part")
	}
}
