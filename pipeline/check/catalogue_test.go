package check

import (
	"slices"
	"testing"
	"unicode"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/template"
)

// designCodes is the code list of DESIGN §3, the contract, followed by the
// codes added since as §3 allows ("new checks add new codes"): audit_failed
// for the rulebook's 审核公式, hidden_row, draft_left, and from issue #11
// invisible_character (a control, bidirectional or zero-width character
// that makes a cell show other than it holds) and macro_present (an .xlsm's
// macros, which the annotated copy leaves out).
var designCodes = []finding.Code{finding.NotXlsx, finding.Encrypted, finding.TooLarge, finding.MissingSheet, finding.MissingColumn, finding.MissingField,
	finding.TemplateVersion, finding.UnparseableValue, finding.UnitMismatch, finding.NegativeAmount, finding.UnknownLevel,
	finding.WeightSumMismatch, finding.ScoreExceedsWeight, finding.SumMismatch, finding.RateMismatch,
	finding.ExecutionExceedsBudget, finding.CrossTableMismatch, finding.CostIndicatorMismatch,
	finding.PrefillChanged, finding.MissingExplanation, finding.SelfScoreMismatch, finding.DeclaredTotalMismatch,
	finding.TargetTooLow, finding.MissingGoalText, finding.AuditFailed, finding.HiddenRow, finding.DraftLeft,
	// Published project forms (issue #14).
	finding.DiscretionaryDeduction, finding.ProvisionalScore, finding.PlaceholderRow, finding.BudgetAdjusted,
	// Silent acceptances a reviewer would not accept (issue #11, item 6).
	finding.DuplicateColumn,     // a header repeated in 资金情况 or 绩效指标: the first was read in silence
	finding.HiddenColumn,        // a column of the form hidden: hidden_row's column, off the printed page
	finding.HiddenSheet,         // a sheet of the form hidden or very hidden
	finding.LookalikeSheet,      // another sheet named like a form's sheet, or with its header: which was read?
	finding.DateFormattedNumber, // a figure in a date-formatted cell: a date on paper, a number in the review
	finding.ExternalFormula,     // DDE, another workbook, WEBSERVICE: the form is not self-contained
	finding.FormulaMismatch,     // a formula's saved result is not what it computes
	finding.FormulaUnverified,   // a formula that could not be recomputed: its saved result is unchecked
	// What a hostile workbook cannot do (issue #11, items 3 and 5).
	finding.InvisibleCharacter, // a control, bidi or zero-width character that makes text look other than it is
	finding.MacroPresent,       // a VBA project or a ribbon that calls one: never run, never copied
}

// unreadableCodes are reported by Process for files it cannot open, not by a
// check.
var unreadableCodes = []finding.Code{finding.NotXlsx, finding.Encrypted, finding.TooLarge}

func TestCatalogue(t *testing.T) {
	seen := map[finding.Code]bool{}
	for _, c := range finding.Catalogue {
		if seen[c.Code] {
			t.Errorf("code %s listed twice", c.Code)
		}
		seen[c.Code] = true
		if !slices.Contains(designCodes, c.Code) {
			t.Errorf("code %s is not in DESIGN §3", c.Code)
		}
		if c.Title == "" {
			t.Errorf("code %s has no Title", c.Code)
		}
		if c.Severity == finding.SeverityInvalid {
			t.Errorf("code %s has no default severity", c.Code)
		}
		if !slices.ContainsFunc([]rune(c.Doc), func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("code %s has no Chinese Doc", c.Code)
		}
	}
	// Every catalogued code is reported by some check or by Process, and
	// every check reports only catalogued codes: no code that cannot occur.
	reported := map[finding.Code]bool{}
	for _, c := range unreadableCodes {
		reported[c] = true
	}
	for _, c := range reservedCodes {
		reported[c] = true
	}
	names := map[string]bool{}
	for _, ch := range Checks {
		if names[ch.Name] {
			t.Errorf("check %s listed twice", ch.Name)
		}
		names[ch.Name] = true
		if ch.Run == nil || len(ch.Codes) == 0 || len(ch.Forms) == 0 {
			t.Errorf("check %s has no Run, no Codes or no Forms", ch.Name)
		}
		for _, kind := range ch.Forms {
			if kind != template.FormDepartment && kind != template.FormProject {
				t.Errorf("check %s applies to form %q, which is no form kind", ch.Name, kind)
			}
		}
		for _, code := range ch.Codes {
			if !seen[code] {
				t.Errorf("check %s reports %s, which is not in the catalogue", ch.Name, code)
			}
			reported[code] = true
		}
	}
	for _, c := range finding.Catalogue {
		if !reported[c.Code] {
			t.Errorf("code %s is catalogued but nothing reports it", c.Code)
		}
	}
	// And the other way round: every code of the contract is catalogued, so
	// a rulebook may name it.
	for _, c := range designCodes {
		if !seen[c] {
			t.Errorf("DESIGN §3 code %s is not catalogued", c)
		}
	}
	for _, c := range reservedCodes {
		for _, ch := range Checks {
			if slices.Contains(ch.Codes, c) {
				t.Errorf("reserved code %s is reported by check %s: take it off reservedCodes", c, ch.Name)
			}
		}
	}
}

func TestReportfRejectsUndeclaredCode(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Reportf with a code the check did not declare did not panic")
		}
	}()
	p := &Pass{Rules: rulebook.DefaultRulebook(), check: &Check{Name: "x", Codes: []finding.Code{finding.SumMismatch}}}
	p.Reportf(finding.RateMismatch, template.Ref{}, "x")
}
