package annotate_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

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
			got := xlsxtest.Describe(t, make(t))
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
