package xlsx

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// SheetScan is what one pass over a worksheet part found of what the
// reader of a form looks up beside the values: each cell's style, type and
// formula, the rows' and columns' styles, the hidden columns and the merged
// ranges. It answers these lookups as excelize's whole-sheet model does
// (GetCellStyle, GetCellType, GetCellFormula, GetColVisible,
// GetMergeCells), without excelize unmarshalling the sheet.
//
// Workbook.ScanSheet makes one only for a sheet in the plain shape every
// spreadsheet program saves: rows and cells numbered in order, merged
// ranges that do not overlap, well-formed XML. For anything else excelize
// normalises the sheet in ways the scan does not repeat, and the caller
// asks excelize.
type SheetScan struct {
	cells    map[[2]int]scanCell // by row, column: cells with a style, a type or a formula
	rowStyle map[int]int
	cols     []scanCol
	merges   []scanMerge
	// values holds the raw value of every cell, by row, as excelize's row
	// reader returns them (Rows), when the scan read values (Book);
	// hidden the rows the sheet hides.
	values *sheetValues
	// part is the part the scan read and vouched for.
	part []byte
}

// vouches reports whether the scan read exactly data: the part is in the
// plain shape without being scanned again.
func (s *SheetScan) vouches(data []byte) bool {
	return s != nil && s.cells != nil && bytes.Equal(s.part, data)
}

// sheetValues is what a scan with values keeps beside the lookups, and
// the state of the cell being read.
type sheetValues struct {
	rows   [][]string
	hidden map[int]bool
	sst    []string
	// The cell being read: its <v>, its inline string.
	v, is       string
	hasV, hasIS bool
	vFrom       int // where the text of an open <v> starts, or -1
	isFrom      int // where an open <is> starts, or -1
}

// Rows returns the sheet's rows as excelize's row reader gives them with
// raw values: one slice per row from the first to the last row the part
// holds, each up to its last cell with a value or a formula. It returns
// nil for a scan without values.
func (s *SheetScan) Rows() [][]string {
	if s.values == nil {
		return nil
	}
	return s.values.rows
}

// RowHidden reports whether the sheet hides a row.
func (s *SheetScan) RowHidden(row int) bool {
	return s.values != nil && s.values.hidden[row]
}

// scanSheetValues is scanSheetPart collecting the values too, with the
// workbook's shared strings.
func scanSheetValues(data []byte, sst []string) (*SheetScan, bool) {
	return scanWorksheet(data, true, &sheetValues{sst: sst, hidden: map[int]bool{}, vFrom: -1, isFrom: -1})
}

type scanCell struct {
	style   int
	typ     string
	formula string
	hasF    bool
	shared  bool // a shared formula: its text is the first cell's, translated
}

type scanCol struct {
	min, max, style int
	hidden          bool
}

type scanMerge struct {
	ref                    string
	col1, row1, col2, row2 int
}

// ScanSheet scans the worksheet part of the named sheet, as opened. It
// returns false when the sheet has no part in memory (excelize keeps a very
// large one in a temporary file), when its XML is not well-formed, or when
// it is not in the plain shape (see SheetScan): the caller then asks
// excelize, whose verdict on a damaged sheet stands.
func (w *Workbook) ScanSheet(name string) (*SheetScan, bool) {
	if w != nil && w.book != nil {
		s := w.book.scans[name]
		return s, s != nil
	}
	data, ok := w.sheetPart(name)
	if !ok {
		return nil, false
	}
	s, ok := scanSheetPart(data, true)
	return s, ok
}

// SheetWellFormed reports whether the named sheet's part is well-formed
// XML in the plain shape, as far as one pass over its tags tells. A false
// says only that the scan cannot vouch for the sheet: the caller asks
// excelize whether it is damaged.
func (w *Workbook) SheetWellFormed(name string) bool {
	data, ok := w.sheetPart(name)
	if !ok {
		return false
	}
	_, ok = scanSheetPart(data, false)
	return ok
}

// sheetPart returns the bytes of a sheet's part, as read.
func (w *Workbook) sheetPart(name string) ([]byte, bool) {
	if w == nil || w.sheetParts == nil {
		return nil, false
	}
	part, ok := w.sheetParts[name]
	if !ok {
		return nil, false
	}
	data, ok := w.parts[part]
	return data, ok
}

// Style returns the style of a cell as excelize's GetCellStyle does: the
// cell's own, else its row's, else the first column range's with one.
func (s *SheetScan) Style(row, col int) int {
	if c := s.cells[[2]int{row, col}]; c.style != 0 {
		return c.style
	}
	return s.lineStyle(row, col)
}

// lineStyle is the style excelize gives a cell without one of its own:
// its row's, else the first column range's with one.
func (s *SheetScan) lineStyle(row, col int) int {
	if st := s.rowStyle[row]; st != 0 {
		return st
	}
	for _, c := range s.cols {
		if c.min <= col && col <= c.max && c.style != 0 {
			return c.style
		}
	}
	return 0
}

// at returns the cell excelize's cell lookups read for a position: a cell
// a merged range covers reads as the range's first cell.
func (s *SheetScan) at(row, col int) scanCell {
	for _, m := range s.merges {
		if m.col1 <= col && col <= m.col2 && m.row1 <= row && row <= m.row2 {
			row, col = m.row1, m.col1
			break
		}
	}
	return s.cells[[2]int{row, col}]
}

// Type returns a cell's t attribute, as excelize's GetCellType reads it.
func (s *SheetScan) Type(row, col int) string {
	return s.at(row, col).typ
}

// Formula returns a cell's formula as excelize's GetCellFormula does. It
// returns false for a cell of a shared formula, whose text excelize
// translates from the first cell's: the caller asks excelize.
func (s *SheetScan) Formula(row, col int) (string, bool) {
	c := s.at(row, col)
	if c.shared {
		return "", false
	}
	return c.formula, true
}

// ColHidden reports whether the workbook hides a column, as excelize's
// GetColVisible tells: the last column range that holds it decides.
func (s *SheetScan) ColHidden(col int) bool {
	hidden := false
	for _, c := range s.cols {
		if c.min <= col && col <= c.max {
			hidden = c.hidden
		}
	}
	return hidden
}

// Merges returns the merged ranges as excelize's GetMergeCells names them
// ("B5:B7"), in the order of the part.
func (s *SheetScan) Merges() []string {
	out := make([]string, len(s.merges))
	for i, m := range s.merges {
		out[i] = m.ref
	}
	return out
}

// scanSheetPart walks a worksheet part once. It checks that the tags nest
// up to the end of the first element, as encoding/xml reads a part, and,
// when collect is set, keeps what SheetScan answers. It returns false for
// a part it cannot vouch for.
func scanSheetPart(data []byte, collect bool) (*SheetScan, bool) {
	return scanWorksheet(data, collect, nil)
}

func scanWorksheet(data []byte, collect bool, values *sheetValues) (*SheetScan, bool) {
	if !utf8.Valid(data) {
		return nil, false // encoding/xml refuses it
	}
	s := &SheetScan{values: values, part: data}
	if collect {
		s.cells = map[[2]int]scanCell{}
		s.rowStyle = map[int]int{}
	}
	var stack [][]byte
	rooted := false
	row, col := 0, 0
	inCell := false
	var cell scanCell
	formulaFrom := -1 // where the text of an open <f> starts
	pos := 0
	for {
		i := bytes.IndexByte(data[pos:], '<')
		if i < 0 {
			break
		}
		start := pos + i
		rest := data[start+1:]
		switch {
		case bytes.HasPrefix(rest, []byte("!--")):
			j := bytes.Index(rest, []byte("-->"))
			if j < 0 {
				return nil, false
			}
			pos = start + 1 + j + 3
			continue
		case len(rest) > 0 && (rest[0] == '!' || rest[0] == '?'):
			// CDATA or a declaration: not in what a program saves inside
			// a worksheet but for the XML declaration.
			if len(stack) > 0 || bytes.HasPrefix(rest, []byte("![CDATA[")) {
				return nil, false
			}
			j := bytes.IndexByte(rest, '>')
			if j < 0 {
				return nil, false
			}
			pos = start + 1 + j + 1
			continue
		}
		j := bytes.IndexByte(rest, '>')
		if j < 0 {
			return nil, false
		}
		tag := rest[:j]
		textEnd, textFrom := start, pos
		pos = start + 1 + j + 1
		end := len(tag) > 0 && tag[0] == '/'
		selfClosing := !end && len(tag) > 0 && tag[len(tag)-1] == '/'
		qname := tag
		if end {
			qname = tag[1:]
		}
		if k := bytes.IndexAny(qname, " \t\r\n/"); k >= 0 {
			qname = qname[:k]
		}
		if len(qname) == 0 || !end && !attrsOK(tag[len(qname):]) {
			return nil, false
		}
		if text := data[textFrom:textEnd]; bytes.IndexByte(text, '&') >= 0 {
			if _, ok := unescape(bytes.ReplaceAll(text, []byte("\r"), nil)); !ok {
				return nil, false
			}
		}
		var parent []byte
		switch {
		case end && len(stack) > 1:
			parent = stack[len(stack)-2]
		case !end && len(stack) > 0:
			parent = stack[len(stack)-1]
		}
		if k := bytes.IndexByte(parent, ':'); k >= 0 {
			parent = parent[k+1:]
		}
		if end {
			if len(stack) == 0 || !bytes.Equal(stack[len(stack)-1], qname) {
				return nil, false
			}
			stack = stack[:len(stack)-1]
		} else if !selfClosing {
			stack = append(stack, qname)
		}
		name := qname
		if k := bytes.IndexByte(name, ':'); k >= 0 {
			name = name[k+1:]
		}
		if collect {
			if !s.tag(tag, name, string(parent), end, selfClosing, &row, &col, &inCell, &cell, &formulaFrom, data, pos, textEnd) {
				return nil, false
			}
		}
		rooted = true
		if rooted && len(stack) == 0 {
			// encoding/xml reads a part's first element and no further.
			if !collect {
				return nil, true
			}
			return s, !inCell
		}
	}
	return nil, false
}

// tag takes in one tag of a worksheet for SheetScan; false when the sheet
// is not in the plain shape.
func (s *SheetScan) tag(tag, name []byte, parent string, end, selfClosing bool, row, col *int, inCell *bool, cell *scanCell, formulaFrom *int, data []byte, after, before int) bool {
	if want := parentOf(string(name)); want != "" && parent != want {
		// The same name elsewhere, such as an <xm:f> of a rule in the
		// extensions.
		return *formulaFrom < 0 || end
	}
	switch string(name) {
	case "row":
		if end {
			return true
		}
		r, err := strconv.Atoi(strings.TrimSpace(string(attr(tag, "r"))))
		if err != nil || r <= *row || r > excelize.TotalRows {
			return false
		}
		*row, *col = r, 0
		if vs := s.values; vs != nil {
			for len(vs.rows) < r {
				vs.rows = append(vs.rows, nil)
			}
			if v := attr(tag, "hidden"); v != nil {
				if bytes.IndexByte(v, '&') >= 0 {
					return false
				}
				if h, err := strconv.ParseBool(string(v)); err == nil && h {
					vs.hidden[r] = true
				}
			}
		}
		if v := attr(tag, "s"); v != nil {
			st, ok := intAttr(v)
			if !ok {
				return false
			}
			if st != 0 {
				s.rowStyle[r] = st
			}
		}
	case "c":
		if end {
			if !*inCell {
				return false
			}
			*inCell = false
			if cell.style != 0 || cell.typ != "" || cell.hasF {
				s.cells[[2]int{*row, *col}] = *cell
			}
			return s.endValue(*row, *col, cell)
		}
		if *inCell || *row == 0 {
			return false
		}
		ref := string(attr(tag, "r"))
		c, r, err := excelize.CellNameToCoordinates(ref)
		if err != nil || r != *row || c <= *col || strings.ContainsAny(ref, "$abcdefghijklmnopqrstuvwxyz") {
			return false
		}
		*col = c
		*cell = scanCell{typ: string(attr(tag, "t"))}
		if vs := s.values; vs != nil {
			vs.v, vs.is, vs.hasV, vs.hasIS = "", "", false, false
		}
		if v := attr(tag, "s"); v != nil {
			st, ok := intAttr(v)
			if !ok {
				return false
			}
			cell.style = st
		}
		if strings.Contains(cell.typ, "&") {
			return false
		}
		if selfClosing {
			if cell.style != 0 || cell.typ != "" {
				s.cells[[2]int{*row, *col}] = *cell
			}
		} else {
			*inCell = true
		}
	case "f":
		if !*inCell {
			return false
		}
		if end {
			if *formulaFrom < 0 {
				return false
			}
			text, ok := unescape(data[*formulaFrom:before])
			if !ok {
				return false
			}
			cell.formula, *formulaFrom = text, -1
			return true
		}
		if cell.hasF {
			return false
		}
		cell.hasF = true
		if string(attr(tag, "t")) == "shared" && attr(tag, "si") != nil {
			cell.shared = true
		}
		if !selfClosing {
			*formulaFrom = after
		}
	case "col":
		if end {
			return true
		}
		c := scanCol{}
		var ok bool
		if c.min, ok = intAttr(attr(tag, "min")); !ok {
			return false
		}
		if c.max, ok = intAttr(attr(tag, "max")); !ok {
			return false
		}
		if v := attr(tag, "style"); v != nil {
			if c.style, ok = intAttr(v); !ok {
				return false
			}
		}
		if v := attr(tag, "hidden"); v != nil {
			h, err := strconv.ParseBool(strings.TrimSpace(string(v)))
			if err != nil {
				return false
			}
			c.hidden = h
		}
		s.cols = append(s.cols, c)
	case "mergeCell":
		if end {
			return true
		}
		ref := string(attr(tag, "ref"))
		from, to, ok := strings.Cut(ref, ":")
		if !ok || strings.ContainsAny(ref, "$abcdefghijklmnopqrstuvwxyz") {
			return false
		}
		c1, r1, err1 := excelize.CellNameToCoordinates(from)
		c2, r2, err2 := excelize.CellNameToCoordinates(to)
		if err1 != nil || err2 != nil || c1 > c2 || r1 > r2 {
			return false
		}
		m := scanMerge{ref: ref, col1: c1, row1: r1, col2: c2, row2: r2}
		for _, o := range s.merges {
			if m.col1 <= o.col2 && o.col1 <= m.col2 && m.row1 <= o.row2 && o.row1 <= m.row2 {
				return false // excelize joins overlapping ranges
			}
		}
		s.merges = append(s.merges, m)
	case "v", "is":
		if s.values == nil || !*inCell {
			return s.values == nil || end
		}
		return s.valueTag(string(name), data, end, selfClosing, after, before)
	default:
		if *formulaFrom >= 0 && !end {
			return false // markup inside a formula
		}
		if vs := s.values; vs != nil && vs.vFrom >= 0 && !end {
			return false // markup inside a value
		}
	}
	return true
}

// valueTag takes in a <v> or <is> tag of a cell, for a scan with values.
func (s *SheetScan) valueTag(name string, data []byte, end, selfClosing bool, after, before int) bool {
	vs := s.values
	switch {
	case name == "v" && end:
		if vs.vFrom < 0 {
			return false
		}
		text, ok := unescape(data[vs.vFrom:before])
		if !ok {
			return false
		}
		vs.v, vs.vFrom = text, -1
	case name == "v":
		if vs.hasV || vs.isFrom >= 0 {
			return false // excelize keeps the last of two
		}
		vs.hasV = true
		if !selfClosing {
			vs.vFrom = after
		}
	case name == "is" && end:
		if vs.isFrom < 0 {
			return false
		}
		var is inlineString
		if err := xml.Unmarshal(data[vs.isFrom:after], &is); err != nil {
			return false
		}
		text, ok := is.text()
		if !ok {
			return false
		}
		vs.is, vs.isFrom = text, -1
	case name == "is":
		if vs.hasIS || vs.vFrom >= 0 {
			return false
		}
		vs.hasIS = true
		if !selfClosing {
			vs.isFrom = before
		}
	}
	return true
}

// endValue records the value of the cell just read at row and col, for a
// scan with values: kept when it is not empty or the cell has a formula,
// as excelize's row reader keeps it.
func (s *SheetScan) endValue(row, col int, cell *scanCell) bool {
	vs := s.values
	if vs == nil {
		return true
	}
	if vs.vFrom >= 0 || vs.isFrom >= 0 {
		return false
	}
	v, ok := rawValue(cell.typ, vs.v, vs.hasIS, vs.is, vs.sst)
	if !ok {
		return false
	}
	if v == "" && !cell.hasF {
		return true
	}
	r := vs.rows[row-1]
	for len(r) < col-1 {
		r = append(r, "")
	}
	vs.rows[row-1] = append(r, v)
	return true
}

// intAttr parses an integer attribute as encoding/xml does.
func intAttr(v []byte) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(string(v)))
	return n, err == nil
}

// unescape decodes the text of an element as encoding/xml does, for the
// text a worksheet holds: the five entities and character references. It
// returns false for anything else (another entity, a carriage return,
// which XML folds).
func unescape(b []byte) (string, bool) {
	if bytes.IndexByte(b, '\r') >= 0 {
		return "", false
	}
	if bytes.IndexByte(b, '&') < 0 {
		return string(b), true
	}
	var out strings.Builder
	for len(b) > 0 {
		i := bytes.IndexByte(b, '&')
		if i < 0 {
			out.Write(b)
			break
		}
		out.Write(b[:i])
		b = b[i+1:]
		j := bytes.IndexByte(b, ';')
		if j < 0 {
			return "", false
		}
		ent := string(b[:j])
		b = b[j+1:]
		switch ent {
		case "amp":
			out.WriteByte('&')
		case "lt":
			out.WriteByte('<')
		case "gt":
			out.WriteByte('>')
		case "quot":
			out.WriteByte('"')
		case "apos":
			out.WriteByte('\'')
		default:
			var n uint64
			var err error
			switch {
			case strings.HasPrefix(ent, "#x"):
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			case strings.HasPrefix(ent, "#"):
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			default:
				return "", false
			}
			if err != nil || n == 0 || n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF) {
				return "", false
			}
			out.WriteRune(rune(n))
		}
	}
	return out.String(), true
}

// parentOf returns the element a worksheet element SheetScan reads is
// found in, or "".
func parentOf(name string) string {
	switch name {
	case "row":
		return "sheetData"
	case "c":
		return "row"
	case "f":
		return "c"
	case "col":
		return "cols"
	case "mergeCell":
		return "mergeCells"
	case "v", "is":
		return "c"
	}
	return ""
}
