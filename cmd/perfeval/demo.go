package main

import (
	"github.com/urfave/cli/v2"

	"github.com/perfeval/perfeval/pipeline"
)

func demoCommand() *cli.Command {
	return &cli.Command{
		Name:        "demo",
		Usage:       "在临时目录中用自带样例走一遍：生成模板、审核、评分、批注",
		Description: exitCodesPlain,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "dir", Usage: "演示目录（默认新建临时目录）", EnvVars: []string{"PERFEVAL_DIR"}},
		},
		Action: func(c *cli.Context) error {
			return pipeline.Demo(c.Context, c.String("dir"), c.App.Writer)
		},
	}
}
