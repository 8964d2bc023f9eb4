package mail

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/ledger"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/roster"
)

// NotifyKey is the send log's key of the mail back of a submission.
func NotifyKey(submission int64) string { return fmt.Sprintf("notify:submission:%d", submission) }

// Unmailed is a submission that has no mail back, and why (Chinese).
type Unmailed struct {
	Entry  ledger.Entry
	Reason string
}

// NotifyMessages returns the mail back of each entry that is an accepted
// or returned submission with an annotated copy, and not a duplicate: to
// the address the roster gives its department's code, the verdict and the
// errors to fix in the body, the annotated copy (abs makes its stored
// path a path on this machine) attached. Submissions whose department is
// not on the roster, or has no address there, are Unmailed.
func NotifyMessages(entries []ledger.Entry, r *roster.Roster, abs func(string) string) ([]Message, []Unmailed) {
	n := NewNotifier(r, abs)
	var msgs []Message
	var skipped []Unmailed
	for _, e := range entries {
		m, u := n.Message(e)
		if m != nil {
			msgs = append(msgs, *m)
		}
		if u != nil {
			skipped = append(skipped, *u)
		}
	}
	return msgs, skipped
}

// Notifier makes the mails back of submissions one at a time
// (NotifyMessages), its roster looked up by code once.
type Notifier struct {
	byCode map[string]roster.Department
	abs    func(string) string
}

// NewNotifier is the Notifier of a roster; abs makes a stored path a path
// on this machine.
func NewNotifier(r *roster.Roster, abs func(string) string) *Notifier {
	byCode := map[string]roster.Department{}
	for _, d := range r.Departments {
		byCode[d.Code] = d
	}
	return &Notifier{byCode: byCode, abs: abs}
}

// Message returns the mail back of e, or why it has none (as
// NotifyMessages says), or neither for a submission that gets no mail.
func (n *Notifier) Message(e ledger.Entry) (*Message, *Unmailed) {
	st := e.Check.Status
	if e.DuplicateOf != 0 || (st != report.Accepted && st != report.Returned) || e.Check.Annotated == "" || e.Check.Report == nil {
		return nil, nil
	}
	d, ok := n.byCode[e.Department.Code]
	switch {
	case !ok:
		return nil, &Unmailed{e, fmt.Sprintf("部门编码“%s”不在名单中", e.Department.Code)}
	case d.Email == "":
		return nil, &Unmailed{e, "名单中该部门没有有效的邮箱"}
	}
	name := filepath.Base(e.Check.Annotated)
	return &Message{
		Key: NotifyKey(e.ID), To: d.Email, ToName: d.Contact,
		Subject: fmt.Sprintf("【%s】%d 年度部门整体支出绩效自评表审核结果（%s）", st.Label(), e.Year, d.Name),
		Body:    notifyBody(e, d, name), Attachment: n.abs(e.Check.Annotated), AttachmentName: name,
	}, nil
}

// notifyBody words the verdict of e for d: the errors one by one, the
// other findings counted.
func notifyBody(e ledger.Entry, d roster.Department, attachment string) string {
	rep := e.Check.Report
	var b strings.Builder
	who := d.Contact
	if who == "" {
		who = d.Name
	}
	fmt.Fprintf(&b, "%s：\n\n", who)
	fmt.Fprintf(&b, "贵单位报送的 %d 年度部门整体支出绩效自评表（文件“%s”，第 %d 版）已审核，结论：%s。\n",
		e.Year, e.Receipt.Name, e.Version, e.Check.Status.Label())
	if rep.Total.Valid {
		fmt.Fprintf(&b, "复核总分：%s，等级：%s。\n", rep.Total.Decimal.String(), rep.Grade)
	}
	var errs []report.FindingReport
	for _, f := range rep.Findings {
		if f.Severity == finding.Error {
			errs = append(errs, f)
		}
	}
	if len(errs) > 0 {
		fmt.Fprintf(&b, "\n请改正以下 %d 处错误后重新报送：\n", len(errs))
		for i, f := range errs {
			ref := f.Ref
			if ref == "" {
				ref = "整个文件"
			}
			fmt.Fprintf(&b, "%d. %s：%s\n", i+1, ref, f.Message)
		}
	}
	if w, n := e.Check.Warnings, e.Check.Infos; w+n > 0 {
		fmt.Fprintf(&b, "\n另有警告 %d 处（请核实）、提示 %d 处（仅供参考）。\n", w, n)
	}
	fmt.Fprintf(&b, "\n附件“%s”是批注版：有问题的单元格已按级别着色并加了批注，“审核结果”表列出全部问题。", attachment)
	if e.Check.Status == report.Returned {
		b.WriteString("可以直接在批注版上改正后重新报送。")
	}
	b.WriteString("\n\n此邮件由 perfeval 自动发送。\n")
	return b.String()
}
