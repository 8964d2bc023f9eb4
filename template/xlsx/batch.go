package xlsx

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
)

// Batch is files the atomic writes wrote and renamed into place (WriteAtomic
// and SaveAtomicFrom with a batch) that are not yet durable. A caller that
// writes many files before anything relies on them (the inbox, before its
// ledger records them) makes them durable together with Sync, off the
// writers' path: the disk commits them at once, not one at a time with
// each writer waiting for its own. Each file keeps the handle it was written
// through until then, so that its sync reports any error in writing it
// (a handle opened later may not); on Windows, which cannot rename an open
// file, a file is synced as it is written, and Sync makes the folders
// durable. A Batch is safe for use by several goroutines.
type Batch struct {
	mu    sync.Mutex
	files []*os.File // open, to sync
	paths []string   // the files the batch wrote, where they were put
	dirs  map[string]bool
}

// add takes a file written and renamed to path, its handle f (nil when it
// was synced already).
func (b *Batch) add(f *os.File, path string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if f != nil {
		b.files = append(b.files, f)
	}
	b.paths = append(b.paths, path)
	b.note(filepath.Dir(path))
}

func (b *Batch) note(dir string) {
	if b.dirs == nil {
		b.dirs = map[string]bool{}
	}
	b.dirs[dir] = true
}

// Keep adds a file the batch did not write, found in place (an archived
// original the same as the one at hand), to be made durable with it: it may
// have been written by a batch that was never synced.
func (b *Batch) Keep(path string) error {
	if !renameOpen {
		return nil // synced as it was written
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.files = append(b.files, f)
	b.note(filepath.Dir(path))
	return nil
}

// Paths returns the files the batch wrote, where they were put: what a
// caller removes when Sync failed, so that they are written again rather
// than trusted from the system's cache.
func (b *Batch) Paths() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.paths...)
}

// Sync makes the batch's files durable, then the folders they were put
// in, and closes them; it returns what failed, every file's error joined. The batch holds no file
// after it, whatever it returns.
func (b *Batch) Sync() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	var errs []error
	for _, f := range b.files {
		if err := f.Sync(); err != nil {
			errs = append(errs, err)
		}
		if err := f.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	b.files = nil
	if len(errs) == 0 {
		for d := range b.dirs {
			syncDir(d)
		}
	}
	return errors.Join(errs...)
}

// Close closes the batch's files without making them durable: the caller
// gave up on them.
func (b *Batch) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, f := range b.files {
		_ = f.Close()
	}
	b.files = nil
}
