package check

import "github.com/perfeval/perfeval/pipeline/finding"

// reservedCodes are catalogued codes that no check reports yet.
var reservedCodes []finding.Code

// Checks is the ordered list of checks. Every check runs after Parse and
// Score: it reads parsed values and computed scores and never mutates them.
var Checks = []*Check{
	Structure,        // reader issues first: later findings assume the layout
	MacroPresent,     // the package, not the form: nothing depends on it
	UnparseableValue, // before unit and sum checks, which skip unparsed cells
	UnitMismatch,
	NegativeAmount,
	MissingField,
	PrefillChanged, // reads the parsed numbers: a prefilled 2022 written 2022年度 is unchanged
	WeightSumMismatch,
	ScoreExceedsWeight,
	SumMismatch,
	RateMismatch,
	ExecutionExceedsBudget,
	CrossTableMismatch,
	CostIndicatorMismatch,
	UnknownLevel,
	TargetTooLow,
	MissingGoalText,
	HiddenRow,
	InvisibleCharacter, // the raw cells only: the findings the characters cause are the other checks'
	MissingExplanation,
	DraftLeft,
	SelfScoreMismatch,
	DeclaredTotalMismatch,
	ProvisionalScore,
	PlaceholderRow,
	BudgetAdjusted,
	// Silent acceptances (issue #11, item 6): what the reader saw besides
	// the values, each read as usual and pointed out.
	DuplicateColumn,
	HiddenColumn,
	HiddenSheet, // keeps quiet where LookalikeSheet reports a visible copy standing in
	LookalikeSheet,
	DateFormattedNumber,
	ExternalFormula,
	FormulaMismatch,
	FormulaUnverified,
	Audits, // last: the rulebook's own formulas, over values the checks above have judged
}
