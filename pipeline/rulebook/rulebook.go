package rulebook

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/template"
)

// Ratio is a share written as a percent in the rulebook ("95%") and held as a
// fraction (0.95).
type Ratio struct{ decimal.Decimal }

// Rounding says how a computed score is rounded.
type Rounding struct {
	Places int32
	Mode   string // half_up | floor | ceil
}

// Level is one 一级指标 with its weight and the 二级指标 allowed under it.
// A form may state another weight for the level (产出指标（70分）) within
// Min and Max, when the rulebook gives them (Bounded): the level's
// indicators then add up to the weight the form states. Weight is the one
// the template offers and the one a form that states none is held to.
type Level struct {
	Name     string
	Weight   decimal.Decimal
	Min, Max decimal.Decimal
	Children []string
}

// Bounded reports whether a form may state the level's weight within
// [Min, Max].
func (lv Level) Bounded() bool { return lv.Max.IsPositive() }

// Allows reports whether a weight a form states for the level is one the
// rulebook accepts: the level's weight, or one within its bounds.
func (lv Level) Allows(w decimal.Decimal) bool {
	if lv.Bounded() {
		return w.GreaterThanOrEqual(lv.Min) && w.LessThanOrEqual(lv.Max)
	}
	return w.Equal(lv.Weight)
}

// BudgetBand gives Score points when the execution rate is at least From.
type BudgetBand struct {
	From  Ratio
	Score decimal.Decimal
}

// BudgetRule scores budget execution.
type BudgetRule struct {
	Weight   decimal.Decimal
	Method   string // bands | proportional | linear
	Floor    Ratio  // linear: 0 points at this rate
	Bands    []BudgetBand
	Rounding Rounding
}

// ShareBand gives Share of the weight when completion is at least From.
type ShareBand struct {
	From  Ratio
	Share Ratio
}

// Deduct takes Points off for every Per of completion short of 100%.
type Deduct struct {
	Per    Ratio
	Points decimal.Decimal
}

// Overshoot deducts Points when the actual exceeds the target by more than
// Above (目标设定偏离).
type Overshoot struct {
	Above  Ratio
	Points decimal.Decimal
}

// Qualitative maps a qualitative word to a share of the weight, or, for a
// Band, to a range of shares: 财预〔2020〕10号 scores 定性指标 in three
// bands (达成 100–80%, 部分达成 80–60%, 未达成 60–0%) within which the
// department sets the score. A self-score inside the band, both ends
// included, is accepted as it is; one outside it is brought to the
// nearer end.
type Qualitative struct {
	Word  string
	Share Ratio
	Band  bool
	// From and To bound a Band's share of the weight.
	From, To Ratio
}

// Method is one way to turn completion into points.
type Method struct {
	Method   string // linear | proportional | bands | deduct | pass_fail
	Floor    Ratio
	Rounding Rounding
	Bands    []ShareBand
	Deduct   Deduct
}

// Override applies another method to indicators whose 三级指标 name contains
// Match, both compared after normalising widths, spaces and quotes. Fields
// left empty inherit the indicator rule; a Rounding the file writes holds
// the places or mode it leaves out from the indicator rule's Rounding (the
// loader fills them in), and an empty Rounding inherits it whole.
type Override struct {
	Match string
	Method
	// FloorSet says the override writes its floor, so that floor: 0% is
	// told from a floor left to the indicator rule.
	FloorSet bool
}

// IndicatorRule scores each 三级指标.
type IndicatorRule struct {
	Method
	Qualitative []Qualitative
	Overshoot   Overshoot
	Overrides   []Override
	// LowerIsBetter are words of 三级指标 names (成本控制率, 投诉率) whose
	// target, written without an operator, is a ceiling: the indicator is
	// met at or below it.
	LowerIsBetter []string
}

// IsLowerBetter reports whether an indicator's name marks it lower is
// better (IndicatorRule.LowerIsBetter), compared as MethodFor compares.
func (ir IndicatorRule) IsLowerBetter(name string) bool {
	name = rbMatchNorm(name)
	for _, w := range ir.LowerIsBetter {
		if w := rbMatchNorm(w); w != "" && strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// Cap limits the total when the execution rate is below Below.
type Cap struct {
	Below Ratio
	Max   decimal.Decimal
}

// TotalRule governs the total and the declared total.
type TotalRule struct {
	DeclaredPlaces int32
	CapByExecution []Cap
	// ExcludeBudget leaves the budget-execution score out of the total:
	// forms whose 总分 of 100 is the indicators' alone, the budget scored
	// beside it (some provinces' project forms). The levels' weights then
	// add up to 100 by themselves.
	ExcludeBudget bool
}

// Grade names the grade for totals at least From.
type Grade struct {
	From decimal.Decimal
	Name string
}

// Tolerances are the differences below which two figures count as equal.
type Tolerances struct {
	Amount decimal.Decimal
	Rate   decimal.Decimal
	Score  decimal.Decimal
}

// Thresholds are the limits of the judgement checks.
type Thresholds struct {
	TargetTooLow Ratio
	// BudgetAdjustment is how far the adjusted 全年预算数 may move from
	// the 年初预算数 (the project form's) before it is noted; 0 notes none.
	BudgetAdjustment Ratio
}

// Audit is one 审核公式: an expression over named cells that must hold.
type Audit struct {
	ID        string
	Expr      string
	Tolerance decimal.Decimal
	Severity  string
	Message   string
	Line      int // line in the rulebook file, for errors
}

// Rulebook is the scoring and checking rules of one locality and year.
// Its YAML shape is the contract of DESIGN §3.
type Rulebook struct {
	ID   string
	Name string
	Form string
	// Reviewer is the reviewing body's name (财政局复核) that heads the
	// comments of annotated copies, at most maxReviewer characters.
	Reviewer   string
	Levels     []Level // in file order
	Budget     BudgetRule
	Indicators IndicatorRule
	Total      TotalRule
	Grades     []Grade // highest From first
	Tolerances Tolerances
	Thresholds Thresholds
	Severity   map[finding.Code]finding.Severity // overrides of a code's default severity
	Audits     []Audit
	Source     string // file the rulebook came from, "" for the embedded default
	// SHA256 is the hex SHA-256 of the file's bytes (the embedded default's
	// for the default): the ledger records which rules scored a form.
	SHA256 string

	audits *auditCache // nil in a Rulebook built by hand: compiled per use
}

// Layout returns the form the rulebook is for (its form: key).
func (rb *Rulebook) Layout() *template.Layout {
	if l := template.LayoutFor(rb.Form); l != nil {
		return l
	}
	// A rulebook built by hand without a form: the department form, the
	// form of the first rulebooks.
	return template.Department
}

// RatioPlaces is the precision of intermediate ratios (completion, execution
// rate, an audit's quotient): far beyond any rounding a rulebook asks for,
// so that rounding happens once, where the rulebook says.
const RatioPlaces = 16

// MethodFor returns the scoring method for an indicator: the first override
// whose Match the name contains, both normalised by rbMatchNorm (widths,
// spaces, typographic quotes), with empty fields inherited.
func (ir IndicatorRule) MethodFor(name string) (m Method, overridden bool) {
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
		if o.FloorSet || !o.Floor.IsZero() {
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
