package annotate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/template"
)

// The annotated 绩效指标 on paper. The review columns make eleven columns
// of the form's eight; fitted to the width of A4 landscape at the form's
// own widths they print at about half size. A reviewer reads the printout
// row by row, the indicator, its figures and the verdict side by side, so
// the sheet stays one table on one page width, not split into a page of
// figures and a page of verdicts: its columns are narrowed for print and
// every text wraps in a taller row, so that LibreOffice, which measures
// columns widest, prints the 11-point text at ≥ 9 points (Excel and WPS
// larger).

// printWidths are the widths (Excel character units) of the annotated
// 绩效指标's columns, by column key: at most these, a column the
// department made narrower stays so. Their sum, with the review columns',
// is 126.
var printWidths = map[string]float64{
	template.ColLevel1:    10,
	template.ColLevel2:    12,
	template.ColName:      17,
	template.ColTarget:    10,
	template.ColActual:    10,
	template.ColWeight:    6,
	template.ColSelfScore: 6,
	template.ColReason:    19,
	"completion":          9,
	"review_score":        7,
	"review_note":         20,
}

// readPrintWidths plans the widths of the indicator sheet's columns on the
// annotated copy, before the drafts and the review lines are measured
// against them.
func (a *annotation) readPrintWidths() error {
	form := a.s.Source
	sheet, ok := a.sheetOf(a.l.Indicators.Name)
	if !ok || form.HeaderRow <= 0 {
		return nil
	}
	a.widths = map[cellKey]float64{}
	for key, col := range form.Columns {
		w, ok := printWidths[key]
		if !ok || col <= 0 {
			continue
		}
		name, _ := excelize.ColumnNumberToName(col)
		now, err := a.ed.GetColWidth(sheet, name)
		if err != nil {
			return fmt.Errorf("read column width of %s: %w", sheet, err)
		}
		a.widths[cellKey{sheet: sheet, col: col}] = min(now, w)
	}
	return nil
}

// colWidth returns a column's width on the annotated copy: as planned for
// print, or as the workbook has it.
func (a *annotation) colWidth(sheet string, col int) (float64, error) {
	if w, ok := a.widths[cellKey{sheet: sheet, col: col}]; ok {
		return w, nil
	}
	name, _ := excelize.ColumnNumberToName(col)
	w, err := a.ed.GetColWidth(sheet, name)
	if err != nil {
		return 0, fmt.Errorf("read column width of %s: %w", sheet, err)
	}
	return w, nil
}

// reviewWidth is the width of a review column on the annotated copy.
func reviewWidth(c template.Column) float64 {
	if w, ok := printWidths[c.Key]; ok {
		return w
	}
	return c.Width
}

// textNeed returns the height (points) a row of the indicator sheet needs
// for the texts of cells, each wrapped in its column at the printed width.
func (a *annotation) textNeed(sheet string, row int, cells []template.Cell) (float64, error) {
	lines := 1
	for _, c := range cells {
		if c.Ref.Row != row || c.Ref.Col <= 0 || strings.TrimSpace(c.Raw) == "" {
			continue
		}
		w, err := a.colWidth(sheet, c.Ref.Col)
		if err != nil {
			return 0, err
		}
		lines = max(lines, template.TextLines(strings.TrimSpace(c.Raw), w, template.FontSize))
	}
	return template.RowHeight(template.FontSize, lines), nil
}

// writePrintLayout narrows the indicator sheet's columns for print and
// sets its page: A4 landscape fitted to the width with the form's margins,
// the title and header rows repeated on every page.
func (a *annotation) writePrintLayout() error {
	sheet := a.indSheet
	if sheet == "" {
		return nil
	}
	f, ed := a.f, a.ed
	for k, w := range a.widths {
		name, _ := excelize.ColumnNumberToName(k.col)
		if err := ed.SetColWidth(sheet, name, name, w); err != nil {
			return fmt.Errorf("set column width of %s: %w", sheet, err)
		}
	}
	size, orient, one, zero, yes := 9, "landscape", 1, 0, true
	if err := ed.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return fmt.Errorf("set page of %s: %w", sheet, err)
	}
	if err := ed.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return fmt.Errorf("set page of %s: %w", sheet, err)
	}
	side, topBottom, hf := template.PrintMarginSide, template.PrintMarginTopBottom, template.PrintMarginHeader
	if err := ed.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &side, Right: &side, Top: &topBottom, Bottom: &topBottom, Header: &hf, Footer: &hf, Horizontally: &yes,
	}); err != nil {
		return fmt.Errorf("set margins of %s: %w", sheet, err)
	}
	titles := fmt.Sprintf("'%s'!$1:$%d", strings.ReplaceAll(sheet, "'", "''"), a.s.Source.HeaderRow)
	err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: titles, Scope: sheet})
	if err != nil && !errors.Is(err, excelize.ErrDefinedNameDuplicate) {
		return fmt.Errorf("set print titles of %s: %w", sheet, err)
	}
	return nil
}

// What the reviewer wrote, on paper. A comment does not print, so every
// sheet of label/value rows with findings (基本信息, 资金情况, 总体目标, 决算收支)
// gets below its table a numbered 审核意见 list, headed by the reviewer's
// name: each finding with its cell, its place on the page and its text.
// 绩效指标 prints its findings in its 审核意见 column.

// maxStyledRows bounds how far below its last value a sheet's styled,
// empty input rows are looked for.
const maxStyledRows = 200

// noteList is the 审核意见 list of one sheet.
type noteList struct {
	sheet   string
	start   int // the heading's row
	old     int // the last row of an earlier annotation's list, or 0
	lastCol int // the list spans columns 1 to lastCol
	width   float64
	entries []string
}

// readNoteLists plans the 审核意见 list of each sheet with findings, below
// the sheet's last row, or in place of the list an earlier annotation
// printed.
func (a *annotation) readNoteLists() error {
	l := a.l
	for _, name := range []string{l.Info.Name, l.Budget.Name, l.Goals.Name, l.Accounts.Name} {
		sheet, ok := a.sheetOf(name)
		if !ok {
			continue
		}
		var fs finding.Findings
		for _, fd := range a.findings {
			if fd.Ref.Row > 0 && template.Norm(fd.Ref.Sheet) == template.Norm(name) {
				fs = append(fs, fd)
			}
		}
		if len(fs) == 0 && !a.annotatedBefore() {
			// No list to print, and none printed before to remove.
			continue
		}
		rows, err := a.rows(sheet)
		if err != nil {
			return fmt.Errorf("read %s: %w", sheet, err)
		}
		nl := &noteList{sheet: sheet, lastCol: 1}
		last := 0
		for r, row := range rows {
			if len(row) > 0 && strings.HasPrefix(template.Norm(row[0]), template.NotesHeading) && nl.old == 0 {
				nl.start, nl.old = r+1, len(rows)
				break
			}
			for c, v := range row {
				if strings.TrimSpace(v) != "" {
					last = r + 1
					nl.lastCol = max(nl.lastCol, c+1)
				}
			}
		}
		if len(fs) == 0 && nl.old == 0 {
			continue
		}
		merges, err := a.mergesOf(sheet)
		if err != nil {
			return err
		}
		for _, mc := range merges {
			c2, r2, err := excelize.CellNameToCoordinates(mc.GetEndAxis())
			if err == nil && (nl.old == 0 || r2 < nl.start) {
				nl.lastCol = max(nl.lastCol, c2)
			}
		}
		if nl.old == 0 {
			// Below the styled rows too: a breakdown's empty input rows
			// stay the department's.
			for r := last + 1; r <= last+maxStyledRows; r++ {
				st, err := a.ed.GetCellStyle(sheet, cellName(1, r))
				if err != nil {
					return fmt.Errorf("read style of %s: %w", sheet, err)
				}
				if st == 0 {
					break
				}
				last = r
			}
			nl.start = last + 2
		}
		for c := 1; c <= nl.lastCol; c++ {
			w, err := a.colWidth(sheet, c)
			if err != nil {
				return err
			}
			nl.width += w
		}
		fs.Sort(l)
		for i, fd := range fs {
			where := fd.Ref.String()
			if p := a.s.Source.Place(fd.Ref); p != "" {
				where += "，" + p
			}
			nl.entries = append(nl.entries, fmt.Sprintf("%d. 〔%s〕【%s】%s：%s", i+1, where, fd.Severity.Label(), fd.Title(), fd.Message))
		}
		a.notes = append(a.notes, nl)
	}
	return nil
}

// annotatedBefore reports whether the workbook shows that perfeval
// annotated it before, and so may hold 审核意见 lists: the marks sheet, the
// review sheet or the review columns.
func (a *annotation) annotatedBefore() bool {
	if a.hasMarks || a.s.Source.ReviewCol > 0 {
		return true
	}
	idx, _ := a.f.GetSheetIndex(a.l.ReviewSheet)
	return idx >= 0
}

// writeNoteLists prints each planned 审核意见 list, after removing the one
// an earlier annotation printed.
func (a *annotation) writeNoteLists() error {
	if len(a.notes) == 0 {
		return nil
	}
	f, ed := a.f, a.ed
	border := thinBorder()
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: a.font, Size: template.FontSize, Bold: true},
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}})
	if err != nil {
		return fmt.Errorf("create notes style: %w", err)
	}
	body, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: a.font, Size: template.FontSize}, Border: border,
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}})
	if err != nil {
		return fmt.Errorf("create notes style: %w", err)
	}
	for _, nl := range a.notes {
		sheet := nl.sheet
		if nl.old > 0 {
			if err := ed.Handover(sheet); err != nil {
				return fmt.Errorf("remove the old 审核意见 of %s: %w", sheet, err)
			}
		}
		for r := nl.old; r >= nl.start && nl.old > 0; r-- {
			if err := f.RemoveRow(sheet, r); err != nil {
				return fmt.Errorf("remove the old 审核意见 of %s: %w", sheet, err)
			}
		}
		if len(nl.entries) == 0 {
			continue
		}
		row := nl.start
		put := func(text string, style int) error {
			c1, c2 := cellName(1, row), cellName(nl.lastCol, row)
			if err := ed.SetCellStr(sheet, c1, text); err != nil {
				return err
			}
			if nl.lastCol > 1 {
				if err := ed.MergeCell(sheet, c1, c2); err != nil {
					return err
				}
			}
			if err := ed.SetCellStyle(sheet, c1, c2, style); err != nil {
				return err
			}
			return ed.SetRowHeight(sheet, row, template.RowHeight(template.FontSize, template.TextLines(text, nl.width, template.FontSize)))
		}
		heading := fmt.Sprintf("%s（共 %d 条，%s）", template.NotesHeading, len(nl.entries), strings.TrimSuffix(a.opts.heading(), "："))
		if err := put(heading, head); err != nil {
			return fmt.Errorf("write 审核意见 on %s: %w", sheet, err)
		}
		for _, e := range nl.entries {
			row++
			if err := put(e, body); err != nil {
				return fmt.Errorf("write 审核意见 on %s: %w", sheet, err)
			}
		}
		if err := a.planNotePages(nl, row); err != nil {
			return err
		}
	}
	return nil
}

// oneScale is the smallest scale a sheet with its 审核意见 list is shrunk to
// to print on one page: the 11-point body then prints at 9.35 points.
const oneScale = 0.85

// planNotePages lays out the pages of a sheet whose 审核意见 list ends at
// row end. A sheet that, with its list, fits one page at oneScale or more
// prints on one page; a longer one flows onto more, its breaks planned so
// that a short list does not print alone under the repeated header: the
// table's last section (or last rows) goes with it, a section label keeps
// its first rows, the list's heading its first entries and its last entry
// is not alone.
func (a *annotation) planNotePages(nl *noteList, end int) error {
	ed, sheet := a.ed, nl.sheet
	heights := make([]float64, end)
	for r := 1; r <= end; r++ {
		h, err := ed.GetRowHeight(sheet, r)
		if err != nil {
			return fmt.Errorf("read row height of %s: %w", sheet, err)
		}
		heights[r-1] = h
	}
	titles, body := 0.0, 0.0
	for r, h := range heights {
		if r < template.HeaderRow {
			titles += h
		} else {
			body += h
		}
	}
	widths := make([]float64, 0, nl.lastCol)
	for c := 1; c <= nl.lastCol; c++ {
		w, err := a.colWidth(sheet, c)
		if err != nil {
			return err
		}
		widths = append(widths, w)
	}
	orientation, err := ed.Orientation(sheet)
	if err != nil {
		return fmt.Errorf("read page of %s: %w", sheet, err)
	}
	landscape := orientation != "portrait"
	fit := 0
	if body <= template.PageRoom(widths, landscape, titles) || (titles+body)*oneScale <= template.PrintHeight(landscape) {
		fit = 1
	}
	if err := ed.SetPageLayout(sheet, &excelize.PageLayoutOptions{FitToHeight: &fit}); err != nil {
		return fmt.Errorf("set page of %s: %w", sheet, err)
	}
	// Breaks an earlier annotation planned go first.
	for r := 2; r <= end+maxStyledRows; r++ {
		if err := ed.RemovePageBreak(sheet, cellName(1, r)); err != nil {
			return fmt.Errorf("remove page break of %s: %w", sheet, err)
		}
	}
	if fit == 1 {
		return nil
	}
	plan := make([]template.PrintRow, end)
	for i, h := range heights {
		plan[i].Height = h
	}
	plan[0].Titles, plan[0].TitleHeight = true, titles
	// The table's rows that go with the list: from its last section's
	// label, or its last five rows.
	tableEnd := nl.start - 2
	from := max(template.FirstDataRow, tableEnd-4)
	if name := a.l.Accounts.Name; name != "" && template.Norm(sheet) == template.Norm(name) {
		labels := map[string]bool{}
		for _, b := range a.l.Accounts.Breakdowns {
			labels[template.Norm(b.Label)] = true
		}
		for r := template.FirstDataRow; r <= tableEnd; r++ {
			v, err := ed.GetCellValue(sheet, cellName(1, r))
			if err != nil {
				return fmt.Errorf("read %s: %w", sheet, err)
			}
			if labels[template.Norm(v)] {
				plan[r-1].Keep = 2
				from = r
			}
		}
	}
	first := min(2, len(nl.entries))
	plan[nl.start-1].Keep = first
	if from < nl.start {
		plan[from-1].Keep = nl.start + first - from
	}
	if end-2 > nl.start {
		plan[end-2].Keep = 1
	}
	for _, b := range template.PlanBreaks(plan, template.PageRoom(widths, landscape, 0)) {
		if err := ed.InsertPageBreak(sheet, cellName(1, b+1)); err != nil {
			return fmt.Errorf("break the page of %s: %w", sheet, err)
		}
	}
	return nil
}
