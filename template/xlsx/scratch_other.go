//go:build !windows

package xlsx

import "os"

// openScratch makes a temporary file and removes it from its folder at
// once; gone says it is.
func openScratch(dir, pattern string) (f *os.File, gone bool, err error) {
	if f, err = os.CreateTemp(dir, pattern); err != nil {
		return nil, false, err
	}
	return f, os.Remove(f.Name()) == nil, nil
}
