package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/template"
)

func rulesCommand() *cli.Command {
	return &cli.Command{
		Name:        "rules",
		Usage:       "显示生效的评分规则；规则文件有误时指出行号和原因",
		Description: exitCodesPlain,
		Flags: []cli.Flag{
			rulesFlag(),
			&cli.BoolFlag{Name: "cells", Usage: "列出审核公式（audits）中可以使用的单元格名称", EnvVars: []string{"PERFEVAL_CELLS"}},
			&cli.BoolFlag{Name: "list", Usage: "列出内置评分规则的编号（可直接用作 --rules 的值）", EnvVars: []string{"PERFEVAL_LIST"}},
		},
		Action: func(c *cli.Context) error {
			if c.Bool("list") {
				for _, b := range rulebook.Builtins() {
					fmt.Fprintf(c.App.Writer, "%s\t%s\t%s\n", b.ID, template.FormName(b.Form), b.Name)
				}
				return nil
			}
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
