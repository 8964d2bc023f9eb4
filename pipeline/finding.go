// Package pipeline is what is done to a form: parse its values, check them,
// score them under a rulebook, report and annotate.
package pipeline

import (
	"cmp"
	"slices"
	"strings"

	"github.com/perfeval/perfeval/template"
)

// Severity is how serious a finding is. The zero value is invalid, so a
// finding built without one fails the catalogue test.
type Severity int

const (
	SeverityInvalid Severity = iota
	Info
	Warning
	Error
)

// String returns "info", "warning" or "error", the words of the JSON report.
func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "invalid"
}

// Label returns the Chinese word for the severity.
func (s Severity) Label() string {
	switch s {
	case Info:
		return "提示"
	case Warning:
		return "警告"
	case Error:
		return "错误"
	}
	return "无效"
}

// ParseSeverity returns the severity named by "info", "warning" or "error".
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "info":
		return Info, true
	case "warning":
		return Warning, true
	case "error":
		return Error, true
	}
	return SeverityInvalid, false
}

// Finding is one problem in a workbook, located at a cell.
type Finding struct {
	Code     string
	Severity Severity
	Ref      template.Ref
	Message  string // Chinese, for the department's accountant
	// Rounding says the difference is rounding: within the rulebook's
	// tolerance, or a rate stated to fewer places that rounds the same
	// (91% for 91.38%). Reported, as info, for the record only.
	Rounding bool
}

// Title is the finding's heading for people: its code's title, and for a
// rounding difference the title that says so (合计尾差, not 合计不符).
func (f Finding) Title() string {
	t := codeByName[f.Code].Title
	if f.Rounding {
		return strings.TrimSuffix(t, "不符") + "尾差"
	}
	return t
}

// Findings is a list of findings.
type Findings []Finding

// Sort orders the findings by sheet order of the layout, row, column and code.
func (fs Findings) Sort(l *template.Layout) {
	order := map[string]int{}
	for i, s := range l.Sheets() {
		order[s] = i + 1
	}
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(order[a.Ref.Sheet], order[b.Ref.Sheet]),
			cmp.Compare(a.Ref.Sheet, b.Ref.Sheet),
			cmp.Compare(a.Ref.Row, b.Ref.Row),
			cmp.Compare(a.Ref.Col, b.Ref.Col),
			cmp.Compare(a.Code, b.Code),
		)
	})
}

// HasErrors reports whether any finding is an error, which returns the form.
func (fs Findings) HasErrors() bool {
	return fs.Count(Error) > 0
}

// Count returns how many findings have the given severity.
func (fs Findings) Count(sev Severity) int {
	n := 0
	for _, f := range fs {
		if f.Severity == sev {
			n++
		}
	}
	return n
}
