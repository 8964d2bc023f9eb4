package narrative

// The reference for the body writer (body.go): word/document.xml built
// with godocx's types and marshalled by encoding/xml, as WriteDocx did
// before it wrote the body itself. Exported to the tests of narrative_test
// as GodocxDocumentXML, with DocumentXML, the writer's.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/gomutex/godocx"
	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"
)

// DocumentXML returns the document's body as the Writer writes it.
func DocumentXML(d *Document) []byte {
	var b bytes.Buffer
	documentXML(&b, nil, d)
	return b.Bytes()
}

// GodocxDocumentXML is godocxDocumentXML, for the tests.
var GodocxDocumentXML = godocxDocumentXML

// GodocxDocx writes d as WriteDocx did before the Writer: godocx's
// template parsed for the document, the body built with its types, the
// whole package marshalled and deflated by godocx.
func GodocxDocx(d *Document, w io.Writer) error {
	rd, err := godocx.NewDocument()
	if err != nil {
		return err
	}
	fillGodocx(rd, d)
	if err := finish(rd, d.Title); err != nil {
		return err
	}
	return rd.Write(w)
}

// godocxDocumentXML returns word/document.xml as godocx marshals it.
func godocxDocumentXML(d *Document) ([]byte, error) {
	rd := docx.NewRootDoc()
	rd.Document = &docx.Document{Root: rd, Body: docx.NewBody(rd)}
	fillGodocx(rd, d)
	body, err := xml.Marshal(rd.Document)
	if err != nil {
		return nil, fmt.Errorf("docx body: %w", err)
	}
	return append([]byte(xml.Header), body...), nil
}

// fillGodocx adds the document's blocks to rd's body.
func fillGodocx(rd *docx.RootDoc, d *Document) {
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
