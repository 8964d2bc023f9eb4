package annotate_test

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/template/xlsx"
)

// What the department's accountant writes on the annotated copy.

// TestAnnotateCommentsInPlace checks that the comments of a copy excelize
// wrote are edited where they are, not moved: their boxes and anything else
// in the sheet's VML drawing stay as they were.
func TestAnnotateCommentsInPlace(t *testing.T) {
	ans := pipelinetest.AnsweredCopy(t, t.TempDir())
	if c := pipelinetest.CheckWorkbook(t, ans.Path); xlsx.CommentsForeign(c.F) {
		t.Error("xlsx.CommentsForeign is true for an annotated copy excelize wrote")
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
		data := pipelinetest.ZipPart(t, zf)
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

// TestAnnotateForeignCommentParts is TestAnnotateResavedComments without
// the outside programs: the answered copy's comment parts are renamed, in
// the zip, the way openpyxl or LibreOffice names them
// (foreignCommentParts).
func TestAnnotateForeignCommentParts(t *testing.T) {
	dir := t.TempDir()
	ans := pipelinetest.AnsweredCopy(t, dir)
	for _, layout := range []string{"openpyxl", "LibreOffice"} {
		t.Run(layout, func(t *testing.T) {
			foreign := filepath.Join(dir, layout, filepath.Base(ans.Path))
			foreignCommentParts(t, ans.Path, foreign, layout)
			c := pipelinetest.CheckWorkbook(t, foreign)
			if !xlsx.CommentsForeign(c.F) {
				t.Fatalf("xlsx.CommentsForeign is false for comments in %s's parts", layout)
			}
			sent := pipelinetest.ExcelizeComments(t, foreign)
			out := pipelinetest.Reannotate(t, foreign, filepath.Join(dir, layout, "annotated"))
			got := pipelinetest.ExcelizeComments(t, out)
			pipelinetest.CheckReannotated(t, ans, c.Rep, sent, got)
			if cm := got[ans.Marked.Sheet][ans.Free]; cm.Author != pipelinetest.AnswerAuthor {
				t.Errorf("%s's comment on %s!%s is by %q", pipelinetest.AnswerAuthor, ans.Marked.Sheet, ans.Free, cm.Author)
			}
			pipelinetest.CheckNoteShapes(t, out)
		})
	}
}
