package template

import (
	"math"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Geometry of text in cells. Widths are Excel character units and heights
// points, the units excelize takes as float64; no money passes here.

// Row heights. Excel and LibreOffice do not grow a row for wrapped text in a
// merged cell, and Excel does not grow any row when it opens a file, so the
// generator estimates the lines each text needs.

// TextLines estimates how many lines s takes in a column of the given width (in
// Excel character units) at the given font size.
func TextLines(s string, width float64, size float64) int {
	if s == "" {
		return 1
	}
	usable := (width - 1) * FontSize / size
	if usable < 1 {
		usable = 1
	}
	n := 0
	for _, para := range strings.Split(s, "\n") {
		w := 0.0
		for _, r := range para {
			switch {
			case r < 0x80:
				w += 1.1
			case r < 0x2000:
				w += 1.3
			default:
				w += 2.05 // CJK characters and full-width punctuation
			}
		}
		n += max(1, int(math.Ceil(w/usable)))
	}
	return n
}

// RowHeight returns the row height in points for n lines at a font size,
// within Excel's limit.
func RowHeight(size float64, n int) float64 {
	return min(math.Ceil(float64(n)*size*1.45+6), excelize.MaxRowHeight)
}

// SumWidths returns the total width of columns.
func SumWidths(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}
