package pipeline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/template"
)

// publishedForm is what a transcribed project form says it scored.
type publishedForm struct {
	Rulebook string `json:"rulebook"`
	Funds    []struct {
		Score *string `json:"score"`
	} `json:"funds"`
	Indicators []struct {
		Name  *string `json:"name"`
		Score *string `json:"score"`
	} `json:"indicators"`
	Total struct {
		Score string `json:"score"`
	} `json:"total"`
}

// TestProjectSamples checks the published project forms of samples/project
// under the bundled rulebook each names: every published score is
// reproduced, or a finding at its row says why not; the report matches its
// golden file (-update rewrites it).
func TestProjectSamples(t *testing.T) {
	dir := filepath.Join(pipelinetest.Samples, "project")
	paths, err := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 2 {
		t.Fatalf("%d project samples in %s, want the published forms", len(paths), dir)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			base := strings.TrimSuffix(path, ".xlsx")
			raw, err := os.ReadFile(base + ".form.json")
			if err != nil {
				t.Fatal(err)
			}
			var pub publishedForm
			if err := json.Unmarshal(raw, &pub); err != nil {
				t.Fatal(err)
			}
			rb, err := rulebook.Builtin(pub.Rulebook)
			if err != nil {
				t.Fatal(err)
			}
			rep := pipelinetest.ProcessFile(t, path, rb)
			if rep.Form != template.FormProject || rep.Project == nil {
				t.Fatalf("report form = %q, project %+v; want a project form", rep.Form, rep.Project)
			}
			explained := func(ref string) bool {
				row := rowOf(ref)
				for _, f := range rep.Findings {
					if rowOf(f.Ref) == row && f.Severity != finding.Info {
						return true
					}
				}
				return false
			}
			// Indicators, in order: the published rows that are not
			// placeholders are the report's.
			byName := map[string]report.IndicatorReport{}
			for _, in := range rep.Indicators {
				byName[in.Name] = in
			}
			for _, p := range pub.Indicators {
				if p.Name == nil || p.Score == nil {
					continue
				}
				in, ok := byName[strings.TrimSpace(*p.Name)]
				if !ok {
					t.Errorf("published indicator %q with score %s is not in the report", *p.Name, *p.Score)
					continue
				}
				want := pipelinetest.MustDec(t, *p.Score)
				if in.Score.Valid && in.Score.Decimal.Equal(want) {
					continue
				}
				if !explained(in.Ref) {
					t.Errorf("indicator %q: published %s, reviewed %s, and no finding on its row says why", *p.Name, want, report.Show(in.Score))
				}
			}
			if len(pub.Funds) > 0 && pub.Funds[0].Score != nil {
				want := pipelinetest.MustDec(t, *pub.Funds[0].Score)
				if !rep.Budget.Score.Valid || !rep.Budget.Score.Decimal.Equal(want) {
					t.Errorf("budget score: published %s, reviewed %s", want, report.Show(rep.Budget.Score))
				}
			}
			want := pipelinetest.MustDec(t, pub.Total.Score)
			if !rep.Total.Valid || !rep.Total.Decimal.Equal(want) {
				t.Errorf("total: published %s, reviewed %s", want, report.Show(rep.Total))
			}
			goldenReport(t, rep, base+".golden.json")
		})
	}
}

// TestProjectFormSelection: without a rulebook named, a project workbook
// among department ones is read as a project form and scored by the
// project form's built-in rules; under a department rulebook named by the
// user it is told it is the wrong form.
func TestProjectFormSelection(t *testing.T) {
	path := filepath.Join(pipelinetest.Samples, "project", "zhongjiang-2022.xlsx")
	def := rulebook.DefaultRulebook()
	formRules := map[string]*rulebook.Rulebook{
		template.FormDepartment: def,
		template.FormProject:    rulebook.DefaultFor(template.FormProject),
	}
	rep, err := pipeline.Process(context.Background(), path, def, pipeline.Options{FormRules: formRules})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Form != template.FormProject || rep.Rulebook == nil || rep.Rulebook.ID != rulebook.ProjectDefaultID {
		t.Errorf("form %q scored by %+v, want project by %s", rep.Form, rep.Rulebook, rulebook.ProjectDefaultID)
	}
	rep, err = pipeline.Process(context.Background(), path, def, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range rep.Findings {
		found = found || f.Code == "template_version" && strings.Contains(f.Message, "项目支出绩效自评表") && strings.Contains(f.Message, def.ID)
	}
	if !found || rep.Status != report.Returned {
		t.Errorf("a project workbook under the department rulebook: status %s, findings %+v; want it told it is a project form", rep.Status, rep.Findings)
	}
}

// rowOf returns the row part of a reference: "绩效指标!G6" and
// "绩效指标!6:6" give "绩效指标!6".
func rowOf(ref string) string {
	sheet, cell, ok := strings.Cut(ref, "!")
	if !ok {
		return ref
	}
	cell, _, _ = strings.Cut(cell, ":")
	digits := strings.TrimLeft(cell, "ABCDEFGHIJKLMNOPQRSTUVWXYZ$")
	if _, err := strconv.Atoi(digits); err != nil {
		return ref
	}
	return sheet + "!" + digits
}

// goldenReport compares a report's JSON with a golden file, or rewrites
// the file with -update.
func goldenReport(t *testing.T, rep *report.Report, golden string) {
	t.Helper()
	rep.File = filepath.Base(rep.File)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rep); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./pipeline -run 'TestReportGolden|TestProjectSamples' -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("report differs from %s; run go test ./pipeline -run 'TestReportGolden|TestProjectSamples' -update and read the diff\ngot:\n%s", golden, buf.String())
	}
}
