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
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

// DefaultTimeout bounds the work on one workbook when Options.Timeout is 0.
const DefaultTimeout = 30 * time.Second

// Options says what Process does besides checking.
type Options struct {
	// Layout is the form kind; nil means template.Department.
	Layout *template.Layout
	// AnnotateDir, when set, receives the annotated copy of the workbook.
	AnnotateDir string
	// AnnotatedPath, when set, is where the annotated copy goes instead of
	// AnnotatedPath(AnnotateDir, path); see AnnotatedPaths.
	AnnotatedPath string
	// Timeout bounds opening, reading, parsing, scoring and checking one
	// workbook; 0 means DefaultTimeout. A workbook that takes longer is
	// reported unreadable (too_large) and is not annotated; nor is one with
	// a sheet too large to read in full.
	Timeout time.Duration
}

// ErrInternal is matched (errors.Is) by the error of a panic that Process or
// the annotation recovered from: a bug in perfeval or excelize on a workbook
// nobody foresaw. The error carries the panic and its stack.
var ErrInternal = errors.New("internal error")

// ErrAnnotatedIsInput is matched by the error of an annotated copy whose
// path is the input workbook itself: the input is never overwritten.
var ErrAnnotatedIsInput = errors.New("the annotated copy would replace the input")

// Process reads, parses, scores and checks one workbook and, when asked,
// writes its annotated copy. A workbook that cannot be read, or whose
// checking takes longer than Options.Timeout, is a Report with status
// unreadable, not an error; the error return is for problems of the machine
// (the file cannot be read, the annotated copy cannot be written) and for a
// cancelled ctx. A path that names no file, or a folder, is unreadable too. When only the annotated copy fails, Process returns the
// report, without Annotated, together with the error.
func Process(ctx context.Context, path string, rb *Rulebook, opts Options) (*Report, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	layout := opts.Layout
	if layout == nil {
		layout = template.Department
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// A name given that is no file still gets its report: one per
		// input, the run goes on.
		return UnreadableReport(path, "", "not_xlsx", "找不到这个文件，请检查文件名和路径"), nil
	case err != nil:
		return nil, err
	case info.IsDir():
		return UnreadableReport(path, "", "not_xlsx", "这是一个文件夹，不是工作簿；请指定其中的 .xlsx 文件"), nil
	}
	if !info.Mode().IsRegular() {
		// A device, pipe or socket: reading it could block or never end.
		return UnreadableReport(path, "", "not_xlsx", "这不是普通文件（而是设备、管道等），不是工作簿；请指定 .xlsx 文件"), nil
	}
	data, sum, err := readLimited(ctx, path)
	if err != nil {
		return nil, err
	}
	if data == nil {
		return UnreadableReport(path, sum, "too_large", fmt.Sprintf("文件超过 %d MB，无法审核；请删除多余内容后重新报送", xlsx.MaxFileSize>>20)), nil
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	res, err := checkWithin(ctx, timeout, data, layout, rb)
	switch {
	case errors.Is(err, errTimeout):
		return UnreadableReport(path, sum, "too_large", fmt.Sprintf("文件处理超时（超过 %s 秒），可能含有大量数据或异常内容；请删除多余内容后重新报送", strconv.FormatFloat(timeout.Seconds(), 'f', -1, 64))), nil
	case err != nil && ctx.Err() != nil:
		return nil, err
	case err != nil:
		return nil, &template.OpError{Op: template.OpCheck, Path: path, Err: err}
	case res.unreadable != nil:
		rep := UnreadableReport(path, sum, res.unreadable.Code, res.unreadable.Reason)
		if sheet := res.unreadable.Sheet; sheet != "" {
			// A sheet too large to read: the finding names it.
			fs := rep.findings
			fs[0].Ref.Sheet = sheet
			rep.setFindings(fs)
			rep.Status = Unreadable
		}
		return rep, nil
	}
	f := res.f
	defer f.Close()
	rep := NewReport(path, sum, res.sheet, res.findings)
	if opts.AnnotateDir != "" && !truncated(res.sheet.Form) && len(res.sheet.Form.Damaged) == 0 {
		out := opts.AnnotatedPath
		if out == "" {
			out = AnnotatedPath(opts.AnnotateDir, path)
		}
		if sameFile(path, out) {
			return rep, &template.OpError{Op: template.OpAnnotate, Path: path, Err: fmt.Errorf("%w: %s", ErrAnnotatedIsInput, out)}
		}
		if err := annotateSafely(f, res.sheet, rep, out); err != nil {
			return rep, &template.OpError{Op: template.OpAnnotate, Path: path, Err: err}
		}
		rep.Annotated = out
	}
	return rep, nil
}

// annotateSafely is Annotate with a panic, a bug in perfeval or excelize
// on a workbook nobody foresaw, turned into an error: the caller goes on
// with the next workbook, and the partial copy is never renamed into place.
func annotateSafely(f *excelize.File, s *Sheet, rep *Report, out string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v\n%s", ErrInternal, p, debug.Stack())
		}
	}()
	return Annotate(f, s, rep, out)
}

// truncated reports whether the reader stopped short of a sheet (too_large).
// Such a workbook is not annotated: writing into the sheet would make
// excelize load all of it, the rows the reader declined to read, at up to
// a hundred megabytes and outside the time bound; and a copy annotated from
// part of a sheet would mislead. Its report tells the department to remove
// the excess rows.
func truncated(f *template.Form) bool {
	for _, is := range f.Issues {
		if is.Code == "too_large" {
			return true
		}
	}
	return false
}

// errTimeout says checkWithin gave up waiting.
var errTimeout = errors.New("timed out")

// bounded is what the time-bounded part of Process hands back: an open
// workbook with its checked sheet, or why the workbook cannot be read.
type bounded struct {
	f          *excelize.File
	sheet      *Sheet
	findings   Findings
	unreadable *xlsx.UnreadableError
}

// checkWithin opens, reads, parses, scores and checks a workbook in a
// goroutine of its own and waits for it at most timeout, or until ctx is
// done. excelize cannot be interrupted, so a goroutine given up on runs to
// its end on its own: it holds only in-memory state and its own workbook,
// which it then closes; nothing it computes is used, and it writes nothing.
// The caller owns the workbook of a result it receives.
func checkWithin(ctx context.Context, timeout time.Duration, data []byte, layout *template.Layout, rb *Rulebook) (bounded, error) {
	type result struct {
		bounded
		err error
	}
	done := make(chan result)
	abandoned := make(chan struct{})
	go func() {
		var r result
		r.bounded, r.err = checkBytes(data, layout, rb)
		select {
		case done <- r:
		case <-abandoned:
			if r.f != nil {
				r.f.Close()
			}
		}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.bounded, r.err
	case <-timer.C:
		close(abandoned)
		return bounded{}, errTimeout
	case <-ctx.Done():
		close(abandoned)
		return bounded{}, ctx.Err()
	}
}

// checkBytes is the time-bounded part of Process. On an error it closes the
// workbook it opened.
func checkBytes(data []byte, layout *template.Layout, rb *Rulebook) (res bounded, err error) {
	defer func() {
		// A panic in this goroutine would end the whole program, where the
		// caller of Process could not recover it; it is a bug, returned as
		// an error so that a batch reports it and goes on.
		if p := recover(); p != nil {
			if res.f != nil {
				res.f.Close()
			}
			res, err = bounded{}, fmt.Errorf("%w: %v\n%s", ErrInternal, p, debug.Stack())
		}
	}()
	f, err := xlsx.Open(data)
	if err != nil {
		var ue *xlsx.UnreadableError
		if errors.As(err, &ue) {
			return bounded{unreadable: ue}, nil
		}
		return bounded{}, &template.OpError{Op: template.OpOpenWorkbook, Err: err}
	}
	res.f = f
	s := Parse(template.Read(f, layout))
	Score(s, rb)
	fs, err := RunChecks(s, rb)
	if err != nil {
		f.Close()
		return bounded{}, err
	}
	res.sheet, res.findings = s, fs
	return res, nil
}

// readLimited reads a file and its SHA-256. It returns nil data, with the
// hash, when the file is larger than xlsx.MaxFileSize.
//
// Hashing the rest of an oversized file stops when ctx is cancelled.
func readLimited(ctx context.Context, path string) ([]byte, string, error) {
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

// sameFile reports whether two paths name one existing file.
func sameFile(a, b string) bool {
	ai, err := os.Stat(a)
	if err != nil {
		return false
	}
	bi, err := os.Stat(b)
	return err == nil && os.SameFile(ai, bi)
}

// AnnotatedPaths returns AnnotatedPath for each input, made distinct where
// inputs from different folders share a name (a/自评表.xlsx, b/自评表.xlsx:
// the second is 自评表(2).审核.xlsx), ignoring case as Windows does. An
// input named twice keeps one path. No path is one of the inputs: beside
// x.xlsx and a returned x.审核.xlsx, the copy of x.xlsx is x(2).审核.xlsx.
func AnnotatedPaths(dir string, paths []string) []string {
	out := make([]string, len(paths))
	taken := map[string]string{} // lower-case absolute output → input
	for _, p := range paths {
		taken[pathKey(p)] = "" // an input: no input's copy goes there
	}
	for i, p := range paths {
		clean := pathKey(p)
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
				taken[key], out[i] = clean, cand
				break
			}
		}
	}
	return out
}

// SameFile reports whether two paths name the same input as AnnotatedPaths
// compares them, whether the file exists or not: a.xlsx, ./a.xlsx and
// A.XLSX through a link are one.
func SameFile(a, b string) bool { return pathKey(a) == pathKey(b) }

// pathKey is how AnnotatedPaths compares paths: absolute, with symbolic
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
