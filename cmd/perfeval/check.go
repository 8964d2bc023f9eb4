package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"github.com/urfave/cli/v2"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

// CheckOptions are the inputs of perfeval check.
type CheckOptions struct {
	Files       []string
	RulesPath   string
	JSON        bool
	AnnotateDir string
	// Workers is how many files are checked at once; 0 means one per
	// core. The reports come out in the order of the files.
	Workers int
	// Marked checks workbooks that carry perfeval's review marks too (an
	// annotated copy a department corrected and sent back); by default they
	// are skipped with a note, so a folder of forms and their copies is not
	// checked twice.
	Marked bool
}

func checkCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "审核、复核评分，可输出 JSON 和批注版工作簿",
		ArgsUsage: "FILE...",
		Description: "逐个审核填报的工作簿：结构、数值、单位、合计、执行率、评分、自评总分。\n" +
			"--json 每个文件输出一行 JSON；--annotate DIR 把批注版写入 DIR（原文件不动）。\n" + exitCodesHelp,
		Flags: []cli.Flag{
			rulesFlag(),
			&cli.BoolFlag{Name: "json", Usage: "每个文件输出一行 JSON", EnvVars: []string{"PERFEVAL_JSON"}},
			&cli.StringFlag{Name: "annotate", Usage: "把批注版工作簿写入此目录", EnvVars: []string{"PERFEVAL_ANNOTATE"}},
			&cli.IntFlag{Name: "workers", Usage: "同时审核的文件数（默认为 CPU 核数）；结果仍按文件的顺序输出", EnvVars: []string{"PERFEVAL_WORKERS"}},
			&cli.BoolFlag{Name: "marked", Usage: "也审核带有 perfeval 审核标记的工作簿（部门在批注版上改好后交回的）；默认跳过", EnvVars: []string{"PERFEVAL_MARKED"}},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usagef("请指定要审核的工作簿，例如：perfeval check 部门自评表.xlsx")
			}
			if c.Int("workers") < 0 {
				return usagef("--workers 的值 %d 无效，应为正整数", c.Int("workers"))
			}
			return runCheck(c.Context, CheckOptions{
				Files:       expandPatterns(c.Args().Slice()),
				RulesPath:   c.String("rules"),
				JSON:        c.Bool("json"),
				AnnotateDir: c.String("annotate"),
				Marked:      c.Bool("marked"),
				Workers:     c.Int("workers"),
			}, c.App.Writer)
		},
	}
}

// expandPatterns expands file patterns the shell left alone: cmd.exe and
// PowerShell pass D:\报送\*.xlsx to the program as it is, where a Unix
// shell would have listed the files. A name that exists is kept as it is,
// brackets and all, and so is a pattern that matches nothing, which then
// gets its "not found" report.
func expandPatterns(args []string) []string {
	var files []string
	for _, a := range args {
		if _, err := os.Stat(a); err == nil || !strings.ContainsAny(a, "*?[") {
			files = append(files, a)
			continue
		}
		matches, err := filepath.Glob(a)
		if err != nil || len(matches) == 0 {
			files = append(files, a)
			continue
		}
		files = append(files, matches...) // Glob sorts them
	}
	return files
}

func rulesFlag() cli.Flag {
	return &cli.StringFlag{Name: "rules", Usage: "评分规则文件（YAML），或内置规则的编号（perfeval rules --list）；不指定时按表格种类使用内置规则", EnvVars: []string{"PERFEVAL_RULES"}}
}

// loadRules returns the rulebook at path, or the embedded default. A path
// that names no file but is the id of a built-in rulebook
// (mof-project-2020) loads that one.
func loadRules(path string) (*rulebook.Rulebook, error) {
	if path == "" {
		return rulebook.DefaultRulebook(), nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) && rulebook.IsBuiltin(path) {
		return rulebook.Builtin(path)
	}
	rb, err := rulebook.LoadRulebook(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, usagef("找不到评分规则文件 %s", path)
	case errors.Is(err, rulebook.ErrRulebook):
		return nil, usagef("评分规则有误：%s", rulebookProblems(err))
	case err != nil:
		return nil, err // the machine's, worded by describeError
	}
	return rb, nil
}

// formRules returns the rulebooks of pipeline.Options.FormRules: when the
// user named no rulebook, each form is checked by its own built-in one, so
// a project workbook among department ones is scored as a project; a named
// rulebook is for one form, and a workbook of the other is told so.
func formRules(path string) map[string]*rulebook.Rulebook {
	if path != "" {
		return nil
	}
	return map[string]*rulebook.Rulebook{
		template.FormDepartment: rulebook.DefaultFor(template.FormDepartment),
		template.FormProject:    rulebook.DefaultFor(template.FormProject),
	}
}

// rulebookProblems is a rulebook's errors one to a line, each shown
// visibly (template.Visible): a reason quotes the file's text, which may
// hold a line break or a terminal escape.
func rulebookProblems(err error) string {
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	lines := make([]string, len(errs))
	for i, e := range errs {
		lines[i] = template.Visible(e.Error())
	}
	return strings.Join(lines, "\n")
}

func runCheck(ctx context.Context, opts CheckOptions, stdout io.Writer) error {
	rb, err := loadRules(opts.RulesPath)
	if err != nil {
		return err
	}
	log := zerolog.Ctx(ctx)
	if opts.AnnotateDir != "" {
		removeStaleTemps(ctx, opts.AnnotateDir)
	}
	returned := false
	var failed error
	popts := pipeline.Options{AnnotateDir: opts.AnnotateDir, SkipMarked: !opts.Marked, FormRules: formRules(opts.RulesPath), Themes: xlsx.NewThemes()}
	ctx, cancel := context.WithCancel(ctx)
	checked := checkInOrder(ctx, pipeline.PlanBatch(opts.AnnotateDir, opts.Files), rb, popts, opts.Workers)
	defer func() {
		// Returning early: the workers stop at their next stage.
		cancel()
		for range checked {
		}
	}()
	for c := range checked {
		path := c.in.Path
		if c.in.Repeat {
			// a.xlsx and *.xlsx both name it: one report, not two. Once
			// interrupted, the interruption is all there is to say.
			if ctx.Err() == nil {
				log.Warn().Str("file", path).Msg("named more than once; checked once")
			}
			continue
		}
		rep, err := c.rep, c.err
		if ctx.Err() != nil && rep == nil {
			// Interrupted: the files left are not checked. Those the
			// workers finished meanwhile still get their reports, so every
			// annotated copy written has its report.
			continue
		}
		if errors.Is(err, pipeline.ErrMarked) {
			log.Warn().Str("file", path).Str("reason", "这是 perfeval 写出的批注版（带有审核标记），已跳过；要审核部门改好后交回的批注版，请加 --marked").Msg("skipped an annotated copy")
			if !opts.JSON {
				fmt.Fprintf(stdout, "文件：%s\n跳过：这是 perfeval 写出的批注版（带有审核标记），不再审核；要审核部门在批注版上改好后交回的表，请加 --marked\n\n", escapeText(path))
			}
			continue
		}
		if err != nil {
			// The Chinese wording for the operator, the English for a search.
			log.Error().Str("file", path).Str("error", err.Error()).Str("reason", describeError(err)).Msg("check failed, going on with the other files")
			failed = err
		}
		if rep == nil {
			continue
		}
		if rep.Status != report.Accepted {
			returned = true
		}
		if opts.JSON {
			err = rep.WriteJSON(stdout)
		} else {
			err = rep.WriteText(stdout)
		}
		if err != nil {
			return &template.OpError{Op: opWriteReport, Err: err}
		}
	}
	if err := ctx.Err(); err != nil {
		return err // interrupted: the reports of the files done are out
	}
	switch {
	case failed != nil:
		return failed
	case returned:
		return errReturned
	}
	return nil
}

// checkedInput is one input of a batch with what checking it gave.
type checkedInput struct {
	in  pipeline.Input
	rep *report.Report
	err error
}

// checkInOrder checks the inputs on workers goroutines (0: one per core)
// and yields them in input order, so the output reads as if they had been
// checked one after the other. At most a few inputs per worker are checked
// ahead of the one yielded next, so memory does not grow with the batch.
// A Repeat input is yielded unchecked. Once ctx is done no input is
// started; the ones under way stop at their next stage (pipeline.Process).
// The caller reads the channel to its end; one that stops early cancels
// ctx and drains it.
func checkInOrder(ctx context.Context, inputs []pipeline.Input, rb *rulebook.Rulebook, opts pipeline.Options, workers int) <-chan checkedInput {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type job struct {
		in  pipeline.Input
		out chan checkedInput
	}
	jobs := make(chan job)
	pending := make(chan chan checkedInput, 2*workers) // in input order
	out := make(chan checkedInput)
	var wg sync.WaitGroup
	for range min(workers, max(len(inputs), 1)) {
		wg.Go(func() {
			for j := range jobs {
				o := opts
				o.AnnotatedPath = j.in.Annotated
				rep, err := pipeline.Process(ctx, j.in.Path, rb, o)
				j.out <- checkedInput{in: j.in, rep: rep, err: err}
			}
		})
	}
	go func() {
		defer close(pending)
		defer close(jobs)
		for _, in := range inputs {
			c := make(chan checkedInput, 1) // a worker never waits on it
			if in.Repeat {
				c <- checkedInput{in: in}
			}
			select {
			case pending <- c:
			case <-ctx.Done():
				return
			}
			if in.Repeat {
				continue
			}
			select {
			case jobs <- job{in, c}:
			case <-ctx.Done():
				c <- checkedInput{in: in, err: ctx.Err()}
				return
			}
		}
	}()
	go func() {
		defer close(out)
		for c := range pending {
			out <- <-c
		}
		wg.Wait()
	}()
	return out
}

// staleTemp is how old a temporary file of an atomic write must be to be
// taken for a killed run's leftover: a save in progress is seconds old.
const staleTemp = 10 * time.Minute

// removeStaleTemps removes the temporary files a killed check left in the
// folder of annotated copies.
func removeStaleTemps(ctx context.Context, dir string) {
	matches, _ := filepath.Glob(filepath.Join(dir, xlsx.TempPattern))
	for _, m := range matches {
		if info, err := os.Lstat(m); err == nil && info.Mode().IsRegular() && time.Since(info.ModTime()) > staleTemp {
			if err := os.Remove(m); err == nil {
				zerolog.Ctx(ctx).Info().Str("file", m).Msg("removed a temporary file a killed run left")
			}
		}
	}
}
