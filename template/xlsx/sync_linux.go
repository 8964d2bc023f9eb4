package xlsx

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// deferSync says a Deferred write leaves its file to SyncFiles.
const deferSync = true

// SyncFiles makes files written Deferred durable, with their names: on
// Linux one syncfs(2) for each file system they are on, which writes
// whatever is pending there in one go.
func SyncFiles(paths ...string) error {
	done := map[uint64]bool{}
	for _, p := range paths {
		dir := filepath.Dir(p)
		var st unix.Stat_t
		if err := unix.Stat(dir, &st); err != nil {
			return &os.PathError{Op: "stat", Path: dir, Err: err}
		}
		if done[st.Dev] {
			continue
		}
		d, err := os.Open(dir)
		if err != nil {
			return err
		}
		err = unix.Syncfs(int(d.Fd()))
		d.Close()
		if err != nil {
			return &os.PathError{Op: "syncfs", Path: dir, Err: err}
		}
		done[st.Dev] = true
	}
	return nil
}
