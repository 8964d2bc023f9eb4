package inbox

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/perfeval/perfeval/pipeline/ledger"
	"github.com/perfeval/perfeval/template"
)

// Status is what a root folder holds: the ledger's counts, the last pass,
// the files waiting in the inbox, and every file the ledger names that the
// folders lack (which should never happen). The latest submission of every
// department and year goes to StatusOptions.Latest.
type Status struct {
	Counts   ledger.Counts
	LastPass ledger.Pass
	HasPass  bool
	Waiting  []string
	Missing  []string
}

// ErrNoLedger is matched by the error of ReadStatus on a folder no run has
// processed.
var ErrNoLedger = errors.New("no ledger in this folder")

// StatusOptions say which inbox a root's runner reads, as Options do.
type StatusOptions struct {
	// Inbox is the inbox folder, "" for the root's inbox/.
	Inbox string
	// Shard is the part of the inbox the root's runner takes: only its
	// files are waiting for this root.
	Shard Shard
	// Latest, when set, is called with the latest submission of every
	// department and year, in the ledger's order, one at a time (with its
	// report: ten thousand of them are some 300 MB, never all in memory);
	// an error of it ends ReadStatus.
	Latest func(ledger.Entry) error
}

// ReadStatus reads the status of root. It takes no lock: a runner may be at
// work meanwhile.
func ReadStatus(ctx context.Context, root string, opts StatusOptions) (Status, error) {
	f := FoldersOf(root)
	shown := func(name string) string { return filepath.Join("inbox", name) }
	if opts.Inbox != "" {
		f.Inbox = opts.Inbox
		shown = func(name string) string { return filepath.Join(opts.Inbox, name) }
	}
	if _, err := os.Stat(f.Ledger); errors.Is(err, fs.ErrNotExist) {
		return Status{}, &template.OpError{Op: OpLedger, Path: f.Ledger, Err: ErrNoLedger}
	}
	l, err := ledger.Open(ctx, f.Ledger)
	if err != nil {
		return Status{}, &template.OpError{Op: OpLedger, Path: f.Ledger, Err: err}
	}
	defer l.Close()
	var st Status
	if st.Counts, err = l.Count(ctx); err != nil {
		return st, err
	}
	if st.LastPass, st.HasPass, err = l.LastPass(ctx); err != nil {
		return st, err
	}
	if opts.Latest != nil {
		if err := l.EachLatest(ctx, opts.Latest); err != nil {
			return st, err
		}
	}
	all, err := l.AllFiles(ctx)
	if err != nil {
		return st, err
	}
	for _, e := range all {
		paths := []string{e.Archive}
		if !e.Duplicate {
			paths = append(paths, e.Result)
			if !e.Superseded {
				paths = append(paths, e.Annotated)
			}
		}
		for _, p := range paths {
			if p == "" {
				continue
			}
			if _, err := os.Stat(f.Abs(p)); err != nil {
				st.Missing = append(st.Missing, p)
			}
		}
	}
	entries, err := os.ReadDir(f.Inbox)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return st, &template.OpError{Op: OpScan, Path: f.Inbox, Err: err}
	}
	for _, e := range entries {
		if !skipped(e.Name()) && e.Type().IsRegular() && opts.Shard.Has(e.Name()) {
			st.Waiting = append(st.Waiting, shown(e.Name()))
		}
	}
	return st, nil
}
