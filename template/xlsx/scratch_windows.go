package xlsx

import (
	"os"

	"golang.org/x/sys/windows"
)

// openScratch makes a temporary file that Windows deletes when its last
// handle closes, also when the process is killed (FILE_FLAG_DELETE_ON_CLOSE);
// gone says so. Where that open fails, the file is an ordinary one, which
// Close removes.
func openScratch(dir, pattern string) (f *os.File, gone bool, err error) {
	if f, err = os.CreateTemp(dir, pattern); err != nil {
		return nil, false, err
	}
	name := f.Name()
	path, err := windows.UTF16PtrFromString(name)
	if err != nil {
		return f, false, nil
	}
	// Opened again, alone: a handle that does not share deletion, as
	// CreateTemp's, would make the open to delete on close fail.
	f.Close()
	h, err := windows.CreateFile(path, windows.GENERIC_READ|windows.GENERIC_WRITE,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE, nil,
		windows.OPEN_EXISTING, windows.FILE_ATTRIBUTE_TEMPORARY|windows.FILE_FLAG_DELETE_ON_CLOSE, 0)
	if err == nil {
		return os.NewFile(uintptr(h), name), true, nil
	}
	if f, err = os.OpenFile(name, os.O_RDWR, 0); err != nil {
		os.Remove(name)
		return nil, false, err
	}
	return f, false, nil
}
