package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"runtime/debug"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"
	"github.com/urfave/cli/v2"
)

// Exit codes, as DESIGN §3 fixes them.
const (
	exitOK       = 0
	exitReturned = 1
	exitFailure  = 2
)

// errReturned says some file was returned or unreadable: exit code 1.
var errReturned = errors.New("some workbooks were returned or unreadable")

// usageError marks a mistake on the command line or in configuration: exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

var (
	unknownFlag  = regexp.MustCompile(`^flag provided but not defined: -+(.+)$`)
	invalidValue = regexp.MustCompile(`^invalid value "(.*)" for flag -+([^:]+):`)
	invalidEnv   = regexp.MustCompile(`^could not parse "(.*)" as (\w+) value from environment variable "([^"]+)" for flag ([^:]+):`)
)

// envKinds says in Chinese what a flag read from the environment must hold.
var envKinds = map[string]string{
	"bool":  "“true”或“false”（也可写 1 或 0）",
	"int":   "整数",
	"float": "数字",
}

// onUsageError turns the flag parser's English into a Chinese usage error,
// so nothing but the report reaches stdout.
func onUsageError(c *cli.Context, err error, _ bool) error {
	help := "perfeval --help"
	if c.Command != nil && c.Command.Name != "" && c.Command.Name != c.App.Name {
		help = "perfeval " + c.Command.Name + " --help"
	}
	msg := err.Error()
	if m := unknownFlag.FindStringSubmatch(msg); m != nil {
		return usagef("没有 --%s 这个选项；用法见 %s", m[1], help)
	}
	if m := invalidValue.FindStringSubmatch(msg); m != nil {
		return usagef("选项 --%s 的值“%s”无效；用法见 %s", m[2], m[1], help)
	}
	if m := invalidEnv.FindStringSubmatch(msg); m != nil {
		kind := envKinds[m[2]]
		if kind == "" {
			kind = "有效的值"
		}
		return usagef("环境变量 %s 的值“%s”无效（对应选项 --%s），应填写%s；请修改或删除这个环境变量", m[3], m[1], m[4], kind)
	}
	return usagef("命令行有误（%s）；用法见 %s", msg, help)
}

// Exit-code paragraphs of the help texts.
const (
	exitCodesHelp  = `退出码：0 全部通过；1 有文件被退回或无法读取；2 用法、配置或系统错误。`
	exitCodesPlain = `退出码：0 成功；2 用法、配置或系统错误。`
)

func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:      "perfeval",
		Usage:     "部门整体支出绩效自评表：生成模板、审核、评分、批注",
		Writer:    stdout,
		ErrWriter: stderr,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "version", Aliases: []string{"v"}, Usage: "显示版本"},
			&cli.StringFlag{Name: "log-level", Value: "info", Usage: "日志级别：debug、info、warn、error", EnvVars: []string{"PERFEVAL_LOG_LEVEL"}},
		},
		Before: func(c *cli.Context) error {
			logger, err := newLogger(c.String("log-level"), stderr)
			if err != nil {
				return err
			}
			c.Context = logger.WithContext(c.Context)
			return nil
		},
		ExitErrHandler: func(*cli.Context, error) {}, // main maps errors to exit codes
		OnUsageError:   onUsageError,
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("没有“%s”这个命令；可用的命令见 perfeval --help", c.Args().First())
			}
			return printHelp(c.App.Writer, appHelpTemplate, c.App)
		},
		Commands: withUsageErrors(
			templateCommand(),
			rosterTemplateCommand(),
			distributeCommand(),
			checkCommand(),
			rulesCommand(),
			codesCommand(),
			runCommand(),
			watchCommand(),
			statusCommand(),
			rerunCommand(),
			summaryCommand(),
			serveCommand(),
			userCommand(),
			reportCommand(),
			demoCommand(),
		),
	}
	withHelp(app)
	return app
}

func withUsageErrors(cmds ...*cli.Command) []*cli.Command {
	for _, c := range cmds {
		c.OnUsageError = onUsageError
	}
	return cmds
}

// newLogger builds the one logger of the process: a console writer on a
// terminal, JSON lines otherwise.
func newLogger(level string, w io.Writer) (zerolog.Logger, error) {
	lvl, err := zerolog.ParseLevel(level)
	if err != nil || level == "" {
		return zerolog.Logger{}, usagef("--log-level 的值“%s”无效，应为 debug、info、warn 或 error", level)
	}
	out := w
	if f, ok := w.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
		out = zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly}
	}
	return zerolog.New(out).Level(lvl).With().Timestamp().Logger(), nil
}

// exitCode maps the error of a command to the process exit code.
func exitCode(err error, stderr io.Writer) int {
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errReturned):
		return exitReturned
	case errors.Is(err, errRetry):
		fmt.Fprintln(stderr, "perfeval: 有文件因本机原因（磁盘、权限、超时等）未能处理，已留在收件箱，下次运行时重试；原因见日志")
		return exitFailure
	case errors.Is(err, errMissing):
		fmt.Fprintln(stderr, "perfeval: 台账中记录的文件在目录中找不到（见上面的清单）；请检查是否有人移动或删除了文件")
		return exitFailure
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "perfeval:", visibleLines(ue.msg))
		return exitFailure
	default:
		fmt.Fprintln(stderr, "perfeval:", describeError(err))
		return exitFailure
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	args = flagsFirst(app, args)
	if versionRequested(args) {
		fmt.Fprintln(stdout, "perfeval", version())
		return exitOK
	}
	if asked, err := helpRequested(app, args); asked {
		return exitCode(err, stderr)
	}
	return exitCode(app.RunContext(ctx, args), stderr)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first Ctrl-C cancels ctx: the check of the file at hand is
		// given up at once (an annotated copy already being written is
		// completed), its report is not printed, and the files after it are
		// not checked. Once it is caught, the default takes over, so a
		// second one ends the program.
		<-ctx.Done()
		stop()
	}()
	tuneGC(os.Getenv)
	stopProfile := startProfile(os.Getenv("PERFEVAL_CPUPROFILE"), os.Stderr)
	code := run(ctx, os.Args, os.Stdout, os.Stderr)
	stopProfile()
	stop()
	os.Exit(code)
}

// Garbage collection: a workbook's check allocates a few megabytes that
// die with it, and the live heap is small (tens of megabytes), so at Go's
// default GOGC=100 the collector runs every few workbooks and took a fifth
// of the CPU of `check` (pprof). gcPercent lets the heap grow further
// between collections. memoryLimit bounds the heap where a larger live
// set would grow it to five times that, so that the process stays under
// 200 MB: the summary of 10,000 departments keeps some 30–40 MB while it
// is written (its details and rows wait in temporary files), which
// unbounded would grow the heap to 200. Near the limit the collector
// works harder, and a limit below the live set would make it run without
// pause. GOGC and GOMEMLIMIT in the environment override both.
const (
	gcPercent   = 400
	memoryLimit = 150 << 20
)

// tuneGC sets the collector's pace and limit unless the environment does.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}

// startProfile writes a CPU profile of the whole command to path, for
// `go tool pprof`, when path is set (PERFEVAL_CPUPROFILE); the returned
// function ends it. A profile that cannot be started is said and skipped:
// it never stops the command.
func startProfile(path string, stderr io.Writer) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(stderr, "perfeval: 无法写入性能剖析文件 %s：%v\n", path, err)
		if f != nil {
			f.Close()
		}
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
