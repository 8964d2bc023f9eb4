package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/perfeval/perfeval/pipeline/mail"
	"github.com/perfeval/perfeval/pipeline/roster"
	"github.com/perfeval/perfeval/template"
)

// passwordEnv holds the SMTP password: never a flag, so that it shows in no
// process list or shell history.
const passwordEnv = "PERFEVAL_SMTP_PASSWORD"

// smtpFlags are the SMTP settings distribute --send shares.
func smtpFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "smtp-host", Usage: "发信服务器（SMTP）地址，如 smtp.example.gov.cn；密码只从环境变量 " + passwordEnv + " 读取", EnvVars: []string{"PERFEVAL_SMTP_HOST"}},
		&cli.IntFlag{Name: "smtp-port", Usage: "发信服务器端口；默认按 --smtp-tls：none 为 25，starttls 为 587，tls 为 465", EnvVars: []string{"PERFEVAL_SMTP_PORT"}},
		&cli.StringFlag{Name: "smtp-tls", Value: string(mail.TLSStartTLS), Usage: "连接加密方式：none（不加密）、starttls（先明文连接再加密，服务器不支持时拒绝发送）、tls（全程加密，端口 465）", EnvVars: []string{"PERFEVAL_SMTP_TLS"}},
		&cli.StringFlag{Name: "smtp-user", Usage: "发信账号（登录名）；不填时不登录", EnvVars: []string{"PERFEVAL_SMTP_USER"}},
		&cli.StringFlag{Name: "smtp-from", Usage: "发件人邮箱地址", EnvVars: []string{"PERFEVAL_SMTP_FROM"}},
	}
}

// smtpSettings reads the SMTP flags of c and the password from the
// environment; sending needs the host, a dry run only the sender.
func smtpSettings(c *cli.Context, sending bool) (mail.Settings, error) {
	mode, err := mail.ParseTLSMode(c.String("smtp-tls"))
	if err != nil {
		return mail.Settings{}, usagef("--smtp-tls 的值“%s”无效，应为 none、starttls 或 tls", c.String("smtp-tls"))
	}
	s := mail.Settings{Host: c.String("smtp-host"), Port: c.Int("smtp-port"), TLS: mode, User: c.String("smtp-user"),
		Password: os.Getenv(passwordEnv), From: c.String("smtp-from")}
	switch {
	case s.From == "":
		return s, usagef("请用 --smtp-from 指定发件人邮箱地址")
	case s.Port < 0 || s.Port > 65535:
		return s, usagef("--smtp-port 的值 %d 不是有效端口", s.Port)
	case sending && s.Host == "":
		return s, usagef("请用 --smtp-host 指定发信服务器地址")
	case sending && s.User != "" && s.Password == "":
		return s, usagef("设置了 --smtp-user 时，请在环境变量 %s 中给出密码（密码不能写在命令行上）", passwordEnv)
	}
	return s, nil
}

// sendMail sends msgs (or writes them as .eml files in dryRun) once each
// as the log in logDir records, prints what became of each and of the
// departments without an address, and returns a usage error when some
// could not be sent.
func sendMail(ctx context.Context, s *mail.Sender, logDir string, msgs []mail.Message, noEmail []roster.Department, stdout, stderr io.Writer) error {
	log, err := mail.OpenLog(ctx, filepath.Join(logDir, mail.LogName))
	if err != nil {
		return err
	}
	defer log.Close()
	s.Log = log
	for _, d := range noEmail {
		fmt.Fprintf(stdout, "未发送：%s（%s）在名单中没有有效的邮箱\n", template.Visible(d.Name), template.Visible(d.Code))
	}
	res, err := s.Send(ctx, msgs)
	for _, m := range res.Skipped {
		fmt.Fprintf(stdout, "已发送过，未重发：%s → %s（要重发请加 --resend）\n", template.Visible(m.AttachmentName), template.Visible(m.To))
	}
	for _, m := range res.Sent {
		fmt.Fprintf(stdout, "已发送：%s → %s\n", template.Visible(m.AttachmentName), template.Visible(m.To))
	}
	for _, p := range res.Written {
		fmt.Fprintf(stdout, "已写出邮件（未发送）：%s\n", p)
	}
	for _, f := range res.Failed {
		fmt.Fprintf(stderr, "perfeval: 发送失败：%s → %s（尝试 %d 次）：%s\n", template.Visible(f.Message.AttachmentName),
			template.Visible(f.Message.To), f.Attempts, template.Visible(f.Err.Error()))
	}
	if err != nil {
		return err
	}
	if s.DryRun != "" {
		fmt.Fprintf(stdout, "共写出 %d 封邮件到 %s（没有发送）；已发送过的 %d 封未写出\n", len(res.Written), s.DryRun, len(res.Skipped))
		return nil
	}
	fmt.Fprintf(stdout, "邮件：发送 %d 封，之前已发送 %d 封，失败 %d 封，没有邮箱 %d 个部门\n", len(res.Sent), len(res.Skipped), len(res.Failed), len(noEmail))
	if len(res.Failed) > 0 {
		return usagef("%d 封邮件未能发送（原因见上）；再次运行同一命令时只发送尚未发送的", len(res.Failed))
	}
	return nil
}
