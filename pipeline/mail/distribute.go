package mail

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/perfeval/perfeval/pipeline/roster"
)

// DefaultDistributeTemplate is the subject and body of the mail that
// carries a department's prefilled template; a bureau may write its own
// (the fields are those of DistributeData).
const DefaultDistributeTemplate = `主题：请填报 {{.Year}} 年度部门整体支出绩效自评表（{{.Department.Name}}）

{{if .Department.Contact}}{{.Department.Contact}}{{else}}{{.Department.Name}}{{end}}：

您好！附件“{{.FileName}}”是贵单位（{{.Department.Name}}，部门编码 {{.Department.Code}}）{{.Year}} 年度部门整体支出绩效自评表。
部门名称、部门编码、评价年度和全年预算数已由财政部门预填（浅蓝色单元格），请勿修改。

请按表中“填报说明”填写，于 {{.Deadline}} 前将填好的工作簿（.xlsx，不要另存为 .xls 或 PDF）交回。

此邮件由 perfeval 自动发送。
`

// DistributeData is what a distribute mail template may use.
type DistributeData struct {
	Department roster.Department
	Year       int
	// Deadline is the date the form is due, written as 2023年3月31日.
	Deadline string
	// FileName is the attachment's name.
	FileName string
}

// Attached is a file to mail to a department.
type Attached struct {
	Department roster.Department
	Path       string
}

// ChineseDate writes d as 2023年3月31日.
func ChineseDate(d time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", d.Year(), int(d.Month()), d.Day())
}

// DistributeKey is the send log's key of year's template for the
// department of code.
func DistributeKey(year int, code string) string {
	return fmt.Sprintf("distribute:%d:%s", year, code)
}

// DistributeMessages returns the mail of each form to its department's
// address, made by t, and the departments that have no address. Any
// template error is returned before a message is made for anyone.
func DistributeMessages(t *Template, year int, deadline time.Time, forms []Attached) ([]Message, []roster.Department, error) {
	var msgs []Message
	var noEmail []roster.Department
	for _, f := range forms {
		name := filepath.Base(f.Path)
		subject, body, err := t.Execute(DistributeData{Department: f.Department, Year: year, Deadline: ChineseDate(deadline), FileName: name})
		if err != nil {
			return nil, nil, err
		}
		if f.Department.Email == "" {
			noEmail = append(noEmail, f.Department)
			continue
		}
		msgs = append(msgs, Message{
			Key: DistributeKey(year, f.Department.Code), To: f.Department.Email, ToName: f.Department.Contact,
			Subject: subject, Body: body, Attachment: f.Path, AttachmentName: name,
		})
	}
	return msgs, noEmail, nil
}
