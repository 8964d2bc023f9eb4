package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/perfeval/perfeval/pipeline/distribute"
	"github.com/perfeval/perfeval/pipeline/explain"
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/mail"
	"github.com/perfeval/perfeval/pipeline/roster"
	"github.com/perfeval/perfeval/template"
)

// DistributeOptions are the inputs of perfeval distribute.
type DistributeOptions struct {
	Roster    string
	Year      int
	Out       string
	RulesPath string
	// Send mails each template to its department's address; DryRun
	// writes those mails as .eml files in <Out>/邮件 instead. Either
	// skips what the send log in Out records as sent, unless Resend.
	Send, DryRun, Resend bool
	// Deadline is the date the forms are due, for the mail.
	Deadline time.Time
	// MailTemplate is the mail's subject and body template file; "" is
	// mail.DefaultDistributeTemplate.
	MailTemplate string
	SMTP         mail.Settings
	Retry        mail.Retry
}

// dateLayout is how --deadline is written.
const dateLayout = "2006-01-02"

func distributeCommand() *cli.Command {
	return &cli.Command{
		Name:  "distribute",
		Usage: "按部门名单为每个部门生成预填的自评表（部门名称、编码、年度、全年预算数已填好并锁定）",
		Description: "名单有错误（缺少列、编码重复、邮箱无效、金额不是数字等）时逐行指出，改正前一个模板也不生成。\n" +
			"预填的单元格浅蓝色底纹、已锁定，预填值记在工作簿里；部门改动了预填内容的，check 报 prefill_changed（错误）。\n" +
			"--send 把每份模板用邮件发给名单中该部门的邮箱（主题和正文取自邮件模板，写明截止日期 --deadline）；\n" +
			"发送记录存在 --out 下的 perfeval-mail.db，再次运行时已发送的不再发送（--resend 重发）；\n" +
			"发送失败的会间隔重试，最后列出仍未发送的（退出码 2）；--dry-run 只把邮件写成 .eml 文件。\n" +
			"发信密码只从环境变量 PERFEVAL_SMTP_PASSWORD 读取。\n" +
			exitCodesPlain,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "roster", Usage: "部门名单（.xlsx 或 .csv，可用 roster-template 生成）（必填）", EnvVars: []string{"PERFEVAL_ROSTER"}},
			&cli.IntFlag{Name: "year", Usage: "评价年度，如 2022（必填）", EnvVars: []string{"PERFEVAL_YEAR"}},
			&cli.StringFlag{Name: "out", Usage: "输出文件夹，不存在时自动创建（必填）", EnvVars: []string{"PERFEVAL_OUT"}},
			rulesFlag(),
			&cli.BoolFlag{Name: "send", Usage: "生成后把每份模板用邮件发给名单中该部门的邮箱（发信设置见 --smtp-*）；已发送过的不再发送"},
			&cli.BoolFlag{Name: "dry-run", Usage: "不发送，把每封邮件写成 .eml 文件放在 --out 下的“邮件”文件夹，供检查"},
			&cli.BoolFlag{Name: "resend", Usage: "与 --send 或 --dry-run 一起用：已发送过的也重新发送（或写出）"},
			&cli.StringFlag{Name: "deadline", Usage: "交回截止日期，写进邮件，如 2023-03-31（--send、--dry-run 时必填）", EnvVars: []string{"PERFEVAL_DEADLINE"}},
			&cli.StringFlag{Name: "mail-template", Usage: "邮件模板文件（UTF-8 文本，第一行是主题，空一行后是正文）；不指定时用内置模板", EnvVars: []string{"PERFEVAL_MAIL_TEMPLATE"}},
		}, smtpFlags()...),
		Action: func(c *cli.Context) error {
			o := DistributeOptions{Roster: c.String("roster"), Year: c.Int("year"), Out: c.String("out"), RulesPath: c.String("rules"),
				Send: c.Bool("send"), DryRun: c.Bool("dry-run"), Resend: c.Bool("resend"), MailTemplate: c.String("mail-template"),
				Retry: mail.DefaultRetry}
			if err := distributeMailOptions(c, &o); err != nil {
				return err
			}
			switch {
			case c.NArg() > 0:
				return usagef("distribute 不接受文件名（收到“%s”）；请用 --roster 指定部门名单", c.Args().First())
			case o.Roster == "":
				return usagef("请用 --roster 指定部门名单，例如：perfeval distribute --roster 名单.xlsx --year 2022 --out 下发")
			case !c.IsSet("year"):
				return usagef("请用 --year 指定评价年度，例如：perfeval distribute --roster 名单.xlsx --year 2022 --out 下发")
			case o.Year < template.MinYear || o.Year > template.MaxYear:
				return usagef("--year 的值 %d 不是有效年度", o.Year)
			case o.Out == "":
				return usagef("请用 --out 指定输出文件夹，例如：perfeval distribute --roster 名单.xlsx --year %d --out 下发", o.Year)
			}
			return runDistribute(c.Context, o, c.App.Writer, c.App.ErrWriter)
		},
	}
}

// distributeMailOptions reads the mail flags of c into o.
func distributeMailOptions(c *cli.Context, o *DistributeOptions) error {
	switch {
	case o.Send && o.DryRun:
		return usagef("--send 和 --dry-run 只能选一个")
	case o.Resend && !o.Send && !o.DryRun:
		return usagef("--resend 要与 --send 或 --dry-run 一起使用")
	case !o.Send && !o.DryRun:
		return nil
	case c.String("deadline") == "":
		return usagef("请用 --deadline 指定交回截止日期，例如：--deadline 2023-03-31")
	}
	d, err := time.Parse(dateLayout, c.String("deadline"))
	if err != nil {
		return usagef("--deadline 的值“%s”不是日期，请写成 2023-03-31 这样", c.String("deadline"))
	}
	o.Deadline = d
	o.SMTP, err = smtpSettings(c, o.Send)
	return err
}

// distributeTemplate returns the mail template of o, tried on the first
// department so that a mistake in it stops before anything is written.
func distributeTemplate(o DistributeOptions, first roster.Department) (*mail.Template, error) {
	name, text := "内置邮件模板", mail.DefaultDistributeTemplate
	if o.MailTemplate != "" {
		b, err := os.ReadFile(o.MailTemplate)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, usagef("找不到邮件模板 %s", o.MailTemplate)
		}
		if err != nil {
			return nil, err
		}
		name, text = o.MailTemplate, string(b)
	}
	t, err := mail.ParseTemplate(name, text)
	if err == nil {
		_, _, err = t.Execute(mail.DistributeData{Department: first, Year: o.Year, Deadline: mail.ChineseDate(o.Deadline),
			FileName: distribute.FileName(first, o.Year)})
	}
	if err != nil {
		return nil, usagef("邮件模板 %s 有误：%s；可用的字段为 {{.Department.Name}}、{{.Department.Code}}、{{.Department.Contact}}、{{.Year}}、{{.Deadline}}、{{.FileName}}",
			name, template.Visible(strings.TrimPrefix(err.Error(), mail.ErrTemplate.Error()+": ")))
	}
	return t, nil
}

// runDistribute writes the prefilled workbooks of o, or nothing when the
// roster has an error.
func runDistribute(ctx context.Context, o DistributeOptions, stdout, stderr io.Writer) error {
	rb, err := loadRules(o.RulesPath)
	if err != nil {
		return err
	}
	r, problems, err := readRoster(o.Roster, stderr)
	if err != nil {
		return err
	}
	if n := problems.Count(finding.Error); n > 0 {
		return usagef("部门名单 %s 有 %d 处错误（见上），改正前不生成模板", o.Roster, n)
	}
	if len(r.Departments) == 0 {
		return usagef("部门名单 %s 中没有部门；请每个部门填写一行", o.Roster)
	}
	var tmpl *mail.Template
	if o.Send || o.DryRun {
		if tmpl, err = distributeTemplate(o, r.Departments[0]); err != nil {
			return err
		}
	}
	forms, err := distribute.Write(ctx, rb.Layout(), explain.TemplateData(rb, o.Year), r, o.Out)
	for _, f := range forms {
		fmt.Fprintf(stdout, "已生成：%s（%s）\n", f.Path, template.Visible(f.Department.Name))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "共为 %d 个部门生成预填模板：%s\n", len(forms), o.Out)
	if tmpl == nil {
		return nil
	}
	attached := make([]mail.Attached, len(forms))
	for i, f := range forms {
		attached[i] = mail.Attached{Department: f.Department, Path: f.Path}
	}
	msgs, noEmail, err := mail.DistributeMessages(tmpl, o.Year, o.Deadline, attached)
	if err != nil {
		return err
	}
	s := &mail.Sender{Settings: o.SMTP, Retry: o.Retry, Resend: o.Resend}
	if o.DryRun {
		s.DryRun = filepath.Join(o.Out, "邮件")
	}
	return sendMail(ctx, s, o.Out, msgs, noEmail, stdout, stderr)
}
