package pipeline

import (
	"archive/zip"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	pathpkg "path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template"
)

// requireTool skips a test when an outside program is missing, unless
// PERFEVAL_REQUIRE_TOOLS is set (as .ci/run does), where it fails instead.
func requireTool(t *testing.T, name string, args ...string) {
	t.Helper()
	if err := exec.Command(name, args...).Run(); err != nil {
		if os.Getenv("PERFEVAL_REQUIRE_TOOLS") != "" {
			t.Fatalf("%s is required (PERFEVAL_REQUIRE_TOOLS is set): %v", name, err)
		}
		t.Skipf("%s not available: %v", name, err)
	}
}

// sameScores fails unless two reports agree on every indicator, the budget,
// the totals and the status.
func sameScores(t *testing.T, got, want *Report) {
	t.Helper()
	if len(got.Indicators) != len(want.Indicators) {
		t.Fatalf("got %d indicators, want %d; findings %v", len(got.Indicators), len(want.Indicators), findingKeys(got))
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
		t.Errorf("status %s, want %s; findings %v", got.Status, want.Status, findingKeys(got))
	}
}

// blankTemplate writes the blank 2022 template into dir.
func blankTemplate(t *testing.T, dir string) string {
	t.Helper()
	blank := filepath.Join(dir, "blank.xlsx")
	if err := template.WriteTemplate(blank, template.Department, TemplateData(DefaultRulebook(), 2022)); err != nil {
		t.Fatal(err)
	}
	return blank
}

// checkFilled compares a workbook another program filled from the seed with
// the excelize-written sample: same scores, and the seed's own findings.
func checkFilled(t *testing.T, path string, want *Report) {
	t.Helper()
	got := processFile(t, path, nil)
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
	requireTool(t, "/usr/bin/python3", "-c", "import openpyxl")
	want := processFile(t, seedWorkbook, nil)
	dir := t.TempDir()
	blank := blankTemplate(t, dir)
	for _, mode := range []string{"numbers", "text"} {
		t.Run(mode, func(t *testing.T) {
			out := filepath.Join(dir, mode+".xlsx")
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, "/usr/bin/python3", "testdata/fill_openpyxl.py", blank, "../samples/nanchang-2022.form.json", out, mode)
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
	requireTool(t, "soffice", "--version")
	requireTool(t, "/usr/bin/python3", "-c", "import uno")
	want := processFile(t, seedWorkbook, nil)
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
	cmd := exec.CommandContext(ctx, "/usr/bin/python3", "testdata/fill_uno.py", blank, "../samples/nanchang-2022.form.json", out, mode, pipe)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("fill with LibreOffice: %v\n%s", err, b)
	}
	return nil
}

// TestLibreOfficeRoundTrip saves the sample through LibreOffice Calc and
// expects the same report as the excelize-written original.
func TestLibreOfficeRoundTrip(t *testing.T) {
	requireTool(t, "soffice", "--version")
	want := processFile(t, seedWorkbook, nil)
	got := processFile(t, resaveWithLibreOffice(t, seedWorkbook, t.TempDir()), nil)
	sameScores(t, got, want)
	gk, wk := findingKeys(got), findingKeys(want)
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
	requireTool(t, "/usr/bin/python3", "-c", "import openpyxl")
	dir := t.TempDir()
	in, mark := colouredReturned(t, filepath.Join(dir, "coloured"))
	for _, w := range resavers {
		t.Run(w.name, func(t *testing.T) {
			if w.tool != nil {
				requireTool(t, w.tool[0], w.tool[1:]...)
			}
			sub := filepath.Join(dir, w.name)
			saved := w.resave(t, in, sub)
			c := checkWorkbook(t, saved)
			out := AnnotatedPath(filepath.Join(sub, "annotated"), saved)
			if err := Annotate(c.f, c.s, c.rep, out); err != nil {
				t.Fatalf("Annotate: %v", err)
			}
			wellFormedColours(t, out)
			got := openpyxlColours(t, out, mark)
			want := cellColours{Font: "FF" + colourMarkFont, Fill: "FF" + fillWarning}
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
	c := checkWorkbook(t, "../samples/example-returned-2022.xlsx")
	var mark template.Ref
	for _, fd := range c.rep.FindingList() {
		if fd.Code == "self_score_mismatch" && fd.Severity == Warning && fd.Ref.Col > 0 {
			mark = fd.Ref
			break
		}
	}
	if mark.Col == 0 {
		t.Fatal("the returned example has no self_score_mismatch warning on a cell; the test needs one")
	}
	cell := cellName(mark.Col, mark.Row)
	id, err := c.f.GetCellStyle(mark.Sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := c.f.GetStyle(id)
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
	if id, err = c.f.NewStyle(st); err != nil {
		t.Fatal(err)
	}
	if err := c.f.SetCellStyle(mark.Sheet, cell, cell, id); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "example-returned-2022.xlsx")
	if err := c.f.SaveAs(path); err != nil {
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
		data := zipPart(t, zf)
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
// department's accountant answer on the annotated copy (answeredCopy), saves
// that copy through LibreOffice Calc or openpyxl, and annotates it again, as
// when a department fixes the copy it got back and sends it in once more.
// Neither program keeps the comments in the layout excelize's AddComment
// assumes (withExcelizeComments): it failed on LibreOffice's shape ids
// (strconv.Atoi: parsing "shape_0") and, after openpyxl, wrote every comment
// into a part no sheet refers to, with no error. The second copy must open
// in openpyxl and pass checkReannotated.
func TestAnnotateResavedComments(t *testing.T) {
	requireTool(t, "/usr/bin/python3", "-c", "import openpyxl")
	dir := t.TempDir()
	ans := answeredCopy(t, dir)
	for _, w := range resavers {
		t.Run(w.name, func(t *testing.T) {
			if w.tool != nil {
				requireTool(t, w.tool[0], w.tool[1:]...)
			}
			sub := filepath.Join(dir, w.name)
			saved := w.resave(t, ans.path, sub)
			sent := openpyxlComments(t, saved)
			out := reannotate(t, saved, filepath.Join(sub, "annotated"))
			got := openpyxlComments(t, out)
			c := checkWorkbook(t, saved)
			checkReannotated(t, ans, c.rep, sent, got)
			if w.name == "openpyxl" {
				// LibreOffice writes no authors (all " "); openpyxl keeps them.
				if cm := got[ans.marked.Sheet][ans.free]; cm.Author != answerAuthor {
					t.Errorf("%s's comment on %s!%s is by %q", answerAuthor, ans.marked.Sheet, ans.free, cm.Author)
				}
			}
			checkNoteShapes(t, out)
		})
	}
}

// sentComment is a cell comment's author and whole text.
type sentComment struct {
	Author string `json:"author"`
	Text   string `json:"text"`
}

// openpyxlComments opens a workbook with openpyxl and returns its comments
// by sheet and cell.
func openpyxlComments(t *testing.T, path string) map[string]map[string]sentComment {
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
	var got map[string]map[string]sentComment
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("openpyxl output %q: %v", b, err)
	}
	return got
}

// checkNoteShapes fails unless every entry of a workbook is a relative
// name, and every sheet's comments have exactly one note shape each in the
// sheet's VML drawings, at the comment's cell, with an id excelize can
// read back (_x0000_s<N>).
func checkNoteShapes(t *testing.T, path string) {
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
	checked := 0
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
			checked++
			if notes[ref] != 1 {
				t.Errorf("%s: %s: comment on %s has %d note shapes, want 1", path, name, ref, notes[ref])
			}
			delete(notes, ref)
		}
		for cell, n := range notes {
			t.Errorf("%s: %s: %d note shapes on %s, which has no comment", path, name, n, cell)
		}
	}
	if checked == 0 {
		t.Errorf("%s: no comment found; the check saw nothing", path)
	}
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

// zipPart returns the content of one file of a zip.
func zipPart(t testing.TB, zf *zip.File) []byte {
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
