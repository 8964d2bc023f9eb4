package check

import (
	"fmt"
	"strings"

	"github.com/expr-lang/expr/vm"
	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
)

// Audits evaluates the rulebook's audit expressions (审核公式) and reports
// each one that does not hold, with the audit's own severity, at the cell of
// the first name in its expression. An audit that names an unusable cell or
// divides by zero is skipped. See package rulebook for the names and the arithmetic.
var Audits = &Check{
	Name:  "audit_failed",
	Codes: []finding.Code{finding.AuditFailed},
	Forms: allForms,
	Run:   runAudits,
}

// auditShowPlaces is the most decimal places a side of a failed audit is
// shown with: a quotient carries rulebook.RatioPlaces, which no one wants to read.
const auditShowPlaces = 6

func runAudits(p *Pass) error {
	rb := p.Rules
	if len(rb.Audits) == 0 {
		return nil
	}
	l := p.Form.Source.Layout
	set, err := rb.CompiledAudits(l)
	if err != nil {
		return err
	}
	env, refs := auditEnv(p.Form, set.Cells)
	var machine vm.VM
	for _, prog := range set.Programs {
		a := prog.Audit
		out, err := prog.Eval(&machine, env)
		if err != nil {
			return fmt.Errorf("audit %s: %w", a.ID, err)
		}
		if out.Skipped || out.Holds {
			continue
		}
		ref := template.Ref{Sheet: l.Info.Name}
		if names := prog.Names(); len(names) > 0 && refs[names[0]].Sheet != "" {
			ref = refs[names[0]]
		}
		// The loader accepts only valid words; SeverityInvalid takes the
		// code's default.
		sev, _ := finding.ParseSeverity(a.Severity)
		msg := strings.TrimRight(a.Message, "。；; ")
		if !out.Sides {
			p.ReportSevf(finding.AuditFailed, sev, ref, "【%s】%s", a.ID, msg)
			continue
		}
		show := func(d decimal.Decimal) string {
			// Six places, or as many as it takes for a difference to
			// show: "相差 0" would contradict the failure.
			for places := int32(auditShowPlaces); places < rulebook.RatioPlaces; places++ {
				if r := d.Round(places); !r.IsZero() || d.IsZero() {
					return r.String()
				}
			}
			return d.String()
		}
		p.ReportSevf(finding.AuditFailed, sev, ref, "【%s】%s：左边 %s，右边 %s，相差 %s",
			a.ID, msg, show(out.Left), show(out.Right), show(out.Left.Sub(out.Right).Abs()))
	}
	return nil
}

// auditEnv returns the usable values of the cells the audits name, by name,
// and the cell that locates every one of them. A cell that is absent, empty
// or unparseable has no value: the audits that name it are skipped.
func auditEnv(f *score.Form, cells []template.CellName) (map[string]any, map[string]template.Ref) {
	values := make(map[string]any, len(cells))
	refs := make(map[string]template.Ref, len(cells))
	for _, c := range cells {
		v, ref, ok := cellValue(f, c)
		refs[c.Name] = ref
		if ok {
			values[c.Name] = v
		}
	}
	return values, refs
}

// cellValue returns the value of a cell name in f and the cell that locates
// it; ok is false when the value is not usable.
func cellValue(f *score.Form, c template.CellName) (v decimal.Decimal, ref template.Ref, ok bool) {
	l := f.Source.Layout
	switch c.Of {
	case template.NameBudget:
		b, found := f.BudgetLine(c.Key)
		n := budgetCell(b, c.Col)
		return n.Value, orSheet(n.Cell.Ref, l.Budget.Name), found && n.OK
	case template.NameBudgetRate:
		b, found := f.BudgetLine(c.Key)
		return b.RatePercent(), orSheet(b.StatedRate.Cell.Ref, l.Budget.Name), found && b.RateOK
	case template.NameField:
		n, found := f.Numbers[c.Key]
		_, sheet, _ := l.Field(c.Key)
		return n.Value, orSheet(n.Cell.Ref, sheet), found && n.OK
	case template.NameBreakdownSum:
		sum, used, ref := decimal.Zero, 0, template.Ref{Sheet: l.Accounts.Name}
		for i, it := range f.Breakdowns[c.Key] {
			if i == 0 {
				ref = orSheet(it.Amount.Cell.Ref, l.Accounts.Name)
			}
			switch {
			case it.Amount.OK:
				sum, used = sum.Add(it.Amount.Value), used+1
			case it.Amount.Err != "" || it.Amount.Unit != "":
				return decimal.Zero, ref, false
			}
		}
		return sum, ref, used > 0
	case template.NameIndicatorTotal:
		ref := template.Ref{Sheet: l.Indicators.Name, Row: f.Source.HeaderRow, Col: f.Source.Columns[template.ColSelfScore]}
		return f.IndicatorTotal, ref, f.AllScored()
	case template.NameBudgetScore:
		ref := template.Ref{Sheet: l.Budget.Name}
		if len(f.Budget) > 0 {
			ref = orSheet(f.Budget[0].SelfScore.Cell.Ref, l.Budget.Name)
		}
		return f.BudgetScore, ref, f.BudgetScoreOK
	case template.NameTotal:
		ref := template.Ref{Sheet: l.Info.Name}
		if cell, found := f.Source.Fields["declared_total"]; found {
			ref = cell.Ref
		}
		return f.Total, ref, f.AllScored() && f.BudgetScoreOK
	}
	return decimal.Zero, template.Ref{}, false
}

// budgetCell returns the parsed cell of a 资金情况 row in the column with
// the given key.
func budgetCell(b score.BudgetLine, col string) score.Number {
	switch col {
	case template.BudgetColPlan:
		return b.Budget
	case template.BudgetColExecution:
		return b.Execution
	case template.BudgetColWeight:
		return b.Weight
	case template.BudgetColRate:
		return b.StatedRate
	case template.BudgetColScore:
		return b.SelfScore
	}
	return score.Number{}
}

// orSheet returns ref, or the sheet when the cell was not found.
func orSheet(ref template.Ref, sheet string) template.Ref {
	if ref.Sheet == "" {
		return template.Ref{Sheet: sheet}
	}
	return ref
}
