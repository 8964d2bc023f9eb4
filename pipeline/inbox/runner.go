package inbox

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/gofrs/flock"
	"github.com/rs/zerolog"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/ledger"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

// Options say how a Runner processes the inbox.
type Options struct {
	Rulebook *rulebook.Rulebook
	// FormRules are the rulebooks of other form kinds
	// (pipeline.Options.FormRules).
	FormRules       map[string]*rulebook.Rulebook
	PerfevalVersion string
	// Workers is how many files are processed at once; 0 means one more
	// than the cores (DefaultWorkers).
	Workers int
	// Settle is how long a file's size and modification time must stay the
	// same before it counts as completely copied in; 0 means DefaultSettle.
	Settle time.Duration
	// Quarantine is how long after its last change a file that is not a
	// readable zip waits before it is processed (as the unreadable file it
	// then is): a copy that stalls is not yet judged; 0 means
	// DefaultQuarantine.
	Quarantine time.Duration
	// Timeout is the safety limit of pipeline.Options.Timeout.
	Timeout time.Duration
	// Progress, when set, is told how many of the pass's files are done.
	Progress func(done, total int)
	// Changed, when set, is called after a pass or rerun that changed the
	// ledger, with the ledger: to refresh what is built from it (the
	// summary). Its error is logged, and the pass still counts.
	Changed func(ctx context.Context, l *ledger.Ledger) error
	// Draft, when set, writes the draft self-evaluation report of an
	// accepted submission, a .docx, to w, from its report and contents;
	// the runner puts it beside the annotated copy in the outbox
	// (DraftName), made durable with the submission's other files. A
	// failure is logged and the submission counts as usual: the draft can
	// be made again with perfeval report.
	Draft func(rep *report.Report, c *report.Contents, w io.Writer) error
	// Inbox, when set, is the inbox folder in place of the root's inbox/:
	// one that several runners share (on a network share), each with a
	// root of its own. It must not be the root or one of its output
	// folders (ErrInboxIsOutput).
	Inbox string
	// Shard, when not the whole inbox, is the part of the inbox this
	// runner takes: only the files whose name falls in it are looked at,
	// processed and removed (ShardOf); the others are left to the runners
	// of the other shards.
	Shard Shard
}

// Defaults of Options.
const (
	DefaultSettle     = time.Second
	DefaultQuarantine = time.Minute
)

// The operations of an *template.OpError from the inbox.
const (
	OpPrepare template.Op = "prepare folder"
	OpLock    template.Op = "lock folder"
	OpLedger  template.Op = "write ledger"
	OpScan    template.Op = "list inbox"
	OpRead    template.Op = "read inbox file"
	OpArchive template.Op = "archive original"
	OpResult  template.Op = "write result"
	OpOutbox  template.Op = "move annotated copy"
	OpRemove  template.Op = "remove from inbox"
)

// ErrLocked is matched by the error of opening a root that another runner
// holds.
var ErrLocked = errors.New("another perfeval is processing this folder")

// Runner processes a root folder's inbox into its ledger, archive and
// outbox. Only one Runner holds a root at a time (a lock file).
type Runner struct {
	f      Folders
	opts   Options
	ledger *ledger.Ledger
	lock   *flock.Flock

	// seen is what each inbox file looked like when first seen so, for the
	// settle rule.
	seen map[string]observed

	// changes counts the passes and reruns that marked a refresh due; a
	// refresh clears the mark only when none came while it ran (watch
	// refreshes beside its passes). mu guards it and the mark.
	mu      sync.Mutex
	changes int
	// inflight holds, by content, a channel for each file being processed
	// that is closed once its ledger step is done: another file with the
	// same bytes waits for it, then is recorded as its duplicate, instead
	// of writing the same archive, report and copy at once. Guarded by mu.
	inflight map[string]chan struct{}
	// themes are the workbooks' parsed themes, shared by the files the
	// Runner processes (pipeline.Options.Themes).
	themes *xlsx.Themes
}

// observed is an inbox file's size and modification time and since when
// they have not changed.
type observed struct {
	size  int64
	mtime time.Time
	since time.Time
}

// DefaultWorkers is how many files a Runner processes at once unless told:
// one more than the processors Go runs on (GOMAXPROCS, which follows a
// container's CPU limit). Each worker also writes the submission's files
// (the archived original, the result, the annotated copy, the draft) and
// waits on the file system meanwhile; the one more keeps the processors
// busy then (2 cores, 1,000 workbooks, three alternations: 2–8% faster
// than one per core, with about 10 MB more at the peak).
func DefaultWorkers() int {
	return runtime.GOMAXPROCS(0) + 1
}

// Open takes root for processing: it creates the folders, takes the lock
// (ErrLocked when another runner has it), opens the ledger and removes what
// a killed run left behind (temporary files, copies being made).
func Open(ctx context.Context, root string, opts Options) (*Runner, error) {
	if opts.Rulebook == nil {
		return nil, errors.New("inbox: no rulebook")
	}
	if opts.Workers <= 0 {
		opts.Workers = DefaultWorkers()
	}
	if opts.Settle <= 0 {
		opts.Settle = DefaultSettle
	}
	if opts.Quarantine <= 0 {
		opts.Quarantine = DefaultQuarantine
	}
	if !opts.Shard.Valid() {
		return nil, fmt.Errorf("inbox: shard %d/%d", opts.Shard.Index, opts.Shard.Count)
	}
	f := FoldersOf(root)
	if opts.Inbox != "" {
		f.Inbox = opts.Inbox
		if d := f.inboxOverlap(); d != "" {
			return nil, &template.OpError{Op: OpPrepare, Path: f.Inbox, Err: fmt.Errorf("%w (%s)", ErrInboxIsOutput, d)}
		}
	}
	for _, d := range append(f.outputs(), f.Inbox) {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, &template.OpError{Op: OpPrepare, Path: d, Err: err}
		}
	}
	lock := flock.New(f.Lock)
	ok, err := lock.TryLock()
	if err != nil {
		return nil, &template.OpError{Op: OpLock, Path: f.Lock, Err: err}
	}
	if !ok {
		return nil, &template.OpError{Op: OpLock, Path: f.Root, Err: ErrLocked}
	}
	l, err := ledger.Open(ctx, f.Ledger)
	if err != nil {
		lock.Unlock() //nolint:errcheck // the ledger's error is the one to report
		return nil, &template.OpError{Op: OpLedger, Path: f.Ledger, Err: err}
	}
	r := &Runner{f: f, opts: opts, ledger: l, lock: lock, seen: map[string]observed{}, themes: xlsx.NewThemes()}
	if err := r.cleanLeftovers(); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// Close releases the ledger and the lock.
func (r *Runner) Close() error {
	err := r.ledger.Close()
	if uerr := r.lock.Unlock(); err == nil {
		err = uerr
	}
	return err
}

// Ledger returns the runner's ledger.
func (r *Runner) Ledger() *ledger.Ledger { return r.ledger }

// Folders returns the runner's folders, its inbox the one it reads.
func (r *Runner) Folders() Folders { return r.f }

// cleanLeftovers removes the temporary files of atomic writes a killed run
// left in the output folders, and every copy still being made. The lock is
// held: no other runner is writing them.
func (r *Runner) cleanLeftovers() error {
	for _, d := range r.f.outputs() {
		matches, err := filepath.Glob(filepath.Join(d, xlsx.TempPattern))
		if err != nil {
			return err
		}
		if d == r.f.Staging {
			entries, err := os.ReadDir(d)
			if err != nil {
				return &template.OpError{Op: OpPrepare, Path: d, Err: err}
			}
			matches = matches[:0]
			for _, e := range entries {
				matches = append(matches, filepath.Join(d, e.Name()))
			}
		}
		for _, m := range matches {
			if err := os.Remove(m); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return &template.OpError{Op: OpPrepare, Path: m, Err: err}
			}
		}
	}
	return nil
}

// Pass processes every inbox file that has been completely copied in. With
// wait, files still changing, or seen for the first time, are given the
// settle time once (a run from cron); without, they are left for a later
// pass (the watch loop). A file that could not be processed for a reason on
// the bureau's side (a full disk, a permission, the time limit) stays in the
// inbox for the next pass and is counted as failed; only a cancelled ctx
// ends a pass early, with ctx's error.
func (r *Runner) Pass(ctx context.Context, wait bool) (Result, error) {
	pass, err := r.pass(ctx, wait)
	if err == nil && r.refreshPending() {
		r.changed(ctx)
	}
	return pass, err
}

// pass is Pass without the refresh of what is built from the ledger.
func (r *Runner) pass(ctx context.Context, wait bool) (Result, error) {
	log := zerolog.Ctx(ctx)
	pass := Result{Pass: ledger.Pass{StartedAt: time.Now()}, ByStatus: map[report.Status]int{}}
	ready, waiting, err := r.ready()
	if err != nil {
		return pass, err
	}
	if wait && waiting > 0 {
		select {
		case <-time.After(r.opts.Settle):
		case <-ctx.Done():
			return pass, ctx.Err()
		}
		if ready, waiting, err = r.ready(); err != nil {
			return pass, err
		}
	}
	pass.Waiting = waiting
	if len(ready) > 0 {
		// Due before the ledger can change: a kill after a file is recorded
		// and before the refresh still leaves the refresh to the next pass.
		r.markRefreshDue(ctx)
	}
	jobs := make(chan string)
	results := make(chan result)
	// The workers check the files; the committer records what they
	// checked in the ledger, as many files at a time as are waiting, in
	// one transaction: the ledger's write to disk is shared by them.
	prepared := make(chan *pending, r.opts.Workers)
	var wg sync.WaitGroup
	for range min(r.opts.Workers, max(len(ready), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name := range jobs {
				o, p, err := r.prepare(ctx, name)
				if p != nil {
					prepared <- p
					continue
				}
				results <- result{o, err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, name := range ready {
			select {
			case jobs <- name:
			case <-ctx.Done():
				return
			}
		}
	}()
	committed := make(chan struct{})
	go func() {
		defer close(committed)
		for p := range prepared {
			batch := []*pending{p}
		more:
			for len(batch) < maxBatch {
				select {
				case p, ok := <-prepared:
					if !ok {
						break more
					}
					batch = append(batch, p)
				default:
					break more
				}
			}
			for _, res := range r.commitBatch(ctx, batch) {
				results <- res
			}
		}
	}()
	go func() {
		wg.Wait()
		close(prepared)
		<-committed
		close(results)
	}()
	done := 0
	for res := range results {
		done++
		if r.opts.Progress != nil {
			r.opts.Progress(done, len(ready))
		}
		switch {
		case res.err != nil && ctx.Err() != nil:
			// Interrupted: the file stays in the inbox for the next run.
		case res.err != nil:
			pass.Failed++
			log.Error().Str("file", res.outcome.name).Str("error", res.err.Error()).Msg("not processed; it stays in the inbox and is retried next pass")
		case res.outcome.kind == outcomeWaiting:
			pass.Waiting++
		case res.outcome.kind == outcomeDuplicate:
			pass.Duplicates++
		case res.outcome.kind == outcomeProcessed:
			pass.Processed++
			pass.ByStatus[res.outcome.status]++
		}
	}
	pass.EndedAt = time.Now()
	if err := ctx.Err(); err != nil {
		return pass, err
	}
	if err := r.ledger.RecordPass(ctx, pass.Pass); err != nil {
		return pass, &template.OpError{Op: OpLedger, Path: r.f.Ledger, Err: err}
	}
	if pass.Processed+pass.Duplicates > 0 {
		// Marked again now that the files are recorded: a refresh that
		// began after the mark at the start of the pass, and before the
		// commits (watch refreshes beside its passes), must not clear it.
		r.markRefreshDue(ctx)
	}
	ev := log.Info()
	if !r.opts.Shard.Whole() {
		ev = ev.Str("shard", fmt.Sprintf("%d/%d", r.opts.Shard.Index, r.opts.Shard.Count))
	}
	ev.Int("processed", pass.Processed).Int("duplicates", pass.Duplicates).Int("waiting", pass.Waiting).
		Int("failed", pass.Failed).Dur("duration", pass.EndedAt.Sub(pass.StartedAt)).Msg("pass over the inbox")
	return pass, nil
}

// changed calls Options.Changed, logging its error, and reports whether it
// succeeded. A marker file says a refresh is due until one succeeds with no
// pass or rerun marking another meanwhile, so a refresh that a kill or an
// error cut short, or that began before a pass recorded its files, is done
// by the next pass, even one that changes nothing.
func (r *Runner) changed(ctx context.Context) bool {
	if r.opts.Changed == nil {
		return true
	}
	r.mu.Lock()
	r.writeMarker(ctx)
	start := r.changes
	r.mu.Unlock()
	if err := r.opts.Changed(ctx, r.ledger); err != nil {
		zerolog.Ctx(ctx).Error().Str("error", err.Error()).Msg("refresh after the ledger changed; tried again next pass")
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.changes == start {
		os.Remove(r.refreshMarker())
	}
	return true
}

func (r *Runner) refreshMarker() string { return filepath.Join(r.f.Outbox, ".refresh-due") }

// markRefreshDue writes the marker that says a refresh is due, durably.
func (r *Runner) markRefreshDue(ctx context.Context) {
	if r.opts.Changed == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.changes++
	r.writeMarker(ctx)
}

// writeMarker writes the marker that says a refresh is due, durably; the
// caller holds mu.
func (r *Runner) writeMarker(ctx context.Context) {
	if err := os.WriteFile(r.refreshMarker(), nil, 0o644); err != nil {
		zerolog.Ctx(ctx).Error().Str("error", err.Error()).Msg("mark a refresh as due")
		return
	}
	syncDir(r.f.Outbox)
}

// refreshPending reports a refresh that has not yet succeeded.
func (r *Runner) refreshPending() bool {
	if r.opts.Changed == nil {
		return false
	}
	_, err := os.Stat(r.refreshMarker())
	return err == nil
}

// ready lists the inbox files of the runner's shard that have settled, in
// name order, and counts those still changing or new.
func (r *Runner) ready() (ready []string, waiting int, err error) {
	entries, err := os.ReadDir(r.f.Inbox)
	if err != nil {
		return nil, 0, &template.OpError{Op: OpScan, Path: r.f.Inbox, Err: err}
	}
	now := time.Now()
	present := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if skipped(name) || !e.Type().IsRegular() || !r.opts.Shard.Has(name) {
			continue // another shard's files are not even looked at
		}
		info, err := e.Info()
		if err != nil {
			continue // gone since the listing
		}
		present[name] = true
		prev, ok := r.seen[name]
		if !ok || prev.size != info.Size() || !prev.mtime.Equal(info.ModTime()) {
			r.seen[name] = observed{size: info.Size(), mtime: info.ModTime(), since: now}
			waiting++
			continue
		}
		if now.Sub(prev.since) < r.opts.Settle {
			waiting++
			continue
		}
		if !zipReadable(filepath.Join(r.f.Inbox, name)) && now.Sub(prev.since) < r.opts.Quarantine && now.Sub(info.ModTime()) < r.opts.Quarantine {
			waiting++ // a copy that stalls halfway is not judged yet
			continue
		}
		ready = append(ready, name)
	}
	for name := range r.seen {
		if !present[name] {
			delete(r.seen, name)
		}
	}
	sort.Strings(ready)
	return ready, waiting, nil
}

// zipReadable reports whether path is a zip whose directory can be read: a
// workbook copied in completely.
func zipReadable(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return false
	}
	_, err = zip.NewReader(f, info.Size())
	return err == nil
}

// Result is what a pass did: the ledger's record of it, and the status of
// each file it processed.
type Result struct {
	ledger.Pass
	ByStatus map[report.Status]int
}

// outcome is what became of one inbox file.
type outcome struct {
	name   string
	kind   outcomeKind
	status report.Status
}

type outcomeKind int

const (
	outcomeProcessed outcomeKind = iota + 1
	outcomeDuplicate
	outcomeWaiting  // it changed while being read: left for the next pass
	outcomeLeftover // a killed run had recorded it: only its removal was left
)

// prepare processes one inbox file up to its ledger step, which commitBatch
// takes. The order makes a kill at any point harmless: the original is
// archived, then checked, its report and annotated copy written, then the
// ledger records it together with the copy's move to the outbox, and only
// then does the file leave the inbox. A file the ledger already has (a kill
// after the ledger step) is only removed. A file done with before its
// ledger step has its outcome and no pending.
func (r *Runner) prepare(ctx context.Context, name string) (outcome, *pending, error) {
	out := outcome{name: name}
	log := zerolog.Ctx(ctx)
	start := time.Now()
	path := filepath.Join(r.f.Inbox, name)
	info, err := os.Stat(path)
	if err != nil {
		return out, nil, &template.OpError{Op: OpRead, Path: path, Err: err}
	}
	if st := r.seenOf(name); st.size != info.Size() || !st.mtime.Equal(info.ModTime()) {
		out.kind = outcomeWaiting
		return out, nil, nil
	}
	// Read once: hashed, archived and checked from memory (nil for a file
	// too large to check, which is hashed and copied as it is).
	data, sum, err := pipeline.ReadFile(ctx, path)
	if err != nil {
		return out, nil, &template.OpError{Op: OpRead, Path: path, Err: err}
	}
	rc := ledger.Receipt{Name: name, Size: info.Size(), ModTime: info.ModTime(), SHA256: sum}
	if _, ok, err := r.ledger.Done(ctx, rc); err != nil {
		return out, nil, &template.OpError{Op: OpLedger, Path: r.f.Ledger, Err: err}
	} else if ok {
		out.kind = outcomeLeftover
		return out, nil, r.removeFromInbox(path)
	}
	release, err := r.claim(ctx, sum)
	if err != nil {
		return out, nil, err
	}
	// The archived original, the report and the annotated copy are made
	// durable with the other files the committer records together, before
	// the ledger records them (commitBatch); given up, they are let go.
	batch := &xlsx.Batch{}
	handed := false
	defer func() {
		if !handed {
			batch.Close()
			release()
		}
	}()
	archive := filepath.Join(r.f.Archive, archiveName(name, sum))
	if err := archiveCopy(ctx, path, data, archive, sum, batch); err != nil {
		return out, nil, &template.OpError{Op: OpArchive, Path: archive, Err: err}
	}
	if now, err := os.Stat(path); err != nil || now.Size() != info.Size() || !now.ModTime().Equal(info.ModTime()) {
		out.kind = outcomeWaiting // written to while it was read
		return out, nil, nil
	}
	// The same bytes as a recorded submission: the ledger records the file
	// as its duplicate, with its check, so there is nothing to check,
	// annotate or report again (and the report of the recorded one, named
	// by the bytes, is not written over).
	if _, ok, err := r.ledger.Known(ctx, sum); err != nil {
		return out, nil, &template.OpError{Op: OpLedger, Path: r.f.Ledger, Err: err}
	} else if ok {
		handed = true
		return out, &pending{name: name, path: path, batch: batch, release: release, start: start, sub: ledger.NewSubmission{
			Receipt: rc, ReceivedAt: start, Archive: r.f.rel(archive)}}, nil
	}
	staged := filepath.Join(r.f.Staging, sum+".审核.xlsx")
	popts := pipeline.Options{AnnotateDir: r.f.Staging, AnnotatedPath: staged, Timeout: r.opts.Timeout, FormRules: r.opts.FormRules, Batch: batch, Data: data, SHA256: sum, Themes: r.themes}
	var rep *report.Report
	var contents *report.Contents
	if r.opts.Draft != nil {
		rep, contents, err = pipeline.ProcessContents(ctx, archive, r.opts.Rulebook, popts)
	} else {
		rep, err = pipeline.Process(ctx, archive, r.opts.Rulebook, popts)
	}
	if err != nil {
		os.Remove(staged)
		return out, nil, err
	}
	// The draft report of an accepted form is staged with its annotated
	// copy and moved beside it with it.
	stagedDraft := ""
	if r.opts.Draft != nil && rep.Status == report.Accepted && rep.Annotated != "" {
		stagedDraft = filepath.Join(r.f.Staging, sum+".docx")
		err := xlsx.WriteAtomic(stagedDraft, batch, func(w io.Writer) error { return r.opts.Draft(rep, contents, w) })
		if err != nil {
			log.Warn().Str("file", name).Str("error", err.Error()).Msg("draft report not written")
			os.Remove(stagedDraft)
			stagedDraft = ""
		}
	}
	rep.File = name
	stagedCopy := rep.Annotated != ""
	rep.Annotated = ""
	result := filepath.Join(r.f.Results, sum+"."+shortSum(r.opts.Rulebook.SHA256)+".json")
	repJSON, err := json.Marshal(rep)
	if err != nil {
		os.Remove(staged)
		os.Remove(stagedDraft)
		return out, nil, err
	}
	if err := xlsx.WriteAtomic(result, batch, func(w io.Writer) error {
		_, err := w.Write(append(repJSON, '\n'))
		return err
	}); err != nil {
		os.Remove(staged)
		os.Remove(stagedDraft)
		return out, nil, &template.OpError{Op: OpResult, Path: result, Err: err}
	}
	p := &pending{name: name, path: path, staged: staged, stagedDraft: stagedDraft, batch: batch, release: release, start: start, sub: ledger.NewSubmission{
		Receipt: rc, ReceivedAt: start, Archive: r.f.rel(archive),
		Check: ledger.NewCheck{
			PerfevalVersion: r.opts.PerfevalVersion,
			Rulebook:        rulesOf(rep, r.opts.Rulebook),
			Report:          rep, ReportJSON: repJSON, Result: r.f.rel(result),
		}}}
	if !stagedCopy {
		p.staged = ""
	}
	handed = true
	return out, p, nil
}

// pending is an inbox file checked, its report and annotated copy written,
// waiting for its ledger step.
type pending struct {
	name, path  string
	staged      string      // the annotated copy, "" for none
	stagedDraft string      // the draft report, "" for none
	batch       *xlsx.Batch // the files written for it, to make durable before its ledger step
	release     func()      // lets a file with the same bytes go on, after the ledger step (claim)
	start       time.Time
	sub         ledger.NewSubmission
}

// maxBatch is the most files recorded in one ledger transaction.
const maxBatch = 64

// result is what became of one inbox file, or why it could not be
// processed.
type result struct {
	outcome outcome
	err     error
}

// commitBatch is the ledger step of checked files: the ledger records them
// in one transaction, each together with its annotated copy's move to the
// outbox, the moves made durable before the commit; after the commit each
// file leaves the inbox, and the inbox folder is made durable once for all.
// A file the ledger could not record stays in the inbox, its staged files
// removed, for the next pass.
func (r *Runner) commitBatch(ctx context.Context, batch []*pending) []result {
	log := zerolog.Ctx(ctx)
	moved := map[string]bool{} // folders a copy was moved into
	var placed []string        // the copies and drafts moved into the outbox
	var syncErr error          // making the batch's files durable
	subs := make([]ledger.NewSubmission, len(batch))
	for i, p := range batch {
		subs[i] = p.sub
		subs[i].Check.CheckedAt = time.Now()
		if p.staged == "" {
			continue
		}
		subs[i].Place = func(d report.DepartmentID, year, version int, status report.Status) (string, error) {
			dest := filepath.Join(r.statusFolder(status), copyName(d, projectOf(p.sub.Check.Report), year, version, p.name, p.sub.Receipt.SHA256))
			if err := os.Rename(p.staged, dest); err != nil {
				return "", &template.OpError{Op: OpOutbox, Path: dest, Err: err}
			}
			placed = append(placed, dest)
			if p.stagedDraft != "" {
				if err := os.Rename(p.stagedDraft, DraftName(dest)); err != nil {
					log.Warn().Str("file", p.name).Str("error", err.Error()).Msg("draft report not moved beside the annotated copy")
				} else {
					placed = append(placed, DraftName(dest))
				}
			}
			moved[filepath.Dir(dest)] = true
			return r.f.rel(dest), nil
		}
	}
	entries, errs, err := r.ledger.RecordAll(ctx, subs, func() error {
		for _, p := range batch {
			if err := p.batch.Sync(); err != nil && syncErr == nil {
				syncErr = err
			}
		}
		if syncErr != nil {
			return syncErr
		}
		for dir := range moved {
			syncDir(dir)
		}
		return nil
	})
	for _, p := range batch {
		defer p.release()
		p.batch.Close() // a no-op once synced
		if syncErr != nil {
			// Not trusted from the system's cache: written again next pass.
			for _, f := range p.batch.Paths() {
				os.Remove(f)
			}
		}
	}
	if syncErr != nil {
		// Nothing recorded: no copy of the batch stays in the outbox.
		for _, f := range placed {
			os.Remove(f)
		}
	}
	out := make([]result, len(batch))
	removed := false
	for i, p := range batch {
		out[i].outcome.name = p.name
		if p.staged != "" {
			os.Remove(p.staged) // a no-op once moved; the first one's copy stands for a duplicate
		}
		if p.stagedDraft != "" {
			os.Remove(p.stagedDraft)
		}
		if err == nil {
			err := errs[i]
			if err == nil {
				err = r.removeFromInboxLater(p.path)
				removed = true
			}
			if err != nil {
				out[i].err = err
				if !isOpError(err) {
					out[i].err = &template.OpError{Op: OpLedger, Path: r.f.Ledger, Err: err}
				}
				continue
			}
		} else {
			out[i].err = &template.OpError{Op: OpLedger, Path: r.f.Ledger, Err: err}
			continue
		}
		e := entries[i]
		if e.DuplicateOf != 0 {
			out[i].outcome.kind = outcomeDuplicate
		} else {
			out[i].outcome.kind, out[i].outcome.status = outcomeProcessed, e.Check.Status
		}
		ev := log.Info().Str("file", p.name).Str("sha256", p.sub.Receipt.SHA256).Str("status", string(e.Check.Status)).
			Int("errors", e.Check.Errors).Int("warnings", e.Check.Warnings).Dur("duration", time.Since(p.start))
		if e.DuplicateOf != 0 {
			ev = ev.Int64("duplicate_of", e.DuplicateOf)
		}
		ev.Msg("processed")
	}
	if removed {
		syncDir(r.f.Inbox)
	}
	return out
}

// isOpError reports whether err is already an *template.OpError.
func isOpError(err error) bool {
	var oe *template.OpError
	return errors.As(err, &oe)
}

// claim waits until no other file with the bytes sum is being processed,
// and takes them; release, once the file's ledger step is done or it is
// given up, lets the next one go on. Only a cancelled ctx ends the wait.
func (r *Runner) claim(ctx context.Context, sum string) (release func(), err error) {
	for {
		r.mu.Lock()
		busy, ok := r.inflight[sum]
		if !ok {
			done := make(chan struct{})
			if r.inflight == nil {
				r.inflight = map[string]chan struct{}{}
			}
			r.inflight[sum] = done
			r.mu.Unlock()
			return sync.OnceFunc(func() {
				r.mu.Lock()
				delete(r.inflight, sum)
				r.mu.Unlock()
				close(done)
			}), nil
		}
		r.mu.Unlock()
		select {
		case <-busy:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// seenOf returns how a file looked when the pass listed it. Passes list
// the inbox before their workers start, so the map is only read meanwhile.
func (r *Runner) seenOf(name string) observed { return r.seen[name] }

// statusFolder is the outbox folder of a status.
func (r *Runner) statusFolder(s report.Status) string {
	if s == report.Accepted {
		return r.f.Accepted
	}
	return r.f.Returned
}

// removeFromInbox removes a processed file and makes the removal durable.
func (r *Runner) removeFromInbox(path string) error {
	if err := r.removeFromInboxLater(path); err != nil {
		return err
	}
	syncDir(r.f.Inbox)
	return nil
}

// removeFromInboxLater removes a processed file; the caller makes the
// removal durable (syncDir of the inbox).
func (r *Runner) removeFromInboxLater(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return &template.OpError{Op: OpRemove, Path: path, Err: err}
	}
	return nil
}

// hashFile returns the hex SHA-256 of a file, stopping when ctx is done.
func hashFile(ctx context.Context, path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, ctxReader{ctx, f}); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// archiveCopy copies src, whose bytes are data when read already, to the
// archive under dest, atomically, unless the archive has it already; the
// copy must hash to sum. The copy, or the one found in place, joins batch,
// to be made durable before the ledger records it.
func archiveCopy(ctx context.Context, src string, data []byte, dest, sum string, batch *xlsx.Batch) error {
	// Content-addressed: the same name is the same bytes, unless a crash
	// left the name of a copy that never reached the disk.
	if got, err := hashFile(ctx, dest); err == nil && got == sum {
		return batch.Keep(dest)
	}
	if data != nil { // read and hashed already
		return xlsx.WriteAtomic(dest, batch, func(w io.Writer) error {
			_, err := w.Write(data)
			return err
		})
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	return xlsx.WriteAtomic(dest, batch, func(w io.Writer) error {
		h := sha256.New()
		if _, err := io.Copy(io.MultiWriter(w, h), in); err != nil {
			return err
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != sum {
			return fmt.Errorf("%w: SHA-256 %s, read before as %s", errChanged, got, sum)
		}
		return nil
	})
}

// errChanged says an inbox file changed between two reads.
var errChanged = errors.New("file changed while it was read")

// syncDir makes the entries of a folder durable, where the system allows
// it (not on Windows, where renames are durable anyway).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

func shortSum(s string) string { return s[:min(12, len(s))] }

// ctxReader is a reader that stops with ctx's error once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
