package check

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
)

// Check is one named check, in the manner of an analysis.Analyzer. Run reports
// every problem it finds through Pass.Reportf and returns an error only when
// the check itself breaks.
type Check struct {
	Name  string
	Codes []finding.Code // the codes Run may report
	// Forms are the form kinds (template.Layout.Kind) the check applies to.
	Forms []string
	Run   func(*Pass) error
}

// allForms are the form kinds every check so far applies to: a check of a
// part one form lacks (决算收支 on the project form) finds nothing there.
var allForms = []string{template.FormDepartment, template.FormProject}

// appliesTo reports whether the check runs on forms of layout l.
func (c *Check) appliesTo(l *template.Layout) bool {
	return slices.Contains(c.Forms, l.Kind)
}

// Pass is what a check sees: the parsed and scored form and the rulebook.
type Pass struct {
	Form     *score.Form
	Rules    *rulebook.Rulebook
	check    *Check
	findings finding.Findings
}

// Reportf reports a finding with the code's default severity, or the
// rulebook's override of it.
func (p *Pass) Reportf(code finding.Code, ref template.Ref, format string, args ...any) {
	p.report(code, finding.SeverityInvalid, false, ref, format, args...)
}

// ReportSevf reports a finding with a severity the check chose (an audit's
// own severity, a form of the wrong kind). A rulebook override of the code
// still wins.
func (p *Pass) ReportSevf(code finding.Code, sev finding.Severity, ref template.Ref, format string, args ...any) {
	p.report(code, sev, false, ref, format, args...)
}

// ReportRoundingf reports a difference the check found to be rounding-sized:
// always info, whatever the rulebook says of the code. Raising sum_mismatch
// to warning means the real mismatches, not the tail digits.
func (p *Pass) ReportRoundingf(code finding.Code, ref template.Ref, format string, args ...any) {
	p.report(code, finding.Info, true, ref, format, args...)
}

func (p *Pass) report(code finding.Code, sev finding.Severity, rounding bool, ref template.Ref, format string, args ...any) {
	e := code.Entry()
	if e.Severity == finding.SeverityInvalid || !slices.Contains(p.check.Codes, code) {
		// A programming error, caught by the check's own tests.
		panic(fmt.Sprintf("check %s reports code %q, which it does not declare", p.check.Name, code))
	}
	if sev == finding.SeverityInvalid {
		sev = e.Severity
	}
	if !rounding {
		sev = p.Rules.SeverityFor(code, sev)
	}
	p.findings = append(p.findings, finding.Finding{Code: code, Severity: sev, Ref: ref, Message: nestQuotes(fmt.Sprintf(format, args...)), Rounding: rounding})
}

// Run runs every check of the catalogue that applies to the form's kind, in
// order, and returns the findings sorted by location. It stops between
// checks once ctx is done, with ctx's error.
func Run(ctx context.Context, f *score.Form, rb *rulebook.Rulebook) (finding.Findings, error) {
	p := &Pass{Form: f, Rules: rb}
	l := f.Source.Layout
	for _, c := range Checks {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !c.appliesTo(l) {
			continue
		}
		p.check = c
		if err := c.Run(p); err != nil {
			return nil, fmt.Errorf("check %s: %w", c.Name, err)
		}
	}
	p.findings.Sort(l)
	return p.findings, nil
}

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

var (
	one     = decimal.NewFromInt(1)
	hundred = decimal.NewFromInt(100)
)
