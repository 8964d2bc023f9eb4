package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/template"
)

func TestDescribeError(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"missing folder", &template.OpError{Op: template.OpAnnotate, Path: "a.xlsx", Err: &fs.PathError{Op: "mkdir", Path: "/x/out", Err: syscall.ENOENT}},
			"为 a.xlsx 写批注版：创建文件夹 /x/out：文件或文件夹不存在"},
		{"no permission", &template.OpError{Op: template.OpWriteTemplate, Path: "t.xlsx", Err: &fs.PathError{Op: "open", Path: "t.xlsx", Err: syscall.EACCES}},
			"写入模板 t.xlsx：打开 t.xlsx：没有权限"},
		{"operations nest", &template.OpError{Op: template.OpAnnotate, Path: "a.xlsx", Err: &template.OpError{Op: template.OpWriteAnnotated, Path: "out/a.审核.xlsx",
			Err: fmt.Errorf("sync: %w", &fs.PathError{Op: "write", Path: "out/a.审核.xlsx", Err: syscall.ENOSPC})}},
			"为 a.xlsx 写批注版：写入批注版 out/a.审核.xlsx：写入 out/a.审核.xlsx：磁盘空间已满"},
		{"disk full", &fs.PathError{Op: "write", Path: "t.xlsx", Err: syscall.ENOSPC}, "写入 t.xlsx：磁盘空间已满"},
		{"rename", &os.LinkError{Op: "rename", Old: "a.tmp", New: "a.xlsx", Err: syscall.EROFS}, "把 a.tmp 改名为 a.xlsx：所在磁盘只读"},
		{"interrupted", &template.OpError{Op: template.OpCheck, Path: "a.xlsx", Err: context.Canceled}, "已中断，未处理完的文件没有写出结果"},
		{"internal error", fmt.Errorf("%w: index out of range", pipeline.ErrInternal), "程序内部错误，请把这个文件和以下信息报告给维护人员：internal error: index out of range"},
		{"an operation without a file", &template.OpError{Op: template.OpGenerateWorkbook, Err: errors.New("no layout")}, "生成工作簿：no layout"},
		{"annotated copy over the input", &template.OpError{Op: template.OpAnnotate, Path: "a.xlsx", Err: fmt.Errorf("%w: a.xlsx", pipeline.ErrAnnotatedIsInput)},
			"为 a.xlsx 写批注版：批注版的路径就是原文件，原文件不能被覆盖；请为 --annotate 换一个目录"},
		{"other errors keep their text", errors.New("zip: not a valid zip file"), "zip: not a valid zip file"},
		{"unknown system reason kept", &fs.PathError{Op: "open", Path: "a", Err: syscall.EMFILE}, "打开 a：" + syscall.EMFILE.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := describeError(tt.err); got != tt.want {
				t.Errorf("describeError() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestEveryOpWorded: every operation an error can name has its Chinese.
func TestEveryOpWorded(t *testing.T) {
	for _, op := range template.Ops {
		if _, ok := opTexts[op]; !ok {
			t.Errorf("operation %q has no Chinese wording in opTexts", op)
		}
	}
	if len(opTexts) != len(template.Ops) {
		t.Errorf("opTexts has %d entries, template.Ops %d", len(opTexts), len(template.Ops))
	}
}

// TestSystemErrorInChinese: a folder for annotated copies that cannot be
// created fails the command with exit code 2 and a Chinese message naming it.
func TestSystemErrorInChinese(t *testing.T) {
	blocker := writeFile(t, filepath.Join(t.TempDir(), "not-a-folder"), []byte("x"))
	code, _, errOut := perfeval(t, "check", "--annotate", filepath.Join(blocker, "out"), seed)
	if code != exitFailure {
		t.Fatalf("exit %d, want %d", code, exitFailure)
	}
	// MkdirAll names the part of the path that is in the way.
	want := "perfeval: 为 " + seed + " 写批注版：创建文件夹 " + blocker + "：路径中有一段不是文件夹"
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if got := lines[len(lines)-1]; got != want {
		t.Errorf("stderr ends %q, want %q", got, want)
	}
}

// TestRulebookUnreadable: a rulebook the machine cannot read is a system
// error worded in Chinese, not a rulebook with mistakes in it.
func TestRulebookUnreadable(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"rules", "--rules", dir}, {"check", "--rules", dir, seed}} {
		code, _, errOut := perfeval(t, args...)
		if code != exitFailure {
			t.Errorf("%v: exit %d, want %d", args, code, exitFailure)
		}
		if want := "perfeval: 读取评分规则 " + dir + "：读取 " + dir + "：这是文件夹，不是文件\n"; !strings.HasSuffix(errOut, want) {
			t.Errorf("%v: stderr %q, want it to end %q", args, errOut, want)
		}
	}
}
