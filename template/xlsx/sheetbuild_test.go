package xlsx

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestSheetBuilder: a sheet built whole and put in place of the empty one
// excelize added reads back through excelize with what was written: text
// (with the characters XML cannot hold, escapes a reader would decode, and
// more than a cell takes), numbers, styles, merges, geometry, links, page
// breaks, filter, view, page and protection; the workbook's other sheets
// and names stay.
func TestSheetBuilder(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetCellStr("Sheet1", "A1", "原表"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("审核结果"); err != nil {
		t.Fatal(err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("长", excelize.TotalCellChars+10)
	var b SheetBuilder
	b.SetStr(1, 1, "审核结果")
	b.SetStyle(1, 1, 3, 1, bold)
	b.Merge(1, 1, 3, 1)
	b.SetRowHeight(1, 32)
	b.SetStr(1, 2, " 前后空格 \n第二行 <&> \"引号\" 'x'")
	b.SetStr(2, 2, "控制\x01字符 _x000D_ 不是回车")
	b.SetNum(3, 2, "94.44")
	b.SetStr(1, 3, long)
	b.SetRowHeight(5, 20.25) // a row with a height and no cells
	b.SetColWidth(1, 5)
	b.SetColWidth(3, 22.5)
	if !b.Link(2, 3, "'Sheet1'!A1", "转到 Sheet1!A1") {
		t.Fatal("link refused")
	}
	b.BreakBefore(3)
	b.BreakBefore(3)
	b.Filter(1, 2, 3, 3)
	b.Selected, b.HideGridLines, b.FrozenRows = true, true, 2
	b.Page = &PageSetup{PaperSize: 9, Landscape: true, FitToWidth: 1, Left: 0.5, Right: 0.5, Top: 0.75, Bottom: 0.75, Header: 0.3, Footer: 0.3, OddFooter: "&C第 &P 页"}
	b.Protection = &excelize.SheetProtectionOptions{AutoFilter: true, SelectLockedCells: true, SelectUnlockedCells: true}
	if err := PutSheet(f, "审核结果", b.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := PutSheet(f, "Sheet1", b.Bytes()); err == nil {
		t.Error("PutSheet replaced a sheet with cells in it")
	}
	g := saveAndOpen(t, f)
	const s = "审核结果"
	text := func(cell, want string) {
		t.Helper()
		got, err := g.GetCellValue(s, cell)
		if err != nil || got != want {
			t.Errorf("%s = %q, %v; want %q", cell, got, err, want)
		}
	}
	text("A1", "审核结果")
	text("A2", " 前后空格 \n第二行 <&> \"引号\" 'x'")
	text("B2", "控制\uFFFD字符 _x000D_ 不是回车")
	text("C2", "94.44")
	text("A3", long[:len("长")*excelize.TotalCellChars])
	if v, _ := g.GetCellValue("Sheet1", "A1"); v != "原表" {
		t.Errorf("the other sheet's A1 = %q", v)
	}
	if typ, _ := g.GetCellType(s, "C2"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("C2 is of type %v, want a number", typ)
	}
	for _, cell := range []string{"A1", "B1", "C1"} {
		if id, _ := g.GetCellStyle(s, cell); id != bold {
			t.Errorf("%s style %d, want %d", cell, id, bold)
		}
	}
	merges, _ := g.GetMergeCells(s)
	if len(merges) != 1 || merges[0].GetStartAxis() != "A1" || merges[0].GetEndAxis() != "C1" {
		t.Errorf("merges %v, want A1:C1", merges)
	}
	for _, c := range []struct {
		row  int
		want float64
	}{{1, 32}, {5, 20.25}} {
		if h, _ := g.GetRowHeight(s, c.row); h != c.want {
			t.Errorf("row %d height %g, want %g", c.row, h, c.want)
		}
	}
	for col, want := range map[string]float64{"A": 5, "C": 22.5} {
		if w, _ := g.GetColWidth(s, col); w != want {
			t.Errorf("column %s width %g, want %g", col, w, want)
		}
	}
	if ok, target, _ := g.GetCellHyperLink(s, "B3"); !ok || target != "'Sheet1'!A1" {
		t.Errorf("B3 link %v %q", ok, target)
	}
	view, _ := g.GetSheetView(s, 0)
	if view.ShowGridLines == nil || *view.ShowGridLines {
		t.Errorf("grid lines shown: %+v", view)
	}
	panes, _ := g.GetPanes(s)
	if !panes.Freeze || panes.YSplit != 2 || panes.TopLeftCell != "A3" {
		t.Errorf("panes %+v, want two rows frozen", panes)
	}
	layout, _ := g.GetPageLayout(s)
	if layout.Size == nil || *layout.Size != 9 || layout.Orientation == nil || *layout.Orientation != "landscape" ||
		layout.FitToWidth == nil || *layout.FitToWidth != 1 || layout.FitToHeight == nil || *layout.FitToHeight != 0 {
		t.Errorf("page %+v", layout)
	}
	props, _ := g.GetSheetProps(s)
	if props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("not fitted to the page: %+v", props)
	}
	hf, _ := g.GetHeaderFooter(s)
	if hf.OddFooter != "&C第 &P 页" {
		t.Errorf("footer %q", hf.OddFooter)
	}
	if g.GetSheetName(g.GetActiveSheetIndex()) != "Sheet1" {
		// Selecting the tab is the builder's; which sheet the workbook opens
		// on is the workbook's (ActivateSheet), untouched here.
		t.Errorf("active sheet changed to %s", g.GetSheetName(g.GetActiveSheetIndex()))
	}
	part, ok := g.Pkg.Load("xl/worksheets/sheet2.xml")
	if !ok {
		t.Fatal("the built part is not in the saved file")
	}
	xmlText := string(part.([]byte))
	for _, want := range []string{`tabSelected="1"`, `<rowBreaks count="1" manualBreakCount="1"><brk id="2"`, `<autoFilter ref="$A$2:$C$3"/>`,
		`sheet="1"`, `autoFilter="0"`, `sort="1"`, `selectLockedCells="0"`, `_x005F_x000D_`, `<dimension ref="A1:C5"/>`} {
		if !strings.Contains(xmlText, want) {
			t.Errorf("part lacks %s", want)
		}
	}
	if !slices.Equal(g.GetSheetList(), []string{"Sheet1", s}) {
		t.Errorf("sheets %v", g.GetSheetList())
	}
}

// TestPutSheetRefusesReadSheet: a sheet of a workbook as it was opened,
// which excelize did not add, is not replaced.
func TestPutSheetRefusesReadSheet(t *testing.T) {
	f := excelize.NewFile()
	if _, err := f.NewSheet("已有"); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(buf)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	var b SheetBuilder
	b.SetStr(1, 1, "x")
	if err := PutSheet(g, "已有", b.Bytes()); err == nil || !strings.Contains(err.Error(), "not one excelize added") {
		t.Errorf("PutSheet on a sheet read from the file: %v, want it refused", err)
	}
}

// TestSheetBuilderLinkLimit: a sheet takes no more links than Excel allows.
func TestSheetBuilderLinkLimit(t *testing.T) {
	var b SheetBuilder
	for i := range excelize.TotalSheetHyperlinks {
		if !b.Link(1, i+1, "'A'!A1", "") {
			t.Fatalf("link %d refused", i+1)
		}
	}
	if b.Link(2, 1, "'A'!A1", "") {
		t.Error("a link past the limit was taken")
	}
}

// saveAndOpen saves f (SaveAtomic) and opens what it wrote, closed when
// the test ends.
func saveAndOpen(t *testing.T, f *excelize.File) *excelize.File {
	t.Helper()
	out := filepath.Join(t.TempDir(), "saved.xlsx")
	if err := SaveAtomic(f, out); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	return g
}

// TestSheetBuilderEscapedCodes: text that reads like escaped characters
// (_x000D_), however they share underscores, reads back as written.
func TestSheetBuilderEscapedCodes(t *testing.T) {
	texts := []string{"_x000D_", "a_x0041_x0042_b", "_x005F_x0041_", "__x0041__", "_x12_", "_xGGGG_", "末尾_x0041"}
	f := excelize.NewFile()
	defer f.Close()
	if _, err := f.NewSheet("审核结果"); err != nil {
		t.Fatal(err)
	}
	var b SheetBuilder
	for i, text := range texts {
		b.SetStr(1, i+1, text)
	}
	if err := PutSheet(f, "审核结果", b.Bytes()); err != nil {
		t.Fatal(err)
	}
	g := saveAndOpen(t, f)
	for i, want := range texts {
		if got, _ := g.GetCellValue("审核结果", cellName(1, i+1)); got != want {
			t.Errorf("%q reads back as %q", want, got)
		}
	}
}

// TestSheetBuilderBreakLimit: a sheet given more page breaks than Excel
// keeps is written with none, one within the limit with all of them.
func TestSheetBuilderBreakLimit(t *testing.T) {
	for _, n := range []int{maxPageBreaks, maxPageBreaks + 1} {
		var b SheetBuilder
		for r := range n {
			b.BreakBefore(2 + r*3)
		}
		got := strings.Count(string(b.Bytes()), "<brk ")
		want := n
		if n > maxPageBreaks {
			want = 0
		}
		if got != want {
			t.Errorf("%d breaks given: %d written, want %d", n, got, want)
		}
	}
}
