package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template/xlsx"
)

var update = flag.Bool("update", false, "rewrite the golden files (samples/*.golden.json, testdata/guide/*.txt) from the current output")

const seedWorkbook = "../samples/nanchang-2022.xlsx"

// seedExpected is the expected part of samples/nanchang-2022.form.json, the
// seed's published results.
type seedExpected struct {
	BudgetRates     map[string]string `json:"budget_rates"`
	BudgetScore     string            `json:"budget_score"`
	IndicatorScores []struct {
		Name          string `json:"name"`
		CompletionPct string `json:"completion_pct"`
		Score         string `json:"score"`
	} `json:"indicator_scores"`
	IndicatorTotal  string `json:"indicator_total"`
	Total           string `json:"total"`
	ReportedTotal   string `json:"reported_total"`
	Grade           string `json:"grade"`
	FindingsAtLeast []struct {
		Code  string `json:"code"`
		Where string `json:"where"`
	} `json:"findings_at_least"`
	FindingsNoneOf []struct {
		Code string `json:"code"`
	} `json:"findings_none_of"`
}

func loadSeedExpected(t testing.TB) seedExpected {
	t.Helper()
	data, err := os.ReadFile("../samples/nanchang-2022.form.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Expected seedExpected `json:"expected"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Expected
}

func processFile(t testing.TB, path string, rb *Rulebook) *Report {
	t.Helper()
	if rb == nil {
		rb = DefaultRulebook()
	}
	rep, err := Process(context.Background(), path, rb, Options{})
	if err != nil {
		t.Fatalf("Process(%s): %v", path, err)
	}
	return rep
}

// openWorkbook opens a workbook the way Process does: readLimited, then
// xlsx.Open.
func openWorkbook(path string) (*excelize.File, error) {
	data, _, err := readLimited(context.Background(), path)
	if err != nil {
		return nil, err
	}
	if data == nil {
		return nil, fmt.Errorf("%s is larger than xlsx.MaxFileSize", path)
	}
	return xlsx.Open(data)
}

func mustDec(t testing.TB, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatalf("bad decimal %q: %v", s, err)
	}
	return d
}

func wantDec(t testing.TB, what string, got decimal.NullDecimal, want string) {
	t.Helper()
	if !got.Valid {
		t.Errorf("%s = null, want %s", what, want)
		return
	}
	if !got.Decimal.Equal(mustDec(t, want)) {
		t.Errorf("%s = %s, want %s", what, got.Decimal, want)
	}
}

// wantPct checks a percent figure as the report writes it, to the digit:
// the golden figures are written as the forms write them, "100.00".
func wantPct(t testing.TB, what string, got Percent, want string) {
	t.Helper()
	if got.String() != want {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

// TestSeedGolden checks that the default rulebook reproduces every published
// figure of the seed form.
func TestSeedGolden(t *testing.T) {
	want := loadSeedExpected(t)
	rep := processFile(t, seedWorkbook, nil)

	if rep.Status != Accepted {
		t.Errorf("status = %s, want accepted; findings: %+v", rep.Status, rep.Findings)
	}
	if len(rep.Indicators) != len(want.IndicatorScores) {
		t.Fatalf("got %d indicators, want %d", len(rep.Indicators), len(want.IndicatorScores))
	}
	for i, w := range want.IndicatorScores {
		got := rep.Indicators[i]
		if got.Name != w.Name {
			t.Errorf("indicator %d name = %q, want %q", i, got.Name, w.Name)
		}
		wantPct(t, "completion of "+w.Name, got.Completion, w.CompletionPct)
		wantDec(t, "score of "+w.Name, got.Score, w.Score)
	}
	rates := map[string]Percent{}
	for _, r := range rep.Budget.Rows {
		rates[r.Name] = r.Rate
	}
	for name, rate := range want.BudgetRates {
		wantPct(t, "rate of "+name, rates[name], rate)
	}
	wantDec(t, "budget score", rep.Budget.Score, want.BudgetScore)
	wantDec(t, "indicator_total", rep.IndicatorTotal, want.IndicatorTotal)
	wantDec(t, "total", rep.Total, want.Total)
	wantDec(t, "reported_total", rep.ReportedTotal, want.ReportedTotal)
	wantDec(t, "declared_total", rep.DeclaredTotal, "94")
	if rep.Grade != want.Grade {
		t.Errorf("grade = %q, want %q", rep.Grade, want.Grade)
	}
	for _, none := range want.FindingsNoneOf {
		for _, f := range rep.Findings {
			if f.Code == none.Code {
				t.Errorf("unexpected finding %s at %s: %s", f.Code, f.Ref, f.Message)
			}
		}
	}
}

// TestSeedFindings checks the inconsistencies a good reviewer finds in the
// seed (findings_at_least of the golden file), each at its cell, and that the
// seed carries no error.
func TestSeedFindings(t *testing.T) {
	want := loadSeedExpected(t)
	rep := processFile(t, seedWorkbook, nil)
	// Where each golden finding belongs, by the golden file's "where".
	at := map[string]string{
		"网上业务办理":            "绩效指标!D3",
		"决算收支: by_function": refOfLabel(t, seedWorkbook, "决算收支", "本年支出合计"),
		"资金情况 年度资金总额 全年预算数 vs 决算收支 收入合计":       "资金情况!B3",
		"资金情况 财政拨款 全年预算数 vs 决算收支 一般公共预算财政拨款收入": "资金情况!B4",
	}
	for _, w := range want.FindingsAtLeast {
		ref, ok := at[w.Where]
		if !ok {
			t.Errorf("golden finding %s at %q has no expected cell in this test", w.Code, w.Where)
			continue
		}
		found := false
		for _, f := range rep.Findings {
			if f.Code == w.Code && f.Ref == ref {
				found = true
				if w.Code == "sum_mismatch" && f.Severity == "error" {
					t.Errorf("%s at %s is an error; a 0.01 rounding difference is info or warning", f.Code, f.Ref)
				}
			}
		}
		if !found {
			t.Errorf("missing finding %s at %s (%s); got %v", w.Code, ref, w.Where, findingKeys(rep))
		}
	}
	for _, f := range rep.Findings {
		if f.Severity == "error" {
			t.Errorf("unexpected error finding %s at %s: %s", f.Code, f.Ref, f.Message)
		}
	}
}

// TestReportGolden compares the JSON report of every sample with its
// .golden.json. Run with -update to rewrite them, and read the diff.
func TestReportGolden(t *testing.T) {
	paths, err := filepath.Glob("../samples/*.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no samples")
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			rep := processFile(t, path, nil)
			rep.File = filepath.Base(rep.File)
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			if err := enc.Encode(rep); err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(path, ".xlsx") + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./pipeline -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("report of %s differs from %s; run go test ./pipeline -run TestReportGolden -update and read the diff\ngot:\n%s", path, golden, buf.String())
			}
		})
	}
}
