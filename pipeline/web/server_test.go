package web_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/perfeval/perfeval/pipeline/inbox"
	"github.com/perfeval/perfeval/pipeline/ledger"
	"github.com/perfeval/perfeval/pipeline/web"
)

func get(t testing.TB, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// TestNothingWithoutCredential: no page of the bureau is served without a
// session, and no department page without its genuine, unexpired link.
func TestNothingWithoutCredential(t *testing.T) {
	ts := startServer(t, newRoot(t), nil)
	c := ts.client(t)
	for _, path := range []string{"/", "/department?code=" + seedCode, "/files/1/original", "/files/1/annotated", "/files/1/report",
		"/summary/2022.xlsx", "/links", "/nothing"} {
		resp, body := get(t, c, ts.URL+path)
		if resp.StatusCode == http.StatusOK || strings.Contains(body, "南昌市政务服务数据管理局") || strings.Contains(body, "PK\x03\x04") {
			t.Errorf("GET %s without signing in: %s, %d bytes", path, resp.Status, len(body))
		}
	}
	resp, err := c.PostForm(ts.URL+"/rerun", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("POST /rerun without signing in: %s", resp.Status)
	}
	// A forged cookie is no session.
	u, _ := url.Parse(ts.URL)
	c.Jar.SetCookies(u, []*http.Cookie{{Name: "perfeval-session", Value: "forged"}})
	if resp, _ := get(t, c, ts.URL+"/links"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /links with a forged session: %s", resp.Status)
	}

	good := ts.link(returnedCode, time.Hour)
	token := strings.TrimPrefix(good, ts.URL+"/d/")
	foreign := web.NewLinks(bytes.Repeat([]byte{7}, 32)).Sign(returnedCode, time.Now().Add(time.Hour))
	for name, u := range map[string]string{
		"tampered code":   ts.URL + "/d/" + strings.Replace(token, token[:4], "MTAx", 1) + "/",
		"another secret":  ts.URL + "/d/" + foreign + "/",
		"expired":         ts.link(returnedCode, -time.Minute) + "/",
		"not on roster":   ts.link("999999", time.Hour) + "/",
		"garbage":         ts.URL + "/d/abc/",
		"signature moved": ts.URL + "/d/" + token[:len(token)-2] + "/",
	} {
		resp, body := get(t, c, u)
		if resp.StatusCode != http.StatusForbidden || strings.Contains(body, "示例区行政审批服务局") {
			t.Errorf("%s link: %s", name, resp.Status)
		}
	}
	if resp, body := get(t, c, good+"/"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "示例区行政审批服务局") {
		t.Errorf("genuine link: %s", resp.Status)
	}
	// A department's link reaches its own submissions only.
	entries := ledgerEntries(t, ts.root)
	for _, e := range entries {
		resp, _ := get(t, c, good+"/files/"+itoa(e.ID)+"/annotated")
		own := e.Department.Code == returnedCode
		if own != (resp.StatusCode == http.StatusOK) {
			t.Errorf("department %s downloads submission %d of %s: %s", returnedCode, e.ID, e.Department.Code, resp.Status)
		}
	}
	log := ts.log.String()
	if strings.Contains(log, token) || strings.Contains(log, testPassword) {
		t.Errorf("the log holds a token or a password:\n%s", log)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func ledgerEntries(t testing.TB, root string) []ledger.Entry {
	t.Helper()
	l, err := ledger.Open(context.Background(), inbox.FoldersOf(root).Ledger)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	all, err := l.All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// TestSignInAndBoard: a wrong password is refused and throttled; the
// board shows the round against the roster, filtered and sorted.
func TestSignInAndBoard(t *testing.T) {
	ts := startServer(t, newRoot(t), nil)
	c := ts.client(t)
	for i := range 6 {
		resp, err := c.PostForm(ts.URL+"/login", url.Values{"name": {testUser}, "password": {"wrong password"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		want := http.StatusUnauthorized
		if i == 5 {
			want = http.StatusTooManyRequests
		}
		if resp.StatusCode != want {
			t.Errorf("wrong password, try %d: %s, want %d", i+1, resp.Status, want)
		}
	}
	ts2 := startServer(t, newRoot(t), nil)
	c = ts2.signIn(t)
	resp, body := get(t, c, ts2.URL+"/")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("board: %s", resp.Status)
	}
	for _, want := range []string{"2022 年度报送进度", "南昌市政务服务数据管理局", "示例区行政审批服务局", "示例区统计局", "94.44", "未报送", "退回修改", "通过"} {
		if !strings.Contains(body, want) {
			t.Errorf("board lacks %q", want)
		}
	}
	if n := strings.Count(body, `<tr class="`); n != 3 {
		t.Errorf("board has %d rows, want 3", n)
	}
	_, body = get(t, c, ts2.URL+"/?status=returned")
	if !strings.Contains(body, "示例区行政审批服务局") || strings.Contains(body, `href="/department?code=101001"`) {
		t.Errorf("status=returned shows other departments")
	}
	_, body = get(t, c, ts2.URL+"/?sort=code&order=desc")
	if i, j := strings.Index(body, "code=109902"), strings.Index(body, "code=101001"); i < 0 || j < 0 || i > j {
		t.Errorf("sort by code, descending: 109902 at %d, 101001 at %d", i, j)
	}
	_, body = get(t, c, ts2.URL+"/?q=统计")
	if !strings.Contains(body, "示例区统计局") || strings.Contains(body, "code=101001") {
		t.Errorf("q=统计 does not find the one department")
	}
}

// TestDepartmentPageAndDownloads: a department's page has its findings by
// sheet and cell; the downloads are the root's files byte for byte.
func TestDepartmentPageAndDownloads(t *testing.T) {
	ts := startServer(t, newRoot(t), nil)
	c := ts.signIn(t)
	resp, body := get(t, c, ts.URL+"/department?code="+returnedCode)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("department: %s", resp.Status)
	}
	for _, want := range []string{"第 1 版", "退回修改", "审核发现", `<h4 class="sheet">`, `class="cell"`, "下载批注版", "下载原件", "/d/"} {
		if !strings.Contains(body, want) {
			t.Errorf("department page lacks %q", want)
		}
	}
	var e ledger.Entry
	for _, x := range ledgerEntries(t, ts.root) {
		if x.Department.Code == returnedCode {
			e = x
		}
	}
	f := inbox.FoldersOf(ts.root)
	for kind, path := range map[string]string{"original": f.Abs(e.Archive), "annotated": f.Abs(e.Check.Annotated)} {
		resp, got := get(t, c, ts.URL+"/files/"+itoa(e.ID)+"/"+kind)
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK || got != string(want) || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("download %s: %s, %d bytes, want %d; %q", kind, resp.Status, len(got), len(want), resp.Header.Get("Content-Disposition"))
		}
	}
	resp, got := get(t, c, ts.URL+"/files/"+itoa(e.ID)+"/report")
	if resp.StatusCode != http.StatusOK || !strings.Contains(got, `"status": "returned"`) {
		t.Errorf("report download: %s %.200s", resp.Status, got)
	}
	resp, got = get(t, c, ts.URL+"/summary/2022.xlsx")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(got, "PK\x03\x04") {
		t.Errorf("summary download: %s", resp.Status)
	}
	if resp, _ := get(t, c, ts.URL+"/files/999/original"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown submission: %s", resp.Status)
	}
}

// TestCrossOriginRefused: a POST from another site does nothing, sign-in
// included.
func TestCrossOriginRefused(t *testing.T) {
	ts := startServer(t, newRoot(t), nil)
	c := ts.signIn(t)
	for _, path := range []string{"/rerun", "/logout", "/login"} {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader("name=x&password=y"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "http://evil.example")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site POST %s: %s", path, resp.Status)
		}
	}
	if resp, _ := get(t, c, ts.URL+"/"); resp.StatusCode != http.StatusOK {
		t.Errorf("still signed in after the refused logout: %s", resp.Status)
	}
	if n := strings.Count(ts.log.String(), "cross-origin request refused"); n != 3 {
		t.Errorf("%d refusals logged, want 3", n)
	}
}

// upload posts a workbook to a department's link and returns the
// response (not followed).
func upload(t testing.TB, c *http.Client, link, name string, data []byte) *http.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("workbook", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	resp, err := c.Post(link+"/check", mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

var checkPath = regexp.MustCompile(`/check/[0-9a-f]{64}$`)

// TestSelfCheckAndSubmit: a department uploads, sees its findings, and
// 提交 puts the file into the inbox once; the runner records it as the
// department's next version.
func TestSelfCheckAndSubmit(t *testing.T) {
	ts := startServer(t, newRoot(t), nil)
	c := ts.client(t)
	link := ts.link(returnedCode, time.Hour)
	resp := upload(t, c, link, `C:\部门\自评表（修改后）.xlsx`, correctedReturned(t))
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !checkPath.MatchString(loc) {
		t.Fatalf("upload: %s, Location %q", resp.Status, loc)
	}
	resp, body := get(t, c, ts.URL+loc)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("self-check page: %s", resp.Status)
	}
	for _, want := range []string{"自查结果", "退回修改", "自查结果", "审核发现", "提交给财政局", "下载批注版", "自评表（修改后）.xlsx"} {
		if !strings.Contains(body, want) {
			t.Errorf("self-check page lacks %q", want)
		}
	}
	if resp, got := get(t, c, ts.URL+loc+"/annotated"); resp.StatusCode != http.StatusOK || !strings.HasPrefix(got, "PK") {
		t.Errorf("self-check annotated copy: %s", resp.Status)
	}
	// 提交, twice: one file into the inbox, one new version.
	for range 2 {
		resp, err := c.PostForm(ts.URL+loc+"/submit", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("submit: %s", resp.Status)
		}
	}
	if err := ts.web.Drain(30 * time.Second); err != nil {
		t.Fatal(err)
	}
	var versions []int
	for _, e := range ledgerEntries(t, ts.root) {
		if e.Department.Code == returnedCode {
			versions = append(versions, e.Version)
			if e.Version == 2 && !strings.Contains(e.Receipt.Name, "网页提交") {
				t.Errorf("submitted as %q", e.Receipt.Name)
			}
		}
	}
	if len(versions) != 2 || versions[1] != 2 {
		t.Errorf("department %s in the ledger: versions %v, want [1 2]", returnedCode, versions)
	}
	if left, _ := os.ReadDir(inbox.FoldersOf(ts.root).Inbox); len(left) != 0 {
		t.Errorf("inbox not emptied: %v", left)
	}
	_, body = get(t, c, ts.URL+loc)
	if !strings.Contains(body, "已提交，财政局已收到") || !strings.Contains(body, "第 2 版") {
		t.Errorf("self-check page after submitting does not say it was recorded")
	}
	// Another department's form cannot be submitted through this link.
	resp = upload(t, c, link, "seed.xlsx", sampleBytes(t, "nanchang-2022.xlsx"))
	loc = resp.Header.Get("Location")
	_, body = get(t, c, ts.URL+loc)
	if !strings.Contains(body, "与本链接的部门") || strings.Contains(body, "提交给财政局") {
		t.Errorf("a form of department %s offered for submission through %s's link", seedCode, returnedCode)
	}
	resp2, err := c.PostForm(ts.URL+loc+"/submit", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode != http.StatusForbidden {
		t.Errorf("submit of another department's form: %s", resp2.Status)
	}
	// A self-check is its department's: another link does not see it.
	if resp, _ := get(t, c, ts.link(seedCode, time.Hour)+strings.TrimPrefix(loc, strings.TrimPrefix(link, ts.URL))); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another department's link sees the self-check: %s", resp.Status)
	}
}

// TestUploadLimits: a file over the size limit is refused before it is
// read; a file that is no workbook is checked as unreadable and cannot be
// submitted.
func TestUploadLimits(t *testing.T) {
	ts := startServer(t, newRoot(t), func(o *web.Options) { o.MaxUpload = 1 << 10 })
	c := ts.client(t)
	link := ts.link(returnedCode, time.Hour)
	if resp := upload(t, c, link, "big.xlsx", sampleBytes(t, "example-returned-2022.xlsx")); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("upload over the limit: %s", resp.Status)
	}
	resp := upload(t, c, link, "notes.xlsx", []byte("not a workbook"))
	_, body := get(t, c, ts.URL+resp.Header.Get("Location"))
	if !strings.Contains(body, "无法读取") || strings.Contains(body, "提交给财政局") {
		t.Errorf("an unreadable upload: page does not say so, or offers submission")
	}
}

// TestRerun: the board's rerun rechecks the latest submissions; with a
// runner holding the root it is refused.
func TestRerun(t *testing.T) {
	root := newRoot(t)
	ts := startServer(t, root, nil)
	c := ts.signIn(t)
	resp, err := c.PostForm(ts.URL+"/rerun", nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "重新审核了 2 份") {
		t.Errorf("rerun: %s %s", resp.Status, body)
	}
	l, err := ledger.Open(context.Background(), inbox.FoldersOf(root).Ledger)
	if err != nil {
		t.Fatal(err)
	}
	checks, err := l.Checks(context.Background(), 1)
	l.Close()
	if err != nil || len(checks) != 2 {
		t.Errorf("submission 1 has %d checks after the rerun, want 2 (%v)", len(checks), err)
	}
	r, err := inbox.Open(context.Background(), root, inboxOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	resp, err = c.PostForm(ts.URL+"/rerun", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("rerun while a runner holds the root: %s", resp.Status)
	}
}

func TestLinks(t *testing.T) {
	l := web.NewLinks(bytes.Repeat([]byte{1}, 32))
	now := time.Date(2023, 3, 1, 12, 0, 0, 0, time.UTC)
	tok := l.Sign("101001", now.Add(time.Hour))
	if code, _, err := l.Verify(tok, now); err != nil || code != "101001" {
		t.Errorf("Verify(Sign) = %q, %v", code, err)
	}
	if _, _, err := l.Verify(tok, now.Add(2*time.Hour)); !errors.Is(err, web.ErrLinkExpired) {
		t.Errorf("Verify after expiry: %v, want ErrLinkExpired", err)
	}
	for _, bad := range []string{"", ".", "a.b.c", tok + "x", strings.Replace(tok, "MTAx", "MTAy", 1),
		web.NewLinks(bytes.Repeat([]byte{2}, 32)).Sign("101001", now.Add(time.Hour))} {
		if _, _, err := l.Verify(bad, now); !errors.Is(err, web.ErrLinkInvalid) {
			t.Errorf("Verify(%q) = %v, want ErrLinkInvalid", bad, err)
		}
	}
}

func TestLoadSecret(t *testing.T) {
	path := filepath.Join(t.TempDir(), web.SecretName)
	a, err := web.LoadSecret(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := web.LoadSecret(path)
	if err != nil || !bytes.Equal(a, b) || len(a) != 32 {
		t.Errorf("second LoadSecret: %d bytes, same %v, %v", len(b), bytes.Equal(a, b), err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("secret mode %v, want 0600 (%v)", info.Mode().Perm(), err)
	}
	os.WriteFile(path, []byte("short"), 0o600)
	if _, err := web.LoadSecret(path); err == nil {
		t.Errorf("a damaged secret loads")
	}
}

func TestStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), web.StoreName)
	s, err := web.OpenStore(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("store mode %v, want 0600", info.Mode().Perm())
	}
	for _, tc := range []struct{ name, password string }{{"", "long enough"}, {" x", "long enough"}, {"a\x1b", "long enough"},
		{"x", "short"}, {"x", strings.Repeat("长", 30)}} {
		if _, err := s.SetPassword(ctx, tc.name, tc.password); err == nil {
			t.Errorf("SetPassword(%q, %q) took it", tc.name, tc.password)
		}
	}
	if created, err := s.SetPassword(ctx, "李四", "first password"); err != nil || !created {
		t.Fatalf("SetPassword: %v, %v", created, err)
	}
	if ok, _ := s.Authenticate(ctx, "李四", "first password"); !ok {
		t.Error("the password does not authenticate")
	}
	if ok, _ := s.Authenticate(ctx, "李四", "First password"); ok {
		t.Error("a wrong password authenticates")
	}
	if ok, _ := s.Authenticate(ctx, "王五", "first password"); ok {
		t.Error("an unknown account authenticates")
	}
	id, err := s.NewSession(ctx, "李四", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if u, ok, _ := s.Session(ctx, id); !ok || u != "李四" {
		t.Errorf("Session = %q, %v", u, ok)
	}
	if created, err := s.SetPassword(ctx, "李四", "second password"); err != nil || created {
		t.Fatalf("change password: %v, %v", created, err)
	}
	if _, ok, _ := s.Session(ctx, id); ok {
		t.Error("a session outlives the password change")
	}
	old, _ := s.NewSession(ctx, "李四", -time.Second)
	if _, ok, _ := s.Session(ctx, old); ok {
		t.Error("an expired session is live")
	}
	if ok, _ := s.RemoveUser(ctx, "李四"); !ok {
		t.Error("RemoveUser found no account")
	}
	if users, _ := s.Users(ctx); len(users) != 0 {
		t.Errorf("users left: %v", users)
	}
}

// FuzzVerifyLink: any token is refused or verifies to the code it was
// signed for; none panics.
func FuzzVerifyLink(f *testing.F) {
	l := web.NewLinks(bytes.Repeat([]byte{3}, 32))
	now := time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)
	f.Add(l.Sign("101001", now.Add(time.Hour)))
	f.Add("MTAx.1.x")
	f.Add("..")
	f.Fuzz(func(t *testing.T, token string) {
		code, _, err := l.Verify(token, now)
		if err != nil {
			return
		}
		if l.Sign(code, time.Unix(mustExpiry(t, token), 0)) != token {
			t.Errorf("Verify(%q) = %q, but signing it gives another token", token, code)
		}
	})
}

func mustExpiry(t *testing.T, token string) int64 {
	parts := strings.Split(token, ".")
	n, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		t.Fatalf("a verified token %q has no expiry: %v", token, err)
	}
	return n
}
