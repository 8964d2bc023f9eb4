package value

import "testing"

func TestCompatible(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{">=160个", "160个", true},
		{">=160个", "160", true},
		{"160", ">=160个", true},
		{">=160", "160", true},
		{">=16.8万件", "200万件", true},
		{">=16.8万件", "200000件", true},
		{"1.2亿元", "9452万元", true},
		{"1.2亿元", "94521302元", true},
		{"2114.68万", "21146800", true},
		{"2114.68万", "100元", true}, // a scaled bare number has no unit
		{">=290种", "289种", true},
		{"<=3次", "0次", true},
		{">=360天", "291天", true},
		{"1件", "1天", false},
		{"1万件", "1天", false},
		{"1元", "1个", false},
		{"160个", "160项", false},
		{">=95%", "96.12%", true},
		{">=95%", "96.12", false},
		{"95", "96.12%", false},
		{">=95%", "96个", false},
		{"2022年12月31日前", "2022-12-25", true},
		{"2022-12-31", "100%", false},
		{"2022-12-31", "44926", false},
		{"达成预期指标", "基本达成", true},
		{"达成预期指标", "100%", false},
		{"是", "1", false},
	}
	for _, tt := range tests {
		a, err := Parse(tt.a)
		if err != nil {
			t.Fatalf("Parse(%q) error: %v", tt.a, err)
		}
		b, err := Parse(tt.b)
		if err != nil {
			t.Fatalf("Parse(%q) error: %v", tt.b, err)
		}
		if got := Compatible(a, b); got != tt.want {
			t.Errorf("Compatible(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := Compatible(b, a); got != tt.want {
			t.Errorf("Compatible(%q, %q) = %v, want %v (symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestCompatibleHandBuilt(t *testing.T) {
	tests := []struct {
		name string
		a, b Value
		want bool
	}{
		{"invalid", Value{}, Value{}, false},
		{"invalid and number", Value{}, Value{Kind: Number}, false},
		{"万件 set by hand", Value{Kind: Number, Unit: "万件"}, Value{Kind: Number, Unit: "件"}, true},
		{"亿元 set by hand", Value{Kind: Number, Unit: "亿元"}, Value{Kind: Number, Unit: "元"}, true},
		{"万 alone is not 件", Value{Kind: Number, Unit: "万"}, Value{Kind: Number, Unit: "件"}, false},
	}
	for _, tt := range tests {
		if got := Compatible(tt.a, tt.b); got != tt.want {
			t.Errorf("Compatible(%s: %s, %s) = %v, want %v", tt.name, dump(tt.a), dump(tt.b), got, tt.want)
		}
	}
}
