package xlsx

import (
	"bytes"
	"encoding/xml"
	"slices"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// excelize parses a whole worksheet for the first lookup or change of any
// cell in it, and writes a parsed sheet again from its model when the
// workbook is saved: for a sheet of a few hundred cells that is a couple of
// milliseconds each way. A sheet that an annotated copy changes in one or
// two places (the 填报说明 sentence that counts the sheets, a tab
// selection) is changed here in its part instead, as excelize would change
// it, and read here as excelize would read it. Both work on a sheet
// excelize has not parsed whose part is in the plain shape SheetScan
// vouches for, and say when they cannot: the caller then asks excelize.

// SheetGeometry is what excelize's GetColWidth, GetRowHeight and
// GetMergeCells answer for a sheet, read in one pass over its part.
type SheetGeometry struct {
	// part and data are the sheet's part as read, which Edit edits.
	part     string
	data     []byte
	cols     []geomCol
	heights  map[int]float64 // rows with a height, by number
	lastRow  int
	colWidth float64 // of a column no range gives a width
	rowHt    float64 // of a row without a height
	merges   []string
}

type geomCol struct {
	min, max int
	width    float64
	hasWidth bool
}

// ReadSheetGeometry reads the column widths, row heights and merged ranges
// of a sheet excelize has not parsed. It returns false when excelize has
// parsed the sheet, its part is not at hand, is not in the plain shape, or
// holds a value excelize would fail to parse: the caller asks excelize.
// known, when not nil, is the sheet as the container's pass read it
// (Book.Sheet): a part that is still exactly what it read is not checked
// for the plain shape again.
func ReadSheetGeometry(f *excelize.File, sheet string, known *SheetScan) (*SheetGeometry, bool) {
	return readSheetGeometry(f, sheetPartsOf(f), sheet, known)
}

// readSheetGeometry is ReadSheetGeometry given the sheets' parts
// (sheetPartsOf).
func readSheetGeometry(f *excelize.File, parts map[string]string, sheet string, known *SheetScan) (*SheetGeometry, bool) {
	data, part, ok := unparsedPart(f, parts, sheet)
	if !ok {
		return nil, false
	}
	scan := known
	if !known.vouches(data) {
		if scan, ok = scanSheetPart(data, true); !ok {
			return nil, false
		}
	}
	gr := newGeometryReader(part, data, scan)
	if !walkElements(data, gr.take) {
		return nil, false
	}
	return gr.done(), true
}

// geometryReader reads a SheetGeometry from the tags of a sheet's part,
// one at a time (take), so that another pass over the part can read it
// too.
type geometryReader struct {
	g            *SheetGeometry
	defColWidth  float64
	defRowHt     float64
	baseColWidth uint64
	customHt     bool
}

func newGeometryReader(part string, data []byte, scan *SheetScan) *geometryReader {
	return &geometryReader{g: &SheetGeometry{part: part, data: data, heights: map[int]float64{}, colWidth: 9.140625, rowHt: 15, merges: scan.Merges()}}
}

// take reads one tag; false for a value excelize would fail to parse.
// Each attribute is read as encoding/xml reads it into excelize's model;
// one that does not read fails excelize, which then says why.
func (gr *geometryReader) take(t tagInfo) bool {
	g := gr.g
	num := func(name string, parse func(string) error) bool {
		v, ok := t.attr(name)
		return !ok || parse(string(bytes.TrimSpace(v))) == nil
	}
	var err error
	switch {
	case t.end:
	case t.is("sheetFormatPr") && t.in("worksheet"):
		return num("defaultColWidth", func(v string) error { gr.defColWidth, err = strconv.ParseFloat(v, 64); return err }) &&
			num("baseColWidth", func(v string) error { gr.baseColWidth, err = strconv.ParseUint(v, 10, 8); return err }) &&
			num("defaultRowHeight", func(v string) error { gr.defRowHt, err = strconv.ParseFloat(v, 64); return err }) &&
			num("customHeight", func(v string) error { gr.customHt, err = strconv.ParseBool(v); return err })
	case t.is("col") && t.in("cols"):
		var c geomCol
		_, c.hasWidth = t.attr("width")
		g.cols = append(g.cols, c)
		last := &g.cols[len(g.cols)-1]
		return num("min", func(v string) error { last.min, err = strconv.Atoi(v); return err }) &&
			num("max", func(v string) error { last.max, err = strconv.Atoi(v); return err }) &&
			num("width", func(v string) error { last.width, err = strconv.ParseFloat(v, 64); return err })
	case t.is("row") && t.in("sheetData"):
		r := 0
		if !num("r", func(v string) error { r, err = strconv.Atoi(v); return err }) {
			return false
		}
		g.lastRow = max(g.lastRow, r)
		if _, has := t.attr("ht"); has {
			return num("ht", func(v string) error { g.heights[r], err = strconv.ParseFloat(v, 64); return err })
		}
	}
	return true
}

// done returns the geometry read.
func (gr *geometryReader) done() *SheetGeometry {
	g := gr.g
	switch {
	case gr.defColWidth > 0:
		g.colWidth = gr.defColWidth
	case gr.baseColWidth > 0:
		g.colWidth = float64(gr.baseColWidth)
	}
	if gr.customHt {
		g.rowHt = gr.defRowHt
	}
	return g
}

// ColWidth returns a column's width (1-based), as GetColWidth does: the
// last column range that holds it and gives a width, else the sheet's
// default.
func (g *SheetGeometry) ColWidth(col int) float64 {
	width := 0.0
	for _, c := range g.cols {
		if c.min <= col && col <= c.max && c.hasWidth {
			width = c.width
		}
	}
	if width != 0 {
		return width
	}
	return g.colWidth
}

// RowHeight returns a row's height (1-based), as GetRowHeight does.
func (g *SheetGeometry) RowHeight(row int) float64 {
	if ht, ok := g.heights[row]; ok && row <= g.lastRow {
		return ht
	}
	return g.rowHt
}

// Merges returns the merged ranges as GetMergeCells names them ("A5:D5").
func (g *SheetGeometry) Merges() []string { return g.merges }

// Edit is EditSheet on the sheet g was read from, which it does not check
// again while the sheet's part is the one g read.
func (g *SheetGeometry) Edit(f *excelize.File, e SheetEdits) bool {
	if !heightsOK(e) {
		return false
	}
	if ws, ok := f.Sheet.Load(g.part); ok && ws != nil {
		return false
	}
	v, ok := f.Pkg.Load(g.part)
	if !ok {
		return false
	}
	data, ok := v.([]byte)
	if !ok || len(data) != len(g.data) || len(data) == 0 || &data[0] != &g.data[0] {
		return false
	}
	return editChecked(f, g.part, data, e)
}

// SheetEdits are changes EditSheet makes to a sheet.
type SheetEdits struct {
	// Text writes a string into cells, by row and column (1-based): each
	// cell keeps its style and becomes an inline string, which Excel, WPS,
	// LibreOffice and excelize read as they read a shared one. Each cell
	// must be in the part, holding at most a value.
	Text map[[2]int]string
	// Heights sets rows' heights in points, as SetRowHeight does; each
	// row must be in the part, each height at most excelize.MaxRowHeight.
	Heights map[int]float64
	// Unselect clears the sheet's tab selection.
	Unselect bool
}

// EditSheet makes edits to a sheet excelize has not parsed, in its part,
// which excelize then writes as it is. It returns false, having changed
// nothing, when excelize has parsed the sheet, its part is not at hand or
// not in the plain shape, or a cell or row to change is not in it or a
// cell holds more than a value: the caller makes the change through
// excelize.
func EditSheet(f *excelize.File, sheet string, e SheetEdits) bool {
	if !heightsOK(e) {
		return false
	}
	data, part, ok := unparsedPart(f, sheetPartsOf(f), sheet)
	if !ok {
		return false
	}
	return editPart(f, part, data, e)
}

// heightsOK reports whether the heights to set are ones SetRowHeight
// takes; excelize says what is wrong with another.
func heightsOK(e SheetEdits) bool {
	for _, ht := range e.Heights {
		if ht < 0 || ht > excelize.MaxRowHeight {
			return false
		}
	}
	return true
}

// editPart makes edits to a sheet's part, data, as EditSheet does.
func editPart(f *excelize.File, part string, data []byte, e SheetEdits) bool {
	if _, ok := scanSheetPart(data, false); !ok {
		return false
	}
	return editChecked(f, part, data, e)
}

// editChecked is editPart on a part the sheet scan has vouched for.
func editChecked(f *excelize.File, part string, data []byte, e SheetEdits) bool {
	type splice struct {
		from, to int
		with     []byte
	}
	var splices []splice
	found := map[[2]int]bool{}
	rows := map[int]bool{}
	row := 0
	cell := -1 // the splice of a cell whose end tag is to come
	// Rows and cells in order, each cell in its row, as SheetScan wants
	// them: a cell named twice could not be told from the one excelize reads.
	col := 0
	ok := walkElements(data, func(t tagInfo) bool {
		switch {
		case cell >= 0 && t.is("c") && t.end:
			splices[cell].to = t.to
			cell = -1
		case cell >= 0 && !(t.is("v") && t.in("c")):
			return false // a formula, a rich value: excelize decides
		case t.end:
		case t.is("sheetView") && t.in("sheetViews") && e.Unselect:
			if _, sel := t.attr("tabSelected"); !sel {
				return true
			}
			attrs, ok := t.attrs()
			if !ok {
				return false
			}
			splices = append(splices, splice{t.from, t.to, rewrite(t.qname, attrs, t.self, nil, "tabSelected")})
		case t.is("row") && t.in("sheetData"):
			v, _ := t.attr("r")
			r, err := strconv.Atoi(string(bytes.TrimSpace(v)))
			if err != nil || r <= row {
				return false
			}
			row, col = r, 0
			if ht, set := e.Heights[r]; set {
				attrs, ok := t.attrs()
				if !ok {
					return false
				}
				rows[r] = true
				v := strconv.FormatFloat(ht, 'f', -1, 64)
				splices = append(splices, splice{t.from, t.to, rewrite(t.qname, attrs, t.self, []tagAttr{{"ht", v, '"'}, {"customHeight", "1", '"'}}, "ht", "customHeight")})
			}
		case t.is("c") && t.in("row") && len(e.Text) > 0:
			ref, _ := t.attr("r")
			c, r, ok := cellRef(ref)
			if !ok || r != row || c <= col {
				return false
			}
			col = c
			k := [2]int{r, c}
			text, set := e.Text[k]
			if !set {
				return true
			}
			attrs, ok := t.attrs()
			if !ok {
				return false
			}
			found[k] = true
			with := rewrite(t.qname, attrs, false, []tagAttr{{"t", "inlineStr", '"'}}, "t")
			with = append(with, inlineStringXML(string(t.prefix), text)...)
			with = append(with, "</"+string(t.qname)+">"...)
			if t.self {
				splices = append(splices, splice{t.from, t.to, with})
				return true
			}
			cell = len(splices)
			splices = append(splices, splice{t.from, -1, with})
		}
		return true
	})
	if !ok || cell >= 0 || len(found) != len(e.Text) || len(rows) != len(e.Heights) {
		return false
	}
	if len(splices) == 0 {
		return true
	}
	var out bytes.Buffer
	out.Grow(len(data) + 256)
	at := 0
	for _, s := range splices {
		out.Write(data[at:s.from])
		out.Write(s.with)
		at = s.to
	}
	out.Write(data[at:])
	// Each splice puts well-formed tags in place of well-formed tags, so the
	// part stays in the plain shape (FuzzEditSheet).
	f.Pkg.Store(part, out.Bytes())
	return true
}

// inlineStringXML is the <is> element of an inline string cell, its elements
// in the cell's namespace prefix.
func inlineStringXML(prefix, text string) []byte {
	var b bytes.Buffer
	p := ""
	if prefix != "" {
		p = prefix + ":"
	}
	b.WriteString("<" + p + "is><" + p + `t xml:space="preserve">`)
	_ = xml.EscapeText(&b, []byte(text))
	b.WriteString("</" + p + "t></" + p + "is>")
	return b.Bytes()
}

// unparsedPart returns the part of a sheet excelize has not parsed, and
// its name, given the sheets' parts (sheetPartsOf); false when excelize
// has parsed it or the part is not at hand.
func unparsedPart(f *excelize.File, parts map[string]string, sheet string) ([]byte, string, bool) {
	part, ok := parts[sheet]
	if !ok {
		return nil, "", false
	}
	if ws, ok := f.Sheet.Load(part); ok && ws != nil {
		return nil, "", false
	}
	v, ok := f.Pkg.Load(part)
	if !ok {
		return nil, "", false
	}
	data, ok := v.([]byte)
	return data, part, ok
}

// tagAttr is an attribute of a tag, its value as written (escaped), and
// the quote around it.
type tagAttr struct {
	name, value string
	quote       byte
}

// tagInfo is one tag of a part: where it is, its names and its parent's
// local name, all within the part's bytes.
type tagInfo struct {
	from, to     int    // data[from:to] is the tag, < to >
	body         []byte // between the name and > (or />)
	qname        []byte
	prefix, name []byte
	parent       []byte
	end, self    bool
}

// is reports whether the tag's local name is name.
func (t tagInfo) is(name string) bool { return string(t.name) == name }

// in reports whether the tag's parent's local name is name.
func (t tagInfo) in(name string) bool { return string(t.parent) == name }

// attrs returns the tag's attributes, as attrsOK reads them.
func (t tagInfo) attrs() ([]tagAttr, bool) {
	var attrs []tagAttr
	ok := eachAttr(t.body, func(name, value []byte, quote byte) {
		attrs = append(attrs, tagAttr{name: string(name), value: string(value), quote: quote})
	})
	if !ok {
		return nil, false
	}
	return attrs, true
}

// attr returns the value of the tag's attribute name as written, as attrs
// reads it, without allocating; the last one, as encoding/xml reads an
// attribute given twice.
func (t tagInfo) attr(name string) (value []byte, found bool) {
	return lastAttr(t.body, name)
}

// cellRef parses a cell reference as Excel writes it, A1 to XFD1048576,
// without allocating.
func cellRef(b []byte) (col, row int, ok bool) {
	i := 0
	for i < len(b) && b[i] >= 'A' && b[i] <= 'Z' {
		col = col*26 + int(b[i]-'A'+1)
		i++
	}
	if i == 0 || i > 3 || col > excelize.MaxColumns || i == len(b) || b[i] == '0' {
		return 0, 0, false
	}
	for ; i < len(b); i++ {
		if b[i] < '0' || b[i] > '9' {
			return 0, 0, false
		}
		row = row*10 + int(b[i]-'0')
		if row > excelize.TotalRows {
			return 0, 0, false
		}
	}
	return col, row, true
}

// get returns the value of an attribute as written, or "".
func get(attrs []tagAttr, name string) string {
	for _, a := range attrs {
		if a.name == name {
			return a.value
		}
	}
	return ""
}

func has(attrs []tagAttr, name string) bool {
	for _, a := range attrs {
		if a.name == name {
			return true
		}
	}
	return false
}

// rewrite returns a start tag of qname with attrs but those named in drop,
// then set.
func rewrite(qname []byte, attrs []tagAttr, self bool, set []tagAttr, drop ...string) []byte {
	var b bytes.Buffer
	b.WriteByte('<')
	b.Write(qname)
	for _, a := range attrs {
		if slices.Contains(drop, a.name) {
			continue
		}
		b.WriteString(" " + a.name + "=" + string(a.quote) + a.value + string(a.quote))
	}
	for _, a := range set {
		b.WriteString(" " + a.name + `="` + a.value + `"`)
	}
	if self {
		b.WriteByte('/')
	}
	b.WriteByte('>')
	return b.Bytes()
}

// walkElements calls visit for each element tag of a part that scanSheetPart
// has vouched for, in order, until visit returns false; it returns false
// then. The tag's slices are the part's bytes.
func walkElements(data []byte, visit func(tagInfo) bool) bool {
	var stack [][]byte
	pos := 0
	for {
		i := bytes.IndexByte(data[pos:], '<')
		if i < 0 {
			return true
		}
		start := pos + i
		rest := data[start+1:]
		switch {
		case bytes.HasPrefix(rest, []byte("!--")):
			j := bytes.Index(rest, []byte("-->"))
			if j < 0 {
				return false
			}
			pos = start + 1 + j + 3
			continue
		case len(rest) > 0 && (rest[0] == '!' || rest[0] == '?'):
			j := bytes.IndexByte(rest, '>')
			if j < 0 {
				return false
			}
			pos = start + 1 + j + 1
			continue
		}
		j := bytes.IndexByte(rest, '>')
		if j < 0 {
			return false
		}
		tag := rest[:j]
		pos = start + 1 + j + 1
		t := tagInfo{from: start, to: pos}
		t.end = len(tag) > 0 && tag[0] == '/'
		t.self = !t.end && len(tag) > 0 && tag[len(tag)-1] == '/'
		q := tag
		if t.end {
			q = tag[1:]
		}
		for k, c := range q {
			if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' {
				q = q[:k]
				break
			}
		}
		t.qname, t.name = q, q
		if k := bytes.IndexByte(q, ':'); k >= 0 {
			t.prefix, t.name = q[:k], q[k+1:]
		}
		if !t.end {
			t.body = tag[len(q):]
			if t.self {
				t.body = t.body[:len(t.body)-1]
			}
		}
		switch {
		case t.end && len(stack) > 1:
			t.parent = stack[len(stack)-2]
		case !t.end && len(stack) > 0:
			t.parent = stack[len(stack)-1]
		}
		if t.end {
			if len(stack) == 0 {
				return false
			}
			stack = stack[:len(stack)-1]
		} else if !t.self {
			stack = append(stack, t.name)
		}
		if !visit(t) {
			return false
		}
		if len(stack) == 0 {
			return true
		}
	}
}
