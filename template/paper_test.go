package template

import (
	"slices"
	"strings"
	"testing"
)

// TestLines breaks texts into lines that fit, never before a mark that may
// not start a line nor inside a figure, and keeps the text whole.
func TestLines(t *testing.T) {
	for _, tc := range []struct {
		name  string
		s     string
		width float64
	}{
		{"paragraph", "2.“资金情况”：固定 5 行（“年度资金总额”、“财政拨款”、“其他资金”、“基本支出”、“项目支出”），每行填写全年预算数、全年执行数（万元）和执行率，执行率按全年预算数计算；分值和得分只在“年度资金总额”行填写。", 124},
		{"narrow cell", "行：年度资金总额、财政拨款、其他资金、基本支出、项目支出", 30},
		{"figures", "带比较符和单位，如 >=16.8万件、≤3次、=100%、2022年12月31日前。", 30},
		{"line breaks kept", "第一行\n第二行，较长的一行文字，需要折行才能放下的内容。", 20},
		{"empty", "", 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := Lines(tc.s, tc.width)
			if got := strings.Join(lines, ""); got != strings.ReplaceAll(strings.ReplaceAll(tc.s, "\n", ""), " ", "") && strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(strings.ReplaceAll(tc.s, "\n", ""), " ", "") {
				t.Errorf("lines %q lose text of %q", lines, tc.s)
			}
			for i, l := range lines {
				if TextLines(l, tc.width, FontSize) != 1 {
					t.Errorf("line %d %q does not fit a width of %v", i+1, l, tc.width)
				}
				if r := []rune(l); len(r) > 0 && isNoStart(r[0]) {
					t.Errorf("line %d starts with %q: %q", i+1, r[0], lines)
				}
				if r := []rune(l); len(r) > 0 && isNoEnd(r[len(r)-1]) {
					t.Errorf("line %d ends with %q: %q", i+1, r[len(r)-1], lines)
				}
				if strings.HasSuffix(l, ">") || strings.HasSuffix(l, "16.") {
					t.Errorf("line %d splits a figure: %q", i+1, lines)
				}
			}
			if n := len(lines); n > 1 && textWidth(lines[n-1]) < 2*runeWidth('中') {
				t.Errorf("last line %q is a stray", lines[n-1])
			}
		})
	}
}

// TestPlanBreaks breaks pages where rows no longer fit, before a heading
// that would be parted from its text, and with the repeated header's
// height taken off the pages after a table starts.
func TestPlanBreaks(t *testing.T) {
	rows := func(hs ...float64) []PrintRow {
		out := make([]PrintRow, len(hs))
		for i, h := range hs {
			out[i].Height = h
		}
		return out
	}
	keep := func(rs []PrintRow, i, n int) []PrintRow { rs[i].Keep = n; return rs }
	titles := func(rs []PrintRow, i int, h float64) []PrintRow {
		rs[i].Titles, rs[i].TitleHeight = true, h
		return rs
	}
	for _, tc := range []struct {
		name string
		rows []PrintRow
		room float64
		want []int
	}{
		{"one page", rows(10, 10, 10), 100, nil},
		{"fill", rows(40, 40, 40, 40, 40), 100, []int{2, 4}},
		{"heading kept with its text", keep(rows(40, 40, 10, 40), 2, 1), 100, []int{2}},
		{"chain", keep(keep(rows(30, 30, 10, 10, 40), 2, 1), 3, 1), 100, []int{2}},
		{"chain longer than a page", keep(rows(60, 60, 60), 0, 2), 100, []int{1, 2}},
		{"titles", titles(rows(50, 10, 40, 40, 40, 40), 1, 20), 100, []int{3, 5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := PlanBreaks(tc.rows, tc.room); !slices.Equal(got, tc.want) {
				t.Errorf("breaks = %v, want %v", got, tc.want)
			}
		})
	}
}
