//go:build !linux

package xlsx

import (
	"os"
	"path/filepath"
)

// SyncFiles makes files written Deferred durable, with their names: each
// file synced, then each folder (where the system allows it).
func SyncFiles(paths ...string) error {
	dirs := map[string]bool{}
	for _, p := range paths {
		// Writable: Windows flushes only a handle open for writing.
		f, err := os.OpenFile(p, os.O_RDWR, 0)
		if err != nil {
			return err
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return err
		}
		dirs[filepath.Dir(p)] = true
	}
	for d := range dirs {
		syncDir(d)
	}
	return nil
}
