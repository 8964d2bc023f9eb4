package inbox_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/perfeval/perfeval/pipeline/inbox"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/rulebook"
)

// BenchmarkPass runs one pass of the inbox over 20 workbooks (the seed
// form, each with bytes of its own: a zip comment), on one worker per core
// and on twice as many: archive, check, annotate, result, ledger, outbox.
// The draft report and the summary refresh (cmd/perfeval's) are left out.
func BenchmarkPass(b *testing.B) {
	for _, w := range []int{runtime.NumCPU(), 2 * runtime.NumCPU()} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) { benchmarkPass(b, w) })
	}
}

func benchmarkPass(b *testing.B, workers int) {
	const files = 20
	seed, err := os.ReadFile(pipelinetest.SeedWorkbook)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	n := 0
	for b.Loop() {
		b.StopTimer()
		root := b.TempDir()
		r, err := inbox.Open(ctx, root, inbox.Options{Rulebook: rulebook.DefaultRulebook(), PerfevalVersion: "bench", Workers: workers, Settle: time.Millisecond, Quarantine: time.Millisecond})
		if err != nil {
			b.Fatal(err)
		}
		for i := range files {
			n++
			// A zip's comment length closes its last record: a longer
			// comment, other bytes, the same workbook.
			data := append(append([]byte(nil), seed[:len(seed)-2]...), byte(len(fmt.Sprint(n))), 0)
			data = append(data, fmt.Sprint(n)...)
			if err := os.WriteFile(filepath.Join(root, "inbox", fmt.Sprintf("%d.xlsx", i)), data, 0o644); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		res, err := r.Pass(ctx, true)
		b.StopTimer()
		if err != nil || res.Processed+res.Duplicates != files {
			b.Fatalf("%+v, %v", res, err)
		}
		r.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(files)*float64(b.N)/b.Elapsed().Seconds(), "workbooks/s")
}
