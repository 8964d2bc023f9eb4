package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// A workbook saved as .xlsm, .xltm or .xlam carries its macros in parts of
// their own (MS-OFFMACRO2, MS-CUSTOMUI): the VBA project and its digital
// signatures, and the ribbon customisation whose buttons call macros, each
// with a relationship to it; its workbook part has a macro-enabled content
// type, which Excel refuses in a file named .xlsx. A copy perfeval writes
// is an .xlsx, for reading: it keeps neither (WithoutMacros).

// macroContentTypes are the content types of macro parts.
var macroContentTypes = []string{
	"application/vnd.ms-office.vbaProject",
	"application/vnd.ms-office.vbaProjectSignature",
	"application/vnd.ms-office.vbaProjectSignatureAgile",
	"application/vnd.ms-office.vbaProjectSignatureV3",
}

// macroRelTypes end the relationship types that lead to macro parts:
// the VBA project, its signatures, and the ribbon (customUI.xml and
// customUI14.xml), transitional or strict.
var macroRelTypes = []string{
	"/vbaProject",
	"/vbaProjectSignature",
	"/vbaProjectSignatureAgile",
	"/vbaProjectSignatureV3",
	"/ui/extensibility",
}

const relOfficeDocument = "/officeDocument"

// Macros returns the parts of f's package that carry macros, sorted: a VBA
// project, its signatures, a ribbon customisation, what their
// relationships lead to, and their relationship parts; nil when there are
// none. It reads the parts as they were opened and changes nothing.
func Macros(f *excelize.File) []string {
	return openedPackage(f).macros
}

// WithoutMacros returns f when it is a plain .xlsx workbook, as it was
// opened; otherwise a new workbook, which the caller closes: f's contents,
// as f would be written now, without the parts Macros names, without the
// relationships to them, and with the content type of an .xlsx workbook
// for its workbook part (an .xlsm, .xltx, .xltm or .xlam has another, with
// or without a macro). f is left as it was, but for excelize's own caches,
// which writing it refreshes.
func WithoutMacros(f *excelize.File) (*excelize.File, error) {
	if p := openedPackage(f); len(p.macros) == 0 && p.mainType == excelize.ContentTypeSheetML {
		return f, nil
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("drop macros: %w", err)
	}
	data, err := dropMacros(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("drop macros: %w", err)
	}
	g, err := Open(data)
	if err != nil {
		return nil, fmt.Errorf("drop macros: %w", err)
	}
	return g, nil
}

// openedPackage reads f's package as it was opened.
func openedPackage(f *excelize.File) opcPackage {
	var names []string
	f.Pkg.Range(func(k, _ any) bool {
		if name, ok := k.(string); ok {
			names = append(names, name)
		}
		return true
	})
	return readPackage(names, func(name string) ([]byte, error) {
		v, ok := f.Pkg.Load(name)
		if !ok {
			return nil, fmt.Errorf("no part %s", name)
		}
		b, _ := v.([]byte)
		return b, nil
	})
}

// opcPackage is what dropMacros needs to know of a package.
type opcPackage struct {
	types    opcTypes
	main     string   // the workbook part, from the officeDocument relationship
	mainType string   // its content type
	macros   []string // the macro parts and their relationship parts, sorted
}

// readPackage reads the content types and relationships of a package
// whose parts are names, as read returns them. A part it cannot read or
// parse says nothing: the package is then as plain as what is left.
func readPackage(names []string, read func(string) ([]byte, error)) opcPackage {
	var p opcPackage
	if b, err := read(contentTypesPart); err == nil {
		_ = decodeXML(b, &p.types)
	}
	rels := map[string]opcRels{} // source part ("" for the package) → its relationships
	for _, name := range names {
		source, ok := relsSource(name)
		if !ok {
			continue
		}
		b, err := read(name)
		if err != nil {
			continue
		}
		var r opcRels
		if decodeXML(b, &r) == nil {
			rels[source] = r
		}
	}
	p.main = "xl/workbook.xml"
	for _, r := range rels[""].Rels {
		if strings.HasSuffix(r.Type, relOfficeDocument) && r.TargetMode != "External" {
			p.main = relTarget("", r.Target)
		}
	}
	p.mainType = p.types.of(p.main)

	drop := map[string]bool{}
	for _, name := range names {
		base := strings.ToLower(path.Base(name))
		if slices.Contains(macroContentTypes, p.types.of(name)) || strings.HasPrefix(base, "vbaproject") && strings.HasSuffix(base, ".bin") {
			drop[name] = true
		}
	}
	for source, r := range rels {
		for _, rel := range r.Rels {
			if rel.TargetMode != "External" && macroRel(rel.Type) {
				drop[relTarget(source, rel.Target)] = true
			}
		}
	}
	// What a macro part's own relationships lead to (a signature, the
	// ribbon's icons) goes with it, and so do those relationships.
	for changed := true; changed; {
		changed = false
		for source, r := range rels {
			if !drop[source] {
				continue
			}
			for _, rel := range r.Rels {
				if t := relTarget(source, rel.Target); rel.TargetMode != "External" && !drop[t] {
					drop[t], changed = true, true
				}
			}
		}
	}
	for _, name := range names {
		if source, ok := relsSource(name); ok && drop[source] || drop[name] {
			p.macros = append(p.macros, name)
		}
	}
	slices.Sort(p.macros)
	return p
}

// dropMacros rewrites a package without its macro parts, the
// relationships to them and their content types, and with the content type
// of an .xlsx for its workbook part.
func dropMacros(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	read := zipRead(zr)
	p := readPackage(zipNames(zr), read)
	drop := map[string]bool{}
	for _, name := range p.macros {
		drop[name] = true
	}
	changed := map[string][]byte{}
	for _, zf := range zr.File {
		source, ok := relsSource(zf.Name)
		if !ok || drop[zf.Name] {
			continue
		}
		b, err := read(zf.Name)
		if err != nil {
			return nil, err
		}
		var r opcRels
		if err := decodeXML(b, &r); err != nil {
			return nil, fmt.Errorf("%s: %w", zf.Name, err)
		}
		n := len(r.Rels)
		r.Rels = slices.DeleteFunc(r.Rels, func(rel opcRel) bool {
			return macroRel(rel.Type) || rel.TargetMode != "External" && drop[relTarget(source, rel.Target)]
		})
		if len(r.Rels) == n {
			continue
		}
		if changed[zf.Name], err = marshalPart(r); err != nil {
			return nil, err
		}
	}
	types := p.types
	types.Defaults = slices.DeleteFunc(types.Defaults, func(d opcDefault) bool { return slices.Contains(macroContentTypes, d.ContentType) })
	types.Overrides = slices.DeleteFunc(types.Overrides, func(o opcOverride) bool { return drop[strings.TrimPrefix(o.PartName, "/")] })
	main := slices.IndexFunc(types.Overrides, func(o opcOverride) bool { return strings.TrimPrefix(o.PartName, "/") == p.main })
	if main < 0 {
		types.Overrides = append(types.Overrides, opcOverride{PartName: "/" + p.main})
		main = len(types.Overrides) - 1
	}
	types.Overrides[main].ContentType = excelize.ContentTypeSheetML
	if types.XMLName.Local == "" {
		types.XMLName = xml.Name{Space: "http://schemas.openxmlformats.org/package/2006/content-types", Local: "Types"}
	}
	if changed[contentTypesPart], err = marshalPart(types); err != nil {
		return nil, err
	}

	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		switch b, ok := changed[zf.Name]; {
		case drop[zf.Name]:
		case ok:
			w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: zf.Modified})
			if err != nil {
				return nil, err
			}
			if _, err := w.Write(b); err != nil {
				return nil, err
			}
		default:
			if err := zw.Copy(zf); err != nil {
				return nil, err
			}
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// of returns the content type of a part: its override, or the default of
// its extension (compared without case, as OPC says).
func (t opcTypes) of(part string) string {
	for _, o := range t.Overrides {
		if strings.EqualFold(strings.TrimPrefix(o.PartName, "/"), part) {
			return o.ContentType
		}
	}
	ext := strings.TrimPrefix(path.Ext(part), ".")
	for _, d := range t.Defaults {
		if strings.EqualFold(d.Extension, ext) {
			return d.ContentType
		}
	}
	return ""
}

func macroRel(typ string) bool {
	return slices.ContainsFunc(macroRelTypes, func(s string) bool { return strings.HasSuffix(typ, s) })
}

// relsSource reports whether name is a relationships part, and returns the
// part whose relationships it holds: "" for the package's own (_rels/.rels).
func relsSource(name string) (string, bool) {
	dir, base := path.Split(name)
	if dir != "_rels/" && !strings.HasSuffix(dir, "/_rels/") || !strings.HasSuffix(base, ".rels") {
		return "", false
	}
	return strings.TrimSuffix(dir, "_rels/") + strings.TrimSuffix(base, ".rels"), true
}

// relTarget returns the part a relationship of source leads to.
func relTarget(source, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Join(path.Dir(source), target)
}

func zipNames(zr *zip.Reader) []string {
	names := make([]string, len(zr.File))
	for i, zf := range zr.File {
		names[i] = zf.Name
	}
	return names
}

func zipRead(zr *zip.Reader) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		f, err := zr.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return io.ReadAll(f)
	}
}

func marshalPart(v any) ([]byte, error) {
	b, err := xml.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), b...), nil
}
