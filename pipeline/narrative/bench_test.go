package narrative_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/perfeval/perfeval/pipeline/narrative"
)

// BenchmarkBuild builds the seed's report from its checked workbook.
func BenchmarkBuild(b *testing.B) {
	rep, c := process(b, filepath.Join(samples, "nanchang-2022.xlsx"))
	for b.Loop() {
		if _, err := narrative.Build(rep, c, narrative.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteDocx writes the seed's report as a .docx, as run does for
// every accepted workbook.
func BenchmarkWriteDocx(b *testing.B) {
	doc := build(b, "nanchang-2022.xlsx", narrative.Options{})
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := doc.WriteDocx(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/doc")
}

// BenchmarkWriterWriteDocx writes the seed's report with one Writer
// shared by every document, as run does.
func BenchmarkWriterWriteDocx(b *testing.B) {
	doc := build(b, "nanchang-2022.xlsx", narrative.Options{})
	w, err := narrative.NewWriter()
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := w.WriteDocx(doc, &buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/doc")
}
