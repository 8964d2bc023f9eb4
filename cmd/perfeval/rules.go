package main

import (
	"github.com/urfave/cli/v2"

	"github.com/perfeval/perfeval/pipeline"
)

func rulesCommand() *cli.Command {
	return &cli.Command{
		Name:        "rules",
		Usage:       "显示生效的评分规则；规则文件有误时指出行号和原因",
		Description: exitCodesPlain,
		Flags:       []cli.Flag{rulesFlag()},
		Action: func(c *cli.Context) error {
			if c.String("rules") == "" {
				_, err := c.App.Writer.Write(pipeline.DefaultRulebookYAML())
				return err
			}
			rb, err := loadRules(c.String("rules"))
			if err != nil {
				return err
			}
			out, err := pipeline.FormatRulebook(rb)
			if err != nil {
				return err
			}
			_, err = c.App.Writer.Write(out)
			return err
		},
	}
}
