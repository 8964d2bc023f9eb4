package rulebook

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"
)

// auditsYAML is a rulebook with n copies of the default's A04, each under
// its own id.
func auditsYAML(n int) string {
	var b strings.Builder
	b.WriteString("id: many\nname: 审核公式很多的规则\naudits:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - id: B%d\n    expr: 基本信息.实有人数 <= 基本信息.核定编制\n    message: 实有人数超过核定编制\n", i+1)
	}
	return b.String()
}

// TestRulebookLimits: a rulebook beyond the stated limits is refused with a
// Chinese reason at its line (line 0: the file as a whole), before the
// work that the excess would cost; one just within them loads.
func TestRulebookLimits(t *testing.T) {
	longExpr := strings.Repeat("基本信息.实有人数 + ", MaxAuditExpr/10) + "0 >= 0"
	for _, tc := range []struct {
		name string
		data string
		line int    // of the error; -1: the file loads
		want string // in the reason
	}{
		{"too large", "id: x\nname: y\n# " + strings.Repeat("注", MaxRulebookSize/3) + "\n", 0, "超过 256 KB"},
		{"audits at the limit", auditsYAML(MaxAudits), -1, ""},
		{"too many audits", auditsYAML(MaxAudits + 1), 3, "超过上限 500 条"},
		{"expression too long", "id: x\nname: y\naudits:\n  - id: B1\n    expr: " + longExpr + "\n    message: m\n", 5, "超过上限 2000 个字符"},
		{"too many keys", "id: x\nname: y\nseverity:\n" + strings.Repeat("  k: 1\n", maxRulebookTokens/3+1), 4 + (maxRulebookTokens-8)/3, "超过 20000 项"}, // 8 tokens before the keys, 3 on each of their lines
		{"nesting too deep", "id: x\nname: y\nlevels: " + strings.Repeat("[", maxRulebookDepth+1) + strings.Repeat("]", maxRulebookDepth+1) + "\n", 3, "嵌套超过 32 层"},
		{"nesting across lines", "id: x\nname: y\nlevels:\n" + strings.Repeat("  {a:\n", maxRulebookDepth+1) + "  1" + strings.Repeat("}", maxRulebookDepth+1) + "\n", 4 + maxRulebookDepth, "嵌套超过 32 层"},
		{"nesting on a line", "id: x\nname: y\nlevels: " + strings.Repeat("a: ", maxRulebookTokens/2) + "b\n", 3, "超过 20000 项"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			rb, err := ParseRulebook("r.yaml", []byte(tc.data))
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("ParseRulebook took %v", d)
			}
			if tc.line < 0 {
				if err != nil {
					t.Fatalf("ParseRulebook: %v", err)
				}
				if len(rb.Audits) != MaxAudits {
					t.Errorf("%d audits loaded, want %d", len(rb.Audits), MaxAudits)
				}
				return
			}
			var re *RulebookError
			if !errors.As(err, &re) || !errors.Is(err, ErrRulebook) {
				t.Fatalf("ParseRulebook error = %v, want a *RulebookError", err)
			}
			if re.Line != tc.line || !strings.Contains(re.Reason, tc.want) || !strings.ContainsFunc(re.Reason, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Errorf("error %v, want line %d with a reason containing %q", re, tc.line, tc.want)
			}
		})
	}
}

// TestLoadRulebookTooLarge: a file over the limit is refused from its size,
// without reading it.
func TestLoadRulebookTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(path, []byte("id: x\nname: y\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, 50<<20); err != nil {
		t.Fatal(err)
	}
	_, err := LoadRulebook(path)
	var re *RulebookError
	if !errors.As(err, &re) || re.Line != 0 || re.File != path || !strings.Contains(re.Reason, "超过 256 KB") {
		t.Fatalf("LoadRulebook(50 MB) error = %v, want the size limit", err)
	}
	if got, want := re.Error(), path+": "+re.Reason; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// TestLoadRulebookFolder: a folder is refused as the system refuses to
// read it, not as a rulebook with mistakes.
func TestLoadRulebookFolder(t *testing.T) {
	_, err := LoadRulebook(t.TempDir())
	if !errors.Is(err, syscall.EISDIR) || errors.Is(err, ErrRulebook) {
		t.Fatalf("LoadRulebook(folder) error = %v, want EISDIR and not ErrRulebook", err)
	}
}
