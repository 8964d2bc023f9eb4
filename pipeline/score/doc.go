// Package score is the parsed and scored form. Parse turns a
// template.Form's raw cells into numbers, quantities and reasons; Score
// computes every indicator's completion and points, the budget execution
// score, the totals and the grade under a rulebook. The Form it gives is
// what the checks, the drafts, the report and the annotation read; it also
// holds what they share about it (Meaningful, NeedsReason, AsFraction,
// PercentText and the words of a drafted reason).
//
// It imports value, rulebook and template.
package score
