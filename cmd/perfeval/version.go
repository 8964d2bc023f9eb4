package main

import (
	"fmt"
	"runtime/debug"
	"strings"
	"unicode"
)

// version is perfeval's version from the build info: the module version a
// release was built at, or the revision of a build from a checkout
// ("(devel) 3f2a1b9c0d1e, modified"). The ledger records it with every
// check.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value[:min(12, len(s.Value))]
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", modified"
			}
		}
	}
	if rev != "" && !strings.Contains(v, rev) {
		v += " " + rev + modified
	}
	return v
}

// versionRequested reports whether the global options ask for the version
// (--version or -v before the command).
func versionRequested(args []string) bool {
	for _, a := range args[1:] {
		switch {
		case a == "--version" || a == "-v":
			return true
		case !isOption(a):
			return false
		}
	}
	return false
}

// escapeText makes text a department or a file name holds safe to print on
// a terminal: control and format characters (line breaks, ANSI escapes,
// right-to-left and zero-width marks) are shown as \u escapes instead of
// acting.
func escapeText(s string) string {
	if !strings.ContainsFunc(s, invisible) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if invisible(r) {
			fmt.Fprintf(&b, `\u%04X`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func invisible(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }
