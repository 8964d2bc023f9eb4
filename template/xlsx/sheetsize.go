package xlsx

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// tagReader walks the tags of an XML part in constant memory, optionally
// copying the text between them to a buffer. It scans for < and >, an order
// of magnitude faster than encoding/xml; what it misreads (a tag inside
// CDATA) only makes a count larger.
type tagReader struct {
	br     *bufio.Reader
	out    *bytes.Buffer // nil: nothing is copied
	outMax int           // when not 0, out is not grown beyond it
	row    int           // the row the last <row> tag opened, as excelize numbers them
}

// errLongTag is a tag longer than the reader's buffer: tagReader cannot copy
// such a part faithfully.
var errLongTag = errors.New("xml tag longer than the buffer")

func newTagReader(r io.Reader, out *bytes.Buffer) *tagReader {
	return &tagReader{br: bufio.NewReaderSize(r, 32<<10), out: out}
}

// next returns the next tag, without its < and >, its local name and
// whether it is an end tag. The text before the tag is copied; the tag is
// not (see keep). It returns io.EOF at the end of the part.
func (t *tagReader) next() (tag, name []byte, end bool, err error) {
	for {
		text, err := t.br.ReadSlice('<')
		if err == bufio.ErrBufferFull {
			t.copy(text)
			continue
		}
		if err != nil {
			t.copy(text)
			return nil, nil, false, io.EOF
		}
		t.copy(text[:len(text)-1])
		break
	}
	tag, err = t.br.ReadSlice('>')
	if err == bufio.ErrBufferFull {
		return nil, nil, false, errLongTag
	}
	if err != nil {
		if t.out != nil {
			t.out.WriteByte('<')
			t.out.Write(tag)
		}
		return nil, nil, false, io.EOF
	}
	tag = tag[:len(tag)-1]
	name = tag
	end = len(tag) > 0 && tag[0] == '/'
	if end {
		name = tag[1:]
	}
	if i := bytes.IndexAny(name, " \t\r\n/"); i >= 0 {
		name = name[:i]
	}
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:] // a namespace prefix, as in <x:row>
	}
	if string(name) == "row" && !end {
		t.row++
		if n, err := strconv.Atoi(string(refAttr(tag))); err == nil && n > 0 {
			t.row = n
		}
	}
	return tag, name, end, nil
}

// keep copies a tag that next returned.
func (t *tagReader) keep(tag []byte) {
	if t.out != nil {
		t.out.WriteByte('<')
		t.out.Write(tag)
		t.out.WriteByte('>')
	}
}

func (t *tagReader) copy(b []byte) {
	if t.out == nil {
		return
	}
	if t.outMax > 0 && t.out.Len()+len(b) > t.outMax {
		b = b[:max(0, t.outMax-t.out.Len())]
	}
	t.out.Write(b)
}

// sheetSize is the size of excelize's model of a worksheet: it loads a sheet
// whole on the first cell lookup and fills every row up to the last one and,
// in each row, every cell up to its last one.
type sheetSize struct {
	// Cells is the size of the model of the sheet as it is.
	Cells int
	// Kept is the size once the rows after LastValue are left out.
	Kept int
	// LastValue is the last row with a cell holding a value or a formula;
	// 0 for none.
	LastValue int
}

// scanSheet measures a worksheet part. It stops once Kept passes limit.
// Spreadsheet programs write empty rows far below a table: LibreOffice,
// after a row is deleted, writes an empty <row r="1048576">. Such a sheet
// is huge in Cells and small in Kept, and trimRows makes it small.
func scanSheet(r io.Reader, limit int) sheetSize {
	return scanSheetFormulas(r, limit, nil)
}

// scanSheetFormulas is scanSheet, collecting the part's formula cells into
// fs when it is not nil.
func scanSheetFormulas(r io.Reader, limit int, fs *formulaScan) sheetSize {
	t := newTagReader(r, nil)
	var s sheetSize
	var rowEnd, col, lastRow, cellsAtValue, open int
	valued := false
	endRow := func() {
		s.Cells += rowEnd
		if valued {
			cellsAtValue, s.LastValue = s.Cells, max(s.LastValue, open)
		}
		rowEnd, valued, open = 0, false, 0
	}
	for cellsAtValue+s.LastValue <= limit {
		tag, name, end, err := t.next()
		if errors.Is(err, errLongTag) {
			continue
		}
		if err != nil {
			break
		}
		switch {
		case string(name) == "row" && end:
			endRow()
		case string(name) == "row":
			if open > 0 {
				endRow() // a row left open ends where the next begins
			}
			open = t.row
			lastRow = max(lastRow, t.row)
			col = 0
			if bytes.HasSuffix(tag, []byte("/")) {
				endRow()
			}
		case string(name) == "c" && !end:
			col++
			if ref := refAttr(tag); len(ref) > 0 {
				if c, _, err := excelize.CellNameToCoordinates(string(ref)); err == nil {
					col = c
				}
			}
			rowEnd = max(rowEnd, col)
		case (string(name) == "v" || string(name) == "f" || string(name) == "is") && !end:
			valued = true
		}
		if fs != nil {
			fs.tag(t, tag, name, end, col)
		}
	}
	if open > 0 {
		endRow()
	}
	s.Cells += lastRow
	s.Kept = cellsAtValue + s.LastValue
	return s
}

// trimRows copies a worksheet part without its row elements after row last,
// which scanSheet found to hold no value. It fails on a part it cannot copy
// faithfully.
func trimRows(r io.Reader, last int) ([]byte, error) {
	var out bytes.Buffer
	t := newTagReader(r, &out)
	skipping := false
	for {
		tag, name, end, err := t.next()
		switch {
		case err == io.EOF:
			if skipping {
				return nil, errors.New("row element not closed")
			}
			return out.Bytes(), nil
		case err != nil:
			return nil, err
		}
		isRow := string(name) == "row"
		switch {
		case isRow && !end:
			// A row start also ends a row left open, as scanSheet reads it.
			skipping = t.row > last
			if !skipping {
				t.keep(tag)
			} else if bytes.HasSuffix(tag, []byte("/")) {
				skipping = false
			}
		case skipping:
			skipping = !(isRow && end)
		default:
			t.keep(tag)
		}
	}
}
