package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/perfeval/perfeval/pipeline/inbox"
	"github.com/perfeval/perfeval/pipeline/web"
)

// ServeOptions are the inputs of perfeval serve.
type ServeOptions struct {
	Root      string
	Addr      string
	RulesPath string
	Roster    string
	BaseURL   string
	TLSCert   string
	TLSKey    string
	LinkDays  int
}

func serveCommand() *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "网页：财政局的报送进度表，部门的自查与提交",
		Description: "在 --addr 上提供网页（默认只在本机 127.0.0.1:8080），读取 --root 工作目录的台账。\n" +
			"财政局工作人员用 perfeval user 建立的账户登录，查看每个部门的报送、审核结果，下载原件、批注版和汇总表，修正规则后重新审核。\n" +
			"各部门用“部门链接”页上的专用链接（按部门签名，--link-days 天后失效）上传自评表、立即看到审核结果和批注版，\n" +
			"点“提交”后文件放进 inbox，与邮件交来的文件一样处理、记入台账（没有 watch 在运行时由本程序处理）。\n" +
			"账户和会话存在工作目录的 perfeval-web.db，签名部门链接的密钥在 perfeval-web.key（仅本账户可读；删除它即作废全部链接）。\n" +
			exitCodesPlain,
		Flags: []cli.Flag{
			rootFlag(),
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8080", Usage: "监听的地址和端口；要让其他电脑访问，用 0.0.0.0:8080 或本机的局域网地址", EnvVars: []string{"PERFEVAL_ADDR"}},
			rulesFlag(),
			&cli.StringFlag{Name: "roster", Usage: "部门名单（.xlsx 或 .csv）：进度表据此列出未报送的部门，部门链接按名单生成", EnvVars: []string{"PERFEVAL_ROSTER"}},
			&cli.StringFlag{Name: "url", Usage: "各部门访问本网页的地址（如 https://jx.example.gov.cn/perfeval），用于生成部门链接；以 https 开头时登录 Cookie 只经 HTTPS 发送", EnvVars: []string{"PERFEVAL_URL"}},
			&cli.StringFlag{Name: "tls-cert", Usage: "HTTPS 证书文件（PEM）；与 --tls-key 一起给出时以 HTTPS 提供网页", EnvVars: []string{"PERFEVAL_TLS_CERT"}},
			&cli.StringFlag{Name: "tls-key", Usage: "HTTPS 私钥文件（PEM）", EnvVars: []string{"PERFEVAL_TLS_KEY"}},
			&cli.IntFlag{Name: "link-days", Value: 30, Usage: "部门链接的有效天数", EnvVars: []string{"PERFEVAL_LINK_DAYS"}},
		},
		Action: func(c *cli.Context) error {
			o := ServeOptions{Root: c.String("root"), Addr: c.String("addr"), RulesPath: c.String("rules"), Roster: c.String("roster"),
				BaseURL: c.String("url"), TLSCert: c.String("tls-cert"), TLSKey: c.String("tls-key"), LinkDays: c.Int("link-days")}
			switch {
			case o.Root == "":
				return usagef("请用 --root 指定工作目录，例如：perfeval serve --root D:\\绩效自评")
			case c.NArg() > 0:
				return usagef("serve 不接受文件名（收到“%s”）", c.Args().First())
			case (o.TLSCert == "") != (o.TLSKey == ""):
				return usagef("--tls-cert 和 --tls-key 要一起给出")
			case o.LinkDays <= 0 || o.LinkDays > 366:
				return usagef("--link-days 的值 %d 无效，应为 1 到 366 天", o.LinkDays)
			case o.BaseURL != "" && !strings.HasPrefix(o.BaseURL, "http://") && !strings.HasPrefix(o.BaseURL, "https://"):
				return usagef("--url 应以 http:// 或 https:// 开头（收到“%s”）", o.BaseURL)
			}
			return runServe(c.Context, o, c.App.Writer, c.App.ErrWriter, nil)
		},
	}
}

// runServe serves until ctx is done. ready, when set, is told the address
// listened on (tests listen on port 0).
func runServe(ctx context.Context, o ServeOptions, stdout, stderr io.Writer, ready func(addr string)) error {
	if info, err := os.Stat(o.Root); err != nil || !info.IsDir() {
		return usagef("工作目录 %s 不存在；请先运行 perfeval run --root %s，或建立这个文件夹", o.Root, o.Root)
	}
	rb, err := loadRules(o.RulesPath)
	if err != nil {
		return err
	}
	opts := web.Options{Root: o.Root, BaseURL: o.BaseURL, Process: true,
		SecureCookies: o.TLSCert != "" || strings.HasPrefix(o.BaseURL, "https://"),
		LinkTTL:       time.Duration(o.LinkDays) * 24 * time.Hour,
		Logger:        *zerolog.Ctx(ctx),
		Inbox: inbox.Options{Rulebook: rb, PerfevalVersion: version(),
			Changed: refreshSummaries(o.Root, rb, o.Roster, stderr)}}
	if o.Roster != "" {
		if opts.Roster, opts.RosterFindings, err = readRoster(o.Roster, stderr); err != nil {
			return err
		}
	}
	srv, err := web.New(ctx, opts)
	if err != nil {
		return err
	}
	defer srv.Close()
	users, err := srv.Store().Users(ctx)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		fmt.Fprintf(stderr, "perfeval: 还没有财政局工作人员的账户，无法登录进度表；请先运行 perfeval user add --root %s 账户名\n", o.Root)
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return usagef("无法在 %s 上提供网页（%v）；端口可能已被占用，请用 --addr 换一个", o.Addr, err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 10 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10,
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) }}
	scheme := "http"
	if o.TLSCert != "" {
		scheme = "https"
	}
	fmt.Fprintf(stdout, "网页已启动：%s://%s/ （按 Ctrl-C 停止）\n", scheme, ln.Addr())
	if ready != nil {
		ready(ln.Addr().String())
	}
	served := make(chan error, 1)
	go func() {
		if o.TLSCert != "" {
			served <- hs.ServeTLS(ln, o.TLSCert, o.TLSKey)
		} else {
			served <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-served:
		return fmt.Errorf("serve %s: %w", o.Addr, err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		hs.Close()
	}
	<-served
	fmt.Fprintln(stdout, "已停止")
	return nil
}

func userCommand() *cli.Command {
	return &cli.Command{
		Name:      "user",
		Usage:     "管理网页（serve）的财政局工作人员账户：add 新建或改密码，remove 删除，list 列出",
		ArgsUsage: "add|remove|list [账户名]",
		Description: "账户存在 --root 工作目录的 perfeval-web.db 中，密码用 bcrypt 加密保存。\n" +
			"密码不在命令行上给出：在终端上运行时提示输入两次；否则从环境变量 PERFEVAL_PASSWORD 读取。\n" +
			"改密码或删除账户后，该账户已登录的会话全部失效。\n" + exitCodesPlain,
		Flags: []cli.Flag{rootFlag()},
		Action: func(c *cli.Context) error {
			root := c.String("root")
			if root == "" {
				return usagef("请用 --root 指定工作目录，例如：perfeval user add --root D:\\绩效自评 张三")
			}
			return runUser(c.Context, root, c.Args().Slice(), c.App.Writer, c.App.ErrWriter, terminalPassword)
		},
	}
}

// passwordSource returns the password of a new account: from a terminal
// prompt, or PERFEVAL_PASSWORD.
type passwordSource func(prompt io.Writer) (string, error)

// errNoPassword says no password could be read.
var errNoPassword = errors.New("no password")

// terminalPassword reads the password twice from the terminal without
// echo, or takes PERFEVAL_PASSWORD when set.
func terminalPassword(prompt io.Writer) (string, error) {
	if p, ok := os.LookupEnv("PERFEVAL_PASSWORD"); ok {
		return p, nil
	}
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", errNoPassword
	}
	fmt.Fprint(prompt, "密码：")
	a, err := term.ReadPassword(fd)
	fmt.Fprintln(prompt)
	if err != nil {
		return "", err
	}
	fmt.Fprint(prompt, "再输入一次：")
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(prompt)
	if err != nil {
		return "", err
	}
	if string(a) != string(b) {
		return "", usagef("两次输入的密码不同，账户没有改动")
	}
	return string(a), nil
}

func runUser(ctx context.Context, root string, args []string, stdout, stderr io.Writer, password passwordSource) error {
	if len(args) == 0 {
		return usagef("请写明要做什么：perfeval user add|remove|list --root 目录 [账户名]")
	}
	verb, rest := args[0], args[1:]
	if info, err := os.Stat(root); err != nil || !info.IsDir() {
		return usagef("工作目录 %s 不存在", root)
	}
	store, err := web.OpenStore(ctx, root+string(os.PathSeparator)+web.StoreName)
	if err != nil {
		return err
	}
	defer store.Close()
	switch verb {
	case "list":
		users, err := store.Users(ctx)
		if err != nil {
			return err
		}
		if len(users) == 0 {
			fmt.Fprintln(stdout, "还没有账户")
		}
		for _, u := range users {
			fmt.Fprintf(stdout, "%s\t建立于 %s\t密码更新于 %s\n", u.Name, u.CreatedAt.Local().Format("2006-01-02 15:04"), u.ChangedAt.Local().Format("2006-01-02 15:04"))
		}
		return nil
	case "add", "remove":
	default:
		return usagef("没有“%s”这个操作；可用的有 add、remove、list", verb)
	}
	if len(rest) != 1 {
		return usagef("请给出一个账户名，例如：perfeval user %s --root %s 张三", verb, root)
	}
	name := rest[0]
	zlog := zerolog.Ctx(ctx)
	if verb == "remove" {
		ok, err := store.RemoveUser(ctx, name)
		if err != nil {
			return err
		}
		if !ok {
			return usagef("没有账户“%s”", name)
		}
		zlog.Info().Str("user", name).Msg("account removed")
		fmt.Fprintf(stdout, "已删除账户 %s\n", name)
		return nil
	}
	if err := web.CheckUserName(name); err != nil {
		return usagef("账户名“%s”无效：%s", name, chineseReason(err))
	}
	p, err := password(stderr)
	if errors.Is(err, errNoPassword) {
		return usagef("请在终端上运行以输入密码，或用环境变量 PERFEVAL_PASSWORD 给出密码（密码不能写在命令行上）")
	}
	if err != nil {
		return err
	}
	created, err := store.SetPassword(ctx, name, p)
	if errors.Is(err, web.ErrBadPassword) || errors.Is(err, web.ErrBadUser) {
		return usagef("%s", chineseReason(err))
	}
	if err != nil {
		return err
	}
	if created {
		zlog.Info().Str("user", name).Msg("account created")
		fmt.Fprintf(stdout, "已建立账户 %s\n", name)
	} else {
		zlog.Info().Str("user", name).Msg("password changed")
		fmt.Fprintf(stdout, "已更新账户 %s 的密码（已登录的会话已失效）\n", name)
	}
	return nil
}

// chineseReason is the Chinese part of a web.ErrBadUser or ErrBadPassword
// error ("invalid password: 密码至少 8 个字符").
func chineseReason(err error) string {
	_, after, ok := strings.Cut(err.Error(), ": ")
	if !ok {
		return err.Error()
	}
	return after
}
