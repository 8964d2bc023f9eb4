package template

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SafeFileName returns s as part of a file name on any system: no
// separators, no characters Windows forbids, no control, format or bidi
// characters, no leading or trailing dots and spaces, at most max runes,
// and not one of Windows' reserved device names. It returns "" when
// nothing of s is left; the caller names the file otherwise.
func SafeFileName(s string, max int) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == max {
			break
		}
		switch {
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			continue
		case strings.ContainsRune(`<>:"/\|?*`, r):
			r = '_'
		case unicode.IsSpace(r):
			r = ' '
		}
		b.WriteRune(r)
		n++
	}
	out := strings.Trim(b.String(), " .")
	stem, _, _ := strings.Cut(strings.ToUpper(out), ".")
	switch stem {
	case "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		out = "_" + out
	}
	return out
}
