package summary_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/perfeval/perfeval/pipeline/summary"
)

// TestSlimSameSummary: the summary of slimmed reports (what FromLedger and
// FromResults keep of each) is the summary of the full ones, figure for
// figure: the subtotals, the shortfalls, the findings.
func TestSlimSameSummary(t *testing.T) {
	seed, returned := samples(t)
	at := time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)
	var full, slimmed []summary.Entry
	for i := range 6 {
		from := seed
		if i%2 == 1 {
			from = returned
		}
		r := variant(t, from, fmt.Sprint(100100+i), fmt.Sprintf("第%d号部门", i), fmt.Sprintf("%d.5", 1000+i), fmt.Sprintf("%d.25", 900+i), fmt.Sprintf("%d.5", 80+i))
		e := summary.Entry{Report: r, Version: 1, ReceivedAt: at, CheckedAt: at}
		full = append(full, e)
		e.Report = summary.Slim(clone(t, r))
		if len(e.Report.Indicators) >= len(r.Indicators) {
			t.Fatalf("%s: %d indicators kept of %d", r.Department.Name, len(e.Report.Indicators), len(r.Indicators))
		}
		slimmed = append(slimmed, e)
	}
	want, err := json.Marshal(summary.Build(full, summary.Options{BuiltAt: at}))
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(summary.Build(slimmed, summary.Options{BuiltAt: at}))
	if err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Departments []json.RawMessage
		Shortfalls  []json.RawMessage
		Findings    []json.RawMessage
	}
	if err := json.Unmarshal(want, &parsed); err != nil || len(parsed.Departments) != 6 || len(parsed.Shortfalls) == 0 || len(parsed.Findings) == 0 {
		t.Fatalf("the summary compared holds %d departments, %d shortfalls, %d findings (%v)", len(parsed.Departments), len(parsed.Shortfalls), len(parsed.Findings), err)
	}
	if string(got) != string(want) {
		t.Errorf("the summary of slimmed reports differs:\n got %s\nwant %s", got, want)
	}
}
