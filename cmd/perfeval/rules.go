package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/perfeval/perfeval/pipeline/rulebook"
)

func rulesCommand() *cli.Command {
	return &cli.Command{
		Name:        "rules",
		Usage:       "显示生效的评分规则；规则文件有误时指出行号和原因",
		Description: exitCodesPlain,
		Flags: []cli.Flag{
			rulesFlag(),
			&cli.BoolFlag{Name: "cells", Usage: "列出审核公式（audits）中可以使用的单元格名称", EnvVars: []string{"PERFEVAL_CELLS"}},
		},
		Action: func(c *cli.Context) error {
			if c.Bool("cells") {
				rb, err := loadRules(c.String("rules"))
				if err != nil {
					return err
				}
				names, err := rulebook.AuditNames(rb.Layout())
				if err != nil {
					return err
				}
				for _, name := range names {
					fmt.Fprintln(c.App.Writer, name)
				}
				return nil
			}
			if c.String("rules") == "" {
				_, err := c.App.Writer.Write(rulebook.DefaultRulebookYAML())
				return err
			}
			rb, err := loadRules(c.String("rules"))
			if err != nil {
				return err
			}
			out, err := rulebook.FormatRulebook(rb)
			if err != nil {
				return err
			}
			_, err = c.App.Writer.Write(out)
			return err
		},
	}
}
