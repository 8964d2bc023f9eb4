package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/explain"
	inboxpkg "github.com/perfeval/perfeval/pipeline/inbox"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/summary"
	"github.com/perfeval/perfeval/samples"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

func demoCommand() *cli.Command {
	return &cli.Command{
		Name:        "demo",
		Usage:       "在临时目录中用自带样例走一遍：生成模板、审核、评分、批注、汇总",
		Description: exitCodesPlain,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "dir", Usage: "演示目录（默认新建临时目录）", EnvVars: []string{"PERFEVAL_DIR"}},
		},
		Action: func(c *cli.Context) error {
			return runDemo(c.Context, c.String("dir"), c.App.Writer)
		},
	}
}

// demoYear is the year of the bundled samples.
const demoYear = 2022

// runDemo runs the whole job on the bundled samples in dir (a new temporary
// folder when dir is ""): a blank template for the default rulebook, the
// samples copied into dir/inbox, each checked and scored with its annotated
// copy in dir/annotated and its JSON report in dir/reports.jsonl, a text
// report of each, and the summary of both against a small roster
// (dir/名单.csv, dir/汇总-2022.xlsx), with where everything went, written
// to out.
func runDemo(ctx context.Context, dir string, out io.Writer) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "perfeval-demo-")
		if err != nil {
			return &template.OpError{Op: opCreateFolder, Err: err}
		}
		dir = d
	}
	inbox := filepath.Join(dir, "inbox")
	annotated := filepath.Join(dir, "annotated")
	for _, d := range []string{inbox, annotated} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return &template.OpError{Op: opCreateFolder, Path: d, Err: err}
		}
	}
	rb := rulebook.DefaultRulebook()
	blank := filepath.Join(dir, fmt.Sprintf("模板-%d.xlsx", demoYear))
	if err := template.WriteTemplate(blank, template.Department, explain.TemplateData(rb, demoYear)); err != nil {
		return err
	}
	projectRules := rulebook.DefaultFor(template.FormProject)
	projectBlank := filepath.Join(dir, fmt.Sprintf("项目支出模板-%d.xlsx", demoYear))
	if err := template.WriteTemplate(projectBlank, template.Project, explain.TemplateData(projectRules, demoYear)); err != nil {
		return err
	}
	inputs, err := copySamples(inbox)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "演示目录：%s\n\n", dir)
	var reports bytes.Buffer
	var entries []summary.Entry
	writeDraft := drafter()
	for _, path := range inputs {
		// No rulebook named: each form by its own built-in rules, as check does.
		rep, contents, err := pipeline.ProcessContents(ctx, path, rb, pipeline.Options{AnnotateDir: annotated, FormRules: formRules("")})
		if err != nil {
			return err
		}
		// As run does: the draft report beside an accepted form's
		// annotated copy.
		draft := ""
		if rep.Status == report.Accepted && rep.Annotated != "" {
			draft = inboxpkg.DraftName(rep.Annotated)
			err := xlsx.WriteAtomic(draft, nil, func(w io.Writer) error { return writeDraft(rep, contents, w) })
			if err != nil {
				return &template.OpError{Op: opWriteDocument, Path: draft, Err: err}
			}
		}
		now := time.Now()
		scored := rb
		if rep.Rulebook != nil {
			scored = projectRules
		}
		entries = append(entries, summary.Entry{Report: rep, Version: 1, ReceivedAt: now, CheckedAt: now, Annotated: rep.Annotated,
			RulebookID: scored.ID, RulebookSHA256: scored.SHA256, PerfevalVersion: version(), Origin: inbox})
		var text bytes.Buffer
		if err := rep.WriteText(&text); err != nil {
			return err
		}
		if draft != "" {
			text.Truncate(text.Len() - 1) // the blank line after the file's report
			fmt.Fprintf(&text, "自评报告（草稿）：%s\n\n", draft)
		}
		if _, err := out.Write(text.Bytes()); err != nil {
			return err
		}
		if err := rep.WriteJSON(&reports); err != nil {
			return err
		}
	}
	jsonPath := filepath.Join(dir, "reports.jsonl")
	if err := xlsx.WriteFileAtomic(jsonPath, reports.Bytes()); err != nil {
		return &template.OpError{Op: opWriteReport, Path: jsonPath, Err: err}
	}
	rosterPath := filepath.Join(dir, "名单.csv")
	if err := xlsx.WriteFileAtomic(rosterPath, []byte(demoRoster)); err != nil {
		return &template.OpError{Op: opWriteSample, Path: rosterPath, Err: err}
	}
	r, problems, err := readRoster(rosterPath, out)
	if err != nil {
		return err
	}
	s := summary.Build(entries, summary.Options{Year: demoYear, Rulebook: rb, Roster: r, RosterFindings: problems,
		Sources: []string{"演示：" + inbox + " 中的样例"}, BuiltAt: time.Now(), PerfevalVersion: version()})
	summaryPath := filepath.Join(dir, summary.ShortName(demoYear))
	if err := s.Save(summaryPath); err != nil {
		return &template.OpError{Op: opWriteSummary, Path: summaryPath, Err: err}
	}
	c := s.Counts
	fmt.Fprintf(out, "汇总：报送 %d 个部门（通过 %d，退回修改 %d），名单中未报送 %d 个；项目支出表 %d 份（通过 %d）\n\n", c.Submitted, c.Accepted, c.Returned, c.Missing, c.Projects, c.ProjectsAccepted)
	fmt.Fprintf(out, "空白模板：%s\n项目支出模板：%s\n报送样例：%s\n批注版：  %s\nJSON 报告：%s\n部门名单：%s\n汇总表：  %s\n", blank, projectBlank, inbox, annotated, jsonPath, rosterPath, summaryPath)
	// The demo checks the samples where they lie and keeps no ledger, so
	// that it stays quick; the web page shows a ledger, which run builds
	// from the same inbox.
	fmt.Fprintf(out, "\n在网页上查看（先用 run 把收件箱中的样例记入台账）：\n  perfeval run --root %s --roster %s\n  perfeval user add --root %s 管理员\n  perfeval serve --root %s --roster %s\n",
		dir, rosterPath, dir, dir, rosterPath)
	return nil
}

// demoRoster is the demo's list of departments: the two samples', one
// that has not submitted, and one that has sent a project form only.
const demoRoster = "部门编码,部门名称,联系人,邮箱,联系电话\n" +
	"101001,南昌市政务服务数据管理局,张会计,zhangkj@example.gov.cn,0791-00000001\n" +
	"109901,示例区行政审批服务局（演示用：含常见填报问题）,李会计,likj@example.gov.cn,0791-00000002\n" +
	"109902,示例区统计局（演示用：尚未报送）,王会计,wangkj@example.gov.cn,0791-00000003\n" +
	"109903,示例区住房和城乡建设局,赵会计,zhaokj@example.gov.cn,0791-00000004\n"

// copySamples writes the bundled filled-in samples, not the blank one, into
// inbox and returns their paths.
func copySamples(inbox string) ([]string, error) {
	names, err := fs.Glob(samples.FS, "*.xlsx")
	if err != nil {
		return nil, &template.OpError{Op: opReadSample, Err: err}
	}
	// The project form among them, as a bureau's inbox holds both kinds.
	names = append(names, "project/example-2022.xlsx")
	var paths []string
	for _, name := range names {
		if strings.HasPrefix(name, "blank") {
			continue
		}
		data, err := samples.FS.ReadFile(name)
		if err != nil {
			return nil, &template.OpError{Op: opReadSample, Path: name, Err: err}
		}
		path := filepath.Join(inbox, strings.ReplaceAll(name, "/", "-"))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return nil, &template.OpError{Op: opWriteSample, Path: path, Err: err}
		}
		paths = append(paths, path)
	}
	return paths, nil
}
