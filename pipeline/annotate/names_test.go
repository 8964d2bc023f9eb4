package annotate_test

import (
	"archive/zip"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline/annotate"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
)

// TestMarkNamesHidden: the defined names that follow marked cells are
// perfeval's records, hidden from Excel's name box and Name Manager; the
// form's own names are not (Excel's built-in _xlnm names keep their own
// flags).
func TestMarkNamesHidden(t *testing.T) {
	rep := pipelinetest.ProcessAnnotated(t, filepath.Join(pipelinetest.Samples, "example-returned-2022.xlsx"))
	zr, err := zip.OpenReader(rep.Annotated)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var wb struct {
		Names []struct {
			Name   string `xml:"name,attr"`
			Hidden bool   `xml:"hidden,attr"`
		} `xml:"definedNames>definedName"`
	}
	for _, zf := range zr.File {
		if zf.Name == "xl/workbook.xml" {
			if err := xml.Unmarshal(pipelinetest.ZipPart(t, zf), &wb); err != nil {
				t.Fatal(err)
			}
		}
	}
	marks := 0
	for _, n := range wb.Names {
		if strings.HasPrefix(n.Name, annotate.MarkNamePrefix) {
			marks++
			if !n.Hidden {
				t.Errorf("defined name %s is not hidden", n.Name)
			}
		} else if n.Hidden && !strings.HasPrefix(n.Name, "_xlnm.") {
			t.Errorf("defined name %s of the form is hidden", n.Name)
		}
	}
	if marks == 0 {
		t.Fatal("no mark names: the sample has findings to mark")
	}
}

// TestTitleOverReviewColumns: the 绩效指标 title, merged across the table,
// spans the review columns too, also when the annotated copy is annotated
// again.
func TestTitleOverReviewColumns(t *testing.T) {
	path := pipelinetest.SeedWorkbook
	for round := 1; round <= 2; round++ {
		rep := pipelinetest.ProcessAnnotated(t, path)
		f := pipelinetest.OpenOutput(t, rep.Annotated)
		merges, err := f.GetMergeCells("绩效指标")
		if err != nil {
			t.Fatal(err)
		}
		var title []string
		for _, mc := range merges {
			if _, row, err := excelize.CellNameToCoordinates(mc.GetStartAxis()); err == nil && row == 1 {
				title = append(title, mc.GetStartAxis()+":"+mc.GetEndAxis())
			}
		}
		if len(title) != 1 || title[0] != "A1:K1" {
			t.Errorf("round %d: merges on row 1 %v, want [A1:K1]", round, title)
		}
		path = rep.Annotated
	}
}

// TestTitleKeepsClearOfMerges: a title that would reach, over the review
// columns, a range the department merged there stays as it was: two
// merged ranges that cross make Excel repair the file, and ranges whose
// corners meet excelize joins into one over the header rows.
func TestTitleKeepsClearOfMerges(t *testing.T) {
	f, err := excelize.OpenFile(pipelinetest.SeedWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	// An empty merge beside the title, in a column the review takes.
	if err := f.MergeCell("绩效指标", "J1", "J3"); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(t.TempDir(), "merged.xlsx")
	if err := f.SaveAs(in); err != nil {
		t.Fatal(err)
	}
	f.Close()
	rep := pipelinetest.ProcessAnnotated(t, in)
	g := pipelinetest.OpenOutput(t, rep.Annotated)
	merges, err := g.GetMergeCells("绩效指标", true)
	if err != nil {
		t.Fatal(err)
	}
	type rect struct{ c1, r1, c2, r2 int }
	var rs []rect
	for _, mc := range merges {
		c1, r1, _ := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, r2, _ := excelize.CellNameToCoordinates(mc.GetEndAxis())
		rs = append(rs, rect{c1, r1, c2, r2})
	}
	for i, a := range rs {
		for _, b := range rs[i+1:] {
			if a.c1 <= b.c2 && b.c1 <= a.c2 && a.r1 <= b.r2 && b.r1 <= a.r2 {
				t.Errorf("merged ranges %v and %v cross", a, b)
			}
		}
	}
	// Not joined either, as excelize joins ranges whose corners meet: the
	// title over the header rows.
	if !slices.Contains(rs, rect{10, 1, 10, 3}) || !slices.Contains(rs, rect{1, 1, 8, 1}) {
		t.Errorf("merged ranges %v, want the title A1:H1 and the department's J1:J3 as they were", rs)
	}
}

// TestReviewSheetSaysWhatToDo: under the verdict, 审核结果 tells the
// accountant what to do with the copy: what must be corrected, that the
// copy itself may be corrected and sent back, and how to finish a draft.
func TestReviewSheetSaysWhatToDo(t *testing.T) {
	blank, err := os.ReadFile(filepath.Join(pipelinetest.Samples, "blank-2022.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	// The blank form is returned with nothing to draft from.
	blankCopy := filepath.Join(t.TempDir(), "blank.xlsx")
	if err := os.WriteFile(blankCopy, blank, 0o644); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string][]string{
		filepath.Join(pipelinetest.Samples, "example-returned-2022.xlsx"): {"错误必须改正", "可以直接在本批注版上改正后报送", "删去“【草拟】”"},
		pipelinetest.SeedWorkbook: {"审核通过", "可以直接在本批注版上改正后报送"},
		blankCopy:                 {"错误必须改正"},
	} {
		rep := pipelinetest.ProcessAnnotated(t, file)
		f := pipelinetest.OpenOutput(t, rep.Annotated)
		got := pipelinetest.CellAt(t, f, "审核结果", 1, 3)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: 审核结果!A3 = %q, want it to say %q", file, got, w)
			}
		}
		// How to finish a draft, only where something was drafted.
		if drafted := strings.Contains(got, "【草拟】"); drafted != slices.Contains(want, "删去“【草拟】”") {
			t.Errorf("%s: 审核结果!A3 = %q speaks of drafts: %v", file, got, drafted)
		}
	}
}
