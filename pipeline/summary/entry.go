package summary

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/ledger"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/template"
)

// Entry is one checked submission as the summary reads it: the report and
// what the ledger knows around it.
type Entry struct {
	Report *report.Report
	// Version is the department's version for the year, 0 when unknown
	// (a report read from a results folder).
	Version int
	// ReceivedAt is when the file arrived, zero when unknown.
	ReceivedAt time.Time
	// CheckedAt is when the report was made: the ledger's check time, or a
	// results file's modification time. The latest check of a department
	// wins.
	CheckedAt time.Time
	// Annotated is the annotated copy's path on this system, "" when none.
	Annotated       string
	RulebookID      string
	RulebookSHA256  string
	PerfevalVersion string
	// Origin is the ledger or results folder the entry came from.
	Origin string

	// details are where the report's shortfalls and findings were put
	// (Store), nil when Report holds them.
	details *stored
}

// count is how many findings of a severity the entry's report has.
func (e *Entry) count(sev finding.Severity) int {
	if e.details != nil {
		if sev < 0 || sev > finding.Error {
			return 0
		}
		return e.details.counts.severity[sev]
	}
	return e.Report.Count(sev)
}

// key is what makes two entries the same form's for a year, as the ledger
// counts versions: the department's code, or its name when the form gives
// no code, and for a project form the project too; "" when the form names
// no department.
func (e Entry) key() string {
	k := departmentKey(e.Report.Department.Code, e.Report.Department.Name)
	if k != "" && e.IsProject() {
		k += "|project:" + template.Norm(e.projectName())
	}
	return k
}

// IsProject reports whether the entry is of a project form (项目支出绩效自评表):
// its Department is then the project's 主管部门, and it is not the
// department's own form.
func (e Entry) IsProject() bool {
	return e.Report.Project != nil || e.Report.Form == template.FormProject
}

func (e Entry) projectName() string {
	if e.Report.Project == nil {
		return ""
	}
	return e.Report.Project.Name
}

func departmentKey(code, name string) string {
	switch {
	case template.Norm(code) != "":
		return "code:" + template.Norm(code)
	case template.Norm(name) != "":
		return "name:" + template.Norm(name)
	}
	return ""
}

// FromLedger returns the ledger's latest submission of every department
// and year, and every submission that names no department, each with its
// latest check. abs turns a path the ledger stored (relative to the root)
// into one on this system (inbox.Folders.Abs); origin names the ledger in
// the summary's 说明.
//
// With a Store, the reports' details (their shortfalls and findings) are
// kept in it rather than in memory, for the summary to read back when it is
// written: the entries can be summarised until st is closed.
func FromLedger(ctx context.Context, l *ledger.Ledger, origin string, abs func(string) string, st *Store) ([]Entry, error) {
	var out []Entry
	err := l.EachLatest(ctx, func(e ledger.Entry) error {
		if e.Check.Report == nil {
			return nil
		}
		rep := e.Check.Report
		if rep.File == "" {
			rep.File = e.Receipt.Name
		}
		ent := Entry{
			Report: rep, Version: e.Version, ReceivedAt: e.ReceivedAt, CheckedAt: e.Check.CheckedAt,
			Annotated: abs(e.Check.Annotated), RulebookID: e.Check.RulebookID, RulebookSHA256: e.Check.RulebookSHA256,
			PerfevalVersion: e.Check.PerfevalVersion, Origin: origin,
		}
		if err := ent.slim(st); err != nil {
			return err
		}
		out = append(out, ent)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read ledger %s: %w", origin, err)
	}
	return out, nil
}

// slim keeps of the entry's report what the summary reads of it. With a
// Store, its details (the indicators short of target and the findings)
// go into st, and of its indicators only their scores summed by
// first-level indicator (the subtotal columns) stay; a report that names
// no department or year (an UnknownRow) keeps its findings, and its
// details are never listed. Without a Store, the details stay in the
// report (slim).
func (e *Entry) slim(st *Store) error {
	if st == nil || e.key() == "" || e.Report.Year == 0 {
		e.Report = slim(e.Report)
		return nil
	}
	ref, err := st.put(detailsOf(e.Report), e.IsProject())
	if err != nil {
		return err
	}
	e.details = ref
	e.Report = sumLevels(e.Report, false)
	e.Report.Findings = nil
	return nil
}

// slim keeps of a report what the summary reads of it: of its indicators,
// those short of their weight or target in full (the 未达标指标 sheet) and,
// for the others, only their scores summed by first-level indicator (the
// subtotal columns). Ten thousand reports in full are some 400 MB, as
// slimmed a tenth of it.
func slim(rep *report.Report) *report.Report { return sumLevels(rep, true) }

// sumLevels replaces the report's indicators by their scores summed by
// first-level indicator, keeping those short of target in full when
// shortfalls.
func sumLevels(rep *report.Report, shortfalls bool) *report.Report {
	var kept []report.IndicatorReport
	sums := map[string]int{} // first-level indicator → its index in kept
	for _, in := range rep.Indicators {
		if shortfalls && shortfall(in) {
			kept = append(kept, in)
			continue
		}
		if !in.Score.Valid {
			continue
		}
		i, ok := sums[in.Level1]
		if !ok {
			sums[in.Level1] = len(kept)
			kept = append(kept, report.IndicatorReport{Level1: in.Level1, Score: in.Score})
			continue
		}
		kept[i].Score.Decimal = kept[i].Score.Decimal.Add(in.Score.Decimal)
	}
	rep.Indicators = kept
	return rep
}

// ErrNotReport is matched by the error of FromResults for a file that is
// not a perfeval JSON report.
var ErrNotReport = errors.New("not a perfeval report")

// FromResults reads every JSON report in dir: each *.json file one report
// (a root's results folder, named SHA-256.rules.json), each *.jsonl file one
// report a line (what check --json prints). A root folder is read through
// its results folder. A report's check time is its file's modification time
// (lines of a .jsonl file in their order), so a department's latest check
// wins when folders are merged; copy results folders with their times
// (cp -p, robocopy, rsync -t).
// With a Store, the reports' details are kept in it (FromLedger).
func FromResults(dir string, st *Store) ([]Entry, error) {
	if info, err := os.Stat(filepath.Join(dir, "results")); err == nil && info.IsDir() {
		dir = filepath.Join(dir, "results")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read results folder %s: %w", dir, err)
	}
	var out []Entry
	for _, de := range entries {
		name := de.Name()
		lower := strings.ToLower(name)
		if strings.HasPrefix(name, ".") || !de.Type().IsRegular() || !(strings.HasSuffix(lower, ".json") || strings.HasSuffix(lower, ".jsonl")) {
			continue
		}
		path := filepath.Join(dir, name)
		info, err := de.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read result %s: %w", path, err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read result %s: %w", path, err)
		}
		reps, err := decodeReports(data)
		if err != nil {
			return nil, fmt.Errorf("read result %s: %w", path, err)
		}
		for i, rep := range reps {
			annotated := rep.Annotated
			if annotated != "" && !filepath.IsAbs(annotated) {
				annotated = filepath.Join(dir, annotated)
			}
			e := Entry{Report: rep, CheckedAt: info.ModTime().Add(time.Duration(i)), Annotated: annotated, Origin: dir}
			if rep.Rulebook != nil {
				// Not the run's rules: a project form's own.
				e.RulebookID, e.RulebookSHA256 = rep.Rulebook.ID, rep.Rulebook.SHA256
			}
			if err := e.slim(st); err != nil {
				return nil, fmt.Errorf("read result %s: %w", path, err)
			}
			out = append(out, e)
		}
	}
	return out, nil
}

// decodeReports reads one report, or one a line.
func decodeReports(data []byte) ([]*report.Report, error) {
	var out []*report.Report
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 64<<20)
	line := 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		var rep report.Report
		if err := json.Unmarshal(text, &rep); err != nil {
			if line == 1 {
				// One report written over several lines.
				if err2 := json.Unmarshal(data, &rep); err2 == nil && validReport(&rep) {
					return []*report.Report{&rep}, nil
				}
			}
			return nil, fmt.Errorf("line %d: %w: %v", line, ErrNotReport, err)
		}
		if !validReport(&rep) {
			return nil, fmt.Errorf("line %d: %w", line, ErrNotReport)
		}
		out = append(out, &rep)
	}
	return out, sc.Err()
}

// validReport reports whether r reads as a report perfeval wrote: a
// status it knows, and a severity it knows for every finding (a finding
// without one, from a file made by hand, could be neither listed nor
// written back as JSON).
func validReport(r *report.Report) bool {
	switch r.Status {
	case report.Accepted, report.Returned, report.Unreadable:
	default:
		return false
	}
	for _, f := range r.Findings {
		if f.Severity < finding.Info || f.Severity > finding.Error {
			return false
		}
	}
	return true
}

// Latest keeps the latest check of each department's form and of each of
// its projects' forms for each year, the one checked last (of two checked
// at the same moment, the later in entries), and every entry that names no
// department; in the order of entries. A project form never stands for its
// department's own form.
func Latest(entries []Entry) []Entry {
	best := map[string]int{}
	for i, e := range entries {
		k := e.key()
		if k == "" {
			continue
		}
		k = fmt.Sprint(e.Report.Year, "/", k)
		if j, ok := best[k]; !ok || !e.CheckedAt.Before(entries[j].CheckedAt) {
			best[k] = i
		}
	}
	keep := make([]bool, len(entries))
	for _, i := range best {
		keep[i] = true
	}
	var out []Entry
	seen := map[string]bool{}
	for i, e := range entries {
		if e.key() == "" {
			// The same unattributed file from two folders is one.
			id := e.Report.SHA256 + "/" + e.Report.File
			if seen[id] && e.Report.SHA256 != "" {
				continue
			}
			seen[id] = true
			out = append(out, e)
			continue
		}
		if keep[i] {
			out = append(out, e)
		}
	}
	return out
}

// Years returns the years entries are for, latest first, without 0.
func Years(entries []Entry) []int {
	set := map[int]bool{}
	for _, e := range entries {
		if e.Report.Year > 0 {
			set[e.Report.Year] = true
		}
	}
	var out []int
	for y := range set {
		out = append(out, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(out)))
	return out
}
