package ledger

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/report"
)

// The columns read into submissionRow and checkRow, in their order.
var (
	submissionNames = []string{"id", "sha256", "original_name", "size", "mtime_ns", "received_at", "archive_path",
		"department_code", "department_name", "year", "version", "duplicate_of", "superseded_by"}
	checkNames = []string{"id", "submission_id", "checked_at", "perfeval_version", "rulebook_id", "rulebook_sha256", "status",
		"total", "reported_total", "declared_total", "grade", "errors", "warnings", "infos", "annotated_path", "result_path", "report"}
)

func columns(alias string, names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = alias + "." + n
	}
	return strings.Join(out, ", ")
}

func submissionColumns(alias string) string { return columns(alias, submissionNames) }
func checkColumns(alias string) string      { return columns(alias, checkNames) }

var selectSubmission = `SELECT ` + strings.Join(submissionNames, ", ") + ` FROM submissions`

// submissionRow is a submissions row as scanned.
type submissionRow struct {
	id                int64
	sha, name         string
	size, mtime       int64
	received, archive string
	code, deptName    string
	year, version     int
	dupOf, superseded sql.NullInt64
}

func (r *submissionRow) dest() []any {
	return []any{&r.id, &r.sha, &r.name, &r.size, &r.mtime, &r.received, &r.archive, &r.code, &r.deptName, &r.year, &r.version, &r.dupOf, &r.superseded}
}

func (r *submissionRow) submission() (Submission, error) {
	received, err := time.Parse(time.RFC3339Nano, r.received)
	if err != nil {
		return Submission{}, fmt.Errorf("submission %d: received_at: %w", r.id, err)
	}
	return Submission{
		ID:           r.id,
		Receipt:      Receipt{Name: r.name, Size: r.size, ModTime: time.Unix(0, r.mtime), SHA256: r.sha},
		ReceivedAt:   received,
		Archive:      r.archive,
		Department:   report.DepartmentID{Name: r.deptName, Code: r.code},
		Year:         r.year,
		Version:      r.version,
		DuplicateOf:  r.dupOf.Int64,
		SupersededBy: r.superseded.Int64,
	}, nil
}

func scanSubmission(row *sql.Row) (Submission, error) {
	var r submissionRow
	if err := row.Scan(r.dest()...); err != nil {
		return Submission{}, err
	}
	return r.submission()
}

// checkRow is a checks row as scanned.
type checkRow struct {
	id, submission                int64
	checked, version, rbID, rbSHA string
	status                        string
	total, reported, declared     sql.NullString
	grade                         string
	errors, warnings, infos       int
	annotated, result, reportJSON string
}

func (r *checkRow) dest() []any {
	return []any{&r.id, &r.submission, &r.checked, &r.version, &r.rbID, &r.rbSHA, &r.status,
		&r.total, &r.reported, &r.declared, &r.grade, &r.errors, &r.warnings, &r.infos, &r.annotated, &r.result, &r.reportJSON}
}

func (r *checkRow) check() (Check, error) {
	checked, err := time.Parse(time.RFC3339Nano, r.checked)
	if err != nil {
		return Check{}, fmt.Errorf("check %d: checked_at: %w", r.id, err)
	}
	var rep report.Report
	if err := json.Unmarshal([]byte(r.reportJSON), &rep); err != nil {
		return Check{}, fmt.Errorf("check %d: report: %w", r.id, err)
	}
	c := Check{
		ID: r.id, SubmissionID: r.submission, CheckedAt: checked, PerfevalVersion: r.version,
		RulebookID: r.rbID, RulebookSHA256: r.rbSHA, Status: report.Status(r.status), Grade: r.grade,
		Errors: r.errors, Warnings: r.warnings, Infos: r.infos, Annotated: r.annotated, Result: r.result, Report: &rep,
	}
	for _, f := range []struct {
		from sql.NullString
		to   *decimal.NullDecimal
	}{{r.total, &c.Total}, {r.reported, &c.ReportedTotal}, {r.declared, &c.DeclaredTotal}} {
		if !f.from.Valid {
			continue
		}
		d, err := decimal.NewFromString(f.from.String)
		if err != nil {
			return Check{}, fmt.Errorf("check %d: %w", r.id, err)
		}
		*f.to = decimal.NullDecimal{Decimal: d, Valid: true}
	}
	return c, nil
}
