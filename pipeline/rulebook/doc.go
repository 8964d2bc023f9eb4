// Package rulebook is the rules a finance bureau scores and checks by, one
// file per locality and year: the YAML shape of DESIGN §3, its loading with
// a Chinese error at the line of every mistake, its printing back
// (FormatRulebook), the embedded default (the seed's rules), and the audit
// expressions (审核公式), compiled by expr-lang/expr to evaluate in decimal
// against the cell names of the rulebook's form (template.Layout.CellNames).
// A loaded Rulebook keeps its compiled audits (CompiledAudits); there is no
// process-wide cache.
//
// It imports finding and template.
package rulebook
