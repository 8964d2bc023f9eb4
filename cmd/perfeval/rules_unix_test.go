//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRulesNotRegular: --rules naming a device or a pipe is a configuration
// error said at once (exit 2, nothing on stdout), not a read without end
// (/dev/zero) nor an open that blocks until a writer comes (a FIFO).
func TestRulesNotRegular(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "rules.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, rules := range []string{"/dev/zero", fifo} {
		for _, cmd := range []string{"check", "rules"} {
			args := []string{cmd, "--rules", rules}
			if cmd == "check" {
				args = append(args, seed)
			}
			type result struct {
				code        int
				out, errOut string
			}
			done := make(chan result, 1)
			go func() {
				code, out, errOut := perfeval(t, args...)
				done <- result{code, out, errOut}
			}()
			select {
			case r := <-done:
				if r.code != exitFailure || r.out != "" || !strings.Contains(r.errOut, "评分规则有误："+rules+": 这不是普通文件") {
					t.Errorf("perfeval %v: exit %d, stdout %q, stderr %q; want 2 and the reason", args, r.code, r.out, r.errOut)
				}
			case <-time.After(5 * time.Second):
				if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
					w.Close()
				}
				t.Fatalf("perfeval %v did not return within 5s", args)
			}
		}
	}
}
