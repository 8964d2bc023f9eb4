//go:build unix

package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
)

// TestNotRegularFile: a name that leads to a device or a pipe is unreadable
// at once; reading it would never end (/dev/zero) or never start (a FIFO
// nobody writes to).
func TestNotRegularFile(t *testing.T) {
	dir := t.TempDir()
	zero := filepath.Join(dir, "zero.xlsx")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.xlsx")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{zero, fifo} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			done := make(chan *report.Report, 1)
			go func() {
				rep, err := pipeline.Process(context.Background(), path, rulebook.DefaultRulebook(), pipeline.Options{})
				if err != nil {
					t.Error(err)
				}
				done <- rep
			}()
			select {
			case rep := <-done:
				if rep == nil {
					return
				}
				if rep.Status != report.Unreadable || len(rep.Findings) != 1 || rep.Findings[0].Code != "not_xlsx" {
					t.Errorf("status %s, findings %v; want unreadable not_xlsx", rep.Status, pipelinetest.FindingKeys(rep))
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Process did not return within 10s")
			}
		})
	}
}
