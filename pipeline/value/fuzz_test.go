package value

import (
	"errors"
	"testing"
)

// checkParsed asserts the contract shared by Parse and ParseNumber: a value
// is never Invalid, an error is always a *SyntaxError with a Reason, and the
// canonical text of a value parses back to the same value.
func checkParsed(t *testing.T, name, s string, v Value, err error) {
	t.Helper()
	if err != nil {
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("%s(%q) error = %T %v, want *SyntaxError", name, s, err, err)
		}
		if se.Reason == "" {
			t.Fatalf("%s(%q) error %v has an empty Reason", name, s, err)
		}
		return
	}
	if v.Kind == Invalid {
		t.Fatalf("%s(%q) = %s with no error, want a Kind", name, s, dump(v))
	}
	text := v.String()
	back, err := Parse(text)
	if err != nil {
		t.Fatalf("%s(%q) = %s; Parse(%q) error: %v, want the same value", name, s, dump(v), text, err)
	}
	if back.Kind != v.Kind || back.Op != v.Op || !back.Num.Equal(v.Num) || back.Unit != v.Unit ||
		!back.Date.Equal(v.Date) || back.Word != v.Word {
		t.Fatalf("%s(%q) = %s; Parse(%q) = %s, want the same value", name, s, dump(v), text, dump(back))
	}
}

func addSeeds(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.in)
	}
	for _, tt := range parseErrorTests {
		f.Add(tt.in)
	}
	for _, tt := range parseNumberTests {
		f.Add(tt.in)
	}
	for _, tt := range parseNumberErrorTests {
		f.Add(tt.in)
	}
}

func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(s)
		checkParsed(t, "Parse", s, v, err)
	})
}

func FuzzParseNumber(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseNumber(s)
		checkParsed(t, "ParseNumber", s, v, err)
		if err == nil && (v.Op != OpNone || (v.Kind != Number && v.Kind != Percent)) {
			t.Fatalf("ParseNumber(%q) = %s, want a number or percent without operator", s, dump(v))
		}
	})
}
