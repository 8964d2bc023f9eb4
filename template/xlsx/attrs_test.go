package xlsx

import "testing"

// TestAttr: a value is read from its attribute, never from inside another
// attribute's value; the last of two, as encoding/xml reads them; nothing
// from a tag that is not attributes.
func TestAttr(t *testing.T) {
	for _, tt := range []struct {
		tag, key string
		want     string
		found    bool
	}{
		{`sheet name="基本信息" sheetId="2" r:id="rId4"`, "r:id", "rId4", true},
		{`sheet name='x r:id="rId9"' sheetId="3" r:id="rId5"/`, "r:id", "rId5", true},
		{`sheet name='x r:id="rId9"' sheetId="3"/`, "r:id", "", false},
		{`c r="A1" t="s" t="n"`, "t", "n", true},
		{`c r="A1"s="3"`, "s", "3", true}, // no space: encoding/xml reads it too
		{`c t="n"s="3"`, "s", "3", true},
		{`c s="3"t="n" s='4'`, "s", "4", true},
		{`row r="7" spans="1:3" x14ac:dyDescent="0.25"`, "r", "7", true},
		{`c r = "A1"`, "r", "", false}, // a space after "=": not read here
		{`c`, "r", "", false},
		{`c r="A1`, "r", "", false},
		{`c r=A1`, "r", "", false},
	} {
		got := attr([]byte(tt.tag), tt.key)
		if string(got) != tt.want || (got != nil) != tt.found {
			t.Errorf("attr(%q, %q) = %q, want %q (found %v)", tt.tag, tt.key, got, tt.want, tt.found)
		}
	}
}

// TestAttrsOK: the scan vouches only for attributes as spreadsheet
// programs write them.
func TestAttrsOK(t *testing.T) {
	for b, want := range map[string]bool{
		``:                           true,
		`/`:                          true,
		` r="A1" s='3'`:              true,
		` r="A1" s="3"/`:             true,
		` r="A1"s="3"`:               false, // no white space between
		`r="A1"`:                     false, // none after the name
		` r ="A1"`:                   false,
		` r="<"`:                     false,
		` r="&amp;"`:                 true,
		` r="&bad;"`:                 false,
		` r="A1`:                     false,
		` v="a&#10;b" t="inlineStr"`: true,
	} {
		if got := attrsOK([]byte(b)); got != want {
			t.Errorf("attrsOK(%q) = %v, want %v", b, got, want)
		}
	}
}
