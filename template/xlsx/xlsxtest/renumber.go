package xlsxtest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
)

var (
	reTab      = regexp.MustCompile(`<sheet [^>]*r:id="([^"]+)"`)
	reRel      = regexp.MustCompile(`<Relationship [^>]*>`)
	reRelID    = regexp.MustCompile(`Id="([^"]+)"`)
	reSheetRef = regexp.MustCompile(`worksheets/(?:_rels/)?sheet\d+\.xml(?:\.rels)?`)
)

// RenumberSheets returns the workbook data with its worksheet parts (and
// their relationships) named in the order of the tabs, sheet1.xml the first
// tab's, as Excel names them when it saves a workbook, the sheet ids kept.
// The workbook's relationships must name the parts worksheets/sheet<N>.xml.
func RenumberSheets(t testing.TB, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		parts[zf.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	// Each tab's part, in the order of the tabs.
	target := map[string]string{}
	for _, tag := range reRel.FindAll(parts["xl/_rels/workbook.xml.rels"], -1) {
		id, to := reRelID.FindSubmatch(tag), reSheetRef.Find(tag)
		if id != nil && to != nil {
			target[string(id[1])] = string(to)
		}
	}
	rename := map[string]string{} // worksheets/sheetN.xml (and its .rels) → the new name
	for i, m := range reTab.FindAllSubmatch(parts["xl/workbook.xml"], -1) {
		old, ok := target[string(m[1])]
		if !ok {
			t.Fatalf("tab %d: relationship %s names no worksheets/sheet<N>.xml part", i+1, m[1])
		}
		to := fmt.Sprintf("worksheets/sheet%d.xml", i+1)
		rename[old] = to
		rename["worksheets/_rels/"+strings.TrimPrefix(old, "worksheets/")+".rels"] = "worksheets/_rels/" + strings.TrimPrefix(to, "worksheets/") + ".rels"
	}
	renamed := func(ref []byte) []byte {
		if to, ok := rename[string(ref)]; ok {
			return []byte(to)
		}
		return ref
	}
	for _, name := range []string{"xl/_rels/workbook.xml.rels", "[Content_Types].xml"} {
		parts[name] = reSheetRef.ReplaceAllFunc(parts[name], renamed)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File { // in the original order
		name := zf.Name
		if rest, ok := strings.CutPrefix(name, "xl/"); ok {
			name = "xl/" + string(renamed([]byte(rest)))
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(parts[zf.Name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
