package ledger

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"
	_ "modernc.org/sqlite" // the database/sql driver "sqlite", pure Go

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/report"
)

// Ledger is the record of every submission of a root folder and every check
// of it. It is safe for use by several goroutines; writes are serialised,
// reads run beside them.
type Ledger struct {
	db *sql.DB
	// reads answers every query outside a write on connections of its
	// own: in WAL mode a read does not wait for the writer, nor the writer
	// for it, so the workers of a pass asking whether a file is new are not
	// held up by the transaction (and its write to disk) recording the
	// files before, and a summary reading every report does not hold up
	// the pass recording new ones. A read sees what was committed when it
	// began.
	reads *sql.DB
}

// Open opens the ledger at path, creating it when missing, and brings its
// schema up to date (migrations).
func Open(ctx context.Context, path string) (*Ledger, error) {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)"} {
		q.Add("_pragma", p)
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	// One connection: SQLite has one writer anyway, and a transaction's
	// reads then see its own writes without further care.
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	l := &Ledger{db: db}
	if err := l.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate ledger %s: %w", path, err)
	}
	// Opened after the migration, which may create the file.
	q.Add("_pragma", "query_only(1)")
	if l.reads, err = sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode()); err != nil {
		db.Close()
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	// Enough for a pass's workers and a summary or the web page at once;
	// each connection holds a page cache of its own.
	l.reads.SetMaxOpenConns(8)
	return l, nil
}

// Close closes the ledger.
func (l *Ledger) Close() error { return errors.Join(l.reads.Close(), l.db.Close()) }

// Receipt identifies one file as it arrived in the inbox: its name, size,
// modification time and content. The same bytes dropped in again arrive
// with another time and are another receipt.
type Receipt struct {
	Name    string
	Size    int64
	ModTime time.Time
	SHA256  string
}

// Submission is one file the ledger received.
type Submission struct {
	ID         int64
	Receipt    Receipt
	ReceivedAt time.Time
	Archive    string // the original, byte for byte
	Department report.DepartmentID
	Year       int
	// Version counts a department's submissions for a year, from 1; 0 for a
	// duplicate and for a file that names no department.
	Version      int
	DuplicateOf  int64 // the submission with the same bytes, or 0
	SupersededBy int64 // the department's later submission for the year, or 0
}

// Check is one check of a submission: the first when it arrived, more when
// the bureau reran it under a corrected rulebook.
type Check struct {
	ID              int64
	SubmissionID    int64
	CheckedAt       time.Time
	PerfevalVersion string
	RulebookID      string
	RulebookSHA256  string
	Status          report.Status
	Total           decimal.NullDecimal
	ReportedTotal   decimal.NullDecimal
	DeclaredTotal   decimal.NullDecimal
	Grade           string
	Errors          int
	Warnings        int
	Infos           int
	Annotated       string // path of the annotated copy, "" when none
	Result          string // path of the JSON report
	Report          *report.Report
}

// Entry is a submission with its latest check; a duplicate carries the
// check of the submission it duplicates.
type Entry struct {
	Submission
	Check Check
}

// Project names the project of an entry of a project form
// (项目支出绩效自评表), nil for a department's own form. A project's versions
// are counted apart from its department's form and from the department's
// other projects: neither supersedes the other.
func (e Entry) Project() *report.ProjectID {
	if e.Check.Report == nil {
		return nil
	}
	return e.Check.Report.Project
}

// Rulebook identifies the rules a check ran under.
type Rulebook struct {
	ID     string
	SHA256 string
}

// NewCheck is what a check records besides the report: the rules, the
// program and the files it wrote.
type NewCheck struct {
	CheckedAt       time.Time
	PerfevalVersion string
	Rulebook        Rulebook
	Report          *report.Report
	// ReportJSON, when set, is Report as JSON, which the caller wrote
	// already (the result file): recorded as it is, not marshalled again.
	ReportJSON []byte
	Result     string
}

// ErrNewerSchema is matched by the error of opening a ledger that a newer
// perfeval wrote.
var ErrNewerSchema = errors.New("ledger written by a newer perfeval")

// Done returns the submission recorded for r, if a run recorded it: a file
// still in the inbox with a receipt the ledger has is the leftover of a run
// killed between its ledger row and the file's removal.
func (l *Ledger) Done(ctx context.Context, r Receipt) (Submission, bool, error) {
	row := l.reads.QueryRowContext(ctx, selectSubmission+` WHERE original_name = ? AND size = ? AND mtime_ns = ? AND sha256 = ?`,
		r.Name, r.Size, r.ModTime.UnixNano(), r.SHA256)
	s, err := scanSubmission(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Submission{}, false, nil
	}
	return s, err == nil, err
}

// Known returns the first submission of these bytes that is not itself a
// duplicate, if the ledger has one: a file that arrives with them is
// recorded as its duplicate (Record), with its check.
func (l *Ledger) Known(ctx context.Context, sha256 string) (Submission, bool, error) {
	row := l.reads.QueryRowContext(ctx, selectSubmission+` WHERE sha256 = ? AND duplicate_of IS NULL ORDER BY id LIMIT 1`, sha256)
	s, err := scanSubmission(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Submission{}, false, nil
	}
	return s, err == nil, err
}

// Place moves a submission's annotated copy to its place in the outbox once
// the ledger has given the submission its version, and returns the path.
// It runs inside the ledger's transaction: an error rolls the row back.
type Place func(dept report.DepartmentID, year, version int, status report.Status) (string, error)

// Record records a new submission with its first check, in one
// transaction. When a submission with the same bytes exists, the new one is
// recorded as its duplicate, with no check of its own, and place is not
// called. Otherwise the submission takes the department's next version for
// the year and supersedes the department's latest one; place puts the
// annotated copy where it belongs (nil when there is none).
func (l *Ledger) Record(ctx context.Context, r Receipt, receivedAt time.Time, archive string, c NewCheck, place Place) (Entry, error) {
	entries, errs, err := l.RecordAll(ctx, []NewSubmission{{Receipt: r, ReceivedAt: receivedAt, Archive: archive, Check: c, Place: place}}, nil)
	if err != nil {
		return Entry{}, err
	}
	return entries[0], errs[0]
}

// NewSubmission is one submission for RecordAll: what Record takes.
type NewSubmission struct {
	Receipt    Receipt
	ReceivedAt time.Time
	Archive    string
	Check      NewCheck
	Place      Place
}

// RecordAll records several new submissions, one after the other as Record
// would, in one transaction: the disk is written to once for all of them,
// where Record writes once for each. A submission that cannot be recorded
// (its errs entry) is rolled back alone and the others are recorded. before,
// when not nil, runs after the last one, before the commit (to make what
// the Place functions moved durable first); its error, or the commit's,
// records none of them (err).
func (l *Ledger) RecordAll(ctx context.Context, subs []NewSubmission, before func() error) (entries []Entry, errs []error, err error) {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	entries, errs = make([]Entry, len(subs)), make([]error, len(subs))
	for i, s := range subs {
		if len(subs) == 1 {
			entries[i], errs[i] = recordIn(ctx, tx, s)
			continue
		}
		if _, err := tx.ExecContext(ctx, `SAVEPOINT submission`); err != nil {
			return nil, nil, err
		}
		entries[i], errs[i] = recordIn(ctx, tx, s)
		if errs[i] != nil {
			if _, err := tx.ExecContext(ctx, `ROLLBACK TO submission`); err != nil {
				return nil, nil, err
			}
		}
		if _, err := tx.ExecContext(ctx, `RELEASE submission`); err != nil {
			return nil, nil, err
		}
	}
	if len(subs) == 1 && errs[0] != nil {
		return entries, errs, nil // nothing to commit
	}
	if before != nil {
		if err := before(); err != nil {
			return nil, nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, nil, err
	}
	return entries, errs, nil
}

// recordIn is Record's work inside the transaction tx.
func recordIn(ctx context.Context, tx *sql.Tx, s NewSubmission) (Entry, error) {
	r, c := s.Receipt, s.Check
	e := Entry{Submission: Submission{Receipt: r, ReceivedAt: s.ReceivedAt, Archive: s.Archive}}
	var first int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM submissions WHERE sha256 = ? AND duplicate_of IS NULL ORDER BY id LIMIT 1`, r.SHA256).Scan(&first)
	switch {
	case err == nil:
		e.DuplicateOf = first
	case !errors.Is(err, sql.ErrNoRows):
		return Entry{}, err
	}
	key := ""
	if e.DuplicateOf == 0 && c.Report != nil {
		e.Department, e.Year = c.Report.Department, c.Report.Year
		key = submitterKey(c.Report)
		if key != "" {
			var latest sql.NullInt64
			if err := tx.QueryRowContext(ctx, `SELECT MAX(version) FROM submissions WHERE department_key = ? AND year = ? AND duplicate_of IS NULL`, key, e.Year).Scan(&latest); err != nil {
				return Entry{}, err
			}
			e.Version = int(latest.Int64) + 1
		}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO submissions
		(sha256, original_name, size, mtime_ns, received_at, archive_path, department_code, department_name, department_key, year, version, duplicate_of)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.SHA256, r.Name, r.Size, r.ModTime.UnixNano(), timeText(s.ReceivedAt), s.Archive,
		e.Department.Code, e.Department.Name, key, e.Year, e.Version, nullID(e.DuplicateOf))
	if err != nil {
		return Entry{}, err
	}
	if e.ID, err = res.LastInsertId(); err != nil {
		return Entry{}, err
	}
	if e.DuplicateOf != 0 {
		if e.Check, err = latestCheck(ctx, tx, e.DuplicateOf); err != nil {
			return Entry{}, err
		}
		return e, nil
	}
	if e.Version > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE submissions SET superseded_by = ?
			WHERE department_key = ? AND year = ? AND id <> ? AND duplicate_of IS NULL AND superseded_by IS NULL`,
			e.ID, key, e.Year, e.ID); err != nil {
			return Entry{}, err
		}
	}
	if c.Report == nil {
		// Only a duplicate comes without a check of its own.
		return Entry{}, fmt.Errorf("submission %s (%s) is no duplicate and has no report", r.Name, r.SHA256)
	}
	annotated := ""
	if s.Place != nil {
		if annotated, err = s.Place(e.Department, e.Year, e.Version, c.Report.Status); err != nil {
			return Entry{}, err
		}
	}
	if e.Check, err = insertCheck(ctx, tx, e.ID, c, annotated); err != nil {
		return Entry{}, err
	}
	return e, nil
}

// AddCheck records another check of a submission (a rerun under corrected
// rules) beside the earlier ones; the latest check is the submission's
// result from then on.
func (l *Ledger) AddCheck(ctx context.Context, submission int64, c NewCheck, annotated string) (Check, error) {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return Check{}, err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	ch, err := insertCheck(ctx, tx, submission, c, annotated)
	if err != nil {
		return Check{}, err
	}
	return ch, tx.Commit()
}

func insertCheck(ctx context.Context, tx *sql.Tx, submission int64, c NewCheck, annotated string) (Check, error) {
	data := c.ReportJSON
	if data == nil {
		var err error
		if data, err = json.Marshal(c.Report); err != nil {
			return Check{}, fmt.Errorf("marshal report: %w", err)
		}
	}
	ch := Check{
		SubmissionID: submission, CheckedAt: c.CheckedAt, PerfevalVersion: c.PerfevalVersion,
		RulebookID: c.Rulebook.ID, RulebookSHA256: c.Rulebook.SHA256, Status: c.Report.Status,
		Total: c.Report.Total, ReportedTotal: c.Report.ReportedTotal, DeclaredTotal: c.Report.DeclaredTotal, Grade: c.Report.Grade,
		Errors: c.Report.Count(finding.Error), Warnings: c.Report.Count(finding.Warning), Infos: c.Report.Count(finding.Info),
		Annotated: annotated, Result: c.Result, Report: c.Report,
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO checks
		(submission_id, checked_at, perfeval_version, rulebook_id, rulebook_sha256, status, total, reported_total, declared_total, grade,
		 errors, warnings, infos, annotated_path, result_path, report)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		submission, timeText(ch.CheckedAt), ch.PerfevalVersion, ch.RulebookID, ch.RulebookSHA256, string(ch.Status),
		nullText(ch.Total), nullText(ch.ReportedTotal), nullText(ch.DeclaredTotal), ch.Grade,
		ch.Errors, ch.Warnings, ch.Infos, annotated, c.Result, string(data))
	if err != nil {
		return Check{}, err
	}
	ch.ID, err = res.LastInsertId()
	return ch, err
}

// Latest returns every department's latest submission for each year, with
// its latest check, and the submissions that name no department, in the
// order they arrived. Duplicates and superseded submissions are left out.
func (l *Ledger) Latest(ctx context.Context) ([]Entry, error) {
	return l.entries(ctx, latestOnly)
}

// EachLatest calls fn with each entry Latest returns, in its order, one at a
// time: the caller keeps of each what it needs, and the ledger's reports
// are never all in memory at once. An error of fn ends the walk and is
// returned.
func (l *Ledger) EachLatest(ctx context.Context, fn func(Entry) error) error {
	return l.each(ctx, latestOnly, fn)
}

// Entry returns the submission id with its latest check (a duplicate's is
// its original's), and whether the ledger has it.
func (l *Ledger) Entry(ctx context.Context, id int64) (Entry, bool, error) {
	var out Entry
	found := false
	err := l.each(ctx, ` WHERE s.id = ?`, func(e Entry) error {
		out, found = e, true
		return nil
	}, id)
	return out, found, err
}

// Brief is a submission as a list of them needs it: its id and the
// department it names.
type Brief struct {
	ID         int64
	Department report.DepartmentID
}

// Briefs returns every submission briefly, in the order they arrived,
// without reading a report: to find a department's submissions among ten
// thousand (Entry then reads each).
func (l *Ledger) Briefs(ctx context.Context) ([]Brief, error) {
	rows, err := l.reads.QueryContext(ctx, `SELECT id, department_code, department_name FROM submissions ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Brief
	for rows.Next() {
		var b Brief
		if err := rows.Scan(&b.ID, &b.Department.Code, &b.Department.Name); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Files are the files the ledger names for a submission, as they are
// stored (relative to the root): its archived original, and the result
// and annotated copy of its latest check (a duplicate's are its
// original's).
type Files struct {
	Archive, Result, Annotated string
	// Duplicate and Superseded say the submission is a duplicate, or was
	// superseded by a later version.
	Duplicate, Superseded bool
}

// AllFiles returns the files of every submission, in the order they
// arrived, without reading a report: what a check that the folders hold
// them needs.
func (l *Ledger) AllFiles(ctx context.Context) ([]Files, error) {
	rows, err := l.reads.QueryContext(ctx, `SELECT s.archive_path, s.duplicate_of IS NOT NULL, s.superseded_by IS NOT NULL, c.result_path, c.annotated_path`+
		withLatestCheck+` ORDER BY s.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Files
	for rows.Next() {
		var f Files
		if err := rows.Scan(&f.Archive, &f.Duplicate, &f.Superseded, &f.Result, &f.Annotated); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// withLatestCheck joins each submission (s) to its latest check (c): a
// duplicate's is its original's.
const withLatestCheck = ` FROM submissions s
		JOIN checks c ON c.id = (SELECT MAX(id) FROM checks WHERE submission_id = COALESCE(s.duplicate_of, s.id))`

// latestOnly selects the submissions neither duplicate nor superseded.
const latestOnly = ` WHERE s.duplicate_of IS NULL AND s.superseded_by IS NULL`

// All returns every submission, duplicates and superseded ones included,
// with its latest check (a duplicate's is its original's), in the order
// they arrived.
func (l *Ledger) All(ctx context.Context) ([]Entry, error) {
	return l.entries(ctx, ``)
}

// Each calls fn with each entry All returns, in its order, one at a time,
// as EachLatest does.
func (l *Ledger) Each(ctx context.Context, fn func(Entry) error) error {
	return l.each(ctx, ``, fn)
}

func (l *Ledger) entries(ctx context.Context, where string) ([]Entry, error) {
	var out []Entry
	err := l.each(ctx, where, func(e Entry) error {
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// each calls fn with every entry the query selects, in the order of the
// submissions, one at a time. Decoding the reports is most of a walk (two
// seconds of a 10,000-department summary): the rows are read in order
// here, their reports decoded by a few goroutines, and the entries handed
// to fn in order, a bounded number ahead.
func (l *Ledger) each(ctx context.Context, where string, fn func(Entry) error, args ...any) error {
	rows, err := l.reads.QueryContext(ctx, `SELECT `+submissionColumns("s")+`, `+checkColumns("c")+
		withLatestCheck+where+` ORDER BY s.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	type item struct {
		sub  submissionRow
		ch   checkRow
		e    Entry
		err  error
		done chan struct{}
	}
	decode := func(it *item) {
		defer close(it.done)
		if it.e.Submission, it.err = it.sub.submission(); it.err == nil {
			it.e.Check, it.err = it.ch.check()
		}
	}
	n := min(runtime.GOMAXPROCS(0), 4)
	work := make(chan *item, n)      // to the decoders
	inOrder := make(chan *item, 2*n) // to fn, as read
	stop := make(chan struct{})
	var scanErr error
	var decoders, reader sync.WaitGroup
	for range n {
		decoders.Go(func() {
			for it := range work {
				decode(it)
			}
		})
	}
	reader.Go(func() {
		defer close(inOrder)
		defer close(work)
		for rows.Next() {
			it := &item{done: make(chan struct{})}
			if err := rows.Scan(append(it.sub.dest(), it.ch.dest()...)...); err != nil {
				scanErr = err
				return
			}
			select {
			case work <- it:
			case <-stop:
				return
			}
			select {
			case inOrder <- it:
			case <-stop:
				return
			}
		}
		scanErr = rows.Err()
	})
	// An early return stops the reader and the decoders before the rows
	// close.
	defer func() {
		close(stop)
		reader.Wait()
		decoders.Wait()
	}()
	for it := range inOrder {
		<-it.done
		if it.err != nil {
			return it.err
		}
		if err := fn(it.e); err != nil {
			return err
		}
	}
	return scanErr
}

// Counts is how many submissions the ledger holds, by kind.
type Counts struct {
	Submissions int // every file received
	Duplicates  int
	Superseded  int
	// ByStatus counts the latest submissions (neither duplicate nor
	// superseded) by the status of their latest check.
	ByStatus map[report.Status]int
}

// Count returns the ledger's counts.
func (l *Ledger) Count(ctx context.Context) (Counts, error) {
	c := Counts{ByStatus: map[report.Status]int{}}
	err := l.reads.QueryRowContext(ctx, `SELECT COUNT(*),
		COUNT(duplicate_of),
		COUNT(CASE WHEN duplicate_of IS NULL THEN superseded_by END)
		FROM submissions`).Scan(&c.Submissions, &c.Duplicates, &c.Superseded)
	if err != nil {
		return c, err
	}
	// By the status of each latest submission's latest check, as Latest
	// selects them, without reading their reports.
	rows, err := l.reads.QueryContext(ctx, `SELECT c.status, COUNT(*)`+withLatestCheck+latestOnly+` GROUP BY c.status`)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var status string
		var n int
		if err := rows.Scan(&status, &n); err != nil {
			return c, err
		}
		c.ByStatus[report.Status(status)] = n
	}
	return c, rows.Err()
}

// Checks returns every check of a submission, oldest first.
func (l *Ledger) Checks(ctx context.Context, submission int64) ([]Check, error) {
	rows, err := l.reads.QueryContext(ctx, `SELECT `+checkColumns("c")+` FROM checks c WHERE c.submission_id = ? ORDER BY c.id`, submission)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Check
	for rows.Next() {
		var ch checkRow
		if err := rows.Scan(ch.dest()...); err != nil {
			return nil, err
		}
		c, err := ch.check()
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// departmentKey is what makes two submissions the same department's: the
// code, or the name when the form gives no code; "" when it gives neither.
// submitterKey is what versions are counted by: the department, and for a
// project form the project: its code where the form gives one, else its
// department, 实施单位 and name, so that a department's projects, and two
// units' projects of one name, are not versions of one another. A project
// form that names no department still has its versions counted by unit
// and name.
func submitterKey(r *report.Report) string {
	if r.Project == nil {
		return departmentKey(r.Department)
	}
	p := r.Project
	if code := strings.TrimSpace(p.Code); code != "" {
		return "project-code:" + code
	}
	name, unit := strings.TrimSpace(p.Name), strings.TrimSpace(p.Unit)
	if name == "" {
		return "" // nothing says which project: no versions
	}
	return departmentKey(r.Department) + "|unit:" + unit + "|project:" + name
}

func departmentKey(d report.DepartmentID) string {
	switch {
	case d.Code != "":
		return "code:" + d.Code
	case d.Name != "":
		return "name:" + d.Name
	}
	return ""
}

func latestCheck(ctx context.Context, tx *sql.Tx, submission int64) (Check, error) {
	var ch checkRow
	err := tx.QueryRowContext(ctx, `SELECT `+checkColumns("c")+` FROM checks c WHERE c.submission_id = ? ORDER BY c.id DESC LIMIT 1`, submission).Scan(ch.dest()...)
	if err != nil {
		return Check{}, fmt.Errorf("check of submission %d: %w", submission, err)
	}
	return ch.check()
}

// timeText is how the ledger writes a time: RFC 3339 in UTC with
// nanoseconds, which sorts as text.
func timeText(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

func nullText(d decimal.NullDecimal) sql.NullString {
	return sql.NullString{String: d.Decimal.String(), Valid: d.Valid}
}

// Pass is one pass over the inbox: when it ran and what became of the
// files it saw.
type Pass struct {
	StartedAt, EndedAt time.Time
	Processed          int // recorded with a check
	Duplicates         int // recorded as the duplicate of an earlier file
	Waiting            int // still being copied in: left for the next pass
	Failed             int // not processed for a reason on the bureau's side: retried next pass
}

// RecordPass records a pass.
func (l *Ledger) RecordPass(ctx context.Context, p Pass) error {
	_, err := l.db.ExecContext(ctx, `INSERT INTO passes (started_at, ended_at, processed, duplicates, waiting, failed) VALUES (?, ?, ?, ?, ?, ?)`,
		timeText(p.StartedAt), timeText(p.EndedAt), p.Processed, p.Duplicates, p.Waiting, p.Failed)
	return err
}

// LastPass returns the latest pass; ok is false before the first.
func (l *Ledger) LastPass(ctx context.Context) (p Pass, ok bool, err error) {
	var started, ended string
	err = l.reads.QueryRowContext(ctx, `SELECT started_at, ended_at, processed, duplicates, waiting, failed FROM passes ORDER BY id DESC LIMIT 1`).
		Scan(&started, &ended, &p.Processed, &p.Duplicates, &p.Waiting, &p.Failed)
	if errors.Is(err, sql.ErrNoRows) {
		return Pass{}, false, nil
	}
	if err != nil {
		return Pass{}, false, err
	}
	if p.StartedAt, err = time.Parse(time.RFC3339Nano, started); err != nil {
		return Pass{}, false, err
	}
	if p.EndedAt, err = time.Parse(time.RFC3339Nano, ended); err != nil {
		return Pass{}, false, err
	}
	return p, true, nil
}
