package narrative_test

import (
	"bytes"
	"path/filepath"
	"testing"
	"time"

	"github.com/perfeval/perfeval/internal/cputime"
	"github.com/perfeval/perfeval/pipeline/narrative"
)

// Benchmarks of drafting the seed's report (go test -bench . -benchmem).
// Each reports the process's CPU time per document (cpu-ms/op, garbage
// collection included) besides the wall time, which on the shared 2 cores
// says more about the neighbours.

// loop runs f b.N times and reports the CPU time per run.
func loop(b *testing.B, f func()) {
	b.ReportAllocs()
	cpu := cputime.Used()
	for b.Loop() {
		f()
	}
	if used := cputime.Used() - cpu; used > 0 {
		b.ReportMetric(float64(used)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}

// BenchmarkBuild builds the seed's report from its checked workbook with
// the embedded texts parsed for it, as Build does without Options.Texts.
func BenchmarkBuild(b *testing.B) {
	rep, c := process(b, filepath.Join(samples, "nanchang-2022.xlsx"))
	loop(b, func() {
		if _, err := narrative.Build(rep, c, narrative.Options{}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkBuildSharedTexts builds it with texts parsed once.
func BenchmarkBuildSharedTexts(b *testing.B) {
	rep, c := process(b, filepath.Join(samples, "nanchang-2022.xlsx"))
	tx := narrative.DefaultTexts()
	loop(b, func() {
		if _, err := narrative.Build(rep, c, narrative.Options{Texts: tx}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkWriteDocx writes the seed's report as a .docx on its own
// (Document.WriteDocx, which builds a Writer for the one document).
func BenchmarkWriteDocx(b *testing.B) {
	doc := build(b, "nanchang-2022.xlsx", narrative.Options{})
	var buf bytes.Buffer
	loop(b, func() {
		buf.Reset()
		if err := doc.WriteDocx(&buf); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(buf.Len()), "bytes/doc")
}

// BenchmarkWriterWriteDocx writes it with one Writer shared by every
// document, as run does.
func BenchmarkWriterWriteDocx(b *testing.B) {
	doc := build(b, "nanchang-2022.xlsx", narrative.Options{})
	w, err := narrative.NewWriter()
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	loop(b, func() {
		buf.Reset()
		if err := w.WriteDocx(doc, &buf); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(buf.Len()), "bytes/doc")
}

// BenchmarkDraft is a draft as run makes one for an accepted workbook:
// Build with the shared texts, then the shared Writer.
func BenchmarkDraft(b *testing.B) {
	rep, c := process(b, filepath.Join(samples, "nanchang-2022.xlsx"))
	tx := narrative.DefaultTexts()
	w, err := narrative.NewWriter()
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	loop(b, func() {
		doc, err := narrative.Build(rep, c, narrative.Options{Texts: tx})
		if err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		if err := w.WriteDocx(doc, &buf); err != nil {
			b.Fatal(err)
		}
	})
}
