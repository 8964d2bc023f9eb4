package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/perfeval/perfeval/pipeline/mail"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
)

// mailRoster has two departments with an address and one without.
const mailRoster = sampleRoster + "101003,南昌市无邮箱局,王五,,50,50\n"

// TestDistributeSend: every department with an address receives exactly
// one message, with its own template attached under its Chinese name, the
// subject and body from the default template with the deadline; AUTH takes
// the password from the environment; a rerun sends nothing.
func TestDistributeSend(t *testing.T) {
	srv := pipelinetest.StartSMTP(t, pipelinetest.SMTPOptions{User: "czj", Password: "环境中的 s3cret"})
	t.Setenv(passwordEnv, "环境中的 s3cret")
	dir := t.TempDir()
	rosterPath := writeFile(t, filepath.Join(dir, "名单.csv"), []byte(mailRoster))
	out := filepath.Join(dir, "下发")
	args := []string{"distribute", "--roster", rosterPath, "--year", "2022", "--out", out, "--send", "--deadline", "2023-03-31",
		"--smtp-host", srv.Host, "--smtp-port", strconv.Itoa(srv.Port), "--smtp-tls", "none", "--smtp-user", "czj", "--smtp-from", "czj@example.gov.cn"}
	code, stdout, stderr := perfeval(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s\n%s", code, stderr, stdout)
	}
	// The attachments as first sent: the rerun writes the templates again.
	want := map[string]string{
		"zhangsan@example.gov.cn": "101001-南昌市政务服务数据管理局-2022-自评表.xlsx",
		"lisi@example.gov.cn":     "101002-南昌市示例局-2022-自评表.xlsx",
	}
	files := map[string][]byte{}
	for _, name := range want {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
	}
	mails := srv.Mails()
	if len(mails) != 2 {
		t.Fatalf("server received %d messages, want 2:\n%s", len(mails), stdout)
	}
	for _, m := range mails {
		if len(m.To) != 1 || want[m.To[0]] == "" {
			t.Errorf("message to %v, want one known department", m.To)
			continue
		}
		name := want[m.To[0]]
		delete(want, m.To[0])
		p := pipelinetest.ParseMail(t, m.Data)
		dept := strings.Split(name, "-")[1]
		if !strings.Contains(p.Subject, dept) || !strings.Contains(p.Subject, "2022") {
			t.Errorf("subject %q lacks %s and the year", p.Subject, dept)
		}
		if !strings.Contains(p.Body, "2023年3月31日") || !strings.Contains(p.Body, name) {
			t.Errorf("body lacks the deadline or the file name:\n%s", p.Body)
		}
		if len(p.Attachments) != 1 || p.Attachments[0].Name != name || !bytes.Equal(p.Attachments[0].Data, files[name]) {
			t.Errorf("message to %s: attachments %d, want %s with the template's bytes", m.To[0], len(p.Attachments), name)
			continue
		}
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
		// The attachment is the prefilled workbook, readable as check reads it.
		f := openWorkbook(t, writeFile(t, filepath.Join(t.TempDir(), "a.xlsx"), p.Attachments[0].Data))
		if v, _ := f.GetCellValue("基本信息", "B4"); v != strings.Split(name, "-")[0] {
			t.Errorf("attachment %s holds code %q", name, v)
		}
	}
	for _, s := range []string{"未发送：南昌市无邮箱局（101003）在名单中没有有效的邮箱", "邮件：发送 2 封，之前已发送 0 封，失败 0 封，没有邮箱 1 个部门"} {
		if !strings.Contains(stdout, s) {
			t.Errorf("stdout lacks %q:\n%s", s, stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(out, mail.LogName)); err != nil {
		t.Errorf("send log: %v", err)
	}

	code, stdout, stderr = perfeval(t, args...)
	if code != exitOK {
		t.Fatalf("rerun: exit %d: %s", code, stderr)
	}
	if n := len(srv.Mails()); n != 2 {
		t.Errorf("after the rerun the server has %d messages, want 2", n)
	}
	if !strings.Contains(stdout, "邮件：发送 0 封，之前已发送 2 封") || !strings.Contains(stdout, "已发送过，未重发") {
		t.Errorf("rerun stdout:\n%s", stdout)
	}

	code, _, stderr = perfeval(t, append(args, "--resend")...)
	if code != exitOK || len(srv.Mails()) != 4 {
		t.Errorf("resend: exit %d, server has %d messages, want 4: %s", code, len(srv.Mails()), stderr)
	}
}

// TestDistributeSendRefused: a recipient the server refuses is reported at
// the end (exit 2) after its retries; the next run sends only it.
func TestDistributeSendRefused(t *testing.T) {
	var refuse atomic.Bool
	refuse.Store(true)
	srv := pipelinetest.StartSMTP(t, pipelinetest.SMTPOptions{Refuse: func(rcpt string, _ int) *smtp.SMTPError {
		if rcpt == "lisi@example.gov.cn" && refuse.Load() {
			return &smtp.SMTPError{Code: 452, EnhancedCode: smtp.EnhancedCode{4, 2, 2}, Message: "mailbox full"}
		}
		return nil
	}})
	dir := t.TempDir()
	var waits []time.Duration
	o := DistributeOptions{Roster: writeFile(t, filepath.Join(dir, "名单.csv"), []byte(sampleRoster)), Year: 2022, Out: filepath.Join(dir, "下发"),
		Send: true, Deadline: time.Date(2023, 3, 31, 0, 0, 0, 0, time.UTC),
		SMTP: mail.Settings{Host: srv.Host, Port: srv.Port, TLS: mail.TLSNone, From: "czj@example.gov.cn"},
		Retry: mail.Retry{Attempts: 3, First: time.Second, Limit: time.Minute, Sleep: func(_ context.Context, d time.Duration) error {
			waits = append(waits, d)
			return nil
		}}}
	var stdout, stderr bytes.Buffer
	err := runDistribute(context.Background(), o, &stdout, &stderr)
	if exitCode(err, io.Discard) != exitFailure {
		t.Fatalf("err = %v, want exit 2", err)
	}
	if !strings.Contains(stderr.String(), "发送失败：101002-南昌市示例局-2022-自评表.xlsx → lisi@example.gov.cn（尝试 3 次）") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
	if len(waits) != 2 || srv.Tries("lisi@example.gov.cn") != 3 || len(srv.Mails()) != 1 {
		t.Errorf("waits %v, tries %d, messages %d; want 2 waits, 3 tries, 1 message", waits, srv.Tries("lisi@example.gov.cn"), len(srv.Mails()))
	}

	refuse.Store(false)
	stdout.Reset()
	if err := runDistribute(context.Background(), o, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	mails := srv.Mails()
	if len(mails) != 2 || mails[1].To[0] != "lisi@example.gov.cn" {
		t.Errorf("second run: %d messages, want the refused one only", len(mails))
	}
	if !strings.Contains(stdout.String(), "邮件：发送 1 封，之前已发送 1 封，失败 0 封") {
		t.Errorf("second run stdout:\n%s", stdout.String())
	}
}

// TestDistributeSendSTARTTLS: STARTTLS with a test certificate (the
// client trusts it through the settings, as a bureau's system trusts its
// server's).
func TestDistributeSendSTARTTLS(t *testing.T) {
	serverTLS, roots := pipelinetest.TestCertificate(t)
	srv := pipelinetest.StartSMTP(t, pipelinetest.SMTPOptions{TLS: serverTLS, User: "czj", Password: "pw"})
	dir := t.TempDir()
	o := DistributeOptions{Roster: writeFile(t, filepath.Join(dir, "名单.csv"), []byte(sampleRoster)), Year: 2022, Out: filepath.Join(dir, "下发"),
		Send: true, Deadline: time.Date(2023, 3, 31, 0, 0, 0, 0, time.UTC), Retry: mail.DefaultRetry,
		SMTP: mail.Settings{Host: srv.Host, Port: srv.Port, TLS: mail.TLSStartTLS, User: "czj", Password: "pw", From: "czj@example.gov.cn",
			TLSConfig: pipelinetest.ClientTLS(roots)}}
	var stdout, stderr bytes.Buffer
	if err := runDistribute(context.Background(), o, &stdout, &stderr); err != nil {
		t.Fatalf("%v: %s", err, stderr.String())
	}
	if n := len(srv.Mails()); n != 2 {
		t.Errorf("server received %d messages, want 2", n)
	}
}

// TestDistributeDryRun: .eml files in <out>/邮件, one per department with
// an address, parsing back with the attachment; no server is needed.
func TestDistributeDryRun(t *testing.T) {
	dir := t.TempDir()
	rosterPath := writeFile(t, filepath.Join(dir, "名单.csv"), []byte(mailRoster))
	tmpl := writeFile(t, filepath.Join(dir, "邮件模板.txt"), []byte("主题：{{.Department.Name}}请于{{.Deadline}}前交回\n\n{{.Department.Contact}}：见附件 {{.FileName}}。\n"))
	out := filepath.Join(dir, "下发")
	code, stdout, stderr := perfeval(t, "distribute", "--roster", rosterPath, "--year", "2022", "--out", out, "--dry-run",
		"--deadline", "2023-03-31", "--smtp-from", "czj@example.gov.cn", "--mail-template", tmpl)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	emls, _ := filepath.Glob(filepath.Join(out, "邮件", "*.eml"))
	if len(emls) != 2 {
		t.Fatalf("%d .eml files, want 2:\n%s", len(emls), stdout)
	}
	b, err := os.ReadFile(emls[0])
	if err != nil {
		t.Fatal(err)
	}
	p := pipelinetest.ParseMail(t, b)
	if p.Subject != "南昌市政务服务数据管理局请于2023年3月31日前交回" || !strings.Contains(p.Body, "张三：见附件 101001-南昌市政务服务数据管理局-2022-自评表.xlsx。") ||
		len(p.Attachments) != 1 || p.Attachments[0].Name != "101001-南昌市政务服务数据管理局-2022-自评表.xlsx" {
		t.Errorf("eml: subject %q, body %q, %d attachments", p.Subject, p.Body, len(p.Attachments))
	}
	if !strings.Contains(stdout, "共写出 2 封邮件") {
		t.Errorf("stdout:\n%s", stdout)
	}
}

// TestDistributeMailUsage: the mail flags' mistakes are usage errors, and
// nothing is written.
func TestDistributeMailUsage(t *testing.T) {
	t.Setenv(passwordEnv, "")
	dir := t.TempDir()
	rosterPath := writeFile(t, filepath.Join(dir, "名单.csv"), []byte(sampleRoster))
	badTmpl := writeFile(t, filepath.Join(dir, "坏模板.txt"), []byte("主题：{{.Department.Nmae}}\n\n正文"))
	base := []string{"distribute", "--roster", rosterPath, "--year", "2022"}
	smtpArgs := []string{"--smtp-host", "127.0.0.1", "--smtp-from", "czj@example.gov.cn", "--deadline", "2023-03-31"}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--send", "--dry-run"}, "--send 和 --dry-run 只能选一个"},
		{[]string{"--resend"}, "--resend 要与 --send 或 --dry-run 一起使用"},
		{[]string{"--send", "--smtp-host", "h", "--smtp-from", "a@b.cn"}, "请用 --deadline 指定交回截止日期"},
		{[]string{"--send", "--deadline", "2023/3/31"}, "--deadline 的值“2023/3/31”不是日期"},
		{[]string{"--send", "--deadline", "2023-03-31", "--smtp-from", "a@b.cn"}, "请用 --smtp-host 指定发信服务器地址"},
		{[]string{"--dry-run", "--deadline", "2023-03-31"}, "请用 --smtp-from 指定发件人邮箱地址"},
		{append([]string{"--send", "--smtp-tls", "ssl"}, smtpArgs...), "--smtp-tls 的值“ssl”无效"},
		{append([]string{"--send", "--smtp-user", "czj"}, smtpArgs...), "请在环境变量 PERFEVAL_SMTP_PASSWORD 中给出密码"},
		{append([]string{"--send", "--mail-template", badTmpl}, smtpArgs...), "邮件模板 " + badTmpl + " 有误"},
	} {
		out := filepath.Join(t.TempDir(), "下发")
		code, stdout, stderr := perfeval(t, append(append(base, "--out", out), tc.args...)...)
		if code != exitFailure || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v: %s was written: %s", tc.args, out, stdout)
		}
	}
}
