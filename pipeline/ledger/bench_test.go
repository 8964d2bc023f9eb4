package ledger

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/perfeval/perfeval/pipeline/report"
)

// BenchmarkRecord records 20 submissions one transaction each (Record), and
// in one transaction (RecordAll, as a pass of the inbox does): the ledger
// writes to disk once per transaction (synchronous=FULL), which is most of
// the cost on a disk where a write to disk takes milliseconds.
func BenchmarkRecord(b *testing.B) {
	const batch = 20
	for _, all := range []bool{false, true} {
		name := "one-by-one"
		if all {
			name = "RecordAll"
		}
		b.Run(name, func(b *testing.B) {
			l, _ := openTest(b)
			ctx := context.Background()
			n := 0
			for b.Loop() {
				subs := make([]NewSubmission, batch)
				for i := range subs {
					n++
					code := fmt.Sprintf("%06d", n)
					subs[i] = NewSubmission{Receipt: receipt(code+".xlsx", code, time.Now()), ReceivedAt: time.Now(), Archive: "archive/" + code,
						Check: NewCheck{CheckedAt: time.Now(), PerfevalVersion: "bench", Report: sampleReport(code, "局"+code, 2022, report.Accepted)}}
				}
				if all {
					if _, _, err := l.RecordAll(ctx, subs, nil); err != nil {
						b.Fatal(err)
					}
					continue
				}
				for _, s := range subs {
					if _, err := l.Record(ctx, s.Receipt, s.ReceivedAt, s.Archive, s.Check, nil); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(batch*b.N)/b.Elapsed().Seconds(), "submissions/s")
		})
	}
}
