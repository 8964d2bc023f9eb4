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
)

func TestDescribeError(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"missing folder", fmt.Errorf("为 a.xlsx 写批注版：%w", &fs.PathError{Op: "mkdir", Path: "/x/out", Err: syscall.ENOENT}),
			"为 a.xlsx 写批注版：创建文件夹 /x/out：文件或文件夹不存在"},
		{"no permission", fmt.Errorf("写入模板 t.xlsx：%w", &fs.PathError{Op: "open", Path: "t.xlsx", Err: syscall.EACCES}),
			"写入模板 t.xlsx：打开 t.xlsx：没有权限"},
		{"disk full", &fs.PathError{Op: "write", Path: "t.xlsx", Err: syscall.ENOSPC}, "写入 t.xlsx：磁盘空间已满"},
		{"rename", &os.LinkError{Op: "rename", Old: "a.tmp", New: "a.xlsx", Err: syscall.EROFS}, "把 a.tmp 改名为 a.xlsx：所在磁盘只读"},
		{"interrupted", fmt.Errorf("审核 a.xlsx：%w", context.Canceled), "已中断，未处理完的文件没有写出结果"},
		{"other errors keep their text", errors.New("生成工作簿：没有给出版式"), "生成工作簿：没有给出版式"},
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
