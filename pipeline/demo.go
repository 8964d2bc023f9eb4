package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/perfeval/perfeval/samples"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

// demoYear is the year of the bundled samples.
const demoYear = 2022

// Demo runs the whole job on the bundled samples in dir (a new temporary
// folder when dir is ""): a blank template for the default rulebook, the
// samples copied into dir/inbox, each checked and scored with its annotated
// copy in dir/annotated and its JSON report in dir/reports.jsonl, and a
// text report of each, with where everything went, written to out.
func Demo(ctx context.Context, dir string, out io.Writer) error {
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
	rb := DefaultRulebook()
	blank := filepath.Join(dir, fmt.Sprintf("模板-%d.xlsx", demoYear))
	if err := template.WriteTemplate(blank, template.Department, TemplateData(rb, demoYear)); err != nil {
		return err
	}
	inputs, err := copySamples(inbox)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "演示目录：%s\n\n", dir)
	var reports bytes.Buffer
	for _, path := range inputs {
		rep, err := Process(ctx, path, rb, Options{AnnotateDir: annotated})
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
		return &template.OpError{Op: template.OpWriteReport, Path: jsonPath, Err: err}
	}
	fmt.Fprintf(out, "空白模板：%s\n报送样例：%s\n批注版：  %s\nJSON 报告：%s\n", blank, inbox, annotated, jsonPath)
	return nil
}

// copySamples writes the bundled filled-in samples, not the blank one, into
// inbox and returns their paths.
func copySamples(inbox string) ([]string, error) {
	names, err := fs.Glob(samples.FS, "*.xlsx")
	if err != nil {
		return nil, &template.OpError{Op: template.OpReadSample, Err: err}
	}
	var paths []string
	for _, name := range names {
		if strings.HasPrefix(name, "blank") {
			continue
		}
		data, err := samples.FS.ReadFile(name)
		if err != nil {
			return nil, &template.OpError{Op: template.OpReadSample, Path: name, Err: err}
		}
		path := filepath.Join(inbox, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return nil, &template.OpError{Op: template.OpWriteSample, Path: path, Err: err}
		}
		paths = append(paths, path)
	}
	return paths, nil
}
