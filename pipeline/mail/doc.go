// Package mail sends what a finance bureau mails to departments: the
// prefilled templates of distribute, and the verdicts of a run with their
// annotated copies (the mail back of run --notify and watch --notify). It
// holds the SMTP settings (host, port, none, STARTTLS or implicit TLS, a
// user and the password), builds each message with go-mail (a Chinese
// subject and body, the attachment's Chinese name encoded so that common
// clients show it), and keeps a send log in an SQLite database
// (modernc.org/sqlite, like the ledger) keyed by what was sent to whom, so
// that a rerun sends nothing twice. Failed sends are retried with a backoff
// bounded in count and time; a dry run writes .eml files instead of
// sending.
//
// It imports template (OpError, safe file names), report and finding (a
// verdict in words), ledger (the submissions a run mails back) and roster
// (each department's address).
package mail
