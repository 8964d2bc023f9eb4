package value

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

var (
	// dateSepRE matches 2022-12-31, 2022/12/31 and 2022.12.31; the two
	// separators must be the same, which the caller checks (RE2 has no
	// back-references).
	dateSepRE = regexp.MustCompile(`^(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})`)
	// dateYMRE matches a year and month: 2022-12, 2022/12, 2022.12月, and
	// 2022.12 when a deadline's 前 follows (2022.12前), since 2022.12 alone
	// is a number.
	dateYMRE = regexp.MustCompile(`^(\d{4})([-/.])(\d{1,2})( ?月)?`)
	// dateCNRE matches 2022年12月31日, 2022年12月31号, 2022年12月31 and
	// 2022年12月.
	dateCNRE = regexp.MustCompile(`^(\d{4}) ?年 ?(\d{1,2}) ?月(?: ?(\d{1,2}) ?[日号]?)?`)
	// dateEndRE matches the ends deadlines are written as: 2023年6月底 and
	// 2023年6月末 (the month's last day), 2023年底, 2023年末 and 2023年年底
	// (31 December), 2023年第三季度末 and 2023年3季度末 (the quarter's last
	// day).
	dateEndRE = regexp.MustCompile(`^(\d{4}) ?年 ?(?:(\d{1,2}) ?月|第? ?([一二三四1-4]) ?季度|年)? ?[底末]`)
	// dateNoYearRE matches a date without its year: 6月30日, 6月底, 3季度末.
	// Which year is meant is not in the cell, so it is an invalid date, not
	// the number 6 in a unit 月底.
	dateNoYearRE = regexp.MustCompile(`^\d{1,2} ?(?:月 ?(?:[底末]|\d{1,2} ?[日号])|季度 ?[底末])`)
	// dateHalfRE matches the end of a half year: 2023年上半年 (30 June) and
	// 2023年下半年 (31 December), with or without 底 or 末.
	dateHalfRE = regexp.MustCompile(`^(\d{4}) ?年 ?([上下]) ?半年(?: ?[底末])?`)
	// datePhraseRE matches a year followed by what only a date has, a
	// quarter, a half, a month figure or an end: 2023年第五季度末, 2023年中旬,
	// 2023年6. What the patterns above do not read there is a date written
	// wrongly, not the number 2023 in a unit 年第五季度末.
	datePhraseRE = regexp.MustCompile(`^\d{4} ?年 ?[第上中下半季底末内0-9一二三四五六七八九十]`)
)

// quarters maps a quarter, in figures or in Chinese, to its last month.
var quarters = map[string]int{"1": 3, "一": 3, "2": 6, "二": 6, "3": 9, "三": 9, "4": 12, "四": 12}

// minYear is the first year a text date may have: Excel's 1900 date system
// starts there, and an earlier year in a self-evaluation form is a typo.
const minYear = 1900

// matchDate reads a date at the start of normalised text s; input is the
// text as given, for the error. ok reports whether s starts like a date;
// err is set when it does but the date does not exist, or has no year
// (6月30日, 6月底). A month without a day (2022年12月, 2022-12) is the
// first of the month, with month set: it is known to the month only. The end of a month, year or quarter (2023年6月底, 2023年底,
// 2023年第三季度末, 2023年上半年) is its last day. A year followed by what
// only a date has, but not readable as one (2023年第五季度末), is an error.
// tail is the rest of s, trimmed.
func matchDate(input, s string) (d time.Time, month bool, tail string, ok bool, err error) {
	var y, mo, day string
	var end int
	if dateNoYearRE.MatchString(s) {
		return time.Time{}, false, "", true, syntaxError(input, "date without a year", reasonBadDate)
	}
	if m := dateEndRE.FindStringSubmatch(s); m != nil {
		// The last day: the day before the first of the next month.
		last := 12
		switch {
		case m[2] != "":
			last, _ = strconv.Atoi(m[2])
		case m[3] != "":
			last = quarters[m[3]]
		}
		yi, _ := strconv.Atoi(m[1])
		if yi < minYear {
			return time.Time{}, false, "", true, syntaxError(input, "date out of range", reasonOutOfRange)
		}
		if last < 1 || last > 12 {
			return time.Time{}, false, "", true, syntaxError(input, "invalid month", reasonBadMonth)
		}
		d = time.Date(yi, time.Month(last)+1, 0, 0, 0, 0, 0, time.UTC)
		tail = s[len(m[0]):]
		if tail != "" && isDigit(tail[0]) {
			return time.Time{}, false, "", true, syntaxError(input, "invalid date", reasonBadDate)
		}
		return d, month, strings.TrimSpace(tail), true, nil
	}
	if m := dateHalfRE.FindStringSubmatch(s); m != nil {
		yi, _ := strconv.Atoi(m[1])
		if yi < minYear {
			return time.Time{}, false, "", true, syntaxError(input, "date out of range", reasonOutOfRange)
		}
		last := time.June
		if m[2] == "下" {
			last = time.December
		}
		d = time.Date(yi, last+1, 0, 0, 0, 0, 0, time.UTC)
		return d, false, strings.TrimSpace(s[len(m[0]):]), true, nil
	}
	if m := dateSepRE.FindStringSubmatch(s); m != nil {
		if m[2] != m[4] {
			return time.Time{}, false, "", true, syntaxError(input, "invalid date", reasonBadDate)
		}
		y, mo, day, end = m[1], m[3], m[5], len(m[0])
	} else if m := dateYMRE.FindStringSubmatch(s); m != nil && yearMonth(m[2], m[3], m[4] != "", s[len(m[0]):]) {
		y, mo, day, end, month = m[1], m[3], "1", len(m[0]), true
	} else if m := dateCNRE.FindStringSubmatch(s); m != nil {
		y, mo, day, end = m[1], m[2], m[3], len(m[0])
		if day == "" {
			day, month = "1", true
		}
	} else if datePhraseRE.MatchString(s) {
		return time.Time{}, false, "", true, syntaxError(input, "invalid date", reasonBadDate)
	} else {
		return time.Time{}, false, "", false, nil
	}
	tail = s[end:]
	if tail != "" && isDigit(tail[0]) {
		// 2022-12-311: the day has too many digits.
		return time.Time{}, false, "", true, syntaxError(input, "invalid date", reasonBadDate)
	}
	// The regular expressions admit only 1 to 4 ASCII digits: Atoi cannot fail.
	yi, _ := strconv.Atoi(y)
	mi, _ := strconv.Atoi(mo)
	di, _ := strconv.Atoi(day)
	if yi < minYear {
		return time.Time{}, false, "", true, syntaxError(input, "date out of range", reasonOutOfRange)
	}
	if mi < 1 || mi > 12 {
		return time.Time{}, false, "", true, syntaxError(input, "invalid month", reasonBadMonth)
	}
	d = time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if di < 1 || d.Month() != time.Month(mi) {
		// time.Date normalises 2022-02-30 to 2022-03-02.
		return time.Time{}, false, "", true, syntaxError(input, "invalid day", reasonBadDay, yi, mi, di)
	}
	return d, month, strings.TrimSpace(tail), true, nil
}

// yearMonth reports whether a year and month matched by dateYMRE, with
// separator sep, the month figure mo, 月 written after them or not, and the
// text after that, is a date: nothing or a deadline's 前 must follow;
// 2022.12 alone is a number unless 月 says otherwise, and 2020-25%,
// 2000-50万元 or 2021-22 is a range. With 月 or 前 a month past 12 is a
// date written wrongly.
func yearMonth(sep, mo string, month bool, tail string) bool {
	tail = strings.TrimSpace(tail)
	suffix := tail == ""
	for _, w := range dateSuffixes {
		suffix = suffix || strings.HasPrefix(tail, w.text)
	}
	m, _ := strconv.Atoi(mo) // one or two ASCII digits
	switch {
	case !suffix:
		return false
	case month || tail != "":
		return true
	case sep == ".":
		return false
	}
	return m >= 1 && m <= 12
}

// Excel 1900-system serials. Serial 1 is 1900-01-01. Serial 60 is
// 1900-02-29, a day that does not exist: Lotus 1-2-3 took 1900 for a leap
// year and Excel kept the bug, so every serial after 60 is one day ahead of a
// plain count from 1899-12-31.
const (
	fakeLeapDay = 60
	maxSerial   = 2958465 // 9999-12-31, the last date Excel shows
	// A bare number is read as a serial without being asked to only from
	// 1990-01-01 to 2099-12-31: 2022 or 0.9 in a date cell is a typo, not
	// a date in 1905 or 1900.
	plausibleFirst = 32874
	plausibleLast  = 73050
)

// ParseDate reads a date cell. A text date is read as Parse reads it
// (2022年12月31日, 2022年12月, 2022-12-31, 2022/12/31, 2022.12.31, and
// 2023年6月底, 2023年底, 2023年第三季度末, 2023年上半年 for the last day of the
// month, year, quarter or half), without an operator. A number is an Excel 1900-system serial
// (44926 is 2022-12-31) when serial is true, as for a cell with a date
// format, or when it lies between 32874 (1990-01-01) and 73050
// (2099-12-31); a fraction, the time of day, is dropped. The date is midnight UTC. ParseDate returns a
// *SyntaxError for anything else, including serial 60 (Excel's fictitious
// 1900-02-29), and a *SyntaxError wrapping ErrEmpty for an empty input.
func ParseDate(s string, serial bool) (time.Time, error) {
	n := Normalize(s)
	if n == "" {
		return time.Time{}, emptyError(s)
	}
	lit, tail, ok := scanNumber(n)
	if !ok || tail != "" {
		d, _, tail, ok, err := matchDate(s, n)
		switch {
		case !ok:
			return time.Time{}, syntaxError(s, "invalid date", reasonBadDate)
		case err != nil:
			return time.Time{}, err
		case tail != "":
			return time.Time{}, syntaxError(s, "trailing text after date", reasonAfterDate, tail)
		}
		return d, nil
	}
	num, err := decimal.NewFromString(lit)
	if err != nil {
		return time.Time{}, syntaxError(s, "invalid date", reasonBadDate)
	}
	if !serial && (num.LessThan(decimal.NewFromInt(plausibleFirst)) || num.GreaterThan(decimal.NewFromInt(plausibleLast))) {
		return time.Time{}, syntaxError(s, "number is not a plausible date serial", reasonBadDate)
	}
	return serialDate(s, num)
}

// serialDate converts an Excel 1900-system serial to midnight UTC of its day.
func serialDate(input string, num decimal.Decimal) (time.Time, error) {
	day := num.Floor()
	if day.LessThan(decimal.NewFromInt(1)) || day.GreaterThan(decimal.NewFromInt(maxSerial)) {
		return time.Time{}, syntaxError(input, "date serial out of range", reasonOutOfRange)
	}
	n := int(day.IntPart())
	switch {
	case n == fakeLeapDay:
		return time.Time{}, syntaxError(input, "date serial 60 is the nonexistent 1900-02-29", reasonFake1900)
	case n < fakeLeapDay:
		return time.Date(1899, 12, 31+n, 0, 0, 0, 0, time.UTC), nil
	}
	return time.Date(1899, 12, 30+n, 0, 0, 0, 0, time.UTC), nil
}
