package web_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/perfeval/perfeval/pipeline/inbox"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/roster"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/web"
)

// The round the tests serve: the two samples processed into a root, a
// roster of three departments (one has not submitted), one account.
const (
	testUser     = "张三"
	testPassword = "correct horse 9"
	seedCode     = "101001"
	returnedCode = "109901"
	missingCode  = "109902"
)

const testRoster = "部门编码,部门名称,联系人,邮箱,联系电话\n" +
	"101001,南昌市政务服务数据管理局,张会计,zhangkj@example.gov.cn,0791-00000001\n" +
	"109901,示例区行政审批服务局（演示用：含常见填报问题）,李会计,likj@example.gov.cn,0791-00000002\n" +
	"109902,示例区统计局（演示用：尚未报送）,王会计,wangkj@example.gov.cn,0791-00000003\n"

func inboxOptions() inbox.Options {
	return inbox.Options{Rulebook: rulebook.DefaultRulebook(), PerfevalVersion: "test", Workers: 2,
		Settle: 50 * time.Millisecond, Quarantine: 50 * time.Millisecond}
}

func sampleBytes(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(pipelinetest.Samples, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// newRoot makes a root whose inbox has processed both samples, with the
// draft 自评报告 of the accepted one beside its annotated copy, as run
// leaves it.
func newRoot(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "inbox"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"nanchang-2022.xlsx", "example-returned-2022.xlsx"} {
		if err := os.WriteFile(filepath.Join(root, "inbox", name), sampleBytes(t, name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := inbox.Open(context.Background(), root, draftOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	res, err := r.Pass(context.Background(), true)
	if err != nil || res.Processed != 2 {
		t.Fatalf("pass: %+v, %v", res, err)
	}
	return root
}

type testServer struct {
	*httptest.Server
	web  *web.Server
	root string
	log  *logBuffer
}

// startServer serves root on 127.0.0.1 (httptest picks the port) until the
// test ends.
func startServer(t testing.TB, root string, change func(*web.Options)) *testServer {
	t.Helper()
	ros, _ := roster.Parse("名单.csv", []byte(testRoster))
	if ros == nil {
		t.Fatal("test roster does not parse")
	}
	log := &logBuffer{}
	o := web.Options{Root: root, Inbox: inboxOptions(), Process: true, Roster: ros, Logger: zerolog.New(log)}
	if change != nil {
		change(&o)
	}
	srv, err := web.New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Store().SetPassword(context.Background(), testUser, testPassword); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ts.Close()
		srv.Close()
	})
	return &testServer{Server: ts, web: srv, root: root, log: log}
}

// logBuffer collects the server's log; its goroutines write to it.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// client returns a client with a cookie jar that does not follow
// redirects, so the tests see them.
func (ts *testServer) client(t testing.TB) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// signIn returns a client signed in as the test user.
func (ts *testServer) signIn(t testing.TB) *http.Client {
	t.Helper()
	c := ts.client(t)
	resp, err := c.PostForm(ts.URL+"/login", url.Values{"name": {testUser}, "password": {testPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("sign in: %s, Location %q", resp.Status, resp.Header.Get("Location"))
	}
	return c
}

// link is a department's link on the test server.
func (ts *testServer) link(code string, ttl time.Duration) string {
	return ts.URL + "/d/" + ts.web.Links().Sign(code, time.Now().Add(ttl))
}

// correctedReturned is the returned sample as its department sends it
// again: other bytes, the same department (填报人 changed).
func correctedReturned(t testing.TB) []byte {
	t.Helper()
	path := filepath.Join(pipelinetest.Samples, "example-returned-2022.xlsx")
	ref := pipelinetest.RefOfLabel(t, path, "基本信息", "填报人")
	sheet, cell, _ := strings.Cut(ref, "!")
	data, err := os.ReadFile(pipelinetest.MutatedFrom(t, path, pipelinetest.Set(sheet, cell, "王五")))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
