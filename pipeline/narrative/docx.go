package narrative

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"strings"

	"github.com/gomutex/godocx"
	"github.com/gomutex/godocx/docx"
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
	// spare holds the scratch of finished writes for the next ones. A
	// channel rather than a sync.Pool, which the garbage collector empties
	// every cycle: in a run that is several times between two drafts.
	spare chan *scratch
}

// scratch is what a write needs and is worth reusing: a body is some
// 300 KB and a compressor 1 MB of tables.
type scratch struct {
	body bytes.Buffer // word/document.xml
	text []byte       // a run's text, for xml.EscapeText
	pkg  bytes.Buffer // the whole .docx, for WriteFile
	fw   *flate.Writer
}

// compressor is archive/zip's deflate for the document's own parts, at
// deflateLevel: the scratch's, each part's stream ended (Close) before
// the next one starts.
func (s *scratch) compressor(out io.Writer) (io.WriteCloser, error) {
	if s.fw == nil {
		var err error
		s.fw, err = flate.NewWriter(out, deflateLevel)
		return s.fw, err
	}
	s.fw.Reset(out)
	return s.fw, nil
}

// deflateLevel is how hard a document's own parts are deflated: level 2
// takes half the time of archive/zip's default (5) on a report's body, for
// a file some 5% larger (60 KB instead of 57 KB for the seed's report).
const deflateLevel = 2

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
	w := &Writer{spare: make(chan *scratch, runtime.GOMAXPROCS(0))}
	own := 0
	for _, f := range z.File {
		p := part{header: f.FileHeader}
		if f.Name == documentPart || f.Name == corePart {
			own++
		} else {
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
	if own != 2 {
		return nil, fmt.Errorf("docx template: no %s or no %s", documentPart, corePart)
	}
	return w, nil
}

// WriteDocx writes d as a Word document (.docx) to out.
func (w *Writer) WriteDocx(d *Document, out io.Writer) error {
	s := w.get()
	defer w.put(s)
	return w.write(s, d, out)
}

// WriteFile writes d to path as a .docx, atomically: a reader sees the old
// file or the whole new one, never a part.
func (w *Writer) WriteFile(d *Document, path string) error {
	s := w.get()
	defer w.put(s)
	s.pkg.Reset()
	if err := w.write(s, d, &s.pkg); err != nil {
		return err
	}
	return xlsx.WriteFileAtomic(path, s.pkg.Bytes())
}

// get returns a spare scratch, or a new one.
func (w *Writer) get() *scratch {
	select {
	case s := <-w.spare:
		return s
	default:
		return &scratch{}
	}
}

// put keeps s for another write, unless there are spares enough.
func (w *Writer) put(s *scratch) {
	select {
	case w.spare <- s:
	default:
	}
}

func (w *Writer) write(s *scratch, d *Document, out io.Writer) error {
	s.body.Reset()
	s.text = documentXML(&s.body, s.text, d)
	zw := zip.NewWriter(out)
	zw.RegisterCompressor(zip.Deflate, s.compressor)
	for _, p := range w.parts {
		var data []byte
		switch p.header.Name {
		case documentPart:
			data = s.body.Bytes()
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
