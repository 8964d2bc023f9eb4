package summary

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/template/xlsx"
)

// Store keeps the details of the reports a summary is built from, their
// indicators short of target and their findings (the rows of 未达标指标 and
// 审核问题), in a temporary file instead of in memory, until the summary is
// written. Ten thousand departments' details are some 100 MB as Go values
// and most of a summary's memory; read through a Store (FromLedger,
// FromResults), a summary holds only its rows' figures, and its memory
// hardly grows with the details. Close removes the file; a Store is safe
// for concurrent use.
type Store struct {
	mu sync.Mutex
	// counting keeps no details, only their counts (CountingStore).
	counting bool
	f        *xlsx.Scratch
	w        *bufio.Writer
	end      int64 // the offset the next details are written at
	err      error // the first write error, reported by every later use
}

// NewStore makes a Store in a temporary file in dir (the system's
// temporary folder when dir is "").
func NewStore(dir string) (*Store, error) {
	f, err := xlsx.NewScratch(dir, "perfeval-summary-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("make the summary's temporary file: %w", err)
	}
	return &Store{f: f, w: bufio.NewWriterSize(f, 256<<10)}, nil
}

// CountingStore is a Store that keeps only how many shortfalls and findings
// each report has, for a summary whose 未达标指标 and 审核问题 are not
// written (the web board's table of departments): EachShortfall and
// EachFinding of such a summary fail, and Save and WriteJSON with them. It
// makes no file; Close does nothing.
func CountingStore() *Store { return &Store{counting: true} }

// ErrNoDetails is matched by the error of reading back the details of a
// summary read through a CountingStore.
var ErrNoDetails = errors.New("the summary kept no details")

// Close closes and removes the Store's file. Entries read through it can
// no longer be summarised.
func (st *Store) Close() error {
	if st == nil {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.counting || errors.Is(st.err, ErrStoreClosed) {
		return nil
	}
	st.err = ErrStoreClosed
	return st.f.Close()
}

// ErrStoreClosed is matched by the error of reading back from a closed
// Store.
var ErrStoreClosed = errors.New("the summary's temporary file is closed already")

// details are what a report contributes to 未达标指标 and 审核问题: its
// indicators short of target (shortfall) and its findings.
type details struct {
	// Shortfalls are the rows of the indicators short of target, without
	// the form's department and project (EachShortfall sets them).
	Shortfalls []Shortfall
	Findings   []report.FindingReport
}

// detailsOf returns rep's details.
func detailsOf(rep *report.Report) details {
	var d details
	for _, in := range rep.Indicators {
		if shortfall(in) {
			d.Shortfalls = append(d.Shortfalls, shortfallOf(in))
		}
	}
	d.Findings = rep.Findings
	return d
}

// counts are how many rows of 未达标指标 and 审核问题 there are: what a
// summary counts without reading its details back.
type counts struct {
	shortfalls int
	findings   int
	severity   [finding.Error + 1]int // findings by severity
	// projects are the findings of project forms.
	projects int
}

// add counts d, a project form's details when project.
func (c *counts) add(d details, project bool) {
	c.shortfalls += len(d.Shortfalls)
	c.findings += len(d.Findings)
	if project {
		c.projects += len(d.Findings)
	}
	for _, f := range d.Findings {
		if f.Severity >= 0 && f.Severity <= finding.Error {
			c.severity[f.Severity]++
		}
	}
}

// storedFinding is a finding as a Store keeps it, its severity as a
// number (a report's JSON refuses to write one it does not know).
type storedFinding struct {
	Code     finding.Code `json:"code"`
	Severity int          `json:"severity"`
	Ref      string       `json:"ref"`
	Message  string       `json:"message"`
	Rounding bool         `json:"rounding"`
	Place    string       `json:"place"`
}

// encodeDetails turns details into a Store's two lists: the shortfalls'
// rows as their JSON, every figure a decimal's exact text (a report's JSON
// writes a completion to two places, which could make a shortfall of
// 99.995% read back as none), the findings as storedFinding.
func encodeDetails(d details) (shortfalls, findings []byte, err error) {
	fs := make([]storedFinding, len(d.Findings))
	for i, f := range d.Findings {
		fs[i] = storedFinding{Code: f.Code, Severity: int(f.Severity), Ref: f.Ref, Message: f.Message, Rounding: f.Rounding, Place: f.Place}
	}
	if shortfalls, err = json.Marshal(d.Shortfalls); err != nil {
		return nil, nil, err
	}
	findings, err = json.Marshal(fs)
	return shortfalls, findings, err
}

func findingsOf(fs []storedFinding) []report.FindingReport {
	out := make([]report.FindingReport, len(fs))
	for i, f := range fs {
		out[i] = report.FindingReport{Code: f.Code, Severity: finding.Severity(f.Severity), Ref: f.Ref, Message: f.Message, Rounding: f.Rounding, Place: f.Place}
	}
	return out
}

// merge adds the counts o.
func (c *counts) merge(o counts) {
	c.shortfalls += o.shortfalls
	c.findings += o.findings
	c.projects += o.projects
	for sev, n := range o.severity {
		c.severity[sev] += n
	}
}

// stored is where an entry's details are in a Store, each list apart so
// that a sheet reads back only its own, and their counts.
type stored struct {
	st         *Store
	shortfalls span
	findings   span
	counts     counts
}

// span is where data is in a Store's file.
type span struct {
	off  int64
	size int
}

// put writes d, a project form's details when project, to the store.
func (st *Store) put(d details, project bool) (*stored, error) {
	ref := &stored{st: st}
	ref.counts.add(d, project)
	if st.counting {
		return ref, nil
	}
	shortfalls, findings, err := encodeDetails(d)
	if err != nil {
		return nil, fmt.Errorf("summary details: %w", err)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if ref.shortfalls, err = st.append(shortfalls); err != nil {
		return nil, err
	}
	if ref.findings, err = st.append(findings); err != nil {
		return nil, err
	}
	return ref, nil
}

// append writes data at the end of the file; st.mu is held.
func (st *Store) append(data []byte) (span, error) {
	if st.err != nil {
		return span{}, st.err
	}
	if _, err := st.w.Write(data); err != nil {
		st.err = fmt.Errorf("write the summary's temporary file: %w", err)
		return span{}, st.err
	}
	sp := span{off: st.end, size: len(data)}
	st.end += int64(len(data))
	return sp, nil
}

// load reads back the details' lists asked for; buf is reused when large
// enough.
func (r *stored) load(buf []byte, shortfalls, findings bool) (details, []byte, error) {
	var d details
	var err error
	if shortfalls {
		if buf, err = r.st.read(r.shortfalls, buf, &d.Shortfalls); err != nil {
			return details{}, buf, err
		}
	}
	if findings {
		var fs []storedFinding
		if buf, err = r.st.read(r.findings, buf, &fs); err != nil {
			return details{}, buf, err
		}
		d.Findings = findingsOf(fs)
	}
	return d, buf, nil
}

// read decodes the JSON at sp into v.
func (st *Store) read(sp span, buf []byte, v any) ([]byte, error) {
	if st.counting {
		return buf, ErrNoDetails
	}
	st.mu.Lock()
	if st.err == nil && st.w.Buffered() > 0 {
		if err := st.w.Flush(); err != nil {
			st.err = fmt.Errorf("write the summary's temporary file: %w", err)
		}
	}
	err := st.err
	st.mu.Unlock()
	if err != nil {
		return buf, err
	}
	if cap(buf) < sp.size {
		buf = make([]byte, sp.size)
	}
	buf = buf[:sp.size]
	if _, err := st.f.ReadAt(buf, sp.off); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return buf, fmt.Errorf("read the summary's temporary file: %w", err)
	}
	if err := json.Unmarshal(buf, v); err != nil {
		return buf, fmt.Errorf("read the summary's temporary file: %w", err)
	}
	return buf, nil
}
