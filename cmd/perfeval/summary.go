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

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/inbox"
	"github.com/perfeval/perfeval/pipeline/ledger"
	"github.com/perfeval/perfeval/pipeline/roster"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/summary"
	"github.com/perfeval/perfeval/template"
)

// SummaryOptions are the inputs of perfeval summary.
type SummaryOptions struct {
	// Roots are the root folders whose ledgers are read: one, or the
	// roots of the shards of one inbox, merged.
	Roots     []string
	Results   []string
	Output    string
	Roster    string
	Year      int
	RulesPath string
	Previous  string
	JSON      bool
}

// The operations of summary that can fail on the machine.
const (
	opReadLedger   template.Op = "read ledger"
	opWriteSummary template.Op = "write summary"
)

func summaryCommand() *cli.Command {
	return &cli.Command{
		Name:  "summary",
		Usage: "生成全市汇总表：各部门的得分、等级、排名、执行率，各项目的项目支出表，未达标指标、审核问题、未报送的部门和图表",
		Description: "从 --root 目录的台账（或 --results 指定的 JSON 审核结果）取每个部门最新的一份报送，不重新读取工作簿。\n" +
			"--root 和 --results 都可以给多次，合并几个工作目录或分片（run --shard）的结果。台账中有上一年度的结果（或用 --previous 给出去年的汇总表）时，增加同比各列。\n" +
			exitCodesPlain,
		Flags: []cli.Flag{
			&cli.StringSliceFlag{Name: "root", Usage: "工作目录：读取其中的台账 perfeval.db；可以给多次，把几台机器分片处理的工作目录合并成一份", EnvVars: []string{"PERFEVAL_ROOT"}},
			&cli.StringSliceFlag{Name: "results", Usage: "JSON 审核结果所在的文件夹（工作目录的 results，或 check --json 的输出所在的文件夹），可以给多次", EnvVars: []string{"PERFEVAL_RESULTS"}},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "汇总表文件，扩展名 .xlsx（不用 --json 时必填）", EnvVars: []string{"PERFEVAL_OUTPUT"}},
			&cli.StringFlag{Name: "roster", Usage: "部门名单（.xlsx 或 .csv：部门编码、部门名称、联系人、邮箱），用于列出未报送的部门", EnvVars: []string{"PERFEVAL_ROSTER"}},
			&cli.IntFlag{Name: "year", Usage: "汇总的年度（默认为报送中最新的年度）", EnvVars: []string{"PERFEVAL_YEAR"}},
			rulesFlag(),
			&cli.StringFlag{Name: "previous", Usage: "去年的汇总表（perfeval summary 生成的 .xlsx 或 --json 输出），用于同比", EnvVars: []string{"PERFEVAL_PREVIOUS"}},
			&cli.BoolFlag{Name: "json", Usage: "把同样的数字作为一个 JSON 对象输出到标准输出", EnvVars: []string{"PERFEVAL_JSON"}},
		},
		Action: func(c *cli.Context) error {
			o := SummaryOptions{Roots: c.StringSlice("root"), Results: c.StringSlice("results"), Output: c.String("output"), Roster: c.String("roster"),
				Year: c.Int("year"), RulesPath: c.String("rules"), Previous: c.String("previous"), JSON: c.Bool("json")}
			switch {
			case c.NArg() > 0:
				return usagef("summary 不接受文件名（收到“%s”）；请用 --root 或 --results 指定数据来源", c.Args().First())
			case len(o.Roots) == 0 && len(o.Results) == 0:
				return usagef("请用 --root 指定工作目录（或用 --results 指定 JSON 审核结果所在的文件夹），例如：perfeval summary --root D:\\绩效自评 -o 汇总.xlsx")
			case o.Output == "" && !o.JSON:
				return usagef("请用 -o 指定汇总表文件，例如：perfeval summary --root D:\\绩效自评 -o 汇总.xlsx；或用 --json 输出 JSON")
			case o.Output != "" && !strings.EqualFold(filepath.Ext(o.Output), ".xlsx"):
				return usagef("输出文件“%s”的扩展名应为 .xlsx", o.Output)
			case c.IsSet("year") && (o.Year < template.MinYear || o.Year > template.MaxYear):
				return usagef("--year 的值 %d 不是有效年度", o.Year)
			}
			return runSummary(c.Context, o, c.App.Writer, c.App.ErrWriter)
		},
	}
}

// runSummary builds the summary of o and writes it.
func runSummary(ctx context.Context, o SummaryOptions, stdout, stderr io.Writer) error {
	rb, err := loadRules(o.RulesPath)
	if err != nil {
		return err
	}
	st := summaryStore(stderr)
	defer st.Close()
	var entries []summary.Entry
	var sources []string
	for _, root := range o.Roots {
		f := inbox.FoldersOf(root)
		if _, err := os.Stat(f.Ledger); errors.Is(err, fs.ErrNotExist) {
			return usagef("%s 下还没有台账（perfeval.db）；请先运行 perfeval run --root %s", root, root)
		}
		l, err := ledger.Open(ctx, f.Ledger)
		if err != nil {
			return &template.OpError{Op: opReadLedger, Path: f.Ledger, Err: err}
		}
		es, err := summary.FromLedger(ctx, l, f.Ledger, f.Abs, st)
		l.Close()
		if err != nil {
			return &template.OpError{Op: opReadLedger, Path: f.Ledger, Err: err}
		}
		entries = append(entries, es...)
		sources = append(sources, "台账 "+f.Ledger)
	}
	for _, dir := range o.Results {
		es, err := summary.FromResults(dir, st)
		if errors.Is(err, summary.ErrNotReport) {
			return usagef("%s 中有不是 perfeval 审核结果的 JSON 文件（%v）；请只指定存放审核结果的文件夹", dir, err)
		}
		if err != nil {
			return err
		}
		entries = append(entries, es...)
		sources = append(sources, fmt.Sprintf("审核结果文件夹 %s（%d 份）", dir, len(es)))
	}
	if len(entries) == 0 {
		return usagef("没有可以汇总的报送：%s 中还没有审核结果", strings.Join(append(append([]string(nil), o.Roots...), o.Results...), "、"))
	}
	opts := summary.Options{Year: o.Year, Rulebook: rb, Sources: sources, BuiltAt: time.Now(), PerfevalVersion: version()}
	if o.Roster != "" {
		r, problems, err := readRoster(o.Roster, stderr)
		if err != nil {
			return err
		}
		opts.Roster, opts.RosterFindings = r, problems
	}
	if o.Previous != "" {
		ps, _, err := summary.ReadPrevious(o.Previous)
		if errors.Is(err, summary.ErrNotSummary) {
			return usagef("--previous 的文件 %s 不是 perfeval 生成的汇总表（.xlsx）或 summary --json 的输出", o.Previous)
		}
		if err != nil {
			return err
		}
		opts.Previous, opts.PreviousSource = ps, o.Previous
	}
	s := summary.Build(entries, opts)
	if o.Output != "" {
		if err := s.Save(o.Output); err != nil {
			return &template.OpError{Op: opWriteSummary, Path: o.Output, Err: err}
		}
		msg := stdout
		if o.JSON {
			msg = stderr // stdout is the JSON's alone
		}
		c := s.Counts
		fmt.Fprintf(msg, "已生成 %d 年度汇总表：%s（报送 %d 个部门：通过 %d，退回修改 %d，无法读取 %d", s.Year, o.Output, c.Submitted, c.Accepted, c.Returned, c.Unreadable)
		if s.Roster != nil {
			fmt.Fprintf(msg, "；名单中未报送 %d 个，不在名单中 %d 个", c.Missing, c.Unlisted)
		}
		if c.Projects > 0 {
			fmt.Fprintf(msg, "；项目支出表 %d 份（%d 个部门）", c.Projects, c.ProjectDepartments)
		}
		if c.Unidentified > 0 {
			fmt.Fprintf(msg, "；无法确定部门或年度 %d 份", c.Unidentified)
		}
		fmt.Fprintln(msg, "）")
	}
	if o.JSON {
		return s.WriteJSON(stdout)
	}
	return nil
}

// readRoster reads the roster, writing its problems to stderr; a roster
// without its code or name column is a usage error.
func readRoster(path string, stderr io.Writer) (*roster.Roster, finding.Findings, error) {
	r, problems, err := roster.Read(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, usagef("找不到部门名单 %s", path)
	}
	if err != nil {
		return nil, nil, err
	}
	for _, f := range problems {
		fmt.Fprintf(stderr, "perfeval: 部门名单 %s：[%s] %s\n", path, f.Severity.Label(), f.Message)
	}
	if r == nil {
		return nil, nil, usagef("部门名单 %s 无法使用（原因见上）；请改正后重新运行", path)
	}
	return r, problems, nil
}

// summaryStore is where the reports' details wait until the summary is
// written (summary.Store): a temporary file, or memory where none can be
// made, which is said on warn.
func summaryStore(warn io.Writer) *summary.Store {
	st, err := summary.NewStore("")
	if err != nil {
		why := "无法写入"
		switch {
		case errors.Is(err, fs.ErrNotExist):
			why = "不存在"
		case errors.Is(err, fs.ErrPermission):
			why = "没有写入权限"
		}
		fmt.Fprintf(warn, "perfeval: 临时文件夹 %s %s，汇总改在内存中进行，部门很多时占用的内存较多；临时文件夹由环境变量 TMPDIR（Windows 为 TMP 或 TEMP）指定\n", os.TempDir(), why)
		return nil
	}
	return st
}

// refreshSummaries writes root's outbox/汇总-<year>.xlsx for every year in
// the ledger, atomically (inbox.Options.Changed): the bureau finds a
// current summary each morning. The roster, when given, lists who has not
// submitted. A summary made in memory for want of a temporary folder is
// said on warn.
func refreshSummaries(root string, rb *rulebook.Rulebook, rosterPath string, warn io.Writer) func(context.Context, *ledger.Ledger) error {
	return func(ctx context.Context, l *ledger.Ledger) error {
		f := inbox.FoldersOf(root)
		st := summaryStore(warn)
		defer st.Close()
		entries, err := summary.FromLedger(ctx, l, f.Ledger, f.Abs, st)
		if err != nil {
			return err
		}
		opts := summary.Options{Rulebook: rb, Sources: []string{"台账 " + f.Ledger}, BuiltAt: time.Now(), PerfevalVersion: version()}
		if rosterPath != "" {
			r, problems, err := roster.Read(rosterPath)
			if err != nil {
				return err
			}
			opts.Roster, opts.RosterFindings = r, problems
		}
		outbox := filepath.Dir(f.Accepted)
		// What a killed refresh left: the lock is held, nobody else writes
		// here.
		if stale, err := filepath.Glob(filepath.Join(outbox, ".汇总-*.tmp-*")); err == nil {
			for _, p := range stale {
				os.Remove(p)
			}
		}
		years := summary.Years(entries)
		for i, year := range years {
			opts.Year = year
			path := filepath.Join(outbox, summary.ShortName(year))
			s := summary.Build(entries, opts)
			if i == len(years)-1 {
				entries = nil // the reports can go while the last one is written
			}
			if err := s.Save(path); err != nil {
				return &template.OpError{Op: opWriteSummary, Path: path, Err: err}
			}
		}
		return nil
	}
}
