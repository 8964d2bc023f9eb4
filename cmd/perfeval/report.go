package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/narrative"
	"github.com/perfeval/perfeval/template"
)

// ReportOptions are the inputs of perfeval report.
type ReportOptions struct {
	File      string
	Output    string
	RulesPath string
	TextPath  string
	Draft     bool
}

func reportCommand() *cli.Command {
	return &cli.Command{
		Name:      "report",
		Usage:     "按审核后的工作簿起草自评报告（Word）：部门整体支出或项目支出绩效自评报告",
		ArgsUsage: "FILE",
		Description: "审核工作簿，按复核后的数字起草自评报告（.docx）：部门概况、决算收支及占比、逐项指标完成情况、\n" +
			"存在问题及改进措施、自评得分和等级，附自评表。部门职责等文字取自工作簿的“报告素材”表，未填写的标为【待补充】。\n" +
			"项目支出绩效自评表则起草项目支出绩效自评报告：项目概况（年初预算数与全年预算数、资金使用、绩效目标）、自评工作开展情况、\n" +
			"综合评价结论、逐项指标完成情况、偏离绩效目标的原因和改进措施、结果应用和公开，附项目支出绩效自评表。\n" +
			"不指定 --rules 时按表格种类使用内置规则。\n" +
			"工作簿有错误时不生成报告，列出错误；加 --draft 时照样生成草稿，有问题的数字标为【待核实】，审核发现列在报告末尾。\n" +
			"报告的文字来自内置的文字模板（--show-text 显示），可以用 --text 文件 改写其中任意几段。\n" +
			"退出码：0 已生成；1 工作簿有错误（未加 --draft）或无法读取；2 用法、配置或系统错误。",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "输出文件，扩展名 .docx（必填；已存在则覆盖）", EnvVars: []string{"PERFEVAL_OUTPUT"}},
			rulesFlag(),
			&cli.StringFlag{Name: "text", Usage: "改写报告文字的模板文件（Go text/template 的 define 段）", EnvVars: []string{"PERFEVAL_TEXT"}},
			&cli.BoolFlag{Name: "draft", Usage: "工作簿有错误也生成草稿，有问题的数字标为【待核实】", EnvVars: []string{"PERFEVAL_DRAFT"}},
			&cli.BoolFlag{Name: "show-text", Usage: "显示内置的文字模板（可复制其中的段修改后用 --text 指定）"},
		},
		Action: func(c *cli.Context) error {
			if c.Bool("show-text") {
				_, err := io.WriteString(c.App.Writer, narrative.DefaultSource())
				return err
			}
			out := c.String("output")
			switch {
			case c.NArg() == 0:
				return usagef("请指定要起草报告的工作簿，例如：perfeval report 部门自评表.xlsx -o 自评报告.docx")
			case c.NArg() > 1:
				return usagef("一次只能为一个工作簿起草报告，收到了 %d 个文件", c.NArg())
			case out == "":
				return usagef("请用 -o 指定输出文件，例如：perfeval report %s -o 自评报告.docx", c.Args().First())
			case !strings.EqualFold(filepath.Ext(out), ".docx"):
				return usagef("输出文件“%s”的扩展名应为 .docx", out)
			}
			return runReport(c.Context, ReportOptions{
				File: c.Args().First(), Output: out, RulesPath: c.String("rules"),
				TextPath: c.String("text"), Draft: c.Bool("draft"),
			}, c.App.Writer, c.App.ErrWriter)
		},
	}
}

// loadTexts returns the report's text templates with those of path in
// their place; a problem with the file is a usage error.
func loadTexts(path string) (*narrative.Texts, error) {
	tx, err := narrative.LoadTexts(path)
	var te *narrative.TextsError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, usagef("找不到文字模板文件 %s", path)
	case errors.As(err, &te):
		return nil, usagef("%s", te.Error())
	}
	return tx, err
}

// runReport checks the workbook and writes its report. A workbook with
// errors is refused, its errors listed on stdout, unless opts.Draft.
func runReport(ctx context.Context, opts ReportOptions, stdout, stderr io.Writer) error {
	rb, err := loadRules(opts.RulesPath)
	if err != nil {
		return err
	}
	tx, err := loadTexts(opts.TextPath)
	if err != nil {
		return err
	}
	rep, contents, err := pipeline.ProcessContents(ctx, opts.File, rb, pipeline.Options{FormRules: formRules(opts.RulesPath)})
	if err != nil {
		return err
	}
	doc, err := narrative.Build(rep, contents, narrative.Options{Texts: tx, Draft: opts.Draft})
	name := escapeText(opts.File)
	switch {
	case errors.Is(err, narrative.ErrUnreadable):
		fmt.Fprintf(stdout, "文件：%s\n", name)
		for _, f := range rep.Findings {
			fmt.Fprintf(stdout, "  [%s] %s\n", f.Severity.Label(), template.Visible(f.Message))
		}
		fmt.Fprintf(stderr, "perfeval: %s 无法读取，未生成报告\n", name)
		return errReturned
	case errors.Is(err, narrative.ErrFindings):
		n := rep.Count(finding.Error)
		fmt.Fprintf(stdout, "文件：%s\n有 %d 处错误，未生成报告：\n", name, n)
		for _, f := range rep.FindingList() {
			if f.Severity == finding.Error {
				fmt.Fprintf(stdout, "  [%s] %s  %s（%s）\n", f.Severity.Label(), f.Ref, template.Visible(f.Message), f.Code)
			}
		}
		fmt.Fprintf(stderr, "perfeval: %s 有 %d 处错误，未生成报告；请改正后重新生成，或加 --draft 生成草稿（有问题的数字标为【待核实】）\n", name, n)
		return errReturned
	case err != nil:
		return err
	}
	if err := doc.WriteFile(opts.Output); err != nil {
		return &template.OpError{Op: opWriteDocument, Path: opts.Output, Err: err}
	}
	text := doc.Text()
	fmt.Fprintf(stdout, "已生成自评报告：%s\n", escapeText(opts.Output))
	total, grade := "—", "—"
	if rep.Total.Valid {
		total = rep.Total.Decimal.String()
	}
	if rep.Grade != "" {
		grade = rep.Grade
	}
	fmt.Fprintf(stdout, "复核总分 %s 分，等级 %s；审核发现：错误 %d，警告 %d，提示 %d\n",
		total, grade, rep.Count(finding.Error), rep.Count(finding.Warning), rep.Count(finding.Info))
	if n := strings.Count(text, narrative.MarkMissing); n > 0 {
		what := "部门职责"
		if rep.Project != nil {
			what = "项目基本情况"
		}
		fmt.Fprintf(stdout, "待补充：%d 处（%s等文字请在工作簿的“报告素材”表填写后重新生成，或在报告中直接补写）\n", n, what)
	}
	if n := strings.Count(text, narrative.MarkDoubtful); n > 0 {
		fmt.Fprintf(stdout, "待核实：%d 处数字所在单元格有审核发现，审核发现列在报告末尾\n", n)
	}
	return nil
}
