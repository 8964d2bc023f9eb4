package pipeline_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
)

// annotatedPaths returns where PlanBatch puts each input's annotated copy.
func annotatedPaths(dir string, paths []string) []string {
	var out []string
	for _, in := range pipeline.PlanBatch(dir, paths) {
		out = append(out, in.Annotated)
	}
	return out
}

func TestAnnotatedPaths(t *testing.T) {
	out := filepath.Join("out")
	got := annotatedPaths(out, []string{
		filepath.Join("a", "自评表.xlsx"),
		filepath.Join("b", "自评表.xlsx"),
		filepath.Join("a", "自评表.xlsx"), // named again: the same copy
		filepath.Join("c", "自评表.XLSX"),
		filepath.Join("d", "自评表(2).xlsx"), // the name the second one took
		filepath.Join("e", "其他.xlsx"),
	})
	want := []string{
		filepath.Join(out, "自评表.审核.xlsx"),
		filepath.Join(out, "自评表(2).审核.xlsx"),
		filepath.Join(out, "自评表.审核.xlsx"),
		filepath.Join(out, "自评表(3).审核.xlsx"),
		filepath.Join(out, "自评表(2)(2).审核.xlsx"),
		filepath.Join(out, "其他.审核.xlsx"),
	}
	if !slices.Equal(got, want) {
		t.Errorf("AnnotatedPaths =\n%q\nwant\n%q", got, want)
	}
}

// TestAnnotatedPathsAvoidInputs: a department's returned x.审核.xlsx checked
// beside x.xlsx, in the annotation folder itself, is never written over.
func TestAnnotatedPathsAvoidInputs(t *testing.T) {
	in := filepath.Join("in")
	got := annotatedPaths(in, []string{filepath.Join("in", "x.xlsx"), filepath.Join("in", "X.审核.xlsx")})
	want := []string{filepath.Join(in, "x(2).审核.xlsx"), filepath.Join(in, "X.审核.审核.xlsx")}
	if !slices.Equal(got, want) {
		t.Errorf("AnnotatedPaths =\n%q\nwant\n%q", got, want)
	}
}

// TestProcessNeverOverwritesInput: an annotated copy asked for at the
// input's own path is refused, and the input keeps its bytes.
func TestProcessNeverOverwritesInput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "x.xlsx")
	data, err := os.ReadFile(pipelinetest.SeedWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := pipeline.Process(context.Background(), in, rulebook.DefaultRulebook(), pipeline.Options{AnnotateDir: dir, AnnotatedPath: in})
	if !errors.Is(err, pipeline.ErrAnnotatedIsInput) {
		t.Errorf("error = %v, want ErrAnnotatedIsInput", err)
	}
	if rep == nil || rep.Annotated != "" || rep.Status != report.Accepted {
		t.Errorf("report = %+v, want the accepted report without an annotated copy", rep)
	}
	if got, err := os.ReadFile(in); err != nil || !bytes.Equal(got, data) {
		t.Errorf("input changed (err %v)", err)
	}
}

// TestProcessNoFile: a name that is no file, or a folder, is an unreadable
// report saying so, not an error: the run goes on with one report per input.
func TestProcessNoFile(t *testing.T) {
	dir := t.TempDir()
	for path, want := range map[string]string{
		filepath.Join(dir, "没有这个文件.xlsx"): "找不到这个文件",
		dir: "这是一个文件夹",
	} {
		rep, err := pipeline.Process(context.Background(), path, rulebook.DefaultRulebook(), pipeline.Options{})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if rep.Status != report.Unreadable || len(rep.Findings) != 1 || rep.Findings[0].Code != "not_xlsx" || !strings.Contains(rep.Findings[0].Message, want) {
			t.Errorf("%s: report %+v, want unreadable not_xlsx saying %s", path, rep, want)
		}
	}
}

// TestAnnotatedPathsThroughSymlink: a folder for the copies that is a link
// to the inbox is the inbox: no input is written over through it.
func TestAnnotatedPathsThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	inbox, link := filepath.Join(dir, "inbox"), filepath.Join(dir, "link")
	if err := os.Mkdir(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(inbox, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	inputs := []string{filepath.Join(inbox, "x.xlsx"), filepath.Join(inbox, "x.审核.xlsx")}
	for _, p := range inputs {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := annotatedPaths(link, inputs)
	if want := filepath.Join(link, "x(2).审核.xlsx"); got[0] != want {
		t.Errorf("copy of x.xlsx through the link = %s, want %s", got[0], want)
	}
}

// TestPlanBatchCase: two files whose names differ only in case are two
// inputs where the system keeps them apart, one where it does not; a name
// given twice, or through a link, is one input.
func TestPlanBatchCase(t *testing.T) {
	dir := t.TempDir()
	upper, lower := filepath.Join(dir, "X.xlsx"), filepath.Join(dir, "x.xlsx")
	if err := os.WriteFile(upper, []byte("a"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(lower, []byte("b"), 0o644); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	caseSensitive := len(entries) == 2
	link := filepath.Join(dir, "link.xlsx")
	if err := os.Symlink(upper, link); err != nil {
		t.Skip("no symbolic links here")
	}
	plan := pipeline.PlanBatch(filepath.Join(dir, "out"), []string{upper, lower, upper, link, filepath.Join(dir, "missing.xlsx"), filepath.Join(dir, ".", "missing.xlsx")})
	repeats := []bool{false, !caseSensitive, true, true, false, true}
	for i, in := range plan {
		if in.Repeat != repeats[i] {
			t.Errorf("input %d (%s): repeat %v, want %v", i, in.Path, in.Repeat, repeats[i])
		}
	}
	if caseSensitive && plan[0].Annotated == plan[1].Annotated {
		t.Errorf("X.xlsx and x.xlsx share the annotated copy %s", plan[0].Annotated)
	}
}
