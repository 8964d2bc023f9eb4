package annotate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

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
		now, err := a.f.GetColWidth(sheet, name)
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
	w, err := a.f.GetColWidth(sheet, name)
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
	f := a.f
	for k, w := range a.widths {
		name, _ := excelize.ColumnNumberToName(k.col)
		if err := f.SetColWidth(sheet, name, name, w); err != nil {
			return fmt.Errorf("set column width of %s: %w", sheet, err)
		}
	}
	size, orient, one, zero, yes := 9, "landscape", 1, 0, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return fmt.Errorf("set page of %s: %w", sheet, err)
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return fmt.Errorf("set page of %s: %w", sheet, err)
	}
	side, topBottom, hf := template.PrintMarginSide, template.PrintMarginTopBottom, template.PrintMarginHeader
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
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
