package mail

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/perfeval/perfeval/template"
)

// The operations of mail that can fail on the machine.
const (
	OpOpenLog  template.Op = "open send log"
	OpWriteEML template.Op = "write eml"
)

// Retry bounds the retrying of failed sends: at most Attempts tries of
// each message, waiting First after the first round of failures and twice
// as long after each next one, and no further round once the waits would
// pass Limit in all.
type Retry struct {
	Attempts int
	First    time.Duration
	Limit    time.Duration
	// Sleep waits d or until ctx is done; nil is a timer. Tests pass one
	// that does not wait.
	Sleep func(ctx context.Context, d time.Duration) error
}

// DefaultRetry tries each message four times over at most two minutes of
// waiting (10 s, 20 s, 40 s).
var DefaultRetry = Retry{Attempts: 4, First: 10 * time.Second, Limit: 2 * time.Minute}

func (r Retry) sleep(ctx context.Context, d time.Duration) error {
	if r.Sleep != nil {
		return r.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Sender sends messages once each, as its log records.
type Sender struct {
	Settings Settings
	// Log records what was sent; nil sends without a log (every message).
	Log   *Log
	Retry Retry
	// Resend sends again what the log records as sent.
	Resend bool
	// DryRun, when not "", is a folder: each message is written there as
	// <n>-<attachment name>.eml instead of being sent (what the log has
	// is skipped as in a send), and nothing is recorded.
	DryRun string
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

// Failure is a message that could not be sent, with the last error.
type Failure struct {
	Message  Message
	Attempts int
	Err      error
}

// Result is what Send did with each message.
type Result struct {
	// Sent were accepted by the server (and recorded).
	Sent []Message
	// Written are the .eml files of a dry run.
	Written []string
	// Skipped were already in the log.
	Skipped []Message
	// Failed could not be sent within the retries.
	Failed []Failure
}

// Send sends each message not yet in the log (all with Resend), retrying
// failures as s.Retry bounds them; a server's permanent refusal (a 5xx
// reply) is not retried. A message is recorded as soon as the server
// accepts it. The error is for the log or the dry-run folder, or a
// cancelled ctx; failed sends are in Result.Failed.
func (s *Sender) Send(ctx context.Context, msgs []Message) (Result, error) {
	var res Result
	var pending []Message
	for _, m := range msgs {
		if s.Log != nil && !s.Resend {
			done, err := s.Log.Sent(ctx, m.Key, m.To)
			if err != nil {
				return res, err
			}
			if done {
				res.Skipped = append(res.Skipped, m)
				continue
			}
		}
		pending = append(pending, m)
	}
	if s.DryRun != "" {
		return res, s.writeEML(pending, &res)
	}
	if len(pending) == 0 {
		return res, nil
	}
	client, err := s.Settings.client()
	if err != nil {
		return res, err
	}
	attempts := map[int]int{}
	lastErr := map[int]error{}
	idx := make([]int, len(pending))
	for i := range idx {
		idx[i] = i
	}
	wait, waited := s.Retry.First, time.Duration(0)
	for round := 1; len(idx) > 0; round++ {
		var again []int
		for _, i := range idx {
			if err := ctx.Err(); err != nil {
				return res, err
			}
			attempts[i]++
			err := s.sendOne(ctx, client, pending[i])
			if err == nil {
				res.Sent = append(res.Sent, pending[i])
				continue
			}
			var rec recordError
			if errors.As(err, &rec) {
				return res, rec.err
			}
			lastErr[i] = err
			if permanent(err) {
				res.Failed = append(res.Failed, Failure{Message: pending[i], Attempts: attempts[i], Err: err})
				continue
			}
			again = append(again, i)
		}
		if len(again) == 0 || round >= s.Retry.Attempts || waited+wait > s.Retry.Limit {
			for _, i := range again {
				res.Failed = append(res.Failed, Failure{Message: pending[i], Attempts: attempts[i], Err: lastErr[i]})
			}
			break
		}
		if err := s.Retry.sleep(ctx, wait); err != nil {
			return res, err
		}
		waited += wait
		wait *= 2
		idx = again
	}
	return res, nil
}

// recordError is a failure to write the log after a send: it stops Send,
// since what was sent could no longer be told.
type recordError struct{ err error }

func (e recordError) Error() string { return e.err.Error() }

func (s *Sender) sendOne(ctx context.Context, client *gomail.Client, m Message) error {
	msg, err := m.build(s.Settings.From)
	if err != nil {
		return err
	}
	sc, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return fmt.Errorf("dial %s: %w", s.Settings.Host, err)
	}
	err = client.SendWithSMTPClient(sc, msg)
	// Once the server accepted the message, a failed QUIT does not unsend
	// it: counting it a failure would send it again on retry.
	client.CloseWithSMTPClient(sc) //nolint:errcheck // see above
	if err != nil {
		return err
	}
	if s.Log != nil {
		now := time.Now
		if s.Now != nil {
			now = s.Now
		}
		if err := s.Log.record(ctx, m, now()); err != nil {
			return recordError{err}
		}
	}
	return nil
}

// permanent reports whether err is a server's permanent refusal (5xx),
// which a retry would meet again.
func permanent(err error) bool {
	var se *gomail.SendError
	if errors.As(err, &se) {
		return !se.IsTemp()
	}
	return false
}

// writeEML writes each message as an .eml file in s.DryRun.
func (s *Sender) writeEML(msgs []Message, res *Result) error {
	if err := os.MkdirAll(s.DryRun, 0o755); err != nil {
		return &template.OpError{Op: OpWriteEML, Path: s.DryRun, Err: err}
	}
	for i, m := range msgs {
		name := m.AttachmentName
		if name == "" {
			name = m.Key
		}
		path := filepath.Join(s.DryRun, fmt.Sprintf("%03d-%s.eml", i+1, template.SafeFileName(name, 80)))
		f, err := os.Create(path)
		if err != nil {
			return &template.OpError{Op: OpWriteEML, Path: path, Err: err}
		}
		err = m.WriteEML(f, s.Settings.From)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return &template.OpError{Op: OpWriteEML, Path: path, Err: err}
		}
		res.Written = append(res.Written, path)
	}
	return nil
}
