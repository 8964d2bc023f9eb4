package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/rs/zerolog"

	"github.com/perfeval/perfeval/pipeline/inbox"
	"github.com/perfeval/perfeval/pipeline/ledger"
	"github.com/perfeval/perfeval/pipeline/mail"
	"github.com/perfeval/perfeval/pipeline/roster"
	"github.com/perfeval/perfeval/template"
)

// errNotMailed says some mail back could not be sent; the next pass tries
// again.
var errNotMailed = errors.New("some mail back could not be sent")

// notifyDepartments returns the mail back of run --notify and watch
// --notify: each accepted or returned submission of the ledger not yet
// mailed (the send log perfeval-mail.db in root says) goes to its
// department's address on the roster with its annotated copy; a
// submission whose department is not on the roster is logged once, not
// mailed. Failures are written to stderr and returned, so that the next
// pass tries again.
func notifyDepartments(root, rosterPath string, settings mail.Settings, retry mail.Retry, stderr io.Writer) func(context.Context, *ledger.Ledger) error {
	return func(ctx context.Context, l *ledger.Ledger) error {
		r, _, err := roster.Read(rosterPath)
		if err != nil {
			return err
		}
		if r == nil {
			return fmt.Errorf("roster %s cannot be used", rosterPath)
		}
		// One submission at a time: ten thousand reports are never all in
		// memory, only the messages made of them.
		var msgs []mail.Message
		var unmailed []mail.Unmailed
		n := mail.NewNotifier(r, inbox.FoldersOf(root).Abs)
		if err := l.Each(ctx, func(e ledger.Entry) error {
			m, u := n.Message(e)
			if m != nil {
				msgs = append(msgs, *m)
			}
			if u != nil {
				u.Entry.Check.Report = nil // what is said of it is its file and department
				unmailed = append(unmailed, *u)
			}
			return nil
		}); err != nil {
			return err
		}
		log, err := mail.OpenLog(ctx, filepath.Join(root, mail.LogName))
		if err != nil {
			return err
		}
		defer log.Close()
		logger := zerolog.Ctx(ctx)
		for _, u := range unmailed {
			first, err := log.NoteUnmailed(ctx, mail.NotifyKey(u.Entry.ID), u.Reason, time.Now())
			if err != nil {
				return err
			}
			if first {
				logger.Warn().Str("file", u.Entry.Receipt.Name).Str("department", u.Entry.Department.Code).
					Str("reason", u.Reason).Msg("not mailed back")
			}
		}
		s := &mail.Sender{Settings: settings, Log: log, Retry: retry}
		res, err := s.Send(ctx, msgs)
		for _, m := range res.Sent {
			logger.Info().Str("to", m.To).Str("attachment", m.AttachmentName).Msg("mailed back")
		}
		for _, f := range res.Failed {
			fmt.Fprintf(stderr, "perfeval: 审核结果邮件发送失败：%s → %s（尝试 %d 次，下次处理后重试）：%s\n", template.Visible(f.Message.AttachmentName),
				template.Visible(f.Message.To), f.Attempts, template.Visible(f.Err.Error()))
		}
		if err != nil {
			return err
		}
		if len(res.Failed) > 0 {
			return fmt.Errorf("%w: %d of %d", errNotMailed, len(res.Failed), len(msgs)-len(res.Skipped))
		}
		return nil
	}
}

// afterChange runs each of fns, all of them whatever one returns.
func afterChange(fns ...func(context.Context, *ledger.Ledger) error) func(context.Context, *ledger.Ledger) error {
	return func(ctx context.Context, l *ledger.Ledger) error {
		var errs []error
		for _, f := range fns {
			if err := f(ctx, l); err != nil {
				errs = append(errs, err)
			}
		}
		return errors.Join(errs...)
	}
}
