package rulebook

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/perfeval/perfeval/pipeline/finding"
)

// rbAwkwardTexts are texts that YAML reads as another type, as syntax, or
// not at all when written plain.
var rbAwkwardTexts = []string{
	"1_000", "2022-12-31", "2022-12-31T10:00:00Z", "null", "Null", "NULL", "~", "yes", "no", "on", "off", "y", "n",
	"true", "False", "0x1F", "0o17", "0b101", "017", "1e3", "1E-3", "-1.5", "+1", ".5", "1.", ".inf", "-.Inf", ".nan",
	"'quoted'", `"dq"`, `a "b" c`, "it's", "a: b", "a:b", "a:", "a #b", "#a", "a#b", "[x]", "{x}", "x]", "x}", "a, b", "a,b",
	"*x", "&x", "!x", "!!str x", "%x", "@x", "`x`", "|x", ">x", "-", "- x", "-x", "--- x", "...", "?", "? x", "?x", "<<", "=",
	"a\\b", "a/b", " leading", "trailing ", " both ", "第一行\n第二行", "a\tb", "a\r\nb", "a\u2028b", "a\u00a0b", "x\u200dy",
	"完成，基本完成", "完成：是", "【一级】", "100%", "95％", "😀", "👨\u200d👩\u200d👧", "南昌市部门整体支出绩效自评（2022年度）",
}

// rbTextPositions are the free-text places of a rulebook, each setting s in
// a copy of the default and reading it back.
var rbTextPositions = []struct {
	name string
	set  func(rb *Rulebook, s string)
	get  func(rb *Rulebook) string
}{
	{"id", func(rb *Rulebook, s string) { rb.ID = s }, func(rb *Rulebook) string { return rb.ID }},
	{"name", func(rb *Rulebook, s string) { rb.Name = s }, func(rb *Rulebook) string { return rb.Name }},
	{"level", func(rb *Rulebook, s string) { rb.Levels[1].Name = s }, func(rb *Rulebook) string { return rb.Levels[1].Name }},
	{"child", func(rb *Rulebook, s string) { rb.Levels[0].Children[1] = s }, func(rb *Rulebook) string { return rb.Levels[0].Children[1] }},
	{"qualitative", func(rb *Rulebook, s string) { rb.Indicators.Qualitative[1].Word = s }, func(rb *Rulebook) string { return rb.Indicators.Qualitative[1].Word }},
	{"override match", func(rb *Rulebook, s string) {
		rb.Indicators.Overrides = []Override{{Match: s, Method: Method{Method: "pass_fail"}}}
	}, func(rb *Rulebook) string { return rb.Indicators.Overrides[0].Match }},
	{"grade", func(rb *Rulebook, s string) { rb.Grades[2].Name = s }, func(rb *Rulebook) string { return rb.Grades[2].Name }},
	{"audit id", func(rb *Rulebook, s string) { rb.Audits[1].ID = s }, func(rb *Rulebook) string { return rb.Audits[1].ID }},
	{"audit message", func(rb *Rulebook, s string) { rb.Audits[1].Message = s }, func(rb *Rulebook) string { return rb.Audits[1].Message }},
	// A formula holds the text in a string literal, at its start or inside.
	{"audit expr", func(rb *Rulebook, s string) { rb.Audits[1].Expr = strconv.Quote(s) + ` != "" and 复核.总分 <= 100` },
		func(rb *Rulebook) string {
			lit, _, _ := strings.Cut(rb.Audits[1].Expr, ` != ""`)
			s, err := strconv.Unquote(lit)
			if err != nil {
				return "unquote " + lit + ": " + err.Error()
			}
			return s
		}},
	{"audit expr, text inside", func(rb *Rulebook, s string) {
		rb.Audits[1].Expr = "复核.总分 <= 100 or " + strconv.Quote(s) + ` == ""`
	},
		func(rb *Rulebook) string {
			_, lit, _ := strings.Cut(rb.Audits[1].Expr, " or ")
			s, err := strconv.Unquote(strings.TrimSuffix(lit, ` == ""`))
			if err != nil {
				return "unquote " + lit + ": " + err.Error()
			}
			return s
		}},
}

// TestFormatRulebookAwkwardText: every free text prints to YAML that loads
// back to the same text (without outer spaces, which the loader trims), and
// printing the reloaded rulebook gives the same bytes.
func TestFormatRulebookAwkwardText(t *testing.T) {
	for _, pos := range rbTextPositions {
		for _, s := range rbAwkwardTexts {
			t.Run(fmt.Sprintf("%s/%q", pos.name, s), func(t *testing.T) {
				rb := DefaultRulebook()
				pos.set(rb, s)
				out, err := FormatRulebook(rb)
				if err != nil {
					t.Fatalf("FormatRulebook: %v", err)
				}
				back, err := ParseRulebook("printed.yaml", out)
				if err != nil {
					t.Fatalf("printed rulebook does not load: %v\n%s", err, out)
				}
				want := s
				if !strings.HasPrefix(pos.name, "audit expr") {
					want = strings.TrimSpace(s) // setText trims free text
				}
				if got := pos.get(back); got != want {
					t.Errorf("%s reloaded as %q, want %q; printed:\n%s", pos.name, got, want, out)
				}
				pos.set(rb, want)
				if diffs := rulebookDiff(back, rb); len(diffs) > 0 {
					t.Errorf("reloaded rulebook differs:\n%s\nprinted:\n%s", strings.Join(diffs, "\n"), out)
				}
				// The printed text of a loaded rulebook (rb, once trimmed)
				// prints again as it is.
				trimmed, err := FormatRulebook(rb)
				if err != nil {
					t.Fatalf("FormatRulebook(trimmed): %v", err)
				}
				again, err := FormatRulebook(back)
				if err != nil {
					t.Fatalf("FormatRulebook(reloaded): %v", err)
				}
				if !bytes.Equal(again, trimmed) {
					t.Errorf("printing is not stable:\n%s\nreloaded and printed:\n%s", trimmed, again)
				}
			})
		}
	}
}

// TestFormatRulebookQuotes: text that a YAML reader would take for a number,
// date, boolean, null or syntax is quoted, and plain text is not.
func TestFormatRulebookQuotes(t *testing.T) {
	for _, tc := range []struct {
		text   string
		quoted bool
	}{
		{"1_000", true}, {"2022-12-31", true}, {"null", true}, {"~", true}, {"yes", true}, {"on", true},
		{"0x1F", true}, {"1e3", true}, {".inf", true}, {"@x", true}, {"`x", true}, {"'quoted'", true},
		{"a: b", true}, {"a #b", true}, {"*x", true}, {"&x", true}, {"!x", true}, {"%x", true},
		{"? x", true}, {"<<", true}, {"a\nb", true}, {"a\tb", true},
		{"P01", false}, {"nanchang-2022", false}, {"南昌市部门整体支出绩效自评（2022年度）", false}, {"完成：是", false},
	} {
		rb := DefaultRulebook()
		rb.ID = tc.text
		out, err := FormatRulebook(rb)
		if err != nil {
			t.Fatal(err)
		}
		line, _, _ := strings.Cut(string(out), "\n")
		value := strings.TrimPrefix(line, "id: ")
		if quoted := strings.HasPrefix(value, `"`) || strings.HasPrefix(value, "'"); quoted != tc.quoted {
			t.Errorf("id %q printed as %s, want quoted %v", tc.text, line, tc.quoted)
		}
	}
}

// TestFormatRulebookOrder: levels and qualitative words print in the
// rulebook's order, however many there are, and severity codes sorted.
func TestFormatRulebookOrder(t *testing.T) {
	rb := DefaultRulebook()
	rb.Levels = nil
	var words []Qualitative
	for i := range 12 {
		rb.Levels = append(rb.Levels, Level{Name: fmt.Sprintf("指标%c", 'Z'-i), Weight: rbDec("7.5"), Children: []string{fmt.Sprintf("子%d", i)}})
		words = append(words, Qualitative{Word: fmt.Sprintf("词%d", 11-i), Share: rbPct("50")})
	}
	rb.Levels[0].Weight = rbDec("7.5")
	rb.Budget.Weight = rbDec("10")
	rb.Indicators.Qualitative = words
	rb.Severity = map[finding.Code]finding.Severity{"target_too_low": finding.Error, "self_score_mismatch": finding.Info}
	out := assertRoundTrip(t, rb)
	text := string(out)
	last := -1
	for _, lv := range rb.Levels {
		i := strings.Index(text, "  "+lv.Name+": {weight: 7.5, children: [")
		if i <= last {
			t.Fatalf("level %s not after the previous one:\n%s", lv.Name, text)
		}
		last = i
	}
	if !strings.Contains(text, "qualitative: {词11: 50%, 词10: 50%, 词9: 50%,") {
		t.Errorf("qualitative words out of order:\n%s", text)
	}
	if !strings.Contains(text, "severity: {self_score_mismatch: info, target_too_low: error}\n") {
		t.Errorf("severity codes not sorted:\n%s", text)
	}
}

// TestFormatRulebookZeroValues: a written 0% or 0 is printed, not omitted as
// empty, and deduct and overshoot without values print {}.
func TestFormatRulebookZeroValues(t *testing.T) {
	rb := mustParseRulebook(t, rbHead+"indicators:\n  overrides: [{match: 效率, floor: 0%, deduct: {per: 1%, points: 0}}]\n")
	out := string(assertRoundTrip(t, rb))
	for _, want := range []string{
		"  overrides: [{match: 效率, floor: 0%, deduct: {per: 1%, points: 0}}]\n",
		"  deduct: {}\n",
		"  overshoot: {}\n",
		"  bands: []\n",
		"  cap_by_execution: []\n",
		"severity: {}\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("printed rulebook lacks %q:\n%s", want, out)
		}
	}
	rb.Audits = []Audit{}
	if out := string(assertRoundTrip(t, rb)); !strings.HasSuffix(out, "\naudits: []\n") {
		t.Errorf("printed rulebook does not end with audits: []:\n%s", out)
	}
}

// TestFormatRulebookNumbers: decimals print exactly, as plain numbers.
func TestFormatRulebookNumbers(t *testing.T) {
	rb := DefaultRulebook()
	rb.Tolerances = Tolerances{Amount: rbDec("0.0000001"), Rate: rbDec("123456789012345678901234567890.5"), Score: rbDec("0")}
	rb.Thresholds.TargetTooLow = rbPct("133.3333")
	out := string(assertRoundTrip(t, rb))
	for _, want := range []string{
		"tolerances: {amount: 0.0000001, rate: 123456789012345678901234567890.5, score: 0}\n",
		"thresholds: {target_too_low: 133.3333%, budget_adjustment: 20%}\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("printed rulebook lacks %q:\n%s", want, out)
		}
	}
}
