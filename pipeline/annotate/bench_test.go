package annotate_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/perfeval/perfeval/internal/cputime"
	"github.com/perfeval/perfeval/pipeline/annotate"
	"github.com/perfeval/perfeval/pipeline/check"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

// BenchmarkAnnotate writes the annotated copy of a checked workbook, from
// the opened workbook to the saved file, as pipeline.Process calls it
// (with the one pass's Book, so that the sheets are changed in their
// parts):
// the seed department form (accepted, a few warnings), the returned
// example (errors, drafts) and a project form. Opening and checking are
// left out of the timing. cpu-ms/op is the CPU time Annotate takes, of
// every thread, the collector's too; ns/op, wall time, includes waiting
// for the disk to sync the copy.
func BenchmarkAnnotate(b *testing.B) {
	for _, c := range []struct {
		name, path string
		layout     *template.Layout
	}{
		{"seed", pipelinetest.SeedWorkbook, template.Department},
		{"returned", pipelinetest.ReturnedWorkbook, template.Department},
		{"project", filepath.Join(pipelinetest.Samples, "project", "tianchang-2022.xlsx"), template.Project},
	} {
		b.Run(c.name, func(b *testing.B) { benchmarkAnnotate(b, c.path, c.layout) })
	}
}

func benchmarkAnnotate(b *testing.B, path string, layout *template.Layout) {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	sum := sha256.Sum256(data)
	rb := rulebook.DefaultFor(layout.Kind)
	out := filepath.Join(b.TempDir(), "out.审核.xlsx")
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		wb, err := xlsx.OpenWorkbook(data)
		if err != nil {
			b.Fatal(err)
		}
		s := score.Parse(template.ReadWorkbook(wb, layout))
		score.Score(s, rb)
		fs, err := check.Run(context.Background(), s, rb)
		if err != nil {
			b.Fatal(err)
		}
		rep := report.NewReport(path, hex.EncodeToString(sum[:]), s, fs)
		f, err := wb.Excel() // opened for the copy, as pipeline does
		if err != nil {
			b.Fatal(err)
		}
		// The collector's work on what opening and checking left is not
		// Annotate's.
		runtime.GC()
		b.StartTimer()
		start := cputime.Used()
		if err := annotate.Annotate(f, s, fs, rep, out, annotate.Options{Reviewer: rb.Reviewer, Original: data, Book: wb.Book()}); err != nil {
			b.Fatal(err)
		}
		cpu += cputime.Used() - start
		b.StopTimer()
		wb.Close()
		b.StartTimer()
	}
	// CPU time, of every thread (the collector's too), beside the wall
	// time, which includes waiting for the disk to sync the copy.
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	if st, err := os.Stat(out); err == nil {
		b.ReportMetric(float64(st.Size()), "bytes/copy")
	}
}
