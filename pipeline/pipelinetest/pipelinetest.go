// Package pipelinetest holds what the tests of the pipeline's packages share:
// the bundled samples' paths, the seed's published results, running a
// workbook through the pipeline, changing a copy of the seed, and reading
// back what an annotated copy holds. Like net/http/httptest, it is for
// tests only.
package pipelinetest

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	pathpkg "path"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/annotate"
	"github.com/perfeval/perfeval/pipeline/check"
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

// Samples is the folder of the bundled sample workbooks.
var Samples = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "samples")
}()

// SeedWorkbook is the seed department's filled form, the published one.
var SeedWorkbook = filepath.Join(Samples, "nanchang-2022.xlsx")

// ReturnedWorkbook is the fictional department's form with common mistakes.
var ReturnedWorkbook = filepath.Join(Samples, "example-returned-2022.xlsx")

// The answer a department writes into the annotated copy in AnsweredCopy.
const (
	AnswerAuthor = "张会计"
	FreeNote     = "本表已按财政局口径复核。"
	AnswerNote   = "已补充说明，见附件。"
)

// CommentAuthor is the author of perfeval's comments.
const CommentAuthor = "perfeval"

// CommentHeading heads perfeval's part of a comment when no reviewer is
// named (annotate.Options).
const CommentHeading = annotate.DefaultReviewer + "："

// SeedExpected is the expected part of samples/nanchang-2022.form.json, the
// seed's published results.
type SeedExpected struct {
	BudgetRates     map[string]string `json:"budget_rates"`
	BudgetScore     string            `json:"budget_score"`
	IndicatorScores []struct {
		Name          string `json:"name"`
		CompletionPct string `json:"completion_pct"`
		Score         string `json:"score"`
	} `json:"indicator_scores"`
	IndicatorTotal  string `json:"indicator_total"`
	Total           string `json:"total"`
	ReportedTotal   string `json:"reported_total"`
	Grade           string `json:"grade"`
	FindingsAtLeast []struct {
		Code  string `json:"code"`
		Where string `json:"where"`
	} `json:"findings_at_least"`
	FindingsNoneOf []struct {
		Code string `json:"code"`
	} `json:"findings_none_of"`
}

// Checked is one workbook run through the pipeline up to Annotate.
type Checked struct {
	F        *excelize.File
	Form     *score.Form
	Findings finding.Findings
	Rep      *report.Report
}

// Answered is the returned example annotated once and answered by the
// department: AnswerAuthor's comment FreeNote on free, a cell of marked's
// sheet with no finding, and AnswerNote on marked, a finding's cell, in
// place of perfeval's comment there.
type Answered struct {
	Path   string
	Marked template.Ref
	Free   string
}

// SentComment is a cell comment's author and whole text.
type SentComment struct {
	Author string `json:"author"`
	Text   string `json:"text"`
}

// LoadSeedExpected reads the seed's published results from
// samples/nanchang-2022.form.json.
func LoadSeedExpected(t testing.TB) SeedExpected {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(Samples, "nanchang-2022.form.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Expected SeedExpected `json:"expected"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Expected
}

// ProcessFile runs path through pipeline.Process under rb (the default
// rulebook when nil) and fails the test on an error.
func ProcessFile(t testing.TB, path string, rb *rulebook.Rulebook) *report.Report {
	t.Helper()
	if rb == nil {
		rb = rulebook.DefaultRulebook()
	}
	rep, err := pipeline.Process(context.Background(), path, rb, pipeline.Options{})
	if err != nil {
		t.Fatalf("pipeline.Process(%s): %v", path, err)
	}
	return rep
}

// OpenWorkbook opens a workbook as Process does, within the container's
// limits (xlsx.Open).
func OpenWorkbook(path string) (*excelize.File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return xlsx.Open(data)
}

// MustDec parses a decimal or fails the test.
func MustDec(t testing.TB, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatalf("bad decimal %q: %v", s, err)
	}
	return d
}

// WantDec checks that got holds the decimal want.
func WantDec(t testing.TB, what string, got decimal.NullDecimal, want string) {
	t.Helper()
	if !got.Valid {
		t.Errorf("%s = null, want %s", what, want)
		return
	}
	if !got.Decimal.Equal(MustDec(t, want)) {
		t.Errorf("%s = %s, want %s", what, got.Decimal, want)
	}
}

// WantPct checks a percent figure as the report writes it, to the digit:
// the golden figures are written as the forms write them, "100.00".
func WantPct(t testing.TB, what string, got report.Percent, want string) {
	t.Helper()
	if got.String() != want {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

// RefOfLabel returns Sheet!B<row> for the row whose column A is label.
func RefOfLabel(t testing.TB, path, sheet, label string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && template.Norm(r[0]) == template.Norm(label) {
			return template.Ref{Sheet: sheet, Row: i + 1, Col: 2}.String()
		}
	}
	t.Fatalf("label %q not found on %s", label, sheet)
	return ""
}

// Mutated writes a copy of the seed workbook with one change applied.
func Mutated(t testing.TB, change func(f *excelize.File) error) string {
	t.Helper()
	return MutatedFrom(t, SeedWorkbook, change)
}

// MutatedFrom writes a copy of the workbook at path with one change applied.
func MutatedFrom(t testing.TB, path string, change func(f *excelize.File) error) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := change(f); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "Mutated.xlsx")
	if err := f.SaveAs(out); err != nil {
		t.Fatal(err)
	}
	return out
}

// Set returns a change for Mutated that sets one cell.
func Set(sheet, cell string, v any) func(*excelize.File) error {
	return func(f *excelize.File) error { return f.SetCellValue(sheet, cell, v) }
}

// FindingKeys returns each finding of r as "code ref".
func FindingKeys(r *report.Report) []string {
	var keys []string
	for _, f := range r.Findings {
		keys = append(keys, string(f.Code)+" "+f.Ref)
	}
	return keys
}

// AddedFindings returns the findings of rep that base does not have: the
// seed's own findings are not a mutation's. A finding counts as the same
// when code, cell, severity and message agree.
func AddedFindings(base, rep *report.Report) []report.FindingReport {
	seen := map[report.FindingReport]int{}
	for _, f := range base.Findings {
		seen[f]++
	}
	var added []report.FindingReport
	for _, f := range rep.Findings {
		if seen[f] > 0 {
			seen[f]--
			continue
		}
		added = append(added, f)
	}
	return added
}

// CheckWorkbook opens, parses, scores and checks path as Process does,
// keeping the open workbook for Annotate; the test closes it.
func CheckWorkbook(t testing.TB, path string) Checked {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	f, err := OpenWorkbook(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	rb := rulebook.DefaultRulebook()
	s := score.Parse(template.Read(f, template.Department))
	score.Score(s, rb)
	fs, err := check.Run(context.Background(), s, rb)
	if err != nil {
		t.Fatal(err)
	}
	return Checked{F: f, Form: s, Findings: fs, Rep: report.NewReport(path, hex.EncodeToString(sum[:]), s, fs)}
}

// HashFile returns the SHA-256 of a file, in hex.
func HashFile(t testing.TB, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// OpenOutput opens a workbook perfeval wrote; the test closes it.
func OpenOutput(t testing.TB, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("open annotated copy: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// CellAt returns the raw value of a cell; col and row are 1-based.
func CellAt(t testing.TB, f *excelize.File, sheet string, col, row int) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cellName(col, row), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// StyleAt returns the style of a cell; col and row are 1-based.
func StyleAt(t testing.TB, f *excelize.File, sheet string, col, row int) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cellName(col, row))
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// FillColor returns a style's pattern fill colour, or "".
func FillColor(st *excelize.Style) string {
	if len(st.Fill.Color) == 0 {
		return ""
	}
	return strings.ToUpper(st.Fill.Color[0])
}

// CommentsBy returns a sheet's comments by cell, each as its whole text.
func CommentsBy(t testing.TB, f *excelize.File, sheet string) map[string]excelize.Comment {
	t.Helper()
	list, err := f.GetComments(sheet)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]excelize.Comment{}
	for _, c := range list {
		out[c.Cell] = c
	}
	return out
}

// CommentText returns a comment's whole text, its runs joined.
func CommentText(c excelize.Comment) string {
	var b strings.Builder
	b.WriteString(c.Text)
	for _, r := range c.Paragraph {
		b.WriteString(r.Text)
	}
	return b.String()
}

// ZipPart returns the content of one file of a zip.
func ZipPart(t testing.TB, zf *zip.File) []byte {
	t.Helper()
	rc, err := zf.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// ProcessAnnotated processes in with an annotated copy.
func ProcessAnnotated(t *testing.T, in string) *report.Report {
	t.Helper()
	rep, err := pipeline.Process(context.Background(), in, rulebook.DefaultRulebook(), pipeline.Options{AnnotateDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Annotated == "" {
		t.Fatal("no annotated copy")
	}
	return rep
}

// AnsweredCopy writes the answered copy into dir.
func AnsweredCopy(t *testing.T, dir string) Answered {
	t.Helper()
	c := CheckWorkbook(t, ReturnedWorkbook)
	var ans Answered
	cells := map[template.Ref]bool{}
	for _, fd := range c.Findings {
		cells[fd.Ref] = true
		if ans.Marked.Col == 0 && fd.Ref.Row > 0 && fd.Ref.Col > 0 {
			ans.Marked = fd.Ref
		}
	}
	if ans.Marked.Col == 0 {
		t.Fatal("the returned example has no finding on a cell; the test needs one")
	}
	for row := 1; ans.Free == ""; row++ {
		if ref := (template.Ref{Sheet: ans.Marked.Sheet, Row: row, Col: 1}); !cells[ref] {
			ans.Free = ref.Cell()
		}
	}
	first := filepath.Join(dir, "first", "example-returned-2022.xlsx")
	if err := annotate.Annotate(c.F, c.Form, c.Findings, c.Rep, first, annotate.Options{}); err != nil {
		t.Fatalf("Annotate: %v", err)
	}
	f, err := excelize.OpenFile(first)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	note := func(text string) []excelize.RichTextRun {
		return []excelize.RichTextRun{
			{Text: AnswerAuthor + ":", Font: &excelize.Font{Bold: true, Size: 9, Family: "宋体", Color: "000000"}},
			{Text: "\n" + text, Font: &excelize.Font{Size: 9, Family: "宋体", Color: "000000"}},
		}
	}
	sheet := ans.Marked.Sheet
	if err := f.AddComment(sheet, excelize.Comment{Cell: ans.Free, Author: AnswerAuthor, Paragraph: note(FreeNote)}); err != nil {
		t.Fatal(err)
	}
	if err := f.DeleteComment(sheet, ans.Marked.Cell()); err != nil {
		t.Fatal(err)
	}
	if err := f.AddComment(sheet, excelize.Comment{Cell: ans.Marked.Cell(), Author: AnswerAuthor, Paragraph: note(AnswerNote)}); err != nil {
		t.Fatal(err)
	}
	ans.Path = filepath.Join(dir, "Answered", "example-returned-2022.xlsx")
	if err := os.MkdirAll(filepath.Dir(ans.Path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(ans.Path); err != nil {
		t.Fatal(err)
	}
	return ans
}

// Reannotate annotates a workbook into dir, expects the workbook itself
// unchanged, and returns the annotated copy.
func Reannotate(t *testing.T, in, dir string) string {
	t.Helper()
	before, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	c := CheckWorkbook(t, in)
	out := pipeline.AnnotatedPath(dir, in)
	if err := annotate.Annotate(c.F, c.Form, c.Findings, c.Rep, out, annotate.Options{}); err != nil {
		t.Fatalf("Annotate %s: %v", in, err)
	}
	if after, err := os.ReadFile(in); err != nil || !bytes.Equal(before, after) {
		t.Fatalf("input file changed by Annotate (err %v)", err)
	}
	return out
}

// CheckReannotated compares the comments of an answered copy as sent (after
// whatever program saved it) with those of its annotated copy, got: every
// finding's cell carries perfeval's comment, its part once; every comment
// sent is still there; no other cell has one; the comment on free is as
// sent, with its author; the answer on marked stays above perfeval's part.
func CheckReannotated(t *testing.T, ans Answered, rep *report.Report, sent, got map[string]map[string]SentComment) {
	t.Helper()
	if _, ok := sent[ans.Marked.Sheet][ans.Free]; !ok {
		t.Fatalf("the copy sent has no comment on %s!%s; the test needs it", ans.Marked.Sheet, ans.Free)
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
	for _, fd := range rep.Findings {
		sheet, cell, ok := strings.Cut(fd.Ref, "!")
		if !ok {
			continue
		}
		need(sheet, cell)
		cm, ok := got[sheet][cell]
		switch {
		case !ok:
			t.Errorf("%s!%s: no comment, want perfeval's for %s", sheet, cell, fd.Code)
		case strings.Count(cm.Text, CommentHeading) != 1 || !strings.Contains(cm.Text, fd.Message):
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
	sheet := ans.Marked.Sheet
	if cm, was := got[sheet][ans.Free], sent[sheet][ans.Free]; cm != was || !strings.Contains(cm.Text, FreeNote) || !strings.Contains(cm.Text, AnswerAuthor) {
		t.Errorf("%s's comment on %s!%s = %+v, want it as sent, %+v", AnswerAuthor, sheet, ans.Free, cm, was)
	}
	text := got[sheet][ans.Marked.Cell()].Text
	if strings.Count(text, AnswerNote) != 1 || strings.Index(text, AnswerNote) > strings.Index(text, CommentHeading) {
		t.Errorf("%s: comment %q, want %s's answer once, above perfeval's part", ans.Marked, text, AnswerAuthor)
	}
}

// CheckNoteShapes fails unless every entry of a workbook is a relative
// name, and every sheet's comments have exactly one note shape each in the
// sheet's VML drawings, at the comment's cell, with an id excelize can
// read back (_x0000_s<N>).
func CheckNoteShapes(t *testing.T, path string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	parts := map[string]*zip.File{}
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "/") {
			t.Errorf("%s: entry %q has an absolute name", path, zf.Name)
		}
		parts[zf.Name] = zf
	}
	read := func(name string, v any) bool {
		zf := parts[name]
		if zf == nil {
			t.Errorf("%s: no part %s", path, name)
			return false
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		d := xml.NewDecoder(rc)
		d.Strict, d.AutoClose = false, xml.HTMLAutoClose
		if err := d.Decode(v); err != nil {
			t.Errorf("%s: part %s: %v", path, name, err)
			return false
		}
		return true
	}
	shapeID := regexp.MustCompile(`^_x0000_s[0-9]+$`)
	Checked := 0
	for name := range parts {
		if !strings.HasPrefix(name, "xl/worksheets/_rels/") || !strings.HasSuffix(name, ".rels") {
			continue
		}
		var rels struct {
			Rel []struct {
				Type   string `xml:"Type,attr"`
				Target string `xml:"Target,attr"`
			} `xml:"Relationship"`
		}
		if !read(name, &rels) {
			continue
		}
		resolve := func(target string) string {
			if strings.HasPrefix(target, "/") {
				return strings.TrimPrefix(target, "/")
			}
			return pathpkg.Join("xl/worksheets", target)
		}
		var comments []string
		notes := map[string]int{}
		for _, r := range rels.Rel {
			switch {
			case strings.HasSuffix(r.Type, "/comments"):
				var cs struct {
					Comment []struct {
						Ref string `xml:"ref,attr"`
					} `xml:"commentList>comment"`
				}
				if read(resolve(r.Target), &cs) {
					for _, c := range cs.Comment {
						comments = append(comments, c.Ref)
					}
				}
			case strings.HasSuffix(r.Type, "/vmlDrawing"):
				var vml struct {
					Shape []struct {
						ID         string `xml:"id,attr"`
						ClientData struct {
							ObjectType string `xml:"ObjectType,attr"`
							Row        int    `xml:"Row"`
							Column     int    `xml:"Column"`
						} `xml:"ClientData"`
					} `xml:"shape"`
				}
				if !read(resolve(r.Target), &vml) {
					continue
				}
				for _, sp := range vml.Shape {
					if sp.ClientData.ObjectType != "Note" {
						continue
					}
					if !shapeID.MatchString(sp.ID) {
						t.Errorf("%s: %s: note shape id %q", path, r.Target, sp.ID)
					}
					notes[cellName(sp.ClientData.Column+1, sp.ClientData.Row+1)]++
				}
			}
		}
		for _, ref := range comments {
			Checked++
			if notes[ref] != 1 {
				t.Errorf("%s: %s: comment on %s has %d note shapes, want 1", path, name, ref, notes[ref])
			}
			delete(notes, ref)
		}
		for cell, n := range notes {
			t.Errorf("%s: %s: %d note shapes on %s, which has no comment", path, name, n, cell)
		}
	}
	if Checked == 0 {
		t.Errorf("%s: no comment found; the check saw nothing", path)
	}
}

// ExcelizeComments returns a workbook's comments by sheet and cell, as
// excelize reads them.
func ExcelizeComments(t *testing.T, path string) map[string]map[string]SentComment {
	t.Helper()
	f := OpenOutput(t, path)
	out := map[string]map[string]SentComment{}
	for _, sheet := range f.GetSheetList() {
		for cell, c := range CommentsBy(t, f, sheet) {
			if out[sheet] == nil {
				out[sheet] = map[string]SentComment{}
			}
			out[sheet][cell] = SentComment{Author: c.Author, Text: CommentText(c)}
		}
	}
	return out
}

// InOrder applies changes one after the other.
func InOrder(changes ...func(*excelize.File) error) func(*excelize.File) error {
	return func(f *excelize.File) error {
		for _, c := range changes {
			if err := c(f); err != nil {
				return err
			}
		}
		return nil
	}
}

// TotalRow writes a total row at the given row of 绩效指标: label in A,
// 分值 in F and 得分 in G (nil leaves a cell blank).
func TotalRow(row string, label string, weight, score any) func(*excelize.File) error {
	changes := []func(*excelize.File) error{Set("绩效指标", "A"+row, label)}
	if weight != nil {
		changes = append(changes, Set("绩效指标", "F"+row, weight))
	}
	if score != nil {
		changes = append(changes, Set("绩效指标", "G"+row, score))
	}
	return InOrder(changes...)
}

// RequireTool skips a test when an outside program is missing, unless
// PERFEVAL_REQUIRE_TOOLS is set (as .ci/run does), where it fails instead.
func RequireTool(t *testing.T, name string, args ...string) {
	t.Helper()
	if err := exec.Command(name, args...).Run(); err != nil {
		if os.Getenv("PERFEVAL_REQUIRE_TOOLS") != "" {
			t.Fatalf("%s is required (PERFEVAL_REQUIRE_TOOLS is set): %v", name, err)
		}
		t.Skipf("%s not available: %v", name, err)
	}
}

// cellName is the A1 name of a cell; col and row are 1-based.
func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}
