package main

import (
	"io"
	"strings"

	"github.com/urfave/cli/v2"
)

// The help screens are perfeval's own, in Chinese. urfave/cli words its
// parts of them (headings, "show help", "(default: …)") in English and sets
// them through package variables (cli.HelpFlag, cli.FlagStringer,
// cli.HelpPrinter, the templates); perfeval changes none of those. The app
// and every command hide urfave/cli's help (HideHelp) and carry helpFlag
// and the help command instead, and the screens are rendered from the
// templates below with cli.HelpPrinterCustom, given flagHelp for the
// option lines.

const appHelpTemplate = `{{.Name}} - {{.Usage}}

用法：
   {{.HelpName}} [全局选项] 命令 [命令选项] [文件...]

命令：{{range .VisibleCommands}}
   {{join .Names ", "}}{{"\x1f"}}{{.Usage}}{{end}}

全局选项：{{range .VisibleFlags}}
   {{flagHelp .}}{{end}}

“perfeval 命令 --help”显示该命令的说明和选项。
`

const commandHelpTemplate = `{{.HelpName}} - {{.Usage}}

用法：
   {{.HelpName}}{{if .VisibleFlags}} [选项]{{end}}{{if .ArgsUsage}} {{.ArgsUsage}}{{end}}{{if .Description}}

说明：
   {{wrap .Description 3}}{{end}}{{if .VisibleFlags}}

选项：{{range .VisibleFlags}}
   {{flagHelp .}}{{end}}{{end}}
`

// helpFlag is the --help option of the app and of each command.
func helpFlag() cli.Flag {
	return &cli.BoolFlag{Name: "help", Aliases: []string{"h"}, Usage: "显示帮助"}
}

// printHelp renders a help template for data, a *cli.App or *cli.Command,
// with its option lines and columns aligned.
func printHelp(w io.Writer, templ string, data any) error {
	var b strings.Builder
	cli.HelpPrinterCustom(&b, templ, data, map[string]any{"flagHelp": flagHelp})
	_, err := io.WriteString(w, alignHelp(b.String()))
	return err
}

// withHelp gives the app and every command perfeval's --help in place of
// urfave/cli's, and adds the help command. urfave/cli acts on any option
// named help itself, so --help never reaches it: helpRequested answers it
// before the app runs.
func withHelp(app *cli.App) {
	app.HideHelp = true
	app.Flags = append(app.Flags, helpFlag())
	for _, c := range app.Commands {
		c.HideHelp = true
		c.Flags = append(c.Flags, helpFlag())
	}
	app.Commands = append(app.Commands, &cli.Command{
		Name:         "help",
		Aliases:      []string{"h"},
		Usage:        "显示命令列表，或某个命令的帮助",
		ArgsUsage:    "[命令]",
		HideHelp:     true,
		Flags:        []cli.Flag{helpFlag()},
		OnUsageError: onUsageError,
		Action: func(c *cli.Context) error {
			name := c.Args().First()
			if name == "" {
				return printHelp(c.App.Writer, appHelpTemplate, c.App)
			}
			cmd := c.App.Command(name)
			if cmd == nil {
				return usagef("没有“%s”这个命令；可用的命令见 perfeval --help", name)
			}
			return printHelp(c.App.Writer, commandHelpTemplate, cmd)
		},
	})
	// HelpName ("perfeval check") is set by Setup, which Run calls too.
	app.Setup()
}

// helpRequested reports whether args ask for help with -h or --help before
// any "--", and if so prints the help of the command they name, or of the
// app.
func helpRequested(app *cli.App, args []string) (bool, error) {
	var cmd *cli.Command
	flags := app.Flags
	for i := 1; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return false, nil
		case takesValue(flags, a):
			i++ // its value, whatever it looks like: --annotate -h is a folder
		case a == "-h" || a == "--help" || a == "-help":
			if cmd == nil || cmd.Name == "help" {
				return true, printHelp(app.Writer, appHelpTemplate, app)
			}
			return true, printHelp(app.Writer, commandHelpTemplate, cmd)
		case cmd == nil && !isOption(a):
			if cmd = app.Command(a); cmd == nil {
				return false, nil // an unknown command: its own error
			}
			flags = cmd.Flags
		}
	}
	return false, nil
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
