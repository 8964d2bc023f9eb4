package template

import "testing"

func TestParseRef(t *testing.T) {
	for _, ref := range []Ref{
		{},
		{Sheet: "资金情况"},
		{Sheet: "绩效指标", Row: 2},
		{Sheet: "绩效指标", Row: 12, Col: 5},
		{Sheet: "决算收支", Row: 1048576, Col: 16384},
		{Sheet: "表!一", Row: 3, Col: 2},
	} {
		if got := ParseRef(ref.String()); got != ref {
			t.Errorf("ParseRef(%q) = %+v, want %+v", ref.String(), got, ref)
		}
	}
	for _, s := range []string{"绩效指标!", "绩效指标!E0", "绩效指标!2:3", "绩效指标!ZZZZ1"} {
		if got := ParseRef(s); got != (Ref{Sheet: s}) {
			t.Errorf("ParseRef(%q) = %+v, want the text as a sheet", s, got)
		}
	}
}
