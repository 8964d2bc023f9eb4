package template

import (
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ParseRef reads a reference as Ref.String writes it: 绩效指标!E12, a whole
// row 绩效指标!12:12, a sheet 绩效指标, or "" for no place at all. A
// reference it cannot read is returned as a sheet named s, so that nothing
// said of it is lost.
func ParseRef(s string) Ref {
	i := strings.LastIndexByte(s, '!')
	if i < 0 {
		return Ref{Sheet: s}
	}
	sheet, at := s[:i], s[i+1:]
	if first, last, ok := strings.Cut(at, ":"); ok && first == last {
		if row, err := strconv.Atoi(first); err == nil && row > 0 {
			return Ref{Sheet: sheet, Row: row}
		}
	}
	if col, row, err := excelize.CellNameToCoordinates(at); err == nil {
		return Ref{Sheet: sheet, Row: row, Col: col}
	}
	return Ref{Sheet: s}
}
