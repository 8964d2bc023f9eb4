package value

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// mode says which grammar parse applies.
type mode int

const (
	modeValue  mode = iota // Parse: operators, dates and words
	modeNumber             // ParseNumber: a number, a percent, nothing else
)

// Parse reads a target or actual cell. After Normalize, the text is one of:
//
//   - a number with an optional operator, scaling and unit: ">=16.8万件",
//     "≥ 266米", "不低于1,000项", "3个工作日以内", "2114.68万", "-5";
//   - a percent: "96.12%", "＞＝95％", "95%以上";
//   - a date: "2022年12月31日", "2022-12-31", "2022/12/31", "2022.12.31",
//     "2022年12月" (the first of the month), "2022年12月31日前" (OpLE);
//   - a word, any text without a digit: "达成预期指标", "是", "良好".
//
// Operators are written before the value (≥ >= ＞＝ ≧ > ≤ <= ≦ < = ═ ﹦ ==,
// 不低于 不少于 不小于 达到 大于等于 至少 for OpGE, 不高于 不超过 不多于 不大于
// 小于等于 至多 for OpLE, 大于 高于 超过 for OpGT, 小于 低于 少于 for OpLT) or
// after it (以上 及以上 for OpGE, 以下 及以下 以内 for OpLE; 前 之前 以前 以内
// 前完成 after a date for OpLE). Both at once are accepted when they agree
// (">=95%以上"). An actual that repeats its target's operator keeps it in Op.
//
// A 万, 亿 or 万亿 right after the number scales it; what follows is the unit
// (at most 10 letters, such as 件, 个工作日, km/h). Num holds the scaled
// number, Unit the unit without the scaling, Prefix the scaling as written.
// A plain number in scientific notation ("1E-4", as Excel stores tiny
// values) is read too, but not with a unit.
//
// Parse returns a *SyntaxError with a Chinese Reason for anything else:
// leading text ("约90%"), a range ("90%-95%"), a malformed number ("1.2.3"),
// trailing text that is not a unit, an impossible date ("2022-02-30"). An
// empty or blank input gives a *SyntaxError wrapping ErrEmpty.
func Parse(s string) (Value, error) {
	return parse(s, modeValue)
}

// ParseNumber reads an amount, score, rate or count cell: a number or a
// percent, with thousands separators, 万/亿 scaling, a unit and scientific
// notation as Excel stores raw values ("9.4521302E3", "1.1000000000000001").
// It returns a *SyntaxError for an operator, a date, a word or anything
// Parse rejects, and a *SyntaxError wrapping ErrEmpty for an empty input. The
// caller decides whether a percent or a unit is acceptable.
func ParseNumber(s string) (Value, error) {
	return parse(s, modeNumber)
}

func parse(s string, m mode) (Value, error) {
	n := Normalize(s)
	if n == "" {
		return Value{}, emptyError(s)
	}
	if !hasDigit(n) {
		if m == modeNumber {
			return Value{}, syntaxError(s, "not a number", reasonNotNumberAmt)
		}
		return parseWord(s, n)
	}

	if m == modeNumber {
		// An amount written as money: ¥10,343.67 (￥ folds to ¥).
		n = strings.TrimPrefix(n, "¥")
	}
	op, rest := cutPrefixOp(n)
	if op != OpNone && m == modeNumber {
		return Value{}, syntaxError(s, "operator not allowed", reasonOpNotAllowed)
	}

	if d, month, tail, ok, err := matchDate(s, rest); ok {
		if err != nil {
			return Value{}, err
		}
		if m == modeNumber {
			return Value{}, syntaxError(s, "date not allowed", reasonDateNotAllow)
		}
		sop, tail := cutSuffix(tail, dateSuffixes)
		if tail != "" {
			return Value{}, syntaxError(s, "trailing text after date", reasonAfterDate, tail)
		}
		if op, ok = mergeOps(op, sop); !ok {
			return Value{}, syntaxError(s, "conflicting operators", reasonOpConflict)
		}
		return Value{Raw: s, Op: op, Kind: Date, Date: d, Month: month}, nil
	}

	lit, tail, ok := scanNumber(rest)
	if !ok {
		if m == modeNumber {
			return Value{}, syntaxError(s, "not a number", reasonNotNumberAmt)
		}
		return Value{}, syntaxError(s, "not a number", reasonNotNumber)
	}
	num, err := decimal.NewFromString(lit)
	if err != nil {
		// scanNumber only returns what NewFromString reads.
		return Value{}, syntaxError(s, "malformed number", reasonMalformed)
	}

	v := Value{Raw: s, Kind: Number, Num: num}
	tail = strings.TrimLeft(tail, " ")
	if t, ok := strings.CutPrefix(tail, "%"); ok {
		v.Kind, v.Unit, tail = Percent, "%", t
	} else {
		for _, p := range scalePrefixes {
			if t, ok := strings.CutPrefix(tail, p.text); ok {
				v.Num, v.Prefix, tail = v.Num.Mul(p.factor), p.text, t
				break
			}
		}
	}
	tail = strings.TrimSpace(tail)

	sop, unit := cutSuffix(tail, numberSuffixes)
	if u, ok := strings.CutSuffix(unit, "(含)"); ok && (op == OpGE || op == OpLE) {
		// ≥95%（含）: the bound included, as ≥ already says.
		unit = strings.TrimRight(u, " ")
	}
	if sop != OpNone && m == modeNumber {
		return Value{}, syntaxError(s, "operator not allowed", reasonOpNotAllowed)
	}
	if v.Op, ok = mergeOps(op, sop); !ok {
		return Value{}, syntaxError(s, "conflicting operators", reasonOpConflict)
	}
	if inner, ok := strings.CutPrefix(unit, "("); ok {
		// 10343.6719(万元): the unit in brackets, as headers write it.
		if inner, ok = strings.CutSuffix(inner, ")"); ok && inner != "" {
			unit = strings.TrimSpace(inner)
			for _, p := range scalePrefixes {
				if t, ok := strings.CutPrefix(unit, p.text); ok && v.Prefix == "" && v.Kind == Number {
					v.Num, v.Prefix, unit = v.Num.Mul(p.factor), p.text, t
					break
				}
			}
		}
	}
	if unit == "" {
		return v, nil
	}
	switch {
	case hasDigit(unit) && isRangeDash(unit):
		return Value{}, syntaxError(s, "range instead of a single value", reasonRange)
	case hasDigit(unit):
		return Value{}, syntaxError(s, "malformed number", reasonMalformed)
	case v.Kind == Percent:
		return Value{}, syntaxError(s, "trailing text after percent", reasonAfterPercent, unit)
	case !isUnit(unit):
		return Value{}, syntaxError(s, "trailing text is not a unit", reasonNotUnit, unit)
	}
	v.Unit = unit
	return v, nil
}

// isRangeDash reports whether the text after a number starts like the second
// half of a range: 90%-95%, 1~2次, 90至95.
func isRangeDash(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune("-~至到—–", r)
}

// parseWord reads text without a digit as a qualitative word.
func parseWord(s, n string) (Value, error) {
	if op, rest := cutPrefixOp(n); op != OpNone && rest == "" {
		return Value{}, syntaxError(s, "operator without a value", reasonOpOnly)
	}
	if strings.ContainsAny(n, "<>=%") || !strings.ContainsFunc(n, unicode.IsLetter) {
		return Value{}, syntaxError(s, "unrecognised text", reasonUnknown)
	}
	return Value{Raw: s, Kind: Word, Word: n}, nil
}

// scalePrefixes are the scalings a number may carry, longest first.
var scalePrefixes = []struct {
	text   string
	factor decimal.Decimal
}{
	{"万亿", decimal.New(1, 12)},
	{"万", decimal.New(1, 4)},
	{"亿", decimal.New(1, 8)},
}

type opWord struct {
	text string
	op   Op
}

// prefixWords are the operators written as words before the value, longest
// first so that 大于等于 is not read as 大于.
var prefixWords = []opWord{
	{"大于或等于", OpGE}, {"小于或等于", OpLE},
	{"大于等于", OpGE}, {"小于等于", OpLE},
	{"不低于", OpGE}, {"不少于", OpGE}, {"不小于", OpGE},
	{"不高于", OpLE}, {"不超过", OpLE}, {"不多于", OpLE}, {"不大于", OpLE},
	{"达到", OpGE}, {"至少", OpGE}, {"至多", OpLE},
	{"大于", OpGT}, {"高于", OpGT}, {"超过", OpGT},
	{"小于", OpLT}, {"低于", OpLT}, {"少于", OpLT},
}

// numberSuffixes are the operators written after a number, percent or unit.
// 以上 and 以下 include the bound, as in Chinese legal usage.
var numberSuffixes = []opWord{
	{"(含)及以上", OpGE}, {"(含)及以下", OpLE},
	{"(含)以上", OpGE}, {"(含)以下", OpLE}, {"(含)以内", OpLE},
	{"以上(含)", OpGE}, {"以下(含)", OpLE}, {"以内(含)", OpLE},
	{"及以上", OpGE}, {"及以下", OpLE},
	{"以上", OpGE}, {"以下", OpLE}, {"以内", OpLE},
}

// dateSuffixes are the operators written after a date: a deadline means on
// or before.
// A date followed by 完成 alone (2022年12月完成, 2022年12月底完成) is the
// date, as an actual says when the work was done.
var dateSuffixes = []opWord{
	{"之前完成", OpLE}, {"以前完成", OpLE}, {"前完成", OpLE},
	{"之前", OpLE}, {"以前", OpLE}, {"以内", OpLE}, {"前", OpLE},
	{"已完成", OpNone}, {"完成", OpNone},
}

// cutPrefixOp removes a leading operator from normalised text and the space
// after it.
func cutPrefixOp(s string) (Op, string) {
	op := OpNone
	// 》= and 《=: a Chinese input method types the book-title marks on
	// the keys of > and <. Before = or a figure they can only be those.
	for _, m := range [...]struct{ mark, ascii string }{{"》", ">"}, {"《", "<"}} {
		if t, ok := strings.CutPrefix(s, m.mark); ok {
			if t = strings.TrimLeft(t, " "); t != "" && (t[0] == '=' || isDigit(t[0])) {
				s = m.ascii + t
			}
		}
	}
	switch {
	case strings.HasPrefix(s, ">"):
		op, s = OpGT, strings.TrimLeft(s[1:], " ")
		if t, ok := strings.CutPrefix(s, "="); ok {
			op, s = OpGE, t
		}
	case strings.HasPrefix(s, "<"):
		op, s = OpLT, strings.TrimLeft(s[1:], " ")
		if t, ok := strings.CutPrefix(s, "="); ok {
			op, s = OpLE, t
		}
	case strings.HasPrefix(s, "="):
		op, s = OpEQ, s[1:]
	default:
		for _, w := range prefixWords {
			if t, ok := strings.CutPrefix(s, w.text); ok {
				op, s = w.op, t
				break
			}
		}
	}
	return op, strings.TrimLeft(s, " ")
}

// cutSuffix removes a trailing operator word and the space before it.
func cutSuffix(s string, words []opWord) (Op, string) {
	for _, w := range words {
		if t, ok := strings.CutSuffix(s, w.text); ok {
			return w.op, strings.TrimRight(t, " ")
		}
	}
	return OpNone, s
}

// mergeOps combines an operator before the value with one after it; they
// must agree when both are present.
func mergeOps(before, after Op) (Op, bool) {
	switch {
	case after == OpNone:
		return before, true
	case before == OpNone || before == after:
		return after, true
	}
	return OpNone, false
}

// maxExponent bounds scientific notation to Excel's double range, so that a
// crafted "1E999999999" cannot make Num.String allocate a billion digits.
const maxExponent = 308

// scanNumber reads a number at the start of normalised text: an optional
// sign, digits with optional thousands separators (1,234,567), an optional
// fraction, and, when nothing follows, an optional exponent (1.5E-4). It
// returns the number without separators, as decimal.NewFromString reads it,
// and the rest of s. A separator that does not start a group of exactly
// three digits ends the number, so "1,23" leaves ",23" for the caller to
// reject.
func scanNumber(s string) (lit, tail string, ok bool) {
	var b strings.Builder
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		if s[i] == '-' {
			b.WriteByte('-')
		}
		i++
	}
	start := i
	i = skipDigits(s, i)
	if i == start {
		return "", s, false
	}
	b.WriteString(s[start:i])
	if i-start <= 3 {
		for i+4 <= len(s) && s[i] == ',' && skipDigits(s, i+1) == i+4 {
			b.WriteString(s[i+1 : i+4])
			i += 4
		}
	}
	if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
		j := skipDigits(s, i+1)
		b.WriteString(s[i:j])
		i = j
	}
	if e := scanExponent(s, i); e > i && strings.TrimSpace(s[e:]) == "" {
		b.WriteString(s[i:e])
		i = e
	}
	return b.String(), s[i:], true
}

// scanExponent returns the end of an exponent such as E+1 or e-05 starting at
// i, or i when there is none or it exceeds maxExponent.
func scanExponent(s string, i int) int {
	if i >= len(s) || (s[i] != 'e' && s[i] != 'E') {
		return i
	}
	j := i + 1
	if j < len(s) && (s[j] == '+' || s[j] == '-') {
		j++
	}
	k := skipDigits(s, j)
	if k == j {
		return i
	}
	// Atoi fails only on an exponent too long for an int, far beyond
	// maxExponent too.
	if n, err := strconv.Atoi(s[j:k]); err != nil || n > maxExponent {
		return i
	}
	return k
}

func skipDigits(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// hasDigit reports whether s holds a decimal digit of any script; after
// Normalize, full-width digits are ASCII.
func hasDigit(s string) bool { return strings.ContainsFunc(s, unicode.IsDigit) }

// maxUnitRunes is the longest unit accepted: 个工作日 and 平方公里 fit, a
// sentence after a number does not.
const maxUnitRunes = 10

// isUnit reports whether s can be a unit: a few letters, possibly with / · ²
// ³, or one of ° ℃ ‰ (km/h, m², ℃); not starting with a second scaling
// (5万万) and not holding an operator word (5以上件).
func isUnit(s string) bool {
	if utf8.RuneCountInString(s) > maxUnitRunes {
		return false
	}
	for _, p := range scalePrefixes {
		if strings.HasPrefix(s, p.text) {
			return false
		}
	}
	for _, w := range numberSuffixes {
		if strings.Contains(s, w.text) {
			return false
		}
	}
	named := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r), strings.ContainsRune("°℃‰", r):
			named = true
		case unicode.IsMark(r), strings.ContainsRune("/·²³", r):
		default:
			return false
		}
	}
	return named
}
