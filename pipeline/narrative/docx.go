package narrative

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/gomutex/godocx"
	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"

	"github.com/perfeval/perfeval/template/xlsx"
)

// Fonts of the house style of such reports (公文格式): the East Asian font
// of each kind of block, with its substitute named in the font table
// (w:altName) for a machine without it, and Times New Roman for Latin
// letters and digits.
const (
	fontTitle   = "方正小标宋简体"
	fontHeading = "黑体"
	fontKai     = "楷体_GB2312"
	fontBody    = "仿宋_GB2312"
	fontLatin   = "Times New Roman"
	fontPage    = "宋体"
)

// fontTable declares the fonts with their substitutes: Word takes the
// altName when the font is missing, as on most machines 方正小标宋简体 and
// the _GB2312 fonts are.
const fontTable = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="宋体"><w:altName w:val="SimSun"/><w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/><w:charset w:val="86"/><w:family w:val="script"/><w:pitch w:val="default"/></w:font>
<w:font w:name="黑体"><w:altName w:val="SimHei"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="default"/></w:font>
<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="default"/></w:font>
</w:fonts>`

// footer is the page number, centred: — 1 —, 四号宋体 as in 公文.
const footer = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<w:p><w:pPr><w:jc w:val="center"/></w:pPr>
<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">— </w:t></w:r>
<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>
<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>
<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r>
<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:t>1</w:t></w:r>
<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r>
<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve"> —</w:t></w:r>
</w:p>
</w:ftr>`

// Page and type sizes, in twentieths of a point (twips) and half points.
const (
	pageWidth, pageHeight   = 11906, 16838 // A4
	marginTop, marginBottom = 2098, 1985   // 37 mm, 35 mm
	marginLeft, marginRight = 1588, 1474   // 28 mm, 26 mm
	sizeBody                = 32           // 三号, 16 pt
	sizeTitle               = 44           // 二号, 22 pt
	sizeTable               = 21           // 五号, 10.5 pt
	lineBody                = 560          // 28 pt: 22 lines a page, as 公文
	indentBody              = 200          // two characters, in hundredths of a character
	indentTwips             = 640          // the same at 16 pt
)

// style is how a kind of block is set.
type style struct {
	font   string
	size   uint64
	bold   bool
	jc     stypes.Justification
	indent bool // first line two characters in
	before uint64
	after  uint64
}

func styleOf(k Kind) style {
	switch k {
	case Title:
		return style{font: fontTitle, size: sizeTitle, jc: stypes.JustificationCenter, before: 0, after: 280}
	case Heading1:
		return style{font: fontHeading, size: sizeBody, jc: stypes.JustificationBoth, indent: true}
	case Heading2:
		return style{font: fontKai, size: sizeBody, jc: stypes.JustificationBoth, indent: true}
	case Heading3:
		return style{font: fontBody, size: sizeBody, bold: true, jc: stypes.JustificationBoth, indent: true}
	case Centered:
		return style{font: fontHeading, size: sizeBody, jc: stypes.JustificationCenter}
	case Right:
		return style{font: fontBody, size: sizeBody, jc: stypes.JustificationRight}
	}
	return style{font: fontBody, size: sizeBody, jc: stypes.JustificationBoth, indent: true}
}

// marks are the bits of text shown in colour: what the authors must fill
// in or check.
var marks = regexp.MustCompile(MarkMissing + "|" + MarkDoubtful)

// markColour is the colour of a mark: dark red, visible on paper in black
// and white too as it is bold.
const markColour = "C00000"

// Writer writes documents as Word documents (.docx). The parts every
// report shares — godocx's template with the house style's font table and
// footer: styles, theme, settings, numbering — are built once by
// NewWriter and kept deflated; a document then costs only its own body and
// properties. Create one Writer per command and share it between workers:
// it is safe for concurrent use.
type Writer struct {
	// parts are the package's parts in the order they are written: the
	// shared ones deflated, documentPart and corePart written for each
	// document.
	parts []part
}

// part is a part of the package.
type part struct {
	header zip.FileHeader
	raw    []byte // deflated, for a shared part
}

// The parts each document writes itself.
const (
	documentPart = "word/document.xml"
	corePart     = "docProps/core.xml"
)

// NewWriter builds the shared parts: it writes an empty document with
// godocx and keeps every part of it but the body and the properties.
func NewWriter() (*Writer, error) {
	rd, err := godocx.NewDocument()
	if err != nil {
		return nil, fmt.Errorf("new docx: %w", err)
	}
	if err := finish(rd, ""); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := rd.Write(&b); err != nil {
		return nil, fmt.Errorf("docx template: %w", err)
	}
	z, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		return nil, fmt.Errorf("docx template: %w", err)
	}
	w := &Writer{}
	for _, f := range z.File {
		p := part{header: f.FileHeader}
		if f.Name != documentPart && f.Name != corePart {
			r, err := f.OpenRaw()
			if err != nil {
				return nil, fmt.Errorf("docx template %s: %w", f.Name, err)
			}
			if p.raw, err = io.ReadAll(r); err != nil {
				return nil, fmt.Errorf("docx template %s: %w", f.Name, err)
			}
		}
		w.parts = append(w.parts, p)
	}
	return w, nil
}

// WriteDocx writes d as a Word document (.docx) to out.
func (w *Writer) WriteDocx(d *Document, out io.Writer) error {
	body, err := documentXML(d)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(out)
	for _, p := range w.parts {
		var data []byte
		switch p.header.Name {
		case documentPart:
			data = body
		case corePart:
			data = []byte(coreProps(d.Title))
		default:
			h := p.header
			fw, err := zw.CreateRaw(&h)
			if err != nil {
				return err
			}
			if _, err := fw.Write(p.raw); err != nil {
				return err
			}
			continue
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: p.header.Name, Method: zip.Deflate, Modified: p.header.Modified})
		if err != nil {
			return err
		}
		if _, err := fw.Write(data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// WriteFile writes d to path as a .docx, atomically: a reader sees the old
// file or the whole new one, never a part.
func (w *Writer) WriteFile(d *Document, path string) error {
	var b bytes.Buffer
	if err := w.WriteDocx(d, &b); err != nil {
		return err
	}
	return xlsx.WriteFileAtomic(path, b.Bytes())
}

// WriteDocx writes the document as a Word document (.docx). It builds a
// Writer for this one document: to write many, share one Writer.
func (d *Document) WriteDocx(out io.Writer) error {
	w, err := NewWriter()
	if err != nil {
		return err
	}
	return w.WriteDocx(d, out)
}

// WriteFile writes the document to path as a .docx, atomically, with a
// Writer of its own (see WriteDocx).
func (d *Document) WriteFile(path string) error {
	w, err := NewWriter()
	if err != nil {
		return err
	}
	return w.WriteFile(d, path)
}

// documentXML returns the document's main part, word/document.xml.
func documentXML(d *Document) ([]byte, error) {
	rd := docx.NewRootDoc()
	rd.Document = &docx.Document{Root: rd, Body: docx.NewBody(rd)}
	landscape := false
	for _, bl := range d.Blocks {
		switch bl.Kind {
		case PageBreak:
			rd.AddPageBreak()
		case SectionBreak:
			// The paragraph ending a section carries that section's page.
			p := rd.AddEmptyParagraph()
			p.GetCT().Property = &ctypes.ParagraphProp{SectPr: section(landscape)}
			landscape = bl.Landscape
		case TableBlock:
			if bl.Table != nil {
				table(rd, bl.Table)
			}
		default:
			paragraph(rd, bl.Kind, bl.Text)
		}
	}
	rd.Document.Body.SectPr = section(landscape)
	body, err := xml.Marshal(rd.Document)
	if err != nil {
		return nil, fmt.Errorf("docx body: %w", err)
	}
	return append([]byte(xml.Header), body...), nil
}

// runProp is the run properties of text in font at size (half points).
func runProp(font string, size uint64, bold bool) *ctypes.RunProperty {
	rp := &ctypes.RunProperty{
		Fonts:  &ctypes.RunFonts{Ascii: fontLatin, HAnsi: fontLatin, EastAsia: font, CS: fontLatin},
		Size:   ctypes.NewFontSize(size),
		SizeCs: ctypes.NewFontSizeCS(size),
	}
	if bold {
		rp.Bold = ctypes.OnOffFromBool(true)
		rp.BoldCS = ctypes.OnOffFromBool(true)
	}
	return rp
}

// runs splits text at the marks, each mark a run of its own in colour.
func runs(text string, font string, size uint64, bold bool) []ctypes.ParagraphChild {
	var out []ctypes.ParagraphChild
	add := func(s string, mark bool) {
		if s == "" {
			return
		}
		rp := runProp(font, size, bold || mark)
		if mark {
			rp.Color = ctypes.NewColor(markColour)
		}
		out = append(out, ctypes.ParagraphChild{Run: &ctypes.Run{Property: rp, Children: []ctypes.RunChild{{Text: ctypes.TextFromString(s)}}}})
	}
	last := 0
	for _, m := range marks.FindAllStringIndex(text, -1) {
		add(text[last:m[0]], false)
		add(text[m[0]:m[1]], true)
		last = m[1]
	}
	add(text[last:], false)
	return out
}

func ptr[T any](v T) *T { return &v }

// paragraph adds a paragraph of the given kind.
func paragraph(rd *docx.RootDoc, k Kind, text string) {
	st := styleOf(k)
	p := rd.AddEmptyParagraph()
	ct := p.GetCT()
	ct.Property = paraProp(st, lineBody, stypes.LineSpacingRuleExact)
	if k == Title {
		// A title's lines are as tall as its type needs.
		ct.Property.Spacing.Line, ct.Property.Spacing.LineRule = ptr(720), ptr(stypes.LineSpacingRuleAtLeast)
	}
	if k == Right {
		ct.Property.Indent = &ctypes.Indent{RightChars: ptr(400), Right: ptr(1280)}
	}
	ct.Children = runs(text, st.font, st.size, st.bold)
}

func paraProp(st style, line int, rule stypes.LineSpacingRule) *ctypes.ParagraphProp {
	pp := &ctypes.ParagraphProp{
		Justification: ctypes.NewGenSingleStrVal(st.jc),
		Spacing:       &ctypes.Spacing{Before: ptr(st.before), After: ptr(st.after), Line: ptr(line), LineRule: ptr(rule)},
	}
	if st.indent {
		// Both: Word reads the characters, LibreOffice the twips.
		pp.Indent = &ctypes.Indent{FirstLineChars: ptr(indentBody), FirstLine: ptr(uint64(indentTwips))}
	}
	return pp
}

// table adds a bordered table, centred, its columns fixed.
func table(rd *docx.RootDoc, t *Table) {
	tbl := rd.AddTable()
	ct := tbl.GetCT()
	total := 0
	for _, w := range t.Widths {
		total += w
		ct.Grid.Col = append(ct.Grid.Col, ctypes.Column{Width: ptr(uint64(w))})
	}
	border := func() *ctypes.Border {
		return &ctypes.Border{Val: stypes.BorderStyleSingle, Color: ptr("000000"), Size: ptr(4), Space: ptr("0")}
	}
	ct.TableProp = ctypes.TableProp{
		Width:         ctypes.NewTableWidth(total, stypes.TableWidthDxa),
		Justification: ctypes.NewGenSingleStrVal(stypes.JustificationCenter),
		Borders:       &ctypes.TableBorders{Top: border(), Left: border(), Bottom: border(), Right: border(), InsideH: border(), InsideV: border()},
		Layout:        &ctypes.TableLayout{LayoutType: ptr(stypes.TableLayoutFixed)},
		CellMargin:    &ctypes.CellMargins{Left: ctypes.NewTableWidth(60, stypes.TableWidthDxa), Right: ctypes.NewTableWidth(60, stypes.TableWidthDxa)},
	}
	for i, row := range t.Rows {
		r := &ctypes.Row{Property: &ctypes.RowProperty{
			Height: &ctypes.TableRowHeight{Val: ptr(400), HRule: ptr(stypes.HeightRuleAtLeast)},
		}}
		if short(row) {
			// A row of a few lines stays on one page; a long text may run on.
			r.Property.CantSplit = ctypes.OnOffFromBool(true)
		}
		if i < t.Header {
			r.Property.Header = ctypes.OnOffFromBool(true)
		}
		col := 0
		for _, c := range row {
			span := max(c.Span, 1)
			w := 0
			for j := col; j < col+span && j < len(t.Widths); j++ {
				w += t.Widths[j]
			}
			col += span
			cp := &ctypes.CellProperty{
				Width:  ctypes.NewTableWidth(w, stypes.TableWidthDxa),
				VAlign: ctypes.NewGenSingleStrVal(stypes.VerticalJcCenter),
			}
			if span > 1 {
				cp.GridSpan = &ctypes.DecimalNum{Val: span}
			}
			text := c.Text
			switch {
			case c.Merge:
				cp.VMerge = &ctypes.GenOptStrVal[stypes.MergeCell]{Val: ptr(stypes.MergeCellContinue)}
				text = ""
			case mergedBelow(t, i, col-span):
				cp.VMerge = &ctypes.GenOptStrVal[stypes.MergeCell]{Val: ptr(stypes.MergeCellRestart)}
			}
			jc := stypes.JustificationLeft
			if c.Center {
				jc = stypes.JustificationCenter
			}
			cell := &ctypes.Cell{Property: cp}
			// A cell's text of several lines is a paragraph each; a figure's
			// 【待核实】 goes on a line of its own, not broken in a narrow
			// column.
			text = strings.ReplaceAll(text, MarkDoubtful, "\n"+MarkDoubtful)
			for _, l := range strings.Split(text, "\n") {
				p := ctypes.Paragraph{
					Property: paraProp(style{jc: jc}, 280, stypes.LineSpacingRuleAuto),
					Children: runs(l, fontBody, sizeTable, c.Bold),
				}
				p.Property.Spacing.Line = ptr(240)
				cell.Contents = append(cell.Contents, ctypes.TCBlockContent{Paragraph: &p})
			}
			r.Contents = append(r.Contents, ctypes.TRCellContent{Cell: cell})
		}
		ct.RowContents = append(ct.RowContents, ctypes.RowContent{Row: r})
	}
	// A paragraph after the table, as Word needs between two tables and
	// keeps after a table at the end of a section.
	paragraph(rd, Body, "")
}

// mergedBelow reports whether the cell of row i starting at grid column
// col begins a vertical merge: the next row's cell there continues it.
func mergedBelow(t *Table, i, col int) bool {
	if i+1 >= len(t.Rows) {
		return false
	}
	at := 0
	for _, c := range t.Rows[i+1] {
		if at == col {
			return c.Merge
		}
		at += max(c.Span, 1)
	}
	return false
}

// footerID is the relationship of the footer part, which every section
// shows.
const footerID = "rIdPerfevalFooter"

// section returns the page of a section: A4 with the margins of 公文,
// portrait, or landscape with the top margin of the portrait pages' left
// (binding) edge; the footer with the page number.
func section(landscape bool) *ctypes.SectionProp {
	sp := ctypes.NewSectionProper()
	sp.FooterReference = &ctypes.FooterReference{Type: stypes.HdrFtrDefault, ID: footerID}
	if landscape {
		sp.PageSize = &ctypes.PageSize{Width: ptr(uint64(pageHeight)), Height: ptr(uint64(pageWidth)), Orient: stypes.PageOrientLandscape}
		sp.PageMargin = &ctypes.PageMargin{Top: ptr(marginLeft), Bottom: ptr(marginRight), Left: ptr(1440), Right: ptr(1440), Header: ptr(851), Footer: ptr(700), Gutter: ptr(0)}
		return sp
	}
	sp.PageSize = &ctypes.PageSize{Width: ptr(uint64(pageWidth)), Height: ptr(uint64(pageHeight))}
	sp.PageMargin = &ctypes.PageMargin{Top: ptr(marginTop), Bottom: ptr(marginBottom), Left: ptr(marginLeft), Right: ptr(marginRight), Header: ptr(851), Footer: ptr(992), Gutter: ptr(0)}
	return sp
}

// finish adds the footer with the page number, the font table and the
// document's properties.
func finish(rd *docx.RootDoc, title string) error {
	rd.Document.DocRels.Relationships = append(rd.Document.DocRels.Relationships, &docx.Relationship{
		ID: footerID, Type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer", Target: "footer1.xml",
	})
	if err := rd.ContentType.AddOverride("/word/footer1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"); err != nil {
		return fmt.Errorf("docx footer: %w", err)
	}
	rd.FileMap.Store("word/footer1.xml", []byte(footer))
	rd.FileMap.Store("word/fontTable.xml", []byte(fontTable))

	// The template's thumbnail and its properties are the library's, not
	// this report's.
	rd.FileMap.Delete("docProps/thumbnail.jpeg")
	rels := rd.RootRels.Relationships[:0]
	for _, r := range rd.RootRels.Relationships {
		if !strings.HasSuffix(r.Type, "/thumbnail") {
			rels = append(rels, r)
		}
	}
	rd.RootRels.Relationships = rels
	rd.FileMap.Store("docProps/core.xml", []byte(coreProps(title)))
	return nil
}

// coreProps is the document's core properties: its title, by perfeval,
// with no date, so that the same workbook gives the same file.
func coreProps(title string) string {
	var t bytes.Buffer
	if err := xml.EscapeText(&t, []byte(title)); err != nil {
		t.Reset()
	}
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>` + t.String() + `</dc:title><dc:creator>perfeval</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>`
}

// short reports whether a row's texts are short enough to keep the row on
// one page.
func short(row []Cell) bool {
	for _, c := range row {
		if len([]rune(c.Text)) > 120 {
			return false
		}
	}
	return true
}
