package pipeline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/perfeval/perfeval/template"
)

// Code is one finding code with its default severity and a one-line Chinese
// explanation.
type Code struct {
	Name     string
	Title    string // a few Chinese words, shown beside the message
	Severity Severity
	Doc      string
}

// Check is one named check, in the manner of an analysis.Analyzer. Run reports
// every problem it finds through Pass.Reportf and returns an error only when
// the check itself breaks.
type Check struct {
	Name  string
	Codes []string // the codes Run may report
	Run   func(*Pass) error
}

// Pass is what a check sees: the parsed and scored sheet and the rulebook.
type Pass struct {
	Sheet    *Sheet
	Rules    *Rulebook
	check    *Check
	findings Findings
}

// Reportf reports a finding with the code's default severity, or the
// rulebook's override of it.
func (p *Pass) Reportf(code string, ref template.Ref, format string, args ...any) {
	p.report(code, SeverityInvalid, false, ref, format, args...)
}

// ReportSevf reports a finding with a severity the check chose (an audit's
// own severity, a form of the wrong kind). A rulebook override of the code
// still wins.
func (p *Pass) ReportSevf(code string, sev Severity, ref template.Ref, format string, args ...any) {
	p.report(code, sev, false, ref, format, args...)
}

// ReportRoundingf reports a difference the check found to be rounding-sized:
// always info, whatever the rulebook says of the code. Raising sum_mismatch
// to warning means the real mismatches, not the tail digits.
func (p *Pass) ReportRoundingf(code string, ref template.Ref, format string, args ...any) {
	p.report(code, Info, true, ref, format, args...)
}

func (p *Pass) report(code string, sev Severity, rounding bool, ref template.Ref, format string, args ...any) {
	c, ok := codeByName[code]
	if !ok || !slices.Contains(p.check.Codes, code) {
		// A programming error, caught by the check's own tests.
		panic(fmt.Sprintf("check %s reports code %q, which it does not declare", p.check.Name, code))
	}
	if sev == SeverityInvalid {
		sev = c.Severity
	}
	if !rounding {
		sev = p.Rules.SeverityFor(code, sev)
	}
	p.findings = append(p.findings, Finding{Code: code, Severity: sev, Ref: ref, Message: nestQuotes(fmt.Sprintf(format, args...)), Rounding: rounding})
}

// RunChecks runs every check of the catalogue over a sheet, in order, and
// returns the findings sorted by location.
func RunChecks(s *Sheet, rb *Rulebook) (Findings, error) {
	p := &Pass{Sheet: s, Rules: rb}
	for _, c := range Checks {
		p.check = c
		if err := c.Run(p); err != nil {
			return nil, fmt.Errorf("check %s: %w", c.Name, err)
		}
	}
	p.findings.Sort(s.Form.Layout)
	return p.findings, nil
}

var codeByName = func() map[string]Code {
	m := make(map[string]Code, len(Codes))
	for _, c := range Codes {
		m[c.Name] = c
	}
	return m
}()

// nestQuotes turns quotation marks inside quotation marks into single ones,
// as Chinese typesetting nests them: a message that quotes the indicator
// 建设“四级一体化政务服务平台” reads 指标“建设‘四级一体化政务服务平台’”,
// not 指标“建设“四级一体化政务服务平台””.
func nestQuotes(s string) string {
	if strings.Count(s, "“") < 2 {
		return s
	}
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '“':
			depth++
			if depth%2 == 0 {
				r = '‘'
			}
		case r == '”' && depth > 0:
			if depth%2 == 0 {
				r = '’'
			}
			depth--
		}
		b.WriteRune(r)
	}
	return b.String()
}
