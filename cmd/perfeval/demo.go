package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/explain"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/samples"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

func demoCommand() *cli.Command {
	return &cli.Command{
		Name:        "demo",
		Usage:       "在临时目录中用自带样例走一遍：生成模板、审核、评分、批注",
		Description: exitCodesPlain,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "dir", Usage: "演示目录（默认新建临时目录）", EnvVars: []string{"PERFEVAL_DIR"}},
		},
		Action: func(c *cli.Context) error {
			return runDemo(c.Context, c.String("dir"), c.App.Writer)
		},
	}
}

// demoYear is the year of the bundled samples.
const demoYear = 2022

// runDemo runs the whole job on the bundled samples in dir (a new temporary
// folder when dir is ""): a blank template for the default rulebook, the
// samples copied into dir/inbox, each checked and scored with its annotated
// copy in dir/annotated and its JSON report in dir/reports.jsonl, and a
// text report of each, with where everything went, written to out.
func runDemo(ctx context.Context, dir string, out io.Writer) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "perfeval-demo-")
		if err != nil {
			return &template.OpError{Op: opCreateFolder, Err: err}
		}
		dir = d
	}
	inbox := filepath.Join(dir, "inbox")
	annotated := filepath.Join(dir, "annotated")
	for _, d := range []string{inbox, annotated} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return &template.OpError{Op: opCreateFolder, Path: d, Err: err}
		}
	}
	rb := rulebook.DefaultRulebook()
	blank := filepath.Join(dir, fmt.Sprintf("模板-%d.xlsx", demoYear))
	if err := template.WriteTemplate(blank, template.Department, explain.TemplateData(rb, demoYear)); err != nil {
		return err
	}
	inputs, err := copySamples(inbox)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "演示目录：%s\n\n", dir)
	var reports bytes.Buffer
	for _, path := range inputs {
		rep, err := pipeline.Process(ctx, path, rb, pipeline.Options{AnnotateDir: annotated})
		if err != nil {
			return err
		}
		if err := rep.WriteText(out); err != nil {
			return err
		}
		if err := rep.WriteJSON(&reports); err != nil {
			return err
		}
	}
	jsonPath := filepath.Join(dir, "reports.jsonl")
	if err := xlsx.WriteFileAtomic(jsonPath, reports.Bytes()); err != nil {
		return &template.OpError{Op: opWriteReport, Path: jsonPath, Err: err}
	}
	fmt.Fprintf(out, "空白模板：%s\n报送样例：%s\n批注版：  %s\nJSON 报告：%s\n", blank, inbox, annotated, jsonPath)
	return nil
}

// copySamples writes the bundled filled-in samples, not the blank one, into
// inbox and returns their paths.
func copySamples(inbox string) ([]string, error) {
	names, err := fs.Glob(samples.FS, "*.xlsx")
	if err != nil {
		return nil, &template.OpError{Op: opReadSample, Err: err}
	}
	var paths []string
	for _, name := range names {
		if strings.HasPrefix(name, "blank") {
			continue
		}
		data, err := samples.FS.ReadFile(name)
		if err != nil {
			return nil, &template.OpError{Op: opReadSample, Path: name, Err: err}
		}
		path := filepath.Join(inbox, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return nil, &template.OpError{Op: opWriteSample, Path: path, Err: err}
		}
		paths = append(paths, path)
	}
	return paths, nil
}
