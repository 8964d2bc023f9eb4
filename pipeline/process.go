package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline/annotate"
	"github.com/perfeval/perfeval/pipeline/check"
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

// DefaultTimeout bounds the work on one workbook when Options.Timeout is 0.
const DefaultTimeout = 30 * time.Second

// Options says what Process does besides checking.
type Options struct {
	// Layout is the form kind; nil means the rulebook's (Rulebook.Layout).
	Layout *template.Layout
	// FormRules are rulebooks for other form kinds, by kind: a workbook
	// whose template metadata names one of them (a project form, when the
	// rulebook is the department's) is read with that form's layout and
	// scored by that rulebook. Without one, such a workbook is read as the
	// rulebook's form and told it is the wrong form. Set it when the user
	// named no rulebook: rulebook.DefaultFor gives each form's.
	FormRules map[string]*rulebook.Rulebook
	// AnnotateDir, when set, receives the annotated copy of the workbook.
	AnnotateDir string
	// AnnotatedPath, when set, is where the annotated copy goes instead of
	// AnnotatedPath(AnnotateDir, path); see PlanBatch.
	AnnotatedPath string
	// SkipMarked, when set, leaves a workbook perfeval annotated
	// (template.Form.ReviewMarks) unchecked: Process returns ErrMarked. A
	// folder that holds both the forms and their annotated copies is then
	// checked once, not its copies again on every run.
	SkipMarked bool
	// Timeout is a safety limit on the time opening, reading, parsing,
	// scoring and checking one workbook may take; 0 means DefaultTimeout.
	// What a workbook may make perfeval do is bounded by the work itself
	// (file, part and sheet sizes, cells, rulebook limits): a file that
	// exceeds those is unreadable (too_large). Time also depends on the
	// machine (a loaded or paused one takes longer for a sound file), so
	// running out of it is ErrTimeout, a condition of the machine that a
	// batch retries, never a finding against the file.
	Timeout time.Duration
	// Batch, when set, takes the annotated copy to make durable with the
	// caller's other files (annotate.Options.Batch).
	Batch *xlsx.Batch
	// Data and SHA256, when Data is set, are the file at path as the
	// caller read it (ReadFile), which is not read again.
	Data   []byte
	SHA256 string
	// Themes, when set, shares the workbooks' parsed themes across the
	// calls of one run (xlsx.Themes): most share one theme.
	Themes *xlsx.Themes
}

// ErrInternal is matched (errors.Is) by the error of a panic that Process or
// the annotation recovered from: a bug in perfeval or excelize on a workbook
// nobody foresaw. The error carries the panic and its stack.
var ErrInternal = errors.New("internal error")

// ErrTimeout is matched by the error of a workbook whose processing took
// longer than Options.Timeout: the machine's condition, not the file's.
var ErrTimeout = errors.New("processing took longer than the time limit")

// ErrMarked is matched by the error of a workbook that carries perfeval's
// review marks when Options.SkipMarked is set.
var ErrMarked = errors.New("the workbook is an annotated copy perfeval wrote")

// ErrAnnotatedIsInput is matched by the error of an annotated copy whose
// path is the input workbook itself: the input is never overwritten.
var ErrAnnotatedIsInput = errors.New("the annotated copy would replace the input")

// Process reads, parses, scores and checks one workbook and, when asked,
// writes its annotated copy. The form is read with the rulebook's layout
// (its form: key) unless Options.Layout says otherwise. A workbook that
// cannot be read is a Report with status unreadable, not an error; the
// error return is for problems of the machine (the file cannot be read, the
// annotated copy cannot be written, the time limit ran out: ErrTimeout) and
// for a cancelled ctx. A path that names no file,
// or a folder, is unreadable too. When only the annotated copy fails,
// Process returns the report, without Annotated, together with the error.
//
// Process starts no goroutine: the work on the file stops at the next
// stage (after opening, after reading, between checks, before annotating)
// once the time is up or ctx is done. A stage is not interrupted, so the
// time limit may be overrun by one stage, which the size limits keep short.
func Process(ctx context.Context, path string, rb *rulebook.Rulebook, opts Options) (*report.Report, error) {
	rep, _, err := process(ctx, path, rb, opts, false)
	return rep, err
}

// ProcessContents is Process that also returns what a written report of
// the workbook needs beyond its Report (report.Contents: the texts and
// figures of its field sheets and breakdowns, each with its cell), for the
// self-evaluation report. The contents are nil whenever the report is
// unreadable or the error is not nil.
func ProcessContents(ctx context.Context, path string, rb *rulebook.Rulebook, opts Options) (*report.Report, *report.Contents, error) {
	return process(ctx, path, rb, opts, true)
}

func process(ctx context.Context, path string, rb *rulebook.Rulebook, opts Options, contents bool) (*report.Report, *report.Contents, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	layout := opts.Layout
	if layout == nil {
		layout = rb.Layout()
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// A name given that is no file still gets its report: one per
		// input, the run goes on.
		return report.UnreadableReport(path, "", finding.NotXlsx, "", "找不到这个文件，请检查文件名和路径"), nil, nil
	case err != nil:
		return nil, nil, err
	case info.IsDir():
		return report.UnreadableReport(path, "", finding.NotXlsx, "", "这是一个文件夹，不是工作簿；请指定其中的 .xlsx 文件"), nil, nil
	}
	if !info.Mode().IsRegular() {
		// A device, pipe or socket: reading it could block or never end.
		return report.UnreadableReport(path, "", finding.NotXlsx, "", "这不是普通文件（而是设备、管道等），不是工作簿；请指定 .xlsx 文件"), nil, nil
	}
	data, sum := opts.Data, opts.SHA256
	if data == nil {
		if data, sum, err = ReadFile(ctx, path); err != nil {
			return nil, nil, err
		}
	}
	if data == nil {
		return report.UnreadableReport(path, sum, finding.TooLarge, "", fmt.Sprintf("文件超过 %d MB，无法审核；请删除多余内容后重新报送", xlsx.MaxFileSize>>20)), nil, nil
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	work, cancel := context.WithTimeoutCause(ctx, timeout, errTimeout)
	defer cancel()
	res, err := checkBytes(work, data, layout, rb, opts)
	switch {
	case err != nil && ctx.Err() != nil:
		return nil, nil, ctx.Err()
	case errors.Is(err, ErrMarked):
		return nil, nil, &template.OpError{Op: OpCheck, Path: path, Err: err}
	case errors.Is(err, errTimeout):
		return nil, nil, &template.OpError{Op: OpCheck, Path: path, Err: fmt.Errorf("%w (%s)", ErrTimeout, timeout)}
	case err != nil:
		return nil, nil, &template.OpError{Op: OpCheck, Path: path, Err: err}
	case res.unreadable != nil:
		// A sheet too large to read: the finding names it.
		return report.UnreadableReport(path, sum, finding.Code(res.unreadable.Code), res.unreadable.Sheet, res.unreadable.Reason), nil, nil
	}
	defer res.wb.Close()
	if err := work.Err(); err != nil {
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		return nil, nil, &template.OpError{Op: OpCheck, Path: path, Err: fmt.Errorf("%w (%s)", ErrTimeout, timeout)}
	}
	rep := report.NewReport(path, sum, res.form, res.findings)
	if res.rules != rb {
		rep.Rulebook = &report.RulebookID{ID: res.rules.ID, SHA256: res.rules.SHA256}
	}
	if opts.AnnotateDir != "" && !truncated(res.form.Source) && len(res.form.Source.Damaged) == 0 {
		out := opts.AnnotatedPath
		if out == "" {
			out = AnnotatedPath(opts.AnnotateDir, path)
		}
		if sameExistingFile(path, out) {
			return rep, nil, &template.OpError{Op: OpAnnotate, Path: path, Err: fmt.Errorf("%w: %s", ErrAnnotatedIsInput, out)}
		}
		res.wb.ShareThemes(opts.Themes)
		f, err := res.wb.Excel()
		if ue, ok := errors.AsType[*xlsx.UnreadableError](err); ok {
			// The one pass read a part excelize cannot parse (a damaged
			// style or theme): no copy can be written, and the workbook is
			// returned as unreadable, as when excelize opened it first.
			return report.UnreadableReport(path, sum, finding.Code(ue.Code), ue.Sheet, ue.Reason), nil, nil
		} else if err != nil {
			return rep, nil, &template.OpError{Op: OpAnnotate, Path: path, Err: err}
		}
		if err := annotateSafely(f, res.form, res.findings, rep, out, annotate.Options{Reviewer: res.rules.Reviewer, Original: data, Book: res.wb.Book(), Batch: opts.Batch}); err != nil {
			if ue, ok := errors.AsType[*xlsx.UnreadableError](err); ok {
				// A sheet excelize cannot write into (a comment it
				// could never place): unreadable, as above.
				return report.UnreadableReport(path, sum, finding.Code(ue.Code), ue.Sheet, ue.Reason), nil, nil
			}
			return rep, nil, &template.OpError{Op: OpAnnotate, Path: path, Err: err}
		}
		rep.Annotated = out
	}
	if contents {
		return rep, report.NewContents(res.form), nil
	}
	return rep, nil, nil
}

// The operations of an *template.OpError from Process.
const (
	OpCheck    template.Op = "check"
	OpAnnotate template.Op = "annotate"
)

// annotateSafely is annotate.Annotate with a panic, a bug in perfeval or
// excelize on a workbook nobody foresaw, turned into an error: the caller
// goes on with the next workbook, and the partial copy is never renamed into
// place.
func annotateSafely(f *excelize.File, form *score.Form, fs finding.Findings, rep *report.Report, out string, opts annotate.Options) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v\n%s", ErrInternal, p, debug.Stack())
		}
	}()
	return annotate.Annotate(f, form, fs, rep, out, opts)
}

// truncated reports whether the reader stopped short of a sheet (too_large).
// Such a workbook is not annotated: writing into the sheet would make
// excelize load all of it, the rows the reader declined to read, at up to
// a hundred megabytes and outside the time bound; and a copy annotated from
// part of a sheet would mislead. Its report tells the department to remove
// the excess rows.
func truncated(f *template.Form) bool {
	for _, is := range f.Issues {
		if is.Code == string(finding.TooLarge) {
			return true
		}
	}
	return false
}

// errTimeout is the cause of the context that bounds the work on one file.
var errTimeout = errors.New("timed out")

// checked is a workbook opened and checked: the open workbook with its
// parsed and scored form and the findings, or why the workbook cannot be
// read.
type checked struct {
	// wb is the workbook opened; Excel opens it with excelize for the
	// annotated copy.
	wb         *xlsx.Workbook
	form       *score.Form
	findings   finding.Findings
	unreadable *xlsx.UnreadableError
	// rules scored the form: the rulebook given, or the one of
	// Options.FormRules for the workbook's form.
	rules *rulebook.Rulebook
}

// checkBytes opens, reads, parses, scores and checks a workbook, stopping
// between stages when ctx is done, with context.Cause(ctx). On an error it
// closes the workbook it opened; otherwise the caller owns it.
func checkBytes(ctx context.Context, data []byte, layout *template.Layout, rb *rulebook.Rulebook, opts Options) (res checked, err error) {
	defer func() {
		// A panic is a bug, on a workbook nobody foresaw: returned as an
		// error, so that a batch reports it and goes on.
		if p := recover(); p != nil {
			res, err = checked{}, fmt.Errorf("%w: %v\n%s", ErrInternal, p, debug.Stack())
		}
		if err != nil && res.wb != nil {
			res.wb.Close()
			res.wb = nil
		}
	}()
	wb, err := xlsx.OpenWorkbook(data)
	if err != nil {
		var ue *xlsx.UnreadableError
		if errors.As(err, &ue) {
			return checked{unreadable: ue}, nil
		}
		return checked{}, &template.OpError{Op: template.OpOpenWorkbook, Err: err}
	}
	res.wb = wb
	stop := func() error {
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		return nil
	}
	if err := stop(); err != nil {
		return res, err
	}
	raw := template.ReadWorkbook(wb, layout)
	if kind := raw.Meta[template.MetaFormKind]; kind != layout.Kind && opts.FormRules[kind] != nil {
		// The workbook is the other form: read it as that form.
		rb = opts.FormRules[kind]
		raw = template.ReadWorkbook(wb, rb.Layout())
	}
	if err := stop(); err != nil {
		return res, err
	}
	if opts.SkipMarked && raw.ReviewMarks {
		return res, ErrMarked
	}
	form := score.Parse(raw)
	score.Score(form, rb)
	fs, err := check.Run(ctx, form, rb)
	if err != nil {
		if ctx.Err() != nil {
			err = context.Cause(ctx)
		}
		return res, err
	}
	res.form, res.findings, res.rules = form, fs, rb
	return res, nil
}

// ReadFile reads a workbook file and its SHA-256. It returns nil data, with the
// hash, when the file is larger than xlsx.MaxFileSize.
//
// Hashing the rest of an oversized file stops when ctx is cancelled.
func ReadFile(ctx context.Context, path string) ([]byte, string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer fh.Close()
	h := sha256.New()
	data, err := io.ReadAll(io.TeeReader(io.LimitReader(fh, xlsx.MaxFileSize+1), h))
	if err != nil {
		return nil, "", err
	}
	if len(data) > xlsx.MaxFileSize {
		if _, err := io.Copy(h, ctxReader{ctx, fh}); err != nil {
			return nil, "", err
		}
		return nil, hex.EncodeToString(h.Sum(nil)), nil
	}
	return data, hex.EncodeToString(h.Sum(nil)), nil
}

// AnnotatedPath returns where the annotated copy of a workbook goes:
// DIR/<name>.审核.xlsx.
func AnnotatedPath(dir, path string) string {
	base := filepath.Base(path)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	return filepath.Join(dir, base+".审核.xlsx")
}

// sameExistingFile reports whether two paths name one existing file.
func sameExistingFile(a, b string) bool {
	ai, err := os.Stat(a)
	if err != nil {
		return false
	}
	bi, err := os.Stat(b)
	return err == nil && os.SameFile(ai, bi)
}

// Input is one workbook of a batch: its path as given, where its
// annotated copy goes, and whether an earlier input of the batch names the
// same file (a.xlsx and *.xlsx both name it), so it is checked once.
type Input struct {
	Path      string
	Annotated string
	Repeat    bool
}

// PlanBatch returns the inputs of a batch with their annotated copies in
// dir: AnnotatedPath for each, made distinct where inputs from different
// folders share a name (a/自评表.xlsx, b/自评表.xlsx: the second is
// 自评表(2).审核.xlsx), ignoring case as Windows does. An input named twice
// is a Repeat, with the first one's path. No annotated path is one of the
// inputs: beside x.xlsx and a returned x.审核.xlsx, the copy of x.xlsx is
// x(2).审核.xlsx. Paths are compared as pathKey says, one key per input,
// so the plan takes time linear in the inputs.
func PlanBatch(dir string, paths []string) []Input {
	out := make([]Input, len(paths))
	keys := make([]string, len(paths))
	taken := map[string]string{} // lower-case absolute output → input
	for i, p := range paths {
		keys[i] = pathKey(p)
		taken[keys[i]] = "" // an input: no input's copy goes there
	}
	// Inputs whose keys agree are the same file where the system says so
	// (os.SameFile), or, for a name that is no file, where they are
	// spelled alike: c/X.xlsx and c/x.xlsx are two files on Linux and one
	// on Windows. Only inputs with the same key are compared, so the plan
	// stays linear in the inputs.
	first := map[string][]int{} // input key → the first index of each distinct file
	for i, p := range paths {
		clean := keys[i]
		out[i].Path = p
		if j, dup := sameInput(first[clean], paths, p); dup {
			out[i].Annotated, out[i].Repeat = out[j].Annotated, true
			continue
		}
		first[clean] = append(first[clean], i)
		base := filepath.Base(p)
		base = strings.TrimSuffix(base, filepath.Ext(base))
		for n := 1; ; n++ {
			name := base
			if n > 1 {
				name = fmt.Sprintf("%s(%d)", base, n)
			}
			cand := filepath.Join(dir, name+".审核.xlsx")
			key := pathKey(cand)
			if prev, ok := taken[key]; !ok || prev == clean {
				taken[key], out[i].Annotated = clean, cand
				break
			}
		}
	}
	return out
}

// sameInput returns the earlier input among candidates that names the same
// file as p.
func sameInput(candidates []int, paths []string, p string) (int, bool) {
	for _, j := range candidates {
		q := paths[j]
		_, errP := os.Stat(p)
		_, errQ := os.Stat(q)
		switch {
		case errP == nil && errQ == nil:
			if sameExistingFile(p, q) {
				return j, true
			}
		case errP != nil && errQ != nil:
			if filepath.Clean(p) == filepath.Clean(q) || absClean(p) == absClean(q) {
				return j, true
			}
		}
	}
	return 0, false
}

// absClean is p absolute and cleaned, as written (case kept).
func absClean(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}

// pathKey is how PlanBatch compares paths: absolute, with symbolic
// links resolved (those of its folder, for a file not yet written), cleaned
// and in lower case, as Windows compares them.
func pathKey(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	if real, err := filepath.EvalSymlinks(p); err == nil {
		p = real
	} else if dir, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
		p = filepath.Join(dir, filepath.Base(p))
	}
	return strings.ToLower(filepath.Clean(p))
}

// ctxReader is a reader that stops with ctx's error once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
