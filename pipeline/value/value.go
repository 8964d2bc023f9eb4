// Package value parses what people write in the target and actual cells of a
// self-evaluation form: comparison operators in every width and variant,
// numbers with 万/亿 scaling and thousands separators, units, percents, dates
// and qualitative words. Numbers are decimal.Decimal throughout.
package value

import (
	"time"

	"github.com/shopspring/decimal"
)

// Op is the comparison a target states.
type Op int

const (
	// OpNone means no operator was written; for a target it is read as OpEQ
	// by the scorer, for an actual it is the normal case.
	OpNone Op = iota
	OpEQ
	OpGE
	OpGT
	OpLE
	OpLT
)

// Kind is what a value holds.
type Kind int

const (
	// Invalid is the zero Kind: no value.
	Invalid Kind = iota
	// Number is a quantity, possibly with a unit (件, 天, 万元).
	Number
	// Percent is a percentage; Num holds the percent figure (96.12 for 96.12%).
	Percent
	// Date is a calendar date.
	Date
	// Word is a qualitative grade such as 达成预期指标 or 基本达成.
	Word
)

// Value is one parsed cell.
type Value struct {
	Raw  string // the text as given
	Op   Op
	Kind Kind
	// Num is the number in its base unit: 16.8万件 is 168000 with Unit 件;
	// 2亿元 is 200000000 with Unit 元. For Percent it is the percent figure.
	Num decimal.Decimal
	// Unit is the base unit with any 万/亿 scaling removed ("件", "天", "元",
	// "" for a bare number, "%" for a percent).
	Unit string
	Date time.Time // for Date: midnight UTC of the civil date
	Word string    // for Word: the normalised text
}
