// Package ledger is the record a finance bureau keeps of a round: every
// file received into the inbox (a submission: its bytes' SHA-256, name,
// times, department and year, version, and what duplicates or supersedes
// it) and every check of it (the complete report.Report as JSON, the
// status, scores and finding counts, the perfeval version and the
// rulebook's SHA-256). It is an SQLite database (modernc.org/sqlite, pure
// Go, so the program still cross-compiles to Windows) whose schema is
// versioned and migrated on open.
//
// It imports report and finding: it stores reports, never the insides of
// the checks.
package ledger
