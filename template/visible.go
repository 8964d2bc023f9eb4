package template

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Escaped reports whether Visible replaces r: a control character (a line
// break, a tab, ESC, BEL …), a format character (the bidirectional controls
// such as U+202E, the zero-width spaces and joiners, the byte-order mark, a
// soft hyphen) or a line or paragraph separator. Each of these acts on a
// terminal or a line of text instead of showing, or shows as nothing.
func Escaped(r rune) bool {
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp)
}

// Visible returns s as it may be printed on one line of a text report or a
// terminal: a line break (\n, \r\n, \r and the Unicode separators) becomes
// ⏎, a tab ⇥, and every other character Escaped names becomes its code
// point in brackets, 〔U+202E〕. Text a department typed cannot then start
// a line of its own, move the cursor, ring the bell, or reorder or hide
// what is printed around it. Everything else, Chinese and full-width
// punctuation and spaces included, is kept as it is: s without such a
// character comes back unchanged. The result holds no character Escaped
// names, so Visible of it is itself; invalid UTF-8 comes back as U+FFFD.
func Visible(s string) string {
	if !strings.ContainsFunc(s, Escaped) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i, r := range s {
		switch {
		case r == '\r' && strings.HasPrefix(s[i+1:], "\n"):
			// \r\n is one line break.
		case r == '\n', r == '\r', r == '\u0085', r == '\u2028', r == '\u2029':
			b.WriteRune('⏎')
		case r == '\t':
			b.WriteRune('⇥')
		case Escaped(r):
			fmt.Fprintf(&b, "〔%U〕", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
