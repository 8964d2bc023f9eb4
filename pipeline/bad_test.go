package pipeline_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/samples/badgen/corpus"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

// badDir holds the bad-input corpus written by samples/badgen.
var badDir = filepath.Join(pipelinetest.Samples, "bad")

// badTimeout is the per-file time bound of the bad-input test: generous, so
// that only a real hang reaches it, and enforced by Process itself, so that
// a file that reaches it fails its expectation instead of hanging the test.
const badTimeout = 20 * time.Second

// badMemory bounds what checking one file of the corpus may allocate in
// all, the giants (zip bombs, million-row sheets) included. TotalAlloc
// bounds the peak heap from above without sampling it.
const badMemory = 200 << 20

// findingKey is a finding as the corpus expectations write it: "code ref",
// or the code alone for a finding about the whole file.
func findingKey(f report.FindingReport) string {
	if f.Ref == "" {
		return string(f.Code)
	}
	return string(f.Code) + " " + f.Ref
}

// TestBadInputs checks every workbook of samples/bad, and the cases too big
// to commit, against samples/bad/expectations.json: the status, and exactly
// the findings each adds to those of the seed (a missing finding and an
// unexpected one both fail). Every file ends as a report with Chinese
// messages, within the time bound; the giants within bounded memory.
func TestBadInputs(t *testing.T) {
	cases, err := corpus.ReadExpectations(filepath.Join(badDir, corpus.ExpectationsFile))
	if err != nil {
		t.Fatal(err)
	}
	seed, err := os.ReadFile(pipelinetest.SeedWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	builders := map[string]corpus.Case{}
	for _, c := range corpus.Cases() {
		builders[c.File] = c
	}
	rb := rulebook.DefaultRulebook()
	base := pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, rb)
	for _, c := range cases {
		t.Run(c.File, func(t *testing.T) {
			path := filepath.Join(badDir, c.File)
			if c.Big {
				if testing.Short() {
					t.Skip("builds a large file")
				}
				b, ok := builders[c.File]
				if !ok {
					t.Fatalf("no builder for %s: regenerate samples/bad (go generate ./samples)", c.File)
				}
				data, err := b.Build(seed)
				if err != nil {
					t.Fatal(err)
				}
				path = filepath.Join(t.TempDir(), c.File)
				if err := os.WriteFile(path, data, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("built %s: %d bytes", c.File, len(data))
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			// Annotated too: the annotated copy of a bad workbook must not
			// break either, nor cost more than checking it.
			rep, err := pipeline.Process(context.Background(), path, rb, pipeline.Options{Timeout: badTimeout, AnnotateDir: t.TempDir()})
			elapsed := time.Since(start)
			if err != nil {
				t.Fatalf("Process: %v", err)
			}
			runtime.ReadMemStats(&after)
			total := after.TotalAlloc - before.TotalAlloc
			t.Logf("%s: %v, allocated %d MB in all, heap %d MB after, %d MB from the system", c.File, elapsed.Round(time.Millisecond), total>>20, after.HeapAlloc>>20, after.Sys>>20)
			if total > badMemory {
				t.Errorf("allocated %d MB, want at most %d MB", total>>20, badMemory>>20)
			}

			if string(rep.Status) != c.Status {
				t.Errorf("status = %s, want %s", rep.Status, c.Status)
			}
			// The seed's own findings are not the case's; a finding
			// counts as the same when code, cell, severity and message
			// agree.
			seen := map[report.FindingReport]int{}
			for _, f := range base.Findings {
				seen[f]++
			}
			var added []string
			for _, f := range rep.Findings {
				if !hasHan(f.Message) {
					t.Errorf("finding %s has no Chinese message: %q", findingKey(f), f.Message)
				}
				if seen[f] > 0 {
					seen[f]--
					continue
				}
				added = append(added, findingKey(f))
			}
			slices.Sort(added)
			want := slices.Clone(c.Findings)
			slices.Sort(want)
			if !slices.Equal(added, want) {
				var all []string
				for _, f := range rep.Findings {
					all = append(all, f.Severity.String()+" "+findingKey(f)+" "+f.Message)
				}
				t.Errorf("added findings:\n  %q\nwant:\n  %q\nall findings:\n  %s", added, want, strings.Join(all, "\n  "))
			}
			if rep.Status == report.Unreadable && len(rep.Findings) != 1 {
				t.Errorf("unreadable report has %d findings, want one with the reason", len(rep.Findings))
			}
		})
	}
}

func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// TestBadCorpusFresh regenerates the corpus in memory and compares it with
// samples/bad, so that a change to the seed workbook or to the generator
// without `go generate ./samples` fails here, not in review.
func TestBadCorpusFresh(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the zip bombs")
	}
	seed, err := os.ReadFile(pipelinetest.SeedWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	cases := corpus.Cases()
	want, err := corpus.MarshalExpectations(cases)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(badDir, corpus.ExpectationsFile))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("%s is stale: run go generate ./samples", corpus.ExpectationsFile)
	}
	for _, c := range cases {
		if c.Big {
			continue
		}
		data, err := c.Build(seed)
		if err != nil {
			t.Fatal(err)
		}
		old, err := os.ReadFile(filepath.Join(badDir, c.File))
		if err != nil {
			t.Errorf("%v: run go generate ./samples", err)
			continue
		}
		if !c.Equivalent(old, data) {
			t.Errorf("samples/bad/%s is stale: run go generate ./samples", c.File)
		}
	}
}

// TestProcessTooLarge: a file over xlsx.MaxFileSize is reported
// unreadable (too_large) without being opened as a workbook.
func TestProcessTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.xlsx")
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fh.Write([]byte("PK\x03\x04")); err != nil {
		t.Fatal(err)
	}
	if err := fh.Truncate(xlsx.MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	if err := fh.Close(); err != nil {
		t.Fatal(err)
	}
	rep := pipelinetest.ProcessFile(t, path, nil)
	if rep.Status != report.Unreadable || len(rep.Findings) != 1 || rep.Findings[0].Code != "too_large" || !strings.Contains(rep.Findings[0].Message, "MB") {
		t.Errorf("report = %s %+v, want unreadable with one too_large size finding", rep.Status, rep.Findings)
	}
}

// TestProcessTimeout gives Process no time at all: running out of time is
// the machine's condition (ErrTimeout), never a finding against the file,
// and no annotated copy is written.
func TestProcessTimeout(t *testing.T) {
	dir := t.TempDir()
	rep, err := pipeline.Process(context.Background(), pipelinetest.SeedWorkbook, rulebook.DefaultRulebook(), pipeline.Options{Timeout: time.Nanosecond, AnnotateDir: dir})
	if !errors.Is(err, pipeline.ErrTimeout) || rep != nil {
		t.Fatalf("Process = %v, %v; want no report and ErrTimeout", rep, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("annotate folder holds %d files after a timeout", len(entries))
	}
}

// TestProcessCancelled returns the context's error, not a report.
func TestProcessCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := pipeline.Process(ctx, pipelinetest.SeedWorkbook, rulebook.DefaultRulebook(), pipeline.Options{}); err != context.Canceled {
		t.Errorf("Process with a cancelled context = %v, want context.Canceled", err)
	}
}

// TestProcessOtherLayoutValue: a form read with a layout other than the
// rulebook's own value (Options.Layout) has the rulebook's audits compiled
// for it, not refused.
func TestProcessOtherLayoutValue(t *testing.T) {
	l := *template.Department
	rep, err := pipeline.Process(context.Background(), pipelinetest.SeedWorkbook, rulebook.DefaultRulebook(), pipeline.Options{Layout: &l})
	if err != nil || rep.Status != report.Accepted {
		t.Fatalf("Process with a copy of the layout = %v, %v", rep, err)
	}
}
