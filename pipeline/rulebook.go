package pipeline

import (
	"github.com/shopspring/decimal"
)

// Ratio is a share written as a percent in the rulebook ("95%") and held as a
// fraction (0.95).
type Ratio struct{ decimal.Decimal }

// Rounding says how a computed score is rounded.
type Rounding struct {
	Places int32  `yaml:"places"`
	Mode   string `yaml:"mode"` // half_up | floor | ceil
}

// Level is one 一级指标 with its weight and the 二级指标 allowed under it.
type Level struct {
	Name     string
	Weight   decimal.Decimal
	Children []string
}

// BudgetBand gives Score points when the execution rate is at least From.
type BudgetBand struct {
	From  Ratio           `yaml:"from"`
	Score decimal.Decimal `yaml:"score"`
}

// BudgetRule scores budget execution.
type BudgetRule struct {
	Weight   decimal.Decimal `yaml:"weight"`
	Method   string          `yaml:"method"` // bands | proportional | linear
	Floor    Ratio           `yaml:"floor"`  // linear: 0 points at this rate
	Bands    []BudgetBand    `yaml:"bands"`
	Rounding Rounding        `yaml:"rounding"`
}

// ShareBand gives Share of the weight when completion is at least From.
type ShareBand struct {
	From  Ratio `yaml:"from"`
	Share Ratio `yaml:"share"`
}

// Deduct takes Points off for every Per of completion short of 100%.
type Deduct struct {
	Per    Ratio           `yaml:"per"`
	Points decimal.Decimal `yaml:"points"`
}

// Overshoot deducts Points when the actual exceeds the target by more than
// Above (目标设定偏离).
type Overshoot struct {
	Above  Ratio           `yaml:"above"`
	Points decimal.Decimal `yaml:"points"`
}

// Qualitative maps a qualitative word to a share of the weight.
type Qualitative struct {
	Word  string
	Share Ratio
}

// Method is one way to turn completion into points.
type Method struct {
	Method   string      `yaml:"method"` // linear | proportional | bands | deduct | pass_fail
	Floor    Ratio       `yaml:"floor"`
	Rounding Rounding    `yaml:"rounding"`
	Bands    []ShareBand `yaml:"bands"`
	Deduct   Deduct      `yaml:"deduct"`
}

// Override applies another method to indicators whose 三级指标 name contains
// Match, both compared after normalising widths, spaces and quotes. Fields
// left empty inherit the indicator rule; a Rounding the file writes holds
// the places or mode it leaves out from the indicator rule's Rounding (the
// loader fills them in), and an empty Rounding inherits it whole.
type Override struct {
	Match  string `yaml:"match"`
	Method `yaml:",inline"`
	// FloorSet says the override writes its floor, so that floor: 0% is
	// told from a floor left to the indicator rule.
	FloorSet bool `yaml:"-"`
}

// IndicatorRule scores each 三级指标.
type IndicatorRule struct {
	Method      `yaml:",inline"`
	Qualitative []Qualitative
	Overshoot   Overshoot  `yaml:"overshoot"`
	Overrides   []Override `yaml:"overrides"`
}

// Cap limits the total when the execution rate is below Below.
type Cap struct {
	Below Ratio           `yaml:"below"`
	Max   decimal.Decimal `yaml:"max"`
}

// TotalRule governs the total and the declared total.
type TotalRule struct {
	DeclaredPlaces int32 `yaml:"declared_places"`
	CapByExecution []Cap `yaml:"cap_by_execution"`
}

// Grade names the grade for totals at least From.
type Grade struct {
	From decimal.Decimal `yaml:"from"`
	Name string          `yaml:"name"`
}

// Tolerances are the differences below which two figures count as equal.
type Tolerances struct {
	Amount decimal.Decimal `yaml:"amount"`
	Rate   decimal.Decimal `yaml:"rate"`
	Score  decimal.Decimal `yaml:"score"`
}

// Thresholds are the limits of the judgement checks.
type Thresholds struct {
	TargetTooLow Ratio `yaml:"target_too_low"`
}

// Audit is one 审核公式: an expression over named cells that must hold.
type Audit struct {
	ID        string          `yaml:"id"`
	Expr      string          `yaml:"expr"`
	Tolerance decimal.Decimal `yaml:"tolerance"`
	Severity  string          `yaml:"severity"`
	Message   string          `yaml:"message"`
	Line      int             `yaml:"-"` // line in the rulebook file, for errors
}

// Rulebook is the scoring and checking rules of one locality and year.
// Its YAML shape is the contract of DESIGN §3.
type Rulebook struct {
	ID         string
	Name       string
	Form       string
	Levels     []Level // in file order
	Budget     BudgetRule
	Indicators IndicatorRule
	Total      TotalRule
	Grades     []Grade // highest From first
	Tolerances Tolerances
	Thresholds Thresholds
	Severity   map[string]Severity // overrides of a code's default severity
	Audits     []Audit
	Source     string // file the rulebook came from, "" for the embedded default
}
