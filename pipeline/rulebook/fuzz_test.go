package rulebook

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// FuzzParseRulebook: a rulebook file never panics the loader. Every error is
// a *RulebookError on a line of the file with a Chinese reason; a rulebook
// that loads prints back (as `perfeval rules` does) to text that loads to the
// same rulebook.
func FuzzParseRulebook(f *testing.F) {
	f.Add(DefaultRulebookYAML())
	paths, err := filepath.Glob(filepath.Join("testdata", "rulebooks", "*.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rb, err := ParseRulebook("r.yaml", data)
		if err != nil {
			checkRulebookErrors(t, data, err)
			return
		}
		text, err := FormatRulebook(rb)
		if err != nil {
			t.Fatalf("FormatRulebook of a loaded rulebook: %v", err)
		}
		back, err := ParseRulebook("printed.yaml", text)
		if err != nil {
			t.Fatalf("the printed rulebook does not load: %v\n%s", err, text)
		}
		again, err := FormatRulebook(back)
		if err != nil {
			t.Fatalf("FormatRulebook of the reloaded rulebook: %v", err)
		}
		if !bytes.Equal(text, again) {
			t.Fatalf("printing is not stable:\n%s\nreloaded and printed:\n%s", text, again)
		}
	})
}

// checkRulebookErrors asserts that err holds only *RulebookErrors, each on a
// line of data (line 1 for an empty file; line 0, the file as a whole, for
// one over MaxRulebookSize) with a reason in Chinese.
func checkRulebookErrors(t *testing.T, data []byte, err error) {
	t.Helper()
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	lines := max(1, bytes.Count(data, []byte("\n"))+1)
	for _, e := range errs {
		var re *RulebookError
		if !errors.As(e, &re) {
			t.Fatalf("error %T %v, want a *RulebookError", e, e)
		}
		if re.Line < 1 && !(re.Line == 0 && len(data) > MaxRulebookSize) || re.Line > lines {
			t.Fatalf("error %v on line %d, the file has %d lines", re, re.Line, lines)
		}
		if !strings.ContainsFunc(re.Reason, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Fatalf("error %v has no Chinese reason", re)
		}
	}
}
