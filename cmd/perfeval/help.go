package main

import (
	"io"
	"strings"

	"github.com/urfave/cli/v2"
)

// The help screens in Chinese. urfave/cli words its own parts of them
// (headings, "show help", "(default: …)") in English; these replace them.
func init() {
	cli.HelpFlag = &cli.BoolFlag{Name: "help", Aliases: []string{"h"}, Usage: "显示帮助"}
	cli.FlagStringer = flagHelp
	cli.AppHelpTemplate = `{{.Name}} - {{.Usage}}

用法：
   {{.HelpName}} [全局选项] 命令 [命令选项] [文件...]

命令：{{range .VisibleCommands}}
   {{join .Names ", "}}{{"\x1f"}}{{.Usage}}{{end}}

全局选项：{{range .VisibleFlags}}
   {{.}}{{end}}

“perfeval 命令 --help”显示该命令的说明和选项。
`
	cli.CommandHelpTemplate = `{{.HelpName}} - {{.Usage}}

用法：
   {{.HelpName}}{{if .VisibleFlags}} [选项]{{end}}{{if .ArgsUsage}} {{.ArgsUsage}}{{end}}{{if .Description}}

说明：
   {{wrap .Description 3}}{{end}}{{if .VisibleFlags}}

选项：{{range .VisibleFlags}}
   {{.}}{{end}}{{end}}
`
	cli.SubcommandHelpTemplate = cli.CommandHelpTemplate
	cli.HelpPrinter = func(w io.Writer, templ string, data any) {
		var b strings.Builder
		cli.HelpPrinterCustom(&b, templ, data, nil)
		_, _ = io.WriteString(w, alignHelp(b.String()))
	}
}

// helpSep separates the two columns of a help line (an option or command,
// and what it does). urfave/cli aligns tab-separated columns by counting
// runes, which puts lines with Chinese out of line; alignHelp aligns these
// by terminal width instead.
const helpSep = "\x1f"

// alignHelp pads the first column of each run of two-column lines to the
// widest of the run.
func alignHelp(s string) string {
	lines := strings.Split(s, "\n")
	for i := 0; i < len(lines); {
		j := i
		widest := 0
		for j < len(lines) && strings.Contains(lines[j], helpSep) {
			first, _, _ := strings.Cut(lines[j], helpSep)
			widest = max(widest, displayWidth(first))
			j++
		}
		for k := i; k < j; k++ {
			first, rest, _ := strings.Cut(lines[k], helpSep)
			lines[k] = first + strings.Repeat(" ", widest-displayWidth(first)+2) + rest
		}
		i = max(j, i+1)
	}
	return strings.Join(lines, "\n")
}

// placeholders names the value each option takes, in its help line.
var placeholders = map[string]string{
	"log-level": "级别",
	"rules":     "文件",
	"annotate":  "目录",
	"dir":       "目录",
	"output":    "文件",
	"year":      "年度",
}

// flagHelp is one option's line of help: names, value, explanation, default
// and environment variable, in Chinese.
func flagHelp(f cli.Flag) string {
	var names []string
	for _, n := range f.Names() {
		if len(n) == 1 {
			names = append(names, "-"+n)
		} else {
			names = append(names, "--"+n)
		}
	}
	line := strings.Join(names, ", ")
	df, ok := f.(cli.DocGenerationFlag)
	if !ok {
		return line
	}
	if df.TakesValue() {
		p := placeholders[f.Names()[0]]
		if p == "" {
			p = "值"
		}
		line += " " + p
	}
	line += helpSep + df.GetUsage()
	if v := df.GetValue(); df.TakesValue() && v != "" && v != `""` && v != "0" {
		line += "（默认 " + strings.Trim(v, `"`) + "）"
	}
	if env := df.GetEnvVars(); len(env) > 0 {
		line += "（环境变量 " + strings.Join(env, "、") + "）"
	}
	return line
}

// chineseHelpCommand words urfave/cli's own help command in Chinese and
// has it refuse an unknown command the way the rest of perfeval does. The
// command only exists once the app is set up.
func chineseHelpCommand(app *cli.App) {
	app.Setup()
	h := app.Command("help")
	if h == nil {
		return
	}
	h.Usage, h.ArgsUsage, h.HelpName = "显示命令列表，或某个命令的帮助", "[命令]", app.Name+" help"
	show := h.Action
	h.Action = func(c *cli.Context) error {
		if name := c.Args().First(); name != "" && c.App.Command(name) == nil {
			return usagef("没有“%s”这个命令；可用的命令见 perfeval --help", name)
		}
		return show(c)
	}
}
