package annotate

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline/draft"
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

// Colours of the annotated copy. Errors are Excel's own "Bad" fill,
// warnings a light orange, unlike the pale yellow of the template's input
// cells, and info a light blue accent.
// The fills of the three severities, of a drafted explanation and its text
// colour: what a reader of the annotated copy sees, so tests outside the
// package name them.
const (
	FillError        = "FFC7CE"
	FillWarning      = "F4B084"
	FillInfo         = "DDEBF7"
	fillAccepted     = "C6EFCE"
	fillReviewHeader = "E2EFDA" // green, unlike the blue header of the form
	fillReviewCell   = "F3F8EF"
	fillTableHeader  = "D9E1F2"
	colorBorder      = "000000"
	colorLink        = "0563C1"
	// A drafted explanation is italic blue-grey on lavender (Excel's
	// "Lavender, Accent 4, Lighter 80%"), unlike any severity fill, so it
	// reads as text still to be written.
	FillDraft  = "E4DFEC"
	ColorDraft = "44546A"
)

// CommentAuthor is the author of every comment the annotated copy adds.
// The comment's text starts with a bold heading, the reviewing body's name
// (Options.Reviewer) or, in copies written before there was one,
// "perfeval:"; from the heading on, the comment is perfeval's part, which
// is replaced, not repeated, when an annotated copy is annotated again.
const CommentAuthor = "perfeval"

// DefaultReviewer heads the comments when Options names no reviewer.
const DefaultReviewer = "财政局复核"

// Options are the choices of the bureau that writes the annotated copy.
type Options struct {
	// Reviewer is the reviewing body's name (the rulebook's reviewer:),
	// which heads every comment and each sheet's printed 审核意见;
	// DefaultReviewer when "".
	Reviewer string
	// Original, when set, is the file the workbook was opened from: the
	// parts of the copy that are the same as the file's are copied from it
	// as they are stored, not compressed again (xlsx.SaveAtomicFrom).
	Original []byte
	// Book, when set, is the workbook as the container's one pass read
	// the original (xlsx.Book): the rows the annotation reads are taken
	// from it, raw, instead of excelize reading the sheets again.
	Book *xlsx.Book
	// Batch, when set, takes the copy to make durable with the caller's
	// other files (xlsx.Batch); without it the copy is durable when
	// Annotate returns.
	Batch *xlsx.Batch
}

// heading is the first line of perfeval's part of a comment.
func (o Options) heading() string {
	r := strings.TrimSpace(o.Reviewer)
	if r == "" {
		r = DefaultReviewer
	}
	return r + "："
}

// completionPlaces is the precision of the 完成率 cell: a fraction shown as a
// percent with two decimals.
const completionPlaces = 4

// Widths (Excel character units) of the 审核结果 sheet's columns. The
// findings table is 序号 | 级别 | 单元格 | 表中位置 | 问题类别 | 说明, with 说明
// merged from F to the last column; the shortfall table is 序号 | 一级指标 |
// 二级指标 | 三级指标 | 指标值 | 实际完成值 | 完成率 | 分值 | 自评得分 | 复核得分 |
// 偏差原因, so both tables span the page. Their sum, 124, prints the 11-point
// text at ≥ 9 points when fitted to A4 landscape, in LibreOffice too,
// which measures columns wider than Excel.
var reviewWidths = []float64{5, 9, 13, 20, 13, 11, 9, 7, 7, 8, 22}

// reviewLabelCols is how many columns the labels of the summary span; the
// values span the rest.
const reviewLabelCols = 3

// FillOf returns the fill colour of a severity.
func FillOf(sev finding.Severity) string {
	switch sev {
	case finding.Error:
		return FillError
	case finding.Warning:
		return FillWarning
	}
	return FillInfo
}

// Annotate writes the annotated copy of a checked workbook to out: the
// 完成率 | 复核得分 | 审核意见 columns on 绩效指标, a fill by severity and a
// comment on every cell that has a finding, a 【草拟】 explanation drafted
// from the numbers (draft.IndicatorReason, draft.BudgetReason) in every reason
// cell a missing_explanation finding names, and the 审核结果 sheet, placed
// first and active. A draft replaces what the cell held, nothing or a
// placeholder such as 无, in the copy only.
//
// Comments already in the workbook stay: perfeval's own from an earlier
// annotation are replaced, anyone else's are kept (findingComment). A cell an
// earlier annotation marked that has no finding now gets back the style the
// very hidden marks sheet recorded for it, and loses perfeval's comment
// (unmark.go).
//
// f is the workbook s was read from. Annotate changes it in memory, or,
// when a program such as LibreOffice or openpyxl stored its comments in a
// way excelize cannot edit, a copy of it with the comments moved
// (xlsx.WithExcelizeComments); it never writes to the file f was opened from.
// The copy is an .xlsx: a workbook opened from an .xlsm gives a copy
// without its macros, and with the workbook content type of an .xlsx
// (xlsx.WithoutMacros), which Excel requires of a file so named.
// The annotated copy is written to a temporary file in out's folder
// (created if missing) and renamed over out, so out is either the complete
// copy or untouched; on an error nothing is left behind.
func Annotate(f *excelize.File, s *score.Form, fs finding.Findings, r *report.Report, out string, opts Options) error {
	plain, err := xlsx.WithoutMacros(f)
	if err != nil {
		return &template.OpError{Op: OpBuild, Path: out, Err: err}
	}
	if plain != f {
		defer plain.Close()
	}
	g, err := xlsx.WithExcelizeComments(plain, restoredComment)
	if err != nil {
		return &template.OpError{Op: OpBuild, Path: out, Err: err}
	}
	if g != plain {
		defer g.Close()
	}
	a, err := readAnnotation(g, s, fs, r, opts)
	if err != nil {
		return &template.OpError{Op: OpBuild, Path: out, Err: err}
	}
	if err := a.write(); err != nil {
		return &template.OpError{Op: OpBuild, Path: out, Err: err}
	}
	return writeFileAtomic(g, out, opts.Original, opts.Book, opts.Batch)
}

// The operations of an *template.OpError from Annotate.
const (
	OpBuild template.Op = "build annotated copy"
	OpWrite template.Op = "write annotated copy"
)

// writeFileAtomic writes the workbook into path's folder, which it
// creates, atomically, reusing the parts of original it has not changed
// (xlsx.SaveAtomicFrom).
func writeFileAtomic(f *excelize.File, path string, original []byte, book *xlsx.Book, batch *xlsx.Batch) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := xlsx.SaveAtomicFrom(f, path, original, book, batch); err != nil {
		return &template.OpError{Op: OpWrite, Path: path, Err: err}
	}
	return nil
}

// cellKey is one cell of the workbook; sheet is the sheet's actual name.
type cellKey struct {
	sheet    string
	row, col int
}

func (k cellKey) name() string {
	n, _ := excelize.CoordinatesToCellName(k.col, k.row)
	return n
}

// marked is a cell with findings, with what it looked like before.
type marked struct {
	key      cellKey
	findings finding.Findings
	worst    finding.Severity
	style    int               // the cell's style before annotation
	orig     excelize.Style    // its definition, recorded in marksSheet
	comment  *excelize.Comment // the cell's comment before annotation, if any
}

// reviewLine is what the review columns say about one indicator row, or
// about another row of the table (line nil): one with findings, or one whose
// note from an earlier annotation is emptied (note "").
type reviewLine struct {
	row       int
	line      *score.Line
	note      string
	worst     finding.Severity // finding.SeverityInvalid when the row has no finding
	height    float64          // the row's height before annotation
	noteRows  int              // lines the note needs
	draftNeed float64          // the height a draft in the row's reason cell needs, or 0
	textNeed  float64          // the height the row's own texts need at the printed widths
}

// reviewNote is the 审核意见 of a row with findings fs, one per line, and
// the worst of their severities.
func reviewNote(fs finding.Findings) (string, finding.Severity) {
	parts := make([]string, len(fs))
	worst := finding.SeverityInvalid
	for i, fd := range fs {
		parts[i] = "【" + fd.Severity.Label() + "】" + fd.Message
		worst = max(worst, fd.Severity)
	}
	return strings.Join(parts, "\n"), worst
}

// reviewPassed is the 审核意见 of an indicator without findings: 符合, or,
// short of full marks, that the shortfall is explained, since 符合 alone
// would read as the target met.
func reviewPassed(ln *score.Line) string {
	if ln.Scored && ln.Weight.OK && ln.Score.LessThan(ln.Weight.Value) {
		return "未满分，已填写偏差原因"
	}
	return "符合"
}

// draftNote ends the 审核意见 of a row whose reason perfeval drafted.
const draftNote = "已草拟偏差原因，请补充完善"

// drafted is an explanation perfeval drafts for a missing_explanation
// finding: in the reason cell the finding names, or, when the form has no
// such cell, on the 审核结果 sheet only.
type drafted struct {
	ref    template.Ref // the finding's location
	key    cellKey      // the reason cell; key.sheet is "" when there is none
	what   string       // the indicator's name, or 预算执行率
	text   string
	was    string  // what the cell held: nothing or a placeholder such as 无
	budget bool    // the budget's reason, not an indicator's
	need   float64 // the row height the draft needs, in points
	height float64 // the row's height before annotation
	sized  bool    // the review columns size the row
}

// annotation is everything Annotate read from the workbook, so that every
// read happens before the first write: excelize re-serialises a sheet to
// read it again once it has been edited.
type annotation struct {
	f *excelize.File
	// ed makes the changes to the form's sheets, in their parts where it
	// can (xlsx.Sheets); its Flush ends write.
	ed       *xlsx.Sheets
	s        *score.Form
	r        *report.Report
	l        *template.Layout
	findings finding.Findings
	font     string
	opts     Options

	sheets map[string]string // normalised name → actual sheet name
	merged map[string][]excelize.MergeCell
	marks  []*marked
	// records are the styles an earlier annotation recorded (marksSheet);
	// unmarks the cells it marked that have no finding now.
	records map[cellKey]excelize.Style
	unmarks []*unmark
	inputs  map[cellKey]bool // the cells a department fills in (readInputs)
	styles  map[int]*excelize.Style
	filled  map[fillKey]int

	// hasMarks is whether the workbook has the marks sheet of an earlier
	// annotation, whatever records it holds.
	hasMarks bool

	// drafts are the drafted explanations, draftAt those with a cell.
	drafts     []*drafted
	draftAt    map[cellKey]*drafted
	draftStyle map[int]int // a cell's style → its draft style

	// The indicator sheet's review columns; indSheet is "" when the sheet
	// or its header was not found.
	indSheet   string
	reviewCol  int  // first review column
	insertCols bool // the columns after the table hold the department's own content
	// titleRow is the row of the sheet's title merged across the table
	// from column A, widened over the review columns; 0 when there is none.
	titleRow    int
	titleEnd    int // the title merge's last column
	headerStyle *excelize.Style
	lines       []reviewLine
	headerRows  int // lines the review headers need
	headerHt    float64

	// review is the 审核结果 sheet's own style cache.
	review map[string]int

	// sheetCount is the 填报说明 sentence that counts the sheets, or nil.
	sheetCount *sheetCountCell

	// widths are the indicator sheet's column widths planned for print
	// (readPrintWidths), by sheet and column.
	widths map[cellKey]float64
	// notes are the 审核意见 lists printed below the sheets' tables.
	notes []*noteList
}

type fillKey struct {
	style int
	sev   finding.Severity
}

// readAnnotation reads what the annotation needs from the workbook.
func readAnnotation(f *excelize.File, s *score.Form, fs finding.Findings, r *report.Report, opts Options) (*annotation, error) {
	l := s.Source.Layout
	a := &annotation{
		f: f, ed: xlsx.NewSheets(f, opts.Book), s: s, r: r, l: l, opts: opts,
		findings: fs,
		sheets:   map[string]string{},
		styles:   map[int]*excelize.Style{},
		filled:   map[fillKey]int{},
		merged:   map[string][]excelize.MergeCell{},
		review:   map[string]int{},

		draftAt:    map[cellKey]*drafted{},
		draftStyle: map[int]int{},
	}
	a.font, _ = f.GetDefaultFont()
	if a.font == "" {
		a.font = "宋体"
	}
	for _, name := range f.GetSheetList() {
		a.sheets[template.Norm(name)] = name
	}
	if err := a.readRecords(); err != nil {
		return nil, err
	}
	a.readInputs()
	// The sheets are read whole (GetRows) before any cell lookup has
	// excelize parse them: a sheet it has parsed is serialised again to be
	// read whole.
	if err := a.readSheetCount(); err != nil {
		return nil, err
	}
	// Before the note lists, the drafts and the indicators, whose widths
	// and heights are measured at the printed widths.
	if err := a.readPrintWidths(); err != nil {
		return nil, err
	}
	if err := a.readNoteLists(); err != nil {
		return nil, err
	}
	if err := a.readMarks(); err != nil {
		return nil, err
	}
	if err := a.readUnmarks(); err != nil {
		return nil, err
	}
	// After the marks, whose styles the drafts start from; before the
	// indicators, whose notes and heights account for the drafts.
	if err := a.readDrafts(); err != nil {
		return nil, err
	}
	if err := a.readIndicators(); err != nil {
		return nil, err
	}
	return a, nil
}

// sheetOf returns the actual name of a sheet the layout or a finding names,
// which may differ by spaces or full-width characters.
func (a *annotation) sheetOf(name string) (string, bool) {
	actual, ok := a.sheets[template.Norm(name)]
	return actual, ok
}

// styleDef returns the definition of a style, read once, with colours that
// NewStyle writes well-formed (normaliseStyle).
func (a *annotation) styleDef(id int) (*excelize.Style, error) {
	if st, ok := a.styles[id]; ok {
		return st, nil
	}
	st, err := a.f.GetStyle(id)
	if err != nil {
		return nil, fmt.Errorf("read style %d: %w", id, err)
	}
	a.normaliseStyle(id, st)
	a.styles[id] = st
	return st, nil
}

// mergesOf returns a sheet's merged ranges as the original has them, read
// once: from the one pass over it (Options.Book) when that read the sheet,
// without the values excelize's GetMergeCells reads them with (and the
// shared strings with those).
func (a *annotation) mergesOf(sheet string) ([]excelize.MergeCell, error) {
	if mc, ok := a.merged[sheet]; ok {
		return mc, nil
	}
	if b := a.opts.Book; b != nil {
		if s := b.Sheet(sheet); s != nil {
			refs := s.Merges()
			mc := make([]excelize.MergeCell, len(refs))
			for i, ref := range refs {
				mc[i] = excelize.MergeCell{ref, ""}
			}
			a.merged[sheet] = mc
			return mc, nil
		}
	}
	mc, err := a.ed.GetMergeCells(sheet)
	if err != nil {
		return nil, fmt.Errorf("read merged cells of %s: %w", sheet, err)
	}
	a.merged[sheet] = mc
	return mc, nil
}

// markKey returns the cell that shows a finding on a sheet's cell: the cell
// itself, or, for a cell covered by a merged range, the range's first cell,
// the only one Excel and WPS show a fill and a comment on.
func (a *annotation) markKey(sheet string, ref template.Ref) (cellKey, error) {
	k := cellKey{sheet, ref.Row, ref.Col}
	merges, err := a.mergesOf(sheet)
	if err != nil {
		return k, err
	}
	for _, mc := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err1 == nil && err2 == nil && r1 <= ref.Row && ref.Row <= r2 && c1 <= ref.Col && ref.Col <= c2 {
			return cellKey{sheet, r1, c1}, nil
		}
	}
	return k, nil
}

// readMarks groups the findings by the cell that shows them and reads each
// cell's style and comment. finding.Findings on a whole row or sheet mark no cell.
func (a *annotation) readMarks() error {
	byKey := map[cellKey]*marked{}
	for _, fd := range a.findings {
		if fd.Ref.Row <= 0 || fd.Ref.Col <= 0 {
			continue
		}
		sheet, ok := a.sheetOf(fd.Ref.Sheet)
		if !ok {
			continue
		}
		k, err := a.markKey(sheet, fd.Ref)
		if err != nil {
			return err
		}
		m := byKey[k]
		if m == nil {
			m = &marked{key: k}
			byKey[k] = m
			a.marks = append(a.marks, m)
		}
		m.findings = append(m.findings, fd)
		m.worst = max(m.worst, fd.Severity)
	}
	comments := map[string]map[string]excelize.Comment{}
	for _, m := range a.marks {
		cs, ok := comments[m.key.sheet]
		if !ok {
			list, err := a.f.GetComments(m.key.sheet)
			if err != nil {
				return fmt.Errorf("read comments of %s: %w", m.key.sheet, err)
			}
			cs = map[string]excelize.Comment{}
			for _, c := range list {
				cs[c.Cell] = c
			}
			comments[m.key.sheet] = cs
		}
		if c, ok := cs[m.key.name()]; ok {
			m.comment = &c
		}
		current, err := a.ed.GetCellStyle(m.key.sheet, m.key.name())
		if err != nil {
			return fmt.Errorf("read style of %s!%s: %w", m.key.sheet, m.key.name(), err)
		}
		id, orig, err := a.originalStyle(m.key, current, m.comment != nil && ours(*m.comment))
		if err != nil {
			return err
		}
		if _, err := a.styleDef(id); err != nil {
			return err
		}
		m.style, m.orig = id, orig
	}
	return nil
}

// readDrafts plans a drafted explanation for every missing_explanation
// finding on a reason cell, and for the budget on the 审核结果 sheet alone
// when 资金情况 has no reason cell. An indicator whose 偏差原因 column is
// missing gets none: its finding, on the indicator's name, says what to do.
func (a *annotation) readDrafts() error {
	s, l := a.s, a.l
	norm := func(r template.Ref) template.Ref {
		r.Sheet = template.Norm(r.Sheet)
		return r
	}
	lines := map[template.Ref]*score.Line{}
	for i := range s.Lines {
		if ref := s.Lines[i].Source.Reason.Ref; ref.Row > 0 && ref.Col > 0 {
			lines[norm(ref)] = &s.Lines[i]
		}
	}
	budgetCell, budgetFound := s.Source.Fields[l.Budget.Reason.Key]
	marks := map[cellKey]*marked{}
	for _, m := range a.marks {
		marks[m.key] = m
	}
	for _, fd := range a.findings {
		if fd.Code != "missing_explanation" {
			continue
		}
		d := &drafted{ref: fd.Ref}
		switch ln := lines[norm(fd.Ref)]; {
		case ln != nil && !ln.Scored:
			// Not scored: nothing says whether, or by how much, the
			// target was missed, and a draft could only guess.
			continue
		case ln != nil:
			d.what, d.text, d.was = ln.Title(), draft.IndicatorReason(*ln), ln.Reason
		case template.Norm(fd.Ref.Sheet) == template.Norm(l.Budget.Name):
			b, ok := s.BudgetLine(template.BudgetTotal)
			if !ok || !s.BudgetScoreOK {
				continue
			}
			weight := decimal.Zero
			if b.Weight.OK {
				weight = b.Weight.Value
			}
			d.what, d.budget = "预算执行率", true
			d.text, d.was = draft.BudgetReason(b, s.BudgetScore, weight), s.Texts[l.Budget.Reason.Key]
			if !budgetFound || fd.Ref.Col <= 0 || norm(budgetCell.Ref) != norm(fd.Ref) {
				if fd.Ref.Row <= 0 {
					a.drafts = append(a.drafts, d)
				}
				continue
			}
		default:
			continue
		}
		if score.Meaningful(d.was) {
			// A reason given (its draft mark perhaps left in, which
			// draft_left points out): the text is the department's and stays.
			continue
		}
		if score.IsUnfinishedDraft(d.was) {
			// An annotated copy sent back with the draft partly completed:
			// what the department wrote into it stays.
			d.text, d.was = d.was, ""
		}
		sheet, ok := a.sheetOf(fd.Ref.Sheet)
		// A reason cell covered by a merged range shows only the comment:
		// the range's first cell holds something else.
		m := marks[cellKey{sheet, fd.Ref.Row, fd.Ref.Col}]
		if !ok || m == nil {
			continue
		}
		d.key = m.key
		merges, err := a.mergesOf(sheet)
		if err != nil {
			return err
		}
		if ok, err := a.measureDraft(d, m.style, merges); err != nil {
			return err
		} else if !ok {
			continue
		}
		a.drafts = append(a.drafts, d)
		a.draftAt[d.key] = d
	}
	return nil
}

// measureDraft sets the height a draft's row needs for the text to show in
// full, wrapped across the cell or the merged range it starts, and the row's
// height now. It returns false for a cell hidden inside a merged range, where
// a draft could not be seen.
func (a *annotation) measureDraft(d *drafted, style int, merges []excelize.MergeCell) (bool, error) {
	k := d.key
	first, last := k.col, k.col
	for _, mc := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err1 != nil || err2 != nil || k.col < c1 || k.col > c2 || k.row < r1 || k.row > r2 {
			continue
		}
		if k.col != c1 || k.row != r1 {
			return false, nil
		}
		last = c2
		break
	}
	width := 0.0
	for c := first; c <= last; c++ {
		w, err := a.colWidth(k.sheet, c)
		if err != nil {
			return false, err
		}
		width += w
	}
	size := float64(template.FontSize)
	if st, err := a.styleDef(style); err != nil {
		return false, err
	} else if st.Font != nil && st.Font.Size > 0 {
		size = st.Font.Size
	}
	d.need = template.RowHeight(size, template.TextLines(d.text, width, size))
	var err error
	if d.height, err = a.ed.GetRowHeight(k.sheet, k.row); err != nil {
		return false, fmt.Errorf("read row height of %s: %w", k.sheet, err)
	}
	return true, nil
}

// readIndicators plans the review columns of 绩效指标: where they go, the
// header style they copy, the note of each indicator row, and of each other
// row with findings, and its height.
func (a *annotation) readIndicators() error {
	form := a.s.Source
	sheet, ok := a.sheetOf(a.l.Indicators.Name)
	if !ok || form.HeaderRow <= 0 || form.LastCol <= 0 || len(a.l.ReviewHeader) == 0 {
		return nil
	}
	a.indSheet = sheet
	a.reviewCol = form.LastCol + 1
	// An annotated copy annotated again keeps its review columns where the
	// reader found them; anything else in the cells they would take (a
	// department's own 备注 column) is moved right rather than overwritten.
	ours := form.ReviewCol > 0
	if ours {
		a.reviewCol = form.ReviewCol
	}
	// The reader has loaded the sheet, so single cells are cheap to read,
	// where GetRows would serialise the whole sheet again: what stands in
	// the cells the review columns take.
	var err error
	at := func(row, col int) string {
		if err != nil {
			return ""
		}
		var v string
		v, err = a.ed.GetCellValue(sheet, cellName(col, row))
		return strings.TrimSpace(v)
	}
	// The review columns are written on the indicator rows and on any other
	// row below the header with a finding, a 合计 row's sums.
	byRow := map[int]finding.Findings{}
	for _, fd := range a.findings {
		if fd.Ref.Row > form.HeaderRow && template.Norm(fd.Ref.Sheet) == template.Norm(a.l.Indicators.Name) {
			byRow[fd.Ref.Row] = append(byRow[fd.Ref.Row], fd)
		}
	}
	// others are the rows with findings that are not indicators, in sheet
	// order; last is the table's last row.
	isLine := map[int]bool{}
	last := form.HeaderRow
	for _, ln := range a.s.Lines {
		isLine[ln.Source.Row] = true
		last = max(last, ln.Source.Row)
	}
	for _, tr := range form.Totals {
		last = max(last, tr.Row)
	}
	var others []int
	for _, row := range slices.Sorted(maps.Keys(byRow)) {
		if !isLine[row] {
			others = append(others, row)
		}
	}
	merges, err := a.mergesOf(sheet)
	if err != nil {
		return err
	}
	for _, mc := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err1 == nil && err2 == nil && c1 == 1 && r1 == r2 && r1 < form.HeaderRow && c2 >= form.LastCol {
			a.titleRow, a.titleEnd = r1, c2 // the title over the table
		}
	}
	if !ours {
		// A table cell merged sideways past the table (the reason widened
		// over column I) keeps its merge: the review columns start after it.
		for _, mc := range merges {
			c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
			c2, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
			if err1 == nil && err2 == nil && c1 <= form.LastCol && c2 >= a.reviewCol && r2 >= form.HeaderRow && r1 <= last {
				a.reviewCol = c2 + 1
			}
		}
		rows := []int{form.HeaderRow}
		for _, ln := range a.s.Lines {
			rows = append(rows, ln.Source.Row)
		}
		for _, row := range append(rows, others...) {
			for i := range a.l.ReviewHeader {
				if at(row, a.reviewCol+i) != "" {
					a.insertCols = true
				}
			}
		}
	}
	// In an annotated copy annotated again, a row of the table that is no
	// indicator and has no finding now (a 合计 row since corrected) loses
	// what the review columns said about it before.
	var stale []int
	if ours {
		for row := form.HeaderRow + 1; row <= last; row++ {
			if isLine[row] || len(byRow[row]) > 0 {
				continue
			}
			for i := range a.l.ReviewHeader {
				if at(row, a.reviewCol+i) != "" {
					stale = append(stale, row)
					break
				}
			}
		}
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", sheet, err)
	}
	hdr, err := a.ed.GetCellStyle(sheet, cellName(form.LastCol, form.HeaderRow))
	if err != nil {
		return fmt.Errorf("read header style of %s: %w", sheet, err)
	}
	if a.headerStyle, err = a.styleDef(hdr); err != nil {
		return err
	}
	if a.headerHt, err = a.ed.GetRowHeight(sheet, form.HeaderRow); err != nil {
		return fmt.Errorf("read header height of %s: %w", sheet, err)
	}
	a.headerRows = 1
	for _, c := range a.l.ReviewHeader {
		a.headerRows = max(a.headerRows, template.TextLines(c.Header, reviewWidth(c), template.FontSize))
	}
	// The form's own headers wrap at the printed widths too.
	for _, col := range form.Columns {
		w, werr := a.colWidth(sheet, col)
		if werr != nil {
			return werr
		}
		a.headerRows = max(a.headerRows, template.TextLines(at(form.HeaderRow, col), w, template.FontSize))
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", sheet, err)
	}
	noteWidth := reviewWidth(a.l.ReviewHeader[len(a.l.ReviewHeader)-1])
	for i := range a.s.Lines {
		ln := &a.s.Lines[i]
		row := ln.Source.Row
		rl := reviewLine{row: row, line: ln, note: reviewPassed(ln)}
		if fs := byRow[row]; len(fs) > 0 {
			rl.note, rl.worst = reviewNote(fs)
		}
		if d := a.draftAt[cellKey{sheet, row, ln.Source.Reason.Ref.Col}]; d != nil && ln.Source.Reason.Ref.Col > 0 {
			rl.note += "\n" + draftNote
			rl.draftNeed, d.sized = d.need, true
		}
		rl.noteRows = template.TextLines(rl.note, noteWidth, template.FontSize)
		if rl.height, err = a.ed.GetRowHeight(sheet, row); err != nil {
			return fmt.Errorf("read row height of %s: %w", sheet, err)
		}
		in := ln.Source
		if rl.textNeed, err = a.textNeed(sheet, row, []template.Cell{in.Level1, in.Level2, in.Name, in.Target, in.Actual, in.Weight, in.SelfScore, in.Reason}); err != nil {
			return err
		}
		a.lines = append(a.lines, rl)
	}
	// finding.Findings on rows that are not indicators, a 合计 row's sums, are
	// written in the same column; a stale row's cells are emptied.
	rows := append(others, stale...)
	slices.Sort(rows)
	for _, row := range rows {
		rl := reviewLine{row: row}
		if fs := byRow[row]; len(fs) > 0 {
			rl.note, rl.worst = reviewNote(fs)
			rl.noteRows = template.TextLines(rl.note, noteWidth, template.FontSize)
		}
		if rl.height, err = a.ed.GetRowHeight(sheet, row); err != nil {
			return fmt.Errorf("read row height of %s: %w", sheet, err)
		}
		a.lines = append(a.lines, rl)
	}
	return nil
}

// write makes every change, in an order that never reads a sheet it has
// already changed.
func (a *annotation) write() error {
	if err := a.writeReviewColumns(); err != nil {
		return err
	}
	if err := a.writePrintLayout(); err != nil {
		return err
	}
	if err := a.writeUnmarks(); err != nil {
		return err
	}
	if err := a.writeMarks(); err != nil {
		return err
	}
	if err := a.writeNoteLists(); err != nil {
		return err
	}
	if err := a.writeRecords(); err != nil {
		return err
	}
	if err := a.writeReviewSheet(); err != nil {
		return err
	}
	if err := a.writeSheetCount(); err != nil {
		return err
	}
	return a.ed.Flush()
}

// sheetCount matches the 填报说明 sentence that counts and names the form's
// sheets.
var sheetCount = regexp.MustCompile(`^共 \d+ 张工作表：[^。]*。`)

// sheetCountCell is the 填报说明 cell that counts the form's sheets, with
// what it says after the count.
type sheetCountCell struct {
	sheet    string
	row, col int
	rest     string
}

// rows returns a sheet's rows as excelize's GetRows does with raw values,
// from the one pass over the original (Options.Book) when it read the
// sheet: the annotation reads before it changes anything.
func (a *annotation) rows(sheet string) ([][]string, error) {
	if b := a.opts.Book; b != nil {
		if s := b.Sheet(sheet); s != nil {
			all := s.Rows()
			last := 0
			for i, r := range all {
				if len(r) > 0 {
					last = i + 1
				}
			}
			out := make([][]string, last)
			for i := range out {
				out[i] = slices.Clone(all[i])
			}
			return out, nil
		}
	}
	return a.f.GetRows(sheet, excelize.Options{RawCellValue: true})
}

// readSheetCount finds the 填报说明 sentence that counts the form's sheets.
func (a *annotation) readSheetCount() error {
	sheet, ok := a.sheetOf(a.l.GuideSheet)
	if !ok {
		return nil
	}
	rows, err := a.rows(sheet)
	if err != nil {
		return fmt.Errorf("read %s: %w", sheet, err)
	}
	for r, row := range rows {
		for c, v := range row {
			if loc := sheetCount.FindStringIndex(v); loc != nil {
				a.sheetCount = &sheetCountCell{sheet: sheet, row: r + 1, col: c + 1, rest: v[loc[1]:]}
				// The sheet is read for its edit before placeReviewSheet
				// changes its tab selection in its part.
				a.ed.Direct(sheet)
				return nil
			}
		}
	}
	return nil
}

// writeSheetCount makes the 填报说明 sentence that counts the form's sheets
// count and name the visible sheets of the annotated copy, 审核结果 among
// them, and grows its row when the longer sentence needs another line.
func (a *annotation) writeSheetCount() error {
	sc := a.sheetCount
	if sc == nil {
		return nil
	}
	var visible []string
	for _, s := range a.f.GetSheetList() {
		if v, err := a.f.GetSheetVisible(s); err == nil && v {
			visible = append(visible, s)
		}
	}
	text := fmt.Sprintf("共 %d 张工作表：%s。", len(visible), strings.Join(visible, "、")) + sc.rest
	cell := cellName(sc.col, sc.row)
	if err := a.ed.SetCellStr(sc.sheet, cell, text); err != nil {
		return fmt.Errorf("write %s!%s: %w", sc.sheet, cell, err)
	}
	return a.fitRow(sc.sheet, sc.col, sc.row, text)
}

// fitRow raises a row so that text, in the cell at col and row (1-based)
// and the cells merged with it, shows whole.
func (a *annotation) fitRow(sheet string, col, row int, text string) error {
	cells, err := a.ed.GetMergeCells(sheet)
	if err != nil {
		return fmt.Errorf("read merged cells of %s: %w", sheet, err)
	}
	merges := make([]string, len(cells))
	for i, m := range cells {
		merges[i] = m.GetStartAxis() + ":" + m.GetEndAxis()
	}
	want, err := fitHeight(merges, func(c int) (float64, error) {
		name, _ := excelize.ColumnNumberToName(c)
		w, err := a.ed.GetColWidth(sheet, name)
		if err != nil {
			return 0, fmt.Errorf("read column width of %s: %w", sheet, err)
		}
		return w, nil
	}, col, row, text)
	if err != nil {
		return err
	}
	h, err := a.ed.GetRowHeight(sheet, row)
	if err != nil {
		return fmt.Errorf("read row height of %s: %w", sheet, err)
	}
	if want > h {
		if err := a.ed.SetRowHeight(sheet, row, want); err != nil {
			return fmt.Errorf("set row height of %s: %w", sheet, err)
		}
	}
	return nil
}

// fitHeight returns the height text needs in the cell at col and row
// (1-based), wrapped across the range merged from it (merges: "A5:D5"),
// given the columns' widths.
func fitHeight(merges []string, colWidth func(int) (float64, error), col, row int, text string) (float64, error) {
	last := col
	for _, m := range merges {
		from, to, _ := strings.Cut(m, ":")
		c1, r1, err1 := excelize.CellNameToCoordinates(from)
		c2, _, err2 := excelize.CellNameToCoordinates(to)
		if err1 == nil && err2 == nil && c1 == col && r1 == row {
			last = c2
		}
	}
	width := 0.0
	for c := col; c <= last; c++ {
		w, err := colWidth(c)
		if err != nil {
			return 0, err
		}
		width += w
	}
	return template.RowHeight(template.FontSize, template.TextLines(text, width, template.FontSize)), nil
}

// filledStyle returns the style id of a cell's style with the severity's
// fill, creating it once per (style, severity).
func (a *annotation) filledStyle(id int, sev finding.Severity) (int, error) {
	k := fillKey{id, sev}
	if n, ok := a.filled[k]; ok {
		return n, nil
	}
	base, err := a.styleDef(id)
	if err != nil {
		return 0, err
	}
	st := *base
	st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{FillOf(sev)}}
	n, err := a.f.NewStyle(&st)
	if err != nil {
		return 0, fmt.Errorf("create fill style: %w", err)
	}
	a.filled[k] = n
	return n, nil
}

// writeMarks fills and comments every cell that has a finding, and writes
// the drafted explanations into their cells.
func (a *annotation) writeMarks() error {
	for _, m := range a.marks {
		cell := m.key.name()
		d := a.draftAt[m.key]
		var id int
		var err error
		if d != nil {
			id, err = a.draftedStyle(m.style)
		} else {
			id, err = a.filledStyle(m.style, m.worst)
		}
		if err != nil {
			return err
		}
		if d != nil {
			if err := a.writeDraft(d); err != nil {
				return err
			}
		}
		if err := a.ed.SetCellStyle(m.key.sheet, cell, cell, id); err != nil {
			return fmt.Errorf("fill %s!%s: %w", m.key.sheet, cell, err)
		}
		var extra string
		if d != nil {
			extra = draftComment(d)
		}
		c := findingComment(a.opts.heading(), cell, m.findings, m.comment, extra)
		if m.comment != nil {
			// excelize refuses a second comment on a cell, and would leave
			// the new comment's shape behind when it does: the old comment
			// is removed first and its text carried into the new one.
			if err := a.ed.DeleteComment(m.key.sheet, cell); err != nil {
				return fmt.Errorf("replace comment on %s!%s: %w", m.key.sheet, cell, err)
			}
		}
		if err := a.ed.AddComment(m.key.sheet, c); err != nil {
			return fmt.Errorf("comment %s!%s: %w", m.key.sheet, cell, err)
		}
	}
	return nil
}

// writeDraft writes a draft into its cell and makes its row tall enough,
// unless the review columns size that row.
func (a *annotation) writeDraft(d *drafted) error {
	k := d.key
	if err := a.ed.SetCellStr(k.sheet, k.name(), d.text); err != nil {
		return fmt.Errorf("write draft into %s!%s: %w", k.sheet, k.name(), err)
	}
	if !d.sized && d.need > d.height {
		if err := a.ed.SetRowHeight(k.sheet, k.row, d.need); err != nil {
			return fmt.Errorf("size row of %s!%s: %w", k.sheet, k.name(), err)
		}
	}
	return nil
}

// draftedStyle returns the style id of a cell's style made a draft's:
// italic blue-grey text on the draft fill, wrapped, borders and protection
// kept; created once per style.
func (a *annotation) draftedStyle(id int) (int, error) {
	if n, ok := a.draftStyle[id]; ok {
		return n, nil
	}
	base, err := a.styleDef(id)
	if err != nil {
		return 0, err
	}
	st := *base
	font := excelize.Font{Family: a.font, Size: template.FontSize}
	if base.Font != nil {
		font = *base.Font
		if font.Family == "" {
			font.Family = a.font
		}
		if font.Size <= 0 {
			font.Size = template.FontSize
		}
	}
	// A theme or indexed colour would win over the explicit one.
	font.Italic, font.Color, font.ColorTheme, font.ColorIndexed, font.ColorTint = true, ColorDraft, nil, 0, 0
	st.Font = &font
	st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{FillDraft}}
	align := excelize.Alignment{Horizontal: "left", Vertical: "top"}
	if base.Alignment != nil {
		align = *base.Alignment
	}
	align.WrapText = true
	st.Alignment = &align
	n, err := a.f.NewStyle(&st)
	if err != nil {
		return 0, fmt.Errorf("create draft style: %w", err)
	}
	a.draftStyle[id] = n
	return n, nil
}

// draftComment is the line a drafted cell's comment adds after its
// findings. The placeholder the draft replaced is named: the department's
// original stays in the file it sent, which perfeval never changes.
func draftComment(d *drafted) string {
	s := "本栏标有“" + score.DraftMark + "”的内容由 perfeval 根据表中数字草拟，不是部门的说明；请在＿＿＿＿处写明原因和改进措施，删去“" + score.DraftMark + "”后重新报送。"
	if was := strings.TrimSpace(d.was); was != "" {
		s += "原填写的“" + was + "”已被替换，原内容保留在报送的原文件中。"
	}
	return s
}

// findingComment builds the comment of a cell: the heading (the reviewer's
// name) in bold, then one "【错误】类别：message" line per finding, then
// extra, if any. A comment someone else wrote on the cell is kept above it;
// what perfeval wrote there before, when an annotated copy is annotated
// again, is dropped.
func findingComment(heading, cell string, fs finding.Findings, old *excelize.Comment, extra string) excelize.Comment {
	lines := make([]string, len(fs))
	for i, fd := range fs {
		lines[i] = "【" + fd.Severity.Label() + "】" + fd.Title() + "：" + fd.Message
	}
	if extra != "" {
		lines = append(lines, extra)
	}
	body := strings.Join(lines, "\n")
	var runs []excelize.RichTextRun
	if old != nil {
		runs = keptRuns(old)
	}
	if len(runs) > 0 {
		runs = append(runs, excelize.RichTextRun{Text: "\n\n"})
	}
	// An explicit colour: excelize writes an empty <color/> for a run
	// without one.
	bold := &excelize.Font{Bold: true, Size: 9, Family: "宋体", Color: "000000"}
	plain := &excelize.Font{Size: 9, Family: "宋体", Color: "000000"}
	runs = append(runs,
		excelize.RichTextRun{Text: heading + "\n", Font: bold},
		excelize.RichTextRun{Text: body, Font: plain},
	)
	var all strings.Builder
	for _, r := range runs {
		all.WriteString(r.Text)
	}
	w, h := commentSize(all.String())
	return excelize.Comment{Cell: cell, Author: CommentAuthor, Paragraph: runs, Width: w, Height: h}
}

// keptRuns returns the text of an existing comment up to the part perfeval
// wrote, if any: from the first run or line that starts with "perfeval:".
// A line is found in the comment's text as a whole, across runs: a program
// that saved the copy may have split or merged them (LibreOffice splits them
// by script, openpyxl keeps plain text only).
func keptRuns(c *excelize.Comment) []excelize.RichTextRun {
	var runs []excelize.RichTextRun
	if c.Text != "" {
		runs = append(runs, excelize.RichTextRun{Text: c.Text})
	}
	for _, r := range c.Paragraph {
		// Read back like a cell's font, a run's colour may not be one
		// AddComment writes well-formed.
		r.Font = fontColoursFixed(r.Font)
		runs = append(runs, r)
	}
	var all strings.Builder
	cut := -1
	for _, r := range runs {
		if cut < 0 && (strings.HasPrefix(r.Text, CommentAuthor+":") || ourPart(r.Text) == 0) {
			cut = all.Len()
		}
		all.WriteString(r.Text)
	}
	// A line of the whole text that starts perfeval's part wins over a
	// run that does, unless it is the run's own line: someone's note run
	// into the heading without a line break stays theirs.
	if at := ourPart(all.String()); at >= 0 && (cut < 0 || at < cut && strings.Contains(all.String()[at:cut], "\n")) {
		cut = at
	}
	reply := ""
	if cut >= 0 {
		reply = replyAfter(all.String()[cut:])
		for i := range runs {
			if len(runs[i].Text) >= cut {
				runs[i].Text = runs[i].Text[:cut]
				runs = runs[:i+1]
				break
			}
			cut -= len(runs[i].Text)
		}
	}
	for len(runs) > 0 {
		last := &runs[len(runs)-1]
		last.Text = strings.TrimRight(last.Text, "\n")
		if last.Text != "" {
			break
		}
		runs = runs[:len(runs)-1]
	}
	if reply != "" {
		if len(runs) > 0 {
			reply = "\n" + reply
		}
		runs = append(runs, excelize.RichTextRun{Text: reply})
	}
	return runs
}

// replyAfter returns what someone wrote below perfeval's part of a comment
// (a department answering a finding in the comment itself): the lines after
// the "perfeval:" line and perfeval's finding and draft lines.
func replyAfter(ours string) string {
	lines := strings.Split(ours, "\n")
	i := 1 // the "perfeval:" line
	for i < len(lines) && ourLine(lines[i]) {
		i++
	}
	return strings.TrimSpace(strings.Join(lines[i:], "\n"))
}

// ourLine reports a line perfeval writes in a comment: a finding or the
// note on a draft.
func ourLine(l string) bool {
	for _, p := range []string{"【" + finding.Error.Label() + "】", "【" + finding.Warning.Label() + "】", "【" + finding.Info.Label() + "】", "本栏标有“" + score.DraftMark + "”"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// ourPart returns where the part of a comment's text perfeval wrote starts,
// or -1: the first line that starts with "perfeval:", or that is a heading,
// a short line ending in a colon (the reviewer's name, whatever the
// rulebook said when the copy was written), followed by a line perfeval
// writes (ourLine).
func ourPart(text string) int {
	lines := strings.SplitAfter(text, "\n")
	at := 0
	for i, l := range lines {
		line := strings.TrimRight(l, "\r\n")
		if strings.HasPrefix(line, CommentAuthor+":") {
			return at
		}
		if i+1 < len(lines) && isHeading(line) && ourLine(lines[i+1]) {
			return at
		}
		at += len(l)
	}
	return -1
}

// isHeading reports a line that may head perfeval's part of a comment: a
// name of at most maxHeading characters ending in a colon.
func isHeading(line string) bool {
	const maxHeading = 21 // the rulebook's longest reviewer and its colon
	n := len([]rune(line))
	return n >= 2 && n <= maxHeading && (strings.HasSuffix(line, "：") || strings.HasSuffix(line, ":"))
}

// commentSize returns a comment box size in pixels that shows text at the
// 9-point comment font without scrolling or cutting a sentence: wider for
// a long text, and measured with the wider glyphs of the fonts LibreOffice
// and WPS put in for 宋体, with a line to spare.
func commentSize(text string) (width, height uint) {
	const pad, lineHeight = 16, 16
	w := 320
	if len([]rune(text)) > 120 {
		w = 420
	}
	n := 1
	for _, para := range strings.Split(text, "\n") {
		px := 0.0
		for _, r := range para {
			if r < 0x80 {
				px += 7
			} else {
				px += 13
			}
		}
		n += max(1, int(math.Ceil(px/float64(w-pad))))
	}
	return uint(w), uint(min(1000, n*lineHeight+12))
}

// writeReviewColumns appends 完成率 | 复核得分 | 审核意见 to 绩效指标.
func (a *annotation) writeReviewColumns() error {
	if a.indSheet == "" {
		return nil
	}
	f, ed, sheet, col := a.f, a.ed, a.indSheet, a.reviewCol
	if a.insertCols {
		name, _ := excelize.ColumnNumberToName(col)
		if err := a.ed.Handover(sheet); err != nil {
			return fmt.Errorf("insert review columns on %s: %w", sheet, err)
		}
		if err := f.InsertCols(sheet, name, len(a.l.ReviewHeader)); err != nil {
			return fmt.Errorf("insert review columns on %s: %w", sheet, err)
		}
	}
	hdr := *a.headerStyle
	hdr.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fillReviewHeader}}
	hdr.Font = fontWith(hdr.Font, a.font, true)
	hdr.Border = thinBorder()
	hdr.Alignment = &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	hdrID, err := f.NewStyle(&hdr)
	if err != nil {
		return fmt.Errorf("create review header style: %w", err)
	}
	font := fontWith(a.headerStyle.Font, a.font, false)
	// The review cells are unlocked like the rest of an input row: Excel
	// refuses to delete a row of a protected sheet that holds a locked cell.
	cellStyle := func(numFmt string, align *excelize.Alignment, fill string) (int, error) {
		st := &excelize.Style{
			Border: thinBorder(), Font: font, Alignment: align,
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}},
			Protection: &excelize.Protection{Locked: false},
		}
		if numFmt != "" {
			st.CustomNumFmt = &numFmt
		}
		return f.NewStyle(st)
	}
	right := &excelize.Alignment{Horizontal: "right", Vertical: "center"}
	rateID, err := cellStyle("0.00%", right, fillReviewCell)
	if err != nil {
		return fmt.Errorf("create review style: %w", err)
	}
	scoreID, err := cellStyle("0.00", right, fillReviewCell)
	if err != nil {
		return fmt.Errorf("create review style: %w", err)
	}
	noteAlign := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}
	noteIDs := map[finding.Severity]int{}
	for _, sev := range []finding.Severity{finding.SeverityInvalid, finding.Info, finding.Warning, finding.Error} {
		fill := fillReviewCell
		if sev != finding.SeverityInvalid {
			fill = FillOf(sev)
		}
		if noteIDs[sev], err = cellStyle("@", noteAlign, fill); err != nil {
			return fmt.Errorf("create review style: %w", err)
		}
	}

	do := func(err error) error {
		if err != nil {
			return fmt.Errorf("write review columns on %s: %w", sheet, err)
		}
		return nil
	}
	if last := col + len(a.l.ReviewHeader) - 1; a.titleRow > 0 && a.titleEnd < last {
		// The sheet's title stays centred over the table it now heads,
		// unless the department merged cells where it would reach: two
		// merged ranges that cross make Excel repair the file.
		crosses, err := a.mergeCrosses(sheet, a.titleRow, a.titleEnd+1, last)
		if err != nil {
			return err
		}
		if !crosses {
			if err := do(ed.MergeCell(sheet, cellName(1, a.titleRow), cellName(last, a.titleRow))); err != nil {
				return err
			}
		}
	}
	hrow := a.s.Source.HeaderRow
	for i, c := range a.l.ReviewHeader {
		name, _ := excelize.ColumnNumberToName(col + i)
		if err := do(ed.SetColWidth(sheet, name, name, reviewWidth(c))); err != nil {
			return err
		}
		if err := do(ed.SetCellStr(sheet, cellName(col+i, hrow), c.Header)); err != nil {
			return err
		}
	}
	if err := do(ed.SetCellStyle(sheet, cellName(col, hrow), cellName(col+len(a.l.ReviewHeader)-1, hrow), hdrID)); err != nil {
		return err
	}
	if need := template.RowHeight(template.FontSize, a.headerRows); need > a.headerHt {
		if err := do(ed.SetRowHeight(sheet, hrow, need)); err != nil {
			return err
		}
	}
	for _, rl := range a.lines {
		ln := rl.line
		if ln == nil {
			ln = &score.Line{} // not an indicator: no completion, no score
		}
		rate, score, note := cellName(col, rl.row), cellName(col+1, rl.row), cellName(col+2, rl.row)
		var err error
		if ln.CompletionOK {
			err = ed.SetCellDefault(sheet, rate, ln.Completion.Round(completionPlaces).String())
		} else {
			err = ed.ClearCell(sheet, rate)
		}
		if err := do(err); err != nil {
			return err
		}
		if ln.Scored {
			err = ed.SetCellDefault(sheet, score, ln.Score.String())
		} else {
			err = ed.ClearCell(sheet, score)
		}
		if err := do(err); err != nil {
			return err
		}
		if err := do(ed.SetCellStr(sheet, note, rl.note)); err != nil {
			return err
		}
		for _, st := range []struct {
			cell string
			id   int
		}{{rate, rateID}, {score, scoreID}, {note, noteIDs[rl.worst]}} {
			if err := do(ed.SetCellStyle(sheet, st.cell, st.cell, st.id)); err != nil {
				return err
			}
		}
		if need := max(template.RowHeight(template.FontSize, rl.noteRows), rl.draftNeed, rl.textNeed); need > rl.height {
			if err := do(ed.SetRowHeight(sheet, rl.row, need)); err != nil {
				return err
			}
		}
	}
	return nil
}

// mergeCrosses reports whether a merged range of the sheet covers a cell
// of row between columns c1 and c2.
func (a *annotation) mergeCrosses(sheet string, row, c1, c2 int) (bool, error) {
	merges, err := a.mergesOf(sheet)
	if err != nil {
		return false, err
	}
	for _, mc := range merges {
		mc1, mr1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
		mc2, mr2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err1 == nil && err2 == nil && mr1 <= row && row <= mr2 && mc1 <= c2 && c1 <= mc2 {
			return true, nil
		}
	}
	return false, nil
}

// fontWith returns a copy of font (or a new one in the given family) with
// the given weight.
func fontWith(font *excelize.Font, family string, bold bool) *excelize.Font {
	out := &excelize.Font{Family: family, Size: 11}
	if font != nil {
		c := *font
		out = &c
		if out.Family == "" {
			out.Family = family
		}
	}
	out.Bold = bold
	return out
}

func thinBorder() []excelize.Border {
	return []excelize.Border{
		{Type: "left", Color: colorBorder, Style: 1},
		{Type: "top", Color: colorBorder, Style: 1},
		{Type: "right", Color: colorBorder, Style: 1},
		{Type: "bottom", Color: colorBorder, Style: 1},
	}
}

// cellName returns the A1 name of a 1-based (col, row).
func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

// reviewWriter writes the 审核结果 sheet; it stops at the first error. The
// sheet's cells, geometry and page go into b, whose part replaces the empty
// sheet excelize added (xlsx.PutSheet); the styles and the workbook's names
// go through excelize.
type reviewWriter struct {
	a     *annotation
	sheet string
	b     xlsx.SheetBuilder
	err   error

	// Printed pages: heights holds the height (points) of every row set
	// through height; used is how much of the current page the rows
	// before next fill, out of pageRoom, the page's room below the
	// repeated title rows, both in unscaled sheet points.
	heights  map[int]float64
	next     int
	used     float64
	pageRoom float64
}

func (w *reviewWriter) do(err error) {
	if w.err == nil && err != nil {
		w.err = err
	}
}

func (w *reviewWriter) style(name string) int {
	if id, ok := w.a.review[name]; ok {
		return id
	}
	if w.err != nil {
		return 0
	}
	id, err := w.a.f.NewStyle(reviewStyle(name, w.a.font))
	w.do(err)
	w.a.review[name] = id
	return id
}

func (w *reviewWriter) str(col, row int, v, style string) {
	if w.err != nil {
		return
	}
	w.b.SetStr(col, row, v)
	w.setStyle(col, row, col, row, style)
}

// num writes a decimal as a number cell, or "—" when it is missing, never
// through float64.
func (w *reviewWriter) num(col, row int, d decimal.NullDecimal, style string) {
	if w.err != nil {
		return
	}
	if !d.Valid {
		w.str(col, row, "—", style)
		return
	}
	w.b.SetNum(col, row, d.Decimal.String())
	w.setStyle(col, row, col, row, style)
}

func (w *reviewWriter) setStyle(c1, r1, c2, r2 int, style string) {
	if w.err != nil || style == "" {
		return
	}
	if id := w.style(style); w.err == nil {
		w.b.SetStyle(c1, r1, c2, r2, id)
	}
}

func (w *reviewWriter) merge(c1, r1, c2, r2 int) {
	if w.err != nil || c1 == c2 && r1 == r2 {
		return
	}
	w.b.Merge(c1, r1, c2, r2)
}

// header writes a table's header row: one label a column, the last
// label merged to the sheet's last column, the row as tall as the longest
// label wraps.
func (w *reviewWriter) header(row int, labels []string) {
	last := len(reviewWidths)
	lines := 1
	for i, h := range labels {
		w.str(i+1, row, h, rsHeader)
		width := reviewWidths[i]
		if i == len(labels)-1 {
			width = template.SumWidths(reviewWidths[i:])
		}
		lines = max(lines, template.TextLines(h, width, template.FontSize))
	}
	w.merge(len(labels), row, last, row)
	w.setStyle(len(labels), row, last, row, rsHeader)
	w.height(row, lines)
}

func (w *reviewWriter) height(row int, lines int) {
	if w.err != nil {
		return
	}
	h := reviewRowHeight(lines)
	if w.heights == nil {
		w.heights = map[int]float64{}
	}
	w.heights[row] = h
	w.b.SetRowHeight(row, h)
}

// reviewRowHeight is the height (points) of a 审核结果 row of text lines.
func reviewRowHeight(lines int) float64 {
	return max(20, template.RowHeight(template.FontSize, lines))
}

// Printed page of the 审核结果 sheet: A4 landscape (points) with Excel's
// normal margins, which the sheet sets, scaled to fit the columns' width.
const (
	reviewPageWidth       = 842.0
	reviewPageHeight      = 595.0
	reviewMarginSide      = template.PrintMarginSide      // inches
	reviewMarginTopBottom = template.PrintMarginTopBottom // inches
	reviewMarginHeader    = template.PrintMarginHeader    // inches
	// reviewPageFill is the share of the page the breaks plan to fill,
	// leaving room for the difference between this estimate and how
	// Excel or LibreOffice measures the columns and rows: a 7-pixel font
	// still fits.
	reviewPageFill = 0.95
	// reviewDefaultRow is the height (points) of a row without one set.
	reviewDefaultRow = 15.0
)

// startPages starts counting printed pages at row first, below the title
// rows that repeat on every page.
func (w *reviewWriter) startPages(first int) {
	titles := 0.0
	for r := 1; r < first; r++ {
		titles += w.rowHeight(r)
	}
	// Column widths in points, as Excel sizes them for the 11-point 宋体
	// body font: 8 pixels a character and 5 pixels of padding, 0.75
	// points a pixel. A narrower font prints at a larger scale, which
	// reviewPageFill leaves room for; LibreOffice's substitute fonts are
	// wider, so its pages are longer than planned.
	width := 0.0
	for _, wd := range reviewWidths {
		width += (wd*8 + 5) * 0.75
	}
	printW := reviewPageWidth - 2*reviewMarginSide*72
	printH := reviewPageHeight - 2*reviewMarginTopBottom*72
	scale := min(1, printW/width)
	w.pageRoom = printH/scale*reviewPageFill - titles
	w.next, w.used = first, 0
}

func (w *reviewWriter) rowHeight(row int) float64 {
	if h, ok := w.heights[row]; ok {
		return h
	}
	return reviewDefaultRow
}

// fit counts the rows before row onto the printed pages and reports
// whether a block h points high starting at row still fits on the current
// page. When it does not, the page breaks before row and fit reports
// false, so that the caller can repeat a table's header there.
func (w *reviewWriter) fit(row int, h float64) bool {
	if w.err != nil || w.pageRoom == 0 {
		return true
	}
	for ; w.next < row; w.next++ {
		w.used += w.rowHeight(w.next)
	}
	if w.used == 0 || w.used+h <= w.pageRoom {
		return true
	}
	w.b.BreakBefore(row)
	w.used = 0
	return false
}

// tableRow places a table row h points high at row: when the page breaks
// before it, the table's header is repeated first, by header, and the
// row moves below it. It returns the row to write.
func (w *reviewWriter) tableRow(row int, h float64, header func(row int)) int {
	if w.fit(row, h) {
		return row
	}
	header(row)
	row++
	w.fit(row, h)
	return row
}

// link makes a cell a hyperlink to a finding's location when that sheet
// exists in the workbook.
func (w *reviewWriter) link(col, row int, ref template.Ref) bool {
	if w.err != nil {
		return false
	}
	sheet, ok := w.a.sheetOf(ref.Sheet)
	if !ok || ref.Sheet == "" {
		return false
	}
	r, c := max(ref.Row, 1), max(ref.Col, 1)
	target := "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" + cellName(c, r)
	return w.b.Link(col, row, target, "转到 "+ref.String())
}

// Style names of the 审核结果 sheet.
const (
	rsTitle    = "title"
	rsVerdict  = "verdict"
	rsVerdictR = "verdict_returned"
	rsLabel    = "label"
	rsValue    = "value"
	rsScore    = "score"
	rsSection  = "section"
	rsHeader   = "header"
	rsCell     = "cell"
	rsCenter   = "center"
	rsWrap     = "wrap"
	rsLink     = "link"
	rsLinkWrap = "link_wrap"
	rsNum      = "num"
	rsPercent  = "percent"
	rsError    = "error"
	rsWarning  = "warning"
	rsInfo     = "info"
	rsReturned = "returned"
	rsAccepted = "accepted"
	rsDraft    = "draft"
)

func reviewStyle(name, family string) *excelize.Style {
	font := &excelize.Font{Family: family, Size: 11}
	bold := &excelize.Font{Family: family, Size: 11, Bold: true}
	fill := func(c string) excelize.Fill { return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}} }
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	right := &excelize.Alignment{Horizontal: "right", Vertical: "center"}
	b := thinBorder()
	switch name {
	case rsTitle:
		return &excelize.Style{Font: &excelize.Font{Family: family, Size: 16, Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}
	case rsVerdict, rsVerdictR:
		c := fillAccepted
		if name == rsVerdictR {
			c = FillError
		}
		return &excelize.Style{Font: &excelize.Font{Family: family, Size: 12, Bold: true}, Fill: fill(c), Border: b, Alignment: left}
	case rsLabel:
		return &excelize.Style{Font: bold, Fill: fill(fillTableHeader), Border: b, Alignment: left}
	case rsValue:
		return &excelize.Style{Font: font, Border: b, Alignment: left, NumFmt: 49}
	case rsScore:
		return &excelize.Style{Font: font, Border: b, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}}
	case rsReturned, rsAccepted:
		c := fillAccepted
		if name == rsReturned {
			c = FillError
		}
		return &excelize.Style{Font: bold, Fill: fill(c), Border: b, Alignment: left}
	case rsSection:
		return &excelize.Style{Font: &excelize.Font{Family: family, Size: 12, Bold: true}, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}}
	case rsHeader:
		return &excelize.Style{Font: bold, Fill: fill(fillTableHeader), Border: b, Alignment: center}
	case rsCell:
		return &excelize.Style{Font: font, Border: b, Alignment: left}
	case rsCenter:
		return &excelize.Style{Font: font, Border: b, Alignment: center}
	case rsWrap:
		return &excelize.Style{Font: font, Border: b, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}}
	case rsLink, rsLinkWrap:
		al := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: name == rsLinkWrap}
		return &excelize.Style{Font: &excelize.Font{Family: family, Size: 11, Color: colorLink, Underline: "single"}, Border: b, Alignment: al}
	case rsNum:
		return &excelize.Style{Font: font, Border: b, Alignment: right, CustomNumFmt: new("0.00")}
	case rsPercent:
		return &excelize.Style{Font: font, Border: b, Alignment: right, CustomNumFmt: new("0.00%")}
	case rsDraft:
		return &excelize.Style{Font: &excelize.Font{Family: family, Size: 11, Italic: true, Color: ColorDraft}, Fill: fill(FillDraft), Border: b, Alignment: left}
	case rsError, rsWarning, rsInfo:
		c := map[string]string{rsError: FillError, rsWarning: FillWarning, rsInfo: FillInfo}[name]
		return &excelize.Style{Font: bold, Fill: fill(c), Border: b, Alignment: center}
	}
	return &excelize.Style{Font: font}
}

func severityStyle(sev finding.Severity) string {
	switch sev {
	case finding.Error:
		return rsError
	case finding.Warning:
		return rsWarning
	}
	return rsInfo
}

// forAction returns a copy of the findings in the order the 审核结果 sheet
// lists them, the order they are acted on: errors, then warnings, then
// notes, each group in the sheet order of Findings.Sort.
func forAction(fs finding.Findings, l *template.Layout) finding.Findings {
	out := slices.Clone(fs)
	out.Sort(l)
	slices.SortStableFunc(out, func(a, b finding.Finding) int {
		return cmp.Compare(b.Severity, a.Severity)
	})
	return out
}

// writeReviewSheet adds the 审核结果 sheet first among the visible sheets
// and makes it the one the workbook opens on.
func (a *annotation) writeReviewSheet() error {
	name := a.l.ReviewSheet
	if err := a.placeReviewSheet(name); err != nil {
		return err
	}
	w := &reviewWriter{a: a, sheet: name}
	w.b.Selected = true // placeReviewSheet activated it
	a.fillReviewSheet(w)
	if w.err == nil {
		w.err = xlsx.PutSheet(a.f, name, w.b.Bytes())
	}
	if w.err != nil {
		return fmt.Errorf("write %s: %w", name, w.err)
	}
	return nil
}

// placeReviewSheet creates the review sheet (replacing the one an earlier
// annotation added) before the first visible sheet and activates it. The
// marks sheet and _meta are made very hidden: LibreOffice saves a very
// hidden sheet as merely hidden, and _meta is very hidden again, as the
// template made it. Moving a sheet does not renumber sheet-scoped defined
// names such as print titles, so they are taken out and put back by sheet
// name.
func (a *annotation) placeReviewSheet(name string) error {
	f := a.f
	if idx, _ := f.GetSheetIndex(name); idx >= 0 {
		if err := f.DeleteSheet(name); err != nil {
			return fmt.Errorf("replace %s: %w", name, err)
		}
	}
	var hide []string
	for _, s := range []string{a.l.MarksSheet, a.l.MetaSheet} {
		if idx, _ := f.GetSheetIndex(s); idx >= 0 {
			hide = append(hide, s)
		}
	}
	var first string
	for _, s := range f.GetSheetList() {
		if visible, err := f.GetSheetVisible(s); err == nil && visible && !slices.Contains(hide, s) {
			first = s
			break
		}
	}
	var scoped []excelize.DefinedName
	for _, dn := range f.GetDefinedName() {
		if dn.Scope != "" && dn.Scope != "Workbook" {
			scoped = append(scoped, dn)
		}
	}
	for _, dn := range scoped {
		if err := f.DeleteDefinedName(&excelize.DefinedName{Name: dn.Name, Scope: dn.Scope}); err != nil {
			return fmt.Errorf("move defined name %s: %w", dn.Name, err)
		}
	}
	if _, err := xlsx.NewSheet(f, name); err != nil {
		return fmt.Errorf("add %s: %w", name, err)
	}
	if first != "" {
		if err := xlsx.MoveSheet(f, name, first); err != nil {
			return fmt.Errorf("move %s: %w", name, err)
		}
	}
	for _, dn := range scoped {
		d := dn
		if err := f.SetDefinedName(&d); err != nil && !errors.Is(err, excelize.ErrDefinedNameDuplicate) {
			return fmt.Errorf("restore defined name %s: %w", dn.Name, err)
		}
	}
	// Through xlsx, which leaves the sheets the annotation does not change
	// as they were, and clears a form sheet's selection as it writes it.
	if err := a.ed.ActivateSheet(name, hide...); err != nil {
		return fmt.Errorf("activate %s: %w", name, err)
	}
	return nil
}

// fillReviewSheet writes the title, the summary, every finding and the
// indicators short of full marks.
func (a *annotation) fillReviewSheet(w *reviewWriter) {
	f, r, s, sheet := a.f, a.r, a.s, w.sheet
	last := len(reviewWidths)
	for i, wd := range reviewWidths {
		w.b.SetColWidth(i+1, wd)
	}
	fs := a.findings
	nErr, nWarn, nInfo := fs.Count(finding.Error), fs.Count(finding.Warning), fs.Count(finding.Info)

	row := 1
	w.str(1, row, a.l.ReviewSheet, rsTitle)
	w.merge(1, row, last, row)
	w.b.SetRowHeight(row, 32)
	row++
	verdict := fmt.Sprintf("审核结论：%s　　复核总分：%s　　等级：%s　　错误 %d 条，警告 %d 条，提示 %d 条",
		r.Status.Label(), report.Show(r.Total), orDash(r.Grade), nErr, nWarn, nInfo)
	vs := rsVerdict
	if r.Status != report.Accepted {
		vs = rsVerdictR
	}
	w.str(1, row, verdict, vs)
	w.merge(1, row, last, row)
	w.setStyle(1, row, last, row, vs)
	w.height(row, template.TextLines(verdict, template.SumWidths(reviewWidths), template.FontSize))
	row++
	// Rows 1 and 2 are the print titles.
	w.startPages(row)
	// What to do with this copy, for the accountant who opens it.
	guide := "审核通过。警告请核实，提示仅供参考；如需修改，可以直接在本批注版上改正后报送。"
	if r.Status != report.Accepted {
		guide = "请按下方“审核发现”逐条处理：错误必须改正，警告请核实，提示仅供参考。可以直接在本批注版上改正后报送，右侧的完成率、复核得分、审核意见三列和本表不必删除，再次审核时会重新生成。"
	}
	if len(a.drafts) > 0 {
		guide += "标有“【草拟】”的偏差原因由程序按表中数字草拟，请在＿＿＿＿处写明原因和改进措施，并删去“【草拟】”。"
	}
	w.str(1, row, guide, rsWrap)
	w.merge(1, row, last, row)
	w.setStyle(1, row, last, row, rsWrap)
	w.height(row, template.TextLines(guide, template.SumWidths(reviewWidths), template.FontSize))
	row += 2

	statusStyle := rsAccepted
	if r.Status != report.Accepted {
		statusStyle = rsReturned
	}
	count := func(n int) decimal.NullDecimal { return score.Null(decimal.NewFromInt(int64(n)), true) }
	year := ""
	if r.Year != 0 {
		year = strconv.Itoa(r.Year)
	}
	type field struct {
		label string
		text  string
		num   *decimal.NullDecimal
		style string
	}
	fields := []field{
		{label: "部门名称", text: r.Department.Name},
		{label: "部门编码", text: r.Department.Code},
		{label: "年度", text: year},
		{label: "文件", text: baseName(r.File)},
		{label: "文件校验码（SHA-256）", text: r.SHA256},
		{label: "审核结论", text: r.Status.Label(), style: statusStyle},
		{label: "复核总分", num: &r.Total},
		{label: "指标得分合计", num: &r.IndicatorTotal},
		{label: "预算执行得分", num: &r.Budget.Score},
		{label: "取整总分", num: &r.ReportedTotal},
		{label: "自评总分", num: &r.DeclaredTotal},
		{label: "等级", text: r.Grade},
		{label: "错误", num: new(count(nErr))},
		{label: "警告", num: new(count(nWarn))},
		{label: "提示", num: new(count(nInfo))},
	}
	if r.Project != nil {
		// A project form: the project first, under its 主管部门.
		fields[0].label = "主管部门"
		project := []field{{label: "项目名称", text: r.Project.Name}, {label: "实施单位", text: r.Project.Unit}}
		if r.Rulebook != nil {
			project = append(project, field{label: "评分规则", text: r.Rulebook.ID})
		}
		fields = append(project, fields...)
	}
	valueCol := reviewLabelCols + 1
	for _, fd := range fields {
		w.str(1, row, fd.label, rsLabel)
		w.merge(1, row, reviewLabelCols, row)
		w.setStyle(1, row, reviewLabelCols, row, rsLabel)
		style := fd.style
		if fd.num != nil {
			if style == "" {
				style = rsScore
			}
			w.num(valueCol, row, *fd.num, style)
		} else {
			if style == "" {
				style = rsValue
			}
			w.str(valueCol, row, orDash(fd.text), style)
		}
		w.merge(valueCol, row, last, row)
		w.setStyle(valueCol, row, last, row, style)
		w.height(row, max(template.TextLines(fd.label, template.SumWidths(reviewWidths[:reviewLabelCols]), template.FontSize),
			template.TextLines(fd.text, template.SumWidths(reviewWidths[reviewLabelCols:]), template.FontSize)))
		row++
	}
	row++

	listed := forAction(fs, a.l)
	findingLines := func(fd finding.Finding) (string, int) {
		where := fd.Ref.String()
		if where == "" {
			where = "整个文件"
		}
		return where, max(
			template.TextLines(fd.Message, template.SumWidths(reviewWidths[5:]), template.FontSize),
			template.TextLines(where, reviewWidths[2], template.FontSize),
			template.TextLines(a.s.Source.Place(fd.Ref), reviewWidths[3], template.FontSize),
			template.TextLines(fd.Title(), reviewWidths[4], template.FontSize))
	}
	first := 1
	if len(listed) > 0 {
		_, first = findingLines(listed[0])
	}
	w.fit(row, 2*reviewRowHeight(1)+reviewRowHeight(first))
	w.str(1, row, fmt.Sprintf("审核发现（共 %d 条）", len(fs)), rsSection)
	w.height(row, 1)
	row++
	head := row
	findingsHeader := func(row int) {
		w.header(row, []string{"序号", "级别", "位置", "表中位置", "问题类别", "说明"})
	}
	findingsHeader(row)
	row++
	if len(fs) == 0 {
		w.str(1, row, "未发现问题", rsCell)
		w.merge(1, row, last, row)
		w.setStyle(1, row, last, row, rsCell)
		w.height(row, 1)
		row++
	}
	for i, fd := range listed {
		where, lines := findingLines(fd)
		row = w.tableRow(row, reviewRowHeight(lines), findingsHeader)
		w.num(1, row, score.Null(decimal.NewFromInt(int64(i+1)), true), rsCenter)
		w.str(2, row, fd.Severity.Label(), severityStyle(fd.Severity))
		if w.link(3, row, fd.Ref) {
			w.str(3, row, where, rsLink)
		} else {
			w.str(3, row, where, rsCell)
		}
		w.str(4, row, orDash(a.s.Source.Place(fd.Ref)), rsWrap)
		w.str(5, row, fd.Title(), rsWrap)
		w.str(6, row, fd.Message, rsWrap)
		w.merge(6, row, last, row)
		w.setStyle(6, row, last, row, rsWrap)
		w.height(row, lines)
		row++
	}
	if len(fs) > 0 {
		w.b.Filter(1, head, last, row-1)
		// The workbook's name of the filtered range (_xlnm._FilterDatabase),
		// from the empty sheet excelize added.
		w.do(f.AutoFilter(sheet, cellName(1, head)+":"+cellName(last, row-1), nil))
	}
	row++

	row = a.fillDraftTable(w, row)

	var short []*score.Line
	for i := range s.Lines {
		ln := &s.Lines[i]
		if ln.Scored && ln.Weight.OK && ln.Score.LessThan(ln.Weight.Value) {
			short = append(short, ln)
		}
	}
	if len(short) > 0 {
		shortLines := func(ln *score.Line) int {
			return max(
				template.TextLines(ln.Level1, reviewWidths[1], template.FontSize),
				template.TextLines(ln.Level2, reviewWidths[2], template.FontSize),
				template.TextLines(ln.Title(), reviewWidths[3], template.FontSize),
				template.TextLines(ln.Target.Shown(), reviewWidths[4], template.FontSize),
				template.TextLines(ln.Actual.Shown(), reviewWidths[5], template.FontSize),
				template.TextLines(orDash(ln.Reason), reviewWidths[10], template.FontSize))
		}
		w.fit(row, 2*reviewRowHeight(1)+reviewRowHeight(shortLines(short[0])))
		w.str(1, row, fmt.Sprintf("未满分指标（共 %d 个）", len(short)), rsSection)
		w.height(row, 1)
		row++
		shortHeader := func(row int) {
			w.header(row, []string{"序号", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "完成率", "分值", "自评得分", "复核得分", "偏差原因（部门填写）"})
		}
		shortHeader(row)
		row++
		for i, ln := range short {
			lines := shortLines(ln)
			row = w.tableRow(row, reviewRowHeight(lines), shortHeader)
			w.num(1, row, score.Null(decimal.NewFromInt(int64(i+1)), true), rsCenter)
			w.str(2, row, ln.Level1, rsWrap)
			w.str(3, row, ln.Level2, rsWrap)
			nameStyle := rsWrap
			if w.link(4, row, ln.Source.Name.Ref) {
				nameStyle = rsLinkWrap
			}
			w.str(4, row, ln.Title(), nameStyle)
			w.str(5, row, ln.Target.Shown(), rsWrap)
			w.str(6, row, ln.Actual.Shown(), rsWrap)
			w.num(7, row, score.Null(ln.Completion.Round(completionPlaces), ln.CompletionOK), rsPercent)
			w.num(8, row, ln.Weight.Null(), rsNum)
			w.num(9, row, ln.SelfScore.Null(), rsNum)
			w.num(10, row, score.Null(ln.Score, ln.Scored), rsNum)
			w.str(11, row, orDash(ln.Reason), rsWrap)
			w.height(row, lines)
			row++
		}
	}

	if w.err != nil {
		return
	}
	w.b.HideGridLines = true
	w.b.FrozenRows = 2
	w.b.Page = &xlsx.PageSetup{
		PaperSize: 9, Landscape: true, FitToWidth: 1, FitToHeight: 0,
		Left: reviewMarginSide, Right: reviewMarginSide, Top: reviewMarginTopBottom, Bottom: reviewMarginTopBottom,
		Header: reviewMarginHeader, Footer: reviewMarginHeader,
		OddFooter: "&C第 &P 页，共 &N 页",
	}
	w.do(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + strings.ReplaceAll(sheet, "'", "''") + "'!$1:$2", Scope: sheet}))
	// Protected without a password, as the form's own sheets are: it stops
	// slips, not people, and leaves filtering, sorting and resizing free.
	w.b.Protection = &excelize.SheetProtectionOptions{
		AutoFilter: true, Sort: true, FormatColumns: true, FormatRows: true,
		SelectLockedCells: true, SelectUnlockedCells: true,
	}
}

// fillDraftTable lists the drafted explanations from row on, each with a
// link to its cell, and returns the row after the table.
func (a *annotation) fillDraftTable(w *reviewWriter, row int) int {
	if len(a.drafts) == 0 {
		return row
	}
	last := len(reviewWidths)
	draftLines := func(d *drafted) (where, what string, lines int) {
		where, what = d.ref.String(), d.what
		if d.key.sheet == "" {
			// Said beside the link, not in it: LibreOffice does not wrap a
			// hyperlinked cell.
			what += "（未找到“" + a.l.Budget.Reason.Label + "”栏，请补填）"
		}
		return where, what, max(
			template.TextLines(d.text, template.SumWidths(reviewWidths[4:]), template.FontSize),
			template.TextLines(where, reviewWidths[2], template.FontSize),
			template.TextLines(what, reviewWidths[3], template.FontSize))
	}
	_, _, first := draftLines(a.drafts[0])
	w.fit(row, 2*reviewRowHeight(1)+reviewRowHeight(first))
	w.str(1, row, fmt.Sprintf("已草拟偏差原因（共 %d 处，请部门补充完善后重新报送）", len(a.drafts)), rsSection)
	w.height(row, 1)
	row++
	header := func(row int) {
		w.header(row, []string{"序号", "类别", "位置", "项目", "草拟内容"})
	}
	header(row)
	row++
	for i, d := range a.drafts {
		where, what, lines := draftLines(d)
		row = w.tableRow(row, reviewRowHeight(lines), header)
		w.num(1, row, score.Null(decimal.NewFromInt(int64(i+1)), true), rsCenter)
		kind := a.l.Indicators.Name
		if d.budget {
			kind = "预算执行"
		}
		w.str(2, row, kind, rsCenter)
		if w.link(3, row, d.ref) {
			w.str(3, row, where, rsLinkWrap)
		} else {
			w.str(3, row, where, rsWrap)
		}
		w.str(4, row, what, rsWrap)
		w.str(5, row, d.text, rsDraft)
		w.merge(5, row, last, row)
		w.setStyle(5, row, last, row, rsDraft)
		w.height(row, lines)
		row++
	}
	return row + 1
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func baseName(path string) string {
	if path == "" {
		return ""
	}
	return filepath.Base(path)
}
