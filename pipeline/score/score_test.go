package score

import (
	"math/big"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/value"
	"github.com/perfeval/perfeval/template"
)

// line builds an indicator from what a department types.
func line(t *testing.T, name, target, actual, weight string) Line {
	t.Helper()
	tv, err := value.Parse(target)
	if err != nil {
		t.Fatalf("target %q: %v", target, err)
	}
	av, err := value.Parse(actual)
	if err != nil {
		t.Fatalf("actual %q: %v", actual, err)
	}
	return Line{
		Name:   name,
		Target: Quantity{Cell: template.Cell{Raw: target}, Value: tv, OK: true},
		Actual: Quantity{Cell: template.Cell{Raw: actual}, Value: av, OK: true},
		Weight: Number{Value: decimal.RequireFromString(weight), OK: true},
	}
}

func ratio(s string) rulebook.Ratio { return rulebook.Ratio{Decimal: decimal.RequireFromString(s)} }

// TestScoreLine covers every scoring method of the rulebook, each operator
// and kind of value, on figures worked by hand.
func TestScoreLine(t *testing.T) {
	def := rulebook.DefaultRulebook()
	with := func(m rulebook.Method) *rulebook.Rulebook {
		rb := rulebook.DefaultRulebook()
		rb.Indicators.Method = m
		return rb
	}
	proportional := with(rulebook.Method{Method: "proportional", Rounding: rulebook.Rounding{Places: 2, Mode: "half_up"}})
	wholeFloor := with(rulebook.Method{Method: "proportional", Rounding: rulebook.Rounding{Places: 0, Mode: "floor"}})
	ceil := with(rulebook.Method{Method: "proportional", Rounding: rulebook.Rounding{Places: 1, Mode: "ceil"}})
	bands := with(rulebook.Method{Method: "bands", Rounding: rulebook.Rounding{Places: 2, Mode: "half_up"},
		Bands: []rulebook.ShareBand{{From: ratio("0.8"), Share: ratio("1")}, {From: ratio("0.6"), Share: ratio("0.8")}, {From: ratio("0"), Share: ratio("0")}}})
	deduct := with(rulebook.Method{Method: "deduct", Rounding: rulebook.Rounding{Places: 2, Mode: "half_up"}, Deduct: rulebook.Deduct{Per: ratio("0.01"), Points: decimal.RequireFromString("0.5")}})
	passFail := with(rulebook.Method{Method: "pass_fail", Rounding: rulebook.Rounding{Places: 2, Mode: "half_up"}})
	overshoot := rulebook.DefaultRulebook()
	overshoot.Indicators.Overshoot = rulebook.Overshoot{Above: ratio("1.3"), Points: decimal.RequireFromString("2")}
	override := rulebook.DefaultRulebook()
	override.Indicators.Overrides = []rulebook.Override{{Match: "满意度", Method: rulebook.Method{Method: "proportional"}}}
	// An override applies to a qualitative actual too: the grade's share is
	// the completion the overriding method scores.
	overridePassFail := rulebook.DefaultRulebook()
	overridePassFail.Indicators.Overrides = []rulebook.Override{{Match: "满意度", Method: rulebook.Method{Method: "pass_fail"}}}

	tests := []struct {
		name                   string
		rb                     *rulebook.Rulebook
		target, actual, weight string
		score, completion      string // "" means unscored
		met                    bool
	}{
		// The seed's figures under the default linear method.
		{"seed 289/290", def, ">=290种", "289种", "1.5", "1.49", "0.99655172", false},
		{"seed 291/360", def, ">=360天", "291天", "2", "1.04", "0.80833333", false},
		{"seed 3573/4000", def, ">=4000次", "3573次", "1", "0.73", "0.89325", false},
		{"seed 90%/95%", def, ">=95%", "90%", "10", "8.68", "0.94736842", false},
		{"scaled units", def, ">=16.8万件", "200万件", "3", "3", "11.9047619", true},
		{"below the floor", def, ">=100项", "59项", "2", "0", "0.59", false},
		{"lower is better, met", def, "<=3次", "0次", "0.75", "0.75", "1", true},
		{"lower is better, missed", def, "<=4次", "5次", "1", "0.5", "0.8", false},
		{"zero ceiling met", def, "=0起", "0起", "2", "2", "1", true},
		{"zero ceiling missed", def, "=0起", "3起", "2", "0", "0", false},
		{"below zero never met", def, "<0次", "0次", "1", "0", "0", false},
		{"equals, met", def, "=1项", "1项", "1", "1", "1", true},
		{"no operator", def, "100%", "96%", "1", "0.9", "0.96", false},
		{"strictly above, met", def, ">95%", "96%", "1", "1", "1.01052632", true},
		// A strict target reached but not passed is missed by nothing the
		// completion can show: full points under linear, zero under
		// pass_fail, and missed either way, so a reason is still due.
		{"strictly above, reached only", def, ">95%", "95%", "1", "1", "1", false},
		{"strictly below, reached only", def, "<5次", "5次", "1", "1", "1", false},
		{"strictly above, pass_fail", passFail, ">95%", "95%", "1", "0", "1", false},
		{"date met", def, "2022年12月31日前", "2022年12月20日", "0.5", "0.5", "1", true},
		{"date missed", def, "2022年12月31日前", "2023年1月5日", "0.5", "0", "0", false},
		{"date met, in words", def, "2022年12月31日前", "按时完成", "0.5", "0.5", "1", true},
		{"date met early, in words", def, "2022年12月31日前", "已提前完成", "0.5", "0.5", "1", true},
		{"date missed, in words", def, "2022年12月31日前", "未按时完成", "0.5", "0", "0", false},
		{"date missed, overdue", def, "2022年12月31日前", "逾期完成", "0.5", "0", "0", false},
		{"date answered with a grade", def, "2022年12月31日前", "达成预期指标", "0.5", "", "", false},
		{"qualitative word", def, "达成预期指标", "基本达成", "5", "4", "0.8", false},
		{"qualitative standard phrase", def, "达成预期指标", "部分达成预期指标并具有一定效果", "5", "3", "0.6", false},
		{"qualitative not met", def, "达成预期指标", "未达成预期指标且效果较差", "5", "0", "0", false},
		{"qualitative unknown", def, "达成预期指标", "还行", "5", "", "", false},
		{"units differ", def, ">=10件", "8天", "1", "", "", false},
		{"proportional", proportional, ">=290种", "289种", "1.5", "1.49", "0.99655172", false},
		{"proportional 3573/4000", proportional, ">=4000次", "3573次", "1", "0.89", "0.89325", false},
		{"whole points, floor", wholeFloor, ">=4000次", "3573次", "10", "8", "0.89325", false},
		{"whole points, floor, met in full", wholeFloor, ">=100项", "100项", "0.5", "0.5", "1", true},
		{"one place, ceil", ceil, ">=4000次", "3573次", "1", "0.9", "0.89325", false},
		{"bands top", bands, ">=100项", "85项", "10", "10", "0.85", false},
		{"bands middle", bands, ">=100项", "70项", "10", "8", "0.7", false},
		{"bands bottom", bands, ">=100项", "50项", "10", "0", "0.5", false},
		{"deduct 0.5 per point", deduct, ">=100%", "97%", "5", "3.5", "0.97", false},
		{"deduct to zero", deduct, ">=100%", "80%", "5", "0", "0.8", false},
		{"pass", passFail, ">=100项", "100项", "3", "3", "1", true},
		{"fail", passFail, ">=100项", "99项", "3", "0", "0.99", false},
		{"overshoot deducted", overshoot, ">=100项", "140项", "5", "3", "1.4", true},
		{"overshoot deducted, no lower than 0", overshoot, ">=100项", "140项", "1", "0", "1.4", true},
		{"overshoot within limit", overshoot, ">=100项", "120项", "5", "5", "1.2", true},
		{"override by name", override, ">=95%", "90%", "10", "9.47", "0.94736842", false},
		{"override on a qualitative actual, met", overridePassFail, "达成预期指标", "达成预期指标", "5", "5", "1", true},
		{"override on a qualitative actual, short", overridePassFail, "达成预期指标", "基本达成", "5", "0", "0.8", false},
		{"no override on a qualitative actual", def, "达成预期指标", "基本达成", "5", "4", "0.8", false},
		// Exactly half-way: 0.75 × (2.8/3 − 0.6) ÷ 0.4 is 0.625, and so is
		// 0.75 × 2.5/3; a quotient cut short first would round them down.
		{"exactly half-way, linear", def, ">=3次", "2.8次", "0.75", "0.63", "0.93333333", false},
		{"exactly half-way, proportional", proportional, ">=3次", "2.5次", "0.75", "0.63", "0.83333333", false},
		// Rounding up never passes the weight.
		{"whole points rounded up, capped", with(rulebook.Method{Method: "linear", Floor: ratio("0.8"), Rounding: rulebook.Rounding{Places: 0, Mode: "ceil"}}),
			">=290种", "289种", "1.5", "1.5", "0.99655172", false},
		{"half-up to whole points, capped", with(rulebook.Method{Method: "proportional", Rounding: rulebook.Rounding{Places: 0, Mode: "half_up"}}),
			">=100项", "90项", "0.75", "0.75", "0.9", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := tt.name
			if tt.rb == override || tt.rb == overridePassFail {
				name = "办事群众满意度"
			}
			l := line(t, name, tt.target, tt.actual, tt.weight)
			scoreLine(&l, tt.rb)
			if tt.score == "" {
				if l.Scored {
					t.Errorf("scored %s, want unscored", l.Score)
				}
				return
			}
			if !l.Scored || !l.Score.Equal(decimal.RequireFromString(tt.score)) {
				t.Errorf("score = %s (scored %v), want %s", l.Score, l.Scored, tt.score)
			}
			if got := l.Completion.Round(8); !got.Equal(decimal.RequireFromString(tt.completion)) {
				t.Errorf("completion = %s, want %s", got, tt.completion)
			}
			if l.Met != tt.met {
				t.Errorf("met = %v, want %v", l.Met, tt.met)
			}
		})
	}
}

// TestScoreExact holds linear and proportional scores to an independent
// reference in exact fractions, rounded half-up by integer arithmetic, over
// a grid of weights, targets and actuals: every score is rounded once, from
// the exact value.
func TestScoreExact(t *testing.T) {
	def := rulebook.DefaultRulebook()
	prop := rulebook.DefaultRulebook()
	prop.Indicators.Method = rulebook.Method{Method: "proportional", Rounding: rulebook.Rounding{Places: 2, Mode: "half_up"}}
	// half rounds x ≥ 0 to 2 places, half-up: floor(100x + 1/2) / 100.
	half := func(x *big.Rat) decimal.Decimal {
		y := new(big.Rat).Add(new(big.Rat).Mul(x, big.NewRat(100, 1)), big.NewRat(1, 2))
		q := new(big.Int).Quo(y.Num(), y.Denom())
		return decimal.NewFromBigInt(q, -2)
	}
	checked := 0
	for _, w := range []string{"0.5", "0.75", "1", "1.5", "2", "2.5", "3", "5", "7.5", "10"} {
		for target := 1; target <= 60; target++ {
			for hundredths := 60*target + 1; hundredths < 100*target; hundredths += 7 {
				actual := decimal.New(int64(hundredths), -2)
				wr := decimal.RequireFromString(w).Rat()
				r := new(big.Rat).Quo(actual.Rat(), big.NewRat(int64(target), 1))
				lin := new(big.Rat).Sub(r, big.NewRat(3, 5))
				lin.Mul(lin, wr).Quo(lin, big.NewRat(2, 5))
				for _, c := range []struct {
					rb   *rulebook.Rulebook
					want decimal.Decimal
				}{{def, half(lin)}, {prop, half(new(big.Rat).Mul(wr, r))}} {
					l := Line{
						Target: Quantity{Value: value.Value{Kind: value.Number, Op: value.OpGE, Num: decimal.NewFromInt(int64(target))}, OK: true},
						Actual: Quantity{Value: value.Value{Kind: value.Number, Num: actual}, OK: true},
						Weight: Number{Value: decimal.RequireFromString(w), OK: true},
					}
					scoreLine(&l, c.rb)
					if !l.Score.Equal(c.want) {
						t.Fatalf("%s: weight %s, %s of %d: score %s, want %s", c.rb.Indicators.Method.Method, w, actual, target, l.Score, c.want)
					}
					checked++
				}
			}
		}
	}
	if checked < 10000 {
		t.Fatalf("checked %d scores, want a grid of at least 10,000", checked)
	}
}

// TestScoreBudget covers the budget methods, the total cap and the grade.
func TestScoreBudget(t *testing.T) {
	tests := []struct {
		name   string
		method rulebook.BudgetRule
		rate   string
		want   string
	}{
		{"bands 91.38%", rulebook.DefaultRulebook().Budget, "0.9138", "7"},
		{"bands 95%", rulebook.DefaultRulebook().Budget, "0.95", "10"},
		{"bands 79.99%", rulebook.DefaultRulebook().Budget, "0.7999", "0"},
		{"proportional", rulebook.BudgetRule{Weight: decimal.NewFromInt(10), Method: "proportional", Rounding: rulebook.Rounding{Places: 2, Mode: "half_up"}}, "0.9138", "9.14"},
		{"proportional above 100%", rulebook.BudgetRule{Weight: decimal.NewFromInt(10), Method: "proportional", Rounding: rulebook.Rounding{Places: 2, Mode: "half_up"}}, "1.2", "10"},
		{"linear from 60%", rulebook.BudgetRule{Weight: decimal.NewFromInt(10), Method: "linear", Floor: ratio("0.6"), Rounding: rulebook.Rounding{Places: 2, Mode: "half_up"}}, "0.9138", "7.85"},
	}
	for _, tt := range tests {
		if got := scoreBudget(decimal.RequireFromString(tt.rate), tt.method); !got.Equal(decimal.RequireFromString(tt.want)) {
			t.Errorf("%s: scoreBudget(%s) = %s, want %s", tt.name, tt.rate, got, tt.want)
		}
	}

	// A total capped by a low execution rate.
	rb := rulebook.DefaultRulebook()
	rb.Total.CapByExecution = []rulebook.Cap{{Below: ratio("0.6"), Max: decimal.NewFromInt(59)}}
	s := &Form{
		Budget: []BudgetLine{{Key: template.BudgetTotal, Rate: decimal.RequireFromString("0.5"), RateOK: true}},
		Lines:  []Line{line(t, "x", ">=1项", "1项", "90")},
	}
	Score(s, rb)
	if !s.Total.Equal(decimal.NewFromInt(59)) || s.Grade != "差" {
		t.Errorf("capped total = %s grade %s, want 59 差", s.Total, s.Grade)
	}
}

// TestOverrideFloorZero: an override that writes floor: 0% scores from 0%,
// not from the rule's 60%, and prints and reloads so.
func TestOverrideFloorZero(t *testing.T) {
	rb, err := rulebook.ParseRulebook("f.yaml", []byte("id: t\nname: 测试\nindicators:\n  overrides: [{match: 满意度, floor: 0%}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	text, err := rulebook.FormatRulebook(rb)
	if err != nil {
		t.Fatal(err)
	}
	again, err := rulebook.ParseRulebook("printed.yaml", text)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	for _, rb := range []*rulebook.Rulebook{rb, again} {
		l := line(t, "群众满意度", ">=100%", "80%", "10")
		scoreLine(&l, rb)
		if !l.Score.Equal(decimal.NewFromInt(8)) {
			t.Errorf("score %s, want 8 (10 × 80%% from a floor of 0%%)", l.Score)
		}
	}
}

// TestDeductCommentExample: the default rulebook's comment on deduct says
// 0.34 percentage points short at 0.5 per point takes 0.17 off; the scorer
// agrees.
func TestDeductCommentExample(t *testing.T) {
	m := rulebook.Method{Method: "deduct", Deduct: rulebook.Deduct{Per: ratio("0.01"), Points: decimal.RequireFromString("0.5")},
		Rounding: rulebook.Rounding{Places: 2, Mode: "half_up"}}
	if got := Points(m, decimal.RequireFromString("1.5"), decimal.RequireFromString("0.9966").Rat()); !got.Equal(decimal.RequireFromString("1.33")) {
		t.Errorf("deduct 0.34 points short of 1.5 = %s, want 1.33", got)
	}
	if !strings.Contains(string(rulebook.DefaultRulebookYAML()), "按实际差距折算，如差 0.34 个百分点扣 0.17 分") {
		t.Error("the default rulebook's comment no longer gives the example")
	}
}
