package annotate

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

// The marks sheet (Layout.MarksSheet) is the very hidden sheet in which an annotated copy records
// the style each marked cell had before perfeval filled it, the cell found
// through a defined name (markNamePrefix) so that it survives inserted rows. A department
// sends the copy back corrected; annotating it again must give a cell that
// no longer has a finding its own look back, input shading and all, and
// style ids do not survive a save in LibreOffice or WPS, so the styles are
// kept as definitions.

// unmark is a cell an earlier annotation marked that has no finding now.
type unmark struct {
	key     cellKey
	style   *excelize.Style   // the style recorded before the mark, or nil
	comment *excelize.Comment // the cell's comment, when perfeval wrote part of it
}

// readRecords reads the marks sheet of an earlier annotation, if any. Each
// row names a workbook-level defined name, which Excel, WPS and LibreOffice
// move with its cell when rows are inserted or deleted above it, and the
// style the cell had. A row whose name is gone or no longer points at a
// cell (its row deleted) is dropped, and so is one that does not read: the
// cell then loses only perfeval's fill when it is unmarked.
func (a *annotation) readRecords() error {
	a.records = map[cellKey]excelize.Style{}
	if idx, _ := a.f.GetSheetIndex(a.l.MarksSheet); idx < 0 {
		return nil
	}
	a.hasMarks = true
	names := map[string]string{}
	for _, dn := range a.f.GetDefinedName() {
		if strings.HasPrefix(dn.Name, markNamePrefix) {
			names[dn.Name] = dn.RefersTo
		}
	}
	rows, err := a.f.GetRows(a.l.MarksSheet)
	if err != nil {
		return fmt.Errorf("read %s: %w", a.l.MarksSheet, err)
	}
	for _, r := range rows {
		if len(r) < 2 {
			continue
		}
		k, ok := a.cellOfRef(names[r[0]])
		var st excelize.Style
		if !ok || json.Unmarshal([]byte(r[1]), &st) != nil {
			continue
		}
		a.records[k] = st
	}
	return nil
}

// markNamePrefix starts the defined names that follow marked cells.
const markNamePrefix = "_perfeval_"

// cellOfRef reads a defined name's reference to one cell, 'sheet'!$H$4, on
// a sheet of the workbook.
func (a *annotation) cellOfRef(ref string) (cellKey, bool) {
	r, ok := template.ParseRefersTo(ref)
	if !ok {
		return cellKey{}, false
	}
	actual, ok := a.sheetOf(r.Sheet)
	if !ok {
		return cellKey{}, false
	}
	return cellKey{actual, r.Row, r.Col}, true
}

// originalStyle returns the style a mark starts from and records: the one
// an earlier annotation recorded for the cell, if any. Else it is the cell's
// own style, and when the workbook was annotated before (it has the marks
// sheet, or ourComment: the cell has a comment perfeval wrote), without a
// severity or draft fill and draft font of perfeval's, which that
// annotation may have left unrecorded. Without such evidence a fill in one
// of perfeval's colours is the department's own and is kept.
func (a *annotation) originalStyle(k cellKey, current int, ourComment bool) (int, excelize.Style, error) {
	if rec, ok := a.records[k]; ok {
		st := rec
		id, err := a.f.NewStyle(&st)
		if err != nil {
			return 0, rec, fmt.Errorf("restore style of %s!%s: %w", k.sheet, k.name(), err)
		}
		return id, rec, nil
	}
	def, err := a.styleDef(current)
	if err != nil {
		return 0, excelize.Style{}, err
	}
	if !a.hasMarks && !ourComment {
		return current, *def, nil
	}
	plain, ours := withoutOurLook(*def)
	if !ours {
		return current, plain, nil
	}
	if a.inputs[k] && len(plain.Fill.Color) == 0 {
		plain.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{template.InputFill}}
	}
	id, err := a.f.NewStyle(&plain)
	if err != nil {
		return 0, plain, fmt.Errorf("clear style of %s!%s: %w", k.sheet, k.name(), err)
	}
	return id, plain, nil
}

// withoutOurLook returns st without perfeval's severity or draft fill and
// draft font, and whether it had them.
func withoutOurLook(st excelize.Style) (excelize.Style, bool) {
	ours := false
	if len(st.Fill.Color) > 0 {
		c := strings.ToUpper(st.Fill.Color[0])
		if len(c) == 8 {
			c = c[2:] // ARGB
		}
		switch c {
		case FillError, FillWarning, FillInfo, FillDraft:
			st.Fill, ours = excelize.Fill{}, true
		}
	}
	if st.Font != nil && st.Font.Italic && strings.HasSuffix(strings.ToUpper(st.Font.Color), ColorDraft) {
		font := *st.Font
		font.Italic, font.Color = false, ""
		st.Font, ours = &font, true
	}
	return st, ours
}

// readUnmarks finds the cells an earlier annotation marked that have no
// finding now: those the marks sheet records and those with a comment
// perfeval wrote, on every sheet but the review sheet.
func (a *annotation) readUnmarks() error {
	marked := map[cellKey]bool{}
	for _, m := range a.marks {
		marked[m.key] = true
	}
	byKey := map[cellKey]*unmark{}
	get := func(k cellKey) *unmark {
		u := byKey[k]
		if u == nil {
			u = &unmark{key: k}
			byKey[k] = u
			a.unmarks = append(a.unmarks, u)
		}
		return u
	}
	keys := slices.SortedFunc(maps.Keys(a.records), func(x, y cellKey) int {
		return cmp.Or(strings.Compare(x.sheet, y.sheet), cmp.Compare(x.row, y.row), cmp.Compare(x.col, y.col))
	})
	for _, k := range keys {
		rec := a.records[k]
		if marked[k] {
			continue
		}
		// Only a cell that still looks marked: a record must not restyle
		// a cell that someone has since given a look of its own.
		id, err := a.ed.GetCellStyle(k.sheet, k.name())
		if err != nil {
			return fmt.Errorf("read style of %s!%s: %w", k.sheet, k.name(), err)
		}
		def, err := a.styleDef(id)
		if err != nil {
			return err
		}
		if _, ours := withoutOurLook(*def); ours {
			st := rec
			get(k).style = &st
		}
	}
	for _, sheet := range a.f.GetSheetList() {
		if sheet == a.l.ReviewSheet || sheet == a.l.MarksSheet {
			continue
		}
		list, err := a.f.GetComments(sheet)
		if err != nil {
			return fmt.Errorf("read comments of %s: %w", sheet, err)
		}
		for _, c := range list {
			col, row, err := excelize.CellNameToCoordinates(c.Cell)
			k := cellKey{sheet, row, col}
			if err != nil || marked[k] || !ours(c) {
				continue
			}
			c := c
			get(k).comment = &c
		}
	}
	return nil
}

// readInputs collects the cells a department fills in, as the form model
// knows them, when the workbook is one of perfeval's templates: those are
// shaded as inputs (template.InputFill).
func (a *annotation) readInputs() {
	a.inputs = map[cellKey]bool{}
	if a.s.Source.Meta[template.MetaTemplateVersion] == "" {
		return
	}
	add := func(c template.Cell) {
		if sheet, ok := a.sheetOf(c.Ref.Sheet); ok && c.Ref.Row > 0 && c.Ref.Col > 0 {
			a.inputs[cellKey{sheet, c.Ref.Row, c.Ref.Col}] = true
		}
	}
	for _, l := range a.s.Lines {
		in := l.Source
		for _, c := range []template.Cell{in.Level1, in.Level2, in.Name, in.Target, in.Actual, in.Weight, in.SelfScore, in.Reason} {
			add(c)
		}
	}
	for _, c := range a.s.Source.Fields {
		add(c)
	}
	for _, b := range a.s.Source.Budget {
		for _, c := range b.Cells {
			add(c)
		}
	}
}

// ours reports whether perfeval wrote part of a comment.
func ours(c excelize.Comment) bool {
	var all strings.Builder
	all.WriteString(c.Text)
	for _, r := range c.Paragraph {
		all.WriteString(r.Text)
	}
	return ourPart(all.String()) >= 0 || strings.Contains(all.String(), "\n"+CommentAuthor+":")
}

// writeUnmarks gives each cell that lost its finding its own look back and
// takes perfeval's part out of its comment, keeping anyone else's.
func (a *annotation) writeUnmarks() error {
	for _, u := range a.unmarks {
		cell := u.key.name()
		st, restore := u.style, u.style != nil
		if !restore {
			// No record: take perfeval's fill and draft font off, if any.
			id, err := a.ed.GetCellStyle(u.key.sheet, cell)
			if err != nil {
				return fmt.Errorf("read style of %s!%s: %w", u.key.sheet, cell, err)
			}
			def, err := a.styleDef(id)
			if err != nil {
				return err
			}
			plain, changed := withoutOurLook(*def)
			if changed && a.inputs[u.key] && len(plain.Fill.Color) == 0 {
				// A cell the template shades as an input gets its shading
				// back.
				plain.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{template.InputFill}}
			}
			st, restore = &plain, changed
		}
		if restore {
			id, err := a.f.NewStyle(st)
			if err != nil {
				return fmt.Errorf("restore style of %s!%s: %w", u.key.sheet, cell, err)
			}
			if err := a.ed.SetCellStyle(u.key.sheet, cell, cell, id); err != nil {
				return fmt.Errorf("restore style of %s!%s: %w", u.key.sheet, cell, err)
			}
		}
		if u.comment == nil {
			continue
		}
		if err := a.ed.DeleteComment(u.key.sheet, cell); err != nil {
			return fmt.Errorf("remove comment on %s!%s: %w", u.key.sheet, cell, err)
		}
		kept := keptRuns(u.comment)
		var text strings.Builder
		for _, r := range kept {
			text.WriteString(r.Text)
		}
		if strings.TrimSpace(text.String()) == "" {
			continue
		}
		w, h := commentSize(text.String())
		c := excelize.Comment{Cell: cell, Author: u.comment.Author, Paragraph: kept, Width: w, Height: h}
		if err := a.ed.AddComment(u.key.sheet, c); err != nil {
			return fmt.Errorf("keep comment on %s!%s: %w", u.key.sheet, cell, err)
		}
	}
	return nil
}

// writeRecords writes the marks sheet anew: for every cell marked now, a
// defined name that follows the cell and the style it had before. A copy
// without marks has neither.
func (a *annotation) writeRecords() error {
	f := a.f
	for _, dn := range f.GetDefinedName() {
		if strings.HasPrefix(dn.Name, markNamePrefix) {
			if err := f.DeleteDefinedName(&excelize.DefinedName{Name: dn.Name, Scope: dn.Scope}); err != nil {
				return fmt.Errorf("remove defined name %s: %w", dn.Name, err)
			}
		}
	}
	if idx, _ := f.GetSheetIndex(a.l.MarksSheet); idx >= 0 {
		if err := f.DeleteSheet(a.l.MarksSheet); err != nil {
			return fmt.Errorf("replace %s: %w", a.l.MarksSheet, err)
		}
	}
	if len(a.marks) == 0 {
		return nil
	}
	if _, err := xlsx.NewSheet(f, a.l.MarksSheet); err != nil {
		return fmt.Errorf("add %s: %w", a.l.MarksSheet, err)
	}
	// Written whole, its text inline (xlsx.SheetBuilder): through excelize
	// every record would go into the shared strings, which excelize then
	// reads and writes whole.
	var b xlsx.SheetBuilder
	for i, m := range a.marks {
		name := fmt.Sprintf("%s%d", markNamePrefix, i+1)
		at, _ := excelize.CoordinatesToCellName(m.key.col, m.key.row, true)
		ref := "'" + strings.ReplaceAll(m.key.sheet, "'", "''") + "'!" + at
		if err := f.SetDefinedName(&excelize.DefinedName{Name: name, RefersTo: ref}); err != nil {
			return fmt.Errorf("name %s!%s: %w", m.key.sheet, m.key.name(), err)
		}
		def, err := json.Marshal(m.orig)
		if err != nil {
			return fmt.Errorf("record style of %s!%s: %w", m.key.sheet, m.key.name(), err)
		}
		b.SetStr(1, i+1, name)
		b.SetStr(2, i+1, string(def))
	}
	if err := xlsx.PutSheet(f, a.l.MarksSheet, b.Bytes()); err != nil {
		return fmt.Errorf("record styles in %s: %w", a.l.MarksSheet, err)
	}
	// The names are perfeval's records, not the department's: hidden, they
	// stay out of Excel's name box and Name Manager. excelize's API has no
	// option for it; its workbook model, which Save writes, has the flag.
	if wb := f.WorkBook; wb != nil && wb.DefinedNames != nil {
		for i := range wb.DefinedNames.DefinedName {
			if dn := &wb.DefinedNames.DefinedName[i]; strings.HasPrefix(dn.Name, markNamePrefix) {
				dn.Hidden = true
			}
		}
	}
	// Very hidden, with _meta, when the review sheet is placed
	// (placeReviewSheet).
	return nil
}
