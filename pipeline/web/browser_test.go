package web_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/perfeval/perfeval/pipeline/ledger"
)

// chromium returns Debian's chromium, skipping the test without it unless
// PERFEVAL_REQUIRE_TOOLS is set.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("PERFEVAL_REQUIRE_TOOLS") != "" {
		t.Fatal("chromium is required (PERFEVAL_REQUIRE_TOOLS is set)")
	}
	t.Skip("chromium not available")
	return ""
}

// newBrowser starts a headless Chromium for the test, with a fresh
// profile (no cookies) and downloads saved into downloads.
func newBrowser(t *testing.T, downloads string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, // CI runs as root
		chromedp.Flag("lang", "zh-CN"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancel3)
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// shot saves a full-page PNG screenshot under the test's artifact folder.
func shot(t *testing.T, dir, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		buf, err := chromedp.FullScreenshot(100)(ctx, tg)
		if err != nil {
			return err
		}
		path := filepath.Join(dir, name+".png")
		t.Logf("screenshot %s", path)
		return os.WriteFile(path, buf, 0o644)
	})
}

// text reads the text of the element sel into *into.
func text(sel string, into *string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		s, err := chromedp.Text(chromedp.CSS(sel))(ctx, tg)
		*into = s
		return err
	})
}

func css(sel string) chromedp.CSS { return chromedp.CSS(sel) }

// waitFile waits for a completed download in dir and returns its bytes.
func waitFile(t *testing.T, dir string) []byte {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".crdownload") {
				continue
			}
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err == nil && len(data) > 0 {
				return data
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no download in %s", dir)
	return nil
}

// TestBrowserBureau: in a real Chromium, bureau staff sign in, see the
// board, open a department and download its annotated copy; the board is
// readable at a phone's width.
func TestBrowserBureau(t *testing.T) {
	shots := t.ArtifactDir()
	downloads := t.TempDir()
	ctx := newBrowser(t, downloads)
	ts := startServer(t, newRoot(t), nil)

	var board, dept string
	err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(css(`input[name=password]`)),
		shot(t, shots, "01-login"),
		chromedp.SendKeys(css(`input[name=name]`), testUser),
		chromedp.SendKeys(css(`input[name=password]`), testPassword),
		chromedp.Click(css(`form[action="/login"] button`)),
		chromedp.WaitVisible(css(`table.board`)),
		text(`main`, &board),
		shot(t, shots, "02-board"),
		chromedp.Click(css(`a[href="/department?code=`+returnedCode+`"]`)),
		chromedp.WaitVisible(css(`article.sub`)),
		text(`main`, &dept),
		shot(t, shots, "03-department"),
		chromedp.Click(css(`article.sub a.button[href$="/annotated"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2022 年度报送进度", "应报送", "未报送", "示例区统计局", "94.44"} {
		if !strings.Contains(board, want) {
			t.Errorf("the board lacks %q", want)
		}
	}
	for _, want := range []string{"第 1 版", "退回修改", "审核发现", "绩效指标"} {
		if !strings.Contains(dept, want) {
			t.Errorf("the department page lacks %q", want)
		}
	}
	got := waitFile(t, downloads)
	var annotated string
	for _, e := range ledgerEntries(t, ts.root) {
		if e.Department.Code == returnedCode {
			annotated = filepath.Join(ts.root, filepath.FromSlash(e.Check.Annotated))
		}
	}
	want, err := os.ReadFile(annotated)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("downloaded %d bytes, the annotated copy has %d", len(got), len(want))
	}
	// The accepted department's page offers its draft 自评报告.
	var drafts int
	err = chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/department?code="+seedCode),
		chromedp.WaitVisible(css(`article.sub`)),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) (err error) {
			drafts, err = chromedp.Evaluate[int](`document.querySelectorAll('article.sub a.button[href$="/draft"]').length`)(ctx, tg)
			return err
		}),
		shot(t, shots, "03b-department-draft"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if drafts != 1 {
		t.Errorf("the accepted department's page has %d draft report links, want 1", drafts)
	}
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)),
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(css(`table.board`)),
		shot(t, shots, "04-board-phone"),
		chromedp.Navigate(ts.URL+"/department?code="+seedCode),
		chromedp.WaitVisible(css(`article.sub`)),
		shot(t, shots, "05-department-phone"),
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(ts.URL+"/links"),
		chromedp.WaitVisible(css(`table.links`)),
		shot(t, shots, "10-links"),
	)
	if err != nil {
		t.Fatal(err)
	}
}

// TestBrowserDepartment: in a real Chromium, a department opens its link,
// uploads its workbook, sees the findings, submits, and sees the bureau's
// record of it; a forged link is refused.
func TestBrowserDepartment(t *testing.T) {
	shots := t.ArtifactDir()
	ctx := newBrowser(t, t.TempDir())
	ts := startServer(t, newRoot(t), nil)
	workbook := filepath.Join(t.TempDir(), "示例区行政审批服务局-自评表.xlsx")
	if err := os.WriteFile(workbook, correctedReturned(t), 0o644); err != nil {
		t.Fatal(err)
	}
	link := ts.link(returnedCode, time.Hour)
	var home, check, done, bad string
	err := chromedp.Do(ctx,
		chromedp.Navigate(link+"/"),
		chromedp.WaitVisible(css(`input[type=file]`)),
		text(`main`, &home),
		shot(t, shots, "06-department-home"),
		chromedp.SetUploadFiles(css(`input[type=file]`), []string{workbook}),
		chromedp.Click(css(`form[enctype="multipart/form-data"] button`)),
		// The department's home page lists findings too: wait for the
		// result page's own submit form, not for a list the old page has.
		chromedp.WaitVisible(css(`form[action$="/submit"] button`)),
		chromedp.WaitVisible(css(`ul.findings`)),
		text(`main`, &check),
		shot(t, shots, "07-self-check"),
		chromedp.Click(css(`form[action$="/submit"] button`)),
		chromedp.WaitVisible(css(`section.ok-card`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	// The page reloads itself every 3 s until the runner has recorded the
	// file; read it between reloads.
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(done, "财政局已收到") {
		if time.Now().After(deadline) {
			t.Fatalf("the submission was not recorded within a minute:\n%s", done)
		}
		time.Sleep(500 * time.Millisecond)
		_ = chromedp.Do(ctx, text(`main`, &done)) // a reload may interrupt the read
	}
	err = chromedp.Do(ctx,
		shot(t, shots, "08-submitted"),
		chromedp.Navigate(ts.URL+"/d/MTA5OTAx.9999999999.forged/"),
		chromedp.WaitVisible(css(`main h1`)),
		text(`main`, &bad),
		shot(t, shots, "09-forged-link"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(home, "示例区行政审批服务局") || !strings.Contains(home, "第 1 版") {
		t.Errorf("the department's page lacks its name or its first version:\n%s", home)
	}
	for _, want := range []string{"自查结果", "退回修改", "审核发现", "提交给财政局"} {
		if !strings.Contains(check, want) {
			t.Errorf("the self-check page lacks %q", want)
		}
	}
	if !strings.Contains(done, "第 2 版") {
		t.Errorf("after submitting, the page does not show version 2:\n%s", done)
	}
	if !strings.Contains(bad, "链接无效") {
		t.Errorf("a forged link is not refused:\n%s", bad)
	}
	var v2 *ledger.Entry
	for _, e := range ledgerEntries(t, ts.root) {
		if e.Department.Code == returnedCode && e.Version == 2 {
			v2 = &e
		}
	}
	if v2 == nil {
		t.Error("the submission is not in the ledger as version 2")
	}
}
