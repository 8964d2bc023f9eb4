package summary

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

// kind is how a column's values are written and shown.
type kind int

const (
	kText   kind = iota // text from a department or a report: always a string cell
	kAmount             // 万元, four places shown
	kRate               // a percent figure, written as a fraction with a percent format
	kScore              // points, two places shown
	kSigned             // a difference of points, with its sign
	kPoints             // a difference of percent figures: percentage points, with its sign
	kCount              // a whole number
	kTime               // a date and time
	kLink               // a link to a file: its name shown
)

// column is one column of a sheet: its header, width (in characters) and
// kind.
type column struct {
	header string
	width  float64
	kind   kind
}

// link is a cell showing text that opens target.
type link struct {
	text, target string
}

// book is the summary workbook being written, with its styles.
type book struct {
	f *excelize.File
	// base is the folder the workbook is saved in: links to files are
	// relative to it.
	base   string
	body   map[kind]int
	total  map[kind]int
	header int
	title  int
	note   int
	sub    int
	label  int
	wrap   int
	// group heads a group of rows (a department's projects).
	group int
	// charts are the sizes of the charts added, in order: the workbook is
	// saved through oneCellZip, which anchors each by its size.
	charts []chartSize
	// rows are the rows of each sheet written row by row, by its part:
	// oneCellZip splices them into the part excelize writes.
	rows map[string]*xlsx.Rows
}

// close removes the temporary files of the sheets' rows.
func (b *book) close() {
	for _, r := range b.rows {
		r.Close()
	}
	b.f.Close()
}

// font is the workbook's font: 10 points, so that a wide table prints
// readably on A4.
const fontSize = 10

func newBook(base string) (*book, error) {
	b := &book{f: excelize.NewFile(), base: base, body: map[kind]int{}, total: map[kind]int{}, rows: map[string]*xlsx.Rows{}}
	b.f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		// At level 6, the standard library's default: as small as
		// excelize's own zip, in under half the time.
		return &oneCellZip{Writer: xlsx.NewZip(w, 6), sizes: b.charts, rows: b.rows, spliced: map[string]bool{}, related: map[string]bool{}}
	})
	border := []excelize.Border{{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1}}
	formats := map[kind]string{
		kText: "@", kAmount: "#,##0.0000", kRate: "0.00%", kScore: "0.00", kSigned: "+0.00;-0.00;0.00",
		kPoints: "+0.00;-0.00;0.00", kCount: "0", kTime: "yyyy-mm-dd hh:mm", kLink: "@",
	}
	var err error
	style := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = b.f.NewStyle(s)
		return id
	}
	for k, nf := range formats {
		format := nf
		align := &excelize.Alignment{Vertical: "center", WrapText: k == kText}
		font := &excelize.Font{Size: fontSize}
		if k == kLink {
			font = &excelize.Font{Size: fontSize, Color: "0563C1", Underline: "single"}
		}
		b.body[k] = style(&excelize.Style{Border: border, Alignment: align, Font: font, CustomNumFmt: &format})
		b.total[k] = style(&excelize.Style{Border: border, Alignment: align, Font: &excelize.Font{Size: fontSize, Bold: true},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}, CustomNumFmt: &format})
	}
	b.header = style(&excelize.Style{Border: border, Font: &excelize.Font{Size: fontSize, Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	b.title = style(&excelize.Style{Font: &excelize.Font{Size: 14, Bold: true}, Alignment: &excelize.Alignment{Vertical: "center"}})
	b.sub = style(&excelize.Style{Font: &excelize.Font{Size: 11, Bold: true}, Alignment: &excelize.Alignment{Vertical: "center"}})
	b.note = style(&excelize.Style{Font: &excelize.Font{Size: fontSize, Color: "595959"}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	b.label = style(&excelize.Style{Border: border, Font: &excelize.Font{Size: fontSize, Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	b.group = style(&excelize.Style{Border: border, Font: &excelize.Font{Size: fontSize, Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EDF3FA"}}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	b.wrap = style(&excelize.Style{Border: border, Font: &excelize.Font{Size: fontSize}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		b.f.Close()
		return nil, err
	}
	return b, nil
}

// number is a decimal as a number cell written through excelize (the
// charts' data): a float64 when it holds the decimal exactly (numberText),
// else its exact text; excelize writes a float64 with up to 15 significant
// digits, every score and rate's.
func number(d decimal.Decimal) any {
	text, ok := numberText(d)
	if !ok {
		return text
	}
	f, _ := strconv.ParseFloat(text, 64)
	return f
}

// cell is a value as a row cell, styled for its column.
func (b *book) cell(k kind, v any, total bool) xlsx.RowCell {
	c := xlsx.RowCell{Style: b.body[k]}
	if total {
		c.Style = b.total[k]
	}
	switch x := v.(type) {
	case nil:
	case string:
		c.Value = x // a string cell: text, never a formula, whatever it starts with
	case decimal.NullDecimal:
		if x.Valid {
			c.Value, c.Number = b.decimal(k, x.Decimal)
		}
	case decimal.Decimal:
		c.Value, c.Number = b.decimal(k, x)
	case int:
		c.Value, c.Number = strconv.Itoa(x), true
	case *time.Time:
		if x != nil {
			// The wall clock, as the bureau reads it: a serial date has no zone.
			c.Value, c.Number = xlsx.SerialDate(x.Local()), true
		}
	case link:
		c.Value = x.text
	default:
		c.Value = fmt.Sprint(x)
	}
	return c
}

// decimal is a decimal's cell text, and whether it is a number: a figure
// a double holds exactly is (numberText); one it does not is its exact
// text, never silently rounded.
func (b *book) decimal(k kind, d decimal.Decimal) (string, bool) {
	if k == kRate {
		d = d.Shift(-2) // a percent figure, shown by the 0.00% format
	}
	return numberText(d)
}

// numberText is a decimal's text, and whether a number cell holding it
// reads back as the same figure: whether the double nearest it is written
// with the same text (strconv.FormatFloat(v, 'f', -1, 64)), true of every
// decimal of at most 15 significant digits.
func numberText(d decimal.Decimal) (string, bool) {
	text := d.String()
	f, err := strconv.ParseFloat(text, 64)
	return text, err == nil && strconv.FormatFloat(f, 'f', -1, 64) == text
}

// target is the hyperlink target of a file: relative to the workbook's
// folder when it can be, so that the folder may move with its files, with
// forward slashes and only the characters a URI reserves escaped.
func (b *book) target(path string) string {
	if path == "" {
		return ""
	}
	if b.base != "" && filepath.IsAbs(path) {
		if rel, err := filepath.Rel(b.base, path); err == nil {
			return escapeTarget(filepath.ToSlash(rel))
		}
	}
	if filepath.IsAbs(path) {
		return "file:///" + escapeTarget(strings.TrimPrefix(filepath.ToSlash(path), "/"))
	}
	return escapeTarget(filepath.ToSlash(path))
}

func escapeTarget(p string) string {
	return strings.NewReplacer("%", "%25", "#", "%23", "?", "%3F", " ", "%20").Replace(p)
}

// sheet is a sheet being written row by row: its rows into a temporary
// file (xlsx.Rows), the rest through an excelize StreamWriter that writes
// no row.
type sheet struct {
	b      *book
	name   string
	sw     *excelize.StreamWriter
	rows   *xlsx.Rows
	row    int // the last row written
	width  int // columns
	widths []float64
	// span is how many columns title and note lines cover: the printed
	// ones.
	span int
	// heights are the rows' heights in points, keep how many rows after
	// each must print on its page: the page plan (planPages).
	heights []float64
	keep    map[int]int
	// repeat is the header row repeated atop every printed page, 0 none;
	// landscape the page's orientation.
	repeat    int
	landscape bool
}

// lineHeight is the height in points of one line of 10-point text.
const lineHeight = 13.5

// textWidth is how wide text is in column-width units at the workbook's
// font: a CJK character about two digits, anything else about one.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r >= 0x2E80 || r >= 0xFF00 && r <= 0xFFEF {
			w += 1.9
		} else {
			w += 1.0
		}
	}
	return w
}

// lines is how many lines text takes wrapped in a column width wide: rows
// are given their height when written, since neither Excel nor LibreOffice
// fits the rows of a streamed sheet to wrapped text by itself.
func lines(text string, width float64) int {
	n := 0
	for _, para := range strings.Split(text, "\n") {
		n += max(1, int(math.Ceil(textWidth(para)/max(width-1.5, 1))))
	}
	return n
}

// height is the height of a row whose tallest cell takes n lines.
func height(n int) float64 { return min(409, max(15, lineHeight*float64(n)+3)) }

// print says how a sheet is printed: A4, landscape or not, fitted to the
// page's width, with rows repeated atop every page.
type print struct {
	landscape bool
	repeat    int // the last row repeated atop each page, 0 none
	// actual prints at 100%, not fitted to the page's width: Excel
	// ignores manual page breaks on a sheet fitted to a page.
	actual bool
}

// newSheet adds a sheet written row by row; widths are its columns' in
// characters, freeze the top-left cell of the unfrozen pane ("" none).
func (b *book) newSheet(name string, widths []float64, freeze string, p print) (*sheet, error) {
	if len(b.f.GetSheetList()) == 1 && b.f.GetSheetList()[0] == "Sheet1" {
		if err := b.f.SetSheetName("Sheet1", name); err != nil {
			return nil, err
		}
	} else if _, err := b.f.NewSheet(name); err != nil {
		return nil, err
	}
	if err := b.pageSetup(name, p); err != nil {
		return nil, err
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	part, err := xlsx.SheetPart(b.f, name)
	if err != nil {
		return nil, err
	}
	rows, err := xlsx.NewRows("")
	if err != nil {
		// No temporary file (a missing or full temporary folder): the rows
		// wait in memory, as excelize would keep them.
		rows = xlsx.MemoryRows()
	}
	b.rows[part] = rows
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
	}
	if freeze != "" {
		col, row, err := excelize.CellNameToCoordinates(freeze)
		if err != nil {
			return nil, err
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: col - 1, YSplit: row - 1, TopLeftCell: freeze, ActivePane: "bottomRight"}); err != nil {
			return nil, err
		}
	}
	return &sheet{b: b, name: name, sw: sw, rows: rows, width: len(widths), widths: widths, keep: map[int]int{}, repeat: p.repeat, landscape: p.landscape}, nil
}

// pageSetup prints a sheet on A4, fitted to one page's width unless
// p.actual.
func (b *book) pageSetup(name string, p print) error {
	a4, orient, one, tall := 9, "portrait", 1, 0
	if p.landscape {
		orient = "landscape"
	}
	fit := !p.actual
	if err := b.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	layout := &excelize.PageLayoutOptions{Size: &a4, Orientation: &orient, FitToWidth: &one, FitToHeight: &tall}
	if p.actual {
		hundred := uint(100)
		layout = &excelize.PageLayoutOptions{Size: &a4, Orientation: &orient, AdjustTo: &hundred}
	}
	if err := b.f.SetPageLayout(name, layout); err != nil {
		return err
	}
	// The margins of every printed perfeval workbook.
	side, topBottom, hf, centre := template.PrintMarginSide, template.PrintMarginTopBottom, template.PrintMarginHeader, true
	if err := b.f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side, Top: &topBottom, Bottom: &topBottom,
		Header: &hf, Footer: &hf, Horizontally: &centre}); err != nil {
		return err
	}
	if err := b.f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddFooter: "&C&A　第 &P 页，共 &N 页"}); err != nil {
		return err
	}
	if p.repeat > 0 {
		return b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: name,
			RefersTo: fmt.Sprintf("'%s'!$%d:$%d", name, p.repeat, p.repeat)})
	}
	return nil
}

// line writes a title, subtitle or note row merged across the sheet's
// width.
func (s *sheet) line(text string, style int, rowHeight float64) error {
	s.row++
	cell, _ := excelize.CoordinatesToCellName(1, s.row)
	span := s.width
	if s.span > 0 {
		span = s.span
	}
	total := 0.0
	for _, w := range s.widths[:span] {
		total += w
	}
	opts := excelize.RowOpts{Height: max(rowHeight, height(lines(text, total)))}
	if err := s.setRow([]xlsx.RowCell{{Style: style, Value: text}}, opts); err != nil {
		return err
	}
	if span > 1 {
		last, _ := excelize.CoordinatesToCellName(span, s.row)
		return s.sw.MergeCell(cell, last)
	}
	return nil
}

func (s *sheet) blank() { s.row++ }

// setRow writes row s.row and notes its height for the page plan.
func (s *sheet) setRow(cells []xlsx.RowCell, opts excelize.RowOpts) error {
	for len(s.heights) < s.row-1 {
		s.heights = append(s.heights, 15) // a blank row, at the default height
	}
	s.heights = append(s.heights, opts.Height)
	if s.row > excelize.TotalRows {
		return fmt.Errorf("“%s”表超过 Excel 一张表最多 %d 行的上限，无法写入汇总表；请按年度或部门分开汇总（--results 指定部分结果文件夹），或使用 --json 输出", s.name, excelize.TotalRows)
	}
	return s.rows.Write(s.row, opts, cells)
}

// keepWith says that row prints on the same page as the n rows after it.
func (s *sheet) keepWith(row, n int) {
	if row >= 1 && n > 0 {
		s.keep[row] = max(s.keep[row], n)
	}
}

// keepTable keeps a table whose header is row header and whose rows run to
// the sheet's last row: the rows above the header (title, notes) print
// with it and its first two rows, and its last page holds its last three
// rows, not one lonely row.
func (s *sheet) keepTable(header int) {
	s.keepWith(1, header+1)
	if last := s.row; last-2 > header {
		s.keepWith(last-2, 2)
	}
}

// maxBreaks is the most page breaks a sheet is given: Excel keeps at most
// 1026 manual breaks; a sheet longer than that is not printed whole, and
// its pages break where the application puts them.
const maxBreaks = 1000

// planPages breaks the printed pages of the sheet where template.PlanBreaks
// puts them, at the largest scale Excel or LibreOffice prints the sheet's
// printed columns with, so that neither application breaks a page on its
// own: a table's header keeps its first rows, its last page holds its last
// rows together, a group its heading and first rows (keepWith). The header
// row repeats atop every page (the print titles), and the plan leaves room
// for it.
func (s *sheet) planPages() error {
	if len(s.heights) == 0 {
		return nil
	}
	span := s.width
	if s.span > 0 {
		span = s.span
	}
	plan := make([]template.PrintRow, len(s.heights))
	for i, h := range s.heights {
		plan[i] = template.PrintRow{Height: h, Keep: s.keep[i+1]}
	}
	if s.repeat > 0 && s.repeat <= len(plan) {
		plan[s.repeat-1].Titles, plan[s.repeat-1].TitleHeight = true, s.heights[s.repeat-1]
	}
	breaks := template.PlanBreaks(plan, template.PageRoom(s.widths[:span], s.landscape, 0))
	if len(breaks) > maxBreaks {
		return nil
	}
	for _, b := range breaks {
		if err := s.sw.InsertPageBreak(fmt.Sprintf("A%d", b+1)); err != nil {
			return err
		}
	}
	return nil
}

// header writes a header row.
func (s *sheet) header(cols []column) error {
	s.row++
	cells := make([]xlsx.RowCell, len(cols))
	n := 2
	for i, c := range cols {
		cells[i] = xlsx.RowCell{Style: s.b.header, Value: c.header}
		n = max(n, lines(c.header, s.colWidth(i)))
	}
	return s.setRow(cells, excelize.RowOpts{Height: height(n)})
}

// values writes a data row (or, with total, a totals row).
func (s *sheet) values(cols []column, vals []any, total bool) error {
	return s.valuesAt(cols, vals, total, 0)
}

// valuesAt writes a data or totals row at an outline level: rows of level
// 1 fold away under the level-0 row below them (a subtotal).
func (s *sheet) valuesAt(cols []column, vals []any, total bool, outline int) error {
	s.row++
	out := make([]xlsx.RowCell, len(cols))
	n := 1
	for i, c := range cols {
		var v any
		if i < len(vals) {
			v = vals[i]
		}
		out[i] = s.b.cell(c.kind, v, total)
		if text, ok := v.(string); ok && c.kind == kText {
			n = max(n, lines(text, s.colWidth(i)))
		}
		if l, ok := v.(link); ok && l.text != "" && l.target != "" {
			// Beyond Excel's limit of links a sheet holds, the names
			// stay, without links.
			s.rows.Link(i+1, s.row, s.b.target(l.target))
		}
	}
	return s.setRow(out, excelize.RowOpts{Height: height(n), OutlineLevel: outline})
}

func (s *sheet) colWidth(i int) float64 {
	if i < len(s.widths) {
		return s.widths[i]
	}
	return 9
}

// filter puts an autofilter over rows first..last of the sheet's columns.
func (s *sheet) filter(first, last int) error {
	if last <= first {
		last = first + 1
	}
	end, _ := excelize.CoordinatesToCellName(s.width, last)
	return s.b.f.AutoFilter(s.name, fmt.Sprintf("A%d:%s", first, end), nil)
}

// colour fills the cells of column col (1-based) in rows first..last whose
// text is one of the keys, with the key's colour.
func (s *sheet) colour(col, first, last int, fills []fill) error {
	if last < first {
		return nil
	}
	from, _ := excelize.CoordinatesToCellName(col, first)
	to, _ := excelize.CoordinatesToCellName(col, last)
	var opts []excelize.ConditionalFormatOptions
	for _, f := range fills {
		id, err := s.b.f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: f.font, Bold: f.bold},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{f.colour}}})
		if err != nil {
			return err
		}
		opts = append(opts, excelize.ConditionalFormatOptions{Type: "cell", Criteria: "==", Format: &id,
			Value: `"` + strings.ReplaceAll(f.text, `"`, `""`) + `"`})
	}
	return s.b.f.SetConditionalFormat(s.name, from+":"+to, opts)
}

// fill is a conditional colour: cells reading text get it.
type fill struct {
	text, colour, font string
	bold               bool
}

// printArea limits what is printed to the sheet's first cols columns.
func (s *sheet) printArea(cols int) error {
	end, _ := excelize.CoordinatesToCellName(cols, max(s.row, 1))
	return s.b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: s.name,
		RefersTo: fmt.Sprintf("'%s'!$A$1:$%s", s.name, strings.TrimRight(end, "0123456789")+"$"+strconv.Itoa(max(s.row, 1)))})
}

// done plans the pages and ends the sheet.
func (s *sheet) done() error {
	if err := s.planPages(); err != nil {
		return err
	}
	return s.sw.Flush()
}
