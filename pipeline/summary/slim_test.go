package summary_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/summary"
	"github.com/perfeval/perfeval/template"
)

// newStore is a Store closed when the test ends.
func newStore(t testing.TB) *summary.Store {
	t.Helper()
	st, err := summary.NewStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	})
	return st
}

// TestSlimSameSummary: the summary of slimmed reports (what FromLedger and
// FromResults keep of each, with or without a Store) is the summary of the
// full ones, figure for figure, row for row: the subtotals, the shortfalls
// and the findings, in JSON and in the workbook. An unidentified report
// (no department) keeps its findings in memory either way.
func TestSlimSameSummary(t *testing.T) {
	seed, returned := samples(t)
	at := time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)
	st := newStore(t)
	var full, slimmed, stored []summary.Entry
	for i := range 7 {
		from := seed
		if i%2 == 1 {
			from = returned
		}
		r := variant(t, from, fmt.Sprint(100100+i), fmt.Sprintf("第%d号部门", i), fmt.Sprintf("%d.5", 1000+i), fmt.Sprintf("%d.25", 900+i), fmt.Sprintf("%d.5", 80+i))
		if i == 6 {
			r.Department = report.DepartmentID{}
		}
		e := summary.Entry{Report: r, Version: 1, ReceivedAt: at, CheckedAt: at}
		full = append(full, e)
		e.Report = summary.Slim(clone(t, r))
		if len(e.Report.Indicators) >= len(r.Indicators) {
			t.Fatalf("%s: %d indicators kept of %d", r.Department.Name, len(e.Report.Indicators), len(r.Indicators))
		}
		slimmed = append(slimmed, e)
		e.Report = clone(t, r)
		if err := e.SlimInto(st); err != nil {
			t.Fatal(err)
		}
		if i < 6 && (len(e.Report.Findings) != 0 || len(e.Report.Indicators) > 4) {
			t.Fatalf("%s: %d findings and %d indicators left in memory", r.Department.Name, len(e.Report.Findings), len(e.Report.Indicators))
		}
		stored = append(stored, e)
	}
	write := func(es []summary.Entry) (string, string) {
		s := summary.Build(es, summary.Options{BuiltAt: at})
		var buf bytes.Buffer
		if err := s.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "汇总.xlsx")
		if err := s.Save(path); err != nil {
			t.Fatal(err)
		}
		return buf.String(), path
	}
	want, wantPath := write(full)
	var parsed struct {
		Departments []json.RawMessage
		Shortfalls  []json.RawMessage
		Findings    []json.RawMessage
		Unknown     []json.RawMessage `json:"unidentified"`
	}
	if err := json.Unmarshal([]byte(want), &parsed); err != nil || len(parsed.Departments) != 6 || len(parsed.Shortfalls) == 0 || len(parsed.Findings) == 0 || len(parsed.Unknown) != 1 {
		t.Fatalf("the summary compared holds %d departments, %d shortfalls, %d findings, %d unidentified (%v)",
			len(parsed.Departments), len(parsed.Shortfalls), len(parsed.Findings), len(parsed.Unknown), err)
	}
	for _, c := range []struct {
		name string
		es   []summary.Entry
	}{{"slimmed", slimmed}, {"stored", stored}} {
		got, path := write(c.es)
		if got != want {
			t.Errorf("the summary of %s reports differs:\n got %s\nwant %s", c.name, got, want)
		}
		for _, sheet := range []string{summary.SheetSummary, summary.SheetShortfalls, summary.SheetFindings} {
			if g, w := cells(t, path, sheet), cells(t, wantPath, sheet); !reflect.DeepEqual(g, w) {
				t.Errorf("%s of %s reports differs:\n got %q\nwant %q", sheet, c.name, g, w)
			}
		}
	}
}

// TestCountingStore: read through a CountingStore, a summary's rows and
// counts are those of the full reports, and its details cannot be read
// back (it kept none).
func TestCountingStore(t *testing.T) {
	seed, returned := samples(t)
	at := time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)
	st := summary.CountingStore()
	defer st.Close()
	var full, counted []summary.Entry
	for i, from := range []*report.Report{seed, returned} {
		r := variant(t, from, fmt.Sprint(100200+i), fmt.Sprintf("第%d号部门", i), "1000.5", "900.25", "88")
		e := summary.Entry{Report: r, Version: 1, ReceivedAt: at, CheckedAt: at}
		full = append(full, e)
		e.Report = clone(t, r)
		if err := e.SlimInto(st); err != nil {
			t.Fatal(err)
		}
		counted = append(counted, e)
	}
	want := summary.Build(full, summary.Options{BuiltAt: at})
	got := summary.Build(counted, summary.Options{BuiltAt: at})
	w, err := json.Marshal(want.Departments)
	if err != nil {
		t.Fatal(err)
	}
	g, err := json.Marshal(got.Departments)
	if err != nil {
		t.Fatal(err)
	}
	if string(g) != string(w) || got.Counts != want.Counts {
		t.Errorf("rows or counts differ:\n got %s %+v\nwant %s %+v", g, got.Counts, w, want.Counts)
	}
	if got.ShortfallCount() != want.ShortfallCount() || got.FindingCount() != want.FindingCount() || want.FindingCount() == 0 {
		t.Errorf("%d shortfalls and %d findings counted, want %d and %d", got.ShortfallCount(), got.FindingCount(), want.ShortfallCount(), want.FindingCount())
	}
	if err := got.EachFinding(func(summary.FindingRow) error { return nil }); !errors.Is(err, summary.ErrNoDetails) {
		t.Errorf("reading back the findings: %v, want ErrNoDetails", err)
	}
	if err := got.Save(filepath.Join(t.TempDir(), "汇总.xlsx")); !errors.Is(err, summary.ErrNoDetails) {
		t.Errorf("saving: %v, want ErrNoDetails", err)
	}
}

// TestStoreKeepsDetailsExactly: what a Store keeps reads back exactly, also
// what a report's JSON would not hold (a completion to three places, a
// finding of no known severity, which FromResults refuses but a caller
// could pass), so that every shortfall counted is a row, and a report that
// is not cloned through JSON first summarises as it does in memory.
func TestStoreKeepsDetailsExactly(t *testing.T) {
	seed, _ := samples(t)
	r := variant(t, seed, "100300", "精确部门", "1000", "900", "90")
	i := slices.IndexFunc(r.Indicators, func(in report.IndicatorReport) bool { return in.Weight.Valid && in.Score.Valid })
	if i < 0 {
		t.Fatal("the seed has no scored indicator")
	}
	in := &r.Indicators[i]
	in.Score = in.Weight
	in.Completion = report.Percent{NullDecimal: decimal.NullDecimal{Decimal: decimal.RequireFromString("99.995"), Valid: true}}
	r.Findings = append(r.Findings, report.FindingReport{Code: "hand_made", Ref: "资金情况!B5", Message: "手工添加、没有级别的问题"})
	at := time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)
	st := newStore(t)
	// A copy not through JSON, which refuses the severity.
	m := *r
	m.Indicators, m.Findings = slices.Clone(r.Indicators), slices.Clone(r.Findings)
	memory := summary.Entry{Report: &m, Version: 1, CheckedAt: at}
	stored := summary.Entry{Report: r, Version: 1, CheckedAt: at}
	if err := stored.SlimInto(st); err != nil {
		t.Fatal(err)
	}
	// A project form of the same department, short of target too: its
	// rows say the project.
	p := clone(t, seed)
	p.Department = r.Department
	p.Project, p.Form = &report.ProjectID{Name: "水利项目"}, template.FormProject
	memoryProject := summary.Entry{Report: clone(t, p), Version: 1, CheckedAt: at}
	storedProject := summary.Entry{Report: p, Version: 1, CheckedAt: at}
	if err := storedProject.SlimInto(st); err != nil {
		t.Fatal(err)
	}
	for name, es := range map[string][]summary.Entry{"memory": {memory, memoryProject}, "stored": {stored, storedProject}} {
		s := summary.Build(es, summary.Options{BuiltAt: at})
		shortfalls, findings, err := s.Details()
		if err != nil {
			t.Fatal(err)
		}
		if len(shortfalls) != s.ShortfallCount() || len(findings) != s.FindingCount() {
			t.Errorf("%s: %d shortfall rows of %d counted, %d finding rows of %d", name, len(shortfalls), s.ShortfallCount(), len(findings), s.FindingCount())
		}
		if !slices.ContainsFunc(shortfalls, func(sf summary.Shortfall) bool { return sf.Completion.Decimal.String() == "99.995" }) {
			t.Errorf("%s: the 99.995%% completion is not a shortfall row: %+v", name, shortfalls)
		}
		if !slices.ContainsFunc(findings, func(f summary.FindingRow) bool { return f.Finding == "hand_made" }) {
			t.Errorf("%s: the hand-made finding is not listed", name)
		}
		for _, sf := range shortfalls {
			if sf.Code != "100300" || sf.Department != "精确部门" {
				t.Errorf("%s: a shortfall of %s %s", name, sf.Code, sf.Department)
			}
		}
		if !slices.ContainsFunc(shortfalls, func(sf summary.Shortfall) bool { return sf.Project == "水利项目" }) ||
			!slices.ContainsFunc(shortfalls, func(sf summary.Shortfall) bool { return sf.Project == "" }) {
			t.Errorf("%s: the shortfalls are not of both forms", name)
		}
	}
}

// TestClosedStore: a summary whose Store is closed says so when written,
// and writes no workbook.
func TestClosedStore(t *testing.T) {
	seed, _ := samples(t)
	st, err := summary.NewStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	e := summary.Entry{Report: clone(t, seed), Version: 1}
	if err := e.SlimInto(st); err != nil {
		t.Fatal(err)
	}
	s := summary.Build([]summary.Entry{e}, summary.Options{})
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Errorf("closing twice: %v", err)
	}
	if err := s.EachFinding(func(summary.FindingRow) error { return nil }); !errors.Is(err, summary.ErrStoreClosed) {
		t.Errorf("reading back from a closed store: %v", err)
	}
	if err := s.WriteJSON(io.Discard); err == nil {
		t.Error("the JSON of a closed store was written")
	}
	path := filepath.Join(t.TempDir(), "汇总.xlsx")
	if err := s.Save(path); err == nil {
		t.Error("the workbook of a closed store was saved")
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a workbook was left: %v", err)
	}
}
