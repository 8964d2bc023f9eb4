package template

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template/xlsx"
)

// Fixed positions of a generated workbook. The reader finds cells through
// labels, header text and defined names, so a department that inserts rows
// does not break it; these constants say where Generate puts them.
const (
	// TitleRow is the merged title row of every data sheet.
	TitleRow = 1
	// HeaderRow is the header row of every data sheet.
	HeaderRow = 2
	// FirstDataRow is the first field, budget or indicator row.
	FirstDataRow = 3
)

// Headers of the two-column field sheets (基本信息, 总体目标) and of 决算收支.
const (
	FieldLabelHeader     = "项目"
	FieldValueHeader     = "填写内容"
	AccountsAmountHeader = "金额（万元）"
)

// Meta keys written to the very hidden _meta sheet, one key/value row each.
const (
	MetaTemplateVersion = "template_version"
	MetaFormKind        = "form_kind"
	MetaYear            = "year"
	MetaRulebookID      = "rulebook_id"
)

// spareIndicatorRows is how many empty input rows follow the indicators of a
// prefilled workbook.
const spareIndicatorRows = 10

// Colours: input cells are light yellow so people see where to type.
const (
	colorInput   = InputFill
	colorHeader  = "D9E1F2"
	colorSection = "E7E6E6"
	colorNA      = "F2F2F2"
	colorBorder  = "000000"
	fontName     = "宋体"
	FontSize     = 11 // points, the body font of every sheet
	titleSize    = 16
)

// Column widths of the sheets whose layout has no Column list.
const (
	infoLabelWidth     = 30
	infoValueWidth     = 46
	goalsLabelWidth    = 16
	goalsValueWidth    = 96
	accountsLabelWidth = 36
	accountsValueWidth = 20
)

// plainDecimal matches what Generate stores as a number: an optional minus,
// digits without a leading zero, an optional fraction. "007" stays text.
var plainDecimal = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?$`)

// InputFill is the shading of the cells a department fills in.
const InputFill = "FFF2CC"

// PrefillFill is the shading of the cells the bureau prefilled
// (Data.Prefill), which are locked.
const PrefillFill = "DDEBF7"

// Generate builds the workbook of layout l filled with d. A d carrying only
// Year gives the blank template. A plain decimal value in a numeric column is
// written as a number cell from its decimal text, never through float64;
// every other value, and every value of a text column, is written as text.
// Generate returns an error for a key in d that l does not know.
func Generate(l *Layout, d *Data) (*excelize.File, error) {
	if l == nil {
		return nil, &OpError{Op: OpGenerateWorkbook, Err: errors.New("no layout")}
	}
	if d == nil {
		d = &Data{}
	}
	if err := checkData(l, d); err != nil {
		return nil, &OpError{Op: OpGenerateWorkbook, Err: err}
	}
	g := &gen{f: excelize.NewFile(), l: l, d: d, styles: map[styleKey]int{}}
	g.run()
	if g.err != nil {
		_ = g.f.Close()
		return nil, &OpError{Op: OpGenerateWorkbook, Err: g.err}
	}
	return g.f, nil
}

// WriteTemplate generates the workbook of layout l filled with d and writes
// it to path atomically (xlsx.SaveAtomic): path never holds a half-written
// workbook.
func WriteTemplate(path string, l *Layout, d *Data) error {
	f, err := Generate(l, d)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := xlsx.SaveAtomic(f, path); err != nil {
		return &OpError{Op: OpWriteTemplate, Path: path, Err: err}
	}
	return nil
}

// checkData rejects keys the layout does not know, so a typo in a roster or
// a sample generator fails loudly instead of leaving a cell empty.
func checkData(l *Layout, d *Data) error {
	for k := range d.Fields {
		if _, _, ok := l.Field(k); !ok {
			return fmt.Errorf("prefill field %q is not in the layout", k)
		}
	}
	for rk, cols := range d.Budget {
		if !hasBudgetRow(l, rk) {
			return fmt.Errorf("prefill budget row %q is not in the layout", rk)
		}
		for ck := range cols {
			if !hasBudgetCol(l, ck) || ck == l.Budget.Columns[0].Key {
				return fmt.Errorf("prefill budget row %q: column %q is not in the layout", rk, ck)
			}
		}
	}
	for i, ind := range d.Indicators {
		for ck := range ind {
			if l.Indicators.Column(ck) == nil {
				return fmt.Errorf("prefill indicator %d: column %q is not in the layout", i+1, ck)
			}
		}
	}
	for _, k := range d.Prefill {
		if _, ok := prefillValue(d, k); !ok {
			return fmt.Errorf("prefill %s has no value in the data or is not in the layout", k.MetaKey())
		}
		if k.Field != "" {
			if _, _, ok := l.Field(k.Field); !ok {
				return fmt.Errorf("prefill %s is not in the layout", k.MetaKey())
			}
		} else if !hasBudgetRow(l, k.BudgetRow) || !hasBudgetCol(l, k.BudgetCol) {
			return fmt.Errorf("prefill %s is not in the layout", k.MetaKey())
		}
	}
	for bk := range d.Breakdowns {
		found := false
		for _, b := range l.Accounts.Breakdowns {
			found = found || b.Key == bk
		}
		if !found {
			return fmt.Errorf("prefill breakdown %q is not in the layout", bk)
		}
	}
	return nil
}

// prefillValue returns the value d prefills under k: the field's value
// (the year from Data.Year unless Fields sets it) or the budget cell's.
func prefillValue(d *Data, k PrefillKey) (string, bool) {
	if k.Field != "" {
		if v, ok := d.Fields[k.Field]; ok {
			return v, v != ""
		}
		if k.Field == "year" && d.Year > 0 {
			return strconv.Itoa(d.Year), true
		}
		return "", false
	}
	v := d.Budget[k.BudgetRow][k.BudgetCol]
	return v, v != ""
}

// prefilled reports whether the generation prefills k.
func (g *gen) prefilled(k PrefillKey) bool {
	return slices.Contains(g.d.Prefill, k)
}

func hasBudgetRow(l *Layout, key string) bool {
	for _, r := range l.Budget.Rows {
		if r.Key == key {
			return true
		}
	}
	return false
}

func hasBudgetCol(l *Layout, key string) bool {
	for _, c := range l.Budget.Columns {
		if c.Key == key {
			return true
		}
	}
	return false
}

// gen carries one generation. Its methods stop doing anything after the
// first error, which run's caller reports, so the writing code reads as a
// straight sequence.
type gen struct {
	f      *excelize.File
	l      *Layout
	d      *Data
	styles map[styleKey]int
	err    error
}

func (g *gen) do(err error) {
	if g.err == nil && err != nil {
		g.err = err
	}
}

func (g *gen) run() {
	f, l := g.f, g.l
	g.do(f.SetDefaultFont(fontName))
	// Rename the default Sheet1 instead of deleting it, so sheet indexes used
	// by sheet-scoped defined names never shift.
	g.do(f.SetSheetName(f.GetSheetName(0), l.GuideSheet))
	for _, name := range l.DataSheets() {
		_, err := f.NewSheet(name)
		g.do(err)
	}
	for _, name := range []string{l.ListSheet, l.MetaSheet} {
		_, err := f.NewSheet(name)
		g.do(err)
	}
	if g.err != nil {
		return
	}
	g.writeLists()
	g.writeFieldSheet(l.Info, infoLabelWidth, infoValueWidth, false)
	g.writeBudget()
	g.writeFieldSheet(l.Goals, goalsLabelWidth, goalsValueWidth, true)
	g.writeIndicators()
	if l.HasAccounts() {
		g.writeAccounts()
	}
	if l.Narrative.Name != "" {
		g.writeFieldSheet(l.Narrative, goalsLabelWidth, goalsValueWidth, true)
	}
	g.writeGuide()
	g.writeMeta()
	for _, name := range l.DataSheets() {
		g.finishSheet(name)
	}
	g.do(f.SetSheetVisible(l.ListSheet, false))
	g.do(f.SetSheetVisible(l.MetaSheet, false, true))
	f.SetActiveSheet(0)
	props := &excelize.DocProperties{Creator: "perfeval", Title: g.title("", 0), Language: "zh-CN"}
	if g.d.Year > 0 {
		// Fixed timestamps keep regenerated files byte-identical.
		ts := fmt.Sprintf("%04d-01-01T00:00:00Z", g.d.Year+1)
		props.Created, props.Modified = ts, ts
	}
	g.do(f.SetDocProps(props))
	g.do(f.SetAppProps(&excelize.AppProperties{Application: "perfeval"}))
}

// title returns the sheet title: 部门整体支出绩效自评表（2022年度）——基本信息.
// When that does not fit on one line of a table width wide, the part goes
// on a second line, still after the ——, so a narrow sheet does not break
// the title in the middle of a word and its title reads as the others do.
func (g *gen) title(part string, width float64) string {
	t := g.l.Title
	if g.d.Year > 0 {
		t += fmt.Sprintf("（%d年度）", g.d.Year)
	}
	if part == "" {
		return t
	}
	if one := t + "——" + part; width <= 0 || TextLines(one, width, titleSize) == 1 {
		return one
	}
	return t + "\n——" + part
}

// levels returns the indicator levels offered as dropdowns.
func (g *gen) levels() []LevelNames {
	if len(g.d.Levels) > 0 {
		return g.d.Levels
	}
	return DefaultLevels()
}

// cellName returns the A1 name of (col, row), both 1-based.
func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// absCell returns the absolute reference 'Sheet'!$B$3.
func absCell(sheet string, col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row, true)
	return quoteSheet(sheet) + "!" + name
}

func quoteSheet(sheet string) string {
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
}

// colRange returns the absolute range of column col from row r1 to r2 on sheet.
func colRange(sheet string, col, r1, r2 int) string {
	return absCell(sheet, col, r1) + ":" + strings.TrimPrefix(absCell(sheet, col, r2), quoteSheet(sheet)+"!")
}

// put writes v into (col, row) as a number when kind is numeric and v is a
// plain decimal, and as text otherwise. An empty v writes nothing.
func (g *gen) put(sheet string, col, row int, kind Kind, v string) {
	if v == "" || g.err != nil {
		return
	}
	if kind != KindText {
		if t := strings.TrimSpace(v); plainDecimal.MatchString(t) {
			// SetCellDefault stores the decimal text as the numeric value,
			// so 9452.1302 is not rounded through float64.
			g.do(g.f.SetCellDefault(sheet, cellName(col, row), t))
			return
		}
	}
	g.do(g.f.SetCellStr(sheet, cellName(col, row), v))
}

func (g *gen) text(sheet string, col, row int, v string) {
	if g.err != nil {
		return
	}
	g.do(g.f.SetCellStr(sheet, cellName(col, row), v))
}

func (g *gen) setStyle(sheet string, c1, r1, c2, r2 int, k styleKey) {
	if g.err != nil {
		return
	}
	g.do(g.f.SetCellStyle(sheet, cellName(c1, r1), cellName(c2, r2), g.style(k)))
}

func (g *gen) width(sheet string, col int, w float64) {
	if g.err != nil {
		return
	}
	name, _ := excelize.ColumnNumberToName(col)
	g.do(g.f.SetColWidth(sheet, name, name, w))
}

func (g *gen) height(sheet string, row int, h float64) {
	if g.err != nil {
		return
	}
	g.do(g.f.SetRowHeight(sheet, row, math.Min(h, excelize.MaxRowHeight)))
}

func (g *gen) merge(sheet string, c1, r1, c2, r2 int) {
	if g.err != nil || (c1 == c2 && r1 == r2) {
		return
	}
	g.do(g.f.MergeCell(sheet, cellName(c1, r1), cellName(c2, r2)))
}

// name adds a workbook-level defined name for one cell.
func (g *gen) name(name, sheet string, col, row int) {
	if g.err != nil {
		return
	}
	g.do(g.f.SetDefinedName(&excelize.DefinedName{Name: name, RefersTo: absCell(sheet, col, row)}))
}

// writeTitle writes the merged title row and the header row of a data sheet.
func (g *gen) writeTitle(sheet, part string, headers []string, widths []float64) {
	t := g.title(part, SumWidths(widths))
	g.text(sheet, 1, TitleRow, t)
	g.merge(sheet, 1, TitleRow, len(headers), TitleRow)
	g.setStyle(sheet, 1, TitleRow, len(headers), TitleRow, styleKey{role: roleTitle})
	g.height(sheet, TitleRow, RowHeight(titleSize, TextLines(t, SumWidths(widths), titleSize)))
	hl := 1
	for i, h := range headers {
		g.text(sheet, i+1, HeaderRow, h)
		g.width(sheet, i+1, widths[i])
		hl = max(hl, TextLines(h, widths[i], FontSize))
	}
	g.setStyle(sheet, 1, HeaderRow, len(headers), HeaderRow, styleKey{role: roleHeader})
	g.height(sheet, HeaderRow, RowHeight(FontSize, hl))
}

// writeFieldSheet writes 基本信息, 总体目标 or 报告素材: one field per row from
// FirstDataRow, label in A, value in B.
func (g *gen) writeFieldSheet(fs FieldSheet, labelW, valueW float64, tall bool) {
	sheet := fs.Name
	g.writeTitle(sheet, fs.Title, []string{FieldLabelHeader, FieldValueHeader}, []float64{labelW, valueW})
	byKind := map[Kind][]string{}
	for i, fd := range fs.Fields {
		row := FirstDataRow + i
		g.text(sheet, 1, row, fd.Label)
		indent := 0
		if strings.HasPrefix(fd.Label, "其中") {
			indent = 2
		}
		g.setStyle(sheet, 1, row, 1, row, styleKey{role: roleLabel, indent: indent})
		v := g.fieldValue(fd)
		g.put(sheet, 2, row, fd.Kind, v)
		role := roleInput
		if g.prefilled(PrefillKey{Field: fd.Key}) {
			role = rolePrefill
		}
		g.setStyle(sheet, 2, row, 2, row, styleKey{role: role, kind: fd.Kind, top: tall})
		g.name(fd.Name, sheet, 2, row)
		byKind[fd.Kind] = append(byKind[fd.Kind], cellName(2, row))
		n := max(TextLines(fd.Label, labelW, FontSize), TextLines(v, valueW, FontSize))
		h := RowHeight(FontSize, n)
		if tall {
			h = max(h, 150)
		} else {
			h = max(h, 20)
		}
		g.height(sheet, row, h)
	}
	for _, k := range []Kind{KindAmount, KindRate, KindScore, KindCount, KindYear} {
		if cells := byKind[k]; len(cells) > 0 {
			g.validate(sheet, strings.Join(cells, " "), k)
		}
	}
}

// fieldValue returns the value of fd from the data; the evaluated year comes
// from Data.Year when Fields does not set it.
func (g *gen) fieldValue(fd Field) string {
	if v, ok := g.d.Fields[fd.Key]; ok {
		return v
	}
	if fd.Key == "year" && g.d.Year > 0 {
		return strconv.Itoa(g.d.Year)
	}
	return ""
}

// writeBudget writes 资金情况: the Budget.Columns headers, one row per
// Budget.Rows from FirstDataRow, one blank row, then the reason field with
// its value merged across the remaining columns.
func (g *gen) writeBudget() {
	b := g.l.Budget
	sheet := b.Name
	headers, widths := columnHeaders(b.Columns)
	g.writeTitle(sheet, b.Title, headers, widths)
	last := len(b.Columns)
	for i, r := range b.Rows {
		row := FirstDataRow + i
		g.text(sheet, 1, row, r.Label)
		g.setStyle(sheet, 1, row, 1, row, styleKey{role: roleLabel})
		g.height(sheet, row, 22)
		for j, c := range b.Columns[1:] {
			col := j + 2
			v := g.d.Budget[r.Key][c.Key]
			if v == "" && r.Key == BudgetTotal && c.Key == BudgetColWeight {
				v = g.budgetWeight()
			}
			g.put(sheet, col, row, c.Kind, v)
			role := roleInput
			if onlyOnTotal(c.Key) && r.Key != BudgetTotal {
				role = roleNA
			}
			if g.prefilled(PrefillKey{BudgetRow: r.Key, BudgetCol: c.Key}) {
				role = rolePrefill
			}
			g.setStyle(sheet, col, row, col, row, styleKey{role: role, kind: c.Kind})
			g.name(r.Name+"_"+c.Key, sheet, col, row)
		}
	}
	lastRow := FirstDataRow + len(b.Rows) - 1
	for j, c := range b.Columns[1:] {
		col := j + 2
		g.validate(sheet, cellName(col, FirstDataRow)+":"+cellName(col, lastRow), c.Kind)
	}
	row := g.budgetReasonRow()
	g.text(sheet, 1, row, b.Reason.Label)
	g.setStyle(sheet, 1, row, 1, row, styleKey{role: roleLabel})
	v := g.fieldValue(b.Reason)
	g.put(sheet, 2, row, b.Reason.Kind, v)
	g.merge(sheet, 2, row, last, row)
	g.setStyle(sheet, 2, row, last, row, styleKey{role: roleInput, kind: b.Reason.Kind, top: true})
	g.name(b.Reason.Name, sheet, 2, row)
	n := max(TextLines(b.Reason.Label, widths[0], FontSize), TextLines(v, SumWidths(widths[1:]), FontSize))
	g.height(sheet, row, max(RowHeight(FontSize, n), 90))
}

// budgetWeight is the weight of budget execution the form offers on the
// total row, the rulebook's (10 by the seed's rules), or "" for a rulebook
// that gives it none. It is a default the department may change, not a
// locked value: check's weight_sum_mismatch then compares it with the
// rulebook's and adds it to the indicators' weights, as for any typed
// weight, and the bureau's own prefill mechanism (Data.Prefill, with its
// record in _meta) stays for the values a department may not change.
func (g *gen) budgetWeight() string {
	w := g.d.BudgetWeight
	if w == "" {
		w = "10"
	}
	if t := strings.TrimSpace(w); !plainDecimal.MatchString(t) || strings.Trim(t, "0.") == "" {
		return ""
	}
	return w
}

// budgetReasonRow is the row of the budget reason: one blank row below the
// budget rows.
func (g *gen) budgetReasonRow() int {
	return FirstDataRow + len(g.l.Budget.Rows) + 1
}

// onlyOnTotal reports whether a budget column is filled only on the total
// row (the budget-execution weight and score).
func onlyOnTotal(key string) bool {
	return key == BudgetColWeight || key == BudgetColScore
}

func columnHeaders(cols []Column) ([]string, []float64) {
	headers := make([]string, len(cols))
	widths := make([]float64, len(cols))
	for i, c := range cols {
		headers[i], widths[i] = c.Header, c.Width
	}
	return headers, widths
}

// indicatorRows returns how many input rows 绩效指标 offers.
func (g *gen) indicatorRows() int {
	if len(g.d.Indicators) == 0 {
		return g.l.Indicators.InputRows
	}
	return len(g.d.Indicators) + spareIndicatorRows
}

// styledIndicatorRows is how many of 绩效指标's input rows carry the table's
// borders and shading: the indicators given, and empty rows to fill the
// first printed page, so that the blank form prints one page of empty
// rows and a filled one stops at its last indicator (writeIndicators).
func (g *gen) styledIndicatorRows(widths []float64) int {
	head := RowHeight(titleSize, 1)
	for i, h := range g.l.Indicators.Columns {
		head = max(head, RowHeight(titleSize, 1)+RowHeight(FontSize, TextLines(h.Header, widths[i], FontSize)))
	}
	page := int(PageRoom(widths, true, head) / emptyIndicatorRow)
	return min(g.indicatorRows(), max(len(g.d.Indicators), page))
}

// emptyIndicatorRow is the height (points) of an empty 绩效指标 row.
const emptyIndicatorRow = 20

// writeIndicators writes 绩效指标: the header, then the indicators and the
// empty input rows, with level dropdowns from the list sheet.
func (g *gen) writeIndicators() {
	t := g.l.Indicators
	sheet := t.Name
	headers, widths := columnHeaders(t.Columns)
	g.writeTitle(sheet, t.Title, headers, widths)
	n := g.indicatorRows()
	last := FirstDataRow + n - 1
	styled := g.styledIndicatorRows(widths)
	// Every cell of an input row is unlocked, not only the table's: Excel
	// refuses to delete a row of a protected sheet that holds a locked cell.
	g.do(g.f.SetRowStyle(sheet, FirstDataRow, last, g.style(styleKey{role: roleFree})))
	for i := 0; i < n; i++ {
		row := FirstDataRow + i
		var rec map[string]string
		if i < len(g.d.Indicators) {
			rec = g.d.Indicators[i]
		}
		nl := 1
		for j, c := range t.Columns {
			col := j + 1
			v := rec[c.Key]
			g.put(sheet, col, row, c.Kind, v)
			g.setStyle(sheet, col, row, col, row, styleKey{role: roleInput, kind: c.Kind, plain: i >= styled})
			nl = max(nl, TextLines(v, c.Width, FontSize))
		}
		g.height(sheet, row, max(RowHeight(FontSize, nl), emptyIndicatorRow))
	}
	if styled < n && g.err == nil {
		// The rows after the styled ones take the table's borders and
		// shading once something is typed in them (conditional
		// formatting), so that an empty row prints nothing: Excel and
		// LibreOffice print a sheet up to its last row with content or
		// borders, and the form up to its last filled row.
		dxf, err := g.f.NewConditionalStyle(&excelize.Style{
			Border: newStyle(styleKey{role: roleInput}).Border,
			Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colorInput}},
		})
		g.do(err)
		first := FirstDataRow + styled
		lastCol, _ := excelize.ColumnNumberToName(len(t.Columns))
		g.do(g.f.SetConditionalFormat(sheet, cellName(1, first)+":"+cellName(len(t.Columns), last),
			[]excelize.ConditionalFormatOptions{{
				Type: "formula", Format: &dxf,
				Criteria: fmt.Sprintf("COUNTA($A%d:$%s%d)>0", first, lastCol, first),
			}}))
	}
	for j, c := range t.Columns {
		col := j + 1
		sqref := cellName(col, FirstDataRow) + ":" + cellName(col, last)
		switch c.Key {
		case ColLevel1:
			g.dropdown(sheet, sqref, g.level1Range(), "一级指标")
		case ColLevel2:
			g.dropdown(sheet, sqref, g.level2Source(cellName(col-1, FirstDataRow)), "二级指标")
		default:
			g.validate(sheet, sqref, c.Kind)
		}
	}
}

// writeAccounts writes 决算收支: the fields from FirstDataRow, then each
// breakdown as a shaded section row followed by its category/amount rows.
func (g *gen) writeAccounts() {
	a := g.l.Accounts
	sheet := a.Name
	g.writeTitle(sheet, a.Title, []string{FieldLabelHeader, AccountsAmountHeader}, []float64{accountsLabelWidth, accountsValueWidth})
	row := FirstDataRow
	var amounts []string
	for _, fd := range a.Fields {
		g.text(sheet, 1, row, fd.Label)
		g.setStyle(sheet, 1, row, 1, row, styleKey{role: roleLabel})
		g.put(sheet, 2, row, fd.Kind, g.fieldValue(fd))
		g.setStyle(sheet, 2, row, 2, row, styleKey{role: roleInput, kind: fd.Kind})
		g.name(fd.Name, sheet, 2, row)
		if fd.Kind == KindAmount {
			amounts = append(amounts, cellName(2, row))
		}
		g.height(sheet, row, 20)
		row++
	}
	free := g.style(styleKey{role: roleFree})
	for _, b := range a.Breakdowns {
		g.text(sheet, 1, row, b.Label)
		g.setStyle(sheet, 1, row, 2, row, styleKey{role: roleSection})
		g.height(sheet, row, 22)
		row++
		items := g.d.Breakdowns[b.Key]
		n := max(b.InputRows, len(items))
		if g.err == nil {
			// Unlock whole rows so departments can delete item rows.
			g.do(g.f.SetRowStyle(sheet, row, row+n-1, free))
		}
		for i := 0; i < n; i++ {
			if i < len(items) {
				g.put(sheet, 1, row, KindText, items[i].Label)
				g.put(sheet, 2, row, KindAmount, items[i].Amount)
			}
			g.setStyle(sheet, 1, row, 1, row, styleKey{role: roleInput, kind: KindText})
			g.setStyle(sheet, 2, row, 2, row, styleKey{role: roleInput, kind: KindAmount})
			amounts = append(amounts, cellName(2, row))
			g.height(sheet, row, 20)
			row++
		}
	}
	g.validate(sheet, squashCells(amounts), KindAmount)
}

// squash joins single cells of one column into ranges: B3 B4 B5 → B3:B5.
func squashCells(cells []string) string {
	var out []string
	for i := 0; i < len(cells); {
		c0, r0, _ := excelize.CellNameToCoordinates(cells[i])
		j := i
		for j+1 < len(cells) {
			c, r, _ := excelize.CellNameToCoordinates(cells[j+1])
			if c != c0 || r != r0+(j+1-i) {
				break
			}
			j++
		}
		if j == i {
			out = append(out, cells[i])
		} else {
			out = append(out, cells[i]+":"+cells[j])
		}
		i = j + 1
	}
	return strings.Join(out, " ")
}

// writeLists writes the hidden list sheet: 一级指标 names in A, every
// 二级指标 name in B, and each level's own children in a column of its own
// from C, headed by the level name.
func (g *gen) writeLists() {
	sheet := g.l.ListSheet
	lv := g.levels()
	g.text(sheet, 1, 1, "一级指标")
	g.text(sheet, 2, 1, "二级指标")
	seen := map[string]bool{}
	n2 := 0
	for i, l := range lv {
		g.text(sheet, 1, i+2, l.Name)
		g.text(sheet, i+3, 1, l.Name)
		for j, c := range l.Children {
			g.text(sheet, i+3, j+2, c)
			if !seen[c] {
				seen[c] = true
				g.text(sheet, 2, n2+2, c)
				n2++
			}
		}
	}
}

func (g *gen) level1Range() string {
	return colRange(g.l.ListSheet, 1, 2, 1+max(1, len(g.levels())))
}

func (g *gen) level2Range() string {
	seen := map[string]bool{}
	for _, l := range g.levels() {
		for _, c := range l.Children {
			seen[c] = true
		}
	}
	return colRange(g.l.ListSheet, 2, 2, 1+max(1, len(seen)))
}

// level2Source is the list of the 二级指标 dropdown of the row whose 一级指标
// is in level1 (a relative cell such as A3 of the first input row): the
// chosen 一级's own children, from its column of the list sheet, or every
// 二级指标 while the 一级 is left blank (carried from the row above) or is
// not one of the list. OFFSET and MATCH, unlike INDIRECT of a name, work
// for any level name in Excel, WPS and LibreOffice.
func (g *gen) level2Source(level1 string) string {
	lv := g.levels()
	most := 1
	for _, l := range lv {
		most = max(most, len(l.Children))
	}
	// The list sheet heads each level's column, from C, with its name.
	heads := colRange(g.l.ListSheet, 3, 1, 1)
	if n := len(lv); n > 1 {
		last, _ := excelize.CoordinatesToCellName(2+n, 1, true)
		heads = strings.TrimSuffix(heads, ":$C$1") + ":" + last
	}
	first := absCell(g.l.ListSheet, 3, 2)
	m := fmt.Sprintf("MATCH(%s,%s,0)", level1, heads)
	col := fmt.Sprintf("OFFSET(%s,0,%s-1,%d,1)", first, m, most)
	return fmt.Sprintf("IF(ISNA(%s),%s,OFFSET(%s,0,%s-1,COUNTA(%s),1))", m, g.level2Range(), first, m, col)
}

// inputTitle is the title of the prompt Excel shows beside a selected
// input cell that has a validation.
const inputTitle = "填写提示"

// dropdown adds a list validation whose source is a range on the list
// sheet, with a prompt shown while a cell is selected; an inline list would
// be cut at 255 characters by Excel.
func (g *gen) dropdown(sheet, sqref, source, what string) {
	if g.err != nil {
		return
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	dv.SetSqrefDropList(source)
	msg := "请从下拉列表中选择" + what + "；同一组的后续行可以留空。"
	dv.SetError(excelize.DataValidationErrorStyleStop, "请从下拉列表选择", msg)
	dv.SetInput(inputTitle, msg)
	g.do(g.f.AddDataValidation(sheet, dv))
}

// validate adds the number validation that suits kind to sqref, with the
// same words as a prompt shown while a cell is selected; text kinds get
// none.
func (g *gen) validate(sheet, sqref string, kind Kind) {
	if g.err != nil || sqref == "" {
		return
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	var msg string
	switch kind {
	case KindAmount:
		g.do(dv.SetRange(0, 0, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorGreaterThanOrEqual))
		msg = "请填写不小于 0 的数字，单位万元，不要带“万元”等文字。"
	case KindRate:
		g.do(dv.SetRange(0, 0, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorGreaterThanOrEqual))
		msg = "请填写不小于 0 的百分数，如 91.38 或 91.38%。"
	case KindScore:
		g.do(dv.SetRange(0, 0, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorGreaterThanOrEqual))
		msg = "请填写不小于 0 的分数，只填数字。"
	case KindCount:
		g.do(dv.SetRange(0, 0, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorGreaterThanOrEqual))
		msg = "请填写不小于 0 的整数。"
	case KindYear:
		g.do(dv.SetRange(MinYear, MaxYear, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween))
		msg = "请填写四位数的年份，如 2022。"
	default:
		return
	}
	if kind != KindYear {
		// excelize writes formula2 for every SetRange; a one-operand
		// operator has no second formula.
		dv.Formula2 = ""
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "数值不正确", msg)
	dv.SetInput(inputTitle, msg)
	g.do(g.f.AddDataValidation(sheet, dv))
}

// writeMeta writes the key/value rows of the very hidden _meta sheet.
func (g *gen) writeMeta() {
	sheet := g.l.MetaSheet
	year := ""
	if g.d.Year > 0 {
		year = strconv.Itoa(g.d.Year)
	}
	rb := g.d.RulebookID
	if rb == "" {
		rb = DefaultRulebookID
	}
	rows := [][2]string{
		{MetaTemplateVersion, g.l.Version},
		{MetaFormKind, g.l.Kind},
		{MetaYear, year},
		{MetaRulebookID, rb},
	}
	for _, k := range g.d.Prefill {
		v, _ := prefillValue(g.d, k)
		rows = append(rows, [2]string{k.MetaKey(), v})
	}
	for i, kv := range rows {
		g.text(sheet, 1, i+1, kv[0])
		g.text(sheet, 2, i+1, kv[1])
	}
}

// finishSheet protects a data sheet without a password, freezes the title and
// header rows and sets up printing.
func (g *gen) finishSheet(sheet string) {
	if g.err != nil {
		return
	}
	f := g.f
	g.do(f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: HeaderRow, TopLeftCell: cellName(1, FirstDataRow), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: cellName(1, FirstDataRow), ActiveCell: cellName(1, FirstDataRow), Pane: "bottomLeft"}},
	}))
	g.protect(sheet)
	g.printSetup(sheet, fmt.Sprintf("%s!$%d:$%d", quoteSheet(sheet), TitleRow, HeaderRow))
	l := g.l
	if sheet == l.Info.Name || sheet == l.Budget.Name || sheet == l.Goals.Name {
		// A sheet of fixed rows prints on one page, not a page and a row.
		// Not 报告素材: eight long texts on one page would print too small
		// to read.
		one := 1
		g.do(g.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{FitToHeight: &one}))
	}
	if l.HasAccounts() && sheet == l.Accounts.Name {
		// Two columns of labels and amounts: portrait holds the whole
		// statement on a page where landscape cuts a breakdown in two.
		portrait := "portrait"
		g.do(g.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &portrait}))
	}
}

// protect locks labels and headers. No password: the protection only stops
// slips, and departments may insert and delete rows, format and filter.
func (g *gen) protect(sheet string) {
	g.do(g.f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{
		AutoFilter:          true,
		DeleteRows:          true,
		InsertRows:          true,
		FormatCells:         true,
		FormatColumns:       true,
		FormatRows:          true,
		SelectLockedCells:   true,
		SelectUnlockedCells: true,
	}))
}

// printSetup prints on A4 landscape, as the form is printed and signed
// (finishSheet turns 决算收支 to portrait), fitted to the page width and
// centred, repeating titles (an 'Sheet'!$1:$2 reference, or "" for none) on
// every page.
func (g *gen) printSetup(sheet, titles string) {
	if g.err != nil {
		return
	}
	size, orient, one, zero, yes := 9, "landscape", 1, 0, true
	g.do(g.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}))
	g.do(g.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}))
	side, topBottom, hf := PrintMarginSide, PrintMarginTopBottom, PrintMarginHeader
	g.do(g.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &side, Right: &side, Top: &topBottom, Bottom: &topBottom, Header: &hf, Footer: &hf, Horizontally: &yes,
	}))
	g.do(g.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"}))
	if titles != "" {
		g.do(g.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: titles, Scope: sheet}))
	}
}

// Page margins of every printed sheet, in inches: narrower at the sides
// than Excel's normal 0.7, so that a table fitted to the width of A4
// landscape prints at a readable size (≥ 9 points for the 11-point body).
// The annotated copy's 审核结果 uses the same.
const (
	PrintMarginSide      = 0.5
	PrintMarginTopBottom = 0.75
	PrintMarginHeader    = 0.3
)

// Styles.

type role int

const (
	roleTitle role = iota + 1
	roleHeader
	roleLabel
	roleSection
	roleInput
	roleNA      // a locked value cell that does not apply (weight on a part row)
	rolePrefill // a locked value cell the bureau prefilled
	roleFree    // unlocked, unstyled: the rest of an input row
	roleGuideHeading
	roleGuideText
	roleGuideCell
)

type styleKey struct {
	role   role
	kind   Kind
	indent int
	top    bool // align to the top: tall free-text cells
	center bool // centre horizontally: short marks such as 是
	// plain leaves an input cell without borders and shading, which
	// conditional formatting gives it once filled (writeIndicators).
	plain bool
}

func (g *gen) style(k styleKey) int {
	if id, ok := g.styles[k]; ok {
		return id
	}
	if g.err != nil {
		return 0
	}
	id, err := g.f.NewStyle(newStyle(k))
	g.do(err)
	g.styles[k] = id
	return id
}

func newStyle(k styleKey) *excelize.Style {
	border := []excelize.Border{
		{Type: "left", Color: colorBorder, Style: 1},
		{Type: "top", Color: colorBorder, Style: 1},
		{Type: "right", Color: colorBorder, Style: 1},
		{Type: "bottom", Color: colorBorder, Style: 1},
	}
	font := &excelize.Font{Family: fontName, Size: FontSize}
	fill := func(c string) excelize.Fill { return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}} }
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true, Indent: k.indent}
	switch k.role {
	case roleTitle:
		return &excelize.Style{
			Font:      &excelize.Font{Family: fontName, Size: titleSize, Bold: true},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		}
	case roleHeader:
		return &excelize.Style{
			Border: border, Fill: fill(colorHeader),
			Font:      &excelize.Font{Family: fontName, Size: FontSize, Bold: true},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		}
	case roleLabel:
		return &excelize.Style{Border: border, Font: font, Alignment: left}
	case roleSection:
		return &excelize.Style{
			Border: border, Fill: fill(colorSection),
			Font:      &excelize.Font{Family: fontName, Size: FontSize, Bold: true},
			Alignment: left,
		}
	case roleInput, roleNA, rolePrefill:
		s := &excelize.Style{Border: border, Font: font, Alignment: left}
		if k.top {
			s.Alignment = &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}
		}
		switch k.kind {
		case KindAmount:
			s.CustomNumFmt = new("0.0000")
		case KindRate:
			s.CustomNumFmt = new("0.00")
		case KindCount, KindYear:
			s.NumFmt = 1
		case KindDate:
			s.CustomNumFmt = new("yyyy-mm-dd")
		case KindText, KindValue:
			// Text format keeps what people type: codes such as 001001 keep
			// their zeros, and a target typed =100% stays text instead of
			// becoming an Excel formula whose operator is lost.
			s.NumFmt = 49
		}
		if numericKind(k.kind) {
			s.Alignment = &excelize.Alignment{Horizontal: "right", Vertical: "center"}
		}
		if k.role == roleNA {
			s.Fill = fill(colorNA)
			return s
		}
		if k.role == rolePrefill {
			s.Fill = fill(PrefillFill)
			return s
		}
		if k.plain {
			s.Border = nil
			s.Protection = &excelize.Protection{Locked: false}
			return s
		}
		s.Fill = fill(colorInput)
		s.Protection = &excelize.Protection{Locked: false}
		return s
	case roleFree:
		return &excelize.Style{Protection: &excelize.Protection{Locked: false}}
	case roleGuideHeading:
		return &excelize.Style{
			Font:      &excelize.Font{Family: fontName, Size: 12, Bold: true},
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"},
		}
	case roleGuideText:
		return &excelize.Style{Font: font, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}}
	case roleGuideCell:
		h := "left"
		if k.center {
			h = "center"
		}
		return &excelize.Style{Border: border, Font: font, Alignment: &excelize.Alignment{Horizontal: h, Vertical: "top", WrapText: true}}
	}
	return &excelize.Style{}
}

func numericKind(k Kind) bool {
	return k == KindAmount || k == KindRate || k == KindScore || k == KindCount || k == KindYear
}
