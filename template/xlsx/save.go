package xlsx

import (
	"errors"
	"fmt"
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
// shared. A failure is the error of the step that failed, not wrapped, for
// the caller to say what it was saving: an *fs.PathError (naming the folder
// when it does not exist), the rename's *os.LinkError, or what writing f
// returned. Nothing is left behind.
func SaveAtomic(f *excelize.File, path string) error {
	prev := f.ZipWriter
	return writeAtomic(path, func(w io.Writer) error {
		return writeDirect(f, w, prev)
	})
}

// writeDirect writes workbook f to w through the zip writer newZip makes
// on w. excelize's WriteTo would build the whole file in a buffer of its
// own and then copy it (the 10,000-department summary is 14 MB, twice that
// with the buffer's growth); its zip writer hook is given w instead, and
// the buffer stays empty.
func writeDirect(f *excelize.File, w io.Writer, newZip func(io.Writer) excelize.ZipWriter) error {
	prev := f.ZipWriter
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return newZip(w) })
	defer f.SetZipWriter(prev)
	n, err := f.WriteTo(w)
	if err == nil && n != 0 {
		err = fmt.Errorf("excelize wrote %d bytes past the zip writer", n)
	}
	return err
}

// WriteFileAtomic is SaveAtomic for any other file: a report.
func WriteFileAtomic(path string, data []byte) error {
	return writeAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteAtomic writes path atomically with write, as SaveAtomic does (an
// archived original, a stream of any length). With a batch, the file is
// left for the batch to make durable (Batch).
func WriteAtomic(path string, batch *Batch, write func(io.Writer) error) error {
	return writeAtomicIn(path, batch, write)
}

// TempPattern matches the names of the temporary files the atomic writes
// make beside their target (filepath.Match): what a killed run leaves.
const TempPattern = ".*.tmp-*"

func writeAtomic(path string, write func(io.Writer) error) error {
	return writeAtomicIn(path, nil, write)
}

// writeAtomicIn writes path atomically; without a batch the file and its
// name are durable when it returns, with one they are the batch's to make
// durable (Batch.Sync), the file kept open where the system lets an open
// file be renamed.
func writeAtomicIn(path string, batch *Batch, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			// The folder, not the temporary file's made-up name.
			err = &fs.PathError{Op: "open", Path: dir, Err: fs.ErrNotExist}
		}
		return err
	}
	open := true
	defer func() {
		if err != nil {
			if open {
				_ = tmp.Close()
			}
			_ = os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	// CreateTemp makes the file private.
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	keep := batch != nil && renameOpen
	if !keep {
		if err = tmp.Sync(); err != nil {
			return err
		}
		open = false
		if err = tmp.Close(); err != nil {
			return err
		}
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	switch {
	case batch == nil:
		syncDir(dir)
	case keep:
		batch.add(tmp, path)
	default:
		batch.add(nil, path)
	}
	return nil
}

// syncDir makes the entries of a folder durable, as best it can where the
// system allows it (not on Windows, where renames are durable anyway).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
