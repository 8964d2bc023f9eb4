package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// flagsFirst moves the options written after a command's file names in
// front of them: urfave/cli, like Go's flag package, stops reading options
// at the first file name, so `perfeval check a.xlsx --json` would take
// --json for a second file. Everything after "--" stays a file name, and so
// does a lone "-".
func flagsFirst(app *cli.App, args []string) []string {
	i := 1 // skip the global options to find the command
	for i < len(args) && isOption(args[i]) {
		if takesValue(app.Flags, args[i]) {
			i++
		}
		i++
	}
	if i >= len(args) {
		return args
	}
	cmd := app.Command(args[i])
	if cmd == nil {
		return args
	}
	var options, files []string
	for j := i + 1; j < len(args); j++ {
		a := args[j]
		switch {
		case a == "--":
			files = append(files, args[j+1:]...)
			j = len(args)
		case isOption(a):
			options = append(options, a)
			if takesValue(cmd.Flags, a) && j+1 < len(args) {
				j++
				options = append(options, args[j])
			}
		default:
			files = append(files, a)
		}
	}
	out := append([]string(nil), args[:i+1]...)
	out = append(out, options...)
	if len(files) > 0 {
		out = append(out, "--")
	}
	return append(out, files...)
}

func isOption(arg string) bool { return len(arg) > 1 && arg[0] == '-' }

// takesValue reports whether arg names one of flags that is followed by a
// value of its own ("--rules F"), not written inline ("--rules=F").
func takesValue(flags []cli.Flag, arg string) bool {
	name := strings.TrimLeft(arg, "-")
	if strings.Contains(name, "=") {
		return false
	}
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				v, ok := f.(cli.DocGenerationFlag)
				return ok && v.TakesValue()
			}
		}
	}
	return false
}
