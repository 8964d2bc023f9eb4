package summary_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/perfeval/perfeval/internal/cputime"
	"github.com/perfeval/perfeval/pipeline/summary"
)

// BenchmarkSummary10000 builds and writes the summary of 10,000
// departments (synthetic reports: the two samples, each department with
// its own code, name, amounts and total; 44 indicators, 4 of them short,
// and 6 to 12 findings each), the bound of DESIGN §6 being 10 s. The
// reports are held as FromLedger holds them, their details in a Store.
func BenchmarkSummary10000(b *testing.B) {
	seed, returned := samples(b)
	const n = 10000
	es := make([]summary.Entry, 0, n)
	st := newStore(b)
	at := time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		from := seed
		if i%3 == 0 {
			from = returned
		}
		r := variant(b, from, fmt.Sprint(100000+i), fmt.Sprintf("第%d号部门", i), fmt.Sprintf("%d.%04d", 1000+i, i%10000), fmt.Sprintf("%d.%04d", 900+i, (i*7)%10000), fmt.Sprintf("%d.%02d", 60+i%40, i%100))
		e := summary.Entry{Report: r, Version: 1, ReceivedAt: at, CheckedAt: at.Add(time.Duration(i)), Annotated: filepath.Join("/srv/outbox/accepted", r.File)}
		// As FromLedger reads it: the details into the store.
		if err := e.SlimInto(st); err != nil {
			b.Fatal(err)
		}
		es = append(es, e)
	}
	var sum *summary.Summary
	dir := b.TempDir()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Used()
	for b.Loop() {
		sum = summary.Build(es, summary.Options{BuiltAt: at})
		if err := sum.Save(filepath.Join(dir, "汇总.xlsx")); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if used := cputime.Used() - cpu; used > 0 {
		b.ReportMetric(used.Seconds()/float64(b.N), "cpu-s/op")
	}
	if len(sum.Departments) != n || sum.ShortfallCount() < 4*n {
		b.Fatalf("%d departments, %d shortfalls", len(sum.Departments), sum.ShortfallCount())
	}
}
