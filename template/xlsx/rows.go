package xlsx

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// Rows are the rows of a long sheet written as they come into a temporary
// file, and spliced into the sheet's part when the workbook is saved
// (Splice), the sheet itself (its columns, view, merges, filter, page
// setup and the rest) being an excelize StreamWriter's that wrote no rows.
// excelize's StreamWriter holds up to 16 MB of every sheet in memory until
// the workbook is saved, the 10,000-department summary's four long sheets
// some 60 MB; Rows hold a few hundred kilobytes whatever the length, and
// the links (Link), a hundred bytes each.
//
// Text goes in as inline strings and numbers as their decimal text (never
// through a float), as SheetBuilder writes them.
type Rows struct {
	f       *Scratch      // the rows' file; nil for MemoryRows
	mem     *bytes.Buffer // the rows of MemoryRows
	w       *bufio.Writer
	last    int // the last row written
	lastCol int // the last column of any row
	err     error
	// links are the cells linking to files (Link), written by Splice and
	// WriteRels.
	links []rowLink
}

type rowLink struct {
	ref, target string
}

// A RowCell is a cell of a row written to Rows: its style, and its value,
// text or a number's decimal text; an empty Value is a styled empty cell.
type RowCell struct {
	Style  int
	Value  string
	Number bool
}

// NewRows makes Rows in a temporary file in dir (the system's temporary
// folder when "").
func NewRows(dir string) (*Rows, error) {
	f, err := NewScratch(dir, "perfeval-rows-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("make a temporary file for a sheet's rows: %w", err)
	}
	return &Rows{f: f, w: bufio.NewWriterSize(f, 64<<10)}, nil
}

// MemoryRows are Rows kept in memory, for where no temporary file can be
// made (NewRows fails): as excelize's StreamWriter keeps a sheet.
func MemoryRows() *Rows {
	mem := &bytes.Buffer{}
	return &Rows{mem: mem, w: bufio.NewWriterSize(mem, 64<<10)}
}

// Close closes and removes the file.
func (r *Rows) Close() error {
	if r.f == nil {
		r.mem.Reset()
		return nil
	}
	return r.f.Close()
}

// Last is the last row written, 0 for none.
func (r *Rows) Last() int { return r.last }

// Write writes row (after the last one written) with its options (height,
// outline level, hidden) and its cells from column 1. A write error is
// kept, and returned by this and every later Write and by Splice.
func (r *Rows) Write(row int, opts excelize.RowOpts, cells []RowCell) error {
	if r.err != nil {
		return r.err
	}
	if row <= r.last {
		return fmt.Errorf("row %d written after row %d", row, r.last)
	}
	if row > excelize.TotalRows {
		return excelize.ErrMaxRows
	}
	if len(cells) > excelize.MaxColumns {
		return excelize.ErrColumnNumber
	}
	if opts.Height > excelize.MaxRowHeight {
		return excelize.ErrMaxRowHeight
	}
	if opts.OutlineLevel > 7 {
		return excelize.ErrOutlineLevel
	}
	r.last = row
	w := r.w
	w.WriteString(`<row r="`)
	w.WriteString(strconv.Itoa(row))
	w.WriteString(`"`)
	if opts.StyleID > 0 {
		w.WriteString(` s="` + strconv.Itoa(opts.StyleID) + `" customFormat="1"`)
	}
	if opts.Height > 0 {
		w.WriteString(` ht="` + number(opts.Height) + `" customHeight="1"`)
	}
	if opts.OutlineLevel > 0 {
		w.WriteString(` outlineLevel="` + strconv.Itoa(int(opts.OutlineLevel)) + `"`)
	}
	if opts.Hidden {
		w.WriteString(` hidden="1"`)
	}
	w.WriteString(`>`)
	for i, c := range cells {
		cell := builtCell{style: c.Style}
		switch {
		case c.Value == "":
		case c.Number:
			cell.kind, cell.value = 'n', c.Value
		default:
			cell.kind, cell.value = 's', truncateUTF16(c.Value, excelize.TotalCellChars)
		}
		writeCell(w, i+1, row, cell)
		r.lastCol = max(r.lastCol, i+1)
	}
	if _, err := w.WriteString(`</row>`); err != nil {
		r.err = fmt.Errorf("write a sheet's rows: %w", err)
	}
	return r.err
}

// Link makes the cell at col and row (1-based) a link to target, a file
// (an external relationship of the sheet), and reports whether it did: a
// sheet holds at most excelize.TotalSheetHyperlinks links, as Excel
// allows. excelize's SetCellHyperLink looks through every link and
// relationship the sheet has for each one it adds, which for a sheet of
// 20,000 links took longer than the rest of the workbook. A sheet written
// through Rows takes its links from here only: Splice refuses a part with
// links of its own (excelize's).
func (r *Rows) Link(col, row int, target string) bool {
	if len(r.links) >= excelize.TotalSheetHyperlinks {
		return false
	}
	r.links = append(r.links, rowLink{ref: cellName(col, row), target: target})
	return true
}

// HasLinks reports whether the rows carry links, and so the sheet's
// relationships part must be written (WriteRels).
func (r *Rows) HasLinks() bool { return len(r.links) > 0 }

// RelsPart is the relationships part of the sheet part named part.
func RelsPart(part string) string {
	dir, name := path.Split(part)
	return dir + "_rels/" + name + ".rels"
}

// linkID is the relationship id of the i-th link: ids the sheet's other
// relationships, which excelize numbers rId1, rId2…, do not take.
func linkID(i int) string { return "rIdLink" + strconv.Itoa(i+1) }

// hyperlinkRel is the relationship type of a hyperlink.
const hyperlinkRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"

// WriteRels writes the sheet's relationships part to w: those of
// existing, the part excelize wrote for the sheet (nil when it wrote
// none), and one for each link.
func (r *Rows) WriteRels(w io.Writer, existing []byte) error {
	var out bytes.Buffer
	end := []byte("</Relationships>")
	switch {
	case len(existing) == 0:
		out.WriteString(xml.Header)
		out.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	case bytes.Contains(existing, []byte(`Id="rIdLink`)):
		return errors.New("the sheet's relationships already use the links' ids")
	default:
		at := bytes.LastIndex(existing, end)
		if at < 0 {
			return errors.New("the sheet's relationships part is not closed")
		}
		out.Write(existing[:at])
	}
	for i, l := range r.links {
		fmt.Fprintf(&out, `<Relationship Id="%s" Type="%s" Target="%s" TargetMode="External"/>`, linkID(i), hyperlinkRel, attrEscape(l.target))
	}
	out.Write(end)
	_, err := w.Write(out.Bytes())
	return err
}

// sheetAfterLinks are the elements a worksheet's hyperlinks come before,
// in the order the schema gives them (CT_Worksheet).
var sheetAfterLinks = []string{"printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
	"customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF",
	"drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst"}

// linksAt is where the hyperlinks element goes in tail, a worksheet's XML
// from its sheet data's end tag on: before the first child of the
// worksheet that comes after it (not an element of that name inside
// another, such as a data bar's extLst inside a conditional format's
// rule), or before the worksheet's end tag; -1 when tail does not read as
// that.
func linksAt(tail []byte) int {
	const dataEnd = "</sheetData>"
	if !bytes.HasPrefix(tail, []byte(dataEnd)) {
		return -1
	}
	d := xml.NewDecoder(bytes.NewReader(tail[len(dataEnd):]))
	depth := 0
	for {
		at := len(dataEnd) + int(d.InputOffset())
		tok, err := d.RawToken()
		if err != nil {
			return -1
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 && slices.Contains(sheetAfterLinks, t.Name.Local) {
				return at
			}
			depth++
		case xml.EndElement:
			if depth == 0 {
				return at // the worksheet's end tag
			}
			depth--
		}
	}
}

// hyperlinksXML is the hyperlinks element of the links.
func (r *Rows) hyperlinksXML() []byte {
	var b bytes.Buffer
	b.WriteString(`<hyperlinks>`)
	for i, l := range r.links {
		fmt.Fprintf(&b, `<hyperlink ref="%s" r:id="%s"/>`, l.ref, linkID(i))
	}
	b.WriteString(`</hyperlinks>`)
	return b.Bytes()
}

// emptyData is the sheet data of a sheet excelize streamed without rows.
var emptyData = []byte(`<sheetData></sheetData>`)

// Splice writes part, the part excelize wrote for the sheet of the rows
// (a StreamWriter's that wrote no rows), to w with the rows in its sheet
// data and its dimension the range they cover.
func (r *Rows) Splice(w io.Writer, part []byte) error {
	if r.err != nil {
		return r.err
	}
	at := bytes.Index(part, emptyData)
	if at < 0 {
		return errors.New("the sheet's part has rows of its own, or no sheet data")
	}
	if err := r.w.Flush(); err != nil {
		r.err = fmt.Errorf("write a sheet's rows: %w", err)
		return r.err
	}
	head := part[:at]
	if r.last > 0 {
		head = setDimension(head, "A1:"+cellName(max(r.lastCol, 1), r.last))
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	if _, err := io.WriteString(w, `<sheetData>`); err != nil {
		return err
	}
	var rows io.Reader
	if r.f != nil {
		rows = io.NewSectionReader(r.f, 0, 1<<62)
	} else {
		rows = bytes.NewReader(r.mem.Bytes())
	}
	if _, err := io.Copy(w, rows); err != nil {
		return fmt.Errorf("read a sheet's rows back: %w", err)
	}
	tail := part[at+len(emptyData)-len(`</sheetData>`):]
	if len(r.links) > 0 {
		if bytes.Contains(tail, []byte("<hyperlinks")) {
			return errors.New("the sheet's part has links of its own")
		}
		if !bytes.Contains(part[:at], []byte(`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`)) {
			return errors.New("the sheet's part does not declare the relationships namespace as r")
		}
		cut := linksAt(tail)
		if cut < 0 {
			return errors.New("the sheet's part is not closed")
		}
		if _, err := w.Write(tail[:cut]); err != nil {
			return err
		}
		if _, err := w.Write(r.hyperlinksXML()); err != nil {
			return err
		}
		tail = tail[cut:]
	}
	_, err := w.Write(tail)
	return err
}

// setDimension gives the dimension element of head, a worksheet's XML up
// to its sheet data, the range ref; head without one is returned as it is.
func setDimension(head []byte, ref string) []byte {
	i := bytes.Index(head, []byte(`<dimension ref="`))
	if i < 0 {
		return head
	}
	i += len(`<dimension ref="`)
	j := bytes.IndexByte(head[i:], '"')
	if j < 0 {
		return head
	}
	out := make([]byte, 0, len(head)+len(ref))
	out = append(out, head[:i]...)
	out = append(out, ref...)
	return append(out, head[i+j:]...)
}

// excelEpoch is day 0 of Excel's 1900 date system as dates after February
// 1900 count it (Excel counts a 29 February 1900 that never was).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// SerialDate is the date and time t's wall clock reads as Excel's serial
// number (the 1900 date system), as decimal text: whole days since its
// epoch and the fraction of the day, to the second. Dates before March
// 1900 are not written by perfeval.
func SerialDate(t time.Time) string {
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
	secs := int64(wall.Sub(excelEpoch) / time.Second)
	return decimal.New(secs, 0).DivRound(decimal.New(86400, 0), 10).String()
}
