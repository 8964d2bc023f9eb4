package mail_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/perfeval/perfeval/pipeline/mail"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
)

// messages returns n messages to dept<i>@example.cn, each with its own
// attachment (a file of distinct bytes) named in Chinese.
func messages(t *testing.T, n int) []mail.Message {
	t.Helper()
	dir := t.TempDir()
	var out []mail.Message
	for i := range n {
		code := string(rune('1'+i)) + "0100" + string(rune('1'+i))
		path := filepath.Join(dir, code+".xlsx")
		if err := os.WriteFile(path, []byte(strings.Repeat("PK"+code, 1000)), 0o644); err != nil {
			t.Fatal(err)
		}
		out = append(out, mail.Message{
			Key:            "distribute:2022:" + code,
			To:             "dept" + code + "@example.cn",
			ToName:         "联系人" + code,
			Subject:        "2022 年度部门整体支出绩效自评表（部门" + code + "）",
			Body:           "您好！附件是贵单位的自评表，请于 2023年3月31日 前交回。",
			Attachment:     path,
			AttachmentName: code + "-南昌市政务服务数据管理局-2022-自评表.xlsx",
		})
	}
	return out
}

func plain(srv *pipelinetest.SMTPServer) mail.Settings {
	return mail.Settings{Host: srv.Host, Port: srv.Port, TLS: mail.TLSNone, From: "czj@example.cn", Timeout: 20 * time.Second}
}

func openLog(t *testing.T) *mail.Log {
	t.Helper()
	l, err := mail.OpenLog(context.Background(), filepath.Join(t.TempDir(), mail.LogName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// noWait records the backoff instead of waiting it.
func noWait(waits *[]time.Duration) func(context.Context, time.Duration) error {
	return func(_ context.Context, d time.Duration) error {
		*waits = append(*waits, d)
		return nil
	}
}

// checkReceived: every message arrived exactly once, to its recipient,
// with its subject, body and attachment parsing back byte for byte under
// its Chinese name.
func checkReceived(t *testing.T, got []pipelinetest.Mail, msgs []mail.Message) {
	t.Helper()
	if len(got) != len(msgs) {
		t.Fatalf("server received %d messages, want %d", len(got), len(msgs))
	}
	for _, m := range msgs {
		i := slices.IndexFunc(got, func(g pipelinetest.Mail) bool { return slices.Equal(g.To, []string{m.To}) })
		if i < 0 {
			t.Errorf("no message to %s", m.To)
			continue
		}
		p := pipelinetest.ParseMail(t, got[i].Data)
		if p.Subject != m.Subject {
			t.Errorf("subject to %s = %q, want %q", m.To, p.Subject, m.Subject)
		}
		if !strings.Contains(p.Body, m.Body) {
			t.Errorf("body to %s = %q, want it to hold %q", m.To, p.Body, m.Body)
		}
		if !strings.Contains(p.To, m.ToName) {
			t.Errorf("To header %q lacks the name %q", p.To, m.ToName)
		}
		want, _ := os.ReadFile(m.Attachment)
		if len(p.Attachments) != 1 || p.Attachments[0].Name != m.AttachmentName || !bytes.Equal(p.Attachments[0].Data, want) {
			var names []string
			for _, a := range p.Attachments {
				names = append(names, a.Name)
			}
			t.Errorf("attachments to %s = %q, want one %q with the file's bytes", m.To, names, m.AttachmentName)
		}
	}
}

// TestSendOnce: each message arrives once with its attachment; a rerun
// sends nothing; Resend sends again.
func TestSendOnce(t *testing.T) {
	ctx := context.Background()
	srv := pipelinetest.StartSMTP(t, pipelinetest.SMTPOptions{})
	msgs := messages(t, 3)
	log := openLog(t)
	s := &mail.Sender{Settings: plain(srv), Log: log, Retry: mail.DefaultRetry}
	res, err := s.Send(ctx, msgs)
	if err != nil || len(res.Sent) != 3 || len(res.Failed) != 0 {
		t.Fatalf("Send = %d sent, %v failed, %v; want 3 sent", len(res.Sent), res.Failed, err)
	}
	checkReceived(t, srv.Mails(), msgs)

	res, err = s.Send(ctx, msgs)
	if err != nil || len(res.Sent) != 0 || len(res.Skipped) != 3 {
		t.Fatalf("rerun: %d sent, %d skipped, %v; want 0 sent, 3 skipped", len(res.Sent), len(res.Skipped), err)
	}
	if n := len(srv.Mails()); n != 3 {
		t.Fatalf("after the rerun the server has %d messages, want 3", n)
	}
	if ok, _ := log.Sent(ctx, msgs[0].Key, msgs[0].To); !ok {
		t.Errorf("log lacks %s to %s", msgs[0].Key, msgs[0].To)
	}
	// Another recipient for the same key is another send.
	other := msgs[0]
	other.To = "new@example.cn"
	if res, _ := s.Send(ctx, []mail.Message{other}); len(res.Sent) != 1 {
		t.Errorf("a new recipient: %d sent, want 1", len(res.Sent))
	}

	s.Resend = true
	res, err = s.Send(ctx, msgs)
	if err != nil || len(res.Sent) != 3 {
		t.Fatalf("resend: %d sent, %v; want 3", len(res.Sent), err)
	}
	if n := len(srv.Mails()); n != 7 {
		t.Errorf("after the resend the server has %d messages, want 7", n)
	}
}

// TestSendRefused: a recipient refused for a while (4xx) is retried with
// growing waits and sent; one refused for good (5xx) is reported at once;
// one refused at every try is reported after the last; a rerun sends only
// those two.
func TestSendRefused(t *testing.T) {
	ctx := context.Background()
	msgs := messages(t, 4)
	late, never, always := msgs[0].To, msgs[1].To, msgs[2].To
	srv := pipelinetest.StartSMTP(t, pipelinetest.SMTPOptions{Refuse: func(rcpt string, try int) *smtp.SMTPError {
		switch {
		case rcpt == late && try <= 2, rcpt == always:
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
		case rcpt == never:
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
		}
		return nil
	}})
	var waits []time.Duration
	s := &mail.Sender{Settings: plain(srv), Log: openLog(t),
		Retry: mail.Retry{Attempts: 4, First: time.Second, Limit: time.Minute, Sleep: noWait(&waits)}}
	res, err := s.Send(ctx, msgs)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := waits, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}; !slices.Equal(got, want) {
		t.Errorf("waits = %v, want %v", got, want)
	}
	var sent []string
	for _, m := range res.Sent {
		sent = append(sent, m.To)
	}
	slices.Sort(sent)
	if want := []string{late, msgs[3].To}; !slices.Equal(sent, want) {
		t.Errorf("sent %v, want %v", sent, want)
	}
	failed := map[string]int{}
	for _, f := range res.Failed {
		failed[f.Message.To] = f.Attempts
		if f.Err == nil {
			t.Errorf("failure to %s carries no error", f.Message.To)
		}
	}
	if want := map[string]int{never: 1, always: 4}; len(failed) != 2 || failed[never] != 1 || failed[always] != 4 {
		t.Errorf("failed (recipient: attempts) = %v, want %v", failed, want)
	}
	if srv.Tries(late) != 3 {
		t.Errorf("%s tried %d times, want 3", late, srv.Tries(late))
	}
	checkReceived(t, srv.Mails(), []mail.Message{msgs[0], msgs[3]})

	waits = nil
	s.Retry.Attempts = 1
	res, err = s.Send(ctx, msgs)
	if err != nil || len(res.Skipped) != 2 || len(res.Failed) != 2 || len(res.Sent) != 0 {
		t.Errorf("rerun: %d sent, %d skipped, %d failed, %v; want 0, 2, 2", len(res.Sent), len(res.Skipped), len(res.Failed), err)
	}
}

// TestRetryLimit: no round starts once the waits would pass the limit.
func TestRetryLimit(t *testing.T) {
	msgs := messages(t, 1)
	srv := pipelinetest.StartSMTP(t, pipelinetest.SMTPOptions{Refuse: func(string, int) *smtp.SMTPError {
		return &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 4, 2}, Message: "busy"}
	}})
	var waits []time.Duration
	s := &mail.Sender{Settings: plain(srv), Retry: mail.Retry{Attempts: 10, First: time.Second, Limit: 3 * time.Second, Sleep: noWait(&waits)}}
	res, err := s.Send(context.Background(), msgs)
	if err != nil || len(res.Failed) != 1 || res.Failed[0].Attempts != 3 {
		t.Fatalf("Send = %+v, %v; want one failure after 3 attempts", res.Failed, err)
	}
	if want := []time.Duration{time.Second, 2 * time.Second}; !slices.Equal(waits, want) {
		t.Errorf("waits = %v, want %v", waits, want)
	}
}

// TestStartTLSAuth: STARTTLS with a test certificate, then AUTH PLAIN; a
// wrong password is a failure, not a send.
func TestStartTLSAuth(t *testing.T) {
	ctx := context.Background()
	serverTLS, roots := pipelinetest.TestCertificate(t)
	srv := pipelinetest.StartSMTP(t, pipelinetest.SMTPOptions{TLS: serverTLS, User: "czj", Password: "口令 s3cret"})
	msgs := messages(t, 2)
	st := plain(srv)
	st.TLS, st.User, st.Password = mail.TLSStartTLS, "czj", "口令 s3cret"
	st.TLSConfig = pipelinetest.ClientTLS(roots)
	s := &mail.Sender{Settings: st, Log: openLog(t), Retry: mail.DefaultRetry}
	res, err := s.Send(ctx, msgs)
	if err != nil || len(res.Sent) != 2 {
		t.Fatalf("Send = %d sent, failed %v, %v; want 2 sent", len(res.Sent), res.Failed, err)
	}
	checkReceived(t, srv.Mails(), msgs)

	st.Password = "wrong"
	s = &mail.Sender{Settings: st, Retry: mail.Retry{Attempts: 1}}
	res, err = s.Send(ctx, msgs[:1])
	if err != nil || len(res.Failed) != 1 {
		t.Fatalf("wrong password: %d sent, %d failed, %v; want 1 failed", len(res.Sent), len(res.Failed), err)
	}

	// Without the test certificate the server is not trusted.
	st.Password, st.TLSConfig = "口令 s3cret", nil
	s = &mail.Sender{Settings: st, Retry: mail.Retry{Attempts: 1}}
	if res, _ := s.Send(ctx, msgs[:1]); len(res.Failed) != 1 {
		t.Errorf("untrusted certificate: %d failed, want 1", len(res.Failed))
	}
}

// TestImplicitTLS: TLS from the first byte (port 465 in practice).
func TestImplicitTLS(t *testing.T) {
	serverTLS, roots := pipelinetest.TestCertificate(t)
	srv := pipelinetest.StartSMTP(t, pipelinetest.SMTPOptions{TLS: serverTLS, Implicit: true, User: "czj", Password: "pw"})
	msgs := messages(t, 1)
	st := plain(srv)
	st.TLS, st.User, st.Password, st.TLSConfig = mail.TLSImplicit, "czj", "pw", pipelinetest.ClientTLS(roots)
	s := &mail.Sender{Settings: st, Retry: mail.Retry{Attempts: 1}}
	res, err := s.Send(context.Background(), msgs)
	if err != nil || len(res.Sent) != 1 {
		t.Fatalf("Send = %d sent, failed %v, %v; want 1 sent", len(res.Sent), res.Failed, err)
	}
	checkReceived(t, srv.Mails(), msgs)
}

// TestStartTLSRequired: a server that offers no STARTTLS gets nothing in
// the clear, the password least of all.
func TestStartTLSRequired(t *testing.T) {
	srv := pipelinetest.StartSMTP(t, pipelinetest.SMTPOptions{})
	st := plain(srv)
	st.TLS, st.User, st.Password = mail.TLSStartTLS, "czj", "pw"
	s := &mail.Sender{Settings: st, Retry: mail.Retry{Attempts: 1}}
	res, err := s.Send(context.Background(), messages(t, 1))
	if err != nil || len(res.Failed) != 1 || len(srv.Mails()) != 0 {
		t.Errorf("Send = %d sent, %d failed, %v, server has %d; want 1 failed and nothing received", len(res.Sent), len(res.Failed), err, len(srv.Mails()))
	}
}

// TestDryRun: .eml files instead of sends, parsing back like a sent
// message; nothing is recorded, so a real send afterwards sends all.
func TestDryRun(t *testing.T) {
	ctx := context.Background()
	msgs := messages(t, 2)
	dir := filepath.Join(t.TempDir(), "邮件")
	log := openLog(t)
	s := &mail.Sender{Settings: mail.Settings{From: "czj@example.cn", TLS: mail.TLSStartTLS}, Log: log, DryRun: dir}
	res, err := s.Send(ctx, msgs)
	if err != nil || len(res.Written) != 2 {
		t.Fatalf("dry run = %v, %v; want 2 files", res.Written, err)
	}
	var got []pipelinetest.Mail
	for i, p := range res.Written {
		if filepath.Dir(p) != dir || !strings.HasSuffix(p, ".eml") {
			t.Errorf("written %s, want an .eml in %s", p, dir)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, pipelinetest.Mail{To: []string{msgs[i].To}, Data: b})
	}
	checkReceived(t, got, msgs)
	if ok, _ := log.Sent(ctx, msgs[0].Key, msgs[0].To); ok {
		t.Error("a dry run was recorded as sent")
	}
}

// TestTemplate: the first line is the subject, the rest the body; a
// missing field is ErrTemplate.
func TestTemplate(t *testing.T) {
	tm, err := mail.ParseTemplate("t", "主题：{{.Name}} 的自评表\n\n{{.Name}}：请于 {{.Deadline}} 前交回。\n")
	if err != nil {
		t.Fatal(err)
	}
	subj, body, err := tm.Execute(map[string]string{"Name": "南昌市政务服务数据管理局", "Deadline": "2023年3月31日"})
	if err != nil || subj != "南昌市政务服务数据管理局 的自评表" || body != "南昌市政务服务数据管理局：请于 2023年3月31日 前交回。\n" {
		t.Errorf("Execute = %q, %q, %v", subj, body, err)
	}
	if _, _, err := tm.Execute(map[string]string{"Name": "x"}); !errors.Is(err, mail.ErrTemplate) {
		t.Errorf("missing field: %v, want ErrTemplate", err)
	}
	if _, err := mail.ParseTemplate("t", "{{.Name"); !errors.Is(err, mail.ErrTemplate) {
		t.Errorf("bad template: %v, want ErrTemplate", err)
	}
	empty, _ := mail.ParseTemplate("t", "\n\nbody")
	if _, _, err := empty.Execute(nil); !errors.Is(err, mail.ErrTemplate) {
		t.Errorf("empty subject: %v, want ErrTemplate", err)
	}
}
