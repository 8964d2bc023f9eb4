package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/ledger"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

// Rerun checks every department's latest submission again from its archived
// original under the runner's rulebook (a rulebook corrected mid-season),
// records each new check beside the earlier ones and puts each annotated
// copy where its new status says. It returns how many it checked; a
// submission that could not be checked for a reason on the bureau's side is
// logged and counted in failed, and keeps its earlier result.
func (r *Runner) Rerun(ctx context.Context) (checked, failed int, err error) {
	log := zerolog.Ctx(ctx)
	// The submissions without their earlier reports, which a new check
	// replaces: ten thousand of them are some 300 MB.
	var latest []ledger.Entry
	err = r.ledger.EachLatest(ctx, func(e ledger.Entry) error {
		e.Check.Report = nil
		latest = append(latest, e)
		return nil
	})
	if err != nil {
		return 0, 0, &template.OpError{Op: OpLedger, Path: r.f.Ledger, Err: err}
	}
	if len(latest) > 0 {
		r.markRefreshDue(ctx)
	}
	// The submissions are checked by the runner's workers at once, as a
	// pass checks new files; the ledger takes their new checks one at a
	// time.
	var mu sync.Mutex // checked, failed, done and Progress
	done := 0
	work := make(chan ledger.Entry)
	var workers sync.WaitGroup
	for range min(r.opts.Workers, len(latest)) {
		workers.Go(func() {
			for e := range work {
				err := r.recheck(ctx, e)
				mu.Lock()
				switch {
				case err != nil && ctx.Err() == nil:
					failed++
					log.Error().Str("file", e.Receipt.Name).Str("sha256", e.Receipt.SHA256).Str("error", err.Error()).Msg("not checked again; its earlier result stands")
				case err == nil:
					checked++
				}
				done++
				if r.opts.Progress != nil {
					r.opts.Progress(done, len(latest))
				}
				mu.Unlock()
			}
		})
	}
	for _, e := range latest {
		if ctx.Err() != nil {
			break
		}
		work <- e
	}
	close(work)
	workers.Wait()
	if err := ctx.Err(); err != nil {
		return checked, failed, err
	}
	log.Info().Int("checked", checked).Int("failed", failed).Str("rulebook", r.opts.Rulebook.ID).Msg("rerun")
	if checked > 0 {
		r.changed(ctx)
	}
	return checked, failed, nil
}

// recheck checks one submission again.
func (r *Runner) recheck(ctx context.Context, e ledger.Entry) error {
	sum := e.Receipt.SHA256
	archive := r.f.Abs(e.Archive)
	staged := filepath.Join(r.f.Staging, sum+".审核.xlsx")
	rep, err := pipeline.Process(ctx, archive, r.opts.Rulebook, pipeline.Options{AnnotateDir: r.f.Staging, AnnotatedPath: staged, Timeout: r.opts.Timeout, FormRules: r.opts.FormRules, Themes: r.themes})
	if err != nil {
		os.Remove(staged)
		return err
	}
	rep.File = e.Receipt.Name
	stagedCopy := rep.Annotated != ""
	rep.Annotated = ""
	result := filepath.Join(r.f.Results, sum+"."+shortSum(r.opts.Rulebook.SHA256)+".json")
	data, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	if err := xlsx.WriteFileAtomic(result, append(data, '\n')); err != nil {
		return &template.OpError{Op: OpResult, Path: result, Err: err}
	}
	annotated := ""
	if stagedCopy {
		dest := filepath.Join(r.statusFolder(rep.Status), copyName(e.Department, projectOf(rep), e.Year, e.Version, e.Receipt.Name, sum))
		if err := os.Rename(staged, dest); err != nil {
			return &template.OpError{Op: OpOutbox, Path: dest, Err: err}
		}
		syncDir(filepath.Dir(dest))
		annotated = r.f.rel(dest)
	}
	if _, err := r.ledger.AddCheck(ctx, e.ID, ledger.NewCheck{
		CheckedAt: time.Now(), PerfevalVersion: r.opts.PerfevalVersion,
		Rulebook: rulesOf(rep, r.opts.Rulebook),
		Report:   rep, Result: r.f.rel(result),
	}, annotated); err != nil {
		return &template.OpError{Op: OpLedger, Path: r.f.Ledger, Err: err}
	}
	// The outbox shows each submission's current verdict: a copy that
	// moved between accepted and returned leaves its old place.
	if old := e.Check.Annotated; old != "" && old != annotated {
		if err := os.Remove(r.f.Abs(old)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return &template.OpError{Op: OpOutbox, Path: r.f.Abs(old), Err: err}
		}
	}
	return nil
}

// rulesOf names the rules that scored a report: the run's rulebook, or
// the one of Options.FormRules the report names (a project form).
func rulesOf(rep *report.Report, rb *rulebook.Rulebook) ledger.Rulebook {
	if rep.Rulebook != nil {
		return ledger.Rulebook{ID: rep.Rulebook.ID, SHA256: rep.Rulebook.SHA256}
	}
	return ledger.Rulebook{ID: rb.ID, SHA256: rb.SHA256}
}
