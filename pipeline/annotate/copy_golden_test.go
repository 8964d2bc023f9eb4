package annotate_test

import (
	"archive/zip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx/xlsxtest"
)

var update = flag.Bool("update", false, "rewrite testdata/copies/*.txt from the current annotated copies")

// TestAnnotatedCopyGolden: the annotated copy of every bundled sample, and
// of the seed annotated a second time, reads back through excelize as
// testdata/copies holds it: every sheet's cells (value, type and style
// definition), merges, column widths, row heights, links, comments,
// views, page setup, breaks, protection and filters, the sheets' order and
// states, and the defined names. How the annotation writes a sheet may
// change (excelize's model, or the part written directly); what a reader
// finds in the copy may not, unless the golden files are rewritten with
// -update and the difference reviewed.
func TestAnnotatedCopyGolden(t *testing.T) {
	formRules := map[string]*rulebook.Rulebook{template.FormProject: rulebook.DefaultFor(template.FormProject)}
	annotated := func(t *testing.T, in string) string {
		t.Helper()
		rep, err := pipeline.Process(context.Background(), in, rulebook.DefaultRulebook(), pipeline.Options{AnnotateDir: t.TempDir(), FormRules: formRules})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Annotated == "" {
			t.Fatalf("%s: no annotated copy", in)
		}
		return rep.Annotated
	}
	cases := map[string]func(t *testing.T) string{
		"nanchang-2022":         func(t *testing.T) string { return annotated(t, pipelinetest.SeedWorkbook) },
		"example-returned-2022": func(t *testing.T) string { return annotated(t, pipelinetest.ReturnedWorkbook) },
		"blank-2022":            func(t *testing.T) string { return annotated(t, filepath.Join(pipelinetest.Samples, "blank-2022.xlsx")) },
		"project-example-2022": func(t *testing.T) string {
			return annotated(t, filepath.Join(pipelinetest.Samples, "project", "example-2022.xlsx"))
		},
		"project-tianchang-2022": func(t *testing.T) string {
			return annotated(t, filepath.Join(pipelinetest.Samples, "project", "tianchang-2022.xlsx"))
		},
		"project-zhongjiang-2022": func(t *testing.T) string {
			return annotated(t, filepath.Join(pipelinetest.Samples, "project", "zhongjiang-2022.xlsx"))
		},
		// The returned example's copy checked again: the review sheet and
		// marks replaced, not added to.
		"example-returned-2022-again": func(t *testing.T) string {
			return annotated(t, annotated(t, pipelinetest.ReturnedWorkbook))
		},
	}
	for name, make := range cases {
		t.Run(name, func(t *testing.T) {
			got := describeWorkbook(t, make(t))
			if strings.HasSuffix(name, "-again") {
				// The checksum of the first copy, which changes with how
				// the copy is written.
				got = sha256Hex.ReplaceAllString(got, "<SHA-256>")
			}
			golden := filepath.Join("testdata", "copies", name+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if got != string(want) {
				gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
				for i := range max(len(gl), len(wl)) {
					g, w := lineAt(gl, i), lineAt(wl, i)
					if g != w {
						t.Fatalf("%s differs from %s from line %d:\n got: %s\nwant: %s", name, golden, i+1, g, w)
					}
				}
			}
		})
	}
}

var sha256Hex = regexp.MustCompile(`\b[0-9a-f]{64}\b`)

func lineAt(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(end)"
}

// describeWorkbook writes out what a reader finds in a workbook, through
// excelize and, for what excelize has no getter for, the sheet parts.
func describeWorkbook(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	parts := sheetParts(t, path, f)
	var b strings.Builder
	styles := map[string]int{} // style definition → its number in the list below
	var styleList []string
	styleOf := func(id int) string {
		if id == 0 {
			return "-"
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal(st)
		n, ok := styles[string(js)]
		if !ok {
			n = len(styleList) + 1
			styles[string(js)] = n
			styleList = append(styleList, string(js))
		}
		return fmt.Sprint("s", n)
	}
	fmt.Fprintf(&b, "active sheet: %s\n", f.GetSheetName(f.GetActiveSheetIndex()))
	for _, dn := range f.GetDefinedName() {
		fmt.Fprintf(&b, "defined name %s [%s] = %s\n", dn.Name, dn.Scope, dn.RefersTo)
	}
	for _, sheet := range f.GetSheetList() {
		visible, _ := f.GetSheetVisible(sheet)
		fmt.Fprintf(&b, "\n== sheet %s (visible %v)\n", sheet, visible)
		setting := func(label string, v any, err error) {
			if err == nil {
				js, _ := json.Marshal(v)
				fmt.Fprintf(&b, "%s %s\n", label, js)
			}
		}
		props, err := f.GetSheetProps(sheet)
		setting("props", props, err)
		view, err := f.GetSheetView(sheet, 0)
		setting("view", view, err)
		panes, err := f.GetPanes(sheet)
		setting("panes", panes, err)
		layout, err := f.GetPageLayout(sheet)
		setting("page", layout, err)
		margins, err := f.GetPageMargins(sheet)
		setting("margins", margins, err)
		hf, err := f.GetHeaderFooter(sheet)
		setting("header/footer", hf, err)
		for _, line := range rawSheetFacts(parts[sheet]) {
			fmt.Fprintf(&b, "%s\n", line)
		}
		merges, err := f.GetMergeCells(sheet)
		if err != nil {
			t.Fatal(err)
		}
		var ms []string
		for _, m := range merges {
			ms = append(ms, m.GetStartAxis()+":"+m.GetEndAxis())
		}
		slices.Sort(ms)
		fmt.Fprintf(&b, "merged %s\n", strings.Join(ms, " "))
		cols, err := f.GetCols(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for c := 1; c <= max(len(cols), 12); c++ {
			name, _ := excelize.ColumnNumberToName(c)
			w, _ := f.GetColWidth(sheet, name)
			visible, _ := f.GetColVisible(sheet, name)
			fmt.Fprintf(&b, "col %s width %g visible %v\n", name, w, visible)
		}
		comments, _ := f.GetComments(sheet)
		byCell := map[string]excelize.Comment{}
		for _, c := range comments {
			byCell[c.Cell] = c
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r := 1; r <= len(rows)+2; r++ {
			h, _ := f.GetRowHeight(sheet, r)
			visible, _ := f.GetRowVisible(sheet, r)
			fmt.Fprintf(&b, "row %d height %g visible %v\n", r, h, visible)
			for c := 1; c <= max(len(cols), 12); c++ {
				cell, _ := excelize.CoordinatesToCellName(c, r)
				// The value as the cell holds it (GetCellValue gives every
				// cell of a merge the first one's), shared or inline text
				// alike.
				v := ""
				if r <= len(rows) && c <= len(rows[r-1]) {
					v = rows[r-1][c-1]
				}
				typ := "-"
				if v != "" {
					ct, _ := f.GetCellType(sheet, cell)
					typ = cellTypes[ct]
				}
				style, _ := f.GetCellStyle(sheet, cell)
				formula, _ := f.GetCellFormula(sheet, cell)
				link, target, _ := f.GetCellHyperLink(sheet, cell)
				cm, hasComment := byCell[cell]
				if v == "" && style == 0 && formula == "" && !link && !hasComment {
					continue
				}
				fmt.Fprintf(&b, "  %s %q %s style %s", cell, v, typ, styleOf(style))
				if formula != "" {
					fmt.Fprintf(&b, " formula %q", formula)
				}
				if link {
					fmt.Fprintf(&b, " link %q", target)
				}
				if hasComment {
					var text strings.Builder
					for _, p := range cm.Paragraph {
						text.WriteString(p.Text)
					}
					fmt.Fprintf(&b, " comment by %q %dx%d %q", cm.Author, cm.Width, cm.Height, text.String())
				}
				b.WriteByte('\n')
			}
		}
	}
	b.WriteString("\n== styles\n")
	for i, s := range styleList {
		fmt.Fprintf(&b, "s%d %s\n", i+1, s)
	}
	return b.String()
}

var cellTypes = map[excelize.CellType]string{
	excelize.CellTypeUnset: "unset", excelize.CellTypeBool: "bool", excelize.CellTypeDate: "date", excelize.CellTypeError: "error",
	excelize.CellTypeFormula: "formula", excelize.CellTypeInlineString: "text", excelize.CellTypeNumber: "number", excelize.CellTypeSharedString: "text",
}

// sheetParts returns each sheet's part as the file holds it.
func sheetParts(t *testing.T, path string, f *excelize.File) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string][]byte{}
	for _, zf := range zr.File {
		files[zf.Name] = pipelinetest.ZipPart(t, zf)
	}
	rels := string(files["xl/_rels/workbook.xml.rels"])
	wb := string(files["xl/workbook.xml"])
	out := map[string][]byte{}
	for _, sheet := range f.GetSheetList() {
		m := regexp.MustCompile(`<sheet [^>]*name="` + regexp.QuoteMeta(xmlEscape(sheet)) + `"[^>]*r:id="([^"]+)"`).FindStringSubmatch(wb)
		if m == nil {
			t.Fatalf("sheet %s not in workbook.xml", sheet)
		}
		r := regexp.MustCompile(`<Relationship [^>]*Id="` + m[1] + `"[^>]*Target="([^"]+)"|<Relationship [^>]*Target="([^"]+)"[^>]*Id="` + m[1] + `"`).FindStringSubmatch(rels)
		if r == nil {
			t.Fatalf("relationship %s of sheet %s not found", m[1], sheet)
		}
		target := r[1] + r[2]
		if !strings.HasPrefix(target, "/") {
			target = "xl/" + target
		}
		out[sheet] = files[strings.TrimPrefix(target, "/")]
	}
	return out
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace(s)
}

var (
	reBreak      = regexp.MustCompile(`<(?:\w+:)?brk [^>]*id="(\d+)"`)
	reProtection = regexp.MustCompile(`<(?:\w+:)?sheetProtection ([^>]*?)/?>`)
	reAttr       = regexp.MustCompile(`(\w+)="([^"]*)"`)
	reFilter     = regexp.MustCompile(`<(?:\w+:)?autoFilter [^>]*ref="([^"]+)"`)
	reRowBreaks  = regexp.MustCompile(`<(?:\w+:)?rowBreaks[ >].*?</(?:\w+:)?rowBreaks>`)
	reColBreaks  = regexp.MustCompile(`<(?:\w+:)?colBreaks[ >].*?</(?:\w+:)?colBreaks>`)
)

// rawSheetFacts reads from a sheet's part what excelize has no getter for:
// the page breaks, the protection (its flags as booleans) and the filter.
func rawSheetFacts(part []byte) []string {
	s := string(part)
	var out []string
	for _, kind := range []struct {
		name string
		re   *regexp.Regexp
	}{{"row breaks", reRowBreaks}, {"column breaks", reColBreaks}} {
		var ids []string
		for _, m := range reBreak.FindAllStringSubmatch(kind.re.FindString(s), -1) {
			ids = append(ids, m[1])
		}
		out = append(out, kind.name+" "+strings.Join(ids, " "))
	}
	if m := reProtection.FindStringSubmatch(s); m != nil {
		var flags []string
		for _, a := range reAttr.FindAllStringSubmatch(m[1], -1) {
			v := a[2]
			switch v {
			case "true":
				v = "1"
			case "false":
				v = "0"
			}
			flags = append(flags, a[1]+"="+v)
		}
		slices.Sort(flags)
		out = append(out, "protection "+strings.Join(flags, " "))
	}
	if m := reFilter.FindStringSubmatch(s); m != nil {
		out = append(out, "filter "+strings.ReplaceAll(m[1], "$", ""))
	}
	return out
}

// TestReannotateExcelSaved: an annotated copy saved in Excel (its sheet
// parts renumbered in tab order) and checked again keeps _meta and _lists,
// and all its sheets: adding the review and marks sheets anew takes parts
// of their own (xlsx.NewSheet), not theirs.
func TestReannotateExcelSaved(t *testing.T) {
	formRules := map[string]*rulebook.Rulebook{template.FormProject: rulebook.DefaultFor(template.FormProject)}
	for _, in := range []string{pipelinetest.SeedWorkbook, pipelinetest.ReturnedWorkbook, filepath.Join(pipelinetest.Samples, "project", "example-2022.xlsx")} {
		t.Run(filepath.Base(in), func(t *testing.T) {
			rep, err := pipeline.Process(context.Background(), in, rulebook.DefaultRulebook(), pipeline.Options{AnnotateDir: t.TempDir(), FormRules: formRules})
			if err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(rep.Annotated)
			if err != nil {
				t.Fatal(err)
			}
			saved := filepath.Join(t.TempDir(), "excel-saved.xlsx")
			if err := os.WriteFile(saved, xlsxtest.RenumberSheets(t, data), 0o644); err != nil {
				t.Fatal(err)
			}
			again, err := pipeline.Process(context.Background(), saved, rulebook.DefaultRulebook(), pipeline.Options{AnnotateDir: t.TempDir(), FormRules: formRules})
			if err != nil {
				t.Fatal(err)
			}
			if again.Annotated == "" {
				t.Fatal("no annotated copy the second time")
			}
			first, second := pipelinetest.OpenOutput(t, rep.Annotated), pipelinetest.OpenOutput(t, again.Annotated)
			// The sheets no annotation writes: every other one is checked
			// again, its findings (a draft left, say) not the first ones.
			for _, sheet := range []string{template.Department.MetaSheet, template.Department.ListSheet} {
				want, _ := first.GetRows(sheet)
				if len(want) == 0 {
					t.Fatalf("%s is empty in the first copy", sheet)
				}
				got, err := second.GetRows(sheet)
				if err != nil || !slices.EqualFunc(got, want, slices.Equal[[]string]) {
					t.Errorf("%s differs after the second check (%v):\n got %.200v\nwant %.200v", sheet, err, got, want)
				}
			}
			if got, want := second.GetSheetList(), first.GetSheetList(); !slices.Equal(got, want) {
				t.Errorf("sheets %v, want %v", got, want)
			}
		})
	}
}
