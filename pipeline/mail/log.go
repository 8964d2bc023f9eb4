package mail

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite", pure Go

	"github.com/perfeval/perfeval/pipeline/ledger"
	"github.com/perfeval/perfeval/template"
)

// LogName is the send log's file name in the folder it records.
const LogName = "perfeval-mail.db"

// Log is the send log: what was sent to whom, and when. A message is in
// it only after the server accepted it.
type Log struct {
	db *sql.DB
}

// logMigrations are the send log's schema versions, append-only as the
// ledger's are.
var logMigrations = []string{
	`CREATE TABLE sent (
		key        TEXT NOT NULL,
		recipient  TEXT NOT NULL,
		sent_at    TEXT NOT NULL,
		subject    TEXT NOT NULL,
		attachment TEXT NOT NULL,
		PRIMARY KEY (key, recipient)
	);`,
	// 2: what was not mailed, and why, so that it is logged once.
	`CREATE TABLE unmailed (
		key       TEXT PRIMARY KEY,
		noted_at  TEXT NOT NULL,
		reason    TEXT NOT NULL
	);`,
}

// ErrNewerLog is returned by OpenLog for a log written by a newer perfeval.
var ErrNewerLog = errors.New("send log written by a newer perfeval")

// OpenLog opens the send log at path, creating it when missing, and brings
// its schema up to date.
func OpenLog(ctx context.Context, path string) (*Log, error) {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(FULL)"} {
		q.Add("_pragma", p)
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return nil, &template.OpError{Op: OpOpenLog, Path: path, Err: err}
	}
	db.SetMaxOpenConns(1)
	if err := migrateLog(ctx, db); err != nil {
		db.Close()
		return nil, &template.OpError{Op: OpOpenLog, Path: path, Err: err}
	}
	return &Log{db: db}, nil
}

func migrateLog(ctx context.Context, db *sql.DB) error {
	return ledger.Migrate(ctx, db, logMigrations, ErrNewerLog)
}

// Close closes the log.
func (l *Log) Close() error { return l.db.Close() }

// Sent reports whether key was sent to recipient.
func (l *Log) Sent(ctx context.Context, key, recipient string) (bool, error) {
	var n int
	err := l.db.QueryRowContext(ctx, `SELECT count(*) FROM sent WHERE key = ? AND recipient = ?`, key, recipient).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read send log: %w", err)
	}
	return n > 0, nil
}

// record notes that m was sent at t; a resend replaces the earlier row.
func (l *Log) record(ctx context.Context, m Message, t time.Time) error {
	_, err := l.db.ExecContext(ctx, `INSERT OR REPLACE INTO sent (key, recipient, sent_at, subject, attachment) VALUES (?, ?, ?, ?, ?)`,
		m.Key, m.To, t.UTC().Format(time.RFC3339Nano), m.Subject, m.AttachmentName)
	if err != nil {
		return fmt.Errorf("write send log: %w", err)
	}
	return nil
}

// NoteUnmailed records that key has no mail and why; first reports whether
// this is the first note of key.
func (l *Log) NoteUnmailed(ctx context.Context, key, reason string, t time.Time) (first bool, err error) {
	res, err := l.db.ExecContext(ctx, `INSERT OR IGNORE INTO unmailed (key, noted_at, reason) VALUES (?, ?, ?)`,
		key, t.UTC().Format(time.RFC3339Nano), reason)
	if err != nil {
		return false, fmt.Errorf("write send log: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
