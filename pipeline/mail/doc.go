// Package mail sends what a finance bureau mails to departments: the
// prefilled templates of distribute, the annotated copies of a run. It
// holds the SMTP settings (host, port, none, STARTTLS or implicit TLS, a
// user and the password), builds each message with go-mail (a Chinese
// subject and body, the attachment's Chinese name encoded so that common
// clients show it), and keeps a send log in an SQLite database
// (modernc.org/sqlite, like the ledger) keyed by what was sent to whom, so
// that a rerun sends nothing twice. Failed sends are retried with a backoff
// bounded in count and time; a dry run writes .eml files instead of
// sending.
//
// It imports template (OpError, safe file names); the callers say what to
// send and to whom.
package mail
