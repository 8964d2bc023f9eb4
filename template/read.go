package template

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"github.com/perfeval/perfeval/template/xlsx"
)

// Limits bound what reading one sheet may cost; xlsx.Open bounds the
// workbook itself.
const (
	// MaxRows is the most rows read from one sheet. A real form has well
	// under a thousand; more means a runaway sheet, reported as too_large.
	MaxRows = 5000
	// headerScanRows is how far down a sheet the reader looks for a header,
	// so that title rows inserted above a table are tolerated.
	headerScanRows = 30
	// maxCols is how many columns of a row the reader keeps. Every table of
	// the layout fits in the first dozen; a stray cell typed at column XFD
	// would otherwise cost 16,384 cells in every row of the grid.
	maxCols = 64
	// maxSheetText bounds the cell text kept from one sheet. A filled form
	// holds well under a megabyte; a sheet of long strings repeated down
	// thousands of rows stops here, reported as too_large like MaxRows.
	maxSheetText = 16 << 20
)

// grid is one sheet read into memory: raw values by 0-based row and column.
type grid struct {
	name string
	rows [][]string
	// truncated says the sheet went on beyond MaxRows rows or maxSheetText
	// of text. Only its values are read: number formats, formulas and merged
	// ranges live in excelize's whole-sheet model, which for such a sheet
	// would cost the memory and time the limits are there to bound.
	truncated bool
}

func (g *grid) at(row, col int) string {
	if row < 1 || row > len(g.rows) || col < 1 || col > len(g.rows[row-1]) {
		return ""
	}
	return g.rows[row-1][col-1]
}

type reader struct {
	// f is the workbook as excelize opened it; nil for one read as a Book
	// until excelize is needed (excel).
	f  *excelize.File
	wb *xlsx.Workbook // what the container saw, or nil
	// book is the workbook read without excelize (xlsx.Book), or nil.
	book *xlsx.Book
	// list holds the names of the sheets, in order.
	list   []string
	l      *Layout
	form   *Form
	grids  map[string]*grid
	styles map[int]numKind
	// date1904 is set for a workbook in the 1904 date system.
	date1904 bool
	sheets   map[string]string // normalised name → actual sheet name
	names    map[string]Ref    // defined name → cell
	defined  []excelize.DefinedName
	// scans holds the one pass over each sheet read (xlsx.SheetScan) that
	// answers the style, type, formula, hidden-column and merge lookups,
	// by actual sheet name; nil for a sheet excelize is asked about.
	scans map[string]*xlsx.SheetScan
	// legacy asks excelize for every lookup, as before SheetScan: the
	// differential test reads each workbook both ways.
	legacy bool
}

type numKind struct{ percent, percentSign, date, monthOnly bool }

// Read finds every value of the layout in an opened workbook. Problems with
// the workbook's structure are returned in Form.Issues; Read itself does not
// fail on a malformed workbook.
func Read(f *excelize.File, l *Layout) *Form {
	return read(f, nil, l)
}

// ReadWorkbook is Read on a workbook opened by xlsx.OpenWorkbook: it also
// fills what only the container saw (Form.Formulas, Form.External), and
// tells a very hidden sheet from a hidden one.
func ReadWorkbook(w *xlsx.Workbook, l *Layout) *Form {
	return read(nil, w, l)
}

func read(f *excelize.File, wb *xlsx.Workbook, l *Layout) *Form {
	return readWith(f, wb, l, false)
}

func readWith(f *excelize.File, wb *xlsx.Workbook, l *Layout, legacy bool) *Form {
	if wb != nil && f == nil && (legacy || wb.Book() == nil) {
		var err error
		if f, err = wb.Excel(); err != nil {
			// A workbook without a Book is open already; with one, the
			// book is read unless asked for the legacy way.
			form := newForm(l)
			form.Issues = []Issue{{Code: "missing_sheet", Message: "工作簿无法打开，请用 Excel 或 WPS 重新保存后报送"}}
			return form
		}
	}
	r := &reader{
		f:      f,
		wb:     wb,
		l:      l,
		legacy: legacy,
		scans:  map[string]*xlsx.SheetScan{},
		grids:  map[string]*grid{},
		styles: map[int]numKind{},
		sheets: map[string]string{},
		names:  map[string]Ref{},
		form:   newForm(l),
	}
	if !legacy && wb != nil {
		r.book = wb.Book()
	}
	if r.book != nil {
		r.date1904 = r.book.Date1904
		r.list = r.book.Sheets
		r.defined = r.book.Defined
		r.form.Macros = r.book.Macros
	} else {
		if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
			r.date1904 = *props.Date1904
		}
		r.list = f.GetSheetList()
		r.defined = f.GetDefinedName()
		r.form.Macros = xlsx.Macros(f)
	}
	for _, s := range r.list {
		// A sheet named exactly as the layout wins over one that only
		// normalises to the same name ("绩效指标 " beside "绩效指标").
		if _, dup := r.sheets[Norm(s)]; !dup || Norm(s) == s {
			r.sheets[Norm(s)] = s
		}
	}
	for _, dn := range r.defined {
		if dn.Scope != "" && dn.Scope != "Workbook" {
			continue
		}
		if ref, ok := ParseRefersTo(dn.RefersTo); ok {
			r.names[dn.Name] = ref
		}
	}
	r.readMeta()
	r.readFields(l.Info)
	r.readBudget()
	r.readFields(l.Goals)
	r.readIndicators()
	r.readAccounts()
	r.readFields(l.Narrative)
	r.checkSheets()
	r.form.ReviewMarks = slices.Contains(r.list, l.MarksSheet)
	r.readSheets()
	r.readFormulas()
	r.readExternal()
	return r.form
}

// newForm returns an empty form of the layout, its maps made.
func newForm(l *Layout) *Form {
	return &Form{
		Layout:     l,
		Meta:       map[string]string{},
		Fields:     map[string]Cell{},
		Breakdowns: map[string][]Item{},
		Columns:    map[string]int{},
		HiddenRows: map[Ref]bool{},
	}
}

// checkSheets loads the model of every sheet, as annotating will, and
// reports each one excelize cannot parse: its rows may have stopped early
// without a word (excelize's row reader ends quietly at the first XML
// error), and no annotated copy can be built from it. A sheet read only in
// part for its size is left alone: loading it whole is what the size limits
// are there to prevent.
func (r *reader) checkSheets() {
	partial := map[string]bool{}
	for _, g := range r.grids {
		if g != nil && g.truncated {
			partial[g.name] = true
		}
	}
	if r.book != nil {
		return // every sheet is in the plain shape (xlsx.Book)
	}
	for _, s := range r.list {
		if partial[s] {
			continue
		}
		if sc := r.scans[s]; sc != nil || !r.legacy && r.wb != nil && r.wb.SheetWellFormed(s) {
			// One pass over the part vouched for it: excelize would
			// parse it.
			continue
		}
		if _, err := r.f.GetSheetProps(s); err != nil {
			r.form.Damaged = append(r.form.Damaged, s)
			r.issue("missing_sheet", Ref{Sheet: s}, "工作表“%s”已损坏（不是有效的表格数据），内容可能没有读全，也无法生成批注版；请用 Excel 或 WPS 打开后另存为 .xlsx 再报送", s)
		}
	}
}

// scan returns the one pass over a sheet's part that answers the lookups
// beside its values, made on first use, or nil when excelize is to be
// asked: reading with Read, the legacy switch, or a sheet the scan cannot
// vouch for (xlsx.Workbook.ScanSheet).
func (r *reader) scan(sheet string) *xlsx.SheetScan {
	if r.legacy || r.wb == nil {
		return nil
	}
	if s, ok := r.scans[sheet]; ok {
		return s
	}
	s, ok := r.wb.ScanSheet(sheet)
	if !ok {
		s = nil
	}
	r.scans[sheet] = s
	return s
}

func (r *reader) issue(code string, ref Ref, format string, args ...any) {
	r.form.Issues = append(r.form.Issues, Issue{Code: code, Ref: ref, Message: fmt.Sprintf(format, args...)})
}

// sheet returns the grid of the named sheet, reading it on first use. A
// sheet renamed only by spaces or full-width characters is still found.
func (r *reader) sheet(name string, required bool) *grid {
	if g, ok := r.grids[name]; ok {
		return g
	}
	actual, ok := r.sheets[Norm(name)]
	if !ok {
		r.grids[name] = nil
		if required {
			if like := r.similarSheet(name); like != "" {
				r.issue("missing_sheet", Ref{Sheet: name}, "缺少工作表“%s”；工作簿中有“%s”，如果就是这张表，请把名称改回“%s”", name, like, name)
			} else {
				r.issue("missing_sheet", Ref{Sheet: name}, "缺少工作表“%s”；请使用下发的模板，不要删除或重命名工作表", name)
			}
		}
		return nil
	}
	g := &grid{name: actual}
	rows, err := r.rows(actual)
	if err != nil {
		r.issue("missing_sheet", Ref{Sheet: name}, "工作表“%s”已损坏，无法读取；请用 Excel 或 WPS 打开后重新保存再报送", name)
		r.grids[name] = nil
		return nil
	}
	text := 0
	broken := false
	for rows.Next() {
		if len(g.rows) >= MaxRows || text > maxSheetText {
			g.truncated = true
			break
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			broken = true
			break
		}
		if len(cols) > maxCols {
			// A copy, so that the 16,384-cell row excelize built is freed.
			cols = append([]string(nil), cols[:maxCols]...)
		}
		for i := range cols {
			cols[i] = strings.TrimSpace(cols[i])
			text += len(cols[i])
		}
		if rows.GetRowOpts().Hidden {
			r.form.HiddenRows[Ref{Sheet: name, Row: len(g.rows) + 1}] = true
		}
		g.rows = append(g.rows, cols)
	}
	broken = broken || rows.Error() != nil
	rows.Close()
	// Trailing empty rows carry nothing.
	for len(g.rows) > 0 && blank(g.rows[len(g.rows)-1]) {
		g.rows = g.rows[:len(g.rows)-1]
	}
	switch {
	case g.truncated && text > maxSheetText:
		r.issue("too_large", Ref{Sheet: name}, "工作表“%s”的内容超过 %d MB，只读取了前 %d 行的数值（未读取单元格格式和公式）；请删除多余内容后重新报送", name, maxSheetText>>20, len(g.rows))
	case g.truncated:
		r.issue("too_large", Ref{Sheet: name}, "工作表“%s”超过 %d 行，只读取了前 %d 行的数值（未读取单元格格式和公式）；请删除表格下方的多余行后重新报送", name, MaxRows, MaxRows)
	case broken:
		// The rest of the sheet cannot be read: reported, not skipped in
		// silence, because the rows after it may hold data.
		r.issue("missing_sheet", Ref{Sheet: name, Row: len(g.rows) + 1}, "工作表“%s”从第 %d 行起内容有误，无法读取，只读取了前 %d 行；请用 Excel 或 WPS 重新保存后报送", name, len(g.rows)+1, len(g.rows))
	}
	r.grids[name] = g
	return g
}

// similarSheet returns a sheet whose name contains the wanted one, such as
// 绩效指标（2022） for 绩效指标, or "".
func (r *reader) similarSheet(name string) string {
	want := Norm(name)
	if want == "" {
		return ""
	}
	for _, s := range r.list {
		if strings.Contains(Norm(s), want) {
			return s
		}
	}
	return ""
}

func blank(row []string) bool {
	for _, c := range row {
		if c != "" {
			return false
		}
	}
	return true
}

// cell builds the Cell at a 1-based position of a grid, with the flags its
// number format implies and, for an empty cell, the formula behind it.
func (r *reader) cell(g *grid, sheet string, row, col int) Cell {
	return r.cellAt(g, sheet, row, col, false)
}

// cellAt is cell; typed says the column holds text in the value grammar
// (a target or actual), where a formula may be a value typed with "=".
func (r *reader) cellAt(g *grid, sheet string, row, col int, typed bool) Cell {
	c := Cell{Ref: Ref{Sheet: sheet, Row: row, Col: col}, Raw: g.at(row, col)}
	if isExcelError(c.Raw) {
		c.Error = true
	}
	if g.truncated {
		return c
	}
	if c.Raw == "" || typed {
		r.formula(g, &c, typed)
	}
	if c.Raw == "" || c.Error || c.Formula != "" {
		return c
	}
	name := c.Ref.Cell()
	if name == "" {
		return c
	}
	if idx, err := r.cellStyle(g.name, name, row, col); err == nil && idx > 0 {
		k, ok := r.styles[idx]
		if !ok {
			k = r.numKind(idx)
			r.styles[idx] = k
		}
		if k.date && r.textCell(g.name, name, row, col) {
			// Excel shows text as typed, whatever the number format: a
			// date format on a text cell shows no date.
			k = numKind{}
		}
		c.Percent, c.PercentSign, c.Date, c.MonthOnly = k.percent, k.percentSign, k.date, k.monthOnly
		c.Date1904 = k.date && r.date1904
	}
	return c
}

// computation matches what makes a formula a computation rather than a
// typed value: a cell reference, a function call, or multiplication,
// division, a power or joining text (=9612/10000, =3573&"次"). A plus or
// minus alone does not: "=90%-95%" is a range typed after an equals sign.
var computation = regexp.MustCompile(`[A-Za-z]{1,3}\$?[0-9]+|[(*/^&]`)

// formula settles what a formula cell holds. A formula with a cached result
// is that result, already in Raw. A formula without one, as openpyxl and
// other scripts save them, gets Raw "=" + the formula and Formula set, so
// the pipeline reports it rather than reading an empty cell. In a typed
// column, a formula that computes nothing ("=100%", "=1项") is what a person
// typed: Excel took the leading "=" for a formula, cached 1 for the first
// and nothing for the second. The typed text is restored, without Formula.
func (r *reader) formula(g *grid, c *Cell, typed bool) {
	row := c.Ref.Row
	if row < 1 || row > len(g.rows) || c.Ref.Col > len(g.rows[row-1]) {
		// excelize's row reader keeps every formula cell, cached or not,
		// so a cell beyond the end of its row holds no formula: this
		// saves a lookup for each empty cell.
		return
	}
	name := c.Ref.Cell()
	if name == "" {
		return
	}
	f, err := r.cellFormula(g.name, name, row, c.Ref.Col)
	f = strings.TrimSpace(f)
	if err != nil || f == "" {
		return
	}
	if typed && !computation.MatchString(f) {
		c.Raw, c.Error, c.Percent, c.Formula = "="+f, false, false, ""
		return
	}
	if c.Raw != "" {
		return
	}
	if t, err := r.cellType(g.name, name, row, c.Ref.Col); err == nil && t == excelize.CellTypeFormula {
		return // a cached empty text, such as the result of =IF(A1="","",A1)
	}
	c.Raw, c.Formula = "="+f, f
}

// textCell reports whether a cell holds text: a string, or the text result
// of a formula.
func (r *reader) textCell(sheet, name string, row, col int) bool {
	t, err := r.cellType(sheet, name, row, col)
	return err == nil && (t == excelize.CellTypeSharedString || t == excelize.CellTypeInlineString || t == excelize.CellTypeFormula)
}

// cellStyle is excelize's GetCellStyle, answered from the sheet's scan
// when there is one; name is the cell at row and col.
func (r *reader) cellStyle(sheet, name string, row, col int) (int, error) {
	if s := r.scan(sheet); s != nil {
		return s.Style(row, col), nil
	}
	f, err := r.excel()
	if err != nil {
		return 0, err
	}
	return f.GetCellStyle(sheet, name)
}

// cellType is excelize's GetCellType, answered like cellStyle.
func (r *reader) cellType(sheet, name string, row, col int) (excelize.CellType, error) {
	if s := r.scan(sheet); s != nil {
		return cellTypes[s.Type(row, col)], nil
	}
	f, err := r.excel()
	if err != nil {
		return 0, err
	}
	return f.GetCellType(sheet, name)
}

// cellTypes maps a cell's t attribute to its type, as excelize does.
var cellTypes = map[string]excelize.CellType{
	"b":         excelize.CellTypeBool,
	"d":         excelize.CellTypeDate,
	"n":         excelize.CellTypeNumber,
	"e":         excelize.CellTypeError,
	"s":         excelize.CellTypeSharedString,
	"str":       excelize.CellTypeFormula,
	"inlineStr": excelize.CellTypeInlineString,
}

// cellFormula is excelize's GetCellFormula, answered like cellStyle; a
// cell of a shared formula is left to excelize, which translates it.
func (r *reader) cellFormula(sheet, name string, row, col int) (string, error) {
	if s := r.scan(sheet); s != nil {
		if f, ok := s.Formula(row, col); ok {
			return f, nil
		}
	}
	f, err := r.excel()
	if err != nil {
		return "", err
	}
	return f.GetCellFormula(sheet, name)
}

func (r *reader) numKind(idx int) numKind {
	var id int
	var custom *string
	if r.book != nil {
		var ok bool
		if id, custom, ok = r.book.NumFmt(idx); !ok {
			return numKind{}
		}
	} else {
		st, err := r.f.GetStyle(idx)
		if err != nil || st == nil {
			return numKind{}
		}
		id, custom = st.NumFmt, st.CustomNumFmt
	}
	if custom != nil {
		raw := strings.ToLower(*custom)
		f := quoted.ReplaceAllString(raw, "")
		date := !strings.Contains(f, "%") && (strings.Contains(f, "yy") || strings.Contains(f, "d") && strings.Contains(f, "m"))
		codes := bracketed.ReplaceAllString(f, "") // [$-804], [red]
		return numKind{
			percent: strings.Contains(f, "%"),
			// A quoted or escaped % is text the format shows, no scaling.
			percentSign: !strings.Contains(f, "%") && strings.Contains(raw, "%"),
			date:        date,
			// yyyy"年"m"月": a month, shown without its day.
			monthOnly: date && strings.Contains(codes, "m") && !strings.Contains(codes, "d"),
		}
	}
	switch {
	case id == 9 || id == 10:
		return numKind{percent: true}
	case id == 17 || id == 55 || id == 57:
		// mmm-yy, and the Chinese yyyy"年"m"月".
		return numKind{date: true, monthOnly: true}
	case id >= 14 && id <= 17, id == 22, id >= 27 && id <= 36, id >= 50 && id <= 58:
		return numKind{date: true}
	}
	return numKind{}
}

var quoted = regexp.MustCompile(`"[^"]*"|\\.`)

// bracketed matches the bracketed parts of a number format: locale, colour
// or condition, such as [$-804] or [red].
var bracketed = regexp.MustCompile(`\[[^\]]*\]`)

func isExcelError(s string) bool {
	switch s {
	case "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA", "#SPILL!", "#CALC!":
		return true
	}
	return false
}

// ParseRefersTo reads a defined name's target when it is one cell, such as
// '基本信息'!$B$3: an optional leading "=", the sheet name, bare or in single
// quotes with each quote inside the name written twice, "!", and the cell,
// absolute ($B$3), relative (B3) or mixed. The Ref is 1-based, as Ref always
// is. It returns false for anything else: a range, a formula, #REF!.
func ParseRefersTo(s string) (Ref, bool) {
	s = strings.TrimPrefix(s, "=")
	i := strings.LastIndexByte(s, '!')
	if i <= 0 {
		return Ref{}, false
	}
	sheet := s[:i]
	switch {
	case len(sheet) >= 2 && sheet[0] == '\'' && sheet[len(sheet)-1] == '\'':
		inner := sheet[1 : len(sheet)-1]
		if strings.Contains(strings.ReplaceAll(inner, "''", ""), "'") {
			return Ref{}, false // two quoted names: a list of cells
		}
		sheet = strings.ReplaceAll(inner, "''", "'")
	case strings.ContainsAny(sheet, "'!,"):
		return Ref{}, false // an unclosed quote or a list of cells
	}
	col, row, err := excelize.CellNameToCoordinates(strings.ReplaceAll(s[i+1:], "$", ""))
	if err != nil {
		return Ref{}, false
	}
	return Ref{Sheet: sheet, Row: row, Col: col}, true
}

// Norm normalises a label for matching: full-width to half-width, all
// whitespace and the invisible characters that WPS and web copy-paste leave
// behind (zero-width spaces, joiners, byte order marks) removed.
func Norm(s string) string {
	if hasWide(s) {
		s = width.Narrow.String(s)
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\u00a0', '\u3000', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
			return -1
		}
		return r
	}, s)
}

// hasWide reports whether width.Narrow would change s: whether it holds a
// rune with a narrow counterpart. Most labels have none, and the
// transformer costs an allocation and a copy.
func hasWide(s string) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf && width.LookupRune(r).Narrow() != 0 {
			return true
		}
	}
	return false
}

// labelMatches reports whether a cell's text is the given label, ignoring
// width, spaces and a parenthesised unit or weight ("全年预算数(万元)").
func labelMatches(text, label string) bool {
	t, l := Norm(text), Norm(label)
	if t == "" {
		return false
	}
	if t == l {
		return true
	}
	if !strings.ContainsAny(t, "([") && !strings.ContainsAny(l, "([") {
		return false // nothing in brackets to leave out
	}
	return withoutBrackets(t) == withoutBrackets(l)
}

// withoutBrackets is s without each (…) and […] in it, as the pattern
// \([^)]*\)|\[[^\]]*\] replaces them (TestWithoutBrackets): from left to
// right, an opening bracket to the first closing one of its kind after it;
// an opening bracket never closed stays. Brackets are ASCII, so no byte
// of them is part of another rune.
func withoutBrackets(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		closing := byte(')')
		if c == '[' {
			closing = ']'
		}
		if c == '(' || c == '[' {
			if j := strings.IndexByte(s[i+1:], closing); j >= 0 {
				i += j + 2
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

func (r *reader) readMeta() {
	g := r.sheet(r.l.MetaSheet, false)
	if g == nil {
		return
	}
	for i := range g.rows {
		if k := g.at(i+1, 1); k != "" {
			r.form.Meta[k] = g.at(i+1, 2)
		}
	}
}

// findField locates a labelled field: first through its defined name, if the
// label beside it still matches; then by searching column A for the label.
func (r *reader) findField(g *grid, sheet string, fd Field) (Cell, bool) {
	if ref, ok := r.names[fd.Name]; ok && Norm(ref.Sheet) == Norm(sheet) && ref.Col >= 2 {
		if fieldMatches(g.at(ref.Row, ref.Col-1), fd) {
			return r.cell(g, sheet, ref.Row, ref.Col), true
		}
	}
	for _, label := range fd.labels() {
		for row := 1; row <= len(g.rows); row++ {
			if labelMatches(g.at(row, 1), label) {
				return r.cell(g, sheet, row, 2), true
			}
		}
	}
	return Cell{}, false
}

// labels returns the field's label, then its aliases.
func (fd Field) labels() []string {
	return append([]string{fd.Label}, fd.Aliases...)
}

// fieldMatches reports whether a cell's text is the field's label or one
// of its aliases (labelMatches).
func fieldMatches(text string, fd Field) bool {
	for _, l := range fd.labels() {
		if labelMatches(text, l) {
			return true
		}
	}
	return false
}

func (r *reader) readFields(fs FieldSheet) {
	if fs.Name == "" {
		return
	}
	g := r.sheet(fs.Name, !fs.Optional)
	if g == nil {
		return
	}
	for _, fd := range fs.Fields {
		r.readField(g, fs.Name, fd)
	}
	r.hiddenFieldColumns(g, fs.Fields)
}

// hiddenFieldColumns records the hidden label and value columns of the
// fields of a sheet of label/value rows, each at its first field.
func (r *reader) hiddenFieldColumns(g *grid, fields []Field) {
	for _, fd := range fields {
		if c, ok := r.form.Fields[fd.Key]; ok {
			r.hiddenColumn(g, Ref{Sheet: c.Ref.Sheet, Row: c.Ref.Row, Col: c.Ref.Col - 1}, "项目")
			r.hiddenColumn(g, c.Ref, "填写内容")
		}
	}
}

// hiddenColumn records the column of ref, a cell of the form on grid g,
// when the workbook hides it, once per column. A sheet read only in part
// is left alone: its model is not loaded.
func (r *reader) hiddenColumn(g *grid, ref Ref, label string) {
	if g.truncated || ref.Col < 1 {
		return
	}
	for _, h := range r.form.HiddenColumns {
		if h.Ref.Sheet == ref.Sheet && h.Ref.Col == ref.Col {
			return
		}
	}
	name, err := excelize.ColumnNumberToName(ref.Col)
	if err != nil {
		return
	}
	if s := r.scan(g.name); s != nil {
		if s.ColHidden(ref.Col) {
			r.form.HiddenColumns = append(r.form.HiddenColumns, HiddenColumn{Ref: ref, Label: label})
		}
		return
	}
	f, err := r.excel()
	if err != nil {
		return
	}
	if visible, err := f.GetColVisible(g.name, name); err == nil && !visible {
		r.form.HiddenColumns = append(r.form.HiddenColumns, HiddenColumn{Ref: ref, Label: label})
	}
}

func (r *reader) readField(g *grid, sheet string, fd Field) {
	c, ok := r.findField(g, sheet, fd)
	if !ok {
		if fd.Required {
			r.issue("missing_field", Ref{Sheet: sheet}, "工作表“%s”中找不到“%s”一行；请在 A 列保留该标签，在 B 列填写", sheet, fd.Label)
		}
		return
	}
	r.form.Fields[fd.Key] = c
}

// findHeader returns the first row within headerScanRows whose cells match
// at least two of the columns, and the column number of each key found.
// A cell that matches only columns already found left of it repeats one of
// them: the first is read, and the repeat is recorded in
// Form.DuplicateColumns.
func (r *reader) findHeader(g *grid, sheet string, cols []Column) (int, map[string]int) {
	row, found, repeats := matchHeader(g, cols)
	for _, rp := range repeats {
		c := cols[rp.col]
		first := found[c.Key]
		differs := false
		for i := row + 1; i <= len(g.rows); i++ {
			if v := Norm(g.at(i, rp.at)); v != "" && v != Norm(g.at(i, first)) {
				differs = true
				break
			}
		}
		r.form.DuplicateColumns = append(r.form.DuplicateColumns, DuplicateColumn{
			Ref:     Ref{Sheet: sheet, Row: row, Col: rp.at},
			Read:    Ref{Sheet: sheet, Row: row, Col: first},
			Header:  c.Header,
			Differs: differs,
		})
	}
	return row, found
}

// repeat is a header cell, in column at, that repeats cols[col].
type repeat struct{ at, col int }

// matchHeader returns the first row within headerScanRows whose cells
// match at least two of the columns, the column number of each key found,
// and the cells of that row that repeat a column found left of them.
func matchHeader(g *grid, cols []Column) (int, map[string]int, []repeat) {
	for row := 1; row <= len(g.rows) && row <= headerScanRows; row++ {
		found := map[string]int{}
		for col := 1; col <= len(g.rows[row-1]); col++ {
			text := g.at(row, col)
			for _, c := range cols {
				if _, dup := found[c.Key]; dup {
					continue
				}
				if headerMatches(text, c) {
					found[c.Key] = col
					break
				}
			}
		}
		if len(found) < 2 {
			continue
		}
		// The header row found, its other cells may repeat a column.
		var repeats []repeat
		used := map[int]bool{}
		for _, col := range found {
			used[col] = true
		}
		for col := 1; col <= len(g.rows[row-1]); col++ {
			text := g.at(row, col)
			if used[col] || text == "" {
				continue
			}
			for i, c := range cols {
				if first, ok := found[c.Key]; ok && first < col && headerMatches(text, c) {
					repeats = append(repeats, repeat{at: col, col: i})
					break
				}
			}
		}
		return row, found, repeats
	}
	return 0, nil, nil
}

// unitRow reports whether a table row holds nothing but units, in brackets
// or bare, under the number columns (分值 over (分), 年度指标值 over （%）):
// the second row of a header. The level, name and reason columns are empty;
// a level heading that lost its name, （40分）, has a figure and is no unit.
func unitRow(g *grid, row int, cols map[string]int) bool {
	if row > len(g.rows) {
		return false
	}
	units := 0
	for key, col := range cols {
		t := Norm(g.at(row, col))
		switch {
		case t == "":
		case key != ColTarget && key != ColActual && key != ColWeight && key != ColSelfScore:
			return false
		case unitText.MatchString(t):
			units++
		default:
			return false
		}
	}
	return units > 0
}

// unitText is a unit as a header's second row writes it: (分), （万元）, %.
var unitText = regexp.MustCompile(`^(\([^()0-9]{1,6}\)|万元|元|%|分|单位:?[^0-9]{1,4})$`)

func headerMatches(text string, c Column) bool {
	if labelMatches(text, c.Header) {
		return true
	}
	for _, a := range c.Aliases {
		if labelMatches(text, a) {
			return true
		}
	}
	return false
}

func (r *reader) readBudget() {
	b := r.l.Budget
	g := r.sheet(b.Name, true)
	if g == nil {
		return
	}
	header, cols := r.findHeader(g, b.Name, b.Columns[1:])
	if header == 0 {
		r.issue("missing_column", Ref{Sheet: b.Name, Row: 1}, "工作表“%s”中找不到表头（%s、%s 等）；请不要修改表头文字", b.Name, b.Columns[1].Header, b.Columns[2].Header)
		return
	}
	for _, c := range b.Columns[1:] {
		if _, ok := cols[c.Key]; !ok && c.Required {
			r.issue("missing_column", Ref{Sheet: b.Name, Row: header}, "工作表“%s”第 %d 行表头缺少“%s”列", b.Name, header, c.Header)
		}
	}
	labelCol := 1
	r.hiddenColumn(g, Ref{Sheet: b.Name, Row: header, Col: labelCol}, b.Columns[0].Header)
	for _, c := range b.Columns[1:] {
		if col, ok := cols[c.Key]; ok {
			r.hiddenColumn(g, Ref{Sheet: b.Name, Row: header, Col: col}, c.Header)
		}
	}
	prev, prevLabel := header, "" // the last row found: a missing one belongs below it
	for _, row := range b.Rows {
		found := findBudgetRow(g, header, labelCol, row)
		if found == 0 {
			if row.Required {
				where := "表头下面"
				if prevLabel != "" {
					where = "“" + prevLabel + "”一行下面"
				}
				r.issue("missing_field", Ref{Sheet: b.Name, Row: prev + 1, Col: labelCol}, "工作表“%s”中找不到“%s”一行（应在%s）；请恢复这一行：A 列填“%s”，各列照填（没有金额的填 0）", b.Name, row.Label, where, row.Label)
			}
			continue
		}
		prev, prevLabel = found, row.Label
		br := BudgetRow{Key: row.Key, Label: row.Label, Row: found, Cells: map[string]Cell{}}
		for key, col := range cols {
			br.Cells[key] = r.cell(g, b.Name, found, col)
		}
		r.form.Budget = append(r.form.Budget, br)
	}
	r.readField(g, b.Name, b.Reason)
	if _, ok := r.form.Fields[b.Reason.Key]; !ok {
		// Real forms word the reason label in several ways; any label that
		// speaks of a deviation reason will do.
		for i := header + 1; i <= len(g.rows); i++ {
			if t := Norm(g.at(i, 1)); strings.Contains(t, "偏差原因") {
				r.form.Fields[b.Reason.Key] = r.cell(g, b.Name, i, 2)
				break
			}
		}
	}
}

// findBudgetRow returns the first row below the header whose label in column
// col is the row's label, or else one of its aliases, or 0.
func findBudgetRow(g *grid, header, col int, row Field) int {
	for _, label := range row.labels() {
		for i := header + 1; i <= len(g.rows); i++ {
			if budgetLabel(g.at(i, col), label) {
				return i
			}
		}
	}
	return 0
}

// budgetLabel matches a 资金情况 row label, which real forms prefix with
// "资金来源：（1）" and the like.
func budgetLabel(text, label string) bool {
	t := Norm(text)
	if t == "" {
		return false
	}
	t = withoutBrackets(t)
	if i := strings.LastIndexAny(t, ":："); i >= 0 {
		t = t[i+1:]
	}
	return t == Norm(label) || strings.HasSuffix(t, Norm(label))
}

// maxReviewShift is how far right of the table the review columns of an
// earlier annotation are looked for: a department may insert columns of its
// own before them.
const maxReviewShift = 20

// reviewColumns returns the first column of an earlier annotation's review
// columns (the layout's ReviewHeader, in order, on the header row) right of
// the table's last column, or 0 when there are none.
func reviewColumns(g *grid, header, last int, review []Column) int {
	if len(review) == 0 {
		return 0
	}
	for col := last + 1; col <= last+maxReviewShift; col++ {
		ours := true
		for i, c := range review {
			if strings.TrimSpace(g.at(header, col+i)) != c.Header {
				ours = false
				break
			}
		}
		if ours {
			return col
		}
	}
	return 0
}

// levelWeight strips a weight written into a level label: "产出指标(50分)".
var levelWeight = regexp.MustCompile(`\(\s*[0-9.]+\s*分?\s*\)$`)

func (r *reader) readIndicators() {
	t := r.l.Indicators
	g := r.sheet(t.Name, true)
	if g == nil {
		return
	}
	header, cols := r.findHeader(g, t.Name, t.Columns)
	if header == 0 {
		r.issue("missing_column", Ref{Sheet: t.Name, Row: 1}, "工作表“%s”中找不到表头（一级指标、三级指标、年度指标值 等）；请不要修改表头文字", t.Name)
		return
	}
	r.form.HeaderRow = header
	r.form.Columns = cols
	for _, c := range t.Columns {
		if _, ok := cols[c.Key]; !ok && c.Required {
			r.issue("missing_column", Ref{Sheet: t.Name, Row: header}, "工作表“%s”第 %d 行表头缺少“%s”列；请恢复模板中的表头", t.Name, header, c.Header)
			r.form.Issues[len(r.form.Issues)-1].Column = c.Key
		}
		if col := cols[c.Key]; col > r.form.LastCol {
			r.form.LastCol = col
		}
	}
	for _, c := range t.Columns {
		if col, ok := cols[c.Key]; ok {
			r.hiddenColumn(g, Ref{Sheet: t.Name, Row: header, Col: col}, c.Header)
		}
	}
	r.form.ReviewCol = reviewColumns(g, header, r.form.LastCol, r.l.ReviewHeader)
	merged := r.mergedCells(g, cols, header)
	get := func(row int, key string) Cell {
		col, ok := cols[key]
		if !ok {
			return Cell{Ref: Ref{Sheet: t.Name, Row: row}}
		}
		if m, ok := merged[[2]int{row, col}]; ok {
			if m.carry {
				return Cell{Ref: Ref{Sheet: t.Name, Row: row, Col: col}, Raw: m.value}
			}
			// What Excel shows: a value a script left under the range is
			// hidden from the person who filled the form.
			return Cell{Ref: Ref{Sheet: t.Name, Row: row, Col: col}}
		}
		return r.cellAt(g, t.Name, row, col, key == ColTarget || key == ColActual)
	}
	// origin returns the cell a merged range's value was written in, for
	// a cell that takes it; any other cell as it is.
	origin := func(c Cell) Cell {
		if m, ok := merged[[2]int{c.Ref.Row, c.Ref.Col}]; ok && m.carry {
			return Cell{Ref: Ref{Sheet: t.Name, Row: m.row, Col: m.col}, Raw: m.value}
		}
		return c
	}
	// last1 and last2 are the levels the next row carries when it leaves
	// them blank; lost1 is the 一级 cell in effect when it held only a
	// weight, such as "（40分）".
	var last1, last2, lost1, stated1 Cell
	var parents map[string][]string // read on first need
	first := header + 1
	if unitRow(g, first, cols) {
		// A header in two rows, units below the names: 分值 over (分).
		first++
	}
	rowAt := func(row int) Indicator {
		return Indicator{
			Row:       row,
			Level1:    get(row, ColLevel1),
			Level2:    get(row, ColLevel2),
			Name:      get(row, ColName),
			Target:    get(row, ColTarget),
			Actual:    get(row, ColActual),
			Weight:    get(row, ColWeight),
			SelfScore: get(row, ColSelfScore),
			Reason:    get(row, ColReason),
		}
	}
	// The signature and note lines (单位负责人：张三  填表人：李四, 注：…)
	// are the rows below the last row that is none: a row that looks like
	// one inside the table is read, and reported, as what it holds.
	footerFrom := len(g.rows) + 1
	for row := len(g.rows); row >= first; row-- {
		in := rowAt(row)
		if !noEntry([]Cell{in.Level1, in.Level2, in.Name, in.Target, in.Actual, in.Weight, in.SelfScore, in.Reason}) && !isFooter(in) {
			break
		}
		footerFrom = row
	}
	for row := first; row < footerFrom; row++ {
		in := rowAt(row)
		if isTotalLabel(in.Level1.Raw) || isTotalLabel(in.Name.Raw) && in.Target.Empty() {
			// A 合计/总分 row is not an indicator, nor a level heading;
			// its figures are kept for the checks.
			label := in.Level1
			if !isTotalLabel(label.Raw) {
				label = in.Name
			}
			r.form.Totals = append(r.form.Totals, TotalRow{Row: row, Label: label, Weight: in.Weight, SelfScore: in.SelfScore})
			continue
		}
		if label, group, ok := subtotal(in, last1); ok {
			// A 小计 row sums one 一级 or 二级指标's rows: not an indicator
			// either.
			tr := TotalRow{Row: row, Label: label, Weight: in.Weight, SelfScore: in.SelfScore, Group: group}
			if group == "" {
				// 产出指标 | 数量指标 | 小计: the 二级 written beside it;
				// else the rows since the previous total row.
				if label == in.Name && !in.Level2.Empty() {
					tr.Group2 = levelName(in.Level2.Raw)
				}
				tr.Since = tr.Group2 == ""
			}
			r.form.Totals = append(r.form.Totals, tr)
			continue
		}
		orig1, orig2 := in.Level1, in.Level2
		if w := levelWeight.FindString(Norm(orig1.Raw)); w != "" {
			in.Level1Stated = Cell{Ref: orig1.Ref, Raw: strings.Trim(w, "()分 ")}
		}
		if !orig1.Empty() {
			stated1 = in.Level1Stated // a new 一级 cell: its weight, or none
		}
		in.Level1.Raw = levelName(orig1.Raw)
		if name := levelName(orig2.Raw); name != Norm(orig2.Raw) {
			in.Level2.Raw = name // "数量指标(20分)"
		}
		rest := []Cell{in.Name, in.Target, in.Actual, in.Weight, in.SelfScore, in.Reason}
		if noEntry(rest) {
			// A level heading row or a blank row: levels carry forward,
			// nothing is scored.
			switch {
			case !in.Level1.Empty():
				last1, last2, lost1 = in.Level1, in.Level2, Cell{}
			case !orig1.Empty():
				// A heading that lost its name: the rows below it belong
				// to a new 一级, but which one, it does not say.
				last2, lost1 = in.Level2, origin(orig1)
			}
			continue
		}
		switch {
		case !orig1.Empty() && in.Level1.Empty():
			// "（40分）": a new 一级 was meant, but its name is lost.
			in.Level1Unnamed = origin(orig1)
			lost1 = in.Level1Unnamed
		case in.Level1.Empty():
			in.Level1Unnamed = lost1 // blank under a label that lost its name
		default:
			lost1 = Cell{}
			if in.Level1.Raw != last1.Raw {
				last2 = Cell{} // a new 一级 starts a new 二级 run
			}
		}
		if !orig2.Empty() && in.Level2.Empty() {
			in.Level2Unnamed = origin(orig2)
		}
		if in.Level2.Empty() && !last2.Empty() {
			in.Level2 = Cell{Ref: in.Level2.Ref, Raw: last2.Raw}
			in.Level2Carried = true
		}
		if in.Level1.Empty() && !in.Level1Unnamed.Empty() && !in.Level2.Empty() && !in.Level2Carried {
			// The 二级 written in this row names its 一级 when the
			// workbook's dropdown lists offer it under one 一级 only.
			if parents == nil {
				parents = r.levelParents()
			}
			if p := parents[Norm(in.Level2.Raw)]; len(p) == 1 {
				in.Level1 = Cell{Ref: in.Level1.Ref, Raw: p[0]}
				in.Level1Inferred = true
			}
		}
		if in.Level1.Empty() && !last1.Empty() {
			in.Level1 = Cell{Ref: in.Level1.Ref, Raw: last1.Raw}
			in.Level1Carried = true
		}
		if in.Level1Stated.Empty() && (in.Level1Carried || in.Level1Inferred || !in.Level1Unnamed.Empty()) {
			// Under a heading row that states the weight: 效益指标（20分）
			// above its first indicator.
			in.Level1Stated = stated1
		}
		last1, last2 = in.Level1, in.Level2
		r.form.Indicators = append(r.form.Indicators, in)
	}
}

// levelName returns the name in a level cell, normalised, without a weight
// written into it: "产出指标" for "产出指标（50分）", and "" for "（40分）",
// a label that lost its name.
func levelName(raw string) string {
	return levelNumber.ReplaceAllString(levelWeight.ReplaceAllString(Norm(raw), ""), "")
}

// levelNumber matches the numbering forms put before a level name: "一、",
// "(一)", "1.", "1、" (after Norm, the brackets and the comma are half-width).
var levelNumber = regexp.MustCompile(`^(\(\s*[一二三四五六七八九十0-9]+\s*\)|[一二三四五六七八九十]+\s*[、､.．]|[0-9]+\s*[、､.．](\s|$)?)\s*`)

// levelParents maps each 二级指标 name of the workbook's own dropdown lists
// (the hidden list sheet: from column C, a 一级 name atop each column and
// the 二级 names allowed under it below) to the 一级 names it is listed
// under. It is empty for a workbook without the list sheet.
func (r *reader) levelParents() map[string][]string {
	out := map[string][]string{}
	g := r.sheet(r.l.ListSheet, false)
	if g == nil || len(g.rows) == 0 {
		return out
	}
	for col := 3; col <= len(g.rows[0]); col++ {
		parent := Norm(g.at(1, col))
		if parent == "" {
			continue
		}
		for row := 2; row <= len(g.rows); row++ {
			if child := Norm(g.at(row, col)); child != "" && !slices.Contains(out[child], parent) {
				out[child] = append(out[child], parent)
			}
		}
	}
	return out
}

// cover is what a cell under a merged range reads as.
type cover struct {
	value    string
	carry    bool // the cell takes the range's top-left value
	row, col int  // the range's top-left cell
}

// mergedCells maps each table cell that a merged range covers, other than
// the range's top-left cell, to what it reads as. A range carries its value
// down a text column (a level written once for a group of rows, one reason
// for several indicators) and across the two level columns (一级 and 二级
// written once). Every other covered cell reads empty, as Excel shows it: a
// banner merged across the table is a heading row, and a range over a
// target, actual, weight or self-score cell leaves the cells it covers
// empty, which the pipeline reports, rather than copying one indicator's
// figure into another's. Ranges that start in the header or above it are
// titles and two-row headers, not data. Only the table's own columns and
// rows are visited: a merge across a whole sheet (A1:XFD1048576) costs no
// more than the table.
func (r *reader) mergedCells(g *grid, cols map[string]int, header int) map[[2]int]cover {
	out := map[[2]int]cover{}
	if g.truncated {
		return out
	}
	var mcs []excelize.MergeCell
	if s := r.scan(g.name); s != nil {
		for _, ref := range s.Merges() {
			mcs = append(mcs, excelize.MergeCell{ref, ""})
		}
	} else {
		f, err := r.excel()
		if err != nil {
			return out
		}
		if mcs, err = f.GetMergeCells(g.name); err != nil {
			return out
		}
	}
	levels := map[int]bool{}
	for _, key := range []string{ColLevel1, ColLevel2} {
		if col, ok := cols[key]; ok {
			levels[col] = true
		}
	}
	for _, mc := range mcs {
		c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err1 != nil || err2 != nil || r1 <= header || r1 > len(g.rows) {
			continue
		}
		// A range over the level columns only may run across them.
		acrossLevels := true
		for _, col := range cols {
			if col >= c1 && col <= c2 && !levels[col] {
				acrossLevels = false
			}
		}
		v := g.at(r1, c1)
		for key, col := range cols {
			if col < c1 || col > c2 {
				continue
			}
			carry := textColumn(key) && (c1 == c2 || acrossLevels)
			for row := r1; row <= r2 && row <= len(g.rows); row++ {
				if row != r1 || col != c1 {
					out[[2]int{row, col}] = cover{value: v, carry: carry, row: r1, col: c1}
				}
			}
		}
	}
	return out
}

// textColumn reports whether an indicator column holds free text rather
// than a figure.
func textColumn(key string) bool {
	switch key {
	case ColLevel1, ColLevel2, ColName, ColReason:
		return true
	}
	return false
}

// noEntry reports whether none of the cells holds anything a person typed:
// each is empty or a formula without a cached result, such as a score
// formula a script filled into the spare rows below the table.
func noEntry(cs []Cell) bool {
	for _, c := range cs {
		if !c.Empty() && c.Formula == "" {
			return false
		}
	}
	return true
}

// subtotal reports whether an indicator row is a 小计 row, by its 一级 cell
// ("产出指标小计", "小计") or its 三级 cell ("小计", with no target), and
// which 一级指标 it sums: the one it names, else the one in effect (last1,
// or the 一级 written or merged beside it).
func subtotal(in Indicator, last1 Cell) (label Cell, group string, ok bool) {
	for _, c := range []Cell{in.Level1, in.Level2, in.Name} {
		if c == in.Name && !in.Target.Empty() {
			break
		}
		n := withoutBrackets(Norm(c.Raw))
		prefix, found := strings.CutSuffix(n, "小计")
		if !found {
			if prefix, found = strings.CutSuffix(n, "合计"); !found || prefix == "" {
				continue
			}
		}
		// A bare 小计 with nothing written beside it sums the rows above
		// it, since the previous total row: group "" and Since.
		return c, levelName(prefix), true
	}
	return Cell{}, "", false
}

// footerLabel matches the start of a form's signature and note lines: a
// person, a unit, a telephone or a date, signed or sealed, then a colon,
// a space or nothing; or a note (注：, 注1：, 备注：, 说明：).
var footerLabel = regexp.MustCompile(`^(?:(?:单位|部门|主要|财务|分管)?负责人|分管领导|填表人|填报人|制表人|审核人|复核人|经办人|联系人|联系电话|电话|填报单位|填表单位|填报日期|填表日期|日期)` +
	`\s*(?:[(（]\s*(?:签字|签名|签章|盖章)\s*[)）]|签字|签名|签章|盖章)?\s*(?:[:：]|\s|$)|^(?:注\s*\d*|备注|说明)\s*[:：]`)

// isFooter reports a signature or note line: its first filled cell, left
// to right, starts with a signature label followed by a colon, a space or
// nothing, or is a note; and it gives no weight and score as an indicator
// does. An indicator named 联系电话接通率 is none: the label runs on.
func isFooter(in Indicator) bool {
	if !in.Weight.Empty() && !in.SelfScore.Empty() {
		return false
	}
	cells := []Cell{in.Level1, in.Level2, in.Name, in.Target, in.Actual, in.Weight, in.SelfScore, in.Reason}
	slices.SortFunc(cells, func(a, b Cell) int { return a.Ref.Col - b.Ref.Col })
	for _, c := range cells {
		if !c.Empty() {
			// Norm folds the widths but drops spaces: 经办人 赵六 is read
			// as written too.
			return footerLabel.MatchString(Norm(c.Raw)) || footerLabel.MatchString(strings.TrimSpace(c.Raw))
		}
	}
	return false
}

func isTotalLabel(s string) bool {
	switch Norm(s) {
	case "合计", "总分", "总计", "合计得分", "总得分":
		return true
	}
	return false
}

func (r *reader) readAccounts() {
	if !r.l.HasAccounts() {
		return
	}
	a := r.l.Accounts
	g := r.sheet(a.Name, true)
	if g == nil {
		return
	}
	for _, fd := range a.Fields {
		r.readField(g, a.Name, fd)
	}
	r.hiddenFieldColumns(g, a.Fields)
	sections := map[int]string{}
	stop := map[string]bool{}
	for _, fd := range a.Fields {
		stop[Norm(fd.Label)] = true
	}
	for _, b := range a.Breakdowns {
		for row := 1; row <= len(g.rows); row++ {
			if labelMatches(g.at(row, 1), b.Label) {
				sections[row] = b.Key
				break
			}
		}
	}
	for _, b := range a.Breakdowns {
		start := 0
		for row, key := range sections {
			if key == b.Key {
				start = row
			}
		}
		if start == 0 {
			r.issue("missing_field", Ref{Sheet: a.Name}, "工作表“%s”中找不到“%s”部分", a.Name, b.Label)
			continue
		}
		var items []Item
		for row := start + 1; row <= len(g.rows); row++ {
			if _, next := sections[row]; next || stop[Norm(g.at(row, 1))] || strings.HasPrefix(Norm(g.at(row, 1)), NotesHeading) {
				// An annotated copy prints its 审核意见 below the table.
				break
			}
			label, amount := r.cell(g, a.Name, row, 1), r.cell(g, a.Name, row, 2)
			if label.Empty() && amount.Empty() {
				continue
			}
			_, _, sub := subtotal(Indicator{Level1: label}, Cell{})
			items = append(items, Item{Label: label, Amount: amount, Total: isTotalLabel(label.Raw) || sub})
		}
		r.form.Breakdowns[b.Key] = items
	}
}

// excel returns the workbook as excelize opened it, opening it on first
// use for a workbook read as a Book: for what the one pass does not
// answer (a shared formula's text, a formula's recomputed result).
func (r *reader) excel() (*excelize.File, error) {
	if r.f == nil {
		f, err := r.wb.Excel()
		if err != nil {
			return nil, err
		}
		r.f = f
	}
	return r.f, nil
}

// rowReader reads a sheet row by row, as excelize's *Rows does.
type rowReader interface {
	Next() bool
	Columns(opts ...excelize.Options) ([]string, error)
	GetRowOpts() excelize.RowOpts
	Error() error
	Close() error
}

// rows returns the row reader of a sheet: from its scan for a workbook
// read as a Book, else excelize's.
func (r *reader) rows(sheet string) (rowReader, error) {
	if r.book != nil {
		s := r.book.Sheet(sheet)
		if s == nil {
			return nil, fmt.Errorf("sheet %s does not exist", sheet)
		}
		return &scanRows{s: s}, nil
	}
	return r.f.Rows(sheet)
}

// scanRows is a rowReader over the values of a SheetScan.
type scanRows struct {
	s   *xlsx.SheetScan
	row int // the current row, 1-based; 0 before the first
}

func (it *scanRows) Next() bool {
	if it.row >= len(it.s.Rows()) {
		return false
	}
	it.row++
	return true
}

// Columns returns a copy of the current row: the reader trims it in place.
func (it *scanRows) Columns(...excelize.Options) ([]string, error) {
	return slices.Clone(it.s.Rows()[it.row-1]), nil
}

func (it *scanRows) GetRowOpts() excelize.RowOpts {
	return excelize.RowOpts{Hidden: it.s.RowHidden(it.row)}
}

func (it *scanRows) Error() error { return nil }
func (it *scanRows) Close() error { return nil }
