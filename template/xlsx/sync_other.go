//go:build !linux

package xlsx

import "path/filepath"

// deferSync is false where the system has no syncfs(2): a Deferred write
// is synced as it is written, each file on its own, as a Synced one.
const deferSync = false

// SyncFiles makes files written Deferred durable, with their names: the
// files were synced as they were written, their folders are synced here
// (where the system allows it).
func SyncFiles(paths ...string) error {
	dirs := map[string]bool{}
	for _, p := range paths {
		dirs[filepath.Dir(p)] = true
	}
	for d := range dirs {
		syncDir(d)
	}
	return nil
}
