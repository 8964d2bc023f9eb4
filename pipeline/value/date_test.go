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
