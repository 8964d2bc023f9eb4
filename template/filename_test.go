package template

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSafeFileName: whatever a department's name holds, what is left is
// one plain file name, valid on Windows.
func TestSafeFileName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"南昌市政务服务数据管理局", "南昌市政务服务数据管理局"},
		{"../../etc/passwd", "_.._etc_passwd"},
		{`C:\Windows\x`, "C__Windows_x"},
		{"CON", "_CON"},
		{"nul.txt", "_nul.txt"},
		{" . ", ""},
		{"局\u202e\x1b[2J", "局[2J"},
		{"a\tb", "ab"},
		{"a\u3000b", "a b"},
	} {
		got := SafeFileName(tc.in, 40)
		if got != tc.want {
			t.Errorf("SafeFileName(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got != "" && (got != filepath.Base(got) || strings.ContainsAny(got, "/\\:*?\"<>|\x00\n")) {
			t.Errorf("SafeFileName(%q) = %q: not one safe file name", tc.in, got)
		}
	}
	if got := SafeFileName(strings.Repeat("很长", 40), 10); len([]rune(got)) != 10 {
		t.Errorf("SafeFileName of a long name = %q, want 10 runes", got)
	}
}
