package value

import (
	"strconv"
	"strings"
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

// String returns the operator in ASCII: ">=", ">", "<=", "<", "=", or "" for
// OpNone.
func (o Op) String() string {
	switch o {
	case OpNone:
		return ""
	case OpEQ:
		return "="
	case OpGE:
		return ">="
	case OpGT:
		return ">"
	case OpLE:
		return "<="
	case OpLT:
		return "<"
	}
	return "Op(" + strconv.Itoa(int(o)) + ")"
}

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

// String returns the kind's English name: "invalid", "number", "percent",
// "date" or "word".
func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid"
	case Number:
		return "number"
	case Percent:
		return "percent"
	case Date:
		return "date"
	case Word:
		return "word"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

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
	// Prefix is the scaling written after the number and already applied to
	// Num: "", "万", "亿" or "万亿". It tells 9452万元 (Prefix 万) from
	// 94520000元 (Prefix ""), and 2114.68万 (Prefix 万, Unit "") from a bare
	// number.
	Prefix string
	Date   time.Time // for Date: midnight UTC of the civil date
	// Month says a Date is known to the month only (2022年12月, 2022-12):
	// Date is the first of the month, and comparisons go by the month.
	Month bool
	Word  string // for Word: the normalised text
}

// String returns the canonical text of v, which Parse reads back to the same
// Kind, Op, Num, Unit, Date and Word: the ASCII operator, then the number in
// its base unit without scaling or separators and the unit (">=168000件",
// "96.12%"), the date as 2006-01-02 ("<=2022-12-31") or, known to the month
// only, as 2006-01 ("<=2022-12"), or the word. An Invalid
// value is "".
func (v Value) String() string {
	switch v.Kind {
	case Number:
		return v.Op.String() + v.Num.String() + v.Unit
	case Percent:
		return v.Op.String() + v.Num.String() + "%"
	case Date:
		if v.Month {
			return v.Op.String() + v.Date.Format("2006-01")
		}
		return v.Op.String() + v.Date.Format(time.DateOnly)
	case Word:
		return v.Word
	}
	return ""
}

// Compatible reports whether a and b can be compared: same Kind and, for
// numbers, the same base unit (16.8万件 and 200件 are both 件), or one of
// them without a unit (">=160个" and "160"). Percents, dates and words are
// compatible with their own kind only; a percent never matches a number, and
// an Invalid value matches nothing.
func Compatible(a, b Value) bool {
	if a.Kind != b.Kind || a.Kind == Invalid {
		return false
	}
	if a.Kind != Number {
		return true
	}
	ua, ub := baseUnit(a.Unit), baseUnit(b.Unit)
	return ua == ub || ua == "" || ub == ""
}

// baseUnit strips a scaling prefix from a unit that was set by hand rather
// than by Parse, which already stores the base unit.
func baseUnit(u string) string {
	for _, p := range scalePrefixes {
		if rest, ok := strings.CutPrefix(u, p.text); ok && rest != "" {
			return rest
		}
	}
	return u
}

// Text returns the value without its operator, in the scale it was
// written in: 16.8万件, 95%, 2022年12月31日, 达成预期指标.
func (v Value) Text() string {
	switch v.Kind {
	case Number:
		return v.Num.Shift(-prefixPower(v.Prefix)).String() + v.Prefix + v.Unit
	case Percent:
		return v.Num.String() + "%"
	case Date:
		if v.Month {
			return v.Date.Format("2006年1月")
		}
		return v.Date.Format("2006年1月2日")
	case Word:
		return v.Word
	}
	return v.Raw
}

// prefixPower is the power of ten a scaling prefix stands for; value.Parse
// has already multiplied Num by it.
func prefixPower(prefix string) int32 {
	switch prefix {
	case "万":
		return 4
	case "亿":
		return 8
	case "万亿":
		return 12
	}
	return 0
}
