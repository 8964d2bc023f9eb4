package mail_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/perfeval/perfeval/pipeline/mail"
	"github.com/perfeval/perfeval/pipeline/roster"
)

// TestDistributeMessages: the default template names the department, the
// year, the deadline and the file; a department without an address is
// returned, not mailed; the key is the year and the code.
func TestDistributeMessages(t *testing.T) {
	tm, err := mail.ParseTemplate("default", mail.DefaultDistributeTemplate)
	if err != nil {
		t.Fatal(err)
	}
	forms := []mail.Attached{
		{Department: roster.Department{Code: "101001", Name: "南昌市政务服务数据管理局", Contact: "张三", Email: "zs@example.cn"}, Path: "/下发/101001-南昌市政务服务数据管理局-2022-自评表.xlsx"},
		{Department: roster.Department{Code: "101002", Name: "南昌市示例局"}, Path: "/下发/101002-南昌市示例局-2022-自评表.xlsx"},
	}
	msgs, noEmail, err := mail.DistributeMessages(tm, 2022, time.Date(2023, 3, 31, 0, 0, 0, 0, time.UTC), forms)
	if err != nil {
		t.Fatal(err)
	}
	if len(noEmail) != 1 || noEmail[0].Code != "101002" {
		t.Errorf("no address: %v, want 101002", noEmail)
	}
	if len(msgs) != 1 {
		t.Fatalf("%d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if m.Key != "distribute:2022:101001" || m.To != "zs@example.cn" || m.ToName != "张三" || m.AttachmentName != "101001-南昌市政务服务数据管理局-2022-自评表.xlsx" {
		t.Errorf("message %+v", m)
	}
	if m.Subject != "请填报 2022 年度部门整体支出绩效自评表（南昌市政务服务数据管理局）" {
		t.Errorf("subject %q", m.Subject)
	}
	for _, s := range []string{"张三：", "2023年3月31日", "部门编码 101001", "101001-南昌市政务服务数据管理局-2022-自评表.xlsx"} {
		if !strings.Contains(m.Body, s) {
			t.Errorf("body lacks %q:\n%s", s, m.Body)
		}
	}
	bad, _ := mail.ParseTemplate("bad", "{{.Department.Nmae}}\n\nx")
	if _, _, err := mail.DistributeMessages(bad, 2022, time.Now(), forms); !errors.Is(err, mail.ErrTemplate) {
		t.Errorf("bad field: %v, want ErrTemplate", err)
	}
}
