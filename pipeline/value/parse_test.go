package value

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// want is the expected outcome of a parse; num and date are written as text.
type want struct {
	kind   Kind
	op     Op
	num    string // decimal, for Number and Percent
	unit   string
	prefix string
	date   string // 2006-01-02, for Date
	month  bool   // the Date is known to the month only
	word   string
}

func (w want) String() string {
	return fmt.Sprintf("{%v op=%q num=%s unit=%q prefix=%q date=%s word=%q}", w.kind, w.op, w.num, w.unit, w.prefix, w.date, w.word)
}

// dump shows every field of v that a test compares.
func dump(v Value) string {
	w := want{kind: v.Kind, op: v.Op, unit: v.Unit, prefix: v.Prefix, word: v.Word}
	if v.Kind == Number || v.Kind == Percent {
		w.num = v.Num.String()
	}
	if v.Kind == Date {
		w.date = v.Date.Format(time.DateOnly)
	}
	return w.String()
}

// matches reports whether v is what w describes.
func matches(tb testing.TB, v Value, w want) bool {
	tb.Helper()
	if v.Kind != w.kind || v.Op != w.op || v.Unit != w.unit || v.Prefix != w.prefix || v.Word != w.word || v.Month != w.month {
		return false
	}
	if w.num != "" {
		if !v.Num.Equal(decimal.RequireFromString(w.num)) {
			return false
		}
	} else if !v.Num.IsZero() {
		return false
	}
	if w.date != "" {
		d, err := time.Parse(time.DateOnly, w.date)
		if err != nil {
			tb.Fatalf("bad test date %q: %v", w.date, err)
		}
		return v.Date.Equal(d) && v.Date.Location() == time.UTC
	}
	return v.Date.IsZero()
}

func num(op Op, n, unit string) want { return want{kind: Number, op: op, num: n, unit: unit} }

func scaled(op Op, n, prefix, unit string) want {
	return want{kind: Number, op: op, num: n, unit: unit, prefix: prefix}
}

func pct(op Op, n string) want { return want{kind: Percent, op: op, num: n, unit: "%"} }

func date(op Op, d string) want { return want{kind: Date, op: op, date: d} }

// month is a date known to the month only, d as 2006-01.
func month(op Op, d string) want { return want{kind: Date, op: op, date: d + "-01", month: true} }

func word(w string) want { return want{kind: Word, word: w} }

var parseTests = []struct {
	in   string
	want want
}{
	// Operators, in every variant.
	{">=90", num(OpGE, "90", "")},
	{"≥90", num(OpGE, "90", "")},
	{"≧90", num(OpGE, "90", "")},
	{"⩾90", num(OpGE, "90", "")},
	{"＞＝90", num(OpGE, "90", "")},
	{"＞= 90", num(OpGE, "90", "")},
	{"> = 90", num(OpGE, "90", "")},
	{"≥=90", num(OpGE, "90", "")},
	{">90", num(OpGT, "90", "")},
	{"＞90", num(OpGT, "90", "")},
	{"﹥90", num(OpGT, "90", "")},
	{"<=3次", num(OpLE, "3", "次")},
	{"≤3次", num(OpLE, "3", "次")},
	{"≦3次", num(OpLE, "3", "次")},
	{"⩽3次", num(OpLE, "3", "次")},
	{"＜＝3次", num(OpLE, "3", "次")},
	{"<3次", num(OpLT, "3", "次")},
	{"＜3次", num(OpLT, "3", "次")},
	{"﹤3次", num(OpLT, "3", "次")},
	{"=1次", num(OpEQ, "1", "次")},
	{"==1次", num(OpEQ, "1", "次")},
	{"＝1次", num(OpEQ, "1", "次")},
	{"═1次", num(OpEQ, "1", "次")},
	{"﹦1次", num(OpEQ, "1", "次")},
	{"≥ 266米", num(OpGE, "266", "米")},
	{"≥\u3000266 米", num(OpGE, "266", "米")},
	{"1次", num(OpNone, "1", "次")},

	// Operators as words.
	{"95%以上", pct(OpGE, "95")},
	{"95% 以上", pct(OpGE, "95")},
	{"95%及以上", pct(OpGE, "95")},
	{"5%以下", pct(OpLE, "5")},
	{"5%及以下", pct(OpLE, "5")},
	{"3个工作日以内", num(OpLE, "3", "个工作日")},
	{"10万元以下", scaled(OpLE, "100000", "万", "元")},
	{"不低于95%", pct(OpGE, "95")},
	{"不少于1000项", num(OpGE, "1000", "项")},
	{"不小于5", num(OpGE, "5", "")},
	{"不高于3次", num(OpLE, "3", "次")},
	{"不超过3次", num(OpLE, "3", "次")},
	{"不多于3次", num(OpLE, "3", "次")},
	{"不大于3次", num(OpLE, "3", "次")},
	{"达到95%", pct(OpGE, "95")},
	{"达到 95%", pct(OpGE, "95")},
	{"大于等于90%", pct(OpGE, "90")},
	{"大于或等于90%", pct(OpGE, "90")},
	{"小于等于2天", num(OpLE, "2", "天")},
	{"大于90%", pct(OpGT, "90")},
	{"小于2天", num(OpLT, "2", "天")},
	{"至少3次", num(OpGE, "3", "次")},
	{">=95%以上", pct(OpGE, "95")},
	{"≤3次以内", num(OpLE, "3", "次")},

	// Actuals that repeat the operator keep it.
	{"≥266米", num(OpGE, "266", "米")},
	{"≥96.12%", pct(OpGE, "96.12")},

	// Numbers, separators, signs, full width.
	{"0", num(OpNone, "0", "")},
	{"160", num(OpNone, "160", "")},
	{"1,234.5", num(OpNone, "1234.5", "")},
	{"12,345,678", num(OpNone, "12345678", "")},
	{"１，２３４．５", num(OpNone, "1234.5", "")},
	{"１２３４５", num(OpNone, "12345", "")},
	{"-5", num(OpNone, "-5", "")},
	{"+5", num(OpNone, "5", "")},
	{"－5", num(OpNone, "-5", "")},
	{"−5", num(OpNone, "-5", "")},
	{">=-5", num(OpGE, "-5", "")},
	{"0.5", num(OpNone, "0.5", "")},
	{"1.1000000000000001", num(OpNone, "1.1000000000000001", "")},
	{"1E-4", num(OpNone, "0.0001", "")},
	{"9.4521302E3", num(OpNone, "9452.1302", "")},
	{"2022.12", num(OpNone, "2022.12", "")},
	{"  160\u00a0", num(OpNone, "160", "")},

	// 万/亿 scaling, alone and as a unit prefix.
	{"2114.68万", scaled(OpNone, "21146800", "万", "")},
	{"16.8万件", scaled(OpNone, "168000", "万", "件")},
	{">=16.8万件", scaled(OpGE, "168000", "万", "件")},
	{"16.8 万件", scaled(OpNone, "168000", "万", "件")},
	{"16.8万 件", scaled(OpNone, "168000", "万", "件")},
	{"200万件", scaled(OpNone, "2000000", "万", "件")},
	{"1.2亿元", scaled(OpNone, "120000000", "亿", "元")},
	{"9452万元", scaled(OpNone, "94520000", "万", "元")},
	{"94521302元", num(OpNone, "94521302", "元")},
	{"2亿", scaled(OpNone, "200000000", "亿", "")},
	{"1.5万亿元", scaled(OpNone, "1500000000000", "万亿", "元")},
	{"１６．８万件", scaled(OpNone, "168000", "万", "件")},

	// Units.
	{"290种", num(OpNone, "290", "种")},
	{"1项", num(OpNone, "1", "项")},
	{"360天", num(OpNone, "360", "天")},
	{"160个", num(OpNone, "160", "个")},
	{"20人", num(OpNone, "20", "人")},
	{"35户", num(OpNone, "35", "户")},
	{"12家", num(OpNone, "12", "家")},
	{"2小时", num(OpNone, "2", "小时")},
	{"30分钟", num(OpNone, "30", "分钟")},
	{"5 个工作日", num(OpNone, "5", "个工作日")},
	{"100km/h", num(OpNone, "100", "km/h")},
	{"500m²", num(OpNone, "500", "m²")},
	{"25℃", num(OpNone, "25", "℃")},
	{"3‰", num(OpNone, "3", "‰")},
	{"1e", num(OpNone, "1", "e")},
	{"2022年", num(OpNone, "2022", "年")},
	{"3年", num(OpNone, "3", "年")},
	{"2000年以上", num(OpGE, "2000", "年")},
	{"2022年度", num(OpNone, "2022", "年度")},

	// Percents.
	{"96.12%", pct(OpNone, "96.12")},
	{"96.12％", pct(OpNone, "96.12")},
	{"96.12 %", pct(OpNone, "96.12")},
	{"９６．１２％", pct(OpNone, "96.12")},
	{"100%", pct(OpNone, "100")},
	{"100.00%", pct(OpNone, "100")},
	{"=100%", pct(OpEQ, "100")},
	{"-5%", pct(OpNone, "-5")},

	// What a Chinese input method types on the keys of > and <.
	{"》=95%", pct(OpGE, "95")},
	{"《=3次", num(OpLE, "3", "次")},
	{"》 90", num(OpGT, "90", "")},
	{"95%（含）以上", pct(OpGE, "95")},
	{"3次(含)以下", num(OpLE, "3", "次")},
	{"95%以上（含）", pct(OpGE, "95")},
	{"95%（含）及以上", pct(OpGE, "95")},
	{"3次（含）以内", num(OpLE, "3", "次")},
	{"≥95%（含）", pct(OpGE, "95")},
	{"<=3次（含）", num(OpLE, "3", "次")},

	// Dates.
	{"2022年12月31日", date(OpNone, "2022-12-31")},
	// Deadlines written as the end of a month, a year or a quarter.
	{"2023年6月底前", date(OpLE, "2023-06-30")},
	{"2023年6月底", date(OpNone, "2023-06-30")},
	{"2024年2月底前完成", date(OpLE, "2024-02-29")},
	{"2023年2月末", date(OpNone, "2023-02-28")},
	{"2023年底前", date(OpLE, "2023-12-31")},
	{"2023年末", date(OpNone, "2023-12-31")},
	{"2023年第三季度末前", date(OpLE, "2023-09-30")},
	{"2023年1季度末", date(OpNone, "2023-03-31")},
	{"２０２３年６月底前", date(OpLE, "2023-06-30")},
	{"2022年12月31号", date(OpNone, "2022-12-31")},
	{"2022年12月31", date(OpNone, "2022-12-31")},
	{"2022 年 12 月 31 日", date(OpNone, "2022-12-31")},
	{"２０２２年１２月３１日", date(OpNone, "2022-12-31")},
	{"2022年1月5日", date(OpNone, "2022-01-05")},
	{"2022年12月", month(OpNone, "2022-12")},
	{"2022-12", month(OpNone, "2022-12")},
	{"2022/3", month(OpNone, "2022-03")},
	{"<=2022-12", month(OpLE, "2022-12")},
	{"2022/12前", month(OpLE, "2022-12")},
	{"2022.12前", month(OpLE, "2022-12")},
	{"2022.12 以前", month(OpLE, "2022-12")},
	{"2022.12月", month(OpNone, "2022-12")},
	{"2022.12月前", month(OpLE, "2022-12")},
	{"2023.2月", month(OpNone, "2023-02")},
	{"2022-12-31", date(OpNone, "2022-12-31")},
	{"2022/12/31", date(OpNone, "2022-12-31")},
	{"2022.12.31", date(OpNone, "2022-12-31")},
	{"2022-1-5", date(OpNone, "2022-01-05")},
	{"2024-02-29", date(OpNone, "2024-02-29")},
	{"2022年12月31日前", date(OpLE, "2022-12-31")},
	{"2022年12月31日之前", date(OpLE, "2022-12-31")},
	{"2022年12月31日以前", date(OpLE, "2022-12-31")},
	{"2022年12月31日前完成", date(OpLE, "2022-12-31")},
	// An actual that says when the work was done, as published forms do.
	{"2022年12月20日完成", date(OpNone, "2022-12-20")},
	{"2022年12月完成", month(OpNone, "2022-12")},
	{"2022年12月底完成", date(OpNone, "2022-12-31")},
	{"2022年11月已完成", month(OpNone, "2022-11")},
	{"2022年12月31日 前", date(OpLE, "2022-12-31")},
	{"2022年12月前", month(OpLE, "2022-12")},
	// 2022.12 alone is a number: only a deadline's 前 makes it a month.
	{"2022.12", num(OpNone, "2022.12", "")},
	{"<=2022-12-31", date(OpLE, "2022-12-31")},
	{"≤2022年12月31日", date(OpLE, "2022-12-31")},
	{"≤2022年12月31日前", date(OpLE, "2022-12-31")},
	{"=2022-12-31", date(OpEQ, "2022-12-31")},

	// Words.
	{"达成预期指标", word("达成预期指标")},
	{"基本达成", word("基本达成")},
	{"部分达成", word("部分达成")},
	{"未达成", word("未达成")},
	{"是", word("是")},
	{"否", word("否")},
	{"完成", word("完成")},
	{"有效", word("有效")},
	{"良好", word("良好")},
	{" 基本\u3000达成 ", word("基本 达成")},
	{"达成（良好）", word("达成(良好)")},
	{"不低于良好", word("不低于良好")},
	{"以上", word("以上")},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		got, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q) error: %v, want %v", tt.in, err, tt.want)
			continue
		}
		if !matches(t, got, tt.want) {
			t.Errorf("Parse(%q) = %s, want %v", tt.in, dump(got), tt.want)
		}
		if got.Raw != tt.in {
			t.Errorf("Parse(%q).Raw = %q, want the input", tt.in, got.Raw)
		}
	}
}

// parseErrorTests are inputs Parse rejects, with a fragment of the Chinese
// reason.
var parseErrorTests = []struct {
	in     string
	reason string
}{
	{"约90%", "“约90%”不是数字"},
	{"约90%?", "不是数字"},
	{"90%?", "百分号后的“?”"},
	{"90%-95%", "是一个范围"},
	{"90-95", "是一个范围"},
	{"2020-25%", "是一个范围"},
	{"2000-50万元", "是一个范围"},
	{"1~2次", "是一个范围"},
	{"90%～95%", "是一个范围"},
	{"90至95", "是一个范围"},
	{"1.2.3", "不是有效的数字"},
	{"1,23", "不是有效的数字"},
	{"1234,567", "不是有效的数字"},
	{"1,234,56", "不是有效的数字"},
	{"1 000", "不是有效的数字"},
	{"1e5件", "不是有效的数字"},
	{"1E+999", "不是有效的数字"},
	{"5.", "不是计量单位"},
	{"100%完成", "百分号后的“完成”"},
	{"5%万", "百分号后的“万”"},
	{"5万万", "“万”不是计量单位"},
	{"5以上件", "不是计量单位"},
	{"5?", "不是计量单位"},
	{"共完成了很多很多很多的事项12", "不是数字"},
	{"12项工作已经全部按期按质按量完成", "不是计量单位"},
	{"<=5以上", "相互矛盾"},
	{"=95%以上", "相互矛盾"},
	{"≥2022年12月31日前", "相互矛盾"},
	{"≥", "只有比较符号"},
	{">=", "只有比较符号"},
	{"不低于", "只有比较符号"},
	{"<>5", "不是数字"},
	{">=良好", "无法识别"},
	{"/", "无法识别"},
	{"-", "无法识别"},
	{"%", "无法识别"},
	{"2022-02-30", "2022年2月没有30日"},
	{"2023-02-29", "2023年2月没有29日"},
	{"2022-13-01", "月份应为 1 到 12"},
	{"2021-22", "是一个范围"},
	{"2022-13月", "月份应为 1 到 12"},
	{"2022.13前", "月份应为 1 到 12"},
	{"2022年0月", "月份应为 1 到 12"},
	{"2022-12-00", "没有0日"},
	{"2022-12/31", "不是有效日期"},
	{"2022-12-311", "不是有效日期"},
	{"1899-12-31", "超出可识别的日期范围"},
	{"2022年12月31日左右", "日期后的“左右”"},
	{"٣٤", "不是数字"},
}

func TestParseErrors(t *testing.T) {
	for _, tt := range parseErrorTests {
		got, err := Parse(tt.in)
		if err == nil {
			t.Errorf("Parse(%q) = %s, want an error", tt.in, dump(got))
			continue
		}
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) error = %T %v, want *SyntaxError", tt.in, err, err)
			continue
		}
		if !strings.Contains(se.Reason, tt.reason) {
			t.Errorf("Parse(%q) Reason = %q, want it to contain %q", tt.in, se.Reason, tt.reason)
		}
		if se.Input != tt.in {
			t.Errorf("Parse(%q) Input = %q, want the input", tt.in, se.Input)
		}
		if msg := strings.Replace(err.Error(), fmt.Sprintf("%q", tt.in), "", 1); msg == err.Error() || msg != strings.ToLower(msg) || hasHan(msg) {
			t.Errorf("Parse(%q) Error() = %q, want an English lower-case message", tt.in, msg)
		}
		if errors.Is(err, ErrEmpty) {
			t.Errorf("Parse(%q) error is ErrEmpty, want another error", tt.in)
		}
		if got.Kind != Invalid {
			t.Errorf("Parse(%q) = %s with an error, want the zero Value", tt.in, dump(got))
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

func TestParseEmpty(t *testing.T) {
	for _, in := range []string{"", " ", "\u3000", "\u00a0\t\n", "\u200b"} {
		for name, parse := range map[string]func(string) (Value, error){"Parse": Parse, "ParseNumber": ParseNumber} {
			_, err := parse(in)
			if !errors.Is(err, ErrEmpty) {
				t.Errorf("%s(%q) error = %v, want ErrEmpty", name, in, err)
			}
			var se *SyntaxError
			if !errors.As(err, &se) || se.Reason == "" {
				t.Errorf("%s(%q) error = %#v, want a *SyntaxError with a Reason", name, in, err)
			}
		}
		if _, err := ParseDate(in, false); !errors.Is(err, ErrEmpty) {
			t.Errorf("ParseDate(%q, false) error = %v, want ErrEmpty", in, err)
		}
	}
}

func TestSyntaxErrorReasonQuotesInput(t *testing.T) {
	_, err := Parse("约90%")
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("Parse(%q) error = %v, want *SyntaxError", "约90%", err)
	}
	if want := "“约90%”不是数字，请填写数字或百分比（如 90%）"; se.Reason != want {
		t.Errorf("Parse(%q) Reason = %q, want %q", "约90%", se.Reason, want)
	}
	if want := `parse value "约90%": not a number`; se.Error() != want {
		t.Errorf("Parse(%q) Error() = %q, want %q", "约90%", se.Error(), want)
	}

	long := strings.Repeat("很长的说明", 20) + "1"
	_, err = Parse(long)
	if !errors.As(err, &se) || !strings.Contains(se.Reason, "…”") {
		t.Errorf("Parse(long) Reason = %q, want the input cut with …", se.Reason)
	}
}

var parseNumberTests = []struct {
	in   string
	want want
}{
	{"0", num(OpNone, "0", "")},
	{"10343.6719", num(OpNone, "10343.6719", "")},
	{"1E+1", num(OpNone, "10", "")},
	{"1e+1", num(OpNone, "10", "")},
	{"1E1", num(OpNone, "10", "")},
	{"1.1000000000000001", num(OpNone, "1.1000000000000001", "")},
	{"9.4521302E3", num(OpNone, "9452.1302", "")},
	{"1.5E-05", num(OpNone, "0.000015", "")},
	{"-2.5E2", num(OpNone, "-250", "")},
	{"1E+308", num(OpNone, "1E+308", "")},
	{"1E+0308", num(OpNone, "1E+308", "")},
	{"1E-308", num(OpNone, "1E-308", "")},
	{"1E000", num(OpNone, "1", "")},
	{"1,234.5", num(OpNone, "1234.5", "")},
	{"１，２３４．５", num(OpNone, "1234.5", "")},
	// Money signs and a unit in brackets, as headers write it.
	{"¥10,343.6719", num(OpNone, "10343.6719", "")},
	{"￥10343.6719", num(OpNone, "10343.6719", "")},
	{"10343.6719(万元)", scaled(OpNone, "103436719", "万", "元")},
	{"10343.6719（万元）", scaled(OpNone, "103436719", "万", "元")},
	{"160（个）", num(OpNone, "160", "个")},
	{" 94 ", num(OpNone, "94", "")},
	{"9452万元", scaled(OpNone, "94520000", "万", "元")},
	{"2114.68万", scaled(OpNone, "21146800", "万", "")},
	{"94521302元", num(OpNone, "94521302", "元")},
	{"1.5分", num(OpNone, "1.5", "分")},
	{"91.38%", pct(OpNone, "91.38")},
	{"91.38％", pct(OpNone, "91.38")},
}

func TestParseNumber(t *testing.T) {
	for _, tt := range parseNumberTests {
		got, err := ParseNumber(tt.in)
		if err != nil {
			t.Errorf("ParseNumber(%q) error: %v, want %v", tt.in, err, tt.want)
			continue
		}
		if !matches(t, got, tt.want) {
			t.Errorf("ParseNumber(%q) = %s, want %v", tt.in, dump(got), tt.want)
		}
	}
}

var parseNumberErrorTests = []struct {
	in     string
	reason string
}{
	{">=5", "含有比较符号"},
	{"≥5", "含有比较符号"},
	{"=5", "含有比较符号"},
	{"不低于5", "含有比较符号"},
	{"5以上", "含有比较符号"},
	{"5以内", "含有比较符号"},
	{"2022-12-31", "是日期"},
	{"2022年12月31日", "是日期"},
	{"无", "不是数字，请填写数字"},
	{"达成预期指标", "不是数字"},
	{"约100", "不是数字"},
	{"1.2.3", "不是有效的数字"},
	{"1E+1000", "不是有效的数字"},
	{"1E+309", "不是有效的数字"},
	{"1E-309", "不是有效的数字"},
	{"1E99999999999999999999999", "不是有效的数字"},
	{"1E+5件", "不是有效的数字"},
	{"90%-95%", "是一个范围"},
}

func TestParseNumberErrors(t *testing.T) {
	for _, tt := range parseNumberErrorTests {
		got, err := ParseNumber(tt.in)
		if err == nil {
			t.Errorf("ParseNumber(%q) = %s, want an error", tt.in, dump(got))
			continue
		}
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("ParseNumber(%q) error = %T %v, want *SyntaxError", tt.in, err, err)
			continue
		}
		if !strings.Contains(se.Reason, tt.reason) {
			t.Errorf("ParseNumber(%q) Reason = %q, want it to contain %q", tt.in, se.Reason, tt.reason)
		}
	}
}

func TestValueString(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{">=16.8万件", ">=168000件"},
		{"≥ 266 米", ">=266米"},
		{"96.12％", "96.12%"},
		{"100.00%", "100%"},
		{"＞＝95％", ">=95%"},
		{"2114.68万", "21146800"},
		{"1,234.5", "1234.5"},
		{"1E-4", "0.0001"},
		{"2022年12月31日", "2022-12-31"},
		{"2022年12月31日前", "<=2022-12-31"},
		{"3个工作日以内", "<=3个工作日"},
		{"不低于1,000项", ">=1000项"},
		{"达成预期指标", "达成预期指标"},
		{"=1次", "=1次"},
		{"<5", "<5"},
		{">5", ">5"},
	}
	for _, tt := range tests {
		v, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q) error: %v", tt.in, err)
			continue
		}
		if got := v.String(); got != tt.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := (Value{}).String(); got != "" {
		t.Errorf("Value{}.String() = %q, want \"\"", got)
	}
}

func TestOpString(t *testing.T) {
	tests := []struct {
		op   Op
		want string
	}{
		{OpNone, ""}, {OpEQ, "="}, {OpGE, ">="}, {OpGT, ">"}, {OpLE, "<="}, {OpLT, "<"}, {Op(42), "Op(42)"},
	}
	for _, tt := range tests {
		if got := tt.op.String(); got != tt.want {
			t.Errorf("Op(%d).String() = %q, want %q", int(tt.op), got, tt.want)
		}
	}
}

func TestKindString(t *testing.T) {
	tests := []struct {
		k    Kind
		want string
	}{
		{Invalid, "invalid"}, {Number, "number"}, {Percent, "percent"}, {Date, "date"}, {Word, "word"}, {Kind(9), "Kind(9)"},
	}
	for _, tt := range tests {
		if got := tt.k.String(); got != tt.want {
			t.Errorf("Kind(%d).String() = %q, want %q", int(tt.k), got, tt.want)
		}
	}
}
