package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template/xlsx/xlsxtest"
)

// sheetOps is what an annotation does to a sheet, written against the
// setters Sheets and excelize share, so that one script runs on both.
type sheetOps interface {
	SetCellStyle(sheet, topLeft, bottomRight string, style int) error
	SetCellStr(sheet, cell, value string) error
	SetCellDefault(sheet, cell, value string) error
	SetRowHeight(sheet string, row int, height float64) error
	SetColWidth(sheet, startCol, endCol string, width float64) error
	MergeCell(sheet, topLeft, bottomRight string) error
	SetPageLayout(sheet string, opts *excelize.PageLayoutOptions) error
	SetSheetProps(sheet string, opts *excelize.SheetPropsOptions) error
	SetPageMargins(sheet string, opts *excelize.PageLayoutMarginsOptions) error
	InsertPageBreak(sheet, cell string) error
	RemovePageBreak(sheet, cell string) error
	AddComment(sheet string, c excelize.Comment) error
	DeleteComment(sheet, cell string) error
	GetCellStyle(sheet, cell string) (int, error)
	GetRowHeight(sheet string, row int) (float64, error)
	GetColWidth(sheet, col string) (float64, error)
}

// excelOps is excelize itself, with the two calls whose names differ.
type excelOps struct{ *excelize.File }

func (e excelOps) clear(sheet, cell string) error { return e.SetCellValue(sheet, cell, nil) }

// editScript changes a sheet the way an annotation does, in all the ways
// Sheets makes in the part: cells in rows that exist and rows that do not,
// past the last column, styles over ranges, heights, widths over and
// beside the sheet's column ranges, merges new and overlapping, the page,
// breaks and comments. reads collects what the lookups answer after the
// changes. With own, the comments are those Sheets writes itself
// (commentsDirect): added only, in runs, as annotate adds them; else one
// is deleted first and one is plain text, which excelize makes.
func editScript(t *testing.T, ops sheetOps, clear func(sheet, cell string) error, sheet string, style int, lastRow, lastCol int, own bool) []string {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	cell := func(c, r int) string {
		n, _ := excelize.CoordinatesToCellName(c, r)
		return n
	}
	col := func(c int) string {
		n, _ := excelize.ColumnNumberToName(c)
		return n
	}
	must(ops.SetColWidth(sheet, col(lastCol+1), col(lastCol+3), 12.5))
	must(ops.SetColWidth(sheet, "B", "C", 7))
	must(ops.SetCellStr(sheet, cell(lastCol+1, 2), "复核得分"))
	must(ops.SetCellStr(sheet, cell(lastCol+3, 2), "审核意见 <&> \"引号\"  "))
	must(ops.SetCellDefault(sheet, cell(lastCol+2, 3), "0.9512"))
	must(ops.SetCellDefault(sheet, cell(lastCol+2, 4), "-12"))
	must(clear(sheet, cell(lastCol+2, 5)))
	must(ops.SetCellStyle(sheet, cell(lastCol+1, 2), cell(lastCol+3, 4), style))
	must(ops.SetCellStyle(sheet, "A1", "A1", style))
	must(ops.SetRowHeight(sheet, 2, 33))
	must(ops.SetRowHeight(sheet, lastRow+3, 41.25))
	must(ops.SetCellStr(sheet, cell(1, lastRow+3), "审核意见（共 2 条）"))
	must(ops.MergeCell(sheet, cell(1, lastRow+3), cell(lastCol, lastRow+3)))
	must(ops.SetCellStyle(sheet, cell(1, lastRow+3), cell(lastCol, lastRow+3), style))
	must(ops.SetCellStr(sheet, cell(1, lastRow+4), "1. 〔资金情况!C5〕【错误】……"))
	must(ops.MergeCell(sheet, cell(1, lastRow+4), cell(2, lastRow+4)))
	must(ops.MergeCell(sheet, cell(2, lastRow+4), cell(3, lastRow+5))) // overlaps: one range
	must(ops.SetCellStr(sheet, "B3", "改写"))
	size, orient, one, zero, yes := 9, "landscape", 1, 0, true
	must(ops.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}))
	must(ops.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}))
	side, tb := 0.25, 0.5
	must(ops.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side, Top: &tb, Horizontally: &yes}))
	must(ops.RemovePageBreak(sheet, "A7"))
	must(ops.InsertPageBreak(sheet, "A7"))
	must(ops.InsertPageBreak(sheet, "A9"))
	must(ops.RemovePageBreak(sheet, "A7"))
	if own {
		bold := &excelize.Font{Bold: true, Size: 9, Family: "宋体", Color: "000000"}
		plain := &excelize.Font{Size: 9, Family: "宋体", Color: "#1f1f1f"}
		must(ops.AddComment(sheet, excelize.Comment{Cell: "B3", Author: "市财政局", Width: 300, Height: 140,
			Paragraph: []excelize.RichTextRun{{Text: "【错误】数值有误\n", Font: bold}, {Text: "金额 <&> \"引号\"\t\r\n第二行", Font: plain}}}))
		must(ops.AddComment(sheet, excelize.Comment{Cell: cell(lastCol+3, 2), Author: "市财政局", Paragraph: []excelize.RichTextRun{{Text: "第二条"}}}))
		must(ops.AddComment(sheet, excelize.Comment{Cell: cell(lastCol, lastRow), Author: "Reviewer", Width: 90, Height: 400,
			Paragraph: []excelize.RichTextRun{{Text: "底部", Font: &excelize.Font{Bold: true}}, {Text: "无字体"}}}))
		must(ops.AddComment(sheet, excelize.Comment{Cell: "A1", Author: "reviewer", Paragraph: []excelize.RichTextRun{{Text: "同一作者，大小写不同"}}}))
	} else {
		must(ops.DeleteComment(sheet, "B3"))
		must(ops.AddComment(sheet, excelize.Comment{Cell: "B3", Author: "市财政局", Paragraph: []excelize.RichTextRun{{Text: "市财政局：\n"}, {Text: "【错误】数值有误"}}}))
		must(ops.AddComment(sheet, excelize.Comment{Cell: cell(lastCol+3, 2), Author: "市财政局", Text: "第二条"}))
	}
	var reads []string
	for r := 1; r <= lastRow+5; r++ {
		h, err := ops.GetRowHeight(sheet, r)
		must(err)
		reads = append(reads, fmt.Sprintf("row %d %g", r, h))
		for c := 1; c <= lastCol+4; c++ {
			st, err := ops.GetCellStyle(sheet, cell(c, r))
			must(err)
			reads = append(reads, fmt.Sprintf("%s s%d", cell(c, r), st))
		}
	}
	for c := 1; c <= lastCol+4; c++ {
		w, err := ops.GetColWidth(sheet, col(c))
		must(err)
		reads = append(reads, fmt.Sprintf("col %d %g", c, w))
	}
	return reads
}

// TestSheetsAsExcelize: every sheet of the samples and the project forms,
// changed through Sheets, in its part, reads back as the same changes made
// through excelize: cells, styles, merges, widths, heights, page, breaks
// and comments (xlsxtest.Describe), and Sheets' lookups after the changes
// answer as excelize's.
func TestSheetsAsExcelize(t *testing.T) {
	paths, _ := filepath.Glob("../../samples/*.xlsx")
	projects, _ := filepath.Glob("../../samples/project/*.xlsx")
	paths = append(paths, projects...)
	if len(paths) < 3 {
		t.Fatalf("samples not found: %v", paths)
	}
	direct := 0
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		names := func() []string {
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			return f.GetSheetList()
		}()
		for _, own := range []bool{false, true} {
			for _, sheet := range names {
				t.Run(fmt.Sprintf("%s/%s/own comments %v", filepath.Base(path), sheet, own), func(t *testing.T) {
					wb, f, ref := openBoth(t, data)
					rows, err := ref.GetRows(sheet)
					if err != nil {
						t.Fatal(err)
					}
					lastCol := 1
					for _, r := range rows {
						lastCol = max(lastCol, len(r))
					}
					style, err := ref.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}})
					if err != nil {
						t.Fatal(err)
					}
					if got, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}}); err != nil || got != style {
						t.Fatalf("style %d (%v), want %d", got, err, style)
					}
					ed := NewSheets(f, wb.Book())
					wasDirect := ed.Direct(sheet)
					got := editScript(t, ed, ed.ClearCell, sheet, style, len(rows), lastCol, own)
					want := editScript(t, excelOps{ref}, excelOps{ref}.clear, sheet, style, len(rows), lastCol, own)
					if !slices.Equal(got, want) {
						t.Errorf("lookups after the changes differ:\n%s", firstDiff(got, want))
					}
					if wasDirect && ed.Direct(sheet) {
						direct++
					}
					if err := ed.Flush(); err != nil {
						t.Fatal(err)
					}
					dir := t.TempDir()
					save := func(f *excelize.File, name string) string {
						p := filepath.Join(dir, name)
						if err := f.SaveAs(p); err != nil {
							t.Fatal(err)
						}
						return p
					}
					gotDesc := xlsxtest.Describe(t, save(f, "sheets.xlsx"))
					wantDesc := xlsxtest.Describe(t, save(ref, "excelize.xlsx"))
					if gotDesc != wantDesc {
						t.Errorf("the workbook differs from excelize's (direct %v):\n%s", wasDirect && ed.Direct(sheet),
							firstDiff(strings.Split(gotDesc, "\n"), strings.Split(wantDesc, "\n")))
					}
					// Where each comment's box sits, which excelize works out
					// from the sheet's widths and heights.
					if got, want := commentAnchors(t, filepath.Join(dir, "sheets.xlsx")), commentAnchors(t, filepath.Join(dir, "excelize.xlsx")); !slices.Equal(got, want) {
						t.Errorf("comment boxes differ:\n got %v\nwant %v", got, want)
					}
					// The comments and their drawing, written by Sheets, are
					// the parts excelize writes, byte for byte.
					for _, d := range commentPartsDiffer(t, filepath.Join(dir, "sheets.xlsx"), filepath.Join(dir, "excelize.xlsx")) {
						t.Error(d)
					}
				})
			}
		}
	}
	// Most sheets are edited in their parts: the test is of that path.
	if direct < len(paths)*4 {
		t.Errorf("only %d sheets were edited in their parts", direct)
	}
}

// openBoth opens a workbook twice: as annotate does (the one pass, then
// excelize on it, f), and with excelize alone (ref), each closed when the
// test ends.
func openBoth(t *testing.T, data []byte) (wb *Workbook, f, ref *excelize.File) {
	t.Helper()
	wb, err := OpenWorkbook(data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { wb.Close() })
	if f, err = wb.Excel(); err != nil {
		t.Fatal(err)
	}
	if ref, err = excelize.OpenReader(bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ref.Close() })
	return wb, f, ref
}

// reAnchor matches a comment's box in a VML drawing: its anchor, row and
// column.
var reAnchor = regexp.MustCompile(`<x:Anchor>([^<]*)</x:Anchor>.*?<x:Row>(\d+)</x:Row><x:Column>(\d+)</x:Column>`)

// commentAnchors lists the boxes of the comments of a saved workbook, by
// cell, sorted.
func commentAnchors(t *testing.T, path string) []string {
	t.Helper()
	var out []string
	for name, data := range xlsxtest.Parts(t, path) {
		if !strings.HasSuffix(name, ".vml") {
			continue
		}
		for _, m := range reAnchor.FindAllStringSubmatch(string(data), -1) {
			out = append(out, fmt.Sprintf("R%sC%s %s", m[2], m[3], m[1]))
		}
	}
	slices.Sort(out)
	return out
}

// dropLines drops the lines that start with prefix.
func dropLines(s, prefix string) string {
	lines := strings.Split(s, "\n")
	return strings.Join(slices.DeleteFunc(lines, func(l string) bool { return strings.HasPrefix(l, prefix) }), "\n")
}

// firstDiff shows where two lists of lines first differ.
func firstDiff(got, want []string) string {
	for i := range max(len(got), len(want)) {
		g, w := "(end)", "(end)"
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			return fmt.Sprintf("line %d:\n got %s\nwant %s", i+1, g, w)
		}
	}
	return ""
}

// TestSheetsHandover: a change Sheets does not make in the part (a value
// into a formula's cell, a break on a sheet with breaks of its own) hands
// the sheet to excelize with the changes made before it, in order.
func TestSheetsHandover(t *testing.T) {
	src := excelize.NewFile()
	for r := 1; r <= 12; r++ {
		for c := 1; c <= 4; c++ {
			name, _ := excelize.CoordinatesToCellName(c, r)
			if err := src.SetCellStr("Sheet1", name, fmt.Sprintf("值%d", r*c)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := src.SetCellFormula("Sheet1", "D5", "LEN(A5)"); err != nil {
		t.Fatal(err)
	}
	if err := src.InsertPageBreak("Sheet1", "A6"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := src.Write(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	for _, c := range []struct {
		name string
		last func(ops sheetOps) error
	}{
		{"value over a formula", func(ops sheetOps) error { return ops.SetCellStr("Sheet1", "D5", "不是公式") }},
		{"break on a sheet with breaks", func(ops sheetOps) error { return ops.InsertPageBreak("Sheet1", "A9") }},
		{"break removed from a sheet with breaks", func(ops sheetOps) error { return ops.RemovePageBreak("Sheet1", "A6") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			wb, f, ref := openBoth(t, data)
			ed := NewSheets(f, wb.Book())
			if !ed.Direct("Sheet1") {
				t.Fatal("Sheet1 is not edited in its part")
			}
			for _, ops := range []sheetOps{ed, excelOps{ref}} {
				if err := ops.SetRowHeight("Sheet1", 1, 40); err != nil {
					t.Fatal(err)
				}
				if err := ops.SetCellStr("Sheet1", "B2", "先改"); err != nil {
					t.Fatal(err)
				}
				if err := ops.AddComment("Sheet1", excelize.Comment{Cell: "A1", Author: "x", Text: "批注"}); err != nil {
					t.Fatal(err)
				}
				if err := c.last(ops); err != nil {
					t.Fatal(err)
				}
			}
			if ed.Direct("Sheet1") {
				t.Fatal("the sheet stayed in its part")
			}
			if err := ed.Flush(); err != nil {
				t.Fatal(err)
			}
			a, b := saveBoth(t, f, ref)
			if got, want := xlsxtest.Describe(t, a), xlsxtest.Describe(t, b); got != want {
				t.Errorf("differs from excelize's:\n%s", firstDiff(strings.Split(got, "\n"), strings.Split(want, "\n")))
			}
		})
	}
}

// TestLegacyDrawingRID: Sheets reads the legacyDrawing excelize's model of
// a sheet gets from AddComment; an excelize that changed the model fails
// here, not in an annotated copy.
func TestLegacyDrawingRID(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.AddComment("Sheet1", excelize.Comment{Cell: "A1", Author: "x", Text: "y"}); err != nil {
		t.Fatal(err)
	}
	ws, ok := f.Sheet.Load("xl/worksheets/sheet1.xml")
	if !ok {
		t.Fatal("no model of Sheet1")
	}
	id, ok := legacyDrawingRID(ws)
	if !ok || id == "" {
		t.Fatalf("legacyDrawingRID = %q, %v", id, ok)
	}
	if _, ok := legacyDrawingRID(struct{}{}); ok {
		t.Error("a value without the field reads")
	}
	if _, ok := legacyDrawingRID(&struct{ LegacyDrawing string }{}); ok {
		t.Error("a field of another type reads")
	}
}

// TestSheetsActivateSheet: activating a new sheet through Sheets clears
// the selection of a form sheet in its part as it is written, and leaves
// the same workbook as ActivateSheet on excelize alone, also when the
// sheet is handed to excelize afterwards (a value over a formula) and so
// cleared in excelize's model: one selected tab, the new sheet's.
func TestSheetsActivateSheet(t *testing.T) {
	src := excelize.NewFile()
	for r := 1; r <= 6; r++ {
		if err := src.SetCellStr("Sheet1", fmt.Sprintf("A%d", r), fmt.Sprintf("值%d", r)); err != nil {
			t.Fatal(err)
		}
	}
	if err := src.SetCellFormula("Sheet1", "D5", "LEN(A5)"); err != nil {
		t.Fatal(err)
	}
	if _, err := src.NewSheet("Sheet2"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := src.Write(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if !selectedPart(t, data, "xl/worksheets/sheet1.xml") {
		t.Fatal("Sheet1 not selected to begin with")
	}
	for _, c := range []struct {
		name     string
		handover bool
	}{{"in its part", false}, {"handed over after", true}} {
		t.Run(c.name, func(t *testing.T) {
			wb, f, ref := openBoth(t, data)
			ed := NewSheets(f, wb.Book())
			for _, ops := range []sheetOps{ed, excelOps{ref}} {
				if err := ops.SetCellStr("Sheet1", "B2", "先改"); err != nil {
					t.Fatal(err)
				}
			}
			for _, g := range []*excelize.File{f, ref} {
				if _, err := g.NewSheet("审"); err != nil {
					t.Fatal(err)
				}
			}
			if err := ed.ActivateSheet("审"); err != nil {
				t.Fatal(err)
			}
			if err := ActivateSheet(ref, "审"); err != nil {
				t.Fatal(err)
			}
			if c.handover {
				for _, ops := range []sheetOps{ed, excelOps{ref}} {
					if err := ops.SetCellStr("Sheet1", "D5", "不是公式"); err != nil {
						t.Fatal(err)
					}
				}
			}
			if ed.Direct("Sheet1") == c.handover {
				t.Fatalf("Sheet1 edited in its part: %v", ed.Direct("Sheet1"))
			}
			if err := ed.Flush(); err != nil {
				t.Fatal(err)
			}
			a, b := saveBoth(t, f, ref)
			got, want := xlsxtest.Describe(t, a), xlsxtest.Describe(t, b)
			if got != want {
				t.Errorf("differs from excelize:\n%s", firstDiff(strings.Split(got, "\n"), strings.Split(want, "\n")))
			}
			if n := strings.Count(got, "tab selected"); n != 1 || !strings.Contains(got, "== sheet 审 (visible true)") {
				t.Errorf("%d selected tabs:\n%s", n, got)
			}
		})
	}
}

// TestClearTabSelected guards the reflection unselectModel relies on
// against an excelize upgrade that renames the fields.
func TestClearTabSelected(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	var out bytes.Buffer
	if err := f.Write(&out); err != nil || !selectedPart(t, out.Bytes(), "xl/worksheets/sheet1.xml") {
		t.Fatalf("Sheet1 not selected to begin with (%v)", err)
	}
	// Parsed again: excelize lets its model go as it writes it.
	if err := f.SetSheetView("Sheet1", 0, &excelize.ViewOptions{}); err != nil {
		t.Fatal(err)
	}
	ws, ok := f.Sheet.Load("xl/worksheets/sheet1.xml")
	if !ok {
		t.Fatal("no model of Sheet1")
	}
	if !clearTabSelected(ws) {
		t.Fatal("clearTabSelected failed on excelize's model")
	}
	out.Reset()
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	for _, p := range storedParts(t, out.Bytes()) {
		if tabSelected(p.data) {
			t.Errorf("%s still selected", p.name)
		}
	}
	type view struct{ TabSelected string }
	type views struct{ SheetView []view }
	for _, v := range []any{struct{}{}, &struct{ SheetViews string }{}, &struct{ SheetViews *views }{&views{[]view{{}}}}} {
		if clearTabSelected(v) {
			t.Errorf("%T: cleared", v)
		}
	}
}

// selectedPart reports whether the part of a workbook's file selects its
// sheet's tab.
func selectedPart(t *testing.T, data []byte, part string) bool {
	t.Helper()
	for _, p := range storedParts(t, data) {
		if p.name == part {
			return tabSelected(p.data)
		}
	}
	t.Fatalf("no part %s", part)
	return false
}

// TestCommentPartsTaken: where the comments part and VML drawing excelize
// would number a sheet's first comment with are another sheet's already
// (numbers with a gap), Sheets does what excelize does instead of writing
// over them, and the other sheet keeps its comments.
func TestCommentPartsTaken(t *testing.T) {
	src := excelize.NewFile()
	if _, err := src.NewSheet("Sheet2"); err != nil {
		t.Fatal(err)
	}
	if err := src.AddComment("Sheet1", excelize.Comment{Cell: "A1", Author: "部门", Paragraph: []excelize.RichTextRun{{Text: "部门自己的批注"}}}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := src.Write(&buf); err != nil {
		t.Fatal(err)
	}
	// Sheet1's comments become comments2.xml and vmlDrawing2.vml: one
	// comments part, numbered 2.
	renumber := strings.NewReplacer("comments1", "comments2", "vmlDrawing1", "vmlDrawing2")
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, p := range storedParts(t, buf.Bytes()) {
		w, err := zw.Create(renumber.Replace(p.name))
		if err == nil {
			_, err = w.Write([]byte(renumber.Replace(string(p.data))))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	wb, f, ref := openBoth(t, out.Bytes())
	ed := NewSheets(f, wb.Book())
	if !ed.Direct("Sheet2") {
		t.Fatal("Sheet2 is not edited in its part")
	}
	c := excelize.Comment{Cell: "B2", Author: "市财政局", Paragraph: []excelize.RichTextRun{{Text: "审核意见"}}}
	for _, ops := range []sheetOps{ed, excelOps{ref}} {
		if err := ops.AddComment("Sheet2", c); err != nil {
			t.Fatal(err)
		}
	}
	if err := ed.Flush(); err != nil {
		t.Fatal(err)
	}
	a, b := saveBoth(t, f, ref)
	got, want := xlsxtest.Describe(t, a), xlsxtest.Describe(t, b)
	if got != want {
		t.Errorf("differs from excelize:\n%s", firstDiff(strings.Split(got, "\n"), strings.Split(want, "\n")))
	}
	if !strings.Contains(got, "部门自己的批注") {
		t.Errorf("Sheet1's comment is lost:\n%s", got)
	}
}

// FuzzCommentPartsAsExcelize adds a comment of fuzzed text, author, font
// and box to a sheet, after a fuzzed row height and column width, through
// Sheets and through excelize: where Sheets
// writes the comments itself, the comments part, the VML drawing, the
// sheet's relationships and the content types must be excelize's, byte
// for byte; where it does not, what Describe reads must be.
func FuzzCommentPartsAsExcelize(f *testing.F) {
	f.Add("【错误】数值有误\n", "金额 <&> \"引号\"", "市财政局", true, uint8(9), "宋体", "000000", uint16(300), uint16(140), uint8(3), uint8(2), 20.0, 12.5)
	f.Add("", "", "", false, uint8(0), "", "#1f1f1f", uint16(0), uint16(0), uint8(0), uint8(0), 0.0, 0.0)
	f.Add("\x00\xff\t\r", "_x0041_ ]]>", "Reviewer", false, uint8(200), "Calibri\"", "zz", uint16(65535), uint16(9), uint8(255), uint8(40), 409.0, 255.0)
	src := excelize.NewFile()
	for r := 1; r <= 30; r++ {
		if err := src.SetRowHeight("Sheet1", r, float64(10+r%7*5)); err != nil {
			f.Fatal(err)
		}
		if err := src.SetCellStr("Sheet1", fmt.Sprintf("A%d", r), "值"); err != nil {
			f.Fatal(err)
		}
	}
	if err := src.SetColWidth("Sheet1", "B", "D", 17.5); err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if err := src.Write(&buf); err != nil {
		f.Fatal(err)
	}
	data := buf.Bytes()
	f.Fuzz(func(t *testing.T, first, second, author string, bold bool, size uint8, family, color string, width, height uint16, row, col uint8, ht, colWidth float64) {
		cell, err := excelize.CoordinatesToCellName(int(col)%40+1, int(row)%60+1)
		if err != nil {
			t.Skip()
		}
		font := &excelize.Font{Bold: bold, Size: float64(size) / 2, Family: family, Color: color}
		c := excelize.Comment{Cell: cell, Author: author, Width: uint(width), Height: uint(height),
			Paragraph: []excelize.RichTextRun{{Text: first, Font: font}, {Text: second}}}
		wb, xf, ref := openBoth(t, data)
		ed := NewSheets(xf, wb.Book())
		for _, ops := range []sheetOps{ed, excelOps{ref}} {
			if ht >= 0 && ht <= excelize.MaxRowHeight {
				if err := ops.SetRowHeight("Sheet1", int(row)%60+2, ht); err != nil {
					t.Fatal(err)
				}
			}
			if colWidth >= 0 && colWidth <= excelize.MaxColumnWidth {
				// Over part of the sheet's B:D range and beyond it.
				first, _ := excelize.ColumnNumberToName(int(col)%40 + 1)
				if err := ops.SetColWidth("Sheet1", "C", first, colWidth); err != nil {
					t.Fatal(err)
				}
			}
			if err := ops.AddComment("Sheet1", c); err != nil {
				t.Skip() // excelize refuses it: nothing to compare
			}
		}
		if err := ed.Flush(); err != nil {
			t.Fatal(err)
		}
		a, b := saveBoth(t, xf, ref)
		direct := plainComment(&c)
		if d := commentPartsDiffer(t, a, b); direct && len(d) > 0 {
			t.Fatal(d[0])
		}
		if g, w := xlsxtest.Describe(t, a), xlsxtest.Describe(t, b); g != w {
			t.Fatalf("differs from excelize (direct %v):\n%s", direct, firstDiff(strings.Split(g, "\n"), strings.Split(w, "\n")))
		}
	})
}

// TestCommentBoxesOddSizes: sizes only a crafted file has. Negative widths
// and heights: the comments Sheets writes are excelize's, byte for byte.
// A default column no pixel wide (a row is always one pixel at least), or
// a zero-width column range past the sheet, where excelize's AddComment
// never returns: Sheets places the boxes it writes up to the sheet's edge, and
// refuses, with an error, a comment it would have to leave to excelize.
func TestCommentBoxesOddSizes(t *testing.T) {
	src := excelize.NewFile()
	if err := src.SetCellStr("Sheet1", "A1", "值"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := src.Write(&buf); err != nil {
		t.Fatal(err)
	}
	const formatPr = `<sheetFormatPr defaultRowHeight="15"></sheetFormatPr>`
	const rows = `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>`
	sheet := func(format, cols, data string) []byte {
		return xlsxtest.Rezip(t, buf.Bytes(), map[string][][2]string{"xl/worksheets/sheet1.xml": {{formatPr + rows, format + cols + data}}}, nil)
	}
	comment := func(cell string) excelize.Comment {
		return excelize.Comment{Cell: cell, Author: "市财政局", Height: 90, Paragraph: []excelize.RichTextRun{{Text: "审核意见"}}}
	}
	for _, c := range []struct {
		name string
		data []byte
		cell string
	}{
		{"negative width", sheet(formatPr, `<cols><col min="2" max="4" width="-5" customWidth="1"/></cols>`, rows), "C3"},
		{"width -1", sheet(formatPr, `<cols><col min="2" max="2" width="-1" customWidth="1"/><col min="2" max="4" width="30" customWidth="1"/></cols>`, rows), "B3"},
		{"negative height", sheet(formatPr, "", `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2" ht="-30" customHeight="1"/><row r="3" ht="40" customHeight="1"/></sheetData>`), "B2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			wb, f, ref := openBoth(t, c.data)
			ed := NewSheets(f, wb.Book())
			for _, ops := range []sheetOps{ed, excelOps{ref}} {
				if err := ops.AddComment("Sheet1", comment(c.cell)); err != nil {
					t.Fatal(err)
				}
			}
			if err := ed.Flush(); err != nil {
				t.Fatal(err)
			}
			a, b := saveBoth(t, f, ref)
			for _, d := range commentPartsDiffer(t, a, b) {
				t.Error(d)
			}
		})
	}
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"no default column width", sheet(`<sheetFormatPr defaultRowHeight="15" defaultColWidth="0.01"></sheetFormatPr>`, "", rows)},
		{"a zero-width range past the sheet", sheet(formatPr, `<cols><col min="2" max="9223372036854775807" width="0" customWidth="1"/></cols>`, rows)},
	} {
		t.Run(c.name, func(t *testing.T) {
			done := make(chan error, 2)
			go func() {
				wb, f, _ := openBoth(t, c.data)
				ed := NewSheets(f, wb.Book())
				if err := ed.AddComment("Sheet1", comment("C3")); err != nil {
					done <- err
					return
				}
				done <- ed.Flush()
			}()
			go func() {
				// A comment Sheets leaves to excelize: one deleted first.
				wb, f, _ := openBoth(t, c.data)
				ed := NewSheets(f, wb.Book())
				if err := ed.DeleteComment("Sheet1", "A1"); err != nil {
					done <- err
					return
				}
				if err := ed.AddComment("Sheet1", comment("C3")); err != nil {
					done <- err
					return
				}
				if err := ed.Flush(); err == nil {
					done <- errors.New("a comment excelize cannot place was left to it")
					return
				}
				done <- nil
			}()
			for range 2 {
				select {
				case err := <-done:
					if ue, ok := errors.AsType[*UnreadableError](err); err != nil && (!ok || ue.Sheet != "Sheet1") {
						t.Error(err)
					}
				case <-time.After(20 * time.Second):
					t.Fatal("placing the comment did not end")
				}
			}
		})
	}
}

// saveBoth saves the workbook changed through Sheets (f) and the one
// changed through excelize (ref) and returns their paths.
func saveBoth(t *testing.T, f, ref *excelize.File) (a, b string) {
	t.Helper()
	dir := t.TempDir()
	a, b = filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "b.xlsx")
	if err := f.SaveAs(a); err != nil {
		t.Fatal(err)
	}
	if err := ref.SaveAs(b); err != nil {
		t.Fatal(err)
	}
	return a, b
}

// commentPartsDiffer compares the parts that carry comments in the saved
// workbook a with those in b, excelize's: the comments, the VML drawings,
// the sheets' relationships and the content types, byte for byte. It says
// how each differs.
func commentPartsDiffer(t *testing.T, a, b string) []string {
	t.Helper()
	got, want := xlsxtest.Parts(t, a), xlsxtest.Parts(t, b)
	var out []string
	for name, w := range want {
		if strings.HasSuffix(name, ".vml") || strings.HasPrefix(name, "xl/comments") || strings.HasPrefix(name, "xl/worksheets/_rels/") || name == "[Content_Types].xml" {
			if g := got[name]; !bytes.Equal(g, w) {
				out = append(out, fmt.Sprintf("%s differs from excelize's:\n%s\nexcelize:\n%s", name, g, w))
			}
		}
	}
	return out
}
