package pipeline_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/rulebook"
)

// BenchmarkUnzipFloor inflates every part of the seed workbook: no reader can
// be faster than this, so every other figure is reported beside it.
func BenchmarkUnzipFloor(b *testing.B) {
	data, err := os.ReadFile(pipelinetest.SeedWorkbook)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.Copy(io.Discard, rc); err != nil {
				b.Fatal(err)
			}
			rc.Close()
		}
	}
}

// BenchmarkCheck reads, parses, scores and checks the seed workbook.
func BenchmarkCheck(b *testing.B) {
	rb := rulebook.DefaultRulebook()
	ctx := context.Background()
	for b.Loop() {
		if _, err := pipeline.Process(ctx, pipelinetest.SeedWorkbook, rb, pipeline.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckAnnotate adds writing the annotated copy.
func BenchmarkCheckAnnotate(b *testing.B) {
	rb := rulebook.DefaultRulebook()
	ctx := context.Background()
	dir := b.TempDir()
	for b.Loop() {
		if _, err := pipeline.Process(ctx, pipelinetest.SeedWorkbook, rb, pipeline.Options{AnnotateDir: dir}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlanBatch plans a batch of 10,000 inputs: one key per input, so
// it grows linearly with the count (it compared every pair before).
func BenchmarkPlanBatch(b *testing.B) {
	dir := b.TempDir()
	paths := make([]string, 10000)
	for i := range paths {
		paths[i] = filepath.Join(dir, fmt.Sprintf("部门%05d.xlsx", i))
		if err := os.WriteFile(paths[i], nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	out := filepath.Join(dir, "annotated")
	for b.Loop() {
		pipeline.PlanBatch(out, paths)
	}
}
