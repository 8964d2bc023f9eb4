package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/inbox"
	"github.com/perfeval/perfeval/pipeline/mail"
	"github.com/perfeval/perfeval/pipeline/narrative"
	"github.com/perfeval/perfeval/pipeline/report"
)

// InboxOptions are the inputs of perfeval run, watch and rerun.
type InboxOptions struct {
	Root      string
	RulesPath string
	Workers   int
	Settle    time.Duration
	Timeout   time.Duration
	Poll      time.Duration // watch only
	// Roster lists the departments the refreshed summary counts as
	// expected ("" none).
	Roster string
	// Notify mails each accepted or returned submission's annotated copy
	// to its department's address on Roster (run and watch only).
	Notify bool
	SMTP   mail.Settings
	Retry  mail.Retry
	// Inbox is the inbox folder, "" for the root's inbox/; Shard the part
	// of it this process takes (run and watch only).
	Inbox string
	Shard inbox.Shard
}

// shardFlags are the flags of run and watch that let several machines
// share one inbox.
func shardFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "inbox", Usage: "收件箱文件夹（默认为 --root 下的 inbox）；几台机器分片处理时，都指向网络共享上的同一个文件夹，各自用自己的 --root", EnvVars: []string{"PERFEVAL_INBOX"}},
		&cli.StringFlag{Name: "shard", Usage: "i/n：只处理收件箱中文件名哈希落在第 i 片（共 n 片，i 从 0 起）的文件，如 0/4、1/4、2/4、3/4；在 Kubernetes 索引作业中写 $(JOB_COMPLETION_INDEX)/n", EnvVars: []string{"PERFEVAL_SHARD"}},
	}
}

// maxShards is the most shards --shard accepts.
const maxShards = 10000

// parseShard reads --shard's i/n; "" is the whole inbox.
func parseShard(v string) (inbox.Shard, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return inbox.Shard{}, nil
	}
	example := "例如 --shard 0/4（共 4 台机器时依次为 0/4、1/4、2/4、3/4）"
	if strings.Contains(v, "$(") || strings.Contains(v, "${") || strings.Contains(v, "JOB_COMPLETION_INDEX") {
		return inbox.Shard{}, usagef("--shard 的值“%s”中的变量没有被替换；在 Kubernetes 中，只有 completionMode: Indexed 的 Job 才有 JOB_COMPLETION_INDEX，请检查清单（见 README 的“多机分片”）", v)
	}
	is, ns, ok := strings.Cut(v, "/")
	if !ok {
		return inbox.Shard{}, usagef("--shard 的值“%s”应写成“第几片/共几片”，%s", v, example)
	}
	i, erri := strconv.Atoi(strings.TrimSpace(is))
	n, errn := strconv.Atoi(strings.TrimSpace(ns))
	switch {
	case errn != nil || n < 1 || n > maxShards:
		return inbox.Shard{}, usagef("--shard 的值“%s”中的片数“%s”应为 1 到 %d 的整数，%s", v, ns, maxShards, example)
	case erri != nil || i < 0 || i >= n:
		return inbox.Shard{}, usagef("--shard 的值“%s”中的编号“%s”应为 0 到 %d 的整数（编号从 0 起，与 Kubernetes 的 JOB_COMPLETION_INDEX 相同），%s", v, is, n-1, example)
	}
	return inbox.Shard{Index: i, Count: n}, nil
}

// notifyFlags are the flags of run and watch that mail the results back.
func notifyFlags() []cli.Flag {
	return append([]cli.Flag{
		&cli.BoolFlag{Name: "notify", Usage: "把每份通过或退回修改的报送的批注版用邮件发给名单（--roster）中该部门的邮箱，每份只发一次，重复报送不发（发信设置见 --smtp-*）"},
	}, smtpFlags()...)
}

// inboxFlags are the flags run, watch and rerun share.
func inboxFlags() []cli.Flag {
	return []cli.Flag{
		rootFlag(),
		rulesFlag(),
		&cli.IntFlag{Name: "workers", Usage: "同时处理的文件数（默认为 CPU 核数加一）", EnvVars: []string{"PERFEVAL_WORKERS"}},
		&cli.DurationFlag{Name: "settle", Value: inbox.DefaultSettle, Usage: "文件大小和修改时间保持不变多久才算复制完成", EnvVars: []string{"PERFEVAL_SETTLE"}},
		&cli.DurationFlag{Name: "timeout", Value: pipeline.DefaultTimeout, Usage: "每个文件处理时间的安全上限；超过时视为本机原因，下次重试", EnvVars: []string{"PERFEVAL_TIMEOUT"}},
		&cli.StringFlag{Name: "roster", Usage: "部门名单（.xlsx 或 .csv）：每次处理后更新的 outbox/汇总-年度.xlsx 据此列出未报送的部门", EnvVars: []string{"PERFEVAL_ROSTER"}},
	}
}

func rootFlag() cli.Flag {
	return &cli.StringFlag{Name: "root", Usage: "工作目录：其下的 inbox 是收件箱，archive、outbox、results 和台账 perfeval.db 由 perfeval 写入", EnvVars: []string{"PERFEVAL_ROOT"}}
}

func inboxOptions(c *cli.Context) (InboxOptions, error) {
	o := InboxOptions{Root: c.String("root"), RulesPath: c.String("rules"), Workers: c.Int("workers"),
		Settle: c.Duration("settle"), Timeout: c.Duration("timeout"), Roster: c.String("roster")}
	if c.IsSet("poll") || c.Command.Name == "watch" {
		o.Poll = c.Duration("poll")
	}
	if c.Command.Name == "run" || c.Command.Name == "watch" {
		o.Inbox = c.String("inbox")
		var err error
		if o.Shard, err = parseShard(c.String("shard")); err != nil {
			return o, err
		}
		if !o.Shard.Whole() && o.Inbox == "" {
			// The root's own inbox/ would keep the other shards' files
			// for ever: the shared inbox is named explicitly.
			return o, usagef("--shard %d/%d 要与 --inbox 一起使用：各台机器用各自的 --root，共用 --inbox 指定的同一个收件箱，例如 perfeval %s --root /srv/绩效自评 --inbox /mnt/共享/inbox --shard %d/%d",
				o.Shard.Index, o.Shard.Count, c.Command.Name, o.Shard.Index, o.Shard.Count)
		}
	}
	if c.Bool("notify") {
		o.Notify, o.Retry = true, mail.DefaultRetry
		if o.Roster == "" {
			return o, usagef("--notify 要按部门名单发邮件，请用 --roster 指定名单")
		}
		var err error
		if o.SMTP, err = smtpSettings(c, true); err != nil {
			return o, err
		}
	}
	switch {
	case o.Root == "":
		return o, usagef("请用 --root 指定工作目录，例如：perfeval %s --root D:\\绩效自评", c.Command.Name)
	case c.NArg() > 0:
		return o, usagef("%s 不接受文件名（收到“%s”）；要处理的文件请放进 --root 目录下的 inbox", c.Command.Name, c.Args().First())
	case o.Workers < 0:
		return o, usagef("--workers 的值 %d 无效，应为正整数", o.Workers)
	case o.Settle < 0 || o.Timeout < 0 || o.Poll < 0:
		return o, usagef("--settle、--timeout、--poll 不能为负数")
	}
	return o, nil
}

func runCommand() *cli.Command {
	return &cli.Command{
		Name:  "run",
		Usage: "处理收件箱中的全部工作簿一次后退出（供定时任务使用）",
		Description: "处理 --root 目录下 inbox 中已经复制完成的每个工作簿：原件存入 archive，审核结果记入台账 perfeval.db 和 results，\n" +
			"批注版按结论放进 outbox/accepted 或 outbox/returned，处理完的文件移出 inbox。\n" +
			"有文件记入台账后，更新 outbox/汇总-<年度>.xlsx（台账中的每个年度一份；--roster 给出部门名单时列出未报送的部门）。\n" +
			"--notify 时，再把每份通过或退回修改的报送的批注版和审核结论用邮件发给名单中该部门的邮箱（每份一次，记在 perfeval-mail.db；\n" +
			"不在名单中的部门只记日志；发送失败的在下次处理后重试）。\n" +
			"因本机原因（磁盘满、无权限、超时）未能处理的文件留在 inbox，下次运行时重试，不记为部门的问题。\n" + exitCodesRun,
		Flags: append(append(inboxFlags(), shardFlags()...), notifyFlags()...),
		Action: func(c *cli.Context) error {
			o, err := inboxOptions(c)
			if err != nil {
				return err
			}
			return runInbox(c.Context, o, c.App.Writer, c.App.ErrWriter)
		},
	}
}

// exitCodesRun is the exit-code paragraph of run and rerun.
const exitCodesRun = `退出码：0 处理的文件全部通过；1 有文件被退回或无法读取；2 用法、配置或系统错误，或有文件因本机原因未能处理（留在收件箱，下次重试）。`

// errRetry says some files were not processed for a reason on the
// bureau's side: exit code 2, and the next run retries them.
var errRetry = errors.New("some files could not be processed on this machine; they stay in the inbox")

// openRunner loads the rules and takes the root.
func openRunner(ctx context.Context, o InboxOptions, stderr io.Writer) (*inbox.Runner, error) {
	rb, err := loadRules(o.RulesPath)
	if err != nil {
		return nil, err
	}
	if o.Roster != "" {
		// A roster that cannot be used stops the run before any file is
		// taken, as a bad rulebook does; its problems are shown.
		if _, _, err := readRoster(o.Roster, stderr); err != nil {
			return nil, err
		}
	}
	opts := inbox.Options{Rulebook: rb, FormRules: formRules(o.RulesPath), PerfevalVersion: version(), Workers: o.Workers, Settle: o.Settle, Timeout: o.Timeout,
		Changed: refreshSummaries(o.Root, rb, o.Roster, stderr), Draft: drafter(), Inbox: o.Inbox, Shard: o.Shard}
	if o.Notify {
		opts.Changed = afterChange(opts.Changed, notifyDepartments(o.Root, o.Roster, o.SMTP, o.Retry, stderr))
	}
	if f, ok := stderr.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
		var bar *progressbar.ProgressBar
		opts.Progress = func(done, total int) {
			if bar == nil || bar.GetMax() != total {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription("处理中"),
					progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
			}
			_ = bar.Set(done)
		}
	}
	r, err := inbox.Open(ctx, o.Root, opts)
	switch {
	case errors.Is(err, inbox.ErrLocked):
		return nil, usagef("另一个 perfeval 正在处理 %s（锁文件 %s）；请等它结束后再运行", o.Root, inbox.FoldersOf(o.Root).Lock)
	case errors.Is(err, inbox.ErrInboxIsOutput):
		return nil, usagef("--inbox %s 是工作目录本身，或是 perfeval 写入的文件夹（archive、outbox、results）或其中的文件夹；收件箱须是单独的文件夹，否则 perfeval 会把台账和自己的输出当成报送", o.Inbox)
	}
	return r, err
}

func runInbox(ctx context.Context, o InboxOptions, stdout, stderr io.Writer) error {
	r, err := openRunner(ctx, o, stderr)
	if err != nil {
		return err
	}
	defer r.Close()
	res, err := r.Pass(ctx, true)
	if err != nil {
		return err
	}
	if !o.Shard.Whole() {
		fmt.Fprintf(stdout, "分片 %d/%d：", o.Shard.Index, o.Shard.Count)
	}
	fmt.Fprintf(stdout, "已处理 %d 个文件：通过 %d，退回修改 %d，无法读取 %d；重复报送 %d；仍在复制、留待下次 %d；因本机原因未能处理 %d（下次重试）\n",
		res.Processed, res.ByStatus[report.Accepted], res.ByStatus[report.Returned], res.ByStatus[report.Unreadable],
		res.Duplicates, res.Waiting, res.Failed)
	switch {
	case res.Failed > 0:
		return errRetry
	case res.ByStatus[report.Returned] > 0 || res.ByStatus[report.Unreadable] > 0:
		return errReturned
	}
	return nil
}

func watchCommand() *cli.Command {
	return &cli.Command{
		Name:  "watch",
		Usage: "持续处理收件箱：有新文件就处理，直到按 Ctrl-C 或收到停止信号",
		Description: "与 run 相同的处理，持续进行：依据文件系统事件，并每隔 --poll 重新扫描一次（网络共享目录收不到事件）。\n" +
			"每次有文件记入台账后，更新 outbox/汇总-<年度>.xlsx。\n" +
			"收到 SIGINT/SIGTERM（Ctrl-C）时，手头的文件处理完或放弃，不留下写了一半的文件，然后退出。\n" + exitCodesPlain,
		Flags: append(append(append(inboxFlags(),
			&cli.DurationFlag{Name: "poll", Value: 30 * time.Second, Usage: "每隔多久重新扫描收件箱；0 表示只依据文件系统事件", EnvVars: []string{"PERFEVAL_POLL"}},
		), shardFlags()...), notifyFlags()...),
		Action: func(c *cli.Context) error {
			o, err := inboxOptions(c)
			if err != nil {
				return err
			}
			r, err := openRunner(c.Context, o, c.App.ErrWriter)
			if err != nil {
				return err
			}
			defer r.Close()
			if o.Shard.Whole() {
				fmt.Fprintf(c.App.Writer, "正在监视 %s；按 Ctrl-C 停止\n", r.Folders().Inbox)
			} else {
				fmt.Fprintf(c.App.Writer, "正在监视 %s 中属于分片 %d/%d 的文件；按 Ctrl-C 停止\n", r.Folders().Inbox, o.Shard.Index, o.Shard.Count)
			}
			if err := r.Watch(c.Context, o.Poll); err != nil {
				return err
			}
			fmt.Fprintln(c.App.Writer, "已停止")
			return nil
		},
	}
}

func rerunCommand() *cli.Command {
	return &cli.Command{
		Name:  "rerun",
		Usage: "用（修正后的）评分规则重新审核每个部门最新报送的工作簿",
		Description: "从 archive 中的原件重新审核台账里每个部门每个年度最新的一份，新结果与旧结果并列记入台账，批注版按新结论放入 outbox。\n" +
			exitCodesRun,
		Flags: inboxFlags(),
		Action: func(c *cli.Context) error {
			o, err := inboxOptions(c)
			if err != nil {
				return err
			}
			r, err := openRunner(c.Context, o, c.App.ErrWriter)
			if err != nil {
				return err
			}
			defer r.Close()
			checked, failed, err := r.Rerun(c.Context)
			if err != nil {
				return err
			}
			counts, err := r.Ledger().Count(c.Context)
			if err != nil {
				return err
			}
			by := counts.ByStatus
			fmt.Fprintf(c.App.Writer, "已重新审核 %d 份：通过 %d，退回修改 %d，无法读取 %d；因本机原因未能重新审核 %d（保留原结果）\n",
				checked, by[report.Accepted], by[report.Returned], by[report.Unreadable], failed)
			switch {
			case failed > 0:
				return errRetry
			case by[report.Returned] > 0 || by[report.Unreadable] > 0:
				return errReturned
			}
			return nil
		},
	}
}

// drafter returns the function that writes the draft 自评报告 of an
// accepted submission, which run and watch put beside its annotated copy.
// The texts and the Word package's shared parts are made once, at the
// first draft, for every draft of the command; the function is safe for
// the workers to call at once.
func drafter() func(rep *report.Report, c *report.Contents, w io.Writer) error {
	texts := sync.OnceValue(narrative.DefaultTexts)
	writer := sync.OnceValues(narrative.NewWriter)
	return func(rep *report.Report, c *report.Contents, out io.Writer) error {
		w, err := writer()
		if err != nil {
			return err
		}
		doc, err := narrative.Build(rep, c, narrative.Options{Texts: texts()})
		if err != nil {
			return err
		}
		return w.WriteDocx(doc, out)
	}
}
