package value

import (
	"errors"
	"testing"
	"time"
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

// FuzzParseDate: a date cell never panics; an error is a *SyntaxError with a
// Reason; a date is midnight UTC in Excel's range and its Chinese text reads
// back as the same day.
func FuzzParseDate(f *testing.F) {
	addSeeds(f)
	for _, tt := range dateEndTests {
		f.Add(tt.in)
	}
	for _, s := range []string{"44926", "44926.75", "60", "2958465", "2022/12/31", "2022.1.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, serial := range []bool{false, true} {
			d, err := ParseDate(s, serial)
			if err != nil {
				var se *SyntaxError
				if !errors.As(err, &se) || se.Reason == "" {
					t.Fatalf("ParseDate(%q, %v) error = %T %v, want a *SyntaxError with a Reason", s, serial, err, err)
				}
				continue
			}
			if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
				t.Fatalf("ParseDate(%q, %v) = %v, want midnight UTC", s, serial, d)
			}
			if d.Year() < minYear || d.Year() > 9999 {
				t.Fatalf("ParseDate(%q, %v) = %v, out of range", s, serial, d)
			}
			text := d.Format("2006年1月2日")
			back, err := ParseDate(text, false)
			if err != nil || !back.Equal(d) {
				t.Fatalf("ParseDate(%q, %v) = %v; ParseDate(%q) = %v, %v, want the same day", s, serial, d, text, back, err)
			}
		}
	})
}
