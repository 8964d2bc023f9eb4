package xlsx

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// excelize's SetActiveSheet, SetSheetVisible and MoveSheet parse every
// worksheet of the workbook, to clear or check the tab selection each
// sheet's view holds, and a parsed sheet is written again, serialised from
// excelize's model, when the workbook is saved. For a workbook that changes
// a few sheets (an annotated copy) that is most of the work of saving it.
// MoveSheet and ActivateSheet do what those calls do to the workbook
// through excelize's workbook model and its API, and leave alone every
// worksheet excelize has not parsed whose part, as opened, selects no tab:
// such a sheet is written as it was read (SaveAtomicFrom then copies it
// as stored). The selection of one that excelize has not parsed is
// cleared in its part (EditSheet).

// MoveSheet moves sheet source before sheet target, as excelize's
// MoveSheet does, keeping the active sheet. Unlike it, it does not ungroup
// the sheets: ActivateSheet does. Like it, it does not renumber the
// sheet-scoped defined names, which name their sheet by its position: the
// caller takes them out and puts them back.
func MoveSheet(f *excelize.File, source, target string) error {
	if strings.EqualFold(source, target) {
		return nil
	}
	from, err := f.GetSheetIndex(source)
	if err != nil {
		return err
	}
	to, err := f.GetSheetIndex(target)
	if err != nil {
		return err
	}
	if from < 0 {
		return excelize.ErrSheetNotExist{SheetName: source}
	}
	if to < 0 {
		return excelize.ErrSheetNotExist{SheetName: target}
	}
	active := f.GetSheetName(f.GetActiveSheetIndex())
	wb := f.WorkBook // read by GetSheetIndex
	s := wb.Sheets.Sheet[from]
	wb.Sheets.Sheet = slices.Delete(wb.Sheets.Sheet, from, from+1)
	if to > from {
		to--
	}
	wb.Sheets.Sheet = slices.Insert(wb.Sheets.Sheet, to, s)
	if idx, _ := f.GetSheetIndex(active); idx >= 0 && wb.BookViews != nil && len(wb.BookViews.WorkBookView) > 0 {
		wb.BookViews.WorkBookView[0].ActiveTab = idx
	}
	return nil
}

// ActivateSheet makes sheet the one the workbook opens on and the only
// selected one, as excelize's SetActiveSheet does, and makes each sheet
// named in veryHidden very hidden, as SetSheetVisible(name, false, true)
// does: a sheet Excel's menus cannot show again. The active sheet cannot be
// one of them. Unlike SetSheetVisible it hides a sheet that was selected:
// no sheet but the active one stays selected.
func ActivateSheet(f *excelize.File, sheet string, veryHidden ...string) error {
	return activateSheet(f, nil, sheet, veryHidden)
}

// ActivateSheet is ActivateSheet for the workbook whose sheets s changes:
// the selection of a sheet s changes in its part is cleared as the part is
// written (Unselect).
func (s *Sheets) ActivateSheet(sheet string, veryHidden ...string) error {
	return activateSheet(s.f, s, sheet, veryHidden)
}

func activateSheet(f *excelize.File, ed *Sheets, sheet string, veryHidden []string) error {
	idx, err := f.GetSheetIndex(sheet)
	if err != nil {
		return err
	}
	if idx < 0 {
		return excelize.ErrSheetNotExist{SheetName: sheet}
	}
	for _, h := range veryHidden {
		if strings.EqualFold(h, sheet) {
			return fmt.Errorf("the active sheet %s cannot be hidden", sheet)
		}
	}
	wb := f.WorkBook // read by GetSheetIndex
	parts := sheetPartsOf(f)
	all := wb.Sheets.Sheet
	// excelize's SetActiveSheet works through the sheets GetSheetList
	// lists: for the call, the list holds only the active sheet and those
	// whose selection excelize must clear.
	some := all[:0:0]
	at := -1
	owned := map[string]bool{}
	for _, part := range parts {
		owned[part] = true
	}
	for i, s := range all {
		part := parts[s.Name]
		if _, known := parts[s.Name]; !known && len(parts) > 0 {
			// A sheet added since the package was read, written whole
			// (PutSheet), is in the part excelize names after its id,
			// unless that part is another sheet's.
			if p, err := SheetPart(f, s.Name); err == nil && !owned[p] {
				part = p
			}
		}
		switch {
		case i == idx:
			at = len(some)
		case !mayBeSelected(f, part):
			continue
		case ed != nil && ed.Direct(s.Name):
			if err := ed.Unselect(s.Name); err != nil {
				return err
			}
			continue
		case unselected(f, parts, s.Name):
			continue
		}
		some = append(some, s)
	}
	wb.Sheets.Sheet = some
	f.SetActiveSheet(at)
	wb.Sheets.Sheet = all
	if wb.BookViews != nil && len(wb.BookViews.WorkBookView) > 0 {
		wb.BookViews.WorkBookView[0].ActiveTab = idx
	}
	for _, h := range veryHidden {
		for i := range wb.Sheets.Sheet {
			if strings.EqualFold(wb.Sheets.Sheet[i].Name, h) {
				wb.Sheets.Sheet[i].State = "veryHidden"
			}
		}
	}
	return nil
}

// mayBeSelected reports whether the sheet held by a part may be selected
// in the workbook as it will be written: excelize has parsed it (its model,
// not the part, is written), or its part is not at hand or mentions a tab
// selection. An unknown part ("") may be.
func mayBeSelected(f *excelize.File, part string) bool {
	if part == "" {
		return true
	}
	if ws, ok := f.Sheet.Load(part); ok && ws != nil {
		return true
	}
	v, ok := f.Pkg.Load(part)
	if !ok {
		return true // a very large sheet, in a temporary file
	}
	data, ok := v.([]byte)
	return !ok || bytes.Contains(data, []byte("tabSelected"))
}

// unselected clears the tab selection of a sheet excelize has not parsed in
// its part (editPart), and reports whether it could.
func unselected(f *excelize.File, parts map[string]string, sheet string) bool {
	data, part, ok := unparsedPart(f, parts, sheet)
	return ok && editPart(f, part, data, SheetEdits{Unselect: true})
}

// sheetPartsOf maps each sheet's name to its part: excelize's workbook
// model names each sheet's relationship, the workbook's relationships part
// as the package holds it names the part. A sheet added since the package
// was read, whose relationship is not in that part, is not in the map,
// which is empty when the part does not read: such a sheet counts as maybe
// selected. excelize numbers a new relationship after the highest it
// holds, so a new sheet's relationship may only take the number of one it
// removed (a sheet deleted), whose part is gone: such a sheet counts as
// maybe selected too.
func sheetPartsOf(f *excelize.File) map[string]string {
	v, ok := f.Pkg.Load("xl/_rels/workbook.xml.rels")
	if !ok || f.WorkBook == nil {
		return nil
	}
	b, _ := v.([]byte)
	rels, ok := scanRels(b)
	if !ok {
		var all opcRels
		if decodeXML(b, &all) != nil {
			return nil
		}
		rels = all.Rels
	}
	targets := make(map[string]string, len(rels))
	for _, r := range rels {
		if strings.HasPrefix(r.Target, "/") {
			targets[r.ID] = strings.TrimPrefix(r.Target, "/")
		} else {
			targets[r.ID] = path.Join("xl", r.Target)
		}
	}
	parts := make(map[string]string, len(f.WorkBook.Sheets.Sheet))
	for _, s := range f.WorkBook.Sheets.Sheet {
		if t, ok := targets[s.ID]; ok {
			parts[s.Name] = t
		}
	}
	return parts
}

// scanRels reads the relationships of a relationships part as decodeXML
// reads them into opcRels, in one pass over its tags: several times faster
// than encoding/xml, for a part read on every sheet added or activated. It
// returns false for a part it cannot vouch for, which decodeXML reads.
func scanRels(b []byte) ([]opcRel, bool) {
	if _, ok := scanSheetPart(b, false); !ok {
		return nil, false // not well-formed as far as the scan tells
	}
	var rels []opcRel
	depth := 0
	ok := walkElements(b, func(t tagInfo) bool {
		if len(t.name) == 0 || len(t.qname) > len(t.name) && len(t.prefix) == 0 {
			return false // ":name" or "prefix:": encoding/xml decides
		}
		if t.end {
			depth--
			return true
		}
		if depth == 1 && t.is("Relationship") {
			attrs, ok := t.attrs()
			if !ok {
				return false
			}
			for _, a := range attrs {
				if strings.Contains(a.name, ":") && !strings.HasPrefix(a.name, "xmlns:") {
					return false // x:Id is Id to encoding/xml: it decides
				}
			}
			var r opcRel
			for name, field := range map[string]*string{"Id": &r.ID, "Type": &r.Type, "Target": &r.Target, "TargetMode": &r.TargetMode} {
				if v, found := t.attr(name); found {
					s, ok := unescape(v)
					if !ok {
						return false
					}
					*field = s
				}
			}
			rels = append(rels, r)
		}
		if !t.self {
			depth++
		}
		return true
	})
	return rels, ok
}

// NewSheet adds a sheet as excelize's NewSheet does, on a part no sheet of
// the workbook holds. excelize names a new sheet's part after one more than
// the highest sheet id (sheet<N>.xml) and writes over a part of that name
// that another sheet holds, losing that sheet. Excel numbers the parts in
// the order of the tabs, not by sheet id, so that a workbook Excel saved,
// from which a sheet was removed, may hold one: an annotated copy saved in
// Excel and checked again, its review sheet removed and added anew, would
// lose _meta. When the name is taken, the sheet is given a higher id, one
// whose part is free.
func NewSheet(f *excelize.File, sheet string) (int, error) {
	if idx, err := f.GetSheetIndex(sheet); err != nil || idx >= 0 {
		return f.NewSheet(sheet) // excelize's answer: an error, or the sheet as it is
	}
	wb := f.WorkBook // read by GetSheetIndex
	top := 0
	for _, s := range wb.Sheets.Sheet {
		top = max(top, s.SheetID)
	}
	held := map[string]bool{} // the parts the workbook's sheets name
	for _, part := range sheetPartsOf(f) {
		held[part] = true
	}
	id := top + 1
	for partTaken(f, held, id) {
		id++
	}
	if id == top+1 || len(wb.Sheets.Sheet) == 0 {
		return f.NewSheet(sheet)
	}
	// excelize takes one more than the highest id: for the call, the
	// workbook holds a stand-in of the id below the free one.
	all := wb.Sheets.Sheet
	stand := all[0]
	stand.Name, stand.SheetID, stand.ID, stand.State = "", id-1, "", ""
	wb.Sheets.Sheet = append(slices.Clip(all), stand)
	_, err := f.NewSheet(sheet)
	for i, s := range wb.Sheets.Sheet {
		if s.Name == "" && s.SheetID == id-1 {
			wb.Sheets.Sheet = slices.Delete(wb.Sheets.Sheet, i, i+1)
			break
		}
	}
	if err != nil {
		return -1, err
	}
	return f.GetSheetIndex(sheet)
}

// partTaken reports whether the part excelize would give a sheet of id is
// one a sheet names (held; a large sheet's part is in none of excelize's
// maps but a temporary file), is in the package or has a model.
func partTaken(f *excelize.File, held map[string]bool, id int) bool {
	part := "xl/worksheets/sheet" + strconv.Itoa(id) + ".xml"
	if held[part] {
		return true
	}
	if _, ok := f.Pkg.Load(part); ok {
		return true
	}
	_, ok := f.Sheet.Load(part)
	return ok
}
