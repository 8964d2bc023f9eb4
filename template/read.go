package template

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/richardlehane/mscfb"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// Limits bound what one workbook may cost to read.
const (
	// MaxFileSize is the largest file Open accepts.
	MaxFileSize = 32 << 20
	// MaxUnzipSize bounds the inflated size of all parts together; a zip bomb
	// stops here instead of filling memory.
	MaxUnzipSize = 256 << 20
	// maxUnzipXMLSize is the inflated size above which excelize streams a
	// worksheet through a temporary file instead of memory.
	maxUnzipXMLSize = 16 << 20
	// MaxRows is the most rows read from one sheet. A real form has well
	// under a thousand; more means a runaway sheet, reported as too_large.
	MaxRows = 5000
	// headerScanRows is how far down a sheet the reader looks for a header,
	// so that title rows inserted above a table are tolerated.
	headerScanRows = 30
)

// UnreadableError says why a file is not a workbook the reader can open.
// Code is not_xlsx, encrypted or too_large; Reason is Chinese.
type UnreadableError struct {
	Code   string
	Reason string
	Err    error
}

func (e *UnreadableError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("unreadable workbook (%s): %v", e.Code, e.Err)
	}
	return "unreadable workbook (" + e.Code + ")"
}

func (e *UnreadableError) Unwrap() error { return e.Err }

var (
	zipMagic = []byte("PK\x03\x04")
	cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// Open opens a workbook for reading with raw cell values. It returns an
// *UnreadableError when the file is not an .xlsx workbook, is encrypted or is
// too large; any other error is a problem of the machine (the file cannot be
// read at all).
func Open(path string) (*excelize.File, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open workbook %q: %w", path, err)
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err != nil {
		return nil, fmt.Errorf("stat workbook %q: %w", path, err)
	}
	if info.Size() > MaxFileSize {
		return nil, &UnreadableError{Code: "too_large", Reason: fmt.Sprintf("文件大小 %d 字节，超过上限 %d MB，请删除多余内容后重新报送", info.Size(), MaxFileSize>>20)}
	}
	data, err := io.ReadAll(fh)
	if err != nil {
		return nil, fmt.Errorf("read workbook %q: %w", path, err)
	}
	return OpenBytes(data)
}

// OpenBytes is Open over bytes already in memory.
func OpenBytes(data []byte) (*excelize.File, error) {
	switch {
	case len(data) == 0:
		return nil, &UnreadableError{Code: "not_xlsx", Reason: "文件是空的（0 字节），请重新保存后报送"}
	case bytes.HasPrefix(data, cfbMagic):
		return nil, classifyCFB(data)
	case !bytes.HasPrefix(data, zipMagic):
		return nil, &UnreadableError{Code: "not_xlsx", Reason: "文件不是 Excel 工作簿（.xlsx），可能是文本或其他格式改了扩展名；请用 Excel 或 WPS 另存为 .xlsx 后报送"}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    MaxUnzipSize,
		UnzipXMLSizeLimit: maxUnzipXMLSize,
	})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size exceeds") {
			return nil, &UnreadableError{Code: "too_large", Reason: fmt.Sprintf("工作簿解压后超过 %d MB，可能含有大量空行或异常内容", MaxUnzipSize>>20), Err: err}
		}
		return nil, &UnreadableError{Code: "not_xlsx", Reason: "文件已损坏或不完整，无法作为 .xlsx 工作簿打开；请重新保存后报送", Err: err}
	}
	if len(f.GetSheetList()) == 0 {
		f.Close()
		return nil, &UnreadableError{Code: "not_xlsx", Reason: "工作簿中没有任何工作表"}
	}
	return f, nil
}

// classifyCFB tells an encrypted .xlsx (an OLE container holding an
// EncryptedPackage stream) from a legacy .xls or WPS .et workbook.
func classifyCFB(data []byte) error {
	r, err := mscfb.New(bytes.NewReader(data))
	if err == nil {
		for entry, err := r.Next(); err == nil; entry, err = r.Next() {
			if entry.Name == "EncryptedPackage" || entry.Name == "EncryptionInfo" {
				return &UnreadableError{Code: "encrypted", Reason: "工作簿设置了打开密码，无法审核；请取消密码（文件→信息→保护工作簿）后重新报送"}
			}
		}
	}
	return &UnreadableError{Code: "not_xlsx", Reason: "这是旧版 .xls 或 WPS .et 格式的文件，请用 Excel 或 WPS 另存为 .xlsx 后报送"}
}

// grid is one sheet read into memory: raw values by 0-based row and column.
type grid struct {
	name string
	rows [][]string
	// truncated says the sheet had more than MaxRows rows.
	truncated bool
}

func (g *grid) at(row, col int) string {
	if row < 1 || row > len(g.rows) || col < 1 || col > len(g.rows[row-1]) {
		return ""
	}
	return g.rows[row-1][col-1]
}

type reader struct {
	f      *excelize.File
	l      *Layout
	form   *Form
	grids  map[string]*grid
	styles map[int]numKind
	sheets map[string]string // normalised name → actual sheet name
	names  map[string]Ref    // defined name → cell
}

type numKind struct{ percent, date bool }

// Read finds every value of the layout in an opened workbook. Problems with
// the workbook's structure are returned in Form.Issues; Read itself does not
// fail on a malformed workbook.
func Read(f *excelize.File, l *Layout) *Form {
	r := &reader{
		f:      f,
		l:      l,
		grids:  map[string]*grid{},
		styles: map[int]numKind{},
		sheets: map[string]string{},
		names:  map[string]Ref{},
		form: &Form{
			Layout:     l,
			Meta:       map[string]string{},
			Fields:     map[string]Cell{},
			Breakdowns: map[string][]Item{},
			Columns:    map[string]int{},
		},
	}
	for _, s := range f.GetSheetList() {
		r.sheets[Norm(s)] = s
	}
	for _, dn := range f.GetDefinedName() {
		if dn.Scope != "" && dn.Scope != "Workbook" {
			continue
		}
		if ref, ok := parseRefersTo(dn.RefersTo); ok {
			r.names[dn.Name] = ref
		}
	}
	r.readMeta()
	r.readFields(l.Info)
	r.readBudget()
	r.readFields(l.Goals)
	r.readIndicators()
	r.readAccounts()
	return r.form
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
			r.issue("missing_sheet", Ref{Sheet: name}, "缺少工作表“%s”；请使用下发的模板，不要删除或重命名工作表", name)
		}
		return nil
	}
	g := &grid{name: actual}
	rows, err := r.f.Rows(actual)
	if err != nil {
		r.issue("missing_sheet", Ref{Sheet: name}, "工作表“%s”无法读取（%v）", name, err)
		r.grids[name] = nil
		return nil
	}
	for rows.Next() {
		if len(g.rows) >= MaxRows {
			g.truncated = true
			break
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			break
		}
		for i := range cols {
			cols[i] = strings.TrimSpace(cols[i])
		}
		g.rows = append(g.rows, cols)
	}
	rows.Close()
	// Trailing empty rows carry nothing.
	for len(g.rows) > 0 && blank(g.rows[len(g.rows)-1]) {
		g.rows = g.rows[:len(g.rows)-1]
	}
	if g.truncated {
		r.issue("too_large", Ref{Sheet: name}, "工作表“%s”超过 %d 行，只读取了前 %d 行；请删除表格下方的多余行", name, MaxRows, MaxRows)
	}
	r.grids[name] = g
	return g
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
// number format implies.
func (r *reader) cell(g *grid, sheet string, row, col int) Cell {
	c := Cell{Ref: Ref{Sheet: sheet, Row: row, Col: col}, Raw: g.at(row, col)}
	if c.Raw == "" {
		return c
	}
	if isExcelError(c.Raw) {
		c.Error = true
		return c
	}
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return c
	}
	if idx, err := r.f.GetCellStyle(g.name, name); err == nil && idx > 0 {
		k, ok := r.styles[idx]
		if !ok {
			k = r.numKind(idx)
			r.styles[idx] = k
		}
		c.Percent, c.Date = k.percent, k.date
	}
	return c
}

func (r *reader) numKind(idx int) numKind {
	st, err := r.f.GetStyle(idx)
	if err != nil || st == nil {
		return numKind{}
	}
	if st.CustomNumFmt != nil {
		f := strings.ToLower(*st.CustomNumFmt)
		f = quoted.ReplaceAllString(f, "")
		return numKind{
			percent: strings.Contains(f, "%"),
			date:    !strings.Contains(f, "%") && (strings.Contains(f, "yy") || strings.Contains(f, "d") && strings.Contains(f, "m")),
		}
	}
	switch {
	case st.NumFmt == 9 || st.NumFmt == 10:
		return numKind{percent: true}
	case st.NumFmt >= 14 && st.NumFmt <= 17, st.NumFmt == 22, st.NumFmt >= 27 && st.NumFmt <= 36, st.NumFmt >= 50 && st.NumFmt <= 58:
		return numKind{date: true}
	}
	return numKind{}
}

var quoted = regexp.MustCompile(`"[^"]*"|\\.`)

func isExcelError(s string) bool {
	switch s {
	case "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA", "#SPILL!", "#CALC!":
		return true
	}
	return false
}

// parseRefersTo reads a defined name's target such as '基本信息'!$B$3.
func parseRefersTo(s string) (Ref, bool) {
	i := strings.LastIndex(s, "!")
	if i < 0 {
		return Ref{}, false
	}
	sheet := strings.Trim(s[:i], "'=")
	sheet = strings.ReplaceAll(sheet, "''", "'")
	col, row, err := excelize.CellNameToCoordinates(strings.ReplaceAll(s[i+1:], "$", ""))
	if err != nil {
		return Ref{}, false
	}
	return Ref{Sheet: sheet, Row: row, Col: col}, true
}

// Norm normalises a label for matching: full-width to half-width, all
// whitespace removed.
func Norm(s string) string {
	s = width.Narrow.String(s)
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\u00a0', '\u3000':
			return -1
		}
		return r
	}, s)
}

var parenthetical = regexp.MustCompile(`\([^)]*\)|\[[^\]]*\]`)

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
	return parenthetical.ReplaceAllString(t, "") == parenthetical.ReplaceAllString(l, "")
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
		if labelMatches(g.at(ref.Row, ref.Col-1), fd.Label) {
			return r.cell(g, sheet, ref.Row, ref.Col), true
		}
	}
	for row := 1; row <= len(g.rows); row++ {
		if labelMatches(g.at(row, 1), fd.Label) {
			return r.cell(g, sheet, row, 2), true
		}
	}
	return Cell{}, false
}

func (r *reader) readFields(fs FieldSheet) {
	g := r.sheet(fs.Name, true)
	if g == nil {
		return
	}
	for _, fd := range fs.Fields {
		r.readField(g, fs.Name, fd)
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
func findHeader(g *grid, cols []Column) (int, map[string]int) {
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
		if len(found) >= 2 {
			return row, found
		}
	}
	return 0, nil
}

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
	header, cols := findHeader(g, b.Columns[1:])
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
	for _, row := range b.Rows {
		found := 0
		for i := header + 1; i <= len(g.rows); i++ {
			if budgetLabel(g.at(i, labelCol), row.Label) {
				found = i
				break
			}
		}
		if found == 0 {
			if row.Required {
				r.issue("missing_field", Ref{Sheet: b.Name, Row: header}, "工作表“%s”中找不到“%s”一行", b.Name, row.Label)
			}
			continue
		}
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

// budgetLabel matches a 资金情况 row label, which real forms prefix with
// "资金来源：（1）" and the like.
func budgetLabel(text, label string) bool {
	t := Norm(text)
	if t == "" {
		return false
	}
	t = parenthetical.ReplaceAllString(t, "")
	if i := strings.LastIndexAny(t, ":："); i >= 0 {
		t = t[i+1:]
	}
	return t == Norm(label) || strings.HasSuffix(t, Norm(label))
}

// levelWeight strips a weight written into a level label: "产出指标(50分)".
var levelWeight = regexp.MustCompile(`\(\s*[0-9.]+\s*分?\s*\)$`)

func (r *reader) readIndicators() {
	t := r.l.Indicators
	g := r.sheet(t.Name, true)
	if g == nil {
		return
	}
	header, cols := findHeader(g, t.Columns)
	if header == 0 {
		r.issue("missing_column", Ref{Sheet: t.Name, Row: 1}, "工作表“%s”中找不到表头（一级指标、三级指标、年度指标值 等）；请不要修改表头文字", t.Name)
		return
	}
	r.form.HeaderRow = header
	r.form.Columns = cols
	for _, c := range t.Columns {
		if _, ok := cols[c.Key]; !ok && c.Required {
			r.issue("missing_column", Ref{Sheet: t.Name, Row: header}, "工作表“%s”第 %d 行表头缺少“%s”列；请恢复模板中的表头", t.Name, header, c.Header)
		}
		if col := cols[c.Key]; col > r.form.LastCol {
			r.form.LastCol = col
		}
	}
	merged := r.mergedValues(g, cols)
	get := func(row int, key string) Cell {
		col, ok := cols[key]
		if !ok {
			return Cell{Ref: Ref{Sheet: t.Name, Row: row}}
		}
		c := r.cell(g, t.Name, row, col)
		if key == ColTarget || key == ColActual {
			r.literalFormula(g, &c)
		}
		if c.Raw == "" {
			if v, ok := merged[[2]int{row, col}]; ok {
				c.Raw = v
			}
		}
		return c
	}
	var last1, last2 Cell
	for row := header + 1; row <= len(g.rows); row++ {
		in := Indicator{
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
		rest := []Cell{in.Name, in.Target, in.Actual, in.Weight, in.SelfScore, in.Reason}
		if allEmpty(rest) {
			// A level heading row or a blank row: levels carry forward,
			// nothing is scored.
			if !in.Level1.Empty() && !isTotalLabel(in.Level1.Raw) {
				last1, last2 = in.Level1, in.Level2
			}
			continue
		}
		if isTotalLabel(in.Level1.Raw) || isTotalLabel(in.Name.Raw) && in.Target.Empty() {
			continue // a 合计/总分 row is not an indicator
		}
		in.Level1.Raw = levelWeight.ReplaceAllString(Norm(in.Level1.Raw), "")
		if in.Level1.Empty() && !last1.Empty() {
			in.Level1 = Cell{Ref: in.Level1.Ref, Raw: last1.Raw}
			in.Level1Carried = true
		} else if !in.Level1.Empty() && Norm(in.Level1.Raw) != Norm(last1.Raw) {
			last2 = Cell{} // a new 一级 starts a new 二级 run
		}
		if in.Level2.Empty() && !last2.Empty() {
			in.Level2 = Cell{Ref: in.Level2.Ref, Raw: last2.Raw}
			in.Level2Carried = true
		}
		last1, last2 = in.Level1, in.Level2
		r.form.Indicators = append(r.form.Indicators, in)
	}
}

// cellReference matches what makes a formula a computation rather than a
// typed value: a cell reference or a function call.
var cellReference = regexp.MustCompile(`[A-Za-z]{1,3}\$?[0-9]+|\(`)

// literalFormula recovers a value that became a formula by accident. A target
// typed as "=100%" or "=1项" is a formula to Excel and openpyxl: Excel caches
// 1 for the first, nothing for the second, and openpyxl caches nothing at
// all. The typed text is the formula with its "=" put back.
func (r *reader) literalFormula(g *grid, c *Cell) {
	name := c.Ref.Cell()
	if name == "" {
		return
	}
	f, err := r.f.GetCellFormula(g.name, name)
	if err != nil || f == "" {
		return
	}
	c.Formula = f
	if !cellReference.MatchString(f) {
		c.Raw, c.Error, c.Percent = "="+strings.TrimSpace(f), false, false
	}
}

// mergedValues maps the cells of the given columns that a merged range
// covers, other than its top-left cell, to the top-left value. Only the
// table's own columns and rows are visited: a merge across a whole sheet
// (A1:XFD1048576) costs no more than the table.
func (r *reader) mergedValues(g *grid, cols map[string]int) map[[2]int]string {
	out := map[[2]int]string{}
	mcs, err := r.f.GetMergeCells(g.name)
	if err != nil {
		return out
	}
	for _, mc := range mcs {
		c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		v := g.at(r1, c1)
		for _, col := range cols {
			if col < c1 || col > c2 {
				continue
			}
			for row := r1; row <= r2 && row <= len(g.rows); row++ {
				if row != r1 || col != c1 {
					out[[2]int{row, col}] = v
				}
			}
		}
	}
	return out
}

func allEmpty(cs []Cell) bool {
	for _, c := range cs {
		if !c.Empty() {
			return false
		}
	}
	return true
}

func isTotalLabel(s string) bool {
	switch Norm(s) {
	case "合计", "总分", "总计", "合计得分", "总得分":
		return true
	}
	return false
}

func (r *reader) readAccounts() {
	a := r.l.Accounts
	g := r.sheet(a.Name, true)
	if g == nil {
		return
	}
	for _, fd := range a.Fields {
		r.readField(g, a.Name, fd)
	}
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
			if _, next := sections[row]; next || stop[Norm(g.at(row, 1))] {
				break
			}
			label, amount := r.cell(g, a.Name, row, 1), r.cell(g, a.Name, row, 2)
			if label.Empty() && amount.Empty() {
				continue
			}
			items = append(items, Item{Label: label, Amount: amount})
		}
		r.form.Breakdowns[b.Key] = items
	}
}
