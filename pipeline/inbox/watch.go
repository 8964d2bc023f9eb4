package inbox

import (
	"context"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/rs/zerolog"
)

// Watch processes the inbox until ctx is done: a pass when a file event
// says the inbox changed, again once the files still being copied in have
// had time to settle, and every poll interval whatever the events say (they
// do not arrive on network shares; poll 0 relies on events alone). What is
// built from the ledger (Options.Changed: the summary, which for a province
// takes seconds) is refreshed beside the passes, one refresh at a time and
// again while passes change the ledger meanwhile, so that a file dropped
// during a refresh is not kept waiting for it. It returns nil when ctx is
// done, after the refresh at hand: the file at hand is finished or given
// up, never left half-written.
func (r *Runner) Watch(ctx context.Context, poll time.Duration) error {
	log := zerolog.Ctx(ctx)
	refresh := make(chan struct{}, 1)
	var refresher sync.WaitGroup
	refresher.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-refresh:
			}
			// Again while passes changed the ledger meanwhile.
			for ctx.Err() == nil && r.refreshPending() {
				if !r.changed(ctx) {
					break // tried again after the next pass
				}
			}
		}
	})
	defer refresher.Wait()
	var events <-chan fsnotify.Event
	var errs <-chan error
	if w, err := fsnotify.NewWatcher(); err != nil {
		log.Warn().Str("error", err.Error()).Msg("no file events; polling only")
	} else {
		defer w.Close()
		if err := w.Add(r.f.Inbox); err != nil {
			log.Warn().Str("error", err.Error()).Msg("no file events for the inbox; polling only")
		} else {
			events, errs = w.Events, w.Errors
		}
	}
	var tick <-chan time.Time
	if poll > 0 {
		t := time.NewTicker(poll)
		defer t.Stop()
		tick = t.C
	}
	// soon is how long after an event the inbox is looked at: long enough
	// to take a burst of events in one pass, short enough to start a new
	// file's settle time at once.
	soon := min(r.opts.Settle/4, 250*time.Millisecond)
	next := time.NewTimer(0) // a first pass at once
	defer next.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case _, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			next.Reset(soon)
			continue
		case err, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			log.Warn().Str("error", err.Error()).Msg("file events")
			continue
		case <-tick:
		case <-next.C:
		}
		pass, err := r.pass(ctx, false)
		if err == nil && r.refreshPending() {
			select {
			case refresh <- struct{}{}:
			default: // one is due already
			}
		}
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			// The bureau's side (a full disk, the ledger): said, and tried
			// again later.
			log.Error().Str("error", err.Error()).Msg("pass over the inbox failed; trying again")
			next.Reset(max(r.opts.Settle, time.Second))
		case pass.Waiting > 0 || pass.Failed > 0:
			next.Reset(r.opts.Settle)
		}
	}
}
