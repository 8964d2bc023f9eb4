package score

import (
	"math/big"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/value"
	"github.com/perfeval/perfeval/template"
)

var one = decimal.NewFromInt(1)

// Score computes every indicator's completion and score, the budget
// execution score, the totals and the grade under the rulebook. Values that
// cannot be scored stay unscored and count zero; the checks say why. The
// total is only reported (TotalOK) when the budget execution was scored
// and there is at least one indicator. An indicator that cannot be scored
// but carries a self-score counts at that self-score (at most its weight):
// the total is then provisional (Provisional lists those lines), rather
// than none at all for one row in doubt.
func Score(s *Form, rb *rulebook.Rulebook) {
	s.IndicatorTotal, s.Unscored, s.Provisional = decimal.Zero, 0, nil
	s.fillBudgetRateActuals()
	// A row in doubt counts at its self-score; a table that lost a
	// column of figures is not a row in doubt, and has no total.
	whole := true
	if s.Source != nil {
		for _, k := range []string{template.ColTarget, template.ColActual, template.ColWeight, template.ColSelfScore} {
			_, ok := s.Source.Columns[k]
			whole = whole && ok
		}
	}
	for i := range s.Lines {
		l := &s.Lines[i]
		scoreLine(l, rb)
		switch {
		case l.Scored:
			s.IndicatorTotal = s.IndicatorTotal.Add(l.Score)
		case whole && l.SelfScore.OK && !l.SelfScore.Value.IsNegative() && l.Weight.OK:
			// At most its weight: without one, nothing bounds it.
			s.Unscored++
			s.Provisional = append(s.Provisional, i)
			s.IndicatorTotal = s.IndicatorTotal.Add(decimal.Min(l.SelfScore.Value, l.Weight.Value))
		default:
			s.Unscored++
		}
	}
	complete := s.Unscored == len(s.Provisional)
	for i := range s.Budget {
		b := &s.Budget[i]
		if b.RateOK && b.StatedRate.OK && !b.StatedFraction && AsFraction(b.StatedRate, b.RatePercent(), rb.Tolerances.Rate) {
			b.StatedRate.Value, b.StatedFraction = b.StatedRate.Value.Mul(hundred), true
		}
	}
	s.BudgetScore, s.BudgetScoreOK = decimal.Zero, false
	if total, ok := s.BudgetLine(template.BudgetTotal); ok && total.RateOK {
		// Bands compare the rate as the form states it, to two places of percent.
		s.BudgetScore, s.BudgetScoreOK = scoreBudget(total.Rate.Round(4), rb.Budget), true
	}
	s.Total = s.IndicatorTotal.Add(s.BudgetScore)
	s.TotalOK = len(s.Lines) > 0 && complete && s.BudgetScoreOK
	s.BudgetExcluded = rb.Total.ExcludeBudget
	if rb.Total.ExcludeBudget {
		s.Total = s.IndicatorTotal
		s.TotalOK = len(s.Lines) > 0 && complete
	}
	s.Capped = false
	uncapped := s.Total
	if total, ok := s.BudgetLine(template.BudgetTotal); ok && total.RateOK {
		for _, c := range rb.Total.CapByExecution {
			if total.Rate.Round(4).LessThan(c.Below.Decimal) && s.Total.GreaterThan(c.Max) {
				s.Uncapped = uncapped
				s.Total, s.CapBelow, s.CapMax, s.Capped = c.Max, c.Below.Decimal, c.Max, true
			}
		}
	}
	s.ReportedTotal = s.Total.Round(rb.Total.DeclaredPlaces)
	s.Grade = rb.Grade(s.Total)
	if len(s.Provisional) > 0 {
		// Rows counted at the department's own word: no grade until they
		// are scored.
		s.Grade = ""
	}
}

// Scores are computed exactly, as fractions, and rounded once. Scoring
// divides (actual ÷ target, then (r − floor) ÷ (1 − floor) or the shortfall
// ÷ per), and a quotient cut to any number of places can land a half-way
// score on the wrong side of its rounding: weight 0.75, 2.8 of 3 is exactly
// 0.625, which rounds half-up to 0.63, while 0.9333…3 cut to 16 places gives
// 0.62499… and 0.62.

// scoreBudget scores an execution rate given as a fraction.
func scoreBudget(rate decimal.Decimal, br rulebook.BudgetRule) decimal.Decimal {
	w, r := br.Weight.Rat(), rate.Rat()
	score := new(big.Rat)
	switch br.Method {
	case "proportional":
		score.Mul(w, minRat(r, ratOne))
	case "linear":
		score = linear(w, r, br.Floor.Rat())
	default: // bands
		for _, b := range br.Bands {
			if rate.GreaterThanOrEqual(b.From.Decimal) {
				score = b.Score.Rat()
				break
			}
		}
	}
	return capRound(score, br.Weight, br.Rounding)
}

var ratOne = big.NewRat(1, 1)

func minRat(a, b *big.Rat) *big.Rat {
	if a.Cmp(b) < 0 {
		return a
	}
	return b
}

// linear is weight × (r − floor) ÷ (1 − floor), within [0, weight].
func linear(weight, r, floor *big.Rat) *big.Rat {
	if r.Cmp(ratOne) >= 0 {
		return weight
	}
	if r.Cmp(floor) <= 0 || floor.Cmp(ratOne) >= 0 {
		return new(big.Rat)
	}
	out := new(big.Rat).Sub(r, floor)
	out.Mul(out, weight)
	return out.Quo(out, new(big.Rat).Sub(ratOne, floor))
}

// roundRat rounds an exact value to r.Places: half away from zero (half-up
// for the non-negative scores it sees), down or up.
func roundRat(x *big.Rat, r rulebook.Rounding) decimal.Decimal {
	num, den := decimal.NewFromBigInt(x.Num(), 0), decimal.NewFromBigInt(x.Denom(), 0)
	switch r.Mode {
	case "floor", "ceil":
		q, rem := num.QuoRem(den, r.Places) // q is truncated toward zero
		unit := decimal.New(1, -r.Places)
		switch {
		case r.Mode == "floor" && rem.IsNegative():
			q = q.Sub(unit)
		case r.Mode == "ceil" && rem.IsPositive():
			q = q.Add(unit)
		}
		return q
	default:
		return num.DivRound(den, r.Places)
	}
}

// capRound rounds a score, which never passes its weight: full marks stay
// full, so whole-point or floor rounding cannot take a 0.5-point indicator
// met in full down to 0, and rounding up cannot lift a missed one above its
// weight (1.47 of 1.5 is 1.5, not 2, in whole points rounded up).
func capRound(score *big.Rat, weight decimal.Decimal, r rulebook.Rounding) decimal.Decimal {
	if score.Cmp(weight.Rat()) >= 0 {
		return weight
	}
	return decimal.Min(roundRat(score, r), weight)
}

// scoreLine sets Completion, Met and Score of one indicator.
func scoreLine(l *Line, rb *rulebook.Rulebook) {
	l.Scored, l.CompletionOK, l.Met, l.Band = false, false, false, false
	if !l.Weight.OK || !l.Target.OK || !l.Actual.OK {
		return
	}
	t, a := l.Target.Value, l.Actual.Value
	l.PercentAssumed, l.AssumedPercent = false, decimal.Zero
	if t.Kind == value.Percent && a.Kind == value.Number && a.Unit == "" && a.Prefix == "" && a.Num.GreaterThan(one) {
		// 100 against ﹦100%: above 1, a bare number is the percent figure
		// (0.96 could be 96% or 0.96%, and stays a unit_mismatch) — or,
		// nearer the target, a fraction: 1.05 against ≥95% is 105%, not
		// 1.05%. UnitMismatch notes which was taken.
		a.Kind, l.PercentAssumed, l.AssumedPercent = value.Percent, true, a.Num
		if frac := a.Num.Mul(hundred); t.Num.IsPositive() && farness(frac, t.Num).LessThan(farness(a.Num, t.Num)) {
			a.Num, l.AssumedPercent = frac, frac
		}
	}
	m, overridden := rb.Indicators.MethodFor(l.Name)
	l.Method = m.Method
	l.Overshoot = decimal.Zero
	switch {
	case t.Kind == value.Date && a.Kind == value.Word:
		// A deadline answered in words: 按时完成, 未按期完成.
		met, ok := dateWordMet(a.Word)
		if !ok {
			return
		}
		l.Met, l.Method = met, "pass_fail"
		l.Completion, l.CompletionOK, l.Score, l.Scored = decimal.Zero, true, decimal.Zero, true
		if met {
			l.Completion, l.Score = one, l.Weight.Value
		}
		return
	case a.Kind == value.Word && t.Kind != value.Word:
		return // a grade for a number: unit_mismatch asks for the number
	case a.Kind == value.Word:
		q, ok := qualitativeShare(a.Word, t, rb.Indicators.Qualitative)
		if !ok {
			return
		}
		if q.Band {
			scoreBand(l, q, m.Rounding)
			return
		}
		s := q.Share.Decimal
		l.Completion, l.CompletionOK = s, true
		l.Met = s.GreaterThanOrEqual(one)
		score := l.Weight.Value.Mul(s).Rat()
		if overridden {
			// An override names its method for these indicators whatever
			// the actual: the grade's share is the completion it scores.
			score = scoreBy(m, l.Weight.Value, s.Rat(), l.Met)
		} else {
			l.Method = "qualitative"
		}
		l.Score, l.Scored = capRound(score, l.Weight.Value, m.Rounding), true
		return
	case t.Kind == value.Date && a.Kind == value.Date:
		l.Met = dateMet(t, a)
		l.Completion, l.CompletionOK = decimal.Zero, true
		if l.Met {
			l.Completion = one
		}
		l.Method = "pass_fail"
		l.Score, l.Scored = decimal.Zero, true
		if l.Met {
			l.Score = l.Weight.Value
		}
		return
	case !value.Compatible(t, a) || (t.Kind != value.Number && t.Kind != value.Percent):
		return // unit_mismatch or unparseable_value explains it
	}
	op := t.Op
	l.LowerIsBetter = false
	if op == value.OpNone && rb.Indicators.IsLowerBetter(l.Name) {
		// 投诉率 5%: a ceiling the form left unsaid. With an operator
		// written, even =, the form says what it means.
		op, l.LowerIsBetter = value.OpLE, true
	}
	if t.Num.IsZero() && (op == value.OpEQ || op == value.OpNone) {
		// "=0起" (no accidents, no complaints) is a ceiling: 3 is a miss.
		op = value.OpLE
	}
	r := Completion(op, t.Num, a.Num)
	l.Met = met(op, t.Num, a.Num)
	if l.Met && r.Cmp(ratOne) < 0 {
		// A strict or lower-is-better target that is met counts in full.
		r = ratOne
	}
	l.Completion, l.CompletionOK = decimal.NewFromBigRat(r, rulebook.RatioPlaces), true
	w := l.Weight.Value
	score := scoreBy(m, w, r, l.Met)
	if os := rb.Indicators.Overshoot; os.Above.IsPositive() && r.Cmp(os.Above.Rat()) > 0 && (t.Op == value.OpGE || t.Op == value.OpGT || t.Op == value.OpEQ || t.Op == value.OpNone) {
		taken := minRat(os.Points.Rat(), score)
		score = new(big.Rat).Sub(score, taken)
		l.Overshoot = roundRat(taken, m.Rounding)
	}
	l.Score, l.Scored = capRound(score, w, m.Rounding), true
}

// scoreBy scores completion r of weight w by method m, exactly; met says
// the target was reached, for pass_fail.
func scoreBy(m rulebook.Method, w decimal.Decimal, r *big.Rat, met bool) *big.Rat {
	wr := w.Rat()
	switch m.Method {
	case "proportional":
		return new(big.Rat).Mul(wr, minRat(r, ratOne))
	case "bands":
		for _, b := range m.Bands {
			if r.Cmp(b.From.Rat()) >= 0 {
				return new(big.Rat).Mul(wr, b.Share.Rat())
			}
		}
		return new(big.Rat)
	case "deduct":
		if r.Cmp(ratOne) >= 0 || !m.Deduct.Per.IsPositive() {
			return wr
		}
		// points × (1 − r) ÷ per, taken pro rata.
		taken := new(big.Rat).Sub(ratOne, r)
		taken.Mul(taken, m.Deduct.Points.Rat())
		taken.Quo(taken, m.Deduct.Per.Rat())
		left := new(big.Rat).Sub(wr, taken)
		if left.Sign() < 0 {
			return new(big.Rat)
		}
		return left
	case "pass_fail":
		if met {
			return wr
		}
		return new(big.Rat)
	default: // linear
		return linear(wr, r, m.Floor.Rat())
	}
}

// Completion returns actual ÷ target for higher-is-better targets and
// target ÷ actual for lower-is-better ones that were missed, exactly.
func Completion(op value.Op, target, actual decimal.Decimal) *big.Rat {
	switch op {
	case value.OpLE, value.OpLT:
		if met(op, target, actual) {
			return ratOne
		}
		if !actual.IsPositive() || !target.IsPositive() {
			// A ceiling of 0 exceeded, or "<0": missed, with no ratio.
			return new(big.Rat)
		}
		return new(big.Rat).Quo(target.Rat(), actual.Rat())
	default:
		if target.IsZero() {
			// "=0" or ">=0": met or not, there is no ratio.
			if met(op, target, actual) {
				return ratOne
			}
			return new(big.Rat)
		}
		return new(big.Rat).Quo(actual.Rat(), target.Rat())
	}
}

func met(op value.Op, target, actual decimal.Decimal) bool {
	switch op {
	case value.OpGT:
		return actual.GreaterThan(target)
	case value.OpLE:
		return actual.LessThanOrEqual(target)
	case value.OpLT:
		return actual.LessThan(target)
	default: // >=, = and none: reaching the target is meeting it
		return actual.GreaterThanOrEqual(target)
	}
}

func dateMet(t, a value.Value) bool {
	td, ad := t.Date, a.Date
	if t.Month || a.Month {
		// 2022年12月前 is met on 15 December: a date known to the month
		// only is compared by the month.
		td = time.Date(td.Year(), td.Month(), 1, 0, 0, 0, 0, time.UTC)
		ad = time.Date(ad.Year(), ad.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	switch t.Op {
	case value.OpGT: // after the date, or the month
		return ad.After(td)
	case value.OpGE:
		return !ad.Before(td)
	case value.OpLT: // before the date, or the month
		return ad.Before(td)
	default: // 前, ≤, = : done by the date
		return !ad.After(td)
	}
}

// dateWords are the words a deadline's actual may be given in, with
// whether each says it was met: the longest one the actual starts with
// decides (未按时完成 before 按时完成 would not matter, 未 comes first).
var dateWords = map[string]bool{
	"按时完成": true, "按期完成": true, "如期完成": true, "提前完成": true, "已按时完成": true, "已按期完成": true, "已如期完成": true, "已提前完成": true,
	"未按时完成": false, "未按期完成": false, "未如期完成": false, "未完成": false, "逾期": false, "逾期完成": false, "延期": false, "延期完成": false, "延迟完成": false,
}

// dateWordMet reads a deadline's actual written in words.
func dateWordMet(word string) (met, ok bool) {
	w := template.Norm(word)
	best := ""
	for k, m := range dateWords {
		if strings.HasPrefix(w, k) && len(k) > len(best) {
			best, met = k, m
		}
	}
	return met, best != ""
}

// qualitativeShare finds the table's entry for a qualitative actual: the
// longest word of the table the actual starts with, so the standard phrases
// "部分达成预期指标并具有一定效果" and "未达成预期指标且效果较差" find 部分达成
// and 未达成. An actual that repeats a qualitative target is met in full:
// the table's widest entry that reaches 100%.
func qualitativeShare(word string, target value.Value, table []rulebook.Qualitative) (rulebook.Qualitative, bool) {
	w := template.Norm(word)
	var found rulebook.Qualitative
	best := ""
	for _, q := range table {
		k := template.Norm(q.Word)
		if k != "" && strings.HasPrefix(w, k) && len(k) > len(best) {
			best, found = k, q
		}
	}
	if best != "" {
		return found, true
	}
	if target.Kind == value.Word && template.Norm(target.Word) == w {
		for _, q := range table {
			if q.Band && q.To.Equal(one) {
				return q, true
			}
		}
		return rulebook.Qualitative{Word: word, Share: rulebook.Ratio{Decimal: one}}, true
	}
	return rulebook.Qualitative{}, false
}

// scoreBand scores a qualitative indicator whose grade gives a band of the
// weight: the department's self-score is accepted anywhere inside the band,
// as written (rounding is for scores the rulebook computes), and brought to
// the nearer end, rounded, from outside it; without a self-score, which
// missing_field asks for, the indicator scores the band's low end. The
// target counts as met when the band reaches full marks (达成).
func scoreBand(l *Line, q rulebook.Qualitative, r rulebook.Rounding) {
	w := l.Weight.Value
	lo, hi := w.Mul(q.From.Decimal), w.Mul(q.To.Decimal)
	l.Method = "qualitative_band"
	l.Band, l.BandFrom, l.BandTo = true, lo, hi
	l.Met = q.To.GreaterThanOrEqual(one)
	switch self := l.SelfScore.Value; {
	case l.SelfScore.OK && self.GreaterThanOrEqual(lo) && self.LessThanOrEqual(hi):
		l.Score, l.Scored = self, true
	case l.SelfScore.OK:
		l.Score, l.Scored = capRound(decimal.Min(decimal.Max(self, lo), hi).Rat(), w, r), true
	default:
		l.Score, l.Scored = capRound(lo.Rat(), w, r), true
	}
	l.Completion, l.CompletionOK = decimal.Zero, true
	if w.IsPositive() {
		l.Completion = l.Score.DivRound(w, rulebook.RatioPlaces)
	}
}

// AllScored reports whether the form has indicators and every one of them
// was scored, so the indicator total is complete.
func (f *Form) AllScored() bool {
	return len(f.Lines) > 0 && f.Unscored == 0
}

// Points returns what an indicator of the given weight scores under method
// m at completion r, a target not met, rounded as m says: the scorer's own
// arithmetic, for the worked example of the 填报说明 sheet.
func Points(m rulebook.Method, weight decimal.Decimal, r *big.Rat) decimal.Decimal {
	return capRound(scoreBy(m, weight, r, false), weight, m.Rounding)
}

// IsBudgetRateIndicator reports an indicator that states the budget
// execution rate (预算执行率, 部门预算完成率), which 资金情况 computes.
func IsBudgetRateIndicator(name string) bool {
	n := template.Norm(name)
	return strings.Contains(n, "预算完成率") || strings.Contains(n, "预算执行率") || strings.Contains(n, "资金执行率")
}

// fillBudgetRateActuals gives a budget-rate indicator left without its
// actual the execution rate 资金情况 computes (ActualFromBudget): the
// figure is there, the row need not repeat it.
func (s *Form) fillBudgetRateActuals() {
	total, ok := s.BudgetLine(template.BudgetTotal)
	for i := range s.Lines {
		l := &s.Lines[i]
		if l.ActualFromBudget {
			l.Actual, l.ActualFromBudget = Quantity{Cell: l.Actual.Cell, Label: l.Actual.Label}, false
		}
		if !ok || !total.RateOK || l.Actual.Cell.Ref.Col == 0 || !l.Actual.Cell.Empty() || !IsBudgetRateIndicator(l.Name) || !l.Target.OK || l.Target.Value.Kind != value.Percent {
			continue
		}
		rate := total.RatePercent()
		l.Actual.Value = value.Value{Raw: rate.String() + "%", Kind: value.Percent, Num: rate}
		l.Actual.OK, l.ActualFromBudget = true, true
	}
}

// farness is how many times apart two positive figures are: 1 for equal.
func farness(a, b decimal.Decimal) decimal.Decimal {
	if !a.IsPositive() || !b.IsPositive() {
		return decimal.NewFromInt(1 << 30)
	}
	if a.LessThan(b) {
		a, b = b, a
	}
	return a.DivRound(b, rulebook.RatioPlaces)
}
