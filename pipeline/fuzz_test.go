package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// FuzzProcess runs the whole chain (open, read, parse, score, check, report)
// over arbitrary bytes seeded with the sample workbooks: every input ends as
// a Report, never as a panic, and a report that is not unreadable carries
// findings with codes from the catalogue.
func FuzzProcess(f *testing.F) {
	paths, _ := filepath.Glob("../samples/*.xlsx")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("PK\x03\x04"))
	rb := DefaultRulebook()
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.xlsx")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		rep, err := Process(context.Background(), path, rb, Options{})
		if err != nil {
			t.Fatalf("Process: %v", err)
		}
		if rep.Status == "" {
			t.Fatal("report without a status")
		}
		for _, fd := range rep.Findings {
			if _, ok := LookupCode(fd.Code); !ok || fd.Message == "" {
				t.Fatalf("finding with unknown code or no message: %+v", fd)
			}
		}
	})
}
