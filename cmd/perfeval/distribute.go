package main

import (
	"context"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/perfeval/perfeval/pipeline/distribute"
	"github.com/perfeval/perfeval/pipeline/explain"
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/template"
)

// DistributeOptions are the inputs of perfeval distribute.
type DistributeOptions struct {
	Roster    string
	Year      int
	Out       string
	RulesPath string
}

func distributeCommand() *cli.Command {
	return &cli.Command{
		Name:  "distribute",
		Usage: "按部门名单为每个部门生成预填的自评表（部门名称、编码、年度、全年预算数已填好并锁定）",
		Description: "名单有错误（缺少列、编码重复、邮箱无效、金额不是数字等）时逐行指出，改正前一个模板也不生成。\n" +
			"预填的单元格浅蓝色底纹、已锁定，预填值记在工作簿里；部门改动了预填内容的，check 报 prefill_changed（错误）。\n" +
			exitCodesPlain,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "roster", Usage: "部门名单（.xlsx 或 .csv，可用 roster-template 生成）（必填）", EnvVars: []string{"PERFEVAL_ROSTER"}},
			&cli.IntFlag{Name: "year", Usage: "评价年度，如 2022（必填）", EnvVars: []string{"PERFEVAL_YEAR"}},
			&cli.StringFlag{Name: "out", Usage: "输出文件夹，不存在时自动创建（必填）", EnvVars: []string{"PERFEVAL_OUT"}},
			rulesFlag(),
		},
		Action: func(c *cli.Context) error {
			o := DistributeOptions{Roster: c.String("roster"), Year: c.Int("year"), Out: c.String("out"), RulesPath: c.String("rules")}
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
	forms, err := distribute.Write(ctx, rb.Layout(), explain.TemplateData(rb, o.Year), r, o.Out)
	for _, f := range forms {
		fmt.Fprintf(stdout, "已生成：%s（%s）\n", f.Path, template.Visible(f.Department.Name))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "共为 %d 个部门生成预填模板：%s\n", len(forms), o.Out)
	return nil
}
