package template

import "math"

// Printed pages. Every sheet prints on A4 fitted to the page width with the
// margins of printSetup; Excel and LibreOffice measure columns with their
// own fonts, so the same sheet prints at different scales in each. The page
// plans below take the larger scale, Excel's (fewer rows to a page), and
// fill a share of the page, so that neither application breaks a planned
// page early on its own: LibreOffice's pages then end a little above the
// bottom margin.

// A4 in points.
const (
	a4Long  = 841.89
	a4Short = 595.28
)

// pageFill is the share of a page's height a plan fills, leaving room for
// how Excel or LibreOffice round row heights.
const pageFill = 0.95

// ColumnPoints is the width in points of a column of w Excel character
// units as Excel sizes it for the 11-point 宋体 body font at its narrowest
// (7 pixels a character and 5 of padding, 0.75 points a pixel): the
// smallest printed width, so the largest scale, of a column.
func ColumnPoints(w float64) float64 {
	return (w*7 + 5) * 0.75
}

// PageRoom returns the height, in points of the sheet as laid out, that a
// printed page of a sheet whose columns have the given widths holds in the
// body of the page, at the largest scale Excel or LibreOffice fits the
// columns to the page width with, less titles (the points of the rows that
// repeat on every page), and planned to pageFill.
func PageRoom(widths []float64, landscape bool, titles float64) float64 {
	pw := a4Short
	if landscape {
		pw = a4Long
	}
	width := 0.0
	for _, w := range widths {
		width += ColumnPoints(w)
	}
	printW := pw - 2*PrintMarginSide*72
	printH := PrintHeight(landscape)
	scale := 1.0
	if width > printW {
		scale = printW / width
	}
	return printH/scale*pageFill - titles
}

// PrintHeight returns the height in points of the body of a printed A4
// page, between the top and bottom margins.
func PrintHeight(landscape bool) float64 {
	if landscape {
		return a4Short - 2*PrintMarginTopBottom*72
	}
	return a4Long - 2*PrintMarginTopBottom*72
}

// PrintRow is one row of a page plan: its height in points, and how many of
// the rows after it must print on its page (a heading with its first
// paragraph, a table's header with its first rows).
type PrintRow struct {
	Height float64
	Keep   int
	// Titles says the row starts the part of the sheet whose pages repeat
	// a header of TitleHeight points (the print titles of 填报说明's
	// field table), from the page after the one it starts on.
	Titles      bool
	TitleHeight float64
}

// PlanBreaks returns the indexes of the rows that start a printed page,
// the first excepted, for rows laid out one after another on pages of room
// points each. A page breaks before the row that does not fit, or earlier
// so that no row is parted from the rows it keeps with; a chain of kept
// rows longer than a page breaks where it must.
func PlanBreaks(rows []PrintRow, room float64) []int {
	var breaks []int
	start, used, titles := 0, 0.0, 0.0
	pending := 0.0 // title height from the page after the Titles row's
	for i := 0; i < len(rows); i++ {
		if rows[i].Titles {
			pending = rows[i].TitleHeight
		}
		if used+rows[i].Height <= room-titles || i == start {
			used += rows[i].Height
			continue
		}
		// Break before i, or before the first row of the chain that
		// keeps with i.
		b := i
		for j := i - 1; j > start; j-- {
			if j+rows[j].Keep >= b {
				b = j
			}
		}
		if b == start {
			b = i
		}
		breaks = append(breaks, b)
		start, used, titles = b, 0, pending
		i = b - 1
	}
	return breaks
}

// Lines splits s into lines of at most width Excel character units at the
// body font, as TextLines measures, so that Excel and LibreOffice, whose
// fonts set more text to a line, never wrap them again: a line breaks after
// a punctuation mark or between two Chinese characters, never before a mark
// that may not start a line (，。；：、）” and the like) nor after one that
// may not end it (（“), and not inside a run of Latin letters and figures
// (>=16.8、91.38%). Existing line breaks stay.
func Lines(s string, width float64) []string {
	usable := math.Max(1, (width-1)*lineFill)
	var out []string
	for _, para := range splitLines(s) {
		lines := wrap(para, usable)
		// A last line of a character or two reads as a stray: narrower
		// lines, as many, carry more to it.
		for u := usable - 2; len(lines) > 1 && u >= usable*0.8 && textWidth(lines[len(lines)-1]) < 6*runeWidth('中'); u -= 2 {
			if l := wrap(para, u); len(l) == len(lines) {
				lines = l
			} else {
				break
			}
		}
		out = append(out, lines...)
	}
	return out
}

func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w
}

// wrap breaks one paragraph into lines of at most usable width.
func wrap(para string, usable float64) []string {
	var out []string
	{
		rs := []rune(para)
		for len(rs) > 0 {
			w, n := 0.0, 0
			for n < len(rs) && w+runeWidth(rs[n]) <= usable {
				w += runeWidth(rs[n])
				n++
			}
			if n == len(rs) {
				out = append(out, string(rs))
				break
			}
			cut := n
			for cut > 0 && !breakable(rs, cut) {
				cut--
			}
			if cut == 0 {
				cut = max(1, n)
			}
			out = append(out, string(rs[:cut]))
			rs = rs[cut:]
			for len(rs) > 0 && rs[0] == ' ' {
				rs = rs[1:]
			}
		}
		if para == "" {
			out = append(out, "")
		}
	}
	return out
}

// lineFill is the share of a column's width Lines fills: Excel's 宋体 sets
// about 7 percent more Chinese characters to a line than TextLines counts,
// LibreOffice's substitute font more still, so a line Lines makes is never
// wrapped again.
const lineFill = 0.95

func splitLines(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if r == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// runeWidth is TextLines' measure of one character.
func runeWidth(r rune) float64 {
	switch {
	case r < 0x80:
		return 1.1
	case r < 0x2000:
		return 1.3
	default:
		return 2.05
	}
}

// noStart are marks a Chinese line may not start with, noEnd those it may
// not end with.
const (
	noStart = "，。；：、？！）》」』】〕”’%％…—·,.;:?!)]}"
	noEnd   = "（《「『【〔“‘([{"
)

func isNoStart(r rune) bool {
	for _, c := range noStart {
		if c == r {
			return true
		}
	}
	return false
}

func isNoEnd(r rune) bool {
	for _, c := range noEnd {
		if c == r {
			return true
		}
	}
	return false
}

// latin reports a character of a run that stays on one line: letters,
// figures and the signs of a number or comparison.
func latin(r rune) bool {
	return r < 0x80 && r != ' '
}

// breakable reports whether a line may break before rs[i].
func breakable(rs []rune, i int) bool {
	a, b := rs[i-1], rs[i]
	if isNoStart(b) || isNoEnd(a) {
		return false
	}
	if a == ' ' || b == ' ' {
		return true
	}
	return !(latin(a) && latin(b))
}
