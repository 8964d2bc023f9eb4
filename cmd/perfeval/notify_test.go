package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/perfeval/perfeval/pipeline/pipelinetest"
)

// TestRunNotify: after a run, one message per accepted or returned
// submission, to its department's address on the roster, with the verdict
// and the errors to fix in the body and the annotated copy attached; the
// same bytes again (a duplicate) and a department not on the roster get
// none; a later pass sends nothing twice.
func TestRunNotify(t *testing.T) {
	srv := pipelinetest.StartSMTP(t, pipelinetest.SMTPOptions{User: "czj", Password: "pw"})
	t.Setenv(passwordEnv, "pw")
	root := t.TempDir()
	inboxDir := filepath.Join(root, "inbox")
	if err := os.MkdirAll(inboxDir, 0o755); err != nil {
		t.Fatal(err)
	}
	seed, err := os.ReadFile("../../samples/nanchang-2022.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	returned, err := os.ReadFile(returnedSample)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(inboxDir, "南昌.xlsx"), seed)
	writeFile(t, filepath.Join(inboxDir, "示例区.xlsx"), returned)
	blank, err := os.ReadFile("../../samples/blank-2022.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(inboxDir, "不在名单.xlsx"), blank)
	rosterPath := writeFile(t, filepath.Join(t.TempDir(), "名单.csv"), []byte("部门编码,部门名称,联系人,邮箱\n"+
		"101001,南昌市政务服务数据管理局,张三,zhangsan@example.gov.cn\n"+
		"109901,示例区行政审批服务局,李四,lisi@example.gov.cn\n"))
	args := []string{"run", "--root", root, "--settle", "10ms", "--roster", rosterPath, "--notify",
		"--smtp-host", srv.Host, "--smtp-port", strconv.Itoa(srv.Port), "--smtp-tls", "none", "--smtp-user", "czj", "--smtp-from", "czj@example.gov.cn"}
	code, stdout, stderr := perfeval(t, args...)
	if code == exitFailure {
		t.Fatalf("run: exit %d: %s\n%s", code, stderr, stdout)
	}
	mails := srv.Mails()
	if len(mails) != 2 {
		t.Fatalf("server received %d messages, want 2: %s", len(mails), stderr)
	}
	want := map[string]struct{ subject, body, folder, code string }{
		"zhangsan@example.gov.cn": {"【通过】2022 年度部门整体支出绩效自评表审核结果（南昌市政务服务数据管理局）", "结论：通过", "accepted", "101001"},
		"lisi@example.gov.cn":     {"【退回修改】2022 年度部门整体支出绩效自评表审核结果（示例区行政审批服务局）", "请改正以下 5 处错误后重新报送", "returned", "109901"},
	}
	for _, m := range mails {
		w, ok := want[m.To[0]]
		if !ok {
			t.Errorf("message to %v", m.To)
			continue
		}
		delete(want, m.To[0])
		p := pipelinetest.ParseMail(t, m.Data)
		if p.Subject != w.subject || !strings.Contains(p.Body, w.body) {
			t.Errorf("to %s: subject %q, body:\n%s", m.To[0], p.Subject, p.Body)
		}
		copies, _ := filepath.Glob(filepath.Join(root, "outbox", w.folder, w.code+"-*.审核.xlsx"))
		if len(copies) != 1 {
			t.Fatalf("outbox/%s holds %v", w.folder, copies)
		}
		onDisk, _ := os.ReadFile(copies[0])
		if len(p.Attachments) != 1 || p.Attachments[0].Name != filepath.Base(copies[0]) || !bytes.Equal(p.Attachments[0].Data, onDisk) {
			t.Errorf("to %s: want the annotated copy %s attached", m.To[0], filepath.Base(copies[0]))
		}
	}
	if !strings.Contains(stderr, "not mailed back") || !strings.Contains(stderr, "不在名单.xlsx") {
		t.Errorf("the department not on the roster is not logged:\n%s", stderr)
	}

	// The same bytes again: a duplicate, recorded, not mailed; nothing is
	// sent twice.
	writeFile(t, filepath.Join(inboxDir, "南昌-再交一次.xlsx"), seed)
	code, _, stderr = perfeval(t, args...)
	if code == exitFailure {
		t.Fatalf("second run: exit %d: %s", code, stderr)
	}
	if n := len(srv.Mails()); n != 2 {
		t.Errorf("after the duplicate the server has %d messages, want 2", n)
	}
	if strings.Contains(stderr, "not mailed back") {
		t.Errorf("the department not on the roster is logged again:\n%s", stderr)
	}
}

// TestNotifyUsage: --notify needs the roster and the SMTP settings.
func TestNotifyUsage(t *testing.T) {
	root := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--notify", "--smtp-host", "h", "--smtp-from", "a@b.cn"}, "--notify 要按部门名单发邮件，请用 --roster 指定名单"},
		{[]string{"--notify", "--roster", "名单.csv", "--smtp-from", "a@b.cn"}, "请用 --smtp-host 指定发信服务器地址"},
	} {
		for _, cmd := range []string{"run", "watch"} {
			code, _, stderr := perfeval(t, append([]string{cmd, "--root", root}, tc.args...)...)
			if code != exitFailure || !strings.Contains(stderr, tc.want) {
				t.Errorf("%s %v: exit %d, stderr %q; want 2 and %q", cmd, tc.args, code, stderr, tc.want)
			}
		}
	}
}
