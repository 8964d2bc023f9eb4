package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"strings"
	"syscall"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/annotate"
	"github.com/perfeval/perfeval/pipeline/distribute"
	"github.com/perfeval/perfeval/pipeline/inbox"
	"github.com/perfeval/perfeval/pipeline/mail"
	"github.com/perfeval/perfeval/pipeline/roster"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/web"
	"github.com/perfeval/perfeval/template"
)

// describeError returns the text of a command's error for the person at
// the terminal, in Chinese: each operation of the chain (template.OpError)
// in its Chinese wording, then the operating system's reason, which Go writes
// in English ("mkdir out: permission denied"). Errors the system words
// itself, as Windows does in the user's language, keep their text.
func describeError(err error) string {
	switch {
	case errors.Is(err, context.Canceled):
		return "已中断，未处理完的文件没有写出结果"
	case errors.Is(err, pipeline.ErrInternal):
		// The stack keeps its lines.
		return visibleLines("程序内部错误，请把这个文件和以下信息报告给维护人员：" + err.Error())
	}
	var parts []string
	for e := err; e != nil; e = errors.Unwrap(e) {
		if op, ok := e.(*template.OpError); ok {
			parts = append(parts, opText(op.Op, op.Path))
			continue
		}
		if errors.Is(e, pipeline.ErrTimeout) {
			parts = append(parts, "处理时间超过上限（机器繁忙或程序被暂停时会这样），这不是文件的问题；请稍后重新审核")
			break
		}
		if errors.Is(e, pipeline.ErrAnnotatedIsInput) {
			parts = append(parts, "批注版的路径就是原文件，原文件不能被覆盖；请为 --annotate 换一个目录")
			break
		}
		if pe, ok := e.(*fs.PathError); ok {
			parts = append(parts, osOp(pe.Op)+" "+pe.Path+"："+osReason(pe.Err))
			break
		}
		if le, ok := e.(*os.LinkError); ok {
			parts = append(parts, "把 "+le.Old+" 改名为 "+le.New+"："+osReason(le.Err))
			break
		}
		// Another error: its own text, unless what it wraps says more in
		// the terms above.
		var op *template.OpError
		var pe *fs.PathError
		var le *os.LinkError
		if inner := errors.Unwrap(e); inner != nil && (errors.As(inner, &op) || errors.As(inner, &pe) || errors.As(inner, &le)) {
			continue
		}
		parts = append(parts, e.Error())
		break
	}
	// Paths and reasons may hold what a department typed or named a file:
	// one line, nothing that acts on the terminal.
	return template.Visible(strings.Join(parts, "："))
}

// visibleLines is template.Visible line by line: text of several lines
// keeps them, and nothing in a line acts on the terminal.
func visibleLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = template.Visible(l)
	}
	return strings.Join(lines, "\n")
}

// The operations of the commands themselves that can fail on the machine.
const (
	opCreateFolder template.Op = "create folder"
	opReadSample   template.Op = "read sample"
	opWriteSample  template.Op = "write sample"
	opWriteReport  template.Op = "write report"
	// opWriteDocument writes the drafted 自评报告 (.docx).
	opWriteDocument template.Op = "write self-evaluation report"
)

// opTexts words each operation that an *template.OpError may name, whichever
// package declares it; %s is the file.
var opTexts = map[template.Op]string{
	template.OpOpenWorkbook:     "打开工作簿 %s",
	template.OpGenerateWorkbook: "生成工作簿 %s",
	template.OpWriteTemplate:    "写入模板 %s",
	pipeline.OpCheck:            "审核 %s",
	pipeline.OpAnnotate:         "为 %s 写批注版",
	annotate.OpBuild:            "生成批注版 %s",
	annotate.OpWrite:            "写入批注版 %s",
	rulebook.OpReadRulebook:     "读取评分规则 %s",
	inbox.OpPrepare:             "准备文件夹 %s",
	inbox.OpLock:                "锁定工作目录 %s",
	inbox.OpLedger:              "写入台账 %s",
	inbox.OpScan:                "读取收件箱 %s",
	inbox.OpRead:                "读取收件箱中的文件 %s",
	inbox.OpArchive:             "存档原件 %s",
	inbox.OpResult:              "写入审核结果 %s",
	inbox.OpOutbox:              "放入批注版 %s",
	inbox.OpRemove:              "从收件箱移出 %s",
	opCreateFolder:              "创建文件夹 %s",
	opReadSample:                "读取样例 %s",
	opWriteSample:               "写入样例 %s",
	opWriteReport:               "输出报告 %s",
	opWriteDocument:             "写入自评报告 %s",
	opReadLedger:                "读取台账 %s",
	opWriteSummary:              "写入汇总表 %s",
	roster.OpReadRoster:         "读取部门名单 %s",
	roster.OpWriteBlank:         "写入空白名单 %s",
	distribute.OpCreateFolder:   "创建下发文件夹 %s",
	mail.OpOpenLog:              "打开发送记录 %s",
	mail.OpWriteEML:             "写入邮件文件 %s",
	web.OpOpenStore:             "打开网页账户库 %s",
	web.OpSecret:                "读取或建立部门链接密钥 %s",
}

func opText(op template.Op, path string) string {
	f, ok := opTexts[op]
	if !ok {
		f = string(op) + " %s"
	}
	return strings.TrimSpace(strings.Replace(strings.Replace(f, "%s", path, 1), "  ", " ", 1))
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
