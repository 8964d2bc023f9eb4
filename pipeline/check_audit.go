package pipeline

import (
	"fmt"
	"strings"

	"github.com/expr-lang/expr/vm"
	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/template"
)

// Audits evaluates the rulebook's audit expressions (审核公式) and reports
// each one that does not hold, with the audit's own severity, at the cell of
// the first name in its expression. An audit that names an unusable cell or
// divides by zero is skipped. See audit.go for the names and the arithmetic.
var Audits = &Check{
	Name:  "audit_failed",
	Codes: []string{"audit_failed"},
	Run:   runAudits,
}

// auditShowPlaces is the most decimal places a side of a failed audit is
// shown with: a quotient carries ratioPlaces, which no one wants to read.
const auditShowPlaces = 6

func runAudits(p *Pass) error {
	rb := p.Rules
	if len(rb.Audits) == 0 {
		return nil
	}
	l := p.Sheet.Form.Layout
	set, err := compiledAudits(rb, l)
	if err != nil {
		return err
	}
	env, refs := set.env(p.Sheet)
	var machine vm.VM
	for i, prog := range set.progs {
		a := rb.Audits[i]
		out, err := prog.eval(&machine, env, refs)
		if err != nil {
			return fmt.Errorf("audit %s: %w", a.ID, err)
		}
		if out.skipped || out.holds {
			continue
		}
		ref := out.ref
		if ref.Sheet == "" {
			ref = template.Ref{Sheet: l.Info.Name}
		}
		// The loader accepts only valid words; SeverityInvalid takes the
		// code's default.
		sev, _ := ParseSeverity(a.Severity)
		msg := strings.TrimRight(a.Message, "。；; ")
		if !out.sides {
			p.ReportSevf("audit_failed", sev, ref, "【%s】%s", a.ID, msg)
			continue
		}
		show := func(d decimal.Decimal) string {
			// Six places, or as many as it takes for a difference to
			// show: "相差 0" would contradict the failure.
			for places := int32(auditShowPlaces); places < ratioPlaces; places++ {
				if r := d.Round(places); !r.IsZero() || d.IsZero() {
					return r.String()
				}
			}
			return d.String()
		}
		p.ReportSevf("audit_failed", sev, ref, "【%s】%s：左边 %s，右边 %s，相差 %s",
			a.ID, msg, show(out.left), show(out.right), show(out.left.Sub(out.right).Abs()))
	}
	return nil
}
