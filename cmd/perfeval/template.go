package main

import (
	"github.com/urfave/cli/v2"

	"github.com/perfeval/perfeval/template"
)

func templateCommand() *cli.Command {
	return &cli.Command{
		Name:        "template",
		Usage:       "生成空白的部门整体支出绩效自评表",
		Description: exitCodesPlain,
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "year", Usage: "评价年度，如 2022", Required: true, EnvVars: []string{"PERFEVAL_YEAR"}},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "输出文件（.xlsx）", Required: true},
		},
		Action: func(c *cli.Context) error {
			year := c.Int("year")
			if year < 2000 || year > 2100 {
				return usagef("--year 的值 %d 不是有效年度", year)
			}
			if err := template.WriteTemplate(c.String("output"), template.Department, &template.Data{Year: year}); err != nil {
				return err
			}
			_, err := c.App.Writer.Write([]byte("已生成模板：" + c.String("output") + "\n"))
			return err
		},
	}
}
