package pipeline

import (
	"slices"
	"testing"
	"unicode"

	"github.com/perfeval/perfeval/template"
)

// designCodes is the code list of DESIGN §3, the contract, followed by the
// codes added since as §3 allows ("new checks add new codes"): audit_failed
// for the rulebook's 审核公式, hidden_row, draft_left.
var designCodes = []string{"not_xlsx", "encrypted", "too_large", "missing_sheet", "missing_column", "missing_field",
	"template_version", "unparseable_value", "unit_mismatch", "negative_amount", "unknown_level",
	"weight_sum_mismatch", "score_exceeds_weight", "sum_mismatch", "rate_mismatch",
	"execution_exceeds_budget", "cross_table_mismatch", "cost_indicator_mismatch",
	"prefill_changed", "missing_explanation", "self_score_mismatch", "declared_total_mismatch",
	"target_too_low", "missing_goal_text", "audit_failed", "hidden_row", "draft_left"}

// unreadableCodes are reported by Process for files it cannot open, not by a
// check.
var unreadableCodes = []string{"not_xlsx", "encrypted", "too_large"}

func TestCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Codes {
		if seen[c.Name] {
			t.Errorf("code %s listed twice", c.Name)
		}
		seen[c.Name] = true
		if !slices.Contains(designCodes, c.Name) {
			t.Errorf("code %s is not in DESIGN §3", c.Name)
		}
		if c.Title == "" {
			t.Errorf("code %s has no Title", c.Name)
		}
		if c.Severity == SeverityInvalid {
			t.Errorf("code %s has no default severity", c.Name)
		}
		if !slices.ContainsFunc([]rune(c.Doc), func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("code %s has no Chinese Doc", c.Name)
		}
	}
	// Every catalogued code is reported by some check or by Process, and
	// every check reports only catalogued codes: no code that cannot occur.
	reported := map[string]bool{}
	for _, c := range unreadableCodes {
		reported[c] = true
	}
	for _, c := range reservedCodes {
		reported[c] = true
	}
	names := map[string]bool{}
	for _, ch := range Checks {
		if names[ch.Name] {
			t.Errorf("check %s listed twice", ch.Name)
		}
		names[ch.Name] = true
		if ch.Run == nil || len(ch.Codes) == 0 {
			t.Errorf("check %s has no Run or no Codes", ch.Name)
		}
		for _, code := range ch.Codes {
			if !seen[code] {
				t.Errorf("check %s reports %s, which is not in the catalogue", ch.Name, code)
			}
			reported[code] = true
		}
	}
	for _, c := range Codes {
		if !reported[c.Name] {
			t.Errorf("code %s is catalogued but nothing reports it", c.Name)
		}
	}
	// And the other way round: every code of the contract is catalogued, so
	// a rulebook may name it.
	for _, c := range designCodes {
		if !seen[c] {
			t.Errorf("DESIGN §3 code %s is not catalogued", c)
		}
	}
	for _, c := range reservedCodes {
		for _, ch := range Checks {
			if slices.Contains(ch.Codes, c) {
				t.Errorf("reserved code %s is reported by check %s: take it off reservedCodes", c, ch.Name)
			}
		}
	}
}

func TestReportfRejectsUndeclaredCode(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Reportf with a code the check did not declare did not panic")
		}
	}()
	p := &Pass{Rules: DefaultRulebook(), check: &Check{Name: "x", Codes: []string{"sum_mismatch"}}}
	p.Reportf("rate_mismatch", template.Ref{}, "x")
}

// TestFindingTitle: a difference within tolerance is titled as rounding,
// never as a mismatch.
func TestFindingTitle(t *testing.T) {
	tests := []struct {
		f    Finding
		want string
	}{
		{Finding{Code: "sum_mismatch"}, "合计不符"},
		{Finding{Code: "sum_mismatch", Rounding: true}, "合计尾差"},
		{Finding{Code: "rate_mismatch", Rounding: true}, "执行率尾差"},
		{Finding{Code: "declared_total_mismatch"}, "自评总分不符"},
	}
	for _, tt := range tests {
		if got := tt.f.Title(); got != tt.want {
			t.Errorf("Title of %+v = %q, want %q", tt.f, got, tt.want)
		}
	}
}
