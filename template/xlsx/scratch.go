package xlsx

import "os"

// Scratch is a temporary file for what a command keeps out of memory while
// it runs (a long sheet's rows, a summary's details). It leaves nothing
// behind, even when the process is killed, where the system allows: on
// Unix it is removed from its folder as soon as it is made and still
// written and read through its handle; on Windows it is opened to be
// deleted when its last handle closes. Close removes it in any case.
type Scratch struct {
	*os.File
	removed bool // nothing to remove at Close
}

// NewScratch makes a Scratch in dir (the system's temporary folder when
// ""), named after pattern as os.CreateTemp names it.
func NewScratch(dir, pattern string) (*Scratch, error) {
	f, gone, err := openScratch(dir, pattern)
	if err != nil {
		return nil, err
	}
	return &Scratch{File: f, removed: gone}, nil
}

// Close closes the file and removes it, if it is not removed already.
func (s *Scratch) Close() error {
	err := s.File.Close()
	if !s.removed {
		if rmErr := os.Remove(s.Name()); err == nil {
			err = rmErr
		}
		s.removed = true
	}
	return err
}
