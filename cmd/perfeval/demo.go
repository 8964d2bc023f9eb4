package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/samples"
	"github.com/perfeval/perfeval/template"
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

func runDemo(ctx context.Context, dir string, stdout io.Writer) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "perfeval-demo-")
		if err != nil {
			return &template.OpError{Op: template.OpCreateFolder, Err: err}
		}
		dir = d
	}
	inbox := filepath.Join(dir, "inbox")
	annotated := filepath.Join(dir, "annotated")
	for _, d := range []string{inbox, annotated} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return &template.OpError{Op: template.OpCreateFolder, Path: d, Err: err}
		}
	}
	blank := filepath.Join(dir, "模板-2022.xlsx")
	if err := template.WriteTemplate(blank, template.Department, &template.Data{Year: 2022}); err != nil {
		return err
	}
	names, err := fs.Glob(samples.FS, "*.xlsx")
	if err != nil {
		return &template.OpError{Op: template.OpReadSample, Err: err}
	}
	var inputs []string
	for _, name := range names {
		if strings.HasPrefix(name, "blank") {
			continue
		}
		data, err := samples.FS.ReadFile(name)
		if err != nil {
			return &template.OpError{Op: template.OpReadSample, Path: name, Err: err}
		}
		path := filepath.Join(inbox, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return &template.OpError{Op: template.OpWriteSample, Path: path, Err: err}
		}
		inputs = append(inputs, path)
	}
	jsonPath := filepath.Join(dir, "reports.jsonl")
	jf, err := os.Create(jsonPath)
	if err != nil {
		return &template.OpError{Op: template.OpWriteReport, Path: jsonPath, Err: err}
	}
	defer jf.Close()
	fmt.Fprintf(stdout, "演示目录：%s\n\n", dir)
	rb := pipeline.DefaultRulebook()
	for _, path := range inputs {
		rep, err := pipeline.Process(ctx, path, rb, pipeline.Options{AnnotateDir: annotated})
		if err != nil {
			return err
		}
		if err := rep.WriteText(stdout); err != nil {
			return err
		}
		if err := rep.WriteJSON(jf); err != nil {
			return err
		}
	}
	if err := jf.Close(); err != nil {
		return &template.OpError{Op: template.OpWriteReport, Path: jsonPath, Err: err}
	}
	fmt.Fprintf(stdout, "空白模板：%s\n报送样例：%s\n批注版：  %s\nJSON 报告：%s\n", blank, inbox, annotated, jsonPath)
	return nil
}
