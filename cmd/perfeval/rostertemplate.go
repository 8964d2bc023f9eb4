package main

import (
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/perfeval/perfeval/pipeline/roster"
)

func rosterTemplateCommand() *cli.Command {
	return &cli.Command{
		Name:  "roster-template",
		Usage: "生成空白的部门名单（部门编码、部门名称、联系人、邮箱、全年预算数），附填写说明",
		Description: "名单供 distribute（下发预填模板、发送邮件）、run --notify 和 summary 使用。\n" +
			exitCodesPlain,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "输出文件，扩展名 .xlsx（必填）", EnvVars: []string{"PERFEVAL_OUTPUT"}},
		},
		Action: func(c *cli.Context) error {
			out := c.String("output")
			switch {
			case c.NArg() > 0:
				return usagef("roster-template 不接受文件名（收到“%s”）；请用 -o 指定输出文件", c.Args().First())
			case out == "":
				return usagef("请用 -o 指定输出文件，例如：perfeval roster-template -o 名单.xlsx")
			case !strings.EqualFold(filepath.Ext(out), ".xlsx"):
				return usagef("输出文件“%s”的扩展名应为 .xlsx", out)
			}
			if err := roster.WriteBlank(out); err != nil {
				return err
			}
			_, err := c.App.Writer.Write([]byte("已生成空白名单：" + out + "\n"))
			return err
		},
	}
}
