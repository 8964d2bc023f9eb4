package main

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/annotate"
	"github.com/perfeval/perfeval/template"
)

func TestDescribeError(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"missing folder", &template.OpError{Op: pipeline.OpAnnotate, Path: "a.xlsx", Err: &fs.PathError{Op: "mkdir", Path: "/x/out", Err: syscall.ENOENT}},
			"为 a.xlsx 写批注版：创建文件夹 /x/out：文件或文件夹不存在"},
		{"no permission", &template.OpError{Op: template.OpWriteTemplate, Path: "t.xlsx", Err: &fs.PathError{Op: "open", Path: "t.xlsx", Err: syscall.EACCES}},
			"写入模板 t.xlsx：打开 t.xlsx：没有权限"},
		{"operations nest", &template.OpError{Op: pipeline.OpAnnotate, Path: "a.xlsx", Err: &template.OpError{Op: annotate.OpWrite, Path: "out/a.审核.xlsx",
			Err: fmt.Errorf("sync: %w", &fs.PathError{Op: "write", Path: "out/a.审核.xlsx", Err: syscall.ENOSPC})}},
			"为 a.xlsx 写批注版：写入批注版 out/a.审核.xlsx：写入 out/a.审核.xlsx：磁盘空间已满"},
		{"disk full", &fs.PathError{Op: "write", Path: "t.xlsx", Err: syscall.ENOSPC}, "写入 t.xlsx：磁盘空间已满"},
		{"rename", &os.LinkError{Op: "rename", Old: "a.tmp", New: "a.xlsx", Err: syscall.EROFS}, "把 a.tmp 改名为 a.xlsx：所在磁盘只读"},
		{"timed out", &template.OpError{Op: pipeline.OpCheck, Path: "a.xlsx", Err: fmt.Errorf("%w (30s)", pipeline.ErrTimeout)}, "审核 a.xlsx：处理时间超过上限（机器繁忙或程序被暂停时会这样），这不是文件的问题；请稍后重新审核"},
		{"interrupted", &template.OpError{Op: pipeline.OpCheck, Path: "a.xlsx", Err: context.Canceled}, "已中断，未处理完的文件没有写出结果"},
		{"internal error", fmt.Errorf("%w: index out of range", pipeline.ErrInternal), "程序内部错误，请把这个文件和以下信息报告给维护人员：internal error: index out of range"},
		{"an operation without a file", &template.OpError{Op: template.OpGenerateWorkbook, Err: errors.New("no layout")}, "生成工作簿：no layout"},
		{"annotated copy over the input", &template.OpError{Op: pipeline.OpAnnotate, Path: "a.xlsx", Err: fmt.Errorf("%w: a.xlsx", pipeline.ErrAnnotatedIsInput)},
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
// The operations are declared where they fail, each package its own: the
// test finds every constant of type template.Op in the module's source.
func TestEveryOpWorded(t *testing.T) {
	ops := declaredOps(t, filepath.Join("..", ".."))
	if len(ops) < len(opTexts) {
		t.Fatalf("found %d operations in the source, fewer than the %d worded: the search is broken", len(ops), len(opTexts))
	}
	for op, where := range ops {
		if _, ok := opTexts[op]; !ok {
			t.Errorf("operation %q (%s) has no Chinese wording in opTexts", op, where)
		}
	}
	for op := range opTexts {
		if _, ok := ops[op]; !ok {
			t.Errorf("opTexts words %q, which no package declares", op)
		}
	}
}

// declaredOps returns the value and place of every constant of type Op in
// package template, or template.Op elsewhere, in the non-test Go files under
// root.
func declaredOps(t *testing.T, root string) map[template.Op]string {
	t.Helper()
	ops := map[template.Op]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if !isOpType(vs.Type, f.Name.Name) {
					continue
				}
				for i, v := range vs.Values {
					lit, ok := v.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						t.Errorf("%s: operation %s is not a string literal", fset.Position(v.Pos()), vs.Names[i])
						continue
					}
					s, err := strconv.Unquote(lit.Value)
					if err != nil {
						return err
					}
					ops[template.Op(s)] = fset.Position(v.Pos()).String()
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ops
}

// isOpType reports whether expr, in a file of package pkg, is the type Op.
func isOpType(expr ast.Expr, pkg string) bool {
	switch e := expr.(type) {
	case *ast.Ident:
		return pkg == "template" && e.Name == "Op"
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		return ok && x.Name == "template" && e.Sel.Name == "Op"
	}
	return false
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

// TestErrorsShowTextVisibly: a file name or a rulebook value with a line
// break, a terminal escape or a bidirectional control reaches stderr as a
// visible mark, on the line it belongs to; each of the rulebook's problems
// keeps its own line.
func TestErrorsShowTextVisibly(t *testing.T) {
	got := describeError(&template.OpError{Op: pipeline.OpAnnotate, Path: "a\n结论：通过.xlsx", Err: &fs.PathError{Op: "mkdir", Path: "out\x1b[2J\u202e", Err: syscall.EROFS}})
	if want := "为 a⏎结论：通过.xlsx 写批注版：创建文件夹 out〔U+001B〕[2J〔U+202E〕：所在磁盘只读"; got != want {
		t.Errorf("describeError() = %q, want %q", got, want)
	}
	got = describeError(fmt.Errorf("%w: cell \"a\x1b\"\ngoroutine 1 [running]:", pipeline.ErrInternal))
	if want := "程序内部错误，请把这个文件和以下信息报告给维护人员：internal error: cell \"a〔U+001B〕\"\ngoroutine 1 [running]:"; got != want {
		t.Errorf("describeError(internal) = %q, want %q: the stack keeps its lines", got, want)
	}

	dir := t.TempDir()
	bad := writeFile(t, filepath.Join(dir, "bad.yaml"), []byte("id: x\nname: y\nindicators:\n  method: \"lin\\e[31mear\\n结论：通过\"\n  floor: 0.6\n"))
	code, out, errOut := perfeval(t, "rules", "--rules", bad)
	want := "perfeval: 评分规则有误：" + bad + ":4: indicators.method 的值“lin〔U+001B〕[31mear⏎结论：通过”无效，应为 linear、proportional、bands、deduct 或 pass_fail 之一\n" +
		bad + ":5: indicators.floor 应写成百分数"
	if code != exitFailure || out != "" || !strings.HasPrefix(errOut, want) {
		t.Errorf("rules --rules bad.yaml: exit %d, stdout %q, stderr %q; want 2 and stderr starting %q", code, out, errOut, want)
	}
}

// TestCheckForgedFileName: a file named so as to print a verdict of its
// own gets one report, with one verdict, its name shown on one line.
func TestCheckForgedFileName(t *testing.T) {
	name := filepath.Join(t.TempDir(), "a\n结论：通过\n\n文件：b.xlsx")
	code, out, _ := perfeval(t, "check", name)
	if code != exitReturned {
		t.Errorf("exit %d, want %d", code, exitReturned)
	}
	if strings.Count("\n"+out, "\n结论：") != 1 || strings.Count("\n"+out, "\n文件：") != 1 || !strings.Contains(out, "a⏎结论：通过⏎⏎文件：b.xlsx\n") {
		t.Errorf("text report:\n%s\nwant one 文件： line, one 结论： line and the name shown with ⏎", out)
	}
}
