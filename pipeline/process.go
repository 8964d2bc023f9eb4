package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/perfeval/perfeval/template"
)

// Options says what Process does besides checking.
type Options struct {
	// Layout is the form kind; nil means template.Department.
	Layout *template.Layout
	// AnnotateDir, when set, receives the annotated copy of the workbook.
	AnnotateDir string
}

// Process reads, parses, scores and checks one workbook and, when asked,
// writes its annotated copy. A workbook that cannot be read is a Report with
// status unreadable, not an error; the error return is for problems of the
// machine (the file cannot be read, the annotated copy cannot be written).
func Process(ctx context.Context, path string, rb *Rulebook, opts Options) (*Report, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	layout := opts.Layout
	if layout == nil {
		layout = template.Department
	}
	data, sum, err := readLimited(path)
	if err != nil {
		return nil, err
	}
	if data == nil {
		return UnreadableReport(path, sum, "too_large", fmt.Sprintf("文件超过 %d MB，无法审核；请删除多余内容后重新报送", template.MaxFileSize>>20)), nil
	}
	f, err := template.OpenBytes(data)
	if err != nil {
		var ue *template.UnreadableError
		if errors.As(err, &ue) {
			return UnreadableReport(path, sum, ue.Code, ue.Reason), nil
		}
		return nil, fmt.Errorf("open workbook %q: %w", path, err)
	}
	defer f.Close()
	s := Parse(template.Read(f, layout))
	Score(s, rb)
	fs, err := RunChecks(s, rb)
	if err != nil {
		return nil, fmt.Errorf("check %q: %w", path, err)
	}
	rep := NewReport(path, sum, s, fs)
	if opts.AnnotateDir != "" {
		out := AnnotatedPath(opts.AnnotateDir, path)
		if err := Annotate(f, s, rep, out); err != nil {
			return nil, fmt.Errorf("annotate %q: %w", path, err)
		}
		rep.Annotated = out
	}
	return rep, nil
}

// readLimited reads a file and its SHA-256. It returns nil data, with the
// hash, when the file is larger than template.MaxFileSize.
func readLimited(path string) ([]byte, string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, "", fmt.Errorf("open %q: %w", path, err)
	}
	defer fh.Close()
	h := sha256.New()
	data, err := io.ReadAll(io.TeeReader(io.LimitReader(fh, template.MaxFileSize+1), h))
	if err != nil {
		return nil, "", fmt.Errorf("read %q: %w", path, err)
	}
	if len(data) > template.MaxFileSize {
		if _, err := io.Copy(h, fh); err != nil {
			return nil, "", fmt.Errorf("read %q: %w", path, err)
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
