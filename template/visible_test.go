package template

import (
	"strings"
	"testing"
	"unicode"
)

func TestVisible(t *testing.T) {
	tests := []struct{ in, want string }{
		// Ordinary text, Chinese and full-width punctuation, spaces of
		// every width: as it is.
		{"", ""},
		{"南昌市政务服务数据管理局（101001）", "南昌市政务服务数据管理局（101001）"},
		{"指标“网上业务办理”：>=16.8万件，实际 200万件；完成率 1190.48%……【草拟】＿＿＿＿", "指标“网上业务办理”：>=16.8万件，实际 200万件；完成率 1190.48%……【草拟】＿＿＿＿"},
		{"全角　空格 与\u00a0不换行空格、①②、≥≤、￥", "全角　空格 与\u00a0不换行空格、①②、≥≤、￥"},
		// Line breaks, as a cell's Alt+Enter or a forged report line.
		{"示例局\n结论：通过", "示例局⏎结论：通过"},
		{"a\r\nb\rc\u2028d\u2029e\u0085f", "a⏎b⏎c⏎d⏎e⏎f"},
		{"a\tb", "a⇥b"},
		// Terminal escapes and the bell.
		{"\x1b[2J\x1b[31m通过\a", "〔U+001B〕[2J〔U+001B〕[31m通过〔U+0007〕"},
		{"\x00\x7f\u009b", "〔U+0000〕〔U+007F〕〔U+009B〕"},
		// Bidirectional controls and zero-width characters, which make two
		// different texts look alike.
		{"产出\u200e指标", "产出〔U+200E〕指标"},
		{"\u202e标指出产", "〔U+202E〕标指出产"},
		{"数量\u200b指标\u200c\u200d\u2060\ufeff\u00ad\u2066\u2069\U000E0041", "数量〔U+200B〕指标〔U+200C〕〔U+200D〕〔U+2060〕〔U+FEFF〕〔U+00AD〕〔U+2066〕〔U+2069〕〔U+E0041〕"},
		// Invalid UTF-8 is shown as the replacement character, as a terminal would.
		{"a\xffb", "a\ufffdb"},
	}
	for _, tt := range tests {
		got := Visible(tt.in)
		if got != tt.want {
			t.Errorf("Visible(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := Visible(got); again != got {
			t.Errorf("Visible(Visible(%q)) = %q, want %q: not idempotent", tt.in, again, got)
		}
		if i := strings.IndexFunc(got, func(r rune) bool { return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) }); i >= 0 {
			t.Errorf("Visible(%q) = %q keeps a control or format character at byte %d", tt.in, got, i)
		}
	}
}

func TestEscaped(t *testing.T) {
	for _, r := range []rune{'\n', '\t', '\x1b', '\u200b', '\u200e', '\u202e', '\ufeff', '\u2028'} {
		if !Escaped(r) {
			t.Errorf("Escaped(%U) = false, want true", r)
		}
	}
	for _, r := range []rune{' ', 'a', '中', '，', '“', '\u3000', '\u00a0', '⏎', '〔'} {
		if Escaped(r) {
			t.Errorf("Escaped(%U) = true, want false", r)
		}
	}
}
