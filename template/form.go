package template

import (
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Ref is the location of one cell. Row and Col are 1-based, as in excelize.
// A Ref with Row 0 names a whole sheet; a Ref with Col 0 names a whole row.
type Ref struct {
	Sheet string
	Row   int
	Col   int
}

// String returns the reference in the form 绩效指标!E12, 绩效指标 for a sheet
// and 绩效指标!12:12 for a row.
func (r Ref) String() string {
	if r.Row <= 0 {
		return r.Sheet
	}
	if r.Col <= 0 {
		return r.Sheet + "!" + strconv.Itoa(r.Row) + ":" + strconv.Itoa(r.Row)
	}
	name, err := excelize.CoordinatesToCellName(r.Col, r.Row)
	if err != nil {
		return r.Sheet
	}
	return r.Sheet + "!" + name
}

// Cell returns the A1-style name of the cell without the sheet, or "" for a
// sheet or row reference.
func (r Ref) Cell() string {
	if r.Row <= 0 || r.Col <= 0 {
		return ""
	}
	name, _ := excelize.CoordinatesToCellName(r.Col, r.Row)
	return name
}

// Cell is one value as stored in the workbook, with its location. Raw is the
// unformatted stored value (a number keeps its full precision, a date its
// serial), trimmed of surrounding space.
type Cell struct {
	Ref     Ref
	Raw     string
	Percent bool // the cell carries a percent number format, so 0.9612 means 96.12%
	// PercentSign marks a number format that shows a percent sign without
	// scaling, 0.00"%": 96.12 is shown, and meant, as 96.12%.
	PercentSign bool
	Date        bool // the cell carries a date number format, so Raw is an Excel serial
	// MonthOnly marks a date format without the day (yyyy"年"m"月"): the
	// date is known to the month.
	MonthOnly bool
	// Date1904 marks a date cell of a workbook in the 1904 date system (old
	// Mac Excel), whose serials count from 1904-01-01: 1,462 days fewer
	// than the 1900 system's for the same day.
	Date1904 bool
	Formula  string
	Error    bool // Raw is an Excel error value such as #DIV/0!
}

// Empty reports whether the cell holds nothing.
func (c Cell) Empty() bool { return strings.TrimSpace(c.Raw) == "" }

// Indicator is one row of 绩效指标.
type Indicator struct {
	Row       int
	Level1    Cell
	Level2    Cell
	Name      Cell
	Target    Cell
	Actual    Cell
	Weight    Cell
	SelfScore Cell
	Reason    Cell
	// Level1Carried and Level2Carried say the level was blank in this row and
	// was taken from the row above (a merged or visually grouped cell).
	Level1Carried bool
	Level2Carried bool
	// Level1Unnamed and Level2Unnamed are set when a level cell held only a
	// weight, such as "（40分）": a label that lost its name. Each is the
	// cell as written (for a merged range, its top-left cell), also on the
	// rows below it that leave the level blank. The 一级 is then inferred
	// from this row's 二级指标 (Level1Inferred) or carried from the row
	// above (Level1Carried), the 二级 carried from the row above; either
	// way it is a guess, which the pipeline reports at the written cell.
	Level1Unnamed Cell
	Level2Unnamed Cell
	// Level1Inferred says the 一级指标 was inferred from the 二级指标
	// written in this row: the only 一级 under which the workbook's own
	// dropdown lists offer it.
	Level1Inferred bool
	// Level1Stated is the weight the 一级指标 cell of this row states,
	// "50" for 产出指标（50分）, at that cell; empty where the cell states
	// none (and on the rows below it that carry it).
	Level1Stated Cell
}

// TotalRow is a 合计/总计/总分 or 小计 row of 绩效指标. It is not an indicator, but
// its figures are the department's own sums, which the pipeline checks
// against the indicator rows. A cell the row leaves blank, or that a merged
// label covers, is empty.
type TotalRow struct {
	Row       int
	Label     Cell // the cell that says 合计, 总计, 总分, 小计 …
	Weight    Cell // the 分值 cell
	SelfScore Cell // the 得分 cell
	// Group is, for a 小计 row, the level it names: "产出指标小计" or
	// "数量指标小计" name a 一级 or a 二级; "" for a total of the whole
	// table. Group2 is the 二级 written beside a bare 小计 (产出指标 |
	// 数量指标 | 小计).
	Group, Group2 string
	// Since marks a bare 小计 with no 二级 beside it: it sums the rows since
	// the previous total row.
	Since bool
}

// BudgetRow is one row of 资金情况. Cells is keyed by column key.
type BudgetRow struct {
	Key   string
	Label string
	Row   int
	Cells map[string]Cell
}

// Item is one category/amount row of a breakdown.
type Item struct {
	Label  Cell
	Amount Cell
	// Total marks a 合计/小计 row inside the breakdown: the department's own
	// sum of the items above it, not an item.
	Total bool
}

// Issue is a structural problem found while reading: a missing sheet, column
// or field. Code is a finding code of DESIGN §3; Message is Chinese.
type Issue struct {
	Code    string
	Ref     Ref
	Message string
	// Column is the key of the column a missing_column issue is about, when
	// it is one column of a table that was found.
	Column string
}

// SheetState is how a workbook shows a sheet.
type SheetState int

const (
	SheetVisible SheetState = iota
	SheetHidden
	// SheetVeryHidden is hidden so that Excel's 取消隐藏 does not list it:
	// only a macro or another program shows it again.
	SheetVeryHidden
)

// SheetRead is one sheet of the layout as the reader found it.
type SheetRead struct {
	Layout string     // the layout's name of the sheet: 绩效指标
	Name   string     // the workbook's sheet that was read: 绩效指标, or 绩效指标 with a trailing space
	State  SheetState // how the workbook shows it
	// Others are the other sheets of the workbook that look like this
	// one, none of which was read.
	Others []OtherSheet
}

// OtherSheet is a sheet that looks like a sheet of the layout but was not
// read: a copy with other figures, the real table hidden behind the one
// read, or a draft left in the workbook.
type OtherSheet struct {
	Name  string
	State SheetState
	// ByName says its name is the layout's, or contains it (绩效指标（2）);
	// otherwise it holds the layout sheet's header or labels.
	ByName bool
}

// FormulaCell is one formula cell of the form.
type FormulaCell struct {
	Ref  Ref
	Text string // the formula, without its "="
	// Cached is the result saved with the formula: a number as stored,
	// text, TRUE or FALSE, or an error value such as #DIV/0!.
	Cached string
	// Computed is the result the formula gives from the workbook's own
	// values, formatted as Cached; valid when Unverified is "".
	Computed string
	// Unverified says, in Chinese, why the formula was not recomputed: a
	// function the reader does not recompute (TODAY changes each day), a
	// defined name, a reference too large.
	Unverified string
	// Rounds says the formula, or one it depends on, rounds (ROUND, INT,
	// …): Excel corrects binary halves such as 2.675 before rounding, so a
	// recomputation may land one unit of the last place away.
	Rounds bool
}

// ExternalKind says how something reaches outside the workbook.
type ExternalKind string

const (
	// ExternalDDE is a DDE call (cmd|' /C calc'!A0): it starts a program
	// when links are updated.
	ExternalDDE ExternalKind = "dde"
	// ExternalBook is a reference into another workbook.
	ExternalBook ExternalKind = "book"
	// ExternalFunction is a function that fetches data from, or runs,
	// something outside (WEBSERVICE, RTD, CALL, IMAGE).
	ExternalFunction ExternalKind = "function"
	// ExternalOLE is an OLE link to another program's document.
	ExternalOLE ExternalKind = "ole"
)

// External is one thing that reaches outside the workbook.
type External struct {
	// Ref is the formula's cell; for a defined name or a link that no
	// formula names, the zero Ref (the whole workbook).
	Ref     Ref
	Kind    ExternalKind
	Formula string // the formula or the defined name's reference, without "="
	Name    string // the defined name, for one
	// Target is what it reaches: the other workbook's path, the DDE
	// program and topic, the function's name; "" when unknown.
	Target string
	Cached string // the result saved with the formula, for a cell
}

// HiddenColumn is a hidden column of the form.
type HiddenColumn struct {
	Ref   Ref    // the column's header cell, or its first field
	Label string // what the column holds: its header, 项目 or 填写内容
}

// DuplicateColumn is a header cell that repeats a column of its table: a
// second 实际完成值, or an alias of one (实际值).
type DuplicateColumn struct {
	Ref    Ref    // the repeated header cell, whose column is not read
	Read   Ref    // the header cell of the column that is read
	Header string // the layout's header of the column
	// Differs says some row below the header holds something in the
	// repeated column other than what the column read holds there.
	Differs bool
}

// Form is everything read from one workbook, each value with its location.
type Form struct {
	Layout *Layout
	Meta   map[string]string
	// Fields holds every labelled single value (基本信息, 总体目标, 决算收支 and
	// the budget reason), keyed by Field.Key. A field that was not found is
	// absent.
	Fields     map[string]Cell
	Budget     []BudgetRow
	Indicators []Indicator
	// Totals holds the total rows of 绩效指标, in sheet order, wherever
	// they stand (below the indicators, or above them).
	Totals     []TotalRow
	Breakdowns map[string][]Item
	// Columns maps each indicator column key to its 1-based column number in
	// 绩效指标, and HeaderRow is the row of the header. The annotated copy
	// appends its columns after the last one.
	Columns   map[string]int
	HeaderRow int
	LastCol   int
	// ReviewCol is the first of the review columns an earlier annotation
	// appended (Layout.ReviewHeader), found by their headers wherever the
	// department's own columns moved them, or 0 when there are none.
	ReviewCol int
	// HiddenRows holds the rows hidden in the workbook, as Ref{Sheet, Row}
	// with Col 0. They are read like any other: hiding a row does not take
	// it out of the form, but it does take it off the printed page.
	HiddenRows map[Ref]bool
	// ReviewMarks says the workbook is an annotated copy perfeval wrote
	// (it has Layout.MarksSheet): perfeval's own output, or a department's
	// form sent back on it.
	ReviewMarks bool
	// Sheets says, for each sheet of the layout that was read, in layout
	// order, which sheet of the workbook was read, how the workbook shows
	// it, and which other sheets look like it.
	Sheets []SheetRead
	// HiddenColumns lists the columns holding part of the form that the
	// workbook hides, each at its header cell (at its first field on a
	// sheet of label/value rows). Like hidden rows they are read as usual,
	// but the printed page leaves them out.
	HiddenColumns []HiddenColumn
	// Formulas holds the formula cells of the form's sheets that were saved
	// with a result, in sheet and cell order, each with that result and,
	// where the reader could recompute it, the result it computes from the
	// workbook's values. FormulasOmitted counts those beyond the reader's
	// budget, the first of them at OmittedAt. Only ReadWorkbook fills
	// them: Read sees no formulas but those of the cells it reads.
	Formulas        []FormulaCell
	FormulasOmitted int
	OmittedAt       Ref
	// External lists what reaches outside the workbook, on any sheet:
	// formulas that call DDE, refer to another workbook or call a function
	// that fetches data (WEBSERVICE), defined names that do, and external
	// links no formula names. Only ReadWorkbook fills it.
	External []External
	// DuplicateColumns lists the header cells of the 资金情况 and 绩效指标
	// tables that repeat a column found to their left. The reader reads
	// the first of them, as Columns says, and not these.
	DuplicateColumns []DuplicateColumn
	// Macros lists the parts of the workbook's package that carry macros
	// (xlsx.Macros): a VBA project, its signatures, a ribbon whose buttons
	// call them. Nothing runs them; the annotated copy leaves them out.
	Macros []string
	// Damaged lists the sheets excelize cannot parse. Their values may be
	// incomplete, and the workbook cannot be annotated.
	Damaged []string
	Issues  []Issue
}
