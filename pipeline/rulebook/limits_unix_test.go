//go:build unix

package rulebook

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLoadRulebookNotRegular: a device or a pipe given as the rulebook is
// refused at once, with a Chinese reason: /dev/zero would be read for
// ever, and a FIFO that nobody writes to would block the open itself,
// where no signal can interrupt it.
func TestLoadRulebookNotRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "rules.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "zero.yaml")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/dev/zero", link, fifo} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				_, err := LoadRulebook(path)
				done <- err
			}()
			select {
			case err := <-done:
				var re *RulebookError
				if !errors.As(err, &re) || !errors.Is(err, ErrRulebook) || re.Line != 0 || !strings.Contains(re.Reason, "不是普通文件") {
					t.Errorf("LoadRulebook(%s) error = %v, want a *RulebookError saying it is no regular file", path, err)
				}
			case <-time.After(5 * time.Second):
				// Unblock the open, so that the test binary can end.
				if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
					w.Close()
				}
				t.Fatalf("LoadRulebook(%s) did not return within 5s", path)
			}
		})
	}
}
