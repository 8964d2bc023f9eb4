package value

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Normalize returns s in the canonical form that Parse and label matching
// work on:
//   - full-width letters, digits and punctuation become half-width
//     (１２，３４５．６％ is 12,345.6%, （ is (, ＞＝ is >=);
//   - every run of white space (including U+3000 and NBSP) becomes one space,
//     and leading and trailing space is removed; zero-width spaces and byte
//     order marks are dropped;
//   - operator variants become ASCII: ≥ ≧ ⩾ are ">=", ≤ ≦ ⩽ are "<=",
//     ═ ﹦ and a run of "=" are "=", ﹥ ﹤ are ">" "<", and the minus signs
//     − ﹣ are "-".
//
// Normalize is idempotent.
func Normalize(s string) string {
	s = width.Fold.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is pending, written only before the next rune
	var last rune
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		var rep string
		switch r {
		case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
			// Invisible characters that WPS and web copy-paste leave behind.
			continue
		case '≥', '≧', '⩾':
			rep = ">="
		case '≤', '≦', '⩽':
			rep = "<="
		case '═', '﹦':
			rep = "="
		case '﹥':
			rep = ">"
		case '﹤':
			rep = "<"
		case '−', '﹣':
			rep = "-"
		}
		if rep == "" {
			rep = string(r)
		}
		if rep == "=" && last == '=' && !space {
			// "==", "≥=" and "＝＝" all mean a single "=".
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteString(rep)
		last, _ = utf8.DecodeLastRuneInString(rep)
	}
	return b.String()
}
