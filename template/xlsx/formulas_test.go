package xlsx

import (
	"strings"
	"testing"

	"github.com/perfeval/perfeval/template/xlsx/xlsxtest"
)

// TestOpenWorkbookFormulas: the container hands over every formula cell
// with its saved result, a shared formula's text in each cell that shares
// it, what reaches outside the workbook, its external links and the sheet
// states, from the one scan that checks the parts.
func TestOpenWorkbookFormulas(t *testing.T) {
	seed := seedBytes(t)
	const (
		budget    = "xl/worksheets/sheet3.xml" // 资金情况
		indicator = "xl/worksheets/sheet5.xml" // 绩效指标
	)
	data := xlsxtest.Rezip(t, seed, map[string][][2]string{
		budget: {
			{`<c r="B3" s="9"><v>10343.6719</v></c>`, `<c r="B3" s="9"><f>B4+B5</f><v>10343.6719</v></c>`},
			{`<c r="C3" s="9"><v>9452.1302</v></c>`, `<c r="C3" s="9"><f>C4+C5</f><v></v></c>`},
			{`<c r="E3" s="10"><v>91.38</v></c>`, `<c r="E3" s="10"><f t="shared" ref="E3:E4" si="0">ROUND(C3/B3*100,2)</f><v>91.38</v></c>`},
			{`<c r="E4" s="10"><v>91.20</v></c>`, `<c r="E4" s="10"><f t="shared" si="0"/><v>91.2</v></c>`},
		},
		indicator: {
			{`<c r="E13" s="4" t="s"><v>87</v></c>`, `<c r="E13" s="4" t="str"><f>3573&amp;"次"</f><v>3573次</v></c>`},
			{`<c r="H3" s="4"></c>`, `<c r="H3" s="4" t="str"><f>IF(G3&lt;F3,"请说明原因","")</f><v></v></c>`},
		},
		"xl/worksheets/sheet6.xml": {
			{`<c r="B3" s="9"><v>9893.12</v></c>`, `<c r="B3" s="9"><f>[1]收入!B3</f><v>9893.12</v></c>`},
			{`<c r="B4" s="9"><v>0</v></c>`, `<c r="B4" s="9"><f>cmd|' /C calc'!A0</f><v>0</v></c>`},
		},
		"xl/workbook.xml":            {{`</sheets>`, `</sheets><externalReferences><externalReference r:id="rId99"/></externalReferences>`}},
		"xl/_rels/workbook.xml.rels": {{`</Relationships>`, `<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>`}},
	}, map[string]string{
		"xl/externalLinks/externalLink1.xml":            `<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><externalBook r:id="rId1"><sheetNames><sheetName val="收入"/></sheetNames></externalBook></externalLink>`,
		"xl/externalLinks/_rels/externalLink1.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="file:///D:/财务/2022决算.xlsx" TargetMode="External"/></Relationships>`,
	})
	w, err := OpenWorkbook(data)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	got := map[string]Formula{}
	for _, f := range w.Formulas {
		got[f.Sheet+"!"+f.Cell] = f
	}
	want := map[string]Formula{
		"资金情况!B3":  {Sheet: "资金情况", Cell: "B3", Text: "B4+B5", Value: "10343.6719", Cached: true},
		"资金情况!C3":  {Sheet: "资金情况", Cell: "C3", Text: "C4+C5"},
		"资金情况!E3":  {Sheet: "资金情况", Cell: "E3", Text: "ROUND(C3/B3*100,2)", Kind: "shared", Value: "91.38", Cached: true},
		"资金情况!E4":  {Sheet: "资金情况", Cell: "E4", Text: "ROUND(C3/B3*100,2)", Shared: "E3", Kind: "shared", Value: "91.2", Cached: true},
		"绩效指标!E13": {Sheet: "绩效指标", Cell: "E13", Text: `3573&"次"`, Type: "str", Value: "3573次", Cached: true},
		"绩效指标!H3":  {Sheet: "绩效指标", Cell: "H3", Text: `IF(G3<F3,"请说明原因","")`, Type: "str", Cached: true},
		"决算收支!B3":  {Sheet: "决算收支", Cell: "B3", Text: "[1]收入!B3", Value: "9893.12", Cached: true, Reach: Reach{Kind: ReachLink, Link: 1}},
		"决算收支!B4":  {Sheet: "决算收支", Cell: "B4", Text: "cmd|' /C calc'!A0", Value: "0", Cached: true, Reach: Reach{Kind: ReachDDE, Name: "cmd"}},
	}
	if len(got) != len(want) {
		t.Errorf("%d formulas, want %d: %+v", len(got), len(want), w.Formulas)
	}
	for k, wf := range want {
		if got[k] != wf {
			t.Errorf("formula %s = %+v, want %+v", k, got[k], wf)
		}
	}
	var reaching []string
	for _, f := range w.Reaching {
		reaching = append(reaching, f.Sheet+"!"+f.Cell)
	}
	if strings.Join(reaching, " ") != "决算收支!B3 决算收支!B4" {
		t.Errorf("Reaching = %v, want 决算收支!B3 and B4", reaching)
	}
	if len(w.Links) != 1 || w.Links[0] != (Link{Part: "xl/externalLinks/externalLink1.xml", Kind: "book", Target: "file:///D:/财务/2022决算.xlsx"}) {
		t.Errorf("Links = %+v, want the one book link", w.Links)
	}
	if w.States["_lists"] != "hidden" || w.States["_meta"] != "veryHidden" || w.States["绩效指标"] != "visible" {
		t.Errorf("States = %v, want _lists hidden, _meta veryHidden, 绩效指标 visible", w.States)
	}
}

// TestOpenWorkbookSeed: the seed has no formula, link or hidden form sheet.
func TestOpenWorkbookSeed(t *testing.T) {
	w, err := OpenWorkbook(seedBytes(t))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if len(w.Formulas) != 0 || len(w.Reaching) != 0 || len(w.Links) != 0 || len(w.States) != 9 {
		t.Errorf("seed: %d formulas, %d reaching, %d links, %d states; want none, none, none, 9", len(w.Formulas), len(w.Reaching), len(w.Links), len(w.States))
	}
}
