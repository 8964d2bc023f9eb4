package xlsx

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestActivateSheet: a new sheet moved first and activated is the only
// selected sheet and the one the workbook opens on; the sheets named are
// very hidden, the one selected before among them; a sheet excelize has not
// parsed and that selects nothing keeps its part as it was, and excelize
// does not parse it.
func TestActivateSheet(t *testing.T) {
	src := excelize.NewFile()
	defer src.Close()
	for _, s := range []string{"乙", "丙", "丁"} {
		if _, err := src.NewSheet(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := src.SetSheetName("Sheet1", "甲"); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"甲", "乙", "丙", "丁"} {
		if err := src.SetCellStr(s, "A1", s); err != nil {
			t.Fatal(err)
		}
	}
	// 丁 is the active, selected sheet; 乙 is selected too (grouped).
	src.SetActiveSheet(3)
	if err := src.GroupSheets([]string{"乙", "丁"}); err != nil {
		t.Fatal(err)
	}
	buf, err := src.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	grouped := buf.Bytes()
	selected := 0
	for _, p := range storedParts(t, grouped) {
		if tabSelected(p.data) {
			selected++
		}
	}
	if selected != 2 {
		t.Fatalf("%d sheets selected in the original, want 2", selected)
	}
	f, err := Open(grouped)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.SetSheetView("乙", 0, &excelize.ViewOptions{}); err != nil { // parsed, as a changed sheet is
		t.Fatal(err)
	}
	if _, err := f.NewSheet("审"); err != nil {
		t.Fatal(err)
	}
	if err := MoveSheet(f, "审", "甲"); err != nil {
		t.Fatal(err)
	}
	if got, want := f.GetSheetList(), []string{"审", "甲", "乙", "丙", "丁"}; !slices.Equal(got, want) {
		t.Fatalf("sheets after MoveSheet %v, want %v", got, want)
	}
	if got := f.GetSheetName(f.GetActiveSheetIndex()); got != "丁" {
		t.Errorf("active sheet after MoveSheet %s, want 丁 still", got)
	}
	if err := ActivateSheet(f, "审", "丁"); err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{"xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml"} {
		if _, ok := f.Sheet.Load(part); ok {
			t.Errorf("%s parsed by excelize", part)
		}
	}
	out := filepath.Join(t.TempDir(), "out.xlsx")
	if err := SaveAtomicFrom(f, out, grouped, nil, nil); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, p := range storedParts(t, data) {
		parts[p.name] = p.data
	}
	before := map[string][]byte{}
	for _, p := range storedParts(t, grouped) {
		before[p.name] = p.data
	}
	for _, part := range []string{"xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml"} {
		if !bytes.Equal(parts[part], before[part]) {
			t.Errorf("%s changed, want it as it was", part)
		}
	}
	g, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if got := g.GetSheetName(g.GetActiveSheetIndex()); got != "审" {
		t.Errorf("active sheet %s, want 审", got)
	}
	for _, s := range g.GetSheetList() {
		path := sheetPartsOf(g)[s]
		selected := tabSelected(parts[path])
		if selected != (s == "审") {
			t.Errorf("%s (%s): selected %v, want %v", s, path, selected, s == "审")
		}
	}
	if v, _ := g.GetSheetVisible("丁"); v {
		t.Error("丁 visible, want very hidden")
	}
	if !strings.Contains(string(parts["xl/workbook.xml"]), `state="veryHidden"`) {
		t.Error("workbook.xml: no very hidden sheet")
	}
	if err := ActivateSheet(f, "审", "审"); err == nil {
		t.Error("hiding the active sheet: no error")
	}
}

// tabSelected reports whether a sheet's part selects its tab, as excelize
// ("true") or Excel ("1") writes it.
func tabSelected(part []byte) bool {
	return bytes.Contains(part, []byte(`tabSelected="1"`)) || bytes.Contains(part, []byte(`tabSelected="true"`))
}

// FuzzScanRels: the relationships scanRels reads are those encoding/xml
// reads, for every part it vouches for.
func FuzzScanRels(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet3.xml"/><Relationship Id="rId1" Type="t" Target="/xl/worksheets/sheet1.xml"></Relationship></Relationships>`))
	f.Add([]byte(`<r:Relationships xmlns:r="x"><r:Relationship Id='a&amp;b' Target="s&#20013;.xml" Id="c"/><x><Relationship Id="deep" Target="no"/></x></r:Relationships>`))
	f.Add([]byte(`<Relationships><Relationship x:Id="a" Target="t"/></Relationships>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok := scanRels(data)
		if !ok {
			return
		}
		var want opcRels
		if err := decodeXML(data, &want); err != nil {
			t.Skip("encoding/xml refuses what the scan reads:", err)
		}
		if !slices.Equal(got, want.Rels) && (len(got) > 0 || len(want.Rels) > 0) {
			t.Fatalf("scanRels = %+v\nencoding/xml %+v", got, want.Rels)
		}
	})
}
