package inbox_test

import (
	"context"
	"errors"
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

// BenchmarkWatchPickup times how long watch takes, with the default settle
// time and the default poll, from a workbook landing in the inbox (renamed
// in, as a completed copy) to its leaving it: archived, checked,
// annotated and recorded in the ledger. The bound of issue 16 is 2 s.
func BenchmarkWatchPickup(b *testing.B) {
	seed, err := os.ReadFile(pipelinetest.SeedWorkbook)
	if err != nil {
		b.Fatal(err)
	}
	root := b.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	r, err := inbox.Open(ctx, root, inbox.Options{Rulebook: rulebook.DefaultRulebook(), PerfevalVersion: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- r.Watch(ctx, 30*time.Second) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
		r.Close()
	}()
	staging := b.TempDir()
	n := 0
	var total time.Duration
	for b.Loop() {
		n++
		// Other bytes each time (a longer zip comment): a new submission.
		data := append(append([]byte(nil), seed[:len(seed)-2]...), byte(len(fmt.Sprint(n))), 0)
		data = append(data, fmt.Sprint(n)...)
		tmp := filepath.Join(staging, "copy.xlsx")
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			b.Fatal(err)
		}
		in := filepath.Join(root, "inbox", fmt.Sprintf("部门%d.xlsx", n))
		start := time.Now()
		if err := os.Rename(tmp, in); err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := os.Stat(in); errors.Is(err, os.ErrNotExist) {
				break
			}
			if time.Since(start) > time.Minute {
				b.Fatal("not picked up in a minute")
			}
			time.Sleep(5 * time.Millisecond)
		}
		total += time.Since(start)
	}
	b.ReportMetric(total.Seconds()/float64(n), "s/pickup")
}
