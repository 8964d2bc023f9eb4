package template

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"
)

// SaveAtomic writes workbook f to path atomically: into a temporary file in
// the same folder, synced, then renamed over path, so that path never holds
// a half-written workbook and a reader never sees one. The file is made
// readable by all (0644): templates and annotated copies are meant to be
// shared. Failures are *OpError with op.
func SaveAtomic(f *excelize.File, path string, op Op) error {
	return writeAtomic(path, op, func(w io.Writer) error {
		_, err := f.WriteTo(w)
		return err
	})
}

// WriteFileAtomic is SaveAtomic for any other file: a report.
func WriteFileAtomic(path string, data []byte, op Op) error {
	return writeAtomic(path, op, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

func writeAtomic(path string, op Op, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			// The folder, not the temporary file's made-up name.
			err = &fs.PathError{Op: "open", Path: dir, Err: fs.ErrNotExist}
		}
		return &OpError{Op: op, Path: path, Err: err}
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
			err = &OpError{Op: op, Path: path, Err: err}
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	// CreateTemp makes the file private.
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	// Best effort: make the rename itself durable where the OS allows it.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}
