package pipeline

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/value"
	"github.com/perfeval/perfeval/template"
)

var one = decimal.NewFromInt(1)

// Score computes every indicator's completion and score, the budget
// execution score, the totals and the grade under the rulebook. Values that
// cannot be scored stay unscored and count zero; the checks say why. The
// total is only reported (TotalOK) when the budget execution was scored
// and there is at least one indicator.
func Score(s *Sheet, rb *Rulebook) {
	s.IndicatorTotal, s.Unscored = decimal.Zero, 0
	for i := range s.Lines {
		scoreLine(&s.Lines[i], rb)
		if s.Lines[i].Scored {
			s.IndicatorTotal = s.IndicatorTotal.Add(s.Lines[i].Score)
		} else {
			s.Unscored++
		}
	}
	for i := range s.Budget {
		b := &s.Budget[i]
		if b.RateOK && b.StatedRate.OK && !b.StatedFraction && asFraction(b.StatedRate, b.RatePercent(), rb.Tolerances.Rate) {
			b.StatedRate.Value, b.StatedFraction = b.StatedRate.Value.Mul(hundred), true
		}
	}
	s.BudgetScore, s.BudgetScoreOK = decimal.Zero, false
	if total, ok := s.BudgetLine("total"); ok && total.RateOK {
		// Bands compare the rate as the form states it, to two places of percent.
		s.BudgetScore, s.BudgetScoreOK = scoreBudget(total.Rate.Round(4), rb.Budget), true
	}
	s.Total = s.IndicatorTotal.Add(s.BudgetScore)
	s.TotalOK = len(s.Lines) > 0 && s.Unscored == 0 && s.BudgetScoreOK
	s.Capped = false
	if total, ok := s.BudgetLine("total"); ok && total.RateOK {
		for _, c := range rb.Total.CapByExecution {
			if total.Rate.Round(4).LessThan(c.Below.Decimal) && s.Total.GreaterThan(c.Max) {
				s.Total, s.Cap, s.Capped = c.Max, c, true
			}
		}
	}
	s.ReportedTotal = s.Total.Round(rb.Total.DeclaredPlaces)
	s.Grade = rb.Grade(s.Total)
}

// scoreBudget scores an execution rate given as a fraction.
func scoreBudget(rate decimal.Decimal, br BudgetRule) decimal.Decimal {
	var score decimal.Decimal
	switch br.Method {
	case "proportional":
		score = br.Weight.Mul(decimal.Min(rate, one))
	case "linear":
		score = linear(br.Weight, rate, br.Floor.Decimal)
	default: // bands
		score = decimal.Zero
		for _, b := range br.Bands {
			if rate.GreaterThanOrEqual(b.From.Decimal) {
				score = b.Score
				break
			}
		}
	}
	return round(score, br.Rounding)
}

// linear is weight × (r − floor) ÷ (1 − floor), within [0, weight].
func linear(weight, r, floor decimal.Decimal) decimal.Decimal {
	if r.GreaterThanOrEqual(one) {
		return weight
	}
	if r.LessThanOrEqual(floor) || !one.GreaterThan(floor) {
		return decimal.Zero
	}
	return weight.Mul(r.Sub(floor)).DivRound(one.Sub(floor), ratioPlaces)
}

func round(d decimal.Decimal, r Rounding) decimal.Decimal {
	switch r.Mode {
	case "floor":
		return d.RoundFloor(r.Places)
	case "ceil":
		return d.RoundCeil(r.Places)
	default:
		// decimal.Round rounds half away from zero: half-up for the
		// non-negative scores it sees here.
		return d.Round(r.Places)
	}
}

// methodFor returns the scoring method for an indicator: the first override
// whose Match the name contains, both normalised by rbMatchNorm (widths,
// spaces, typographic quotes), with empty fields inherited.
func methodFor(name string, ir IndicatorRule) (m Method, overridden bool) {
	m = ir.Method
	name = rbMatchNorm(name)
	for _, o := range ir.Overrides {
		match := rbMatchNorm(o.Match)
		if match == "" || !strings.Contains(name, match) {
			continue
		}
		if o.Method.Method != "" {
			m.Method = o.Method.Method
		}
		if !o.Floor.IsZero() {
			m.Floor = o.Floor
		}
		if o.Rounding.Mode != "" {
			m.Rounding = o.Rounding
		}
		if len(o.Bands) > 0 {
			m.Bands = o.Bands
		}
		if !o.Deduct.Points.IsZero() {
			m.Deduct = o.Deduct
		}
		return m, true
	}
	return m, false
}

// scoreLine sets Completion, Met and Score of one indicator.
func scoreLine(l *Line, rb *Rulebook) {
	l.Scored, l.CompletionOK, l.Met = false, false, false
	if !l.Weight.OK || !l.Target.OK || !l.Actual.OK {
		return
	}
	t, a := l.Target.Value, l.Actual.Value
	m, overridden := methodFor(l.Name, rb.Indicators)
	l.Method = m.Method
	l.Overshoot = decimal.Zero
	switch {
	case a.Kind == value.Word:
		s, ok := qualitativeShare(a.Word, t, rb.Indicators.Qualitative)
		if !ok {
			return
		}
		l.Completion, l.CompletionOK = s, true
		l.Met = s.GreaterThanOrEqual(one)
		score := l.Weight.Value.Mul(s)
		if overridden {
			// An override names its method for these indicators whatever
			// the actual: the grade's share is the completion it scores.
			score = scoreBy(m, l.Weight.Value, s, l.Met)
		} else {
			l.Method = "qualitative"
		}
		l.Score, l.Scored = roundScore(score, l.Weight.Value, m.Rounding), true
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
	if t.Num.IsZero() && (op == value.OpEQ || op == value.OpNone) {
		// "=0起" (no accidents, no complaints) is a ceiling: 3 is a miss.
		op = value.OpLE
	}
	r, ok := completion(op, t.Num, a.Num)
	if !ok {
		return
	}
	l.Completion, l.CompletionOK = r, true
	l.Met = met(op, t.Num, a.Num)
	if l.Met && r.LessThan(one) {
		// A strict or lower-is-better target that is met counts in full.
		l.Completion = one
		r = one
	}
	w := l.Weight.Value
	l.Score = scoreBy(m, w, r, l.Met)
	if os := rb.Indicators.Overshoot; os.Above.IsPositive() && r.GreaterThan(os.Above.Decimal) && (t.Op == value.OpGE || t.Op == value.OpGT || t.Op == value.OpEQ || t.Op == value.OpNone) {
		l.Overshoot = decimal.Min(os.Points, l.Score)
		l.Score = l.Score.Sub(l.Overshoot)
	}
	l.Score, l.Scored = roundScore(l.Score, w, m.Rounding), true
}

// scoreBy scores completion r of weight w by method m, before rounding; met
// says the target was reached, for pass_fail.
func scoreBy(m Method, w, r decimal.Decimal, met bool) decimal.Decimal {
	switch m.Method {
	case "proportional":
		return w.Mul(decimal.Min(r, one))
	case "bands":
		for _, b := range m.Bands {
			if r.GreaterThanOrEqual(b.From.Decimal) {
				return w.Mul(b.Share.Decimal)
			}
		}
		return decimal.Zero
	case "deduct":
		if r.GreaterThanOrEqual(one) || !m.Deduct.Per.IsPositive() {
			return w
		}
		short := one.Sub(r).DivRound(m.Deduct.Per.Decimal, ratioPlaces)
		return decimal.Max(decimal.Zero, w.Sub(short.Mul(m.Deduct.Points)))
	case "pass_fail":
		if met {
			return w
		}
		return decimal.Zero
	default: // linear
		return linear(w, r, m.Floor.Decimal)
	}
}

// roundScore rounds an indicator's score, except full marks, which stay
// full: whole-point or floor rounding must not take a 0.5-point indicator
// that was met in full down to 0.
func roundScore(score, weight decimal.Decimal, r Rounding) decimal.Decimal {
	if score.Equal(weight) {
		return weight
	}
	return round(score, r)
}

// completion returns actual ÷ target for higher-is-better targets and
// target ÷ actual for lower-is-better ones that were missed.
func completion(op value.Op, target, actual decimal.Decimal) (decimal.Decimal, bool) {
	switch op {
	case value.OpLE, value.OpLT:
		if met(op, target, actual) {
			return one, true
		}
		if !actual.IsPositive() || !target.IsPositive() {
			// A ceiling of 0 exceeded, or "<0": missed, with no ratio.
			return decimal.Zero, true
		}
		return target.DivRound(actual, ratioPlaces), true
	default:
		if target.IsZero() {
			// "=0" or ">=0": met or not, there is no ratio.
			if met(op, target, actual) {
				return one, true
			}
			return decimal.Zero, true
		}
		return actual.DivRound(target, ratioPlaces), true
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
	switch t.Op {
	case value.OpGE, value.OpGT:
		return !a.Date.Before(t.Date)
	default: // 前, ≤, = : done by the date
		return !a.Date.After(t.Date)
	}
}

// qualitativeShare maps a qualitative actual to its share of the weight: the
// longest word of the table the actual starts with, so the standard phrases
// "部分达成预期指标并具有一定效果" and "未达成预期指标且效果较差" find 部分达成
// and 未达成. An actual that repeats a qualitative target is met in full.
func qualitativeShare(word string, target value.Value, table []Qualitative) (decimal.Decimal, bool) {
	w := template.Norm(word)
	best, share := "", decimal.Zero
	for _, q := range table {
		k := template.Norm(q.Word)
		if k != "" && strings.HasPrefix(w, k) && len(k) > len(best) {
			best, share = k, q.Share.Decimal
		}
	}
	if best != "" {
		return share, true
	}
	if target.Kind == value.Word && template.Norm(target.Word) == w {
		return one, true
	}
	return decimal.Zero, false
}
