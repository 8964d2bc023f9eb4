package mail_test

import (
	"strings"
	"testing"

	"github.com/perfeval/perfeval/pipeline/ledger"
	"github.com/perfeval/perfeval/pipeline/mail"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/roster"
)

// TestNotifyMessages: one message per accepted or returned submission on
// the roster; none for a duplicate, an unreadable file or a submission
// without a copy; a department off the roster or without an address is
// Unmailed with its reason.
func TestNotifyMessages(t *testing.T) {
	r := &roster.Roster{Departments: []roster.Department{
		{Code: "101001", Name: "甲局", Contact: "张三", Email: "a@example.cn"},
		{Code: "101002", Name: "乙局"},
	}}
	entry := func(id int64, code string, st report.Status, dup int64, annotated string) ledger.Entry {
		var e ledger.Entry
		e.ID, e.Department.Code, e.Year, e.Version, e.DuplicateOf = id, code, 2022, 1, dup
		e.Receipt.Name = "报送.xlsx"
		e.Check = ledger.Check{Status: st, Annotated: annotated, Report: &report.Report{Status: st}}
		return e
	}
	entries := []ledger.Entry{
		entry(1, "101001", report.Returned, 0, "outbox/returned/101001-甲局-2022-v1.审核.xlsx"),
		entry(2, "101001", report.Returned, 1, "outbox/returned/101001-甲局-2022-v1.审核.xlsx"),
		entry(3, "101001", report.Unreadable, 0, ""),
		entry(4, "101002", report.Accepted, 0, "outbox/accepted/101002-乙局-2022-v1.审核.xlsx"),
		entry(5, "109999", report.Accepted, 0, "outbox/accepted/109999-丙局-2022-v1.审核.xlsx"),
	}
	msgs, unmailed := mail.NotifyMessages(entries, r, func(p string) string { return "/根/" + p })
	if len(msgs) != 1 {
		t.Fatalf("%d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if m.Key != "notify:submission:1" || m.To != "a@example.cn" || m.Attachment != "/根/outbox/returned/101001-甲局-2022-v1.审核.xlsx" ||
		m.AttachmentName != "101001-甲局-2022-v1.审核.xlsx" || !strings.HasPrefix(m.Subject, "【退回修改】") {
		t.Errorf("message %+v", m)
	}
	if len(unmailed) != 2 || unmailed[0].Entry.ID != 4 || unmailed[1].Entry.ID != 5 ||
		!strings.Contains(unmailed[0].Reason, "没有有效的邮箱") || !strings.Contains(unmailed[1].Reason, "不在名单中") {
		t.Errorf("unmailed %+v", unmailed)
	}
}
