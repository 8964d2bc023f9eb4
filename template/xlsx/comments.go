package xlsx

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// excelize's AddComment and DeleteComment work only on comments stored the
// way excelize and Excel store them: a sheet's comments in
// xl/comments<N>.xml and their boxes in xl/drawings/vmlDrawing<N>.vml, the
// same N, both named by relative targets (../comments<N>.xml), every VML
// shape id of the form _x0000_s<number>. AddComment takes the comments part
// to write from the number of the VML drawing, not from the sheet's
// relationship, and parses every shape id of the drawing as a number.
// Other programs store them otherwise, and a department that fixes the
// annotated copy in one of them sends such a workbook back:
//
//   - LibreOffice numbers the comment parts by sheet and the VML drawings in
//     sequence (基本信息's comments3.xml beside vmlDrawing1.vml) and names
//     every shape shape_0. AddComment fails on the id; with the id fixed it
//     would write a sheet's comments into another sheet's part.
//   - openpyxl writes /xl/comments/comment1.xml and
//     /xl/drawings/commentsDrawing1.vml, absolute targets. AddComment then
//     writes the comments into xl/comments0.xml, which no sheet refers to,
//     and the drawing under a name starting with "/": every comment of the
//     copy is lost, with no error.
//
// excelize has no call that moves a sheet's comments to other parts, so
// WithExcelizeComments rebuilds them. When any sheet's comments are stored
// otherwise, it takes the workbook as excelize would write it, points each
// commented sheet's comments and legacy drawing relationships at new parts
// in excelize's layout, drops the old parts, opens that package and adds
// every comment back with AddComment: same cells, authors and text, the
// boxes excelize draws. The sheets themselves are not touched: they keep
// their legacyDrawing relationship ids.

var (
	canonicalComments = regexp.MustCompile(`^\.\./comments([0-9]+)\.xml$`)
	canonicalVML      = regexp.MustCompile(`^\.\./drawings/vmlDrawing([0-9]+)\.vml$`)
	canonicalShapeID  = regexp.MustCompile(`^_x0000_s[0-9]+$`)
)

// vmlShapeIDs returns the ids of a VML drawing's shapes.
func vmlShapeIDs(data []byte) ([]string, error) {
	var vml struct {
		Shapes []struct {
			ID string `xml:"id,attr"`
		} `xml:"shape"`
	}
	if err := decodeXML(data, &vml); err != nil {
		return nil, err
	}
	ids := make([]string, len(vml.Shapes))
	for i, s := range vml.Shapes {
		ids[i] = s.ID
	}
	return ids, nil
}

// CommentsForeign reports whether a sheet of f has comments that excelize
// cannot edit where they are. It reads the parts as they were opened and
// changes nothing.
func CommentsForeign(f *excelize.File) bool {
	part := func(name string) []byte {
		v, ok := f.Pkg.Load(name)
		if !ok {
			return nil
		}
		b, _ := v.([]byte)
		return b
	}
	foreign := false
	f.Pkg.Range(func(k, v any) bool {
		name, _ := k.(string)
		if _, ok := sheetRelsPart(name); !ok {
			return true
		}
		var rels opcRels
		if decodeXML(part(name), &rels) != nil {
			return true // excelize cannot read it either; nothing to fix here
		}
		n, hasComments, vmls := "", false, []string{}
		for _, r := range rels.Rels {
			switch {
			case strings.HasSuffix(r.Type, relComments):
				hasComments = true
				if m := canonicalComments.FindStringSubmatch(r.Target); m != nil {
					n = m[1]
				}
			case strings.HasSuffix(r.Type, relVMLDrawing):
				vmls = append(vmls, r.Target)
			}
		}
		if !hasComments {
			return true
		}
		ok := false
		for _, target := range vmls {
			m := canonicalVML.FindStringSubmatch(target)
			if m == nil || m[1] != n || n == "" {
				continue
			}
			data := part(resolveTarget(target))
			if data == nil {
				break
			}
			ids, err := vmlShapeIDs(data)
			ok = err == nil
			for _, id := range ids {
				ok = ok && canonicalShapeID.MatchString(id)
			}
		}
		foreign = !ok
		return ok
	})
	return foreign
}

// WithExcelizeComments returns f when excelize can edit the comments of
// every sheet where they are; otherwise a new workbook, f's contents with
// every comment moved to parts in excelize's layout, which the caller
// closes. f is then left as it was, but for excelize's own caches, which
// writing it refreshes.
//
// Each comment is added back as restore returns it, given the comment as
// GetComments read it: the caller chooses the box's size and mends what
// AddComment would not write well-formed, such as a run's colour. A nil
// restore adds each back as read.
func WithExcelizeComments(f *excelize.File, restore func(excelize.Comment) excelize.Comment) (*excelize.File, error) {
	if !CommentsForeign(f) {
		return f, nil
	}
	comments := map[string][]excelize.Comment{}
	for _, sheet := range f.GetSheetList() {
		cs, err := f.GetComments(sheet)
		if err != nil {
			return nil, fmt.Errorf("read comments of %s: %w", sheet, err)
		}
		comments[sheet] = cs
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("rewrite comments: %w", err)
	}
	data, fresh, err := moveCommentParts(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("rewrite comments: %w", err)
	}
	g, err := Open(data)
	if err != nil {
		return nil, fmt.Errorf("rewrite comments: %w", err)
	}
	// The sheets whose relationships now name new parts first: a sheet
	// that had comments but no drawing gets the parts AddComment numbers by
	// the count of comment parts, which then counts theirs.
	for _, first := range []bool{true, false} {
		for _, sheet := range g.GetSheetList() {
			if fresh[sheet] != first {
				continue
			}
			for _, c := range comments[sheet] {
				if restore != nil {
					c = restore(c)
				}
				if err := g.AddComment(sheet, c); err != nil {
					g.Close()
					return nil, fmt.Errorf("restore comment %s!%s: %w", sheet, c.Cell, err)
				}
			}
		}
	}
	return g, nil
}

// moveCommentParts rewrites a package so that no sheet refers to comment
// parts or a legacy VML drawing any more: a sheet with a legacy drawing
// gets relationships to xl/comments<N>.xml and xl/drawings/vmlDrawing<N>.vml
// for an unused N, parts that do not exist yet, and a sheet without one
// loses its comments relationship. The old comment and drawing parts, and
// their content types, are dropped. It returns the package and the sheets,
// by name, whose relationships now name new parts.
func moveCommentParts(data []byte) ([]byte, map[string]bool, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, err
	}
	files := map[string]*zip.File{}
	for _, zf := range zr.File {
		files[zf.Name] = zf
	}
	read := func(name string) ([]byte, error) {
		zf := files[name]
		if zf == nil {
			return nil, fmt.Errorf("no part %s", name)
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		return io.ReadAll(rc)
	}

	type sheetParts struct {
		relsName string
		rels     opcRels
		legacy   string // the legacyDrawing relationship id, or ""
	}
	var sheets []*sheetParts
	drop := map[string]bool{}
	for _, zf := range zr.File {
		sheetPart, ok := sheetRelsPart(zf.Name)
		if !ok {
			continue
		}
		b, err := read(zf.Name)
		if err != nil {
			return nil, nil, err
		}
		sp := &sheetParts{relsName: zf.Name}
		if err := decodeXML(b, &sp.rels); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", zf.Name, err)
		}
		if !slices.ContainsFunc(sp.rels.Rels, func(r opcRel) bool { return strings.HasSuffix(r.Type, relComments) }) {
			continue
		}
		if files[sheetPart] != nil {
			b, err := read(sheetPart)
			if err != nil {
				return nil, nil, err
			}
			if sp.legacy, err = legacyDrawingID(b); err != nil {
				return nil, nil, fmt.Errorf("%s: %w", sheetPart, err)
			}
		}
		for _, r := range sp.rels.Rels {
			if strings.HasSuffix(r.Type, relComments) || r.ID == sp.legacy && sp.legacy != "" {
				p := resolveTarget(r.Target)
				drop[p] = true
				drop[path.Join(path.Dir(p), "_rels", path.Base(p)+".rels")] = true
			}
		}
		sheets = append(sheets, sp)
	}
	if len(sheets) == 0 {
		return data, nil, nil
	}
	// In the order of the sheets' parts (sheet2 before sheet10), not of the
	// zip, so that the same workbook always gets the same numbers.
	slices.SortFunc(sheets, func(x, y *sheetParts) int {
		return cmp.Or(cmp.Compare(len(x.relsName), len(y.relsName)), strings.Compare(x.relsName, y.relsName))
	})

	used := func(n int) bool {
		for _, p := range []string{"xl/comments" + strconv.Itoa(n) + ".xml", "xl/drawings/vmlDrawing" + strconv.Itoa(n) + ".vml"} {
			if files[p] != nil && !drop[p] {
				return true
			}
		}
		return false
	}
	// Only to order the restoring (WithExcelizeComments): a workbook whose
	// sheet names cannot be mapped is restored in sheet order.
	names, _ := sheetNames(read)
	fresh := map[string]bool{}
	changed := map[string][]byte{}
	n := 0
	for _, sp := range sheets {
		kept := sp.rels.Rels[:0]
		if sp.legacy != "" {
			n++
			for used(n) {
				n++
			}
		}
		for _, r := range sp.rels.Rels {
			switch {
			case strings.HasSuffix(r.Type, relComments):
				if sp.legacy == "" {
					continue
				}
				r.Target, r.TargetMode = "../comments"+strconv.Itoa(n)+".xml", ""
			case r.ID == sp.legacy && sp.legacy != "":
				r.Target, r.TargetMode = "../drawings/vmlDrawing"+strconv.Itoa(n)+".vml", ""
			}
			kept = append(kept, r)
		}
		sp.rels.Rels = kept
		b, err := xml.Marshal(sp.rels)
		if err != nil {
			return nil, nil, err
		}
		changed[sp.relsName] = append([]byte(xml.Header), b...)
		if sp.legacy != "" {
			sheetPart, _ := sheetRelsPart(sp.relsName)
			fresh[names[sheetPart]] = true
		}
	}

	b, err := read(contentTypesPart)
	if err != nil {
		return nil, nil, err
	}
	var types opcTypes
	if err := decodeXML(b, &types); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", contentTypesPart, err)
	}
	types.Overrides = slices.DeleteFunc(types.Overrides, func(o opcOverride) bool {
		return drop[strings.TrimPrefix(o.PartName, "/")]
	})
	if b, err = xml.Marshal(types); err != nil {
		return nil, nil, err
	}
	changed[contentTypesPart] = append([]byte(xml.Header), b...)

	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		switch b, ok := changed[zf.Name]; {
		case drop[zf.Name]:
		case ok:
			w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: zf.Modified})
			if err != nil {
				return nil, nil, err
			}
			if _, err := w.Write(b); err != nil {
				return nil, nil, err
			}
		default:
			if err := zw.Copy(zf); err != nil {
				return nil, nil, err
			}
		}
	}
	if err := zw.Close(); err != nil {
		return nil, nil, err
	}
	return out.Bytes(), fresh, nil
}

// legacyDrawingID returns the relationship id of a sheet's legacyDrawing
// element, the drawing that holds its comment boxes, or "".
func legacyDrawingID(sheet []byte) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(sheet))
	d.Strict = false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		el, ok := tok.(xml.StartElement)
		if !ok || el.Name.Local != "legacyDrawing" {
			continue
		}
		for _, a := range el.Attr {
			if a.Name.Local == "id" && strings.HasSuffix(a.Name.Space, "relationships") {
				return a.Value, nil
			}
		}
		return "", nil
	}
}
