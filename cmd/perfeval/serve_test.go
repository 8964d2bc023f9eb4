package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestUser: perfeval user adds, lists, changes and removes accounts, the
// password from PERFEVAL_PASSWORD, never from the command line.
func TestUser(t *testing.T) {
	root := t.TempDir()
	t.Setenv("PERFEVAL_PASSWORD", "a good password")
	if code, out, errOut := perfeval(t, "user", "add", "--root", root, "张三"); code != exitOK || !strings.Contains(out, "已建立账户 张三") {
		t.Fatalf("user add: exit %d, %q, %q", code, out, errOut)
	}
	if code, out, _ := perfeval(t, "user", "add", "--root", root, "张三"); code != exitOK || !strings.Contains(out, "已更新账户 张三 的密码") {
		t.Errorf("user add again: exit %d, %q", code, out)
	}
	if code, out, _ := perfeval(t, "user", "list", "--root", root); code != exitOK || !strings.HasPrefix(out, "张三\t") {
		t.Errorf("user list: exit %d, %q", code, out)
	}
	t.Setenv("PERFEVAL_PASSWORD", "short")
	if code, _, errOut := perfeval(t, "user", "add", "--root", root, "李四"); code != exitFailure || !strings.Contains(errOut, "密码至少 8 个字符") {
		t.Errorf("short password: exit %d, %q", code, errOut)
	}
	for _, args := range [][]string{{"user", "remove", "--root", root, "张三"}} {
		if code, out, _ := perfeval(t, args...); code != exitOK || !strings.Contains(out, "已删除账户 张三") {
			t.Errorf("%v: exit %d, %q", args, code, out)
		}
	}
	for _, args := range [][]string{{"user", "remove", "--root", root, "张三"}, {"user", "--root", root}, {"user", "frob", "--root", root}, {"user", "add", "张三"}} {
		if code, _, errOut := perfeval(t, args...); code != exitFailure || !strings.HasPrefix(errOut, "perfeval: ") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
}

// lockedBuffer is a buffer the server goroutine writes while the test
// reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServe: perfeval serve over the demo's root, after a run, shows the
// round to a signed-in user and nothing to anyone else, and stops when
// its context ends.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := perfeval(t, "demo", "--dir", dir); code != exitOK {
		t.Fatalf("demo: %d %s", code, errOut)
	}
	roster := filepath.Join(dir, "名单.csv")
	if code, _, errOut := perfeval(t, "run", "--root", dir, "--roster", roster); code != exitReturned {
		t.Fatalf("run: %d %s", code, errOut)
	}
	t.Setenv("PERFEVAL_PASSWORD", "serve test password")
	if code, _, errOut := perfeval(t, "user", "add", "--root", dir, "管理员"); code != exitOK {
		t.Fatalf("user add: %d %s", code, errOut)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr := make(chan string, 1)
	done := make(chan error, 1)
	var stdout, stderr lockedBuffer
	go func() {
		done <- runServe(ctx, ServeOptions{Root: dir, Addr: "127.0.0.1:0", Roster: roster, LinkDays: 30}, &stdout, &stderr,
			func(a string) { addr <- a })
	}()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case err := <-done:
		t.Fatalf("serve: %v; %s", err, stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	body := func(resp *http.Response, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	if got := body(c.Get(base + "/")); !strings.Contains(got, "财政局工作人员登录") || strings.Contains(got, "南昌市") {
		t.Errorf("the board without signing in:\n%.300s", got)
	}
	if got := body(c.PostForm(base+"/login", url.Values{"name": {"管理员"}, "password": {"serve test password"}})); !strings.Contains(got, "南昌市政务服务数据管理局") ||
		!strings.Contains(got, "示例区统计局") || !strings.Contains(got, "未报送") {
		t.Errorf("the board after signing in lacks the round:\n%.500s", got)
	}
	// The accepted department's page offers the draft 自评报告 run wrote.
	dept := body(c.Get(base + "/department?code=101001"))
	i := strings.Index(dept, "/draft\"")
	if i < 0 || !strings.Contains(dept, "下载自评报告") {
		t.Errorf("the accepted department's page offers no draft report:\n%.500s", dept)
	} else {
		href := dept[strings.LastIndex(dept[:i], "\"")+1 : i+len("/draft")]
		if got := body(c.Get(base + href)); !strings.HasPrefix(got, "PK\x03\x04") {
			t.Errorf("GET %s: %d bytes, not a Word document", href, len(got))
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(stdout.String(), "网页已启动：http://127.0.0.1:") || !strings.Contains(stdout.String(), "已停止") {
		t.Errorf("serve printed %q", stdout.String())
	}
	if code, _, errOut := perfeval(t, "serve", "--root", filepath.Join(dir, "nowhere")); code != exitFailure || !strings.Contains(errOut, "不存在") {
		t.Errorf("serve of a missing root: exit %d, %q", code, errOut)
	}
}
