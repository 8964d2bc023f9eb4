// Package report is the result of checking one workbook: Report, whose
// JSON is the contract of DESIGN §3, and its text for a terminal. A Report
// is complete in its JSON: decoded again, it prints the same text and gives
// the same findings, so a ledger that stores the JSON can show it again.
//
// It imports finding, score (to build a report) and template.
package report
