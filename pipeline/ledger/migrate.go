package ledger

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are the schema's versions, in order: migrations[i] takes a
// ledger from user_version i to i+1. They are append-only: a released
// ledger is upgraded by the steps it has not run, never by rewriting one.
var migrations = []string{
	// 1: submissions, each file received, and checks, each time one was
	// checked (the first on arrival, more on rerun).
	`CREATE TABLE submissions (
		id              INTEGER PRIMARY KEY,
		sha256          TEXT    NOT NULL,
		original_name   TEXT    NOT NULL,
		size            INTEGER NOT NULL,
		mtime_ns        INTEGER NOT NULL,
		received_at     TEXT    NOT NULL,
		archive_path    TEXT    NOT NULL,
		department_code TEXT    NOT NULL DEFAULT '',
		department_name TEXT    NOT NULL DEFAULT '',
		department_key  TEXT    NOT NULL DEFAULT '',
		year            INTEGER NOT NULL DEFAULT 0,
		version         INTEGER NOT NULL DEFAULT 0,
		duplicate_of    INTEGER REFERENCES submissions(id),
		superseded_by   INTEGER REFERENCES submissions(id)
	);
	CREATE UNIQUE INDEX submissions_receipt ON submissions(original_name, size, mtime_ns, sha256);
	CREATE INDEX submissions_sha256 ON submissions(sha256);
	CREATE INDEX submissions_department ON submissions(department_key, year);
	CREATE TABLE checks (
		id               INTEGER PRIMARY KEY,
		submission_id    INTEGER NOT NULL REFERENCES submissions(id),
		checked_at       TEXT    NOT NULL,
		perfeval_version TEXT    NOT NULL,
		rulebook_id      TEXT    NOT NULL,
		rulebook_sha256  TEXT    NOT NULL,
		status           TEXT    NOT NULL,
		total            TEXT,
		reported_total   TEXT,
		declared_total   TEXT,
		grade            TEXT    NOT NULL DEFAULT '',
		errors           INTEGER NOT NULL DEFAULT 0,
		warnings         INTEGER NOT NULL DEFAULT 0,
		infos            INTEGER NOT NULL DEFAULT 0,
		annotated_path   TEXT    NOT NULL DEFAULT '',
		result_path      TEXT    NOT NULL,
		report           TEXT    NOT NULL
	);
	CREATE INDEX checks_submission ON checks(submission_id);`,
	// 2: passes, one row per pass over the inbox, for status to say when
	// the inbox was last processed and what is being retried.
	`CREATE TABLE passes (
		id         INTEGER PRIMARY KEY,
		started_at TEXT    NOT NULL,
		ended_at   TEXT    NOT NULL,
		processed  INTEGER NOT NULL,
		duplicates INTEGER NOT NULL,
		waiting    INTEGER NOT NULL,
		failed     INTEGER NOT NULL
	);`,
}

// SchemaVersion is the schema version this program writes.
func SchemaVersion() int { return len(migrations) }

// migrate brings the ledger's schema up to date.
func (l *Ledger) migrate(ctx context.Context) error {
	return Migrate(ctx, l.db, migrations, ErrNewerSchema)
}

// Migrate runs the steps of an SQLite database's schema it has not run
// (PRAGMA user_version counts them), each in its own transaction with the
// version it reaches: the ledger's, and the mail's send log. A database
// written by a newer perfeval, with more steps than steps, is refused with
// newer rather than misread.
func Migrate(ctx context.Context, db *sql.DB, steps []string, newer error) error {
	var have int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&have); err != nil {
		return err
	}
	if have > len(steps) {
		return fmt.Errorf("%w: schema version %d, this perfeval knows up to %d", newer, have, len(steps))
	}
	for v := have; v < len(steps); v++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, steps[v]); err != nil {
			tx.Rollback() //nolint:errcheck // the migration's error is the one to report
			return fmt.Errorf("schema version %d: %w", v+1, err)
		}
		// PRAGMA takes no parameters; v+1 is an int.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, v+1)); err != nil {
			tx.Rollback() //nolint:errcheck // as above
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}
