package value

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", ""},
		{"   ", ""},
		{"abc", "abc"},
		{"１２，３４５．６７％", "12,345.67%"},
		{"ＡＢＣａｂｃ", "ABCabc"},
		{"（万元）", "(万元)"},
		{"全年预算数（万元）", "全年预算数(万元)"},
		{"  基本\u3000\u3000达成\u00a0 ", "基本 达成"},
		{"a\t\r\nb", "a b"},
		{"\u200b达成\ufeff", "达成"},
		{"≥95%", ">=95%"},
		{"≧95%", ">=95%"},
		{"⩾95%", ">=95%"},
		{"＞＝95％", ">=95%"},
		{"≤3", "<=3"},
		{"≦3", "<=3"},
		{"⩽3", "<=3"},
		{"＜＝3", "<=3"},
		{"═1", "=1"},
		{"﹦1", "=1"},
		{"＝1", "=1"},
		{"==1", "=1"},
		{"===1", "=1"},
		{"＝＝1", "=1"},
		{"≥=1", ">=1"},
		{"= =1", "= =1"},
		{"﹥1﹤", ">1<"},
		{"−5", "-5"},
		{"－5", "-5"},
		{"﹣5", "-5"},
		{"产出指标（50分）", "产出指标(50分)"},
	}
	for _, tt := range tests {
		got := Normalize(tt.in)
		if got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := Normalize(got); again != got {
			t.Errorf("Normalize(Normalize(%q)) = %q, want %q (idempotent)", tt.in, again, got)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.in)
	}
	f.Add("= =\u3000==\u200b=")
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if again := Normalize(n); again != n {
			t.Errorf("Normalize(Normalize(%q)) = %q, want %q (idempotent)", s, again, n)
		}
	})
}
