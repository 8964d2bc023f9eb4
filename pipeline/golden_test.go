package pipeline_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
)

var update = flag.Bool("update", false, "rewrite the golden files (samples/*.golden.json, testdata/guide/*.txt) from the current output")

// TestSeedGolden checks that the default rulebook reproduces every published
// figure of the seed form.
func TestSeedGolden(t *testing.T) {
	want := pipelinetest.LoadSeedExpected(t)
	rep := pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, nil)

	if rep.Status != report.Accepted {
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
		pipelinetest.WantPct(t, "completion of "+w.Name, got.Completion, w.CompletionPct)
		pipelinetest.WantDec(t, "score of "+w.Name, got.Score, w.Score)
	}
	rates := map[string]report.Percent{}
	for _, r := range rep.Budget.Rows {
		rates[r.Name] = r.Rate
	}
	for name, rate := range want.BudgetRates {
		pipelinetest.WantPct(t, "rate of "+name, rates[name], rate)
	}
	pipelinetest.WantDec(t, "budget score", rep.Budget.Score, want.BudgetScore)
	pipelinetest.WantDec(t, "indicator_total", rep.IndicatorTotal, want.IndicatorTotal)
	pipelinetest.WantDec(t, "total", rep.Total, want.Total)
	pipelinetest.WantDec(t, "reported_total", rep.ReportedTotal, want.ReportedTotal)
	pipelinetest.WantDec(t, "declared_total", rep.DeclaredTotal, "94")
	if rep.Grade != want.Grade {
		t.Errorf("grade = %q, want %q", rep.Grade, want.Grade)
	}
	for _, none := range want.FindingsNoneOf {
		for _, f := range rep.Findings {
			if string(f.Code) == none.Code {
				t.Errorf("unexpected finding %s at %s: %s", f.Code, f.Ref, f.Message)
			}
		}
	}
}

// TestSeedFindings checks the inconsistencies a good reviewer finds in the
// seed (findings_at_least of the golden file), each at its cell, and that the
// seed carries no error.
func TestSeedFindings(t *testing.T) {
	want := pipelinetest.LoadSeedExpected(t)
	rep := pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, nil)
	// Where each golden finding belongs, by the golden file's "where".
	at := map[string]string{
		"网上业务办理":            "绩效指标!D3",
		"决算收支: by_function": pipelinetest.RefOfLabel(t, pipelinetest.SeedWorkbook, "决算收支", "本年支出合计"),
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
			if string(f.Code) == w.Code && f.Ref == ref {
				found = true
				if w.Code == "sum_mismatch" && f.Severity == finding.Error {
					t.Errorf("%s at %s is an error; a 0.01 rounding difference is info or warning", f.Code, f.Ref)
				}
			}
		}
		if !found {
			t.Errorf("missing finding %s at %s (%s); got %v", w.Code, ref, w.Where, pipelinetest.FindingKeys(rep))
		}
	}
	for _, f := range rep.Findings {
		if f.Severity == finding.Error {
			t.Errorf("unexpected error finding %s at %s: %s", f.Code, f.Ref, f.Message)
		}
	}
}

// TestReportGolden compares the JSON report of every sample with its
// .golden.json. Run with -update to rewrite them, and read the diff.
func TestReportGolden(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(pipelinetest.Samples, "*.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no samples")
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			goldenReport(t, pipelinetest.ProcessFile(t, path, nil), strings.TrimSuffix(path, ".xlsx")+".golden.json")
		})
	}
}

// TestReportRoundTrip: a report is complete in its JSON. Decoded from the
// JSON it wrote, it prints the same text and writes the same JSON again, as
// a ledger that stores the JSON will need: for the samples, the bad-input
// corpus, and reports with a capped total, a total kept to one place and
// indicators that could not be scored.
func TestReportRoundTrip(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(pipelinetest.Samples, "*.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	bad, err := filepath.Glob(filepath.Join(badDir, "*.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	type input struct {
		name string
		path string
		rb   *rulebook.Rulebook
	}
	var inputs []input
	for _, p := range append(paths, bad...) {
		inputs = append(inputs, input{filepath.Base(p), p, nil})
	}
	capped := rulebook.DefaultRulebook()
	capped.Total.CapByExecution = []rulebook.Cap{{Below: rulebook.Ratio{Decimal: decimal.RequireFromString("0.95")}, Max: decimal.NewFromInt(90)}}
	places := rulebook.DefaultRulebook()
	places.Total.DeclaredPlaces = 1
	inputs = append(inputs,
		input{"capped", pipelinetest.SeedWorkbook, capped},
		input{"one place", pipelinetest.SeedWorkbook, places},
		input{"unscored", pipelinetest.Mutated(t, pipelinetest.Set("绩效指标", "E4", "约九成")), nil},
	)
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			rep := pipelinetest.ProcessFile(t, in.path, in.rb)
			var text, data bytes.Buffer
			if err := rep.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			if err := rep.WriteJSON(&data); err != nil {
				t.Fatal(err)
			}
			var back report.Report
			if err := json.Unmarshal(data.Bytes(), &back); err != nil {
				t.Fatalf("decode the report's own JSON: %v", err)
			}
			var text2, data2 bytes.Buffer
			if err := back.WriteText(&text2); err != nil {
				t.Fatal(err)
			}
			if err := back.WriteJSON(&data2); err != nil {
				t.Fatal(err)
			}
			if text2.String() != text.String() {
				t.Errorf("text of the decoded report:\n%s\nwant:\n%s", text2.String(), text.String())
			}
			if !bytes.Equal(data2.Bytes(), data.Bytes()) {
				t.Errorf("JSON of the decoded report:\n%s\nwant:\n%s", data2.Bytes(), data.Bytes())
			}
			if !slices.Equal(back.FindingList(), rep.FindingList()) {
				t.Errorf("findings of the decoded report %v, want %v", back.FindingList(), rep.FindingList())
			}
		})
	}
	// The special cases show what they are for.
	for _, tc := range []struct {
		in   input
		says string
	}{
		{inputs[len(inputs)-3], "按评分规则封顶 90 分"},
		{inputs[len(inputs)-2], "保留 1 位小数 94.4"},
		{inputs[len(inputs)-1], "暂定：1 个指标无法复核，按自评得分计入"},
	} {
		var text bytes.Buffer
		if err := pipelinetest.ProcessFile(t, tc.in.path, tc.in.rb).WriteText(&text); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text.String(), tc.says) {
			t.Errorf("%s: text does not say %q:\n%s", tc.in.name, tc.says, text.String())
		}
	}
}
