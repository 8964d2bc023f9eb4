package narrative

// Kind is what a block of the document is.
type Kind int

const (
	// Title is the report's title: 方正小标宋, centred.
	Title Kind = iota + 1
	// Heading1 is a numbered part (一、部门概况): 黑体.
	Heading1
	// Heading2 is a numbered section ((一)部门基本情况): 楷体.
	Heading2
	// Heading3 is a numbered item (1.数量方面): 仿宋, bold.
	Heading3
	// Body is a paragraph of text: 仿宋, first line indented two characters.
	Body
	// Centered is a centred line of body text (前言's heading, a table's
	// caption).
	Centered
	// Right is a right-aligned line (the signature and date).
	Right
	// PageBreak starts a new page.
	PageBreak
	// SectionBreak starts a new page in the orientation Landscape says,
	// for a table too wide for a portrait page.
	SectionBreak
	// TableBlock is a bordered table.
	TableBlock
)

// Block is one paragraph, heading or table of the document. Text may hold
// the marks 【待补充】 and 【待核实】, which the writer shows in colour.
type Block struct {
	Kind  Kind
	Text  string
	Table *Table
	// Key names the text template the block came from ("" for a table), so
	// that a test, or a reader, can tell which template wrote what.
	Key string
	// Landscape is the orientation of the pages after a SectionBreak.
	Landscape bool
}

// Table is a bordered table on a grid of columns.
type Table struct {
	// Widths are the grid's column widths in twentieths of a point.
	Widths []int
	// Header is how many rows at the top repeat on every page.
	Header int
	Rows   [][]Cell
}

// Cell is one cell of a table row. A cell spans Span grid columns (0 is
// one); Merge continues the cell above it (a vertical merge), and such a
// cell's text is ignored.
type Cell struct {
	Text   string
	Span   int
	Merge  bool
	Center bool
	Bold   bool
}

// Document is the report as blocks, in order.
type Document struct {
	Title  string
	Blocks []Block
}

// Text returns the document's text, one block a line and a table's cells
// separated by tabs, as a reader (or a test) sees it.
func (d *Document) Text() string {
	var b []byte
	for _, bl := range d.Blocks {
		if bl.Table != nil {
			for _, r := range bl.Table.Rows {
				for i, c := range r {
					if i > 0 {
						b = append(b, '\t')
					}
					if !c.Merge {
						b = append(b, c.Text...)
					}
				}
				b = append(b, '\n')
			}
			continue
		}
		b = append(b, bl.Text...)
		b = append(b, '\n')
	}
	return string(b)
}
