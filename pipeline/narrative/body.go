package narrative

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"

	"github.com/gomutex/godocx/wml/stypes"
)

// The document's main part is written straight into a buffer, element by
// element, as godocx's types marshal it (docx.Document and the ctypes of
// paragraphs, runs, tables and sections, with the namespaces of
// docx.Document): the same bytes, without encoding/xml's reflection, which
// cost several times the rest of a draft. TestBodyMatchesGodocx builds
// every sample's body with godocx and compares; FuzzBody does so for any
// text.

// documentHead opens word/document.xml as docx.Document.MarshalXML does.
const documentHead = xml.Header + `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w10="urn:schemas-microsoft-com:office:word" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w14 wp14 w15"><w:body>`

const documentTail = `</w:body></w:document>`

// body writes word/document.xml.
type body struct {
	b *bytes.Buffer
	// text is a run's text as bytes, for xml.EscapeText, reused.
	text []byte
}

// documentXML writes the document's main part, word/document.xml, to b;
// text is room for a run's text, returned grown for the next document.
func documentXML(b *bytes.Buffer, text []byte, d *Document) []byte {
	w := &body{b: b, text: text}
	w.b.WriteString(documentHead)
	landscape := false
	for _, bl := range d.Blocks {
		switch bl.Kind {
		case PageBreak:
			w.b.WriteString(`<w:p><w:r><w:br w:type="page"></w:br></w:r></w:p>`)
		case SectionBreak:
			// The paragraph ending a section carries that section's page.
			w.b.WriteString(`<w:p><w:pPr>`)
			w.section(landscape)
			w.b.WriteString(`</w:pPr></w:p>`)
			landscape = bl.Landscape
		case TableBlock:
			if bl.Table != nil {
				w.table(bl.Table)
			}
		default:
			w.paragraph(bl.Kind, bl.Text)
		}
	}
	w.section(landscape)
	w.b.WriteString(documentTail)
	return w.text
}

// attr writes ` name="value"`; the values are the writer's own numbers
// and names, which need no escaping.
func (w *body) attr(name, value string) {
	w.b.WriteByte(' ')
	w.b.WriteString(name)
	w.b.WriteString(`="`)
	w.b.WriteString(value)
	w.b.WriteByte('"')
}

// num writes ` name="v"`.
func (w *body) num(name string, v int) {
	w.b.WriteByte(' ')
	w.b.WriteString(name)
	w.b.WriteString(`="`)
	w.b.Write(strconv.AppendInt(w.b.AvailableBuffer(), int64(v), 10))
	w.b.WriteByte('"')
}

// empty writes an element with the attributes attrs (name, value, ...)
// and no content, as encoding/xml does: a start and an end tag.
func (w *body) empty(name string, attrs ...string) {
	w.b.WriteByte('<')
	w.b.WriteString(name)
	for i := 0; i+1 < len(attrs); i += 2 {
		w.attr(attrs[i], attrs[i+1])
	}
	w.b.WriteString("></")
	w.b.WriteString(name)
	w.b.WriteByte('>')
}

// paragraph writes a paragraph of the given kind.
func (w *body) paragraph(k Kind, text string) {
	st := styleOf(k)
	line, rule := lineBody, stypes.LineSpacingRuleExact
	if k == Title {
		// A title's lines are as tall as its type needs.
		line, rule = 720, stypes.LineSpacingRuleAtLeast
	}
	w.b.WriteString(`<w:p>`)
	w.paraProp(st, line, rule, k == Right)
	w.runs(text, st.font, st.size, st.bold)
	w.b.WriteString(`</w:p>`)
}

// paraProp writes a paragraph's properties: spacing, indent, alignment.
func (w *body) paraProp(st style, line int, rule stypes.LineSpacingRule, right bool) {
	w.b.WriteString(`<w:pPr><w:spacing`)
	w.num("w:before", int(st.before))
	w.num("w:after", int(st.after))
	w.num("w:line", line)
	w.attr("w:lineRule", string(rule))
	w.b.WriteString(`></w:spacing>`)
	switch {
	case right:
		w.empty("w:ind", "w:right", "1280", "w:rightChars", "400")
	case st.indent:
		// Both: Word reads the characters, LibreOffice the twips.
		w.b.WriteString(`<w:ind`)
		w.num("w:firstLine", indentTwips)
		w.num("w:firstLineChars", indentBody)
		w.b.WriteString(`></w:ind>`)
	}
	w.empty("w:jc", "w:val", string(st.jc))
	w.b.WriteString(`</w:pPr>`)
}

// runs splits text at the marks, each mark a run of its own in colour.
func (w *body) runs(text string, font string, size uint64, bold bool) {
	last := 0
	for _, m := range marks.FindAllStringIndex(text, -1) {
		w.run(text[last:m[0]], font, size, bold, false)
		w.run(text[m[0]:m[1]], font, size, bold, true)
		last = m[1]
	}
	w.run(text[last:], font, size, bold, false)
}

// run writes a run of text in font at size (half points); a mark is bold
// and in colour.
func (w *body) run(text string, font string, size uint64, bold, mark bool) {
	if text == "" {
		return
	}
	w.b.WriteString(`<w:r><w:rPr><w:rFonts w:eastAsia="`)
	w.b.WriteString(font)
	w.b.WriteString(`" w:ascii="` + fontLatin + `" w:hAnsi="` + fontLatin + `" w:cs="` + fontLatin + `"></w:rFonts>`)
	if bold || mark {
		w.b.WriteString(`<w:b w:val="true"></w:b><w:bCs w:val="true"></w:bCs>`)
	}
	if mark {
		w.empty("w:color", "w:val", markColour)
	}
	w.b.WriteString(`<w:sz`)
	w.num("w:val", int(size))
	w.b.WriteString(`></w:sz><w:szCs`)
	w.num("w:val", int(size))
	w.b.WriteString(`></w:szCs></w:rPr><w:t`)
	if strings.TrimSpace(text) != text {
		w.attr("xml:space", "preserve")
	}
	w.b.WriteByte('>')
	// The same escaping as encoding/xml's, which cannot fail on a buffer.
	w.text = append(w.text[:0], text...)
	_ = xml.EscapeText(w.b, w.text)
	w.b.WriteString(`</w:t></w:r>`)
}

// border is a table's border line: single, black, half a point.
const border = ` w:val="single" w:color="000000" w:space="0" w:sz="4"`

// table writes a bordered table, centred, its columns fixed.
func (w *body) table(t *Table) {
	total := 0
	for _, c := range t.Widths {
		total += c
	}
	w.b.WriteString(`<w:tbl><w:tblPr><w:tblW`)
	w.num("w:w", total)
	w.b.WriteString(` w:type="dxa"></w:tblW><w:jc w:val="center"></w:jc><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		w.b.WriteString(`<w:` + side + border + `></w:` + side + `>`)
	}
	w.b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"></w:tblLayout>` +
		`<w:tblCellMar><w:left w:w="60" w:type="dxa"></w:left><w:right w:w="60" w:type="dxa"></w:right></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, c := range t.Widths {
		w.b.WriteString(`<w:gridCol`)
		w.num("w:w", c)
		w.b.WriteString(`></w:gridCol>`)
	}
	w.b.WriteString(`</w:tblGrid>`)
	for i, row := range t.Rows {
		w.b.WriteString(`<w:tr><w:trPr>`)
		if short(row) {
			// A row of a few lines stays on one page; a long text may run on.
			w.b.WriteString(`<w:cantSplit w:val="true"></w:cantSplit>`)
		}
		w.b.WriteString(`<w:trHeight w:val="400" w:hRule="atLeast"></w:trHeight>`)
		if i < t.Header {
			w.b.WriteString(`<w:tblHeader w:val="true"></w:tblHeader>`)
		}
		w.b.WriteString(`</w:trPr>`)
		col := 0
		for _, c := range row {
			span := max(c.Span, 1)
			width := 0
			for j := col; j < col+span && j < len(t.Widths); j++ {
				width += t.Widths[j]
			}
			col += span
			w.b.WriteString(`<w:tc><w:tcPr><w:tcW`)
			w.num("w:w", width)
			w.b.WriteString(` w:type="dxa"></w:tcW>`)
			if span > 1 {
				w.b.WriteString(`<w:gridSpan`)
				w.num("w:val", span)
				w.b.WriteString(`></w:gridSpan>`)
			}
			text := c.Text
			switch {
			case c.Merge:
				w.b.WriteString(`<w:vMerge w:val="continue"></w:vMerge>`)
				text = ""
			case mergedBelow(t, i, col-span):
				w.b.WriteString(`<w:vMerge w:val="restart"></w:vMerge>`)
			}
			w.b.WriteString(`<w:vAlign w:val="center"></w:vAlign></w:tcPr>`)
			jc := stypes.JustificationLeft
			if c.Center {
				jc = stypes.JustificationCenter
			}
			// A cell's text of several lines is a paragraph each; a figure's
			// 【待核实】 goes on a line of its own, not broken in a narrow
			// column.
			text = strings.ReplaceAll(text, MarkDoubtful, "\n"+MarkDoubtful)
			for l := range strings.SplitSeq(text, "\n") {
				w.b.WriteString(`<w:p>`)
				w.paraProp(style{jc: jc}, 240, stypes.LineSpacingRuleAuto, false)
				w.runs(l, fontBody, sizeTable, c.Bold)
				w.b.WriteString(`</w:p>`)
			}
			w.b.WriteString(`</w:tc>`)
		}
		w.b.WriteString(`</w:tr>`)
	}
	w.b.WriteString(`</w:tbl>`)
	// A paragraph after the table, as Word needs between two tables and
	// keeps after a table at the end of a section.
	w.paragraph(Body, "")
}

// section writes the page of a section: A4 with the margins of 公文,
// portrait, or landscape with the top margin of the portrait pages' left
// (binding) edge; the footer with the page number.
func (w *body) section(landscape bool) {
	w.b.WriteString(`<w:sectPr>`)
	w.empty("w:footerReference", "w:type", "default", "r:id", footerID)
	if landscape {
		w.empty("w:pgSz", "w:w", strconv.Itoa(pageHeight), "w:h", strconv.Itoa(pageWidth), "w:orient", "landscape")
		w.empty("w:pgMar", "w:left", "1440", "w:right", "1440", "w:gutter", "0", "w:header", "851",
			"w:top", strconv.Itoa(marginLeft), "w:footer", "700", "w:bottom", strconv.Itoa(marginRight))
	} else {
		w.empty("w:pgSz", "w:w", strconv.Itoa(pageWidth), "w:h", strconv.Itoa(pageHeight))
		w.empty("w:pgMar", "w:left", strconv.Itoa(marginLeft), "w:right", strconv.Itoa(marginRight), "w:gutter", "0", "w:header", "851",
			"w:top", strconv.Itoa(marginTop), "w:footer", "992", "w:bottom", strconv.Itoa(marginBottom))
	}
	w.b.WriteString(`</w:sectPr>`)
}
