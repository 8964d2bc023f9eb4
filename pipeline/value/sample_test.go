package value

import (
	"encoding/json"
	"os"
	"testing"
)

// sampleIndicators reads the targets and actuals of the seed form.
func sampleIndicators(tb testing.TB) []struct{ Name, Target, Actual string } {
	tb.Helper()
	data, err := os.ReadFile("../../samples/nanchang-2022.form.json")
	if err != nil {
		tb.Fatalf("read sample: %v", err)
	}
	var f struct {
		Form struct {
			Indicators []struct{ Name, Target, Actual string }
		}
	}
	if err := json.Unmarshal(data, &f); err != nil {
		tb.Fatalf("decode sample: %v", err)
	}
	return f.Form.Indicators
}

// TestSample parses every target and actual of the seed form: all 88 must
// parse, and each pair must be comparable.
func TestSample(t *testing.T) {
	inds := sampleIndicators(t)
	parsed := 0
	for _, ind := range inds {
		target, err := Parse(ind.Target)
		if err != nil {
			t.Errorf("%s: Parse(%q) error: %v", ind.Name, ind.Target, err)
			continue
		}
		actual, err := Parse(ind.Actual)
		if err != nil {
			t.Errorf("%s: Parse(%q) error: %v", ind.Name, ind.Actual, err)
			continue
		}
		parsed += 2
		if target.Kind != Number && target.Kind != Percent {
			t.Errorf("%s: Parse(%q) = %s, want a number or percent", ind.Name, ind.Target, dump(target))
		}
		if target.Op == OpNone {
			t.Errorf("%s: Parse(%q).Op = OpNone, want the written operator", ind.Name, ind.Target)
		}
		if !Compatible(target, actual) {
			t.Errorf("%s: Compatible(%q, %q) = false, want true", ind.Name, ind.Target, ind.Actual)
		}
	}
	if parsed != 88 {
		t.Errorf("parsed %d targets and actuals of the seed form, want 88", parsed)
	}
}

// TestSampleValues pins a few seed values that the scoring in DESIGN relies on.
func TestSampleValues(t *testing.T) {
	tests := []struct {
		in   string
		want want
	}{
		{">=16.8万件", scaled(OpGE, "168000", "万", "件")},
		{"200万件", scaled(OpNone, "2000000", "万", "件")},
		{">=290种", num(OpGE, "290", "种")},
		{"289种", num(OpNone, "289", "种")},
		{">=360天", num(OpGE, "360", "天")},
		{"291天", num(OpNone, "291", "天")},
		{">=4000次", num(OpGE, "4000", "次")},
		{"3573次", num(OpNone, "3573", "次")},
		{"<=3次", num(OpLE, "3", "次")},
		{"0次", num(OpNone, "0", "次")},
		{">=95%", pct(OpGE, "95")},
		{"90%", pct(OpNone, "90")},
		{"96.12%", pct(OpNone, "96.12")},
		{"=100%", pct(OpEQ, "100")},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q) error: %v", tt.in, err)
			continue
		}
		if !matches(t, got, tt.want) {
			t.Errorf("Parse(%q) = %s, want %v", tt.in, dump(got), tt.want)
		}
	}
}
