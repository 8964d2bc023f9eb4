// Package check holds the checks, each a small named unit in the manner of
// an analysis.Analyzer: a Check declares the finding codes it reports and
// the form kinds it applies to, and reports through its Pass. Checks lists
// them in their order; Run runs them over a scored form. One check per
// file, named after its code; the audit expressions of the rulebook are
// evaluated here too (audits.go).
//
// It imports finding, rulebook, score, value and template: never report
// or annotate, which come after it.
package check
