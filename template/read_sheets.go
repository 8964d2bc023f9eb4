package template

import (
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// readSheets records, for each sheet of the layout that was read, which
// sheet of the workbook it was, how the workbook shows it, and the other
// sheets that look like it: named like it (绩效指标 (2), 绩效指标 beside
// 绩效指标 ; see nameLike), or holding its header or its labels in the
// first rows. The reviewer sees the visible sheets; the
// scores come from the sheet read, so a second one, or the one read hidden,
// must be pointed out. Only sheets the layout does not know are looked
// into, headerScanRows rows each.
func (r *reader) readSheets() {
	l := r.l
	read := map[string]bool{}
	for _, g := range r.grids {
		if g != nil {
			read[g.name] = true
		}
	}
	known := map[string]bool{}
	for _, s := range []string{l.GuideSheet, l.ListSheet, l.MetaSheet, l.ReviewSheet} {
		known[Norm(s)] = true
	}
	for _, name := range l.DataSheets() {
		if g := r.grids[name]; g != nil {
			r.form.Sheets = append(r.form.Sheets, SheetRead{Layout: name, Name: g.name, State: r.sheetState(g.name)})
		}
	}
	if len(r.form.Sheets) == 0 {
		return
	}
	for _, s := range r.list {
		if read[s] || known[Norm(s)] {
			continue
		}
		byName := false
		for i := range r.form.Sheets {
			sr := &r.form.Sheets[i]
			if nameLike(s, sr.Layout) {
				sr.Others = append(sr.Others, OtherSheet{Name: s, State: r.sheetState(s), ByName: true})
				byName = true
			}
		}
		if byName {
			continue
		}
		g := r.peek(s)
		if g == nil {
			continue
		}
		for i := range r.form.Sheets {
			sr := &r.form.Sheets[i]
			if r.looksLike(g, sr.Layout) {
				sr.Others = append(sr.Others, OtherSheet{Name: s, State: r.sheetState(s)})
			}
		}
	}
}

// nameLike reports whether a sheet's name is a layout sheet's name but for
// width, spaces, a bracketed or numbered suffix and separators, as Excel
// names a copy (绩效指标 (2)) and people name a version (绩效指标（修改）,
// 绩效指标-2022). A name that only contains it (绩效指标说明) is not alike:
// such a sheet looks like the layout's only by what it holds.
func nameLike(name, layout string) bool {
	strip := func(s string) string {
		return copySuffix.ReplaceAllString(withoutBrackets(Norm(s)), "")
	}
	want := strip(layout)
	return want != "" && strip(name) == want
}

// copySuffix matches the figures and separators people add to a sheet's
// name for a copy or a version.
var copySuffix = regexp.MustCompile(`[-_.—·0-9]+`)

// sheetState returns how the workbook shows a sheet. Without the
// container's view (Read), a very hidden sheet is only hidden.
func (r *reader) sheetState(name string) SheetState {
	if r.wb != nil && r.wb.States != nil {
		switch r.wb.States[name] {
		case "hidden":
			return SheetHidden
		case "veryHidden":
			return SheetVeryHidden
		}
		return SheetVisible
	}
	if visible, err := r.f.GetSheetVisible(name); err != nil || visible {
		return SheetVisible
	}
	return SheetHidden
}

// peek reads the first headerScanRows rows of a sheet the layout does not
// know, or returns nil when it cannot be read.
func (r *reader) peek(name string) *grid {
	rows, err := r.rows(name)
	if err != nil {
		return nil
	}
	defer rows.Close()
	g := &grid{name: name, truncated: true}
	for len(g.rows) < headerScanRows && rows.Next() {
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			break
		}
		if len(cols) > maxCols {
			cols = cols[:maxCols]
		}
		for i := range cols {
			cols[i] = strings.TrimSpace(cols[i])
		}
		g.rows = append(g.rows, cols)
	}
	return g
}

// minIndicatorColumns is how many of the 绩效指标 headers a sheet of
// another name must hold, in one row, to look like it.
const minIndicatorColumns = 4

// looksLike reports whether the first rows of g hold what makes the
// layout's sheet named name: for 绩效指标, a header row with most of its
// columns; for 资金情况, its header and the labels of most of its fixed
// rows; for a sheet of label/value rows, most of its labels in column A.
func (r *reader) looksLike(g *grid, name string) bool {
	l := r.l
	switch name {
	case l.Indicators.Name:
		_, found, _ := matchHeader(g, l.Indicators.Columns)
		return len(found) >= minIndicatorColumns
	case l.Budget.Name:
		if _, found, _ := matchHeader(g, l.Budget.Columns[1:]); len(found) < 2 {
			return false
		}
		labels := 0
		for _, row := range l.Budget.Rows {
			if findBudgetRow(g, 0, 1, row) > 0 {
				labels++
			}
		}
		return 2*labels > len(l.Budget.Rows)
	}
	var fields []Field
	switch name {
	case l.Info.Name:
		fields = l.Info.Fields
	case l.Goals.Name:
		fields = l.Goals.Fields
	case l.Narrative.Name:
		fields = l.Narrative.Fields
	case l.Accounts.Name:
		fields = l.Accounts.Fields
	}
	labels := 0
	for _, fd := range fields {
		for i := 1; i <= len(g.rows); i++ {
			if fieldMatches(g.at(i, 1), fd) {
				labels++
				break
			}
		}
	}
	return labels >= 2 && 2*labels >= len(fields)
}
