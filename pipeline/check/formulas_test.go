package check_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/template/xlsx/xlsxtest"
)

// The seed's parts.
const (
	workbookPart = "xl/workbook.xml"
	infoPart     = "xl/worksheets/sheet2.xml" // 基本信息
	budgetPart   = "xl/worksheets/sheet3.xml" // 资金情况
	indPart      = "xl/worksheets/sheet5.xml" // 绩效指标
	accountsPart = "xl/worksheets/sheet6.xml" // 决算收支
)

// xmlEdited writes a copy of the seed workbook with the XML of its parts
// edited, old → new once each, and parts added: what excelize cannot
// write, a formula with a saved result.
func xmlEdited(t *testing.T, edits map[string][][2]string, added map[string]string) string {
	t.Helper()
	seed, err := os.ReadFile(pipelinetest.SeedWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "edited.xlsx")
	if err := os.WriteFile(path, xlsxtest.Rezip(t, seed, edits, added), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestFormulaFindings: formulas whose saved result is not what they
// compute, that cannot be recomputed, or that reach outside the workbook.
func TestFormulaFindings(t *testing.T) {
	base := pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, nil)
	link := map[string]string{
		"xl/externalLinks/externalLink1.xml":            `<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><externalBook r:id="rId1"><sheetNames><sheetName val="收入"/></sheetNames></externalBook></externalLink>`,
		"xl/externalLinks/_rels/externalLink1.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="file:///D:/财务/2022决算.xlsx" TargetMode="External"/></Relationships>`,
	}
	linkRefs := [][2]string{{`</sheets>`, `</sheets><externalReferences><externalReference r:id="rId99"/></externalReferences>`}}
	linkRels := [][2]string{{`</Relationships>`, `<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>`}}
	tests := []struct {
		name  string
		edits map[string][][2]string
		added map[string]string
		want  []string
	}{
		{"formulas that agree with their results", map[string][][2]string{budgetPart: {
			{`<c r="B3" s="9"><v>10343.6719</v></c>`, `<c r="B3" s="9"><f>B4+B5</f><v>10343.671900000001</v></c>`},
			{`<c r="E3" s="10"><v>91.38</v></c>`, `<c r="E3" s="10"><f>ROUND(C3/B3*100,2)</f><v>91.38</v></c>`},
		}}, nil, nil},
		// The saved total is the seed's, the formula says one more: changed
		// after the last recalculation, or written by a program.
		{"a total that is not what its formula computes", map[string][][2]string{budgetPart: {
			{`<c r="B3" s="9"><v>10343.6719</v></c>`, `<c r="B3" s="9"><f>B4+B5+1</f><v>10343.6719</v></c>`},
		}}, nil, []string{"formula_mismatch 资金情况!B3 error"}},
		{"a self-score formula whose inputs changed", map[string][][2]string{indPart: {
			{`<c r="G4" s="7"><v>1.49</v></c>`, `<c r="G4" s="7"><f>ROUND(F4*(289/290-0.6)/0.4,2)+0.5</f><v>1.49</v></c>`},
		}}, nil, []string{"formula_mismatch 绩效指标!G4 error"}},
		// TODAY changes each day: nothing to hold the saved date to.
		{"填报日期 as =TODAY()", map[string][][2]string{infoPart: {
			{`<c r="B9" s="6"></c>`, `<c r="B9" s="6"><f>TODAY()</f><v>45000</v></c>`},
		}}, nil, []string{"formula_unverified 基本信息!B9 info"}},
		{"DDE in an amount", map[string][][2]string{accountsPart: {
			{`<c r="B4" s="9"><v>0</v></c>`, `<c r="B4" s="9"><f>cmd|' /C calc'!A0</f><v>0</v></c>`},
		}}, nil, []string{"external_formula 决算收支!B4 error"}},
		{"WEBSERVICE beside the table", map[string][][2]string{indPart: {
			{`<c r="H3" s="4"></c>`, `<c r="H3" s="4"></c><c r="J3" t="str"><f>_xlfn.WEBSERVICE("http://example.com/")</f><v>ok</v></c>`},
		}}, nil, []string{"external_formula 绩效指标!J3 error"}},
		{"an amount from another workbook", map[string][][2]string{
			accountsPart:                 {{`<c r="B3" s="9"><v>9893.12</v></c>`, `<c r="B3" s="9"><f>[1]收入!B3</f><v>9893.12</v></c>`}},
			workbookPart:                 linkRefs,
			"xl/_rels/workbook.xml.rels": linkRels,
		}, link, []string{"external_formula 决算收支!B3 error"}},
		{"a link no formula names", map[string][][2]string{workbookPart: linkRefs, "xl/_rels/workbook.xml.rels": linkRels}, link, []string{"external_formula  error"}},
		{"a defined name calling DDE", map[string][][2]string{workbookPart: {{`<definedNames>`, `<definedNames><definedName name="Evil">cmd|'/c calc'!A0</definedName>`}}}, nil,
			[]string{"external_formula  error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := pipelinetest.ProcessFile(t, xmlEdited(t, tt.edits, tt.added), nil)
			var added []string
			for _, f := range pipelinetest.AddedFindings(base, rep) {
				added = append(added, string(f.Code)+" "+f.Ref+" "+f.Severity.String())
			}
			slices.Sort(added)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(added, want) {
				t.Errorf("added findings:\n  %v\nwant:\n  %v\nall findings: %+v", added, want, rep.Findings)
			}
		})
	}
}
