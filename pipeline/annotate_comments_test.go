package pipeline

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template"
)

// What the department's accountant writes on the annotated copy.
const (
	answerAuthor = "张会计"
	freeNote     = "本表已按财政局口径复核。"
	answerNote   = "已补充说明，见附件。"
)

// answered is the returned example annotated once and answered by the
// department: answerAuthor's comment freeNote on free, a cell of marked's
// sheet with no finding, and answerNote on marked, a finding's cell, in
// place of perfeval's comment there.
type answered struct {
	path   string
	marked template.Ref
	free   string
}

// answeredCopy writes the answered copy into dir.
func answeredCopy(t *testing.T, dir string) answered {
	t.Helper()
	c := checkWorkbook(t, "../samples/example-returned-2022.xlsx")
	var ans answered
	cells := map[template.Ref]bool{}
	for _, fd := range c.rep.FindingList() {
		cells[fd.Ref] = true
		if ans.marked.Col == 0 && fd.Ref.Row > 0 && fd.Ref.Col > 0 {
			ans.marked = fd.Ref
		}
	}
	if ans.marked.Col == 0 {
		t.Fatal("the returned example has no finding on a cell; the test needs one")
	}
	for row := 1; ans.free == ""; row++ {
		if ref := (template.Ref{Sheet: ans.marked.Sheet, Row: row, Col: 1}); !cells[ref] {
			ans.free = ref.Cell()
		}
	}
	first := filepath.Join(dir, "first", "example-returned-2022.xlsx")
	if err := Annotate(c.f, c.s, c.rep, first); err != nil {
		t.Fatalf("Annotate: %v", err)
	}
	f, err := excelize.OpenFile(first)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	note := func(text string) []excelize.RichTextRun {
		return []excelize.RichTextRun{
			{Text: answerAuthor + ":", Font: &excelize.Font{Bold: true, Size: 9, Family: "宋体", Color: "000000"}},
			{Text: "\n" + text, Font: &excelize.Font{Size: 9, Family: "宋体", Color: "000000"}},
		}
	}
	sheet := ans.marked.Sheet
	if err := f.AddComment(sheet, excelize.Comment{Cell: ans.free, Author: answerAuthor, Paragraph: note(freeNote)}); err != nil {
		t.Fatal(err)
	}
	if err := f.DeleteComment(sheet, ans.marked.Cell()); err != nil {
		t.Fatal(err)
	}
	if err := f.AddComment(sheet, excelize.Comment{Cell: ans.marked.Cell(), Author: answerAuthor, Paragraph: note(answerNote)}); err != nil {
		t.Fatal(err)
	}
	ans.path = filepath.Join(dir, "answered", "example-returned-2022.xlsx")
	if err := os.MkdirAll(filepath.Dir(ans.path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(ans.path); err != nil {
		t.Fatal(err)
	}
	return ans
}

// reannotate annotates a workbook into dir, expects the workbook itself
// unchanged, and returns the annotated copy.
func reannotate(t *testing.T, in, dir string) string {
	t.Helper()
	before, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	c := checkWorkbook(t, in)
	out := AnnotatedPath(dir, in)
	if err := Annotate(c.f, c.s, c.rep, out); err != nil {
		t.Fatalf("Annotate %s: %v", in, err)
	}
	if after, err := os.ReadFile(in); err != nil || !bytes.Equal(before, after) {
		t.Fatalf("input file changed by Annotate (err %v)", err)
	}
	return out
}

// checkReannotated compares the comments of an answered copy as sent (after
// whatever program saved it) with those of its annotated copy, got: every
// finding's cell carries perfeval's comment, its part once; every comment
// sent is still there; no other cell has one; the comment on free is as
// sent, with its author; the answer on marked stays above perfeval's part.
func checkReannotated(t *testing.T, ans answered, rep *Report, sent, got map[string]map[string]sentComment) {
	t.Helper()
	if _, ok := sent[ans.marked.Sheet][ans.free]; !ok {
		t.Fatalf("the copy sent has no comment on %s!%s; the test needs it", ans.marked.Sheet, ans.free)
	}
	want := map[string]map[string]bool{} // sheet → cells that must carry a comment
	need := func(sheet, cell string) {
		if want[sheet] == nil {
			want[sheet] = map[string]bool{}
		}
		want[sheet][cell] = true
	}
	for sheet, cs := range sent {
		for cell := range cs {
			need(sheet, cell)
		}
	}
	for _, fd := range rep.FindingList() {
		if fd.Ref.Row <= 0 || fd.Ref.Col <= 0 {
			continue
		}
		sheet, cell := fd.Ref.Sheet, fd.Ref.Cell()
		need(sheet, cell)
		cm, ok := got[sheet][cell]
		switch {
		case !ok:
			t.Errorf("%s!%s: no comment, want perfeval's for %s", sheet, cell, fd.Code)
		case strings.Count(cm.Text, commentAuthor+":") != 1 || !strings.Contains(cm.Text, fd.Message):
			t.Errorf("%s!%s: comment %q, want perfeval's part once, with %q", sheet, cell, cm.Text, fd.Message)
		}
	}
	for sheet, cs := range got {
		for cell, cm := range cs {
			if !want[sheet][cell] {
				t.Errorf("%s!%s: comment %q on a cell that had none and has no finding", sheet, cell, cm.Text)
			}
		}
	}
	for sheet, cs := range sent {
		for cell, cm := range cs {
			if _, ok := got[sheet][cell]; !ok {
				t.Errorf("%s!%s: the comment %q is gone", sheet, cell, cm.Text)
			}
		}
	}
	sheet := ans.marked.Sheet
	if cm, was := got[sheet][ans.free], sent[sheet][ans.free]; cm != was || !strings.Contains(cm.Text, freeNote) || !strings.Contains(cm.Text, answerAuthor) {
		t.Errorf("%s's comment on %s!%s = %+v, want it as sent, %+v", answerAuthor, sheet, ans.free, cm, was)
	}
	text := got[sheet][ans.marked.Cell()].Text
	if strings.Count(text, answerNote) != 1 || strings.Index(text, answerNote) > strings.Index(text, commentAuthor+":") {
		t.Errorf("%s: comment %q, want %s's answer once, above perfeval's part", ans.marked, text, answerAuthor)
	}
}

// excelizeComments returns a workbook's comments by sheet and cell, as
// excelize reads them.
func excelizeComments(t *testing.T, path string) map[string]map[string]sentComment {
	t.Helper()
	f := openOutput(t, path)
	out := map[string]map[string]sentComment{}
	for _, sheet := range f.GetSheetList() {
		for cell, c := range commentsBy(t, f, sheet) {
			if out[sheet] == nil {
				out[sheet] = map[string]sentComment{}
			}
			out[sheet][cell] = sentComment{Author: c.Author, Text: commentText(c)}
		}
	}
	return out
}

// TestAnnotateForeignCommentParts is TestAnnotateResavedComments without
// the outside programs: the answered copy's comment parts are renamed, in
// the zip, the way openpyxl or LibreOffice names them
// (foreignCommentParts).
func TestAnnotateForeignCommentParts(t *testing.T) {
	dir := t.TempDir()
	ans := answeredCopy(t, dir)
	for _, layout := range []string{"openpyxl", "LibreOffice"} {
		t.Run(layout, func(t *testing.T) {
			foreign := filepath.Join(dir, layout, filepath.Base(ans.path))
			foreignCommentParts(t, ans.path, foreign, layout)
			c := checkWorkbook(t, foreign)
			if !commentsForeign(c.f) {
				t.Fatalf("commentsForeign is false for comments in %s's parts", layout)
			}
			sent := excelizeComments(t, foreign)
			out := reannotate(t, foreign, filepath.Join(dir, layout, "annotated"))
			got := excelizeComments(t, out)
			checkReannotated(t, ans, c.rep, sent, got)
			if cm := got[ans.marked.Sheet][ans.free]; cm.Author != answerAuthor {
				t.Errorf("%s's comment on %s!%s is by %q", answerAuthor, ans.marked.Sheet, ans.free, cm.Author)
			}
			checkNoteShapes(t, out)
		})
	}
}

// TestAnnotateCommentsInPlace checks that the comments of a copy excelize
// wrote are edited where they are, not moved: their boxes and anything else
// in the sheet's VML drawing stay as they were.
func TestAnnotateCommentsInPlace(t *testing.T) {
	ans := answeredCopy(t, t.TempDir())
	if c := checkWorkbook(t, ans.path); commentsForeign(c.f) {
		t.Error("commentsForeign is true for an annotated copy excelize wrote")
	}
}

// foreignCommentParts copies the workbook src to dst with its comment parts
// renamed and every VML shape id replaced by LibreOffice's shape_0. For
// layout "openpyxl" the parts are xl/comments/comment<N>.xml and
// xl/drawings/commentsDrawing<N>.vml, named by absolute targets; for
// "LibreOffice", relative targets where comments<N+10>.xml goes with
// vmlDrawing<N>.vml (LibreOffice numbers the comments by sheet, the
// drawings in sequence).
func foreignCommentParts(t *testing.T, src, dst, layout string) {
	t.Helper()
	commentsPart := regexp.MustCompile(`^xl/comments([0-9]+)\.xml$`)
	vmlPart := regexp.MustCompile(`^xl/drawings/vmlDrawing([0-9]+)\.vml$`)
	shapeIDs := regexp.MustCompile(`id="_x0000_s[0-9]+"`)
	// rename maps what each name holds: a part's name, a rels target or a
	// content type's part name.
	var rename func(s string) string
	switch layout {
	case "openpyxl":
		rename = strings.NewReplacer(
			`xl/comments`, `xl/comments/comment`, `xl/drawings/vmlDrawing`, `xl/drawings/commentsDrawing`,
			`Target="../comments`, `Target="/xl/comments/comment`, `Target="../drawings/vmlDrawing`, `Target="/xl/drawings/commentsDrawing`,
		).Replace
	case "LibreOffice":
		num := regexp.MustCompile(`comments([0-9]+)\.xml`)
		rename = func(s string) string {
			return num.ReplaceAllStringFunc(s, func(m string) string {
				n, _ := strconv.Atoi(num.FindStringSubmatch(m)[1])
				return "comments" + strconv.Itoa(n+10) + ".xml"
			})
		}
	default:
		t.Fatalf("layout %q", layout)
	}
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	moved := 0
	for _, zf := range zr.File {
		data := zipPart(t, zf)
		name := zf.Name
		switch {
		case commentsPart.MatchString(name):
			name = rename(name)
			moved++
		case vmlPart.MatchString(name):
			name = rename(name)
			data = shapeIDs.ReplaceAll(data, []byte(`id="shape_0"`))
		case strings.HasPrefix(name, "xl/worksheets/_rels/"), name == "[Content_Types].xml":
			data = []byte(rename(string(data)))
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if moved == 0 {
		t.Fatal("no comment part to move; the test needs some")
	}
	if err := os.WriteFile(dst, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestKeptRuns checks that perfeval's part of a comment is found by its
// text, whatever the runs: split by a program that saved the copy, or
// merged into plain text.
func TestKeptRuns(t *testing.T) {
	ours := commentAuthor + ":\n【错误】……"
	for _, tc := range []struct {
		name string
		c    excelize.Comment
		want string
	}{
		{"plain text", excelize.Comment{Text: "张会计:\n已核对\n\n" + ours}, "张会计:\n已核对"},
		{"runs", excelize.Comment{Paragraph: []excelize.RichTextRun{{Text: "张会计:"}, {Text: "\n已核对"}, {Text: "\n\n"}, {Text: ours}}}, "张会计:\n已核对"},
		{"marker split", excelize.Comment{Paragraph: []excelize.RichTextRun{{Text: "张会计:\n已核对\n\nperf"}, {Text: "eval:\n"}, {Text: "【错误】……"}}}, "张会计:\n已核对"},
		{"only ours", excelize.Comment{Text: ours}, ""},
		{"not at a line's start", excelize.Comment{Text: "见 perfeval: 的意见"}, "见 perfeval: 的意见"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got strings.Builder
			for _, r := range keptRuns(&tc.c) {
				got.WriteString(r.Text)
			}
			if got.String() != tc.want {
				t.Errorf("kept %q, want %q", got.String(), tc.want)
			}
		})
	}
}
