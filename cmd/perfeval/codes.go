package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/perfeval/perfeval/pipeline"
)

func codesCommand() *cli.Command {
	return &cli.Command{
		Name:        "codes",
		Usage:       "列出全部问题代码、默认级别和说明",
		Description: exitCodesPlain,
		Action: func(c *cli.Context) error {
			w := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "代码\t类别\t默认级别\t说明")
			for _, code := range pipeline.Codes {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", code.Name, code.Title, code.Severity, code.Doc)
			}
			return w.Flush()
		},
	}
}
