package xlsx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// SheetBuilder builds a worksheet that perfeval writes whole, the annotated
// copy's 审核结果, as its XML part in one go (PutSheet), instead of cell by
// cell through excelize's model of the sheet, which cost as much as the
// rest of the annotation: its cells, merges, column widths, row heights,
// links, page breaks, filter, view, page setup and protection. Text goes
// in as inline strings, not into the shared strings. Its zero value is an
// empty sheet.
type SheetBuilder struct {
	cells   map[int]map[int]builtCell // row → column → cell
	heights map[int]float64           // points
	widths  map[int]float64           // characters
	merges  []string
	links   []builtLink
	breaks  []int  // rows a page starts at
	filter  string // the filtered range, "" for none

	// Selected makes the sheet's tab selected (the active sheet's is).
	Selected bool
	// HideGridLines hides the grid on screen.
	HideGridLines bool
	// FrozenRows are the rows at the top that stay in view, 0 for none.
	FrozenRows int
	// Page is the printed page; nil leaves the program's defaults.
	Page *PageSetup
	// Protection, when set, protects the sheet without a password, as
	// excelize's ProtectSheet does with the same options.
	Protection *excelize.SheetProtectionOptions
}

// PageSetup is a worksheet's printed page.
type PageSetup struct {
	PaperSize   int // 9 is A4
	Landscape   bool
	FitToWidth  int // pages across; with FitToHeight 0, as many down as it takes
	FitToHeight int
	// Margins, in inches.
	Left, Right, Top, Bottom, Header, Footer float64
	// OddFooter is the footer, in Excel's header and footer codes (&P).
	OddFooter string
}

type builtCell struct {
	style int
	kind  byte // 0 styled only, 's' text, 'n' number
	value string
}

type builtLink struct {
	ref, location, tooltip string
}

func (b *SheetBuilder) cell(col, row int) *builtCell {
	if b.cells == nil {
		b.cells = map[int]map[int]builtCell{}
	}
	r := b.cells[row]
	if r == nil {
		r = map[int]builtCell{}
		b.cells[row] = r
	}
	c := r[col]
	return &c
}

func (b *SheetBuilder) put(col, row int, c *builtCell) { b.cells[row][col] = *c }

// SetStr writes text into a cell, keeping its style. Text longer than a
// cell holds (32,767 UTF-16 units) is cut there, as excelize cuts it.
func (b *SheetBuilder) SetStr(col, row int, text string) {
	c := b.cell(col, row)
	c.kind, c.value = 's', truncateUTF16(text, excelize.TotalCellChars)
	b.put(col, row, c)
}

// SetNum writes a number, given as its decimal text (never through a
// float), into a cell, keeping its style.
func (b *SheetBuilder) SetNum(col, row int, number string) {
	c := b.cell(col, row)
	c.kind, c.value = 'n', number
	b.put(col, row, c)
}

// SetStyle gives every cell of the range (c1, r1)–(c2, r2) the style id.
func (b *SheetBuilder) SetStyle(c1, r1, c2, r2, style int) {
	for row := min(r1, r2); row <= max(r1, r2); row++ {
		for col := min(c1, c2); col <= max(c1, c2); col++ {
			c := b.cell(col, row)
			c.style = style
			b.put(col, row, c)
		}
	}
}

// Merge merges the range (c1, r1)–(c2, r2).
func (b *SheetBuilder) Merge(c1, r1, c2, r2 int) {
	b.merges = append(b.merges, rangeName(min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2), false))
}

// SetRowHeight sets a row's height in points.
func (b *SheetBuilder) SetRowHeight(row int, points float64) {
	if b.heights == nil {
		b.heights = map[int]float64{}
	}
	b.heights[row] = points
}

// SetColWidth sets a column's width in characters.
func (b *SheetBuilder) SetColWidth(col int, width float64) {
	if b.widths == nil {
		b.widths = map[int]float64{}
	}
	b.widths[col] = width
}

// Link makes a cell a link to a place in the workbook (location, such as
// 'Sheet'!B5), with a tooltip, and reports whether it did: a sheet holds
// at most excelize.TotalSheetHyperlinks links, as Excel allows.
func (b *SheetBuilder) Link(col, row int, location, tooltip string) bool {
	if len(b.links) >= excelize.TotalSheetHyperlinks {
		return false
	}
	b.links = append(b.links, builtLink{ref: cellName(col, row), location: location, tooltip: tooltip})
	return true
}

// maxPageBreaks is the most manual page breaks Excel keeps on a sheet.
const maxPageBreaks = 1026

// BreakBefore starts a printed page at row; a sheet given more than Excel
// keeps (1,026) is written with none.
func (b *SheetBuilder) BreakBefore(row int) {
	if row > 1 && !slices.Contains(b.breaks, row) {
		b.breaks = append(b.breaks, row)
	}
}

// Filter puts an auto filter on the range (c1, r1)–(c2, r2). The workbook
// names the range too (_xlnm._FilterDatabase): excelize's AutoFilter on
// the sheet excelize made (before PutSheet) writes that name.
func (b *SheetBuilder) Filter(c1, r1, c2, r2 int) {
	b.filter = rangeName(min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2), true)
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

func rangeName(c1, r1, c2, r2 int, abs bool) string {
	a, _ := excelize.CoordinatesToCellName(c1, r1, abs)
	z, _ := excelize.CoordinatesToCellName(c2, r2, abs)
	return a + ":" + z
}

// truncateUTF16 cuts s to at most n UTF-16 units, the way Excel counts a
// cell's characters.
func truncateUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		units += utf16.RuneLen(r)
		if units > n {
			return s[:i]
		}
	}
	return s
}

// escapeCodes escapes text a reader would take for an escaped character
// (_x000D_) by escaping its underscore (_x005F_x000D_), each such
// underscore, also where two share one (_x0041_x0042_).
func escapeCodes(text string) string {
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		if text[i] == '_' && isCode(text[i+1:]) {
			b.WriteString("_x005F_") // the underscore, escaped
			continue
		}
		b.WriteByte(text[i])
	}
	return b.String()
}

// isCode reports whether s starts with the rest of an escaped character
// after its underscore: x, four hexadecimal digits, an underscore.
func isCode(s string) bool {
	if len(s) < 6 || s[0] != 'x' || s[5] != '_' {
		return false
	}
	for _, c := range s[1:5] {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// Bytes returns the sheet's part.
func (b *SheetBuilder) Bytes() []byte {
	var w bytes.Buffer
	w.WriteString(xml.Header)
	w.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`)
	if b.filter != "" || b.Page != nil && b.Page.FitToWidth+b.Page.FitToHeight > 0 {
		w.WriteString(`<sheetPr`)
		if b.filter != "" {
			w.WriteString(` filterMode="1"`)
		}
		w.WriteString(`>`)
		if b.Page != nil && b.Page.FitToWidth+b.Page.FitToHeight > 0 {
			w.WriteString(`<pageSetUpPr fitToPage="1"/>`)
		}
		w.WriteString(`</sheetPr>`)
	}
	rows := sortedKeys(b.cells)
	for r := range b.heights {
		if _, ok := b.cells[r]; !ok {
			rows = append(rows, r)
		}
	}
	slices.Sort(rows)
	lastCol := 1
	for _, r := range b.cells {
		for c := range r {
			lastCol = max(lastCol, c)
		}
	}
	dim := "A1"
	if len(rows) > 0 {
		dim = rangeName(1, 1, lastCol, rows[len(rows)-1], false)
	}
	fmt.Fprintf(&w, `<dimension ref="%s"/>`, dim)
	w.WriteString(`<sheetViews><sheetView`)
	if b.HideGridLines {
		w.WriteString(` showGridLines="0"`)
	}
	if b.Selected {
		w.WriteString(` tabSelected="1"`)
	}
	w.WriteString(` workbookViewId="0"`)
	if b.FrozenRows > 0 {
		top := cellName(1, b.FrozenRows+1)
		fmt.Fprintf(&w, `><pane ySplit="%d" topLeftCell="%s" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="%s" sqref="%s"/></sheetView>`, b.FrozenRows, top, top, top)
	} else {
		w.WriteString(`/>`)
	}
	w.WriteString(`</sheetViews><sheetFormatPr defaultRowHeight="15"/>`)
	if len(b.widths) > 0 {
		w.WriteString(`<cols>`)
		for _, c := range sortedKeys(b.widths) {
			fmt.Fprintf(&w, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, c, c, number(b.widths[c]))
		}
		w.WriteString(`</cols>`)
	}
	w.WriteString(`<sheetData>`)
	for _, r := range rows {
		fmt.Fprintf(&w, `<row r="%d"`, r)
		if h, ok := b.heights[r]; ok {
			fmt.Fprintf(&w, ` ht="%s" customHeight="1"`, number(h))
		}
		cells := b.cells[r]
		if len(cells) == 0 {
			w.WriteString(`/>`)
			continue
		}
		w.WriteString(`>`)
		for _, c := range sortedKeys(cells) {
			writeCell(&w, c, r, cells[c])
		}
		w.WriteString(`</row>`)
	}
	w.WriteString(`</sheetData>`)
	if p := b.Protection; p != nil {
		flag := func(name string, allowed bool) {
			v := "1"
			if allowed {
				v = "0"
			}
			fmt.Fprintf(&w, ` %s="%s"`, name, v)
		}
		w.WriteString(`<sheetProtection sheet="1"`)
		flag("objects", p.EditObjects)
		flag("scenarios", p.EditScenarios)
		flag("formatCells", p.FormatCells)
		flag("formatColumns", p.FormatColumns)
		flag("formatRows", p.FormatRows)
		flag("insertColumns", p.InsertColumns)
		flag("insertRows", p.InsertRows)
		flag("insertHyperlinks", p.InsertHyperlinks)
		flag("deleteColumns", p.DeleteColumns)
		flag("deleteRows", p.DeleteRows)
		flag("selectLockedCells", p.SelectLockedCells)
		flag("sort", p.Sort)
		flag("autoFilter", p.AutoFilter)
		flag("pivotTables", p.PivotTables)
		flag("selectUnlockedCells", p.SelectUnlockedCells)
		w.WriteString(`/>`)
	}
	if b.filter != "" {
		fmt.Fprintf(&w, `<autoFilter ref="%s"/>`, b.filter)
	}
	if len(b.merges) > 0 {
		fmt.Fprintf(&w, `<mergeCells count="%d">`, len(b.merges))
		for _, m := range b.merges {
			fmt.Fprintf(&w, `<mergeCell ref="%s"/>`, m)
		}
		w.WriteString(`</mergeCells>`)
	}
	if len(b.links) > 0 {
		w.WriteString(`<hyperlinks>`)
		for _, l := range b.links {
			fmt.Fprintf(&w, `<hyperlink ref="%s" location="%s" tooltip="%s"/>`, l.ref, attrEscape(l.location), attrEscape(l.tooltip))
		}
		w.WriteString(`</hyperlinks>`)
	}
	if p := b.Page; p != nil {
		fmt.Fprintf(&w, `<pageMargins left="%s" right="%s" top="%s" bottom="%s" header="%s" footer="%s"/>`,
			number(p.Left), number(p.Right), number(p.Top), number(p.Bottom), number(p.Header), number(p.Footer))
		w.WriteString(`<pageSetup`)
		if p.PaperSize != 0 {
			fmt.Fprintf(&w, ` paperSize="%d"`, p.PaperSize)
		}
		if p.Landscape {
			w.WriteString(` orientation="landscape"`)
		}
		if p.FitToWidth+p.FitToHeight > 0 {
			fmt.Fprintf(&w, ` fitToWidth="%d" fitToHeight="%d"`, p.FitToWidth, p.FitToHeight)
		}
		w.WriteString(`/>`)
		if p.OddFooter != "" {
			w.WriteString(`<headerFooter><oddFooter>`)
			_ = xml.EscapeText(&w, []byte(p.OddFooter))
			w.WriteString(`</oddFooter></headerFooter>`)
		}
	}
	// Excel keeps at most 1,026 manual breaks and repairs a sheet with more:
	// such a long sheet is left to break where the application puts it.
	if len(b.breaks) > 0 && len(b.breaks) <= maxPageBreaks {
		breaks := slices.Sorted(slices.Values(b.breaks))
		fmt.Fprintf(&w, `<rowBreaks count="%d" manualBreakCount="%d">`, len(breaks), len(breaks))
		for _, r := range breaks {
			fmt.Fprintf(&w, `<brk id="%d" max="16383" man="1"/>`, r-1)
		}
		w.WriteString(`</rowBreaks>`)
	}
	w.WriteString(`</worksheet>`)
	return w.Bytes()
}

// cellWriter is where a sheet's XML goes: a buffer, a buffered file.
type cellWriter interface {
	io.Writer
	io.StringWriter
}

// writeCell writes a cell of a sheet's XML: text as an inline string, a
// number as its decimal text.
func writeCell(w cellWriter, col, row int, cell builtCell) {
	w.WriteString(`<c r="`)
	w.WriteString(cellName(col, row))
	w.WriteString(`"`)
	if cell.style != 0 {
		w.WriteString(` s="`)
		w.WriteString(strconv.Itoa(cell.style))
		w.WriteString(`"`)
	}
	switch cell.kind {
	case 's':
		w.WriteString(` t="inlineStr"><is><t xml:space="preserve">`)
		text := cell.value
		if strings.Contains(text, "_x") {
			text = escapeCodes(text)
		}
		_ = xml.EscapeText(w, []byte(text))
		w.WriteString(`</t></is></c>`)
	case 'n':
		w.WriteString(`><v>`)
		_ = xml.EscapeText(w, []byte(cell.value))
		w.WriteString(`</v></c>`)
	default:
		w.WriteString(`/>`)
	}
}

func number(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// attrEscape escapes an attribute's value (xml.EscapeText escapes quotes).
func attrEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// sortedKeys returns the keys of a map in order.
func sortedKeys[V any](m map[int]V) []int {
	return slices.Sorted(maps.Keys(m))
}

// SheetPart is the part of sheet, a sheet excelize added to f (NewFile,
// NewSheet): excelize names a new sheet's part after its sheet id.
func SheetPart(f *excelize.File, sheet string) (string, error) {
	if _, err := f.GetSheetIndex(sheet); err != nil {
		return "", err
	}
	for _, s := range f.WorkBook.Sheets.Sheet {
		if strings.EqualFold(s.Name, sheet) {
			return "xl/worksheets/sheet" + strconv.Itoa(s.SheetID) + ".xml", nil
		}
	}
	return "", fmt.Errorf("no sheet %s", sheet)
}

// PutSheet makes data, a whole worksheet (SheetBuilder), the part of
// sheet, a sheet excelize added to f (NewSheet) that nothing has been
// written into but through excelize's workbook-level calls: excelize then
// writes data as it is, where it would have written its model of the
// sheet. excelize names a new sheet's part after its sheet id.
func PutSheet(f *excelize.File, sheet string, data []byte) error {
	part, err := SheetPart(f, sheet)
	if err != nil {
		return err
	}
	if ws, ok := f.Sheet.Load(part); !ok || ws == nil {
		return fmt.Errorf("sheet %s is not one excelize added: no model at %s", sheet, part)
	}
	if rows, err := f.GetRows(sheet); err != nil || len(rows) > 0 {
		return fmt.Errorf("sheet %s is not empty: %d rows written through excelize (%v)", sheet, len(rows), err)
	}
	f.Sheet.Delete(part)
	f.Pkg.Store(part, data)
	return nil
}
