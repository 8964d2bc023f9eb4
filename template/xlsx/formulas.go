package xlsx

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Workbook is a workbook opened by OpenWorkbook: excelize's File, and what
// the container saw of the package while it checked the parts, so that no
// one parses them again for it.
type Workbook struct {
	// file is the workbook as excelize opened it: at once for a workbook
	// without a Book, on first use (Excel) for one with.
	file *excelize.File
	// book is the workbook read without excelize, when it is in the plain
	// shape (Book).
	book *Book
	// data is the file, and trimmed its worksheet parts read without
	// their empty rows, for opening it later (Excel).
	data    []byte
	trimmed map[string][]byte
	names   []string // the parts of the package
	themes  *Themes  // shared with the run's other workbooks (ShareThemes)
	// parts are the XML parts of the package, inflated, by name.
	parts map[string][]byte
	// Formulas lists the formula cells of every worksheet, in the order
	// of the parts and of the cells in each: at most MaxFormulas of them;
	// FormulasOmitted counts the rest.
	Formulas        []Formula
	FormulasOmitted int
	// Reaching lists every formula cell that reaches outside the workbook
	// (FormulaReach), on any sheet, up to maxReaching; ReachingOmitted
	// counts the rest. They are among Formulas too, unless omitted there.
	Reaching        []Formula
	ReachingOmitted int
	// Links are the workbook's external links (xl/externalLinks), in the
	// order formulas number them: [1] is Links[0].
	Links []Link
	// States maps each sheet's name to how the workbook shows it:
	// "visible", "hidden" or "veryHidden".
	States map[string]string
	// sheetParts maps each sheet's name to its worksheet part (ScanSheet).
	sheetParts map[string]string
}

// Limits on what the container keeps of a workbook's formulas. A form has
// a few dozen.
const (
	// MaxFormulas is how many formula cells Workbook.Formulas keeps.
	MaxFormulas = 20_000
	// maxReaching is how many formulas reaching outside the workbook are
	// kept.
	maxReaching = 200
	// maxFormulaText bounds the text kept of one formula or result: Excel
	// allows 8,192 characters in a formula and 32,767 in a cell.
	maxFormulaText = 32 << 10
)

// Formula is one formula cell as the worksheet part stores it.
type Formula struct {
	Sheet string // the sheet's name
	Cell  string // the cell's A1 name
	// Text is the formula, without its "=". A cell that shares the
	// formula of another (t="shared") has that cell's Text, written for
	// that cell, and its name in Shared.
	Text   string
	Shared string
	// Kind is the formula's t attribute: "" (normal), "shared", "array"
	// or "dataTable".
	Kind string
	// Type is the cell's t attribute, the type of its result: "" or "n"
	// a number, "str" text, "b" a boolean, "e" an error value.
	Type string
	// Value is the result saved with the formula, as stored; Cached says
	// one was saved (openpyxl saves none).
	Value  string
	Cached bool
	// Reach says what in it reaches outside the workbook.
	Reach Reach
}

// Link is one external link of a workbook: another workbook, or a DDE or
// OLE link, which Excel offers to update, or updates, on opening.
type Link struct {
	Part string // xl/externalLinks/externalLink1.xml
	// Kind is "book" (another workbook), "dde" or "ole".
	Kind string
	// Target is the other workbook's path or URL, the DDE program and
	// topic (cmd| /C calc), or the OLE program and its file.
	Target string
}

// formulaScan collects the formulas of the worksheet parts while scanZip
// measures them.
type formulaScan struct {
	byPart map[string][]scanned
	parts  []string // in zip order
	buf    bytes.Buffer

	// The cell being read.
	part      string
	cell      scanned
	inCell    bool
	hasF      bool
	capturing byte // 'f' or 'v': the text before the next tag is its content
}

// scanned is a formula cell as its part stores it: a cell of a shared
// formula has the formula's si, and only the first writes its text.
type scanned struct {
	Formula
	si       string
	col, row int // 1-based, as the scan numbers them
}

// cellType returns a cell's t attribute as one of the constant strings
// of the schema, without allocating; "" for any other.
func cellType(t []byte) string {
	for _, s := range []string{"n", "s", "str", "b", "e", "inlineStr", "d"} {
		if string(t) == s {
			return s
		}
	}
	return ""
}

func newFormulaScan() *formulaScan {
	return &formulaScan{byPart: map[string][]scanned{}}
}

// startPart begins the formulas of a worksheet part.
func (fs *formulaScan) startPart(name string) {
	fs.part, fs.inCell, fs.capturing = name, false, 0
	fs.parts = append(fs.parts, name)
}

// tag follows one tag of a worksheet: t has just returned it, at the
// cell's column col.
func (fs *formulaScan) tag(t *tagReader, tag, name []byte, end bool, col int) {
	if fs.capturing != 0 {
		// The text between <f> or <v> and this tag is the content.
		text := html.UnescapeString(fs.buf.String())
		if fs.capturing == 'f' {
			fs.cell.Text = text
		} else {
			// <v></v> is no result, but for a formula of text (t="str"),
			// whose result is the empty string.
			fs.cell.Value, fs.cell.Cached = text, text != "" || fs.cell.Type == "str"
		}
		fs.capturing, t.out = 0, nil
	}
	selfClosing := bytes.HasSuffix(tag, []byte("/"))
	switch string(name) {
	case "c":
		if end {
			fs.endCell()
			return
		}
		fs.endCell() // a cell left open ends where the next begins
		// Nothing is allocated for a cell until it turns out to hold a
		// formula: most cells hold none.
		fs.cell = scanned{Formula: Formula{Type: cellType(attr(tag, "t"))}, col: col, row: t.row}
		fs.inCell, fs.hasF = true, false
		if selfClosing {
			fs.endCell()
		}
	case "f":
		if end || !fs.inCell {
			return
		}
		fs.hasF = true
		fs.cell.Kind = string(attr(tag, "t"))
		if fs.cell.Kind == "shared" {
			fs.cell.si = string(attr(tag, "si"))
		}
		if !selfClosing {
			fs.capture(t, 'f')
		}
	case "v":
		if end || !fs.inCell || !fs.hasF || selfClosing {
			return
		}
		fs.capture(t, 'v')
	}
}

func (fs *formulaScan) capture(t *tagReader, what byte) {
	fs.buf.Reset()
	t.out, t.outMax, fs.capturing = &fs.buf, maxFormulaText, what
}

// endCell keeps the cell being read if it holds a formula.
func (fs *formulaScan) endCell() {
	if !fs.inCell {
		return
	}
	fs.inCell = false
	if fs.hasF && (fs.cell.Text != "" || fs.cell.si != "") {
		fs.cell.Cell, _ = excelize.CoordinatesToCellName(fs.cell.col, fs.cell.row)
		fs.byPart[fs.part] = append(fs.byPart[fs.part], fs.cell)
	}
}

// endPart ends a worksheet part: each cell that shares a formula gets the
// text of the cell that writes it, and the name of that cell in Shared.
func (fs *formulaScan) endPart() {
	fs.endCell()
	fs.capturing = 0
	cells := fs.byPart[fs.part]
	writers := map[string]Formula{}
	for _, c := range cells {
		if _, dup := writers[c.si]; c.si != "" && c.Text != "" && !dup {
			writers[c.si] = c.Formula
		}
	}
	kept := cells[:0]
	for _, c := range cells {
		if c.si != "" && c.Text == "" {
			w, ok := writers[c.si]
			if !ok {
				continue // shares a formula no cell writes: no formula at all
			}
			c.Text, c.Shared = w.Text, w.Cell
		}
		kept = append(kept, c)
	}
	fs.byPart[fs.part] = kept
}

// workbook fills w from the scan: the sheet of each part, the states of
// the sheets and the external links, read from the parts scanZip kept
// (Workbook.parts), so that none is inflated twice.
func (fs *formulaScan) workbook(w *Workbook) {
	read := func(name string) ([]byte, error) {
		if b, ok := w.parts[name]; ok {
			return b, nil
		}
		return nil, fmt.Errorf("no part %s", name)
	}
	wb, err := readWorkbookPart(read)
	if err != nil {
		return
	}
	w.States = map[string]string{}
	w.sheetParts = wb.paths
	for _, s := range wb.sheets {
		state := s.state
		if state == "" {
			state = "visible"
		}
		w.States[s.name] = state
	}
	for _, target := range wb.links {
		w.Links = append(w.Links, readLink(read, target))
	}
	for _, part := range fs.parts {
		sheet, ok := wb.parts[strings.ToLower(part)]
		if !ok {
			continue // a worksheet part no sheet shows
		}
		for _, sc := range fs.byPart[part] {
			c := sc.Formula
			c.Sheet = sheet
			c.Reach = FormulaReach(c.Text)
			if c.Reach.Kind != ReachNone {
				if len(w.Reaching) < maxReaching {
					w.Reaching = append(w.Reaching, c)
				} else {
					w.ReachingOmitted++
				}
			}
			if len(w.Formulas) < MaxFormulas {
				w.Formulas = append(w.Formulas, c)
			} else {
				w.FormulasOmitted++
			}
		}
	}
}

// workbookPart is what the container reads of xl/workbook.xml: the sheets
// with their parts and states, and the external links in order.
type workbookPart struct {
	sheets []struct{ name, state string }
	parts  map[string]string // lower-case part → sheet name
	paths  map[string]string // sheet name → part
	links  []string          // the part of each external link
}

// readWorkbookPart reads xl/workbook.xml and its relationships with the
// tag scanner, not encoding/xml: the part also holds every defined name,
// which the scanner passes over at a fraction of the cost.
func readWorkbookPart(read func(string) ([]byte, error)) (*workbookPart, error) {
	b, err := read("xl/_rels/workbook.xml.rels")
	if err != nil {
		return nil, err
	}
	targets := map[string]string{}
	if err := eachTag(b, func(tag, name []byte) {
		if string(name) != "Relationship" {
			return
		}
		target := xmlAttr(tag, "Target")
		if strings.HasPrefix(target, "/") {
			targets[xmlAttr(tag, "Id")] = strings.TrimPrefix(target, "/")
		} else {
			targets[xmlAttr(tag, "Id")] = path.Join("xl", target)
		}
	}); err != nil {
		return nil, err
	}
	if b, err = read("xl/workbook.xml"); err != nil {
		return nil, err
	}
	out := &workbookPart{parts: map[string]string{}, paths: map[string]string{}}
	err = eachTag(b, func(tag, name []byte) {
		switch string(name) {
		case "sheet":
			s := struct{ name, state string }{xmlAttr(tag, "name"), xmlAttr(tag, "state")}
			out.sheets = append(out.sheets, s)
			if p := targets[relID(tag)]; p != "" {
				out.parts[strings.ToLower(p)] = s.name
				out.paths[s.name] = p
			}
		case "externalReference":
			out.links = append(out.links, targets[relID(tag)])
		}
	})
	return out, err
}

// eachTag calls fn with each start tag of an XML part and its local name.
func eachTag(data []byte, fn func(tag, name []byte)) error {
	// A buffer the size of a small part: no tag is longer than it.
	t := &tagReader{br: bufio.NewReaderSize(bytes.NewReader(data), min(len(data)+16, 32<<10))}
	for {
		tag, name, end, err := t.next()
		switch {
		case errors.Is(err, errLongTag):
			return err
		case err != nil:
			return nil // io.EOF
		case !end:
			fn(tag, name)
		}
	}
}

// xmlAttr returns the unescaped value of a tag's attribute key, or "".
func xmlAttr(tag []byte, key string) string {
	return html.UnescapeString(string(attr(tag, key)))
}

// relID returns the value of a tag's relationship id attribute, r:id
// under whatever prefix the part gives the relationships namespace.
func relID(tag []byte) string {
	for rest := tag; ; {
		i := bytes.Index(rest, []byte(":id="))
		if i < 0 {
			return ""
		}
		// The attribute's name runs back to the space before it: r:id.
		start := bytes.LastIndexAny(rest[:i], " \t\r\n") + 1
		if v := attr(rest, string(rest[start:i+3])); v != nil {
			return html.UnescapeString(string(v))
		}
		rest = rest[i+4:]
	}
}

// readLink reads one external link part and its relationships.
func readLink(read func(string) ([]byte, error), part string) Link {
	l := Link{Part: part}
	b, err := read(part)
	if err != nil {
		return l
	}
	var x struct {
		Book *struct {
			Attr []xml.Attr `xml:",any,attr"`
		} `xml:"externalBook"`
		DDE *struct {
			Service string `xml:"ddeService,attr"`
			Topic   string `xml:"ddeTopic,attr"`
		} `xml:"ddeLink"`
		OLE *struct {
			ProgID string     `xml:"progId,attr"`
			Attr   []xml.Attr `xml:",any,attr"`
		} `xml:"oleLink"`
	}
	if decodeXML(b, &x) != nil {
		return l
	}
	target := func(attrs []xml.Attr) string {
		dir, file := path.Split(part)
		b, err := read(dir + "_rels/" + file + ".rels")
		if err != nil {
			return ""
		}
		var rels opcRels
		if decodeXML(b, &rels) != nil {
			return ""
		}
		for _, a := range attrs {
			if a.Name.Local != "id" || !strings.HasSuffix(a.Name.Space, "relationships") {
				continue
			}
			for _, r := range rels.Rels {
				if r.ID == a.Value {
					return r.Target
				}
			}
		}
		return ""
	}
	switch {
	case x.DDE != nil:
		l.Kind, l.Target = "dde", x.DDE.Service+"|"+x.DDE.Topic
	case x.OLE != nil:
		l.Kind, l.Target = "ole", strings.TrimSpace(x.OLE.ProgID+" "+target(x.OLE.Attr))
	case x.Book != nil:
		l.Kind, l.Target = "book", target(x.Book.Attr)
	}
	return l
}
