package annotate

import (
	"strings"

	"github.com/xuri/excelize/v2"
)

// The annotated copy derives styles from the workbook's own: GetStyle reads
// a cell's style, NewStyle writes a changed copy. The colours GetStyle
// returns are not always ones NewStyle takes, since NewStyle puts "FF" (the
// alpha) before whatever colour it is given:
//
//   - a font colour is its rgb attribute less a leading "FF", so one with
//     another alpha, such as openpyxl's "00000000" for black, comes back
//     with 8 digits and would be written as rgb="FF00000000";
//   - a border or fill colour is resolved through the theme, and comes back
//     "" for a line without a colour (automatic, as LibreOffice saves the
//     form's borders) and, in a workbook without a theme part (LibreOffice
//     writes none), for every colour, explicit ones included; "" would be
//     written as rgb="FF".
//
// Both are malformed: openpyxl refuses the file, Excel offers to repair it.
// styleDef therefore makes every style it reads fit for NewStyle.

// rgbOf returns a colour as the 6 hex digits NewStyle expects, or "" when it
// is not a colour: 8 digits are ARGB, whose alpha Excel ignores.
func rgbOf(c string) string {
	c = strings.ToUpper(strings.TrimPrefix(strings.TrimSpace(c), "#"))
	if len(c) == 8 {
		c = c[2:]
	}
	if len(c) != 6 || strings.Trim(c, "0123456789ABCDEF") != "" {
		return ""
	}
	return c
}

// automaticColour is what Excel and LibreOffice draw a border line without
// a colour in: the window text colour, black.
const automaticColour = "000000"

// normaliseStyle makes the colours of st, the style GetStyle read for id,
// ones NewStyle writes well-formed, keeping the cell's look: a font's theme
// and indexed colour stay as they are, a border colour excelize could not
// read is read from the style sheet or, for a line without one, is black,
// and a fill with no usable colour is dropped (every copy Annotate makes
// sets its own fill).
func (a *annotation) normaliseStyle(id int, st *excelize.Style) {
	st.Font = fontColoursFixed(st.Font)
	if len(st.Border) > 0 {
		borders := make([]excelize.Border, len(st.Border))
		copy(borders, st.Border)
		for i := range borders {
			b := &borders[i]
			if b.Color = rgbOf(b.Color); b.Color == "" {
				b.Color = a.borderColour(id, b.Type)
			}
		}
		st.Border = borders
	}
	var fill []string
	for _, c := range st.Fill.Color {
		if c = rgbOf(c); c != "" {
			fill = append(fill, c)
		}
	}
	if st.Fill.Type == "pattern" && st.Fill.Pattern != 0 && len(fill) == 0 {
		// excelize reads no fill colour at all from a workbook without a
		// theme part, as LibreOffice writes them, even a plain RGB one.
		if c := a.fillColour(id); c != "" {
			fill = []string{c}
		}
	}
	// NewStyle takes a gradient of two colours and a pattern of one, or of
	// none when it is no fill at all.
	switch {
	case st.Fill.Type == "gradient" && len(fill) == 2,
		st.Fill.Type == "pattern" && len(fill) == 1,
		st.Fill.Type == "pattern" && len(fill) == 0 && st.Fill.Pattern == 0:
		st.Fill.Color = fill
	default:
		st.Fill = excelize.Fill{}
	}
}

// fontColoursFixed returns font, or a copy of it whose colour NewStyle and
// AddComment write well-formed.
func fontColoursFixed(font *excelize.Font) *excelize.Font {
	if font == nil || font.Color == "" || rgbOf(font.Color) == font.Color {
		return font
	}
	c := *font
	c.Color = rgbOf(font.Color)
	return &c
}

// borderColour returns the colour of the line of style id's border on the
// given side, read from excelize's copy of the style sheet the way GetStyle
// reads it when the workbook has a theme; black for a line without one.
// fillColour returns the foreground colour of style id's pattern fill as
// RRGGBB, read from the style sheet itself, or "".
func (a *annotation) fillColour(id int) string {
	ss := a.f.Styles // loaded by the GetStyle that read the style
	if ss == nil || ss.CellXfs == nil || ss.Fills == nil || id < 0 || id >= len(ss.CellXfs.Xf) {
		return ""
	}
	n := ss.CellXfs.Xf[id].FillID
	if n == nil || *n < 0 || *n >= len(ss.Fills.Fill) || ss.Fills.Fill[*n] == nil || ss.Fills.Fill[*n].PatternFill == nil {
		return ""
	}
	c := ss.Fills.Fill[*n].PatternFill.FgColor
	if c == nil || c.Auto {
		return ""
	}
	return rgbOf(a.f.GetBaseColor(c.RGB, c.Indexed, c.Theme))
}

func (a *annotation) borderColour(id int, side string) string {
	ss := a.f.Styles // loaded by the GetStyle that read the style
	if ss == nil || ss.CellXfs == nil || ss.Borders == nil || id < 0 || id >= len(ss.CellXfs.Xf) {
		return automaticColour
	}
	n := ss.CellXfs.Xf[id].BorderID
	if n == nil || *n < 0 || *n >= len(ss.Borders.Border) || ss.Borders.Border[*n] == nil {
		return automaticColour
	}
	b := ss.Borders.Border[*n]
	line := b.Left
	switch side {
	case "right":
		line = b.Right
	case "top":
		line = b.Top
	case "bottom":
		line = b.Bottom
	case "diagonalUp", "diagonalDown":
		line = b.Diagonal
	}
	if line == nil || line.Color == nil || line.Color.Auto || line.Color.Indexed < 0 {
		return automaticColour
	}
	c := line.Color
	rgb := rgbOf(a.f.GetBaseColor(c.RGB, c.Indexed, c.Theme))
	if rgb == "" {
		return automaticColour
	}
	if c.Tint != 0 {
		if t := rgbOf(excelize.ThemeColor(rgb, c.Tint)); t != "" {
			rgb = t
		}
	}
	return rgb
}
