package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"strings"
	"syscall"
)

// describeError returns the text of a command's error for the person at
// the terminal: the operating system's part, which Go writes in English
// ("mkdir out: permission denied"), is put in Chinese. Errors the system
// words itself, as Windows does in the user's language, keep their text.
func describeError(err error) string {
	if errors.Is(err, context.Canceled) {
		return "已中断，未处理完的文件没有写出结果"
	}
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = strings.Replace(msg, pe.Error(), osOp(pe.Op)+" "+pe.Path+"："+osReason(pe.Err), 1)
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		msg = strings.Replace(msg, le.Error(), "把 "+le.Old+" 改名为 "+le.New+"："+osReason(le.Err), 1)
	}
	return msg
}

func osOp(op string) string {
	switch op {
	case "open":
		return "打开"
	case "mkdir":
		return "创建文件夹"
	case "read":
		return "读取"
	case "write":
		return "写入"
	case "stat", "lstat":
		return "访问"
	case "remove", "unlinkat":
		return "删除"
	case "sync", "close":
		return "保存"
	case "chmod":
		return "设置权限"
	}
	return op
}

// osReasons words the system errors an operator meets, in the order they
// are tried.
var osReasons = []struct {
	err  error
	text string
}{
	{fs.ErrNotExist, "文件或文件夹不存在"},
	{fs.ErrPermission, "没有权限"},
	{fs.ErrExist, "已经存在"},
	{syscall.ENOSPC, "磁盘空间已满"},
	{syscall.EROFS, "所在磁盘只读"},
	{syscall.ENOTDIR, "路径中有一段不是文件夹"},
	{syscall.EISDIR, "这是文件夹，不是文件"},
}

func osReason(err error) string {
	for _, r := range osReasons {
		if errors.Is(err, r.err) {
			return r.text
		}
	}
	return err.Error()
}
