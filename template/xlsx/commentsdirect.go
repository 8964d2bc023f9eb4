package xlsx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// The comments a sheet Sheets writes gets, in the usual case, are written
// here as excelize writes them, byte for byte (TestSheetsAsExcelize,
// FuzzCommentPartsAsExcelize):
// the comments part and the VML drawing of their boxes, each box placed by
// the sheet's column widths and row heights as excelize's
// positionObjectPixels places it. excelize parses the sheet, positions and
// marshals each box and reads the content types for every comment, most of
// the cost of an annotated copy's comments; here excelize adds only the
// first comment, on an empty stand-in of the sheet, for what it writes
// around the two parts (the sheet's relationships, the content types, the
// legacyDrawing), and the two parts it made are replaced.
//
// The usual case is a sheet without comments of its own (no legacyDrawing)
// that only gets comments added, each with runs (no plain Text) in fonts
// of a family, size, bold and colour at most, to distinct cells: annotate's.
// Anything else goes through excelize whole (commentsOn).

// directComments returns the comments added to a sheet, if they can be
// written here.
func (e *sheetEdit) directComments(p *worksheetPart) ([]excelize.Comment, bool) {
	if p.legacyID != "" {
		return nil, false
	}
	var out []excelize.Comment
	seen := map[string]bool{}
	for _, l := range e.log {
		if !l.comment {
			continue
		}
		if l.add == nil || !plainComment(l.add) {
			return nil, false
		}
		key := strings.ToUpper(l.add.Cell)
		if seen[key] {
			return nil, false // excelize says it is a second comment
		}
		seen[key] = true
		out = append(out, *l.add)
	}
	return out, len(out) > 0
}

// plainComment reports whether a comment is one commentsXML and vmlXML
// write as excelize does.
func plainComment(c *excelize.Comment) bool {
	if c.Text != "" || utf16Len(c.Author) > excelize.MaxFieldLength {
		return false
	}
	if _, _, err := excelize.CellNameToCoordinates(c.Cell); err != nil {
		return false
	}
	chars := 0
	for _, r := range c.Paragraph {
		chars += utf16Len(r.Text)
		if f := r.Font; f != nil && *f != (excelize.Font{Bold: f.Bold, Size: f.Size, Family: f.Family, Color: f.Color}) {
			return false
		}
	}
	// At the limit excelize drops the runs after: left to it.
	return chars < excelize.TotalCellChars
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// commentsDirect writes a sheet's added comments (directComments), their
// boxes placed by g, and returns the legacyDrawing's relationship id, as
// commentsOn does.
func (s *Sheets) commentsDirect(e *sheetEdit, p *worksheetPart, comments []excelize.Comment, g *boxGeometry, wantComments, wantVML string) (string, error) {
	sheetID := -1
	for id, name := range s.f.GetSheetMap() {
		if strings.EqualFold(name, e.sheet) {
			sheetID = id
			break
		}
	}
	font, err := s.f.GetDefaultFont()
	if err != nil {
		return "", err
	}
	// The first comment through excelize, on a stand-in of the root
	// element alone: the sheet's relationships, the content types and
	// the legacyDrawing, and the names of the two parts.
	original, _ := s.f.Pkg.Load(e.part)
	var stub bytes.Buffer
	stub.Write(p.data[:p.root.from])
	attrs, _ := p.root.attrs()
	var set []tagAttr
	if !has(attrs, "xmlns:r") {
		set = []tagAttr{{"xmlns:r", relationshipsNS, '"'}}
	}
	stub.Write(rewrite(p.root.qname, attrs, false, set))
	stub.WriteString("</" + string(p.root.qname) + ">")
	s.f.Pkg.Store(e.part, stub.Bytes())
	defer func() {
		s.f.Sheet.Delete(e.part)
		s.f.Pkg.Store(e.part, original)
	}()
	if err := s.f.AddComment(e.sheet, comments[0]); err != nil {
		return "", err
	}
	// Both names were free (newCommentParts): excelize made them now.
	ws, ok := s.f.Sheet.Load(e.part)
	id, okID := legacyDrawingRID(ws)
	if s.f.Comments[wantComments] == nil || s.f.VMLDrawing[wantVML] == nil || !ok || !okID || id == "" {
		return "", errors.New("写批注失败：所用的 excelize 版本加批注的方式与 perfeval 所知的不同（perfeval 需要与之相符的 excelize 版本）")
	}
	delete(s.f.Comments, wantComments)
	delete(s.f.VMLDrawing, wantVML)
	s.f.Pkg.Store(wantComments, commentsXML(comments, font))
	s.f.Pkg.Store(wantVML, g.vmlXML(comments, sheetID))
	return id, nil
}

// newCommentParts returns the names excelize gives the comments part and
// the VML drawing of a sheet's first comment: numbered one past the count
// of comments parts (its countComments). false when a part of either name
// is there already (numbers with gaps: a part that was deleted, or another
// program's numbering), where excelize adds to that part what belongs to
// another sheet; commentsOn then does as excelize does.
func (s *Sheets) newCommentParts() (comments, vml string, ok bool) {
	seen := map[string]bool{}
	s.f.Pkg.Range(func(k, _ any) bool {
		if name, _ := k.(string); strings.Contains(name, "xl/comments") {
			seen[name] = true
		}
		return true
	})
	for name := range s.f.Comments {
		if strings.Contains(name, "xl/comments") {
			seen[name] = true
		}
	}
	n := strconv.Itoa(len(seen) + 1)
	comments, vml = "xl/comments"+n+".xml", "xl/drawings/vmlDrawing"+n+".vml"
	_, commentsThere := s.f.Pkg.Load(comments)
	_, vmlThere := s.f.Pkg.Load(vml)
	return comments, vml, !commentsThere && !vmlThere && s.f.Comments[comments] == nil && s.f.VMLDrawing[vml] == nil
}

// commentsXML is the comments part excelize writes for comments added to
// a sheet without any.
func commentsXML(comments []excelize.Comment, defaultFont string) []byte {
	var b bytes.Buffer
	text := func(s string) { _ = xml.EscapeText(&b, []byte(s)) }
	var authors []string
	ids := make([]int, len(comments))
	for i, c := range comments {
		author := c.Author
		if author == "" {
			author = "Author"
		}
		ids[i] = slices.Index(authors, author)
		if ids[i] < 0 {
			authors = append(authors, author)
			ids[i] = len(authors) - 1
		}
	}
	b.WriteString(xml.Header)
	b.WriteString(`<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors>`)
	for _, a := range authors {
		b.WriteString("<author>")
		text(a)
		b.WriteString("</author>")
	}
	b.WriteString("</authors><commentList>")
	for i, c := range comments {
		b.WriteString(`<comment ref="`)
		text(c.Cell)
		b.WriteString(`" authorId="` + strconv.Itoa(ids[i]) + `"><text>`)
		for _, r := range c.Paragraph {
			b.WriteString("<r><rPr>")
			if f := r.Font; f == nil {
				b.WriteString(`<rFont val="`)
				text(defaultFont)
				b.WriteString(`"></rFont><family val="2"></family><color indexed="81"></color><sz val="9"></sz>`)
			} else {
				if f.Family != "" {
					b.WriteString(`<rFont val="`)
					text(f.Family)
					b.WriteString(`"></rFont>`)
				}
				b.WriteString(`<family val="2"></family>`)
				if f.Bold {
					b.WriteString(`<b val="1"></b>`)
				}
				b.WriteString("<color")
				if f.Color != "" {
					b.WriteString(` rgb="`)
					text("FF" + strings.ReplaceAll(strings.ToUpper(f.Color), "#", ""))
					b.WriteString(`"`)
				}
				b.WriteString("></color>")
				if f.Size >= excelize.MinFontSize {
					b.WriteString(`<sz val="` + strconv.FormatFloat(f.Size, 'g', -1, 64) + `"></sz>`)
				}
			}
			b.WriteString(`</rPr><t xml:space="preserve">`)
			text(r.Text)
			b.WriteString("</t></r>")
		}
		b.WriteString("</text></comment>")
	}
	b.WriteString("</commentList></comments>")
	return b.Bytes()
}

// boxGeometry is what excelize reads of a sheet to place comment boxes:
// the column widths and row heights in pixels, as they will be written.
type boxGeometry struct {
	cols         []boxCol
	heights      map[int]float64
	defaultColPx int
	defaultRowPx int
}

type boxCol struct {
	min, max int
	width    float64
	hasWidth bool
}

func (e *sheetEdit) boxGeometry(p *worksheetPart) (*boxGeometry, error) {
	g := &boxGeometry{heights: map[int]float64{}, defaultColPx: 64, defaultRowPx: 20}
	bad := errors.New("sheet sizes do not read")
	num := func(v []byte) (float64, error) { return strconv.ParseFloat(strings.TrimSpace(string(v)), 64) }
	formatPr := false
	for _, t := range p.tops {
		switch t.name {
		case "sheetFormatPr":
			formatPr = true
			if v, ok := t.tag.attr("defaultRowHeight"); ok {
				f, err := num(v)
				if err != nil {
					return nil, bad
				}
				if f > 0 {
					g.defaultRowPx = rowPixels(f)
				}
			}
			base, defaultWidth := 0.0, 0.0
			if v, ok := t.tag.attr("baseColWidth"); ok {
				n, err := strconv.ParseUint(strings.TrimSpace(string(v)), 10, 8)
				if err != nil {
					return nil, bad
				}
				base = float64(n)
			}
			if v, ok := t.tag.attr("defaultColWidth"); ok {
				f, err := num(v)
				if err != nil {
					return nil, bad
				}
				defaultWidth = f
			}
			switch {
			case defaultWidth > 0:
				g.defaultColPx = colPixels(defaultWidth)
			case base > 0:
				g.defaultColPx = colPixels(base) + 5
			}
		case "cols":
			if e.colsSet {
				continue
			}
			ok := walkElements(p.data[t.from:t.to], func(c tagInfo) bool {
				if c.end || !c.is("col") {
					return true
				}
				col, ok := readBoxCol(c.attr)
				if ok {
					g.cols = append(g.cols, col)
				}
				return ok
			})
			if !ok {
				return nil, bad
			}
		}
	}
	if !formatPr && e.fit {
		g.defaultRowPx = rowPixels(15) // the sheetFormatPr render writes
	}
	if e.colsSet {
		for _, c := range e.cols {
			col, ok := readBoxCol(func(name string) ([]byte, bool) {
				switch name {
				case "min":
					return []byte(strconv.Itoa(c.min)), true
				case "max":
					return []byte(strconv.Itoa(c.max)), true
				}
				for _, a := range c.attrs {
					if a.name == name {
						return []byte(a.value), true
					}
				}
				return nil, false
			})
			if !ok {
				return nil, bad
			}
			g.cols = append(g.cols, col)
		}
	}
	for _, r := range p.rows {
		if v, ok := r.tag.attr("ht"); ok {
			f, err := num(v)
			if err != nil {
				return nil, bad
			}
			if _, twice := g.heights[r.r]; !twice {
				g.heights[r.r] = f // excelize reads the first of a row named twice
			}
		}
	}
	maps.Copy(g.heights, e.heights)
	return g, nil
}

// readBoxCol reads a <col>'s range and width.
func readBoxCol(attr func(string) ([]byte, bool)) (boxCol, bool) {
	var c boxCol
	for _, f := range []struct {
		name string
		to   *int
	}{{"min", &c.min}, {"max", &c.max}} {
		if v, ok := attr(f.name); ok {
			n, err := strconv.Atoi(strings.TrimSpace(string(v)))
			if err != nil {
				return c, false
			}
			*f.to = n
		}
	}
	if v, ok := attr("width"); ok {
		w, err := strconv.ParseFloat(strings.TrimSpace(string(v)), 64)
		if err != nil {
			return c, false
		}
		c.width, c.hasWidth = w, true
	}
	return c, true
}

// endless reports whether excelize, placing a comment's box on the sheet,
// would walk right without end: a default column no pixel wide, or a
// column range of no width past the last column (a default row is a pixel
// high at least). Crafted sizes only; excelize's AddComment never returns
// on such a sheet.
func (g *boxGeometry) endless() bool {
	if g.defaultColPx <= 0 || g.defaultRowPx <= 0 {
		return true
	}
	for _, c := range g.cols {
		if c.max > excelize.MaxColumns && c.hasWidth && colPixels(c.width) <= 0 {
			return true
		}
	}
	return false
}

// endlessError is the error of a comment excelize would never finish
// placing on sheet: the workbook is unreadable for the annotated copy, as
// one whose styles excelize cannot parse.
func endlessError(sheet string) error {
	return &UnreadableError{Code: "not_xlsx", Sheet: sheet, Reason: fmt.Sprintf("工作表“%s”的默认列宽为零（或有一直延伸到表外的零宽列），无法放置批注；这不是 Excel 或 WPS 保存的列宽，请用 Excel 或 WPS 打开后另存为 .xlsx 再报送", sheet)}
}

// endlessExcel is endless for a sheet excelize holds, from the defaults
// its GetSheetProps reports: excelize's AddComment would not return.
func endlessExcel(f *excelize.File, sheet string) bool {
	props, err := f.GetSheetProps(sheet)
	if err != nil {
		return false // AddComment says what is wrong
	}
	g := boxGeometry{defaultColPx: 64, defaultRowPx: 20}
	switch {
	case props.DefaultColWidth != nil && *props.DefaultColWidth > 0:
		g.defaultColPx = colPixels(*props.DefaultColWidth)
	case props.BaseColWidth != nil && *props.BaseColWidth > 0:
		g.defaultColPx = colPixels(float64(*props.BaseColWidth)) + 5
	}
	if props.DefaultRowHeight != nil && *props.DefaultRowHeight > 0 {
		g.defaultRowPx = rowPixels(*props.DefaultRowHeight)
	}
	return g.endless()
}

// colPixels and rowPixels are excelize's conversions of a width and a
// height to pixels.
func colPixels(width float64) int {
	if width == 0 {
		return 0
	}
	return int(width*8 + 0.5)
}

func rowPixels(height float64) int {
	if height == 0 {
		return 0
	}
	return int(math.Ceil(4.0 / 3.4 * height))
}

// colPx and rowPx are excelize's getColWidth and getRowHeight: the first
// column range with a width names it, unless that width is -1.
func (g *boxGeometry) colPx(col int) int {
	for _, c := range g.cols {
		if c.min <= col && col <= c.max && c.hasWidth {
			if c.width != -1 {
				return colPixels(c.width)
			}
			break
		}
	}
	return g.defaultColPx
}

func (g *boxGeometry) rowPx(row int) int {
	if h, ok := g.heights[row]; ok {
		return rowPixels(h)
	}
	return g.defaultRowPx
}

// anchor is a box's anchor as excelize's positionObjectPixels and
// addDrawingVML make it for a comment at col, row; the walk stops at the
// sheet's last column and row, where excelize's would not end (endless).
func (g *boxGeometry) anchor(col, row, width, height int) string {
	colEnd, rowEnd := col-1, row-1
	x2 := width + min(0, g.colPx(col))
	y2 := height + min(0, g.rowPx(row))
	for colEnd < excelize.MaxColumns && x2 >= g.colPx(colEnd+1) {
		colEnd++
		x2 -= g.colPx(colEnd)
	}
	for rowEnd < excelize.TotalRows && y2 >= g.rowPx(rowEnd+1) {
		rowEnd++
		y2 -= g.rowPx(rowEnd)
	}
	return fmt.Sprintf("%d, 23, %d, 0, %d, %d, %d, %d", col-1, row-1, colEnd, x2, rowEnd, y2)
}

// vmlXML is the VML drawing excelize writes for comments added to a sheet
// without any.
func (g *boxGeometry) vmlXML(comments []excelize.Comment, sheetID int) []byte {
	var b bytes.Buffer
	b.WriteString(`<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:mv="http://macVmlSchemaUri"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="` +
		strconv.Itoa(sheetID) + `"></o:idmap></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m0,0l0,21600,21600,21600,21600,0xe"><v:stroke joinstyle="miter"></v:stroke><v:path gradientshapeok="t" o:connecttype="rect"></v:path></v:shapetype>`)
	for i, c := range comments {
		col, row, _ := excelize.CellNameToCoordinates(c.Cell)
		width, height := int(c.Width), int(c.Height)
		if width == 0 {
			width = 140
		}
		if height == 0 {
			height = 60
		}
		b.WriteString(`<v:shape id="_x0000_s` + strconv.Itoa(sheetID*1024+i+1) + `" type="#_x0000_t202" style="position:absolute;73.5pt;width:108pt;height:59.25pt;z-index:1;visibility:hidden" fillcolor="#FBF6D6" strokecolor="#EDEAA1"><v:fill angle="-180" color2="#FBFE82" type="gradient"><o:fill v:ext="view" type="gradientUnscaled"></o:fill></v:fill><v:shadow on="t" color="black" obscured="t"></v:shadow><v:path o:connecttype="none"></v:path><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells></x:MoveWithCells><x:SizeWithCells></x:SizeWithCells><x:Anchor>` +
			g.anchor(col, row, width, height) + `</x:Anchor><x:AutoFill>True</x:AutoFill><x:Row>` + strconv.Itoa(row-1) + `</x:Row><x:Column>` + strconv.Itoa(col-1) + `</x:Column></x:ClientData></v:shape>`)
	}
	b.WriteString("</xml>")
	return b.Bytes()
}
