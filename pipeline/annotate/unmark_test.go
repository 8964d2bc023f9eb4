package annotate_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/annotate"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
)

// TestReannotateCorrected: a department corrects the annotated copy and sends
// it back; annotating it again gives the corrected cells their own look back
// (input shading included) and takes perfeval's old comments off them, while
// a cell still wrong stays marked. (Replies kept: TestKeptRunsReply.)
func TestReannotateCorrected(t *testing.T) {
	src := filepath.Join(pipelinetest.Samples, "example-returned-2022.xlsx")
	dir := t.TempDir()
	rep, err := pipeline.Process(context.Background(), src, rulebook.DefaultRulebook(), pipeline.Options{AnnotateDir: filepath.Join(dir, "1")})
	if err != nil {
		t.Fatal(err)
	}
	// The look of the cells before any annotation.
	orig, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	defer orig.Close()
	fixed := []struct{ sheet, cell string }{{"基本信息", "B10"}, {"资金情况", "E5"}, {"资金情况", "C7"}, {"绩效指标", "G13"}}
	// The department's corrections, and a row inserted above the corrected
	// 自评总分: it moves to B11, and what the copy recorded for it moves
	// along.
	rep2 := resubmit(t, rep.Annotated, filepath.Join(dir, "2"), func(f *excelize.File) error {
		for _, c := range []struct {
			sheet, cell string
			v           any
		}{{"基本信息", "B10", 94}, {"资金情况", "E5", 93.76}, {"资金情况", "C7", 4891.6222}, {"绩效指标", "G13", 0.73}} {
			if err := f.SetCellValue(c.sheet, c.cell, c.v); err != nil {
				return err
			}
		}
		return f.InsertRows("基本信息", 2, 1)
	})
	for _, fd := range rep2.Findings {
		for _, c := range fixed {
			if fd.Ref == c.sheet+"!"+c.cell && c.sheet != "基本信息" {
				t.Fatalf("%s still has a finding after the correction: %+v", fd.Ref, fd)
			}
		}
	}
	o := pipelinetest.OpenOutput(t, rep2.Annotated)
	moved := func(sheet, cell string) (int, int) {
		col, row, _ := excelize.CellNameToCoordinates(cell)
		if sheet == "基本信息" {
			row++
		}
		return col, row
	}
	for _, c := range fixed {
		col, row, _ := excelize.CellNameToCoordinates(c.cell)
		ncol, nrow := moved(c.sheet, c.cell)
		now, _ := excelize.CoordinatesToCellName(ncol, nrow)
		if text := pipelinetest.CommentText(pipelinetest.CommentsBy(t, o, c.sheet)[now]); strings.Contains(text, pipelinetest.CommentHeading) {
			t.Errorf("%s!%s keeps perfeval's old comment after the correction: %q", c.sheet, now, text)
		}
		want, got := pipelinetest.FillColor(pipelinetest.StyleAt(t, orig, c.sheet, col, row)), pipelinetest.FillColor(pipelinetest.StyleAt(t, o, c.sheet, ncol, nrow))
		if strings.TrimPrefix(got, "FF") != strings.TrimPrefix(want, "FF") {
			t.Errorf("%s!%s fill %q after the correction, want its own %q", c.sheet, c.cell, got, want)
		}
	}
	// Still wrong: still marked.
	if text := pipelinetest.CommentText(pipelinetest.CommentsBy(t, o, "资金情况")["B9"]); !strings.Contains(text, "missing_explanation") && !strings.Contains(text, "草拟") {
		t.Errorf("资金情况!B9 lost its mark: %q", text)
	}
	// Annotating the copy once more changes nothing about the corrected cells.
	rep3, err := pipeline.Process(context.Background(), rep2.Annotated, rulebook.DefaultRulebook(), pipeline.Options{AnnotateDir: filepath.Join(dir, "3")})
	if err != nil {
		t.Fatal(err)
	}
	o3 := pipelinetest.OpenOutput(t, rep3.Annotated)
	for _, c := range fixed {
		col, row := moved(c.sheet, c.cell)
		if a, b := pipelinetest.FillColor(pipelinetest.StyleAt(t, o, c.sheet, col, row)), pipelinetest.FillColor(pipelinetest.StyleAt(t, o3, c.sheet, col, row)); a != b {
			t.Errorf("%s!%s fill %q then %q", c.sheet, c.cell, a, b)
		}
	}
	if len(rep3.Findings) != len(rep2.Findings) {
		t.Errorf("%d findings on the re-annotated copy, %d before", len(rep3.Findings), len(rep2.Findings))
	}
}

// TestReannotateOwnFillLikeOurs: a department's own fill that happens to be
// one of perfeval's colours (DDEBF7, the info fill) is the department's on a
// first annotation: it is recorded as the cell's own and comes back when the
// corrected cell is annotated again.
func TestReannotateOwnFillLikeOurs(t *testing.T) {
	dir := t.TempDir()
	f, err := excelize.OpenFile(filepath.Join(pipelinetest.Samples, "example-returned-2022.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// 资金情况!E5 states a rate that does not match its amounts: an error.
	st := pipelinetest.StyleAt(t, f, "资金情况", 5, 5)
	st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{annotate.FillInfo}}
	id, err := f.NewStyle(st)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle("资金情况", "E5", "E5", id); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "own-fill.xlsx")
	if err := f.SaveAs(src); err != nil {
		t.Fatal(err)
	}
	rep, err := pipeline.Process(context.Background(), src, rulebook.DefaultRulebook(), pipeline.Options{AnnotateDir: filepath.Join(dir, "1")})
	if err != nil {
		t.Fatal(err)
	}
	rgb := func(c string) string {
		if len(c) == 8 {
			return c[2:] // ARGB
		}
		return c
	}
	if got := pipelinetest.FillColor(pipelinetest.StyleAt(t, pipelinetest.OpenOutput(t, rep.Annotated), "资金情况", 5, 5)); rgb(got) != annotate.FillError {
		t.Fatalf("资金情况!E5 fill %q in the annotated copy, want the error fill %s", got, annotate.FillError)
	}
	rep2 := resubmit(t, rep.Annotated, filepath.Join(dir, "2"), func(f *excelize.File) error {
		return f.SetCellValue("资金情况", "E5", 93.76)
	})
	for _, fd := range rep2.Findings {
		if fd.Ref == "资金情况!E5" {
			t.Fatalf("资金情况!E5 still has a finding after the correction: %+v", fd)
		}
	}
	if got := pipelinetest.FillColor(pipelinetest.StyleAt(t, pipelinetest.OpenOutput(t, rep2.Annotated), "资金情况", 5, 5)); rgb(got) != annotate.FillInfo {
		t.Errorf("资金情况!E5 fill %q after the correction, want its own %s", got, annotate.FillInfo)
	}
}

// TestReannotateColumnInserted: a column the department inserts between the
// table and the review columns moves them; annotating again finds them by
// their headers instead of adding a second set.
func TestReannotateColumnInserted(t *testing.T) {
	dir := t.TempDir()
	rep, err := pipeline.Process(context.Background(), filepath.Join(pipelinetest.Samples, "example-returned-2022.xlsx"), rulebook.DefaultRulebook(), pipeline.Options{AnnotateDir: filepath.Join(dir, "1")})
	if err != nil {
		t.Fatal(err)
	}
	rep2 := resubmit(t, rep.Annotated, filepath.Join(dir, "2"), func(f *excelize.File) error {
		if err := f.InsertCols("绩效指标", "I", 1); err != nil {
			return err
		}
		return f.SetCellValue("绩效指标", "I2", "部门备注")
	})
	o := pipelinetest.OpenOutput(t, rep2.Annotated)
	rows, err := o.GetRows("绩效指标")
	if err != nil {
		t.Fatal(err)
	}
	header := strings.Join(rows[1], "|")
	if strings.Count(header, "审核意见") != 1 || !strings.Contains(header, "部门备注") {
		t.Errorf("header row %q, want one set of review columns and the department's 部门备注", header)
	}
}

// resubmit plays a department that edits an annotated copy and sends it
// back: it applies edit to a copy of annotated and checks and annotates the
// result into dir.
func resubmit(t *testing.T, annotated, dir string, edit func(*excelize.File) error) *report.Report {
	t.Helper()
	f, err := excelize.OpenFile(annotated)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := edit(f); err != nil {
		t.Fatal(err)
	}
	back := filepath.Join(t.TempDir(), "back.xlsx")
	if err := f.SaveAs(back); err != nil {
		t.Fatal(err)
	}
	rep, err := pipeline.Process(context.Background(), back, rulebook.DefaultRulebook(), pipeline.Options{AnnotateDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}
