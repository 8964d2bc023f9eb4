package pipeline_test

import (
	"archive/zip"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/annotate"
	"github.com/perfeval/perfeval/pipeline/explain"
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/template"
)

// sameScores fails unless two reports agree on every indicator, the budget,
// the totals and the status.
func sameScores(t *testing.T, got, want *report.Report) {
	t.Helper()
	if len(got.Indicators) != len(want.Indicators) {
		t.Fatalf("got %d indicators, want %d; findings %v", len(got.Indicators), len(want.Indicators), pipelinetest.FindingKeys(got))
	}
	for i, w := range want.Indicators {
		g := got.Indicators[i]
		if g.Name != w.Name || g.Level1 != w.Level1 || g.Level2 != w.Level2 ||
			g.Completion.Decimal.Cmp(w.Completion.Decimal) != 0 || g.Score.Decimal.Cmp(w.Score.Decimal) != 0 || g.Score.Valid != w.Score.Valid {
			t.Errorf("indicator %d: got %+v, want %+v", i, g, w)
		}
	}
	for i, w := range want.Budget.Rows {
		if i >= len(got.Budget.Rows) {
			t.Fatalf("budget rows: got %d, want %d", len(got.Budget.Rows), len(want.Budget.Rows))
		}
		g := got.Budget.Rows[i]
		if g.Rate.Decimal.Cmp(w.Rate.Decimal) != 0 || g.Budget.Decimal.Cmp(w.Budget.Decimal) != 0 || g.StatedRate.Decimal.Cmp(w.StatedRate.Decimal) != 0 {
			t.Errorf("budget row %s: got %+v, want %+v", w.Name, g, w)
		}
	}
	if got.Total.Decimal.Cmp(want.Total.Decimal) != 0 || got.Budget.Score.Decimal.Cmp(want.Budget.Score.Decimal) != 0 || got.Grade != want.Grade {
		t.Errorf("total %s budget %s grade %s, want %s %s %s", got.Total.Decimal, got.Budget.Score.Decimal, got.Grade, want.Total.Decimal, want.Budget.Score.Decimal, want.Grade)
	}
	if got.Status != want.Status {
		t.Errorf("status %s, want %s; findings %v", got.Status, want.Status, pipelinetest.FindingKeys(got))
	}
}

// blankTemplate writes the blank 2022 template into dir.
func blankTemplate(t *testing.T, dir string) string {
	t.Helper()
	blank := filepath.Join(dir, "blank.xlsx")
	if err := template.WriteTemplate(blank, template.Department, explain.TemplateData(rulebook.DefaultRulebook(), 2022)); err != nil {
		t.Fatal(err)
	}
	return blank
}

// checkFilled compares a workbook another program filled from the seed with
// the excelize-written sample: same scores, and the seed's own findings.
func checkFilled(t *testing.T, path string, want *report.Report) {
	t.Helper()
	got := pipelinetest.ProcessFile(t, path, nil)
	sameScores(t, got, want)
	// The same figures give the same findings, at the same cells, with the
	// same words, whichever program wrote them.
	if !slices.Equal(got.Findings, want.Findings) {
		t.Errorf("findings:\n  %v\nwant:\n  %v", got.Findings, want.Findings)
	}
}

// TestOpenpyxlFilled fills the blank template with openpyxl, numbers as
// numbers and numbers typed as text, and expects the seed's scores.
func TestOpenpyxlFilled(t *testing.T) {
	pipelinetest.RequireTool(t, "/usr/bin/python3", "-c", "import openpyxl")
	want := pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, nil)
	dir := t.TempDir()
	blank := blankTemplate(t, dir)
	for _, mode := range []string{"numbers", "text"} {
		t.Run(mode, func(t *testing.T) {
			out := filepath.Join(dir, mode+".xlsx")
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, "/usr/bin/python3", "testdata/fill_openpyxl.py", blank, filepath.Join(pipelinetest.Samples, "nanchang-2022.form.json"), out, mode)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("fill with openpyxl: %v\n%s", err, b)
			}
			checkFilled(t, out, want)
		})
	}
}

// TestLibreOfficeFilled fills the blank template in LibreOffice Calc through
// UNO, numbers as numbers and as text, saves it with Calc's own .xlsx filter
// and expects the seed's scores.
func TestLibreOfficeFilled(t *testing.T) {
	pipelinetest.RequireTool(t, "soffice", "--version")
	pipelinetest.RequireTool(t, "/usr/bin/python3", "-c", "import uno")
	want := pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, nil)
	dir := t.TempDir()
	blank := blankTemplate(t, dir)
	// numbers-deleted also deletes an unused row, after which Calc saves
	// an empty row 1048576 far below the table.
	for _, mode := range []string{"numbers", "text", "numbers-deleted"} {
		t.Run(mode, func(t *testing.T) {
			out := filepath.Join(dir, "lo-"+mode+".xlsx")
			// Headless soffice now and then crashes on start-up under load;
			// that is LibreOffice's trouble, not the reader's, so a crashed
			// run is tried twice more before the test fails.
			var err error
			for attempt := 1; attempt <= 3; attempt++ {
				if err = fillWithLibreOffice(blank, out, mode, filepath.Join(dir, "profile-"+mode+"-"+strconv.Itoa(attempt))); err == nil {
					break
				}
				t.Logf("attempt %d: %v", attempt, err)
			}
			if err != nil {
				t.Fatal(err)
			}
			checkFilled(t, out, want)
		})
	}
}

// fillWithLibreOffice starts soffice listening on a pipe and runs the UNO
// fill script against it.
func fillWithLibreOffice(blank, out, mode, profile string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	pipe := "perfeval-test-" + filepath.Base(profile) + "-" + strconv.Itoa(os.Getpid())
	office := exec.CommandContext(ctx, "soffice", "--headless", "--norestore", "--nologo", "--nodefault",
		"-env:UserInstallation=file://"+profile,
		"--accept=pipe,name="+pipe+";urp;StarOffice.ComponentContext")
	if err := office.Start(); err != nil {
		return err
	}
	defer func() {
		office.Process.Kill()
		office.Wait()
	}()
	cmd := exec.CommandContext(ctx, "/usr/bin/python3", "testdata/fill_uno.py", blank, filepath.Join(pipelinetest.Samples, "nanchang-2022.form.json"), out, mode, pipe)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("fill with LibreOffice: %v\n%s", err, b)
	}
	return nil
}

// TestLibreOfficeRoundTrip saves the sample through LibreOffice Calc and
// expects the same report as the excelize-written original.
func TestLibreOfficeRoundTrip(t *testing.T) {
	pipelinetest.RequireTool(t, "soffice", "--version")
	want := pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, nil)
	got := pipelinetest.ProcessFile(t, resaveWithLibreOffice(t, pipelinetest.SeedWorkbook, t.TempDir()), nil)
	sameScores(t, got, want)
	gk, wk := pipelinetest.FindingKeys(got), pipelinetest.FindingKeys(want)
	if !slices.Equal(gk, wk) {
		t.Errorf("findings after LibreOffice:\n  %v\nwant:\n  %v", gk, wk)
	}
}

// resaveWithLibreOffice saves a copy of a workbook through LibreOffice
// Calc's own .xlsx filter, in dir, and returns the copy's path.
func resaveWithLibreOffice(t *testing.T, src, dir string) string {
	t.Helper()
	in := filepath.Join(dir, "in", filepath.Base(src))
	if err := os.MkdirAll(filepath.Dir(in), 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	outDir := filepath.Join(dir, "out")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "soffice", "--headless", "--norestore",
		"-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outDir, in)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	return filepath.Join(outDir, filepath.Base(src))
}

// resaveWithOpenpyxl loads a workbook with openpyxl and saves it in dir, as
// a department's script would, and returns the copy's path.
func resaveWithOpenpyxl(t *testing.T, src, dir string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, filepath.Base(src))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/usr/bin/python3", "-c",
		"import sys, openpyxl; openpyxl.load_workbook(sys.argv[1]).save(sys.argv[2])", src, out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("resave with openpyxl: %v\n%s", err, b)
	}
	return out
}

// TestAnnotateResaved annotates the returned example after LibreOffice Calc
// or openpyxl saved it, with one marked cell given red borders and a purple
// font, and expects an annotated copy that openpyxl opens, whose every
// colour is well-formed ARGB, and whose marked cell keeps its colours under
// the severity fill. excelize reads the colours of such files in forms it
// cannot write back: an automatic border colour, any border colour of a
// workbook without a theme (LibreOffice's) and openpyxl's "00000000" black.
func TestAnnotateResaved(t *testing.T) {
	pipelinetest.RequireTool(t, "/usr/bin/python3", "-c", "import openpyxl")
	dir := t.TempDir()
	in, mark := colouredReturned(t, filepath.Join(dir, "coloured"))
	for _, w := range resavers {
		t.Run(w.name, func(t *testing.T) {
			if w.tool != nil {
				pipelinetest.RequireTool(t, w.tool[0], w.tool[1:]...)
			}
			sub := filepath.Join(dir, w.name)
			saved := w.resave(t, in, sub)
			c := pipelinetest.CheckWorkbook(t, saved)
			out := pipeline.AnnotatedPath(filepath.Join(sub, "annotated"), saved)
			if err := annotate.Annotate(c.F, c.Form, c.Findings, c.Rep, out, annotate.Options{}); err != nil {
				t.Fatalf("Annotate: %v", err)
			}
			wellFormedColours(t, out)
			got := openpyxlColours(t, out, mark)
			want := cellColours{Font: "FF" + colourMarkFont, Fill: "FF" + annotate.FillWarning}
			for range 4 {
				want.Borders = append(want.Borders, "FF"+colourMarkBorder)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s in the annotated copy: %+v, want %+v", mark, got, want)
			}
			// _meta is very hidden again, however the program saved it.
			if state := sheetState(t, out, template.Department.MetaSheet); state != "veryHidden" {
				t.Errorf("%s is %q in the annotated copy, want veryHidden", template.Department.MetaSheet, state)
			}
		})
	}
}

// Colours colouredReturned gives its marked cell.
const (
	colourMarkBorder = "C00000"
	colourMarkFont   = "7030A0"
)

// colouredReturned writes the returned example into dir with the cell of
// its self_score_mismatch warning given red borders and a purple font, and
// returns the file and that cell.
func colouredReturned(t *testing.T, dir string) (string, template.Ref) {
	t.Helper()
	c := pipelinetest.CheckWorkbook(t, filepath.Join(pipelinetest.Samples, "example-returned-2022.xlsx"))
	var mark template.Ref
	for _, fd := range c.Findings {
		if fd.Code == "self_score_mismatch" && fd.Severity == finding.Warning && fd.Ref.Col > 0 {
			mark = fd.Ref
			break
		}
	}
	if mark.Col == 0 {
		t.Fatal("the returned example has no self_score_mismatch warning on a cell; the test needs one")
	}
	cell := mark.Cell()
	id, err := c.F.GetCellStyle(mark.Sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := c.F.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	font := excelize.Font{Family: "宋体", Size: 11}
	if st.Font != nil {
		font = *st.Font
	}
	font.Color, font.ColorTheme, font.ColorIndexed, font.ColorTint = colourMarkFont, nil, 0, 0
	st.Font = &font
	st.Border = nil
	for _, side := range []string{"left", "right", "top", "bottom"} {
		st.Border = append(st.Border, excelize.Border{Type: side, Color: colourMarkBorder, Style: 1})
	}
	if id, err = c.F.NewStyle(st); err != nil {
		t.Fatal(err)
	}
	if err := c.F.SetCellStyle(mark.Sheet, cell, cell, id); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "example-returned-2022.xlsx")
	if err := c.F.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path, mark
}

// rgbAttr finds the rgb attributes of SpreadsheetML colours, and
// wellFormedRGB is what they hold: ARGB, four bytes in hex.
var (
	rgbAttr       = regexp.MustCompile(`\brgb="([^"]*)"`)
	wellFormedRGB = regexp.MustCompile(`^[0-9A-Fa-f]{8}$`)
)

// wellFormedColours fails on every rgb attribute of a workbook's styles and
// comments that is not 8 hex digits.
func wellFormedColours(t *testing.T, path string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	seen := 0
	for _, zf := range zr.File {
		if zf.Name != "xl/styles.xml" && !(strings.HasPrefix(zf.Name, "xl/comments") && strings.HasSuffix(zf.Name, ".xml")) {
			continue
		}
		data := pipelinetest.ZipPart(t, zf)
		bad := map[string]int{}
		for _, m := range rgbAttr.FindAllStringSubmatch(string(data), -1) {
			seen++
			if !wellFormedRGB.MatchString(m[1]) {
				bad[m[1]]++
			}
		}
		if len(bad) > 0 {
			t.Errorf("%s: malformed colours (rgb value: count) %v", zf.Name, bad)
		}
	}
	if seen == 0 {
		t.Errorf("%s: no rgb colour in its styles or comments; the check saw nothing", path)
	}
}

// cellColours is a cell's colours as openpyxl reads them, ARGB; "" for one
// that is not an explicit RGB colour.
type cellColours struct {
	Font    string   `json:"font"`
	Fill    string   `json:"fill"`
	Borders []string `json:"borders"` // left, right, top, bottom
}

// openpyxlColours opens a workbook with openpyxl, which refuses a malformed
// colour, and returns the colours of a cell.
func openpyxlColours(t *testing.T, path string, ref template.Ref) cellColours {
	t.Helper()
	const script = `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]
c = ws.cell(row=int(sys.argv[3]), column=int(sys.argv[4]))
def rgb(col):
    return col.rgb.upper() if col is not None and col.type == "rgb" else ""
b = c.border
print(json.dumps({"font": rgb(c.font.color), "fill": rgb(c.fill.fgColor),
                  "borders": [rgb(s.color) for s in (b.left, b.right, b.top, b.bottom)]}))
`
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/usr/bin/python3", "-c", script, path, ref.Sheet, strconv.Itoa(ref.Row), strconv.Itoa(ref.Col))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("openpyxl cannot open the annotated copy: %v\n%s", err, stderr.String())
	}
	var got cellColours
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("openpyxl output %q: %v", b, err)
	}
	return got
}

// TestAnnotateResavedComments annotates the returned example, lets the
// department's accountant answer on the annotated copy (pipelinetest.AnsweredCopy), saves
// that copy through LibreOffice Calc or openpyxl, and annotates it again, as
// when a department fixes the copy it got back and sends it in once more.
// Neither program keeps the comments in the layout excelize's AddComment
// assumes (xlsx.WithExcelizeComments): it failed on LibreOffice's shape ids
// (strconv.Atoi: parsing "shape_0") and, after openpyxl, wrote every comment
// into a part no sheet refers to, with no error. The second copy must open
// in openpyxl and pass pipelinetest.CheckReannotated.
func TestAnnotateResavedComments(t *testing.T) {
	pipelinetest.RequireTool(t, "/usr/bin/python3", "-c", "import openpyxl")
	dir := t.TempDir()
	ans := pipelinetest.AnsweredCopy(t, dir)
	for _, w := range resavers {
		t.Run(w.name, func(t *testing.T) {
			if w.tool != nil {
				pipelinetest.RequireTool(t, w.tool[0], w.tool[1:]...)
			}
			sub := filepath.Join(dir, w.name)
			saved := w.resave(t, ans.Path, sub)
			sent := openpyxlComments(t, saved)
			out := pipelinetest.Reannotate(t, saved, filepath.Join(sub, "annotated"))
			got := openpyxlComments(t, out)
			c := pipelinetest.CheckWorkbook(t, saved)
			pipelinetest.CheckReannotated(t, ans, c.Rep, sent, got)
			if w.name == "openpyxl" {
				// LibreOffice writes no authors (all " "); openpyxl keeps them.
				if cm := got[ans.Marked.Sheet][ans.Free]; cm.Author != pipelinetest.AnswerAuthor {
					t.Errorf("%s's comment on %s!%s is by %q", pipelinetest.AnswerAuthor, ans.Marked.Sheet, ans.Free, cm.Author)
				}
			}
			pipelinetest.CheckNoteShapes(t, out)
		})
	}
}

// openpyxlComments opens a workbook with openpyxl and returns its comments
// by sheet and cell.
func openpyxlComments(t *testing.T, path string) map[string]map[string]pipelinetest.SentComment {
	t.Helper()
	const script = `
import json, sys, openpyxl
out = {}
for ws in openpyxl.load_workbook(sys.argv[1]).worksheets:
    for row in ws.iter_rows():
        for c in row:
            if c.comment is not None:
                out.setdefault(ws.title, {})[c.coordinate] = {"author": c.comment.author or "", "text": c.comment.text}
print(json.dumps(out, ensure_ascii=False))
`
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/usr/bin/python3", "-c", script, path)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("openpyxl cannot open %s: %v\n%s", path, err, stderr.String())
	}
	var got map[string]map[string]pipelinetest.SentComment
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("openpyxl output %q: %v", b, err)
	}
	return got
}

// resavers are the other programs a department may save its form with.
var resavers = []struct {
	name   string
	tool   []string // the command that must run for the program to be there
	resave func(t *testing.T, src, dir string) string
}{
	{"LibreOffice", []string{"soffice", "--version"}, resaveWithLibreOffice},
	{"openpyxl", nil, resaveWithOpenpyxl},
}

// sheetState returns the state attribute of a sheet in a workbook's
// xl/workbook.xml: "" (visible), "hidden" or "veryHidden".
func sheetState(t *testing.T, path, sheet string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	rc, err := zr.Open("xl/workbook.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var wb struct {
		Sheets []struct {
			Name  string `xml:"name,attr"`
			State string `xml:"state,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.NewDecoder(rc).Decode(&wb); err != nil {
		t.Fatal(err)
	}
	for _, s := range wb.Sheets {
		if s.Name == sheet {
			return s.State
		}
	}
	t.Fatalf("no sheet %s in %s", sheet, path)
	return ""
}
