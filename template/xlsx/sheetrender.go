package xlsx

import (
	"bytes"
	"slices"
	"strconv"
)

// worksheetPart is a worksheet part in the plain shape, split where
// Sheets changes it: its top-level elements, and the rows and cells of
// its sheetData.
type worksheetPart struct {
	data     []byte
	prefix   string // the namespace prefix of the worksheet's elements, or ""
	root     tagInfo
	rootEnd  int // where the root's end tag starts
	tops     []topElement
	rows     []rowElement
	legacyID string // the legacyDrawing's r:id, or ""
	// breaks are the sheet's row breaks, none; nil when it has breaks of
	// its own, which excelize removes in its way.
	breaks []int
}

type topElement struct {
	name     string
	tag      tagInfo
	from, to int
	endFrom  int // where the end tag starts; to for a self-closing one
	// children of sheetPr: name and span
	kids []topElement
}

type rowElement struct {
	r        int
	tag      tagInfo
	from, to int
	endFrom  int // where the end tag starts; to for a self-closing one
	cells    []cellElement
}

type cellElement struct {
	col      int
	tag      tagInfo
	from, to int
	// inner is the content between the start and end tags; empty for a
	// self-closing cell.
	inner [2]int
}

// splitWorksheet splits a part that the sheet scan vouched for, calling
// also, when not nil, with each tag (a geometryReader's take). It
// returns false for a part Sheets does not edit: a top-level element the
// schema does not name, or elements of another namespace prefix than the
// worksheet's, or r: not the relationships namespace.
func splitWorksheet(data []byte, also func(tagInfo) bool) (*worksheetPart, bool) {
	if data == nil {
		return nil, false
	}
	p := &worksheetPart{data: data, breaks: []int{}}
	depth := 0
	var top *topElement
	var row *rowElement
	var cell *cellElement
	breaks := true // the sheet has no page breaks of its own
	ok := walkElements(data, func(t tagInfo) bool {
		if also != nil && !also(t) {
			return false
		}
		if t.end {
			depth--
		}
		// The worksheet's own elements, those Sheets writes or copies
		// among, are in its namespace prefix; an extension's are not.
		own := depth == 1 || depth >= 2 && depth <= 3 && top != nil && (top.name == "sheetData" || top.name == "sheetPr")
		switch {
		case depth == 0 && !t.end:
			if !t.is("worksheet") {
				return false
			}
			p.root, p.prefix = t, string(t.prefix)
			attrs, ok := t.attrs()
			if !ok {
				return false
			}
			for _, a := range attrs {
				if a.name == "xmlns:r" && a.value != relationshipsNS {
					return false
				}
			}
		case depth == 0 && t.end:
			p.rootEnd = t.from
		case own && string(t.prefix) != p.prefix:
			return false
		case depth == 1 && !t.end:
			if !slices.Contains(worksheetOrder, string(t.name)) {
				return false
			}
			p.tops = append(p.tops, topElement{name: string(t.name), tag: t, from: t.from, to: t.to, endFrom: t.to})
			top = &p.tops[len(p.tops)-1]
			switch {
			case t.is("legacyDrawing"):
				id, ok := t.attr("r:id")
				if !ok || len(id) == 0 {
					return false
				}
				p.legacyID = string(id)
			case t.is("rowBreaks") || t.is("colBreaks"):
				breaks = false // the department's: excelize's to change
			}
		case depth == 1 && t.end:
			top.to, top.endFrom = t.to, t.from
		case depth == 2 && top.name == "sheetPr":
			if !t.end {
				top.kids = append(top.kids, topElement{name: string(t.name), tag: t, from: t.from, to: t.to, endFrom: t.to})
			} else {
				k := &top.kids[len(top.kids)-1]
				k.to, k.endFrom = t.to, t.from
			}
		case depth == 2 && top.name == "sheetData":
			if !t.end {
				v, _ := t.attr("r")
				r, err := strconv.Atoi(string(bytes.TrimSpace(v)))
				if err != nil || !t.is("row") {
					return false
				}
				p.rows = append(p.rows, rowElement{r: r, tag: t, from: t.from, to: t.to, endFrom: t.to})
				row = &p.rows[len(p.rows)-1]
			} else {
				row.to, row.endFrom = t.to, t.from
			}
		case depth == 3 && top.name == "sheetData":
			if !t.end {
				ref, _ := t.attr("r")
				c, _, ok := cellRef(ref)
				if !ok || !t.is("c") {
					return false
				}
				row.cells = append(row.cells, cellElement{col: c, tag: t, from: t.from, to: t.to, inner: [2]int{t.to, t.to}})
				cell = &row.cells[len(row.cells)-1]
			} else {
				cell.inner[1], cell.to = t.from, t.to
			}
		}
		if !t.end && !t.self {
			depth++
		}
		return true
	})
	if !ok || p.rootEnd == 0 {
		return nil, false
	}
	// In the schema's order, which render keeps.
	rank := -1
	for _, t := range p.tops {
		r := slices.Index(worksheetOrder, t.name)
		if r < rank {
			return nil, false
		}
		rank = r
	}
	if !breaks {
		p.breaks = nil
	}
	return p, true
}

// el is the qualified name of an element of the worksheet's namespace.
func (p *worksheetPart) el(name string) string {
	if p.prefix != "" {
		return p.prefix + ":" + name
	}
	return name
}

// colsXML is the cols element as changed, nil for none; changed is false
// when no width was set.
func (e *sheetEdit) colsXML(el func(string) string) (cols []byte, changed bool) {
	if !e.colsSet {
		return nil, false
	}
	if len(e.cols) == 0 {
		return nil, true
	}
	var b bytes.Buffer
	b.WriteString("<" + el("cols") + ">")
	for _, c := range e.cols {
		attrs := append([]tagAttr{{"min", strconv.Itoa(c.min), '"'}, {"max", strconv.Itoa(c.max), '"'}}, c.attrs...)
		b.Write(rewrite([]byte(el("col")), attrs, true, nil))
	}
	b.WriteString("</" + el("cols") + ">")
	return b.Bytes(), true
}

// setupAttr returns an attribute of the sheet's pageSetup, or "".
func (p *worksheetPart) setupAttr(name string) string {
	for _, t := range p.tops {
		if t.name == "pageSetup" {
			v, _ := t.tag.attr(name)
			return string(v)
		}
	}
	return ""
}

// render writes the part with the sheet's changes, its legacyDrawing's
// relationship id legacy ("" for none).
func (e *sheetEdit) render(p *worksheetPart, legacy string) ([]byte, bool) {
	data := p.data
	el := p.el
	var out bytes.Buffer
	out.Grow(len(data) + 4096)
	out.Write(data[:p.root.from])
	root := p.root
	if legacy != "" {
		if _, ok := root.attr("xmlns:r"); !ok {
			attrs, _ := root.attrs()
			out.Write(rewrite(root.qname, attrs, false, []tagAttr{{"xmlns:r", relationshipsNS, '"'}}))
		} else {
			out.Write(data[root.from:root.to])
		}
	} else {
		out.Write(data[root.from:root.to])
	}
	// replacement of each element by name; ok false drops it.
	failed := false
	replace := func(name string, orig *topElement) ([]byte, bool, bool) {
		switch name {
		case "sheetViews":
			if !e.unselect || orig == nil {
				return nil, false, false
			}
			views, ok := unselectViews(data[orig.from:orig.to])
			failed = failed || !ok
			return views, true, ok
		case "sheetPr":
			if !e.fit {
				return nil, false, false
			}
			return e.sheetPr(orig, el, data), true, true
		case "sheetFormatPr":
			if orig != nil || !e.fit {
				return nil, false, false
			}
			// excelize's SetSheetProps gives a sheet without one the
			// default row height.
			return []byte("<" + el("sheetFormatPr") + ` defaultRowHeight="15"/>`), true, true
		case "cols":
			cols, changed := e.colsXML(el)
			return cols, len(cols) > 0, changed
		case "sheetData":
			if len(e.values) == 0 && len(e.styles) == 0 && len(e.heights) == 0 {
				return nil, false, false
			}
			return e.sheetData(p, orig, el), true, true
		case "mergeCells":
			if !e.mergeOK {
				return nil, false, false
			}
			merges := mergeOverlaps(slices.Clone(e.merges))
			if len(merges) == 0 {
				return nil, false, true
			}
			var b bytes.Buffer
			b.WriteString("<" + el("mergeCells") + ` count="` + strconv.Itoa(len(merges)) + `">`)
			for _, m := range merges {
				b.WriteString("<" + el("mergeCell") + ` ref="` + m.ref + `"/>`)
			}
			b.WriteString("</" + el("mergeCells") + ">")
			return b.Bytes(), true, true
		case "printOptions":
			return e.attrsOf(orig, "printOptions", e.print, el, data)
		case "pageMargins":
			if len(e.margins) == 0 {
				return nil, false, false
			}
			set := map[string]string{"left": "0", "right": "0", "top": "0", "bottom": "0", "header": "0", "footer": "0"}
			if orig != nil {
				clear(set)
			}
			for k, v := range e.margins {
				set[k] = v
			}
			return e.attrsOf(orig, "pageMargins", set, el, data)
		case "pageSetup":
			return e.attrsOf(orig, "pageSetup", e.setup, el, data)
		case "rowBreaks":
			if !e.brkSet {
				return nil, false, false
			}
			if len(e.breaks) == 0 {
				return nil, false, true
			}
			var b bytes.Buffer
			n := strconv.Itoa(len(e.breaks))
			b.WriteString("<" + el("rowBreaks") + ` count="` + n + `" manualBreakCount="` + n + `">`)
			for _, id := range e.breaks {
				b.WriteString("<" + el("brk") + ` id="` + strconv.Itoa(id) + `" max="16383" man="1"/>`)
			}
			b.WriteString("</" + el("rowBreaks") + ">")
			return b.Bytes(), true, true
		case "legacyDrawing":
			if legacy == p.legacyID {
				return nil, false, false
			}
			if legacy == "" {
				return nil, false, true
			}
			return []byte("<" + el("legacyDrawing") + ` r:id="` + attrEscape(legacy) + `"/>`), true, true
		}
		return nil, false, false
	}
	at := root.to
	i := 0
	for rank, name := range worksheetOrder {
		found := false
		for i < len(p.tops) && p.tops[i].name == name {
			t := &p.tops[i]
			out.Write(data[at:t.from])
			if with, keep, changed := replace(name, t); changed {
				if keep {
					out.Write(with)
				}
			} else {
				out.Write(data[t.from:t.to])
			}
			at, found = t.to, true
			i++
		}
		if i < len(p.tops) && slices.Index(worksheetOrder, p.tops[i].name) < rank {
			return nil, false // out of the schema's order
		}
		if !found {
			if with, keep, changed := replace(name, nil); changed && keep {
				out.Write(with)
			}
		}
	}
	if i != len(p.tops) || failed {
		return nil, false
	}
	out.Write(data[at:])
	return out.Bytes(), true
}

// attrsOf is an element of attributes only (printOptions, pageMargins,
// pageSetup) with set applied, or nothing to change when set is empty.
func (e *sheetEdit) attrsOf(orig *topElement, name string, set map[string]string, el func(string) string, data []byte) ([]byte, bool, bool) {
	if len(set) == 0 {
		return nil, false, false
	}
	var attrs []tagAttr
	qname := []byte(el(name))
	if orig != nil {
		var ok bool
		if attrs, ok = orig.tag.attrs(); !ok {
			return nil, false, false
		}
		qname = orig.tag.qname
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var add []tagAttr
	for _, k := range keys {
		add = append(add, tagAttr{k, attrEscape(set[k]), '"'})
	}
	start := rewrite(qname, attrs, orig == nil || orig.tag.self, add, keys...)
	if orig == nil || orig.tag.self {
		return start, true, true
	}
	// Children (pageSetup has none in the schema; keep what is there).
	return append(start, data[orig.tag.to:orig.to]...), true, true
}

// sheetPr is the sheetPr element with pageSetUpPr fitToPage set.
func (e *sheetEdit) sheetPr(orig *topElement, el func(string) string, data []byte) []byte {
	fit := []tagAttr{{"fitToPage", "1", '"'}}
	if orig == nil {
		return []byte("<" + el("sheetPr") + "><" + el("pageSetUpPr") + ` fitToPage="1"/></` + el("sheetPr") + ">")
	}
	attrs, _ := orig.tag.attrs()
	var b bytes.Buffer
	b.Write(rewrite(orig.tag.qname, attrs, false, nil))
	done := false
	at := orig.tag.to
	for _, k := range orig.kids {
		if k.name == "pageSetUpPr" {
			b.Write(data[at:k.from])
			ka, _ := k.tag.attrs()
			b.Write(rewrite(k.tag.qname, ka, k.tag.self, fit, "fitToPage"))
			if !k.tag.self {
				b.Write(data[k.tag.to:k.to])
			}
			at, done = k.to, true
			continue
		}
		if !done && k.name != "tabColor" && k.name != "outlinePr" {
			b.Write(data[at:k.from])
			b.WriteString("<" + el("pageSetUpPr") + ` fitToPage="1"/>`)
			at, done = k.from, true
		}
	}
	if !orig.tag.self {
		b.Write(data[at:orig.endFrom])
	}
	if !done {
		b.WriteString("<" + el("pageSetUpPr") + ` fitToPage="1"/>`)
	}
	b.WriteString("</" + string(orig.tag.qname) + ">")
	return b.Bytes()
}

// sheetData is the sheetData element with the changed cells and rows.
func (e *sheetEdit) sheetData(p *worksheetPart, orig *topElement, el func(string) string) []byte {
	data := p.data
	byRow := map[int][]int{} // changed columns by row
	for k := range e.styles {
		byRow[k[0]] = append(byRow[k[0]], k[1])
	}
	for k := range e.values {
		if _, ok := e.styles[k]; !ok {
			byRow[k[0]] = append(byRow[k[0]], k[1])
		}
	}
	for r := range e.heights {
		if _, ok := byRow[r]; !ok {
			byRow[r] = nil
		}
	}
	rows := make([]int, 0, len(byRow))
	for r, cols := range byRow {
		slices.Sort(cols)
		byRow[r] = slices.Compact(cols)
		rows = append(rows, r)
	}
	slices.Sort(rows)
	var b bytes.Buffer
	b.Grow(len(data))
	if orig == nil || orig.tag.self {
		b.WriteString("<" + el("sheetData") + ">")
	} else {
		b.Write(data[orig.from:orig.tag.to])
	}
	at := -1 // copied up to here of the original rows
	if orig != nil && !orig.tag.self {
		at = orig.tag.to
	}
	ri := 0
	newRow := func(r int) {
		_, tall := e.heights[r]
		if !tall && !slices.ContainsFunc(byRow[r], func(c int) bool { return !e.blank(nil, r, c) }) {
			return // excelize drops a row with nothing in it
		}
		b.WriteString("<" + el("row") + ` r="` + strconv.Itoa(r) + `"`)
		if ht, ok := e.heights[r]; ok {
			b.WriteString(` ht="` + strconv.FormatFloat(ht, 'f', -1, 64) + `" customHeight="1"`)
		}
		b.WriteString(">")
		for _, c := range byRow[r] {
			e.writeCell(&b, nil, r, c, el, data)
		}
		b.WriteString("</" + el("row") + ">")
	}
	for _, row := range p.rows {
		for ri < len(rows) && rows[ri] < row.r {
			if at >= 0 {
				b.Write(data[at:row.from])
				at = row.from
			}
			newRow(rows[ri])
			ri++
		}
		if ri >= len(rows) || rows[ri] != row.r {
			continue
		}
		r := rows[ri]
		ri++
		b.Write(data[at:row.from])
		attrs, _ := row.tag.attrs()
		var set []tagAttr
		var drop []string
		if ht, ok := e.heights[r]; ok {
			set = []tagAttr{{"ht", strconv.FormatFloat(ht, 'f', -1, 64), '"'}, {"customHeight", "1", '"'}}
			drop = []string{"ht", "customHeight"}
		}
		b.Write(rewrite(row.tag.qname, attrs, false, set, drop...))
		cols := byRow[r]
		ci := 0
		cat := row.tag.to
		for _, c := range row.cells {
			for ci < len(cols) && cols[ci] < c.col {
				b.Write(data[cat:c.from])
				cat = c.from
				e.writeCell(&b, nil, r, cols[ci], el, data)
				ci++
			}
			if ci < len(cols) && cols[ci] == c.col {
				b.Write(data[cat:c.from])
				e.writeCell(&b, &c, r, c.col, el, data)
				cat = c.to
				ci++
			}
		}
		if !row.tag.self {
			b.Write(data[cat:row.endFrom])
		}
		for ; ci < len(cols); ci++ {
			e.writeCell(&b, nil, r, cols[ci], el, data)
		}
		b.WriteString("</" + string(row.tag.qname) + ">")
		at = row.to
	}
	if at >= 0 && len(p.rows) > 0 {
		b.Write(data[at:p.rows[len(p.rows)-1].to])
		at = p.rows[len(p.rows)-1].to
	}
	for ; ri < len(rows); ri++ {
		newRow(rows[ri])
	}
	if orig == nil || orig.tag.self {
		b.WriteString("</" + el("sheetData") + ">")
	} else {
		if at < 0 {
			at = orig.tag.to
		}
		b.Write(data[at:orig.to])
	}
	return b.Bytes()
}

// blank reports whether a changed cell ends with neither a style nor a
// value: excelize does not write such a cell.
func (e *sheetEdit) blank(orig *cellElement, row, col int) bool {
	k := [2]int{row, col}
	st, styled := e.styles[k]
	v, valued := e.values[k]
	if !styled && orig != nil {
		// The cell keeps its style.
		s, _ := orig.tag.attr("s")
		if n, err := strconv.Atoi(string(bytes.TrimSpace(s))); err == nil {
			st = n
		}
	}
	return st == 0 && (valued && v.kind == 0 || !valued && orig == nil)
}

// writeCell writes a changed cell: orig as read, or nil for a new one.
func (e *sheetEdit) writeCell(b *bytes.Buffer, orig *cellElement, row, col int, el func(string) string, data []byte) {
	k := [2]int{row, col}
	if e.blank(orig, row, col) {
		return
	}
	var attrs []tagAttr
	qname := []byte(el("c"))
	if orig != nil {
		attrs, _ = orig.tag.attrs()
		qname = orig.tag.qname
	} else {
		attrs = []tagAttr{{"r", cellName(col, row), '"'}}
	}
	st, styled := e.styles[k]
	v, valued := e.values[k]
	var set []tagAttr
	drop := []string{}
	if styled {
		drop = append(drop, "s")
		if st != 0 {
			set = append(set, tagAttr{"s", strconv.Itoa(st), '"'})
		}
	}
	if !valued {
		if orig == nil {
			b.Write(rewrite(qname, attrs, true, set, drop...))
			return
		}
		b.Write(rewrite(qname, attrs, orig.tag.self, set, drop...))
		if !orig.tag.self {
			b.Write(data[orig.inner[0]:orig.to])
		}
		return
	}
	drop = append(drop, "t")
	switch v.kind {
	case 's':
		set = append(set, tagAttr{"t", "inlineStr", '"'})
		b.Write(rewrite(qname, attrs, false, set, drop...))
		b.Write(inlineStringXML(p0(qname), v.text))
	case 'n':
		b.Write(rewrite(qname, attrs, false, set, drop...))
		b.WriteString("<" + el("v") + ">" + v.text + "</" + el("v") + ">")
	default:
		b.Write(rewrite(qname, attrs, true, set, drop...))
		return
	}
	b.WriteString("</" + string(qname) + ">")
}

// p0 is the namespace prefix of a qualified name, or "".
func p0(qname []byte) string {
	if i := bytes.IndexByte(qname, ':'); i >= 0 {
		return string(qname[:i])
	}
	return ""
}
