package value

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in     string
		serial bool
		want   string
	}{
		{"2022年12月31日", false, "2022-12-31"},
		{"2022年12月31日", true, "2022-12-31"}, // text in a date-formatted cell
		{"２０２２年１２月３１日", false, "2022-12-31"},
		{"2022年12月", false, "2022-12-01"},
		{"2022-12-31", false, "2022-12-31"},
		{"2022/12/31", false, "2022-12-31"},
		{"2022.12.31", false, "2022-12-31"},
		{"2023年3月15日", false, "2023-03-15"},
		{"44926", false, "2022-12-31"},
		{"44926", true, "2022-12-31"},
		{"44926.75", true, "2022-12-31"}, // the time of day is dropped
		{"4.4926E4", true, "2022-12-31"},
		{"45000", false, "2023-03-15"},
		{"32874", false, "1990-01-01"},
		{"73050", false, "2099-12-31"},
		{"1", true, "1900-01-01"},
		{"59", true, "1900-02-28"},
		{"61", true, "1900-03-01"},
		{"2958465", true, "9999-12-31"},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in, tt.serial)
		if err != nil {
			t.Errorf("ParseDate(%q, %v) error: %v, want %s", tt.in, tt.serial, err, tt.want)
			continue
		}
		if s := got.Format(time.DateOnly); s != tt.want || got.Location() != time.UTC || got.Hour() != 0 {
			t.Errorf("ParseDate(%q, %v) = %v, want %s midnight UTC", tt.in, tt.serial, got, tt.want)
		}
	}
}

func TestParseDateErrors(t *testing.T) {
	tests := []struct {
		in     string
		serial bool
		reason string
	}{
		{"60", true, "1900年2月29日"},
		{"0", true, "超出可识别的日期范围"},
		{"-1", true, "超出可识别的日期范围"},
		{"2958466", true, "超出可识别的日期范围"},
		{"1E+300", true, "超出可识别的日期范围"},
		{"2022", false, "不是有效日期"},  // a year, not a plausible serial
		{"0.9", false, "不是有效日期"},   // a rate typed into a date cell
		{"32873", false, "不是有效日期"}, // 1989-12-31: before the plausible range
		{"73051", false, "不是有效日期"}, // 2100-01-01: after it
		{"2022-02-30", false, "没有30日"},
		{"2022-02-30", true, "没有30日"},
		{"2022年13月1日", false, "月份应为 1 到 12"},
		{"2022年12月31日前", false, "日期后的“前”"},
		{"<=2022-12-31", false, "不是有效日期"},
		{"明年", false, "不是有效日期"},
		{"44926天", true, "不是有效日期"},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in, tt.serial)
		if err == nil {
			t.Errorf("ParseDate(%q, %v) = %v, want an error", tt.in, tt.serial, got)
			continue
		}
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("ParseDate(%q, %v) error = %T %v, want *SyntaxError", tt.in, tt.serial, err, err)
			continue
		}
		if !strings.Contains(se.Reason, tt.reason) {
			t.Errorf("ParseDate(%q, %v) Reason = %q, want it to contain %q", tt.in, tt.serial, se.Reason, tt.reason)
		}
	}
}

// TestSerialConstants checks the hand-written serial bounds against a plain
// day count from Excel's effective epoch, 1899-12-30.
func TestSerialConstants(t *testing.T) {
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	serial := func(y int, m time.Month, d int) int {
		return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(epoch) / (24 * time.Hour))
	}
	tests := []struct {
		name string
		got  int
		want int
	}{
		{"plausibleFirst", plausibleFirst, serial(1990, 1, 1)},
		{"plausibleLast", plausibleLast, serial(2099, 12, 31)},
		{"2022-12-31", 44926, serial(2022, 12, 31)},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %d, want %d", tt.name, tt.got, tt.want)
		}
	}
}

// dateEndTests are deadlines written as the end of a month, a year or a
// quarter, with the exact day each is and the operator around it.
var dateEndTests = []struct {
	in   string
	want want
}{
	// The end of a month is its last day, leap years included.
	{"2023年6月底", date(OpNone, "2023-06-30")},
	{"2023年6月末", date(OpNone, "2023-06-30")},
	{"2023年1月底", date(OpNone, "2023-01-31")},
	{"2023年4月底", date(OpNone, "2023-04-30")},
	{"2023年12月底", date(OpNone, "2023-12-31")},
	{"2023年2月底", date(OpNone, "2023-02-28")},
	{"2024年2月底", date(OpNone, "2024-02-29")},
	{"2000年2月末", date(OpNone, "2000-02-29")}, // divisible by 400: a leap year
	{"2100年2月底", date(OpNone, "2100-02-28")}, // by 100 only: not one
	{"2023年06月底", date(OpNone, "2023-06-30")},
	{"2023 年 6 月 底", date(OpNone, "2023-06-30")},
	{"２０２３年６月底", date(OpNone, "2023-06-30")},
	// The end of a year is 31 December.
	{"2023年底", date(OpNone, "2023-12-31")},
	{"2023年末", date(OpNone, "2023-12-31")},
	{"2023年年底", date(OpNone, "2023-12-31")},
	{"2023年年末", date(OpNone, "2023-12-31")},
	// The end of a quarter, in Chinese or in figures, with or without 第.
	{"2023年第一季度末", date(OpNone, "2023-03-31")},
	{"2023年第二季度末", date(OpNone, "2023-06-30")},
	{"2023年第三季度末", date(OpNone, "2023-09-30")},
	{"2023年第四季度末", date(OpNone, "2023-12-31")},
	{"2023年三季度末", date(OpNone, "2023-09-30")},
	{"2023年1季度末", date(OpNone, "2023-03-31")},
	{"2023年第2季度末", date(OpNone, "2023-06-30")},
	{"2023年第4季度底", date(OpNone, "2023-12-31")},
	// The end of a half year.
	{"2023年上半年", date(OpNone, "2023-06-30")},
	{"2023年下半年", date(OpNone, "2023-12-31")},
	{"2023年上半年末", date(OpNone, "2023-06-30")},
	{"2023 年 下 半年底", date(OpNone, "2023-12-31")},
	{"2024年上半年前", date(OpLE, "2024-06-30")},
	// A deadline: on or before, as for 2022年12月31日前.
	{"2023年6月底前", date(OpLE, "2023-06-30")},
	{"2023年6月底之前", date(OpLE, "2023-06-30")},
	{"2023年6月底以前", date(OpLE, "2023-06-30")},
	{"2023年6月底以内", date(OpLE, "2023-06-30")},
	{"2023年6月底前完成", date(OpLE, "2023-06-30")},
	{"2024年2月底前", date(OpLE, "2024-02-29")},
	{"2023年底前", date(OpLE, "2023-12-31")},
	{"2023年底之前完成", date(OpLE, "2023-12-31")},
	{"2023年年底前", date(OpLE, "2023-12-31")},
	{"2023年末前", date(OpLE, "2023-12-31")},
	{"2023年第三季度末前", date(OpLE, "2023-09-30")},
	{"2023年第一季度末以前", date(OpLE, "2023-03-31")},
	// Operators before the date, alone or agreeing with the one after.
	{"≤2023年6月底", date(OpLE, "2023-06-30")},
	{"<=2023年6月底", date(OpLE, "2023-06-30")},
	{"<2023年6月底", date(OpLT, "2023-06-30")},
	{"不超过2023年底", date(OpLE, "2023-12-31")},
	{"≤2023年6月底前", date(OpLE, "2023-06-30")},
	{"=2023年第三季度末", date(OpEQ, "2023-09-30")},
}

func TestParseDateEnds(t *testing.T) {
	for _, tt := range dateEndTests {
		got, err := Parse(tt.in)
		// The contract the fuzz targets check: the canonical text parses
		// back to the same value.
		checkParsed(t, "Parse", tt.in, got, err)
		if err != nil {
			t.Errorf("Parse(%q) error: %v, want %v", tt.in, err, tt.want)
			continue
		}
		if !matches(t, got, tt.want) {
			t.Errorf("Parse(%q) = %s, want %v", tt.in, dump(got), tt.want)
		}
		if tt.want.op != OpNone {
			continue
		}
		// A date cell holds the date alone, without an operator.
		d, err := ParseDate(tt.in, false)
		if err != nil {
			t.Errorf("ParseDate(%q) error: %v, want %s", tt.in, err, tt.want.date)
			continue
		}
		if s := d.Format(time.DateOnly); s != tt.want.date || d.Location() != time.UTC || d.Hour() != 0 {
			t.Errorf("ParseDate(%q) = %v, want %s midnight UTC", tt.in, d, tt.want.date)
		}
	}
}

// TestParseDateEndErrors: an end that does not exist, a date without its
// year (which year is meant is not in the cell) and text after an end are
// rejected with a Chinese reason, as ParseNumber rejects any date.
func TestParseDateEndErrors(t *testing.T) {
	tests := []struct {
		in     string
		reason string
	}{
		{"2023年13月底", "月份应为 1 到 12"},
		{"2023年0月底前", "月份应为 1 到 12"},
		{"1899年12月底", "超出可识别的日期范围"},
		{"2023年6月底31", "不是有效日期"},
		{"2023年6月底后", "日期后的“后”"},
		{"2023年底左右", "日期后的“左右”"},
		{"≥2023年6月底前", "比较符号相互矛盾"},
		// No year: not the number 6 in a unit 月底前.
		{"6月底前", "不是有效日期"},
		{"6月底", "不是有效日期"},
		{"12月末", "不是有效日期"},
		{"6月30日前", "不是有效日期"},
		{"6月30日", "不是有效日期"},
		{"≤6月30号", "不是有效日期"},
		{"3季度末前", "不是有效日期"},
		// A year and what only a date has, written wrongly: not the
		// number 2023 in a unit 年第五季度末.
		{"2023年第五季度末", "不是有效日期"},
		{"2023年5季度末", "不是有效日期"},
		{"2023年中旬", "不是有效日期"},
		{"2023年6", "不是有效日期"},
		{"2023年内", "不是有效日期"},
		{"≤2023年半年", "不是有效日期"},
		{"1899年上半年", "超出可识别的日期范围"},
	}
	for _, tt := range tests {
		for _, p := range []struct {
			name  string
			parse func(string) (Value, error)
		}{{"Parse", Parse}, {"ParseNumber", ParseNumber}} {
			got, err := p.parse(tt.in)
			checkParsed(t, p.name, tt.in, got, err)
			if err == nil {
				t.Errorf("%s(%q) = %s, want an error", p.name, tt.in, dump(got))
				continue
			}
			if p.name != "Parse" {
				continue
			}
			var se *SyntaxError
			if errors.As(err, &se) && !strings.Contains(se.Reason, tt.reason) {
				t.Errorf("%s(%q) Reason = %q, want it to contain %q", p.name, tt.in, se.Reason, tt.reason)
			}
		}
	}
	// A date cell: no operator, no year missing.
	for _, in := range []string{"2023年底前", "2023年6月底前", "6月底", "6月30日", "年底"} {
		if d, err := ParseDate(in, false); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", in, d)
		}
	}
	// 年底前 has no figure at all: it is read as words, never as a date of
	// a year guessed for it.
	if v, err := Parse("年底前"); err == nil && v.Kind == Date {
		t.Errorf("Parse(年底前) = %s, want no date", dump(v))
	}
}

// TestParseNumberRejectsDateEnds: an amount or score cell holding a deadline
// is rejected as a date, not read as the year in a unit 年底.
func TestParseNumberRejectsDateEnds(t *testing.T) {
	for _, tt := range dateEndTests {
		if v, err := ParseNumber(tt.in); err == nil {
			t.Errorf("ParseNumber(%q) = %s, want an error", tt.in, dump(v))
		}
	}
}
