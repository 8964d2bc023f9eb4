package score

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/template"
)

func TestExcelPrecision(t *testing.T) {
	tests := []struct{ in, want string }{
		{"9617.671899999999", "9617.6719"}, // openpyxl's float of 9617.6719
		{"680.6900000000001", "680.69"},
		{"93.76000000000001", "93.76"},
		{"10343.6719", "10343.6719"},
		{"0.1", "0.1"},
		{"0", "0"},
		{"-4891.622199999999", "-4891.6222"},
	}
	for _, tt := range tests {
		got := excelPrecision(decimal.RequireFromString(tt.in))
		if got.String() != tt.want {
			t.Errorf("excelPrecision(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseNumberKinds(t *testing.T) {
	cell := func(raw string, percent bool) template.Cell { return template.Cell{Raw: raw, Percent: percent} }
	tests := []struct {
		name string
		c    template.Cell
		kind template.Kind
		want string
		unit string
		ok   bool
	}{
		{"amount", cell("9452.1302", false), template.KindAmount, "9452.1302", "", true},
		{"amount with separators", cell("9,452.1302", false), template.KindAmount, "9452.1302", "", true},
		{"amount in 万", cell("9452.1302万", false), template.KindAmount, "9452.1302", "", true},
		{"amount in 万元", cell("9452.1302万元", false), template.KindAmount, "9452.1302", "", true},
		{"amount in 元", cell("94521302元", false), template.KindAmount, "9452.1302", "元", true},
		{"amount in 件", cell("12件", false), template.KindAmount, "0", "件", false},
		{"rate as percent text", cell("91.38%", false), template.KindRate, "91.38", "", true},
		{"rate as percent cell", cell("0.9138", true), template.KindRate, "91.38", "", true},
		{"rate as figure", cell("91.38", false), template.KindRate, "91.38", "", true},
		{"score", cell("1.49", false), template.KindScore, "1.49", "", true},
		{"score in 分", cell("1.49分", false), template.KindScore, "1.49", "", true},
		{"count in 人", cell("178人", false), template.KindCount, "178", "", true},
		{"score as percent", cell("90%", false), template.KindScore, "0", "", false},
		{"full-width", cell("９４５２．１３", false), template.KindAmount, "9452.13", "", true},
	}
	for _, tt := range tests {
		n := ParseNumber(tt.c, "x", tt.kind)
		if n.OK != tt.ok || n.Unit != tt.unit || (n.OK && !n.Value.Equal(decimal.RequireFromString(tt.want))) {
			t.Errorf("%s: ParseNumber(%q) = %s ok=%v unit=%q err=%q, want %s ok=%v unit=%q", tt.name, tt.c.Raw, n.Value, n.OK, n.Unit, n.Err, tt.want, tt.ok, tt.unit)
		}
	}
}

func TestBalanceQuotes(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"“南昌赣通码”平台运行维护天数", "“南昌赣通码”平台运行维护天数"},
		{"“南昌赣通码平台运行维护天数", "“南昌赣通码平台运行维护天数”"},
		{"南昌赣通码”平台", "“南昌赣通码”平台"},
		{"建设‘四级一体化政务服务平台", "建设‘四级一体化政务服务平台’"},
		{"“a”“b", "“a”“b”"},
		{"无引号", "无引号"},
	} {
		if got := BalanceQuotes(tc.in); got != tc.want {
			t.Errorf("BalanceQuotes(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
