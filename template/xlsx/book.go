package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Book is a workbook in the plain shape every spreadsheet program saves,
// read from the one pass the container makes over its parts: the sheets in
// order, the defined names, the date system, the number format of each
// cell style and one SheetScan per sheet, with its values. The reader of a
// form reads a Book without excelize; it answers what excelize would, and
// the differential tests of template hold it to that.
//
// OpenWorkbook makes a Book only when every part excelize parses on
// opening is well-formed XML and every sheet is in the plain shape
// (SheetScan); for any other workbook excelize opens it and reads it, and
// its verdict stands.
type Book struct {
	// Sheets are the names of the sheets, in the workbook's order.
	Sheets []string
	// Defined are the defined names, as excelize's GetDefinedName gives
	// them.
	Defined []excelize.DefinedName
	// Date1904 is set for a workbook in the 1904 date system.
	Date1904 bool
	// Macros are the macro parts (Macros).
	Macros []string
	styles bookStyles
	scans  map[string]*SheetScan // by sheet name
	// parts are the XML parts as the one pass inflated them, trimmed
	// those that were trimmed (originalPart).
	parts, trimmed map[string][]byte
}

// originalPart returns an XML part of the file as it holds it, inflated;
// false for a part the pass did not keep or trimmed.
func (b *Book) originalPart(name string) ([]byte, bool) {
	if b == nil {
		return nil, false
	}
	if _, cut := b.trimmed[name]; cut {
		return nil, false
	}
	data, ok := b.parts[name]
	return data, ok
}

// Sheet returns the scan of a sheet, with its values, or nil when the
// workbook has no sheet of that name.
func (b *Book) Sheet(name string) *SheetScan {
	return b.scans[name]
}

// NumFmt returns the number format of a cell style as excelize's GetStyle
// reports it: a built-in format's id, or the code of a custom one. It
// returns false for a style the workbook does not have.
func (b *Book) NumFmt(style int) (id int, custom *string, ok bool) {
	if style < 0 || style >= len(b.styles.xfs) {
		return 0, nil, false
	}
	n := b.styles.xfs[style]
	if n < 0 {
		return 0, nil, true // no numFmtId
	}
	if builtInNumFmt(n) {
		return n, nil, true
	}
	if code, ok := b.styles.codes[n]; ok {
		return 0, &code, true
	}
	return 0, nil, true
}

// builtInNumFmt reports whether excelize takes a number format id for one
// of its built-in formats, and then ignores a custom format of that id:
// 0 to 4, 9 to 22 and 37 to 49, and the East Asian ids 27 to 36, 50 to 62
// and 67 to 81.
func builtInNumFmt(id int) bool {
	in := func(lo, hi int) bool { return lo <= id && id <= hi }
	return in(0, 4) || in(9, 22) || in(37, 49) || in(27, 36) || in(50, 62) || in(67, 81)
}

// bookStyles is what a Book keeps of xl/styles.xml.
type bookStyles struct {
	xfs   []int          // each cell style's numFmtId, -1 when it has none
	codes map[int]string // the custom number formats by id
}

// buildBook makes the Book of a workbook from its kept parts, or returns
// nil when the workbook is not in the plain shape. parts holds every XML
// part of the package by its name, as scanZip kept them; names lists all
// the parts.
func buildBook(names []string, parts map[string][]byte, w *Workbook) *Book {
	for _, name := range names {
		lower := strings.ToLower(name)
		switch {
		case strings.ContainsRune(name, '\\'):
			return nil // excelize renames such a part
		case lower == "[content_types].xml" && name != contentTypesPart,
			lower == "xl/sharedstrings.xml" && name != sharedStringsPart:
			return nil // excelize renames it
		}
	}
	// Every part excelize parses when it opens a workbook must parse.
	for _, name := range []string{contentTypesPart, "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/theme/theme1.xml", "xl/calcChain.xml", sharedStringsPart} {
		data, kept := parts[name]
		if !kept {
			if name == "xl/workbook.xml" || name == "xl/_rels/workbook.xml.rels" || slices.Contains(names, name) {
				return nil // missing, or too large to keep
			}
			continue
		}
		if _, ok := scanSheetPart(data, false); !ok {
			return nil
		}
	}
	read := func(name string) ([]byte, error) {
		if b, ok := parts[name]; ok {
			return b, nil
		}
		return nil, fmt.Errorf("no part %s", name)
	}
	main, macros := mainAndMacros(names, parts, read)
	if main != "xl/workbook.xml" || w.sheetParts == nil {
		return nil
	}
	b, ok := readBookWorkbook(parts["xl/workbook.xml"])
	if !ok {
		return nil
	}
	b.Macros = macros
	if b.styles, ok = readStyles(parts["xl/styles.xml"]); !ok {
		return nil
	}
	var sst []string
	if data, kept := parts[sharedStringsPart]; kept {
		if sst, ok = readSharedStrings(data); !ok {
			return nil
		}
	}
	for _, name := range b.Sheets {
		part, ok := w.sheetParts[name]
		if !ok {
			return nil
		}
		data, ok := parts[part]
		if !ok {
			return nil
		}
		s, ok := scanSheetValues(data, sst)
		if !ok {
			return nil
		}
		b.scans[name] = s
	}
	return b
}

// mainAndMacros returns the workbook part and the macro parts of a
// package, as readPackage does; without a word of macros in the content
// types, the relationships or the part names, it reads only the package's
// relationships, with the tag scanner.
func mainAndMacros(names []string, parts map[string][]byte, read func(string) ([]byte, error)) (string, []string) {
	for _, name := range names {
		marker := strings.Contains(strings.ToLower(name), "vbaproject")
		if _, rels := relsSource(name); rels || name == contentTypesPart {
			data := parts[name]
			marker = marker || data == nil || bytes.Contains(data, []byte("vbaProject")) || bytes.Contains(data, []byte("extensibility"))
		}
		if marker {
			p := readPackage(names, read)
			return p.main, p.macros
		}
	}
	main := "xl/workbook.xml"
	walkTags(parts["_rels/.rels"], func(tag, name []byte, end, _ bool, _ []byte) bool {
		if !end && string(name) == "Relationship" && strings.HasSuffix(xmlAttr(tag, "Type"), relOfficeDocument) && xmlAttr(tag, "TargetMode") != "External" {
			main = relTarget("", xmlAttr(tag, "Target"))
		}
		return true
	})
	return main, nil
}

// readBookWorkbook reads xl/workbook.xml, well-formed, with the tag
// scanner, as encoding/xml reads excelize's model of it: the date system,
// the sheets' names and the defined names. It returns false for a value
// encoding/xml would refuse or a name it cannot vouch for.
func readBookWorkbook(data []byte) (*Book, bool) {
	b := &Book{scans: map[string]*SheetScan{}}
	var stack []string
	var local []*int // each defined name's sheet
	textFrom := -1
	ok := walkTagsAt(data, func(tag, name []byte, end, selfClosing bool, before, after int) bool {
		n := string(name)
		if end {
			if len(stack) == 0 || stack[len(stack)-1] != n {
				return false
			}
			stack = stack[:len(stack)-1]
			if n == "definedName" && textFrom >= 0 {
				text, ok := unescape(data[textFrom:before])
				if !ok {
					return false
				}
				b.Defined[len(b.Defined)-1].RefersTo, textFrom = text, -1
			}
			return true
		}
		if textFrom >= 0 {
			return false // markup inside a defined name
		}
		path := strings.Join(append(stack, n), ">")
		switch path {
		case "workbook>workbookPr":
			if v := attr(tag, "date1904"); v != nil {
				text, ok := unescape(v)
				if !ok {
					return false
				}
				d, err := strconv.ParseBool(strings.TrimSpace(text))
				if err != nil {
					return false
				}
				b.Date1904 = d
			}
		case "workbook>sheets>sheet":
			sheet, ok := unescape(attr(tag, "name"))
			if _, dup := b.scans[sheet]; !ok || dup {
				return false
			}
			b.scans[sheet] = nil
			b.Sheets = append(b.Sheets, sheet)
		case "workbook>definedNames>definedName":
			d := excelize.DefinedName{Scope: "Workbook"}
			var ok1, ok2 bool
			d.Name, ok1 = unescape(attr(tag, "name"))
			d.Comment, ok2 = unescape(attr(tag, "comment"))
			if !ok1 || !ok2 {
				return false
			}
			var sheet *int
			if v := attr(tag, "localSheetId"); v != nil {
				text, ok := unescape(v)
				n, err := strconv.Atoi(strings.TrimSpace(text))
				if !ok || err != nil {
					return false
				}
				sheet = &n
			}
			local = append(local, sheet)
			b.Defined = append(b.Defined, d)
			if !selfClosing {
				textFrom = after
			}
		}
		if !selfClosing {
			stack = append(stack, n)
		}
		return true
	})
	if !ok || len(b.Sheets) == 0 {
		return nil, false
	}
	for i, n := range local {
		if n != nil && *n >= 0 {
			b.Defined[i].Scope = ""
			if *n < len(b.Sheets) {
				b.Defined[i].Scope = b.Sheets[*n]
			}
		}
	}
	return b, true
}

// sharedStringsPart is the shared strings part as excelize names it.
const sharedStringsPart = "xl/sharedStrings.xml"

// readStyles reads the number format of each cell style (cellXfs) and the
// workbook's custom number formats from xl/styles.xml, with the tag
// scanner. A workbook without the part has no styles.
func readStyles(data []byte) (bookStyles, bool) {
	st := bookStyles{}
	if data == nil {
		return st, true
	}
	custom := map[int]string{}
	in := ""
	ok := walkTags(data, func(tag, name []byte, end, selfClosing bool, _ []byte) bool {
		switch n := string(name); {
		case n == "numFmts" || n == "cellXfs":
			if end {
				in = ""
			} else if !selfClosing {
				in = n
			}
		case end:
		case n == "numFmt" && in == "numFmts":
			id, ok := intAttr(attr(tag, "numFmtId"))
			code, okCode := unescape(attr(tag, "formatCode"))
			if !ok || !okCode {
				return false
			}
			custom[id] = code // of two of one id, excelize takes the last
		case n == "xf" && in == "cellXfs":
			id := -1
			if v := attr(tag, "numFmtId"); v != nil {
				var ok bool
				if id, ok = intAttr(v); !ok || id < 0 {
					return false
				}
			}
			st.xfs = append(st.xfs, id)
		}
		return true
	})
	if !ok {
		return bookStyles{}, false
	}
	st.codes = custom
	return st, true
}

// readSharedStrings reads xl/sharedStrings.xml as excelize does with raw
// values: each item's text, then the text of each of its runs; phonetic
// runs (rPh) are left out. It returns false for anything it cannot vouch
// for: an item with two texts, markup inside a text, an escaped character
// (_x000D_), which excelize decodes.
func readSharedStrings(data []byte) ([]string, bool) {
	var out []string
	var text strings.Builder
	var stack []string
	textFrom := -1
	// Texts in an item and in a run: excelize keeps the last of two, and
	// puts an item's own text before its runs'.
	itemTexts, runTexts, runs := 0, 0, 0
	ok := walkTagsAt(data, func(tag, name []byte, end, selfClosing bool, before, after int) bool {
		n := string(name)
		parent := ""
		if len(stack) > 0 {
			parent = stack[len(stack)-1]
		}
		if end {
			if len(stack) == 0 || stack[len(stack)-1] != n {
				return false
			}
			stack = stack[:len(stack)-1]
			switch {
			case n == "t" && textFrom >= 0:
				s, ok := unescape(data[textFrom:before])
				if !ok {
					return false
				}
				text.WriteString(s)
				textFrom = -1
			case n == "si":
				s := text.String()
				if strings.Contains(s, "_x") {
					return false // excelize decodes _xHHHH_
				}
				out = append(out, s)
			}
			return true
		}
		if textFrom >= 0 {
			return false // markup inside a text
		}
		switch {
		case n == "si" && parent == "sst":
			text.Reset()
			itemTexts, runs = 0, 0
		case n == "r" && parent == "si":
			runs++
			runTexts = 0
		case n == "t" && parent == "si":
			itemTexts++
			if itemTexts > 1 || runs > 0 {
				return false
			}
			if !selfClosing {
				textFrom = after
			}
		case n == "t" && parent == "r" && len(stack) >= 2 && stack[len(stack)-2] == "si":
			runTexts++
			if runTexts > 1 {
				return false
			}
			if !selfClosing {
				textFrom = after
			}
		}
		if !selfClosing {
			stack = append(stack, n)
		}
		return true
	})
	return out, ok
}

// walkTagsAt calls fn with each tag of a well-formed XML part
// (walkElements): the tag without its < and >, its local name, whether it
// ends an element or is an empty one, and the offsets just before its <
// and just after its >. It returns false when fn does or the walk stops
// short.
func walkTagsAt(data []byte, fn func(tag, name []byte, end, selfClosing bool, before, after int) bool) bool {
	return walkElements(data, func(t tagInfo) bool {
		return fn(data[t.from+1:t.to-1], t.name, t.end, t.self, t.from, t.to)
	})
}

// walkTags is walkTagsAt without the offsets.
func walkTags(data []byte, fn func(tag, name []byte, end, selfClosing bool, _ []byte) bool) bool {
	return walkTagsAt(data, func(tag, name []byte, end, selfClosing bool, _, _ int) bool {
		return fn(tag, name, end, selfClosing, nil)
	})
}

// inlineString is an inline string (<is>) as excelize reads one.
type inlineString struct {
	T *struct {
		Val string `xml:",chardata"`
	} `xml:"t"`
	R []struct {
		T *struct {
			Val string `xml:",chardata"`
		} `xml:"t"`
	} `xml:"r"`
}

// text returns the string as excelize's xlsxSI.String does, or false when
// it holds an escaped character (_x000D_), which excelize decodes.
func (s inlineString) text() (string, bool) {
	var b strings.Builder
	if s.T != nil {
		b.WriteString(s.T.Val)
	}
	for _, r := range s.R {
		if r.T != nil {
			b.WriteString(r.T.Val)
		}
	}
	return b.String(), !strings.Contains(b.String(), "_x")
}

// rawValue is the raw value of a cell as excelize's row reader gives it,
// from its type, its <v> and its inline string; false when excelize would
// fail on it (a shared string index out of range).
func rawValue(typ, v string, hasIS bool, is string, sst []string) (string, bool) {
	switch typ {
	case "s":
		if v == "" {
			return "", true
		}
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			i = 0 // excelize reads an unreadable index as 0
		}
		if i < 0 || i >= len(sst) {
			return "", false
		}
		return sst[i], true
	case "inlineStr":
		if hasIS {
			return is, true
		}
	}
	return v, true
}

// Book returns the workbook read without excelize, or nil when it is not
// in the plain shape and excelize reads it.
func (w *Workbook) Book() *Book {
	return w.book
}

// Excel returns the workbook opened with excelize, opening it on first
// use when it was read as a Book; an *UnreadableError when excelize cannot
// open it (a part the one pass does not read is damaged). The caller does
// not close it: Close does.
func (w *Workbook) Excel() (*excelize.File, error) {
	if w.file != nil {
		return w.file, nil
	}
	if w.data == nil {
		return nil, errors.New("workbook not opened")
	}
	f, err := openKept(w.data, w.names, w.parts, w.trimmed, w.themes)
	if err != nil {
		return nil, err
	}
	w.file = f
	return f, nil
}

// ShareThemes has Excel take the workbook's parsed theme from t, and give
// it to t, when excelize has not opened the workbook yet (Themes).
func (w *Workbook) ShareThemes(t *Themes) { w.themes = t }

// Close closes the workbook excelize opened, if it did.
func (w *Workbook) Close() error {
	if w == nil || w.file == nil {
		return nil
	}
	return w.file.Close()
}
