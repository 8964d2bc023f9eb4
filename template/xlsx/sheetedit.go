package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// An annotated copy changes a few sheets of a form in many places: styles
// and comments on the cells with findings, the review columns, the 审核意见
// lists, the page setup. Through excelize each such sheet is unmarshalled
// whole for the first change and marshalled again on save, and every text
// goes through the shared strings, which excelize then reads and writes
// whole as well: most of the cost of writing a copy. Sheets makes the same
// changes in the sheet's part instead, the way EditSheet does: it keeps
// the changes, answers the lookups the annotation makes from the sheet as
// scanned (Book) with the changes applied, and writes the part once, in
// Flush. A sheet it cannot edit so (one excelize has parsed, one not in
// the plain shape, a change it does not make) it hands to excelize with
// every change made so far, in order: what the copy holds is the same
// either way.

// Sheets edits the sheets of an opened workbook as excelize's setters do.
// Its methods have the signatures of excelize's, by sheet name; Flush
// writes the sheets edited in their parts before the workbook is saved.
type Sheets struct {
	f     *excelize.File
	book  *Book
	parts map[string]string
	eds   map[string]*sheetEdit
	// valid caches the style ids SetCellStyle has checked.
	valid map[int]bool
}

// NewSheets returns the editor of f's sheets, given the one pass over the
// workbook's parts (OpenWorkbook) that f was opened from; book may be nil,
// and every sheet is then edited through excelize.
func NewSheets(f *excelize.File, book *Book) *Sheets {
	return &Sheets{f: f, book: book, eds: map[string]*sheetEdit{}, valid: map[int]bool{}}
}

// sheetEdit is one sheet's changes.
type sheetEdit struct {
	sheet, part string
	scan        *SheetScan
	geom        *SheetGeometry
	split       *worksheetPart // the part as read, split
	// excel is set once the sheet is excelize's: every change goes there.
	excel bool
	// log replays the changes made so far on excelize, in order; those
	// of comments are made through excelize on Flush.
	log      []logged
	comments bool // the log holds changes of comments

	styles  map[[2]int]int        // by row, column
	values  map[[2]int]*cellValue // by row, column
	heights map[int]float64
	cols    []editCol // the column ranges, once a width is set
	colsSet bool
	merges  []scanMerge
	mergeOK bool // merges changed
	setup   map[string]string
	fit     bool // sheetPr/pageSetUpPr fitToPage
	margins map[string]string
	print   map[string]string // printOptions
	breaks  []int             // manual row breaks (zero-based ids)
	brkSet  bool
	// unselect clears the tab selection of every sheetView.
	unselect bool
}

// logged is one change, as excelize makes it.
type logged struct {
	do      func(f *excelize.File) error
	comment bool
	// box is, for a comment added, its cell's row and its box's height
	// in pixels (excelize's default when 0).
	box struct{ row, height int }
	// add is the comment added, for commentsDirect.
	add *excelize.Comment
}

// cellValue is a value written into a cell: a string, a number, or
// nothing (kind 0).
type cellValue struct {
	kind byte // 's' string, 'n' number, 0 cleared
	text string
}

// editCol is a <col> range: its attributes as written, but for min and max.
type editCol struct {
	min, max int
	attrs    []tagAttr
}

// relationshipsNS is the namespace of r:id attributes.
const relationshipsNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

// worksheetOrder is the order of a worksheet's child elements in the
// schema (CT_Worksheet).
var worksheetOrder = []string{"sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData",
	"sheetCalcPr", "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
	"dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting",
	"dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
	"rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing",
	"legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
	"webPublishItems", "tableParts", "extLst"}

// edit returns the changes of a sheet, deciding on the first call whether
// its part can be edited.
func (s *Sheets) edit(sheet string) *sheetEdit {
	if e, ok := s.eds[sheet]; ok {
		return e
	}
	e := &sheetEdit{sheet: sheet, excel: true}
	s.eds[sheet] = e
	if s.book == nil {
		return e
	}
	if s.parts == nil {
		s.parts = sheetPartsOf(s.f)
	}
	data, part, ok := unparsedPart(s.f, s.parts, sheet)
	if !ok {
		return e
	}
	scan := s.book.Sheet(sheet)
	if scan == nil || scan.values == nil || !scan.vouches(data) {
		return e
	}
	// One pass over the part: its geometry and its split.
	gr := newGeometryReader(part, data, scan)
	p, ok := splitWorksheet(data, gr.take)
	if !ok {
		return e
	}
	geom := gr.done()
	e.part, e.scan, e.geom, e.split, e.excel = part, scan, geom, p, false
	e.styles, e.values, e.heights = map[[2]int]int{}, map[[2]int]*cellValue{}, map[int]float64{}
	e.merges = slices.Clone(scan.merges)
	e.breaks = p.breaks
	return e
}

// Handover gives a sheet to excelize with the changes made so far, for a
// change Sheets does not make: the caller then changes it through
// excelize.
func (s *Sheets) Handover(sheet string) error {
	return s.handover(s.edit(sheet))
}

func (s *Sheets) handover(e *sheetEdit) error {
	if e.excel {
		return nil
	}
	e.excel = true
	log := e.log
	e.log, e.comments = nil, false
	for _, l := range log {
		if err := l.do(s.f); err != nil {
			return err
		}
	}
	return nil
}

// Direct reports whether a sheet's changes are made in its part so far.
func (s *Sheets) Direct(sheet string) bool { return !s.edit(sheet).excel }

// change records a change: made through excelize on a sheet that is
// excelize's, else kept (apply) with its replay.
func (s *Sheets) change(sheet string, replay func(f *excelize.File) error, apply func(e *sheetEdit) (bool, error)) error {
	e := s.edit(sheet)
	if e.excel {
		return replay(s.f)
	}
	ok, err := apply(e)
	if err != nil {
		return err
	}
	if !ok {
		if err := s.handover(e); err != nil {
			return err
		}
		return replay(s.f)
	}
	e.log = append(e.log, logged{do: replay})
	return nil
}

// coords parses a cell name as excelize does.
func coords(cell string) (col, row int, err error) {
	return excelize.CellNameToCoordinates(cell)
}

// GetCellStyle is excelize's GetCellStyle.
func (s *Sheets) GetCellStyle(sheet, cell string) (int, error) {
	e := s.edit(sheet)
	if e.excel {
		return s.f.GetCellStyle(sheet, cell)
	}
	col, row, err := coords(cell)
	if err != nil {
		return 0, err
	}
	return e.style(row, col), nil
}

// style is a cell's style as excelize's GetCellStyle reads it: its own,
// as set or as read, else its row's or column's.
func (e *sheetEdit) style(row, col int) int {
	own, ok := e.styles[[2]int{row, col}]
	if !ok {
		own = e.scan.cells[[2]int{row, col}].style
	}
	if own != 0 {
		return own
	}
	return e.scan.lineStyle(row, col)
}

// GetRowHeight is excelize's GetRowHeight.
func (s *Sheets) GetRowHeight(sheet string, row int) (float64, error) {
	e := s.edit(sheet)
	if e.excel {
		return s.f.GetRowHeight(sheet, row)
	}
	if row < 1 {
		return s.f.GetRowHeight(sheet, row) // excelize's error
	}
	if ht, ok := e.heights[row]; ok {
		return ht, nil
	}
	return e.geom.RowHeight(row), nil
}

// GetColWidth is excelize's GetColWidth.
func (s *Sheets) GetColWidth(sheet, col string) (float64, error) {
	e := s.edit(sheet)
	if e.excel {
		return s.f.GetColWidth(sheet, col)
	}
	c, err := excelize.ColumnNameToNumber(col)
	if err != nil {
		return 0, err
	}
	if !e.colsSet {
		return e.geom.ColWidth(c), nil
	}
	width := 0.0
	for _, r := range e.cols {
		if r.min <= c && c <= r.max {
			if w, err := strconv.ParseFloat(get(r.attrs, "width"), 64); err == nil {
				width = w
			}
		}
	}
	if width != 0 {
		return width, nil
	}
	return e.geom.colWidth, nil
}

// GetCellValue is excelize's GetCellValue with raw values
// (excelize.Options{RawCellValue: true}): a cell a merged range covers
// reads as the range's first.
func (s *Sheets) GetCellValue(sheet, cell string) (string, error) {
	raw := excelize.Options{RawCellValue: true}
	e := s.edit(sheet)
	if e.excel {
		return s.f.GetCellValue(sheet, cell, raw)
	}
	col, row, err := coords(cell)
	if err != nil {
		return "", err
	}
	for _, m := range e.merges {
		if m.col1 <= col && col <= m.col2 && m.row1 <= row && row <= m.row2 {
			row, col = m.row1, m.col1
			break
		}
	}
	if v, ok := e.values[[2]int{row, col}]; ok {
		return v.text, nil
	}
	rows := e.scan.Rows()
	if row > len(rows) || col > len(rows[row-1]) {
		return "", nil
	}
	return rows[row-1][col-1], nil
}

// Orientation is the page orientation excelize's GetPageLayout reads:
// portrait unless the sheet says otherwise.
func (s *Sheets) Orientation(sheet string) (string, error) {
	e := s.edit(sheet)
	if e.excel {
		page, err := s.f.GetPageLayout(sheet)
		if err != nil || page.Orientation == nil {
			return "portrait", err
		}
		return *page.Orientation, nil
	}
	if o, ok := e.setup["orientation"]; ok {
		return o, nil
	}
	if o := e.split.setupAttr("orientation"); o != "" {
		return o, nil
	}
	return "portrait", nil
}

// SetCellStyle is excelize's SetCellStyle.
func (s *Sheets) SetCellStyle(sheet, topLeft, bottomRight string, style int) error {
	return s.change(sheet, func(f *excelize.File) error { return f.SetCellStyle(sheet, topLeft, bottomRight, style) },
		func(e *sheetEdit) (bool, error) {
			c1, r1, err := coords(topLeft)
			if err != nil {
				return false, err
			}
			c2, r2, err := coords(bottomRight)
			if err != nil {
				return false, err
			}
			if !s.validStyle(style) {
				return false, nil // excelize says what is wrong
			}
			for r := min(r1, r2); r <= max(r1, r2); r++ {
				for c := min(c1, c2); c <= max(c1, c2); c++ {
					e.styles[[2]int{r, c}] = style
				}
			}
			return true, nil
		})
}

// validStyle reports whether a style id is one the workbook defines.
func (s *Sheets) validStyle(id int) bool {
	if ok, seen := s.valid[id]; seen {
		return ok
	}
	_, err := s.f.GetStyle(id)
	s.valid[id] = id >= 0 && err == nil
	return s.valid[id]
}

// set writes a value into a cell as excelize's setters do: the cell
// without a style of its own takes its row's or column's; false for a
// cell with a formula, which excelize removes from the calculation chain
// too.
func (e *sheetEdit) set(cell string, v *cellValue) (bool, error) {
	col, row, err := coords(cell)
	if err != nil {
		return false, err
	}
	// A cell a merged range covers: excelize writes the range's first.
	for _, m := range e.merges {
		if m.col1 <= col && col <= m.col2 && m.row1 <= row && row <= m.row2 {
			row, col = m.row1, m.col1
			break
		}
	}
	k := [2]int{row, col}
	if c, ok := e.scan.cells[k]; ok && c.hasF {
		if _, written := e.values[k]; !written {
			return false, nil
		}
	}
	e.styles[k] = e.style(row, col)
	e.values[k] = v
	return true, nil
}

// SetCellStr is excelize's SetCellStr; the cell holds the text inline,
// which every reader reads as it reads a shared string.
func (s *Sheets) SetCellStr(sheet, cell, value string) error {
	return s.change(sheet, func(f *excelize.File) error { return f.SetCellStr(sheet, cell, value) },
		func(e *sheetEdit) (bool, error) {
			return e.set(cell, &cellValue{kind: 's', text: truncateUTF16(value, excelize.TotalCellChars)})
		})
}

// SetCellDefault is excelize's SetCellDefault for a decimal number, or ""
// to clear the cell; another text is excelize's to write.
func (s *Sheets) SetCellDefault(sheet, cell, value string) error {
	return s.change(sheet, func(f *excelize.File) error { return f.SetCellDefault(sheet, cell, value) },
		func(e *sheetEdit) (bool, error) {
			switch {
			case value == "":
				return e.set(cell, &cellValue{})
			case isDecimal(value):
				return e.set(cell, &cellValue{kind: 'n', text: value})
			}
			return false, nil
		})
}

// isDecimal reports whether v is a plain decimal number: -12.5, 3.
func isDecimal(v string) bool {
	v = strings.TrimPrefix(v, "-")
	whole, frac, dot := strings.Cut(v, ".")
	digits := func(s string) bool {
		for _, c := range s {
			if c < '0' || c > '9' {
				return false
			}
		}
		return true
	}
	return whole != "" && digits(whole) && digits(frac) && (!dot || frac != "") && len(v) <= 30
}

// ClearCell is excelize's SetCellValue(sheet, cell, nil).
func (s *Sheets) ClearCell(sheet, cell string) error {
	return s.change(sheet, func(f *excelize.File) error { return f.SetCellValue(sheet, cell, nil) },
		func(e *sheetEdit) (bool, error) { return e.set(cell, &cellValue{}) })
}

// SetRowHeight is excelize's SetRowHeight.
func (s *Sheets) SetRowHeight(sheet string, row int, height float64) error {
	return s.change(sheet, func(f *excelize.File) error { return f.SetRowHeight(sheet, row, height) },
		func(e *sheetEdit) (bool, error) {
			if row < 1 || height < 0 || height > excelize.MaxRowHeight {
				return false, nil // excelize says what is wrong, or resets the height
			}
			e.heights[row] = height
			return true, nil
		})
}

// Unselect clears the tab selection of a sheet, as excelize's
// SetActiveSheet does for the sheets but the active one.
func (s *Sheets) Unselect(sheet string) error {
	return s.change(sheet, func(f *excelize.File) error { return unselectModel(f, sheet) },
		func(e *sheetEdit) (bool, error) {
			for _, t := range e.split.tops {
				if t.name == "sheetViews" {
					if _, ok := unselectViews(e.split.data[t.from:t.to]); !ok {
						return false, nil
					}
				}
			}
			e.unselect = true
			return true, nil
		})
}

// unselectModel clears the tab selection of every sheetView of excelize's
// model of a sheet, which has no setter for it; false when the model has
// no such fields (TestUnselectModel).
func unselectModel(f *excelize.File, sheet string) error {
	// Parses the sheet, if it was not.
	if _, err := f.GetSheetProps(sheet); err != nil {
		return err
	}
	part, ok := sheetPartsOf(f)[sheet]
	if !ok {
		var err error
		if part, err = SheetPart(f, sheet); err != nil { // added since
			return err
		}
	}
	ws, _ := f.Sheet.Load(part)
	if !clearTabSelected(ws) {
		return errors.New("清除工作表选中状态失败：所用的 excelize 版本的工作表模型没有 SheetViews（perfeval 需要与之相符的 excelize 版本）")
	}
	return nil
}

// clearTabSelected sets TabSelected false in each SheetView of excelize's
// model of a worksheet; false when the model has no such fields.
func clearTabSelected(ws any) bool {
	v := reflect.ValueOf(ws)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return false
	}
	views := v.Elem().FieldByName("SheetViews")
	if !views.IsValid() || views.Kind() != reflect.Pointer || views.Type().Elem().Kind() != reflect.Struct {
		return false
	}
	if views.IsNil() {
		return true
	}
	list := views.Elem().FieldByName("SheetView")
	if !list.IsValid() || list.Kind() != reflect.Slice || list.Type().Elem().Kind() != reflect.Struct {
		return false
	}
	for i := range list.Len() {
		sel := list.Index(i).FieldByName("TabSelected")
		if !sel.IsValid() || sel.Kind() != reflect.Bool || !sel.CanSet() {
			return false
		}
		sel.SetBool(false)
	}
	return true
}

// unselectViews is a sheetViews element without the tab selection of its
// sheetViews; false when a tag's attributes do not read.
func unselectViews(views []byte) ([]byte, bool) {
	var out []byte
	at, ok := 0, true
	walked := walkElements(views, func(t tagInfo) bool {
		if t.end || !t.is("sheetView") || !t.in("sheetViews") {
			return true
		}
		if _, sel := t.attr("tabSelected"); !sel {
			return true
		}
		attrs, good := t.attrs()
		if !good {
			ok = false
			return false
		}
		out = append(out, views[at:t.from]...)
		out = append(out, rewrite(t.qname, attrs, t.self, nil, "tabSelected")...)
		at = t.to
		return true
	})
	if !walked || !ok {
		return nil, false
	}
	return append(out, views[at:]...), true
}

// SetColWidth is excelize's SetColWidth.
func (s *Sheets) SetColWidth(sheet, startCol, endCol string, width float64) error {
	return s.change(sheet, func(f *excelize.File) error { return f.SetColWidth(sheet, startCol, endCol, width) },
		func(e *sheetEdit) (bool, error) {
			lo, err1 := excelize.ColumnNameToNumber(startCol)
			hi, err2 := excelize.ColumnNameToNumber(endCol)
			if err1 != nil || err2 != nil || width > excelize.MaxColumnWidth || width < 0 {
				return false, nil // excelize says what is wrong
			}
			if !e.colsSet {
				cols, ok := e.readCols()
				if !ok {
					return false, nil
				}
				e.cols, e.colsSet = cols, true
			}
			e.cols = setColWidth(e.cols, min(lo, hi), max(lo, hi), strconv.FormatFloat(width, 'f', -1, 64))
			return true, nil
		})
}

// readCols reads the sheet's column ranges, in order and apart, as the
// plain shape has them; false for ranges out of order.
func (e *sheetEdit) readCols() ([]editCol, bool) {
	var cols []editCol
	last := 0
	ok := walkElements(e.geom.data, func(t tagInfo) bool {
		if t.end || !t.is("col") || !t.in("cols") {
			return true
		}
		attrs, ok := t.attrs()
		if !ok {
			return false
		}
		lo, err1 := strconv.Atoi(get(attrs, "min"))
		hi, err2 := strconv.Atoi(get(attrs, "max"))
		if err1 != nil || err2 != nil || lo <= last || hi < lo || hi > excelize.MaxColumns {
			return false
		}
		last = hi
		var kept []tagAttr
		for _, a := range attrs {
			if a.name != "min" && a.name != "max" {
				kept = append(kept, a)
			}
		}
		cols = append(cols, editCol{min: lo, max: hi, attrs: kept})
		return true
	})
	return cols, ok
}

// setColWidth sets the width of columns lo to hi, as excelize's
// SetColWidth does: a range they share a part of is split, the part
// keeping its other attributes.
func setColWidth(cols []editCol, lo, hi int, width string) []editCol {
	sized := func(c editCol, from, to int) editCol {
		var attrs []tagAttr
		for _, a := range c.attrs {
			if a.name != "width" && a.name != "customWidth" {
				attrs = append(attrs, a)
			}
		}
		attrs = append(attrs, tagAttr{"width", width, '"'}, tagAttr{"customWidth", "1", '"'})
		return editCol{min: from, max: to, attrs: attrs}
	}
	var out []editCol
	next := lo // the first column of lo..hi no range has given a width yet
	for _, c := range cols {
		if c.max < lo || c.min > hi {
			out = append(out, c)
			continue
		}
		if c.min < lo {
			out = append(out, editCol{min: c.min, max: lo - 1, attrs: c.attrs})
		}
		if next < c.min {
			out = append(out, sized(editCol{}, next, c.min-1))
		}
		out = append(out, sized(c, max(c.min, lo), min(c.max, hi)))
		if c.max > hi {
			out = append(out, editCol{min: hi + 1, max: c.max, attrs: c.attrs})
		}
		next = min(c.max, hi) + 1
	}
	if next <= hi {
		out = append(out, sized(editCol{}, next, hi))
	}
	slices.SortFunc(out, func(a, b editCol) int { return a.min - b.min })
	return out
}

// MergeCell is excelize's MergeCell: the cells the range covers but its
// first are cleared, and ranges it overlaps are merged with it.
func (s *Sheets) MergeCell(sheet, topLeft, bottomRight string) error {
	return s.change(sheet, func(f *excelize.File) error { return f.MergeCell(sheet, topLeft, bottomRight) },
		func(e *sheetEdit) (bool, error) {
			c1, r1, err := coords(topLeft)
			if err != nil {
				return false, err
			}
			c2, r2, err := coords(bottomRight)
			if err != nil {
				return false, err
			}
			c1, c2 = min(c1, c2), max(c1, c2)
			r1, r2 = min(r1, r2), max(r1, r2)
			for r := r1; r <= r2; r++ {
				for c := c1; c <= c2; c++ {
					if r == r1 && c == c1 {
						continue
					}
					k := [2]int{r, c}
					if sc, ok := e.scan.cells[k]; ok && sc.hasF {
						if _, written := e.values[k]; !written {
							return false, nil
						}
					}
					if e.hasValue(r, c) {
						e.values[k] = &cellValue{}
					}
				}
			}
			// Added as it is: excelize joins overlapping ranges when it
			// reads them (GetMergeCells) or writes the sheet, and until
			// then a cell resolves to the first range that holds it.
			e.merges = append(e.merges, scanMerge{ref: rangeName(c1, r1, c2, r2, false), col1: c1, row1: r1, col2: c2, row2: r2})
			e.mergeOK = true
			return true, nil
		})
}

// hasValue reports whether a cell holds a value, as written or as read.
func (e *sheetEdit) hasValue(row, col int) bool {
	if v, ok := e.values[[2]int{row, col}]; ok {
		return v.kind != 0
	}
	rows := e.scan.Rows()
	return row <= len(rows) && col <= len(rows[row-1]) && rows[row-1][col-1] != ""
}

// mergeOverlaps joins overlapping ranges into the range that spans them,
// as excelize does when it writes or reads a sheet's merged ranges: two
// ranges overlap, to excelize, when a corner of one lies in the other
// (overlaps), so that a tall range crossing a wide one is left as it is.
func mergeOverlaps(ms []scanMerge) []scanMerge {
	for joined := true; joined; {
		joined = false
		var out []scanMerge
		used := make([]bool, len(ms))
		for i, a := range ms {
			if used[i] {
				continue
			}
			for j := i + 1; j < len(ms); j++ {
				b := ms[j]
				if used[j] || !overlaps(a, b) {
					continue
				}
				a = scanMerge{col1: min(a.col1, b.col1), row1: min(a.row1, b.row1), col2: max(a.col2, b.col2), row2: max(a.row2, b.row2)}
				used[j], joined = true, true
			}
			out = append(out, a)
		}
		ms = out
	}
	for i := range ms {
		ms[i].ref = rangeName(ms[i].col1, ms[i].row1, ms[i].col2, ms[i].row2, false)
	}
	return ms
}

// overlaps reports whether a corner of one range lies in the other.
func overlaps(a, b scanMerge) bool {
	in := func(col, row int, m scanMerge) bool {
		return m.col1 <= col && col <= m.col2 && m.row1 <= row && row <= m.row2
	}
	return in(a.col1, a.row1, b) || in(a.col2, a.row1, b) || in(a.col1, a.row2, b) || in(a.col2, a.row2, b) ||
		in(b.col1, b.row1, a) || in(b.col2, b.row1, a) || in(b.col1, b.row2, a) || in(b.col2, b.row2, a)
}

// GetMergeCells returns the sheet's merged ranges as excelize's
// GetMergeCells names them, without their values: overlapping ranges
// joined, from then on, as excelize joins them.
func (s *Sheets) GetMergeCells(sheet string) ([]excelize.MergeCell, error) {
	e := s.edit(sheet)
	if e.excel {
		return s.f.GetMergeCells(sheet)
	}
	if joined := mergeOverlaps(slices.Clone(e.merges)); !slices.Equal(joined, e.merges) {
		e.merges, e.mergeOK = joined, true
	}
	out := make([]excelize.MergeCell, len(e.merges))
	for i, m := range e.merges {
		out[i] = excelize.MergeCell{m.ref, ""}
	}
	return out, nil
}

// SetPageLayout is excelize's SetPageLayout for the paper size, the
// orientation and the fit to pages.
func (s *Sheets) SetPageLayout(sheet string, opts *excelize.PageLayoutOptions) error {
	return s.change(sheet, func(f *excelize.File) error { return f.SetPageLayout(sheet, opts) },
		func(e *sheetEdit) (bool, error) {
			if opts == nil {
				return true, nil
			}
			if opts.FirstPageNumber != nil || opts.AdjustTo != nil || opts.BlackAndWhite != nil || opts.PageOrder != nil ||
				opts.Orientation != nil && *opts.Orientation != "portrait" && *opts.Orientation != "landscape" {
				return false, nil
			}
			if e.setup == nil {
				e.setup = map[string]string{}
			}
			if opts.Size != nil {
				e.setup["paperSize"] = strconv.Itoa(*opts.Size)
			}
			if opts.Orientation != nil {
				e.setup["orientation"] = *opts.Orientation
			}
			if opts.FitToWidth != nil {
				e.setup["fitToWidth"] = strconv.Itoa(*opts.FitToWidth)
			}
			if opts.FitToHeight != nil {
				e.setup["fitToHeight"] = strconv.Itoa(*opts.FitToHeight)
			}
			return true, nil
		})
}

// SetSheetProps is excelize's SetSheetProps for FitToPage.
func (s *Sheets) SetSheetProps(sheet string, opts *excelize.SheetPropsOptions) error {
	return s.change(sheet, func(f *excelize.File) error { return f.SetSheetProps(sheet, opts) },
		func(e *sheetEdit) (bool, error) {
			if opts == nil {
				return true, nil
			}
			if *opts != (excelize.SheetPropsOptions{FitToPage: opts.FitToPage}) || opts.FitToPage == nil || !*opts.FitToPage {
				return false, nil
			}
			e.fit = true
			return true, nil
		})
}

// SetPageMargins is excelize's SetPageMargins.
func (s *Sheets) SetPageMargins(sheet string, opts *excelize.PageLayoutMarginsOptions) error {
	return s.change(sheet, func(f *excelize.File) error { return f.SetPageMargins(sheet, opts) },
		func(e *sheetEdit) (bool, error) {
			if opts == nil {
				return true, nil
			}
			if e.margins == nil {
				e.margins, e.print = map[string]string{}, map[string]string{}
			}
			for name, v := range map[string]*float64{"left": opts.Left, "right": opts.Right, "top": opts.Top,
				"bottom": opts.Bottom, "header": opts.Header, "footer": opts.Footer} {
				if v != nil {
					e.margins[name] = strconv.FormatFloat(*v, 'f', -1, 64)
				}
			}
			for name, v := range map[string]*bool{"horizontalCentered": opts.Horizontally, "verticalCentered": opts.Vertically} {
				if v != nil {
					e.print[name] = strconv.FormatBool(*v)
				}
			}
			return true, nil
		})
}

// InsertPageBreak is excelize's InsertPageBreak for a break above a row
// (a cell of column A).
func (s *Sheets) InsertPageBreak(sheet, cell string) error {
	return s.change(sheet, func(f *excelize.File) error { return f.InsertPageBreak(sheet, cell) },
		func(e *sheetEdit) (bool, error) {
			return e.rowBreak(cell, func(id int) {
				if id > 0 && !slices.Contains(e.breaks, id) {
					e.breaks, e.brkSet = append(e.breaks, id), true
				}
			})
		})
}

// RemovePageBreak is excelize's RemovePageBreak on a sheet without
// breaks of its own (as read), where it removes what InsertPageBreak put.
func (s *Sheets) RemovePageBreak(sheet, cell string) error {
	return s.change(sheet, func(f *excelize.File) error { return f.RemovePageBreak(sheet, cell) },
		func(e *sheetEdit) (bool, error) {
			return e.rowBreak(cell, func(id int) {
				if i := slices.Index(e.breaks, id); i >= 0 {
					e.breaks, e.brkSet = slices.Delete(e.breaks, i, i+1), true
				}
			})
		})
}

// rowBreak changes, through change, the break above the row of cell, a
// cell of column A (the break's id is the row above), on a sheet without
// breaks of its own; false for another.
func (e *sheetEdit) rowBreak(cell string, change func(id int)) (bool, error) {
	col, row, err := coords(cell)
	if err != nil {
		return false, err
	}
	if col != 1 || e.breaks == nil {
		return false, nil
	}
	change(row - 1)
	return true, nil
}

// AddComment is excelize's AddComment.
func (s *Sheets) AddComment(sheet string, c excelize.Comment) error {
	err := s.comment(sheet, func(f *excelize.File) error {
		if endlessExcel(f, sheet) {
			return endlessError(sheet) // excelize's AddComment would not return
		}
		return f.AddComment(sheet, c)
	})
	if e := s.eds[sheet]; err == nil && e != nil && !e.excel {
		l := &e.log[len(e.log)-1]
		l.add = &c
		l.box.height = int(c.Height)
		if _, row, err := excelize.CellNameToCoordinates(c.Cell); err == nil {
			l.box.row = row
		} else {
			l.box.row = -1 // excelize says what is wrong; every row then
		}
	}
	return err
}

// DeleteComment is excelize's DeleteComment.
func (s *Sheets) DeleteComment(sheet, cell string) error {
	return s.comment(sheet, func(f *excelize.File) error { return f.DeleteComment(sheet, cell) })
}

// comment keeps a change of comments for Flush, which writes the comments
// added to a sheet without any itself (commentsDirect) and makes the rest
// through excelize on a stand-in of the sheet (commentsOn): comments live
// in parts of their own, and excelize needs of the sheet only its sizes
// and legacyDrawing.
func (s *Sheets) comment(sheet string, do func(f *excelize.File) error) error {
	e := s.edit(sheet)
	if e.excel {
		return do(s.f)
	}
	e.log = append(e.log, logged{do: do, comment: true})
	e.comments = true
	return nil
}

// current returns the sheet's part as it is now: EditSheet may have
// changed it since it was read.
func (e *sheetEdit) current(f *excelize.File) []byte {
	v, ok := f.Pkg.Load(e.part)
	if !ok {
		return nil
	}
	data, _ := v.([]byte)
	return data
}

// sameBytes reports whether a and b are the same bytes in memory.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// Flush writes the sheets edited in their parts, and makes their comments'
// changes. It is called once, after the last change and before the
// workbook is saved.
func (s *Sheets) Flush() error {
	names := make([]string, 0, len(s.eds))
	for name := range s.eds {
		names = append(names, name)
	}
	slices.Sort(names) // comments are numbered in the order they are made
	for _, name := range names {
		e := s.eds[name]
		if e.excel || len(e.log) == 0 {
			continue
		}
		if err := s.flush(e); err != nil {
			return fmt.Errorf("写工作表“%s”：%w", name, err)
		}
	}
	return nil
}

func (s *Sheets) flush(e *sheetEdit) error {
	data := e.current(s.f)
	p, ok := e.split, true
	if !sameBytes(data, p.data) {
		// EditSheet changed it since (a tab selection).
		p, ok = splitWorksheet(data, nil)
	}
	var out []byte
	if ok {
		out, ok = e.render(p, p.legacyID)
	}
	if ws, parsed := s.f.Sheet.Load(e.part); !ok || parsed && ws != nil {
		// Parsed, or changed out of shape, since: excelize's, before any
		// change of comments is made.
		return s.handover(e)
	}
	if e.comments {
		var legacy string
		var err error
		comments, direct := e.directComments(p)
		g, gerr := e.boxGeometry(p) // else excelize says what does not read
		var commentsPart, vmlPart string
		if direct && gerr == nil {
			commentsPart, vmlPart, direct = s.newCommentParts()
		} else {
			direct = false
		}
		switch {
		case direct:
			legacy, err = s.commentsDirect(e, p, comments, g, commentsPart, vmlPart)
		case g != nil && g.endless():
			err = endlessError(e.sheet) // excelize's AddComment would not return
		default:
			legacy, err = s.commentsOn(e, p)
		}
		if err != nil {
			return err
		}
		if legacy != p.legacyID {
			if out, ok = e.render(p, legacy); !ok {
				return errors.New("工作表的部件无法改写") // render read p once already
			}
		}
	}
	s.f.Pkg.Store(e.part, out)
	// Written: a later change is excelize's, on the part as written.
	e.excel, e.log, e.comments = true, nil, false
	return nil
}

// commentsOn makes a sheet's comment changes through excelize on a
// stand-in part, and returns the legacyDrawing's relationship id they
// leave, or "". The stand-in is the sheet's root element, with its
// namespaces, and of the sheet only what excelize reads to make comments:
// the default sizes, the column widths and the row heights, as changed,
// which place each comment's box beside its cell, and the legacyDrawing.
// The boxes are so placed by the sizes as written, where excelize places
// each by those at the time of its AddComment.
func (s *Sheets) commentsOn(e *sheetEdit, p *worksheetPart) (string, error) {
	original, _ := s.f.Pkg.Load(e.part)
	s.f.Pkg.Store(e.part, e.stub(p))
	defer func() {
		s.f.Sheet.Delete(e.part)
		s.f.Pkg.Store(e.part, original)
	}()
	for _, l := range e.log {
		if !l.comment {
			continue
		}
		if err := l.do(s.f); err != nil {
			return "", err
		}
	}
	ws, ok := s.f.Sheet.Load(e.part)
	if !ok {
		return p.legacyID, nil // nothing read the sheet
	}
	id, ok := legacyDrawingRID(ws)
	if !ok {
		return "", errors.New("写批注失败：所用的 excelize 版本的工作表模型没有 LegacyDrawing（perfeval 需要与之相符的 excelize 版本）")
	}
	return id, nil
}

// stub is the stand-in part commentsOn makes comments on.
func (e *sheetEdit) stub(p *worksheetPart) []byte {
	data := p.data
	el := p.el
	var b bytes.Buffer
	b.Write(data[:p.root.from])
	attrs, _ := p.root.attrs()
	var set []tagAttr
	if !has(attrs, "xmlns:r") {
		set = []tagAttr{{"xmlns:r", relationshipsNS, '"'}}
	}
	b.Write(rewrite(p.root.qname, attrs, false, set))
	formatPr := false
	for _, t := range p.tops {
		if t.name == "sheetFormatPr" {
			b.Write(data[t.from:t.to])
			formatPr = true
		}
	}
	if !formatPr && e.fit {
		b.WriteString("<" + el("sheetFormatPr") + ` defaultRowHeight="15"/>`) // as render writes it
	}
	if cols, changed := e.colsXML(el); changed {
		b.Write(cols)
	} else {
		for _, t := range p.tops {
			if t.name == "cols" {
				b.Write(data[t.from:t.to])
			}
		}
	}
	// The rows with a height: excelize gives the others the default. Of
	// them, those the comments' boxes reach.
	b.WriteString("<" + el("sheetData") + ">")
	heights := map[int]string{}
	for _, r := range p.rows {
		if ht, ok := r.tag.attr("ht"); ok {
			heights[r.r] = string(ht)
		}
	}
	for r, ht := range e.heights {
		heights[r] = strconv.FormatFloat(ht, 'f', -1, 64)
	}
	nums := slices.Sorted(maps.Keys(heights))
	reached := e.boxRows(heights, nums, formatPr || e.fit, p)
	for _, r := range nums {
		if reached != nil && !reached[r] {
			continue
		}
		b.WriteString("<" + el("row") + ` r="` + strconv.Itoa(r) + `" ht="` + heights[r] + `" customHeight="1"/>`)
	}
	b.WriteString("</" + el("sheetData") + ">")
	if p.legacyID != "" {
		b.WriteString("<" + el("legacyDrawing") + ` r:id="` + attrEscape(p.legacyID) + `"/>`)
	}
	b.WriteString("</" + string(p.root.qname) + ">")
	return b.Bytes()
}

// boxRows returns the rows, of those with a height (nums, heights), that
// excelize reads to place the boxes of the comments being added, or nil
// for all. It walks down from each comment's row as excelize's
// positionObjectPixels does until the box's height is used up, with each
// height rounded down, so that it goes at least as far; rows it does not
// reach are left out of the stand-in, whose parse is most of a comment's
// cost.
func (e *sheetEdit) boxRows(heights map[int]string, nums []int, formatPr bool, p *worksheetPart) map[int]bool {
	px := func(ht float64) int { return max(int(math.Floor(ht*4/3.4))-1, 0) } // excelize: ⌈ht·4/3.4⌉
	defaultPx := 19                                                           // excelize's 20 when the sheet gives none
	if formatPr {
		ht := 15.0 // as stub and render write it
		for _, t := range p.tops {
			if t.name == "sheetFormatPr" {
				v, ok := t.tag.attr("defaultRowHeight")
				if !ok {
					ht = 0
					break
				}
				f, err := strconv.ParseFloat(string(v), 64)
				if err != nil {
					return nil
				}
				ht = f
			}
		}
		if ht > 0 {
			defaultPx = px(ht)
		}
	}
	reached := map[int]bool{}
	last := 0
	if len(nums) > 0 {
		last = nums[len(nums)-1]
	}
	for _, l := range e.log {
		if !l.comment || l.box.row == 0 {
			continue // a comment deleted: no row is read
		}
		if l.box.row < 0 {
			return nil
		}
		left := l.box.height
		if left == 0 {
			left = 60 // excelize's default
		}
		// One row past where excelize stops, for safety, and none past
		// the last with a height: the rest have the default either way.
		for r, more := l.box.row, 2; r <= last && more > 0; r++ {
			h := defaultPx
			if v, ok := heights[r]; ok {
				f, err := strconv.ParseFloat(v, 64)
				if err != nil || f < 0 || math.IsNaN(f) {
					return nil // excelize's walk goes its own way
				}
				h = px(f)
				reached[r] = true
			}
			if left < h {
				more--
			}
			left -= h
		}
	}
	return reached
}

// legacyDrawingRID reads the relationship id of the legacyDrawing of
// excelize's model of a worksheet, "" when it has none; false when the
// model has no such field (TestLegacyDrawingRID).
func legacyDrawingRID(ws any) (string, bool) {
	v := reflect.ValueOf(ws)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return "", false
	}
	ld := v.Elem().FieldByName("LegacyDrawing")
	if !ld.IsValid() || ld.Kind() != reflect.Pointer || ld.Type().Elem().Kind() != reflect.Struct {
		return "", false
	}
	if ld.IsNil() {
		return "", true
	}
	rid := ld.Elem().FieldByName("RID")
	if !rid.IsValid() || rid.Kind() != reflect.String {
		return "", false
	}
	return rid.String(), true
}
