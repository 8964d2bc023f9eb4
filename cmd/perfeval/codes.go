package main

import (
	"io"
	"strings"

	"github.com/urfave/cli/v2"
	"golang.org/x/text/width"

	"github.com/perfeval/perfeval/pipeline/finding"
)

func codesCommand() *cli.Command {
	return &cli.Command{
		Name:        "codes",
		Usage:       "列出全部问题代码、默认级别和说明",
		Description: exitCodesPlain,
		Action: func(c *cli.Context) error {
			rows := [][]string{{"代码", "类别", "默认级别", "说明"}}
			for _, e := range finding.Catalogue {
				rows = append(rows, []string{string(e.Code), e.Title, e.Severity.String(), e.Doc})
			}
			return writeColumns(c.App.Writer, rows)
		},
	}
}

// writeColumns prints rows as columns aligned on a terminal, where a Chinese
// character takes two cells. text/tabwriter counts runes, which leaves
// every column after a Chinese one out of line.
func writeColumns(w io.Writer, rows [][]string) error {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	var b strings.Builder
	for _, row := range rows {
		for i, cell := range row {
			b.WriteString(cell)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(cell)+2))
			}
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// displayWidth is the number of terminal cells s takes: two for wide and
// full-width characters, one for the rest.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
