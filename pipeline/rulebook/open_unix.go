//go:build unix

package rulebook

import (
	"io/fs"
	"os"
	"syscall"
)

// openRegular opens path for reading if it is a regular file. For anything
// else it returns a nil file with the FileInfo that says what it is,
// having opened nothing, or what it opened closed again. The open does not
// block: a named pipe swapped in after the Stat opens at once
// (O_NONBLOCK) and is told by the Stat of the open file.
func openRegular(path string) (*os.File, fs.FileInfo, error) {
	info, err := os.Stat(path)
	if err != nil || !info.Mode().IsRegular() {
		return nil, info, err
	}
	fh, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	if info, err = fh.Stat(); err != nil || !info.Mode().IsRegular() {
		fh.Close()
		return nil, info, err
	}
	return fh, info, nil
}
