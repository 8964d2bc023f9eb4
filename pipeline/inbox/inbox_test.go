package inbox_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/inbox"
	"github.com/perfeval/perfeval/pipeline/ledger"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/template/xlsx"
)

// opts are fast options for tests: files settle in 50 ms.
func opts(rb *rulebook.Rulebook) inbox.Options {
	if rb == nil {
		rb = rulebook.DefaultRulebook()
	}
	return inbox.Options{Rulebook: rb, PerfevalVersion: "test", Workers: 2, Settle: 50 * time.Millisecond, Quarantine: 50 * time.Millisecond}
}

func openRunner(t *testing.T, root string, o inbox.Options) *inbox.Runner {
	t.Helper()
	r, err := inbox.Open(context.Background(), root, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func drop(t *testing.T, root, name string, data []byte) {
	t.Helper()
	dir := filepath.Join(root, "inbox")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func sample(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(pipelinetest.Samples, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func sum(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// secondVersion is the seed form sent again with a corrected figure: other
// bytes, the same department and year.
func secondVersion(t *testing.T) []byte {
	t.Helper()
	path := pipelinetest.Mutated(t, pipelinetest.Set("基本信息", "B10", 94.44))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// TestPassMixedInbox: a pass over good, returned, unreadable, duplicate and
// superseding files, with Chinese and awkward names, records each once,
// archives each original byte for byte, sorts the annotated copies, and
// empties the inbox.
func TestPassMixedInbox(t *testing.T) {
	root := t.TempDir()
	seed := sample(t, "nanchang-2022.xlsx")
	returned := sample(t, "example-returned-2022.xlsx")
	v2 := secondVersion(t)
	notes := []byte("部门名称,自评总分\n南昌,94\n")
	files := map[string][]byte{
		"南昌市政务服务数据管理局 自评表.xlsx":      seed,
		"示例区（退回）'$(rm -rf x)';.xlsx": returned,
		"说明.xlsx":           notes,
		"copy of seed.XLSX": seed,
		"南昌-第二版.xlsx":       v2,
		"~$南昌.xlsx":         []byte("owner file of an open workbook"),
	}
	for name, data := range files {
		drop(t, root, name, data)
	}
	r := openRunner(t, root, opts(nil))
	pass, err := r.Pass(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	if pass.Processed != 4 || pass.Duplicates != 1 || pass.Failed != 0 || pass.Waiting != 0 {
		t.Fatalf("pass = %+v, want 4 processed and 1 duplicate", pass)
	}
	if got := listDir(t, filepath.Join(root, "inbox")); len(got) != 1 || got[0] != "~$南昌.xlsx" {
		t.Errorf("inbox holds %v, want only the owner file", got)
	}
	for name, data := range files {
		if strings.HasPrefix(name, "~$") {
			continue
		}
		ext := strings.ToLower(filepath.Ext(name))
		archived, err := os.ReadFile(filepath.Join(root, "archive", sum(data)+ext))
		if err != nil || !bytes.Equal(archived, data) {
			t.Errorf("%s: archive copy differs or is missing (%v)", name, err)
		}
	}
	all, err := r.Ledger().All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 5 {
		t.Fatalf("ledger holds %d submissions, want 5", len(all))
	}
	byName := map[string]int{}
	for i, e := range all {
		byName[e.Receipt.Name] = i
	}
	// Of the seed and its copy, the one that came later is the other's
	// duplicate; whichever it is, the original and the second version are
	// one department's versions 1 and 2, the later superseding the earlier.
	seedEntry, copyEntry := all[byName["南昌市政务服务数据管理局 自评表.xlsx"]], all[byName["copy of seed.XLSX"]]
	original := seedEntry
	switch {
	case copyEntry.DuplicateOf == seedEntry.ID:
	case seedEntry.DuplicateOf == copyEntry.ID:
		original = copyEntry
	default:
		t.Fatalf("neither the seed nor its copy is the other's duplicate: %+v, %+v", seedEntry.Submission, copyEntry.Submission)
	}
	second := all[byName["南昌-第二版.xlsx"]]
	older, newer := original, second
	if older.ID > newer.ID {
		older, newer = newer, older
	}
	if older.SupersededBy != newer.ID || older.Version != 1 || newer.Version != 2 {
		t.Errorf("versions: older %+v, newer %+v", older.Submission, newer.Submission)
	}
	unreadable := all[byName["说明.xlsx"]]
	if unreadable.Check.Status != report.Unreadable || unreadable.Check.Annotated != "" || unreadable.Version != 0 {
		t.Errorf("the text file: %+v", unreadable)
	}
	if got := listDir(t, filepath.Join(root, "outbox", "returned")); len(got) != 1 || !strings.HasPrefix(got[0], "109901-") || !strings.HasSuffix(got[0], "-2022-v1.审核.xlsx") {
		t.Errorf("returned copies %v, want the returned example's", got)
	}
	if got := listDir(t, filepath.Join(root, "outbox", "accepted")); len(got) != 2 || got[0] != "101001-南昌市政务服务数据管理局-2022-v1.审核.xlsx" || got[1] != "101001-南昌市政务服务数据管理局-2022-v2.审核.xlsx" {
		t.Errorf("accepted copies %v, want the department's versions 1 and 2", got)
	}
	for _, e := range all {
		if e.Check.Result == "" {
			t.Errorf("%s has no result file", e.Receipt.Name)
		}
		if e.Check.Report.File != e.Receipt.Name && e.DuplicateOf == 0 {
			t.Errorf("report of %s names the file %q", e.Receipt.Name, e.Check.Report.File)
		}
	}
	var latest []string
	st, err := inbox.ReadStatus(context.Background(), root, inbox.StatusOptions{Latest: func(e ledger.Entry) error {
		if e.Check.Report == nil {
			return fmt.Errorf("%s comes without its report", e.Receipt.Name)
		}
		latest = append(latest, e.Receipt.Name)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Missing) != 0 || len(st.Waiting) != 0 || !st.HasPass || st.LastPass.Processed != 4 || len(latest) != 3 {
		t.Errorf("status = missing %v, waiting %v, last pass %+v, latest %q", st.Missing, st.Waiting, st.LastPass, latest)
	}
}

// TestPassLeftoverOfKilledRun: a file the ledger recorded but a killed run
// did not remove is removed by the next run, not recorded again; the same
// bytes dropped in anew are a duplicate.
func TestPassLeftoverOfKilledRun(t *testing.T) {
	root := t.TempDir()
	seed := sample(t, "nanchang-2022.xlsx")
	drop(t, root, "a.xlsx", seed)
	path := filepath.Join(root, "inbox", "a.xlsx")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	r := openRunner(t, root, opts(nil))
	if _, err := r.Pass(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	// As if the run had been killed before the removal.
	drop(t, root, "a.xlsx", seed)
	if err := os.Chtimes(path, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	pass, err := r.Pass(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	if pass.Processed != 0 || pass.Duplicates != 0 {
		t.Errorf("the leftover was counted: %+v", pass)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the leftover is still in the inbox (%v)", err)
	}
	// Sent again later: another receipt, recorded as a duplicate.
	drop(t, root, "a.xlsx", seed)
	if err := os.Chtimes(path, info.ModTime().Add(time.Hour), info.ModTime().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if pass, err := r.Pass(context.Background(), true); err != nil || pass.Duplicates != 1 {
		t.Errorf("the same bytes sent again: %+v, %v; want a duplicate", pass, err)
	}
}

// TestPassWaitsForCopy: a file still growing is left for a later pass.
func TestPassWaitsForCopy(t *testing.T) {
	root := t.TempDir()
	seed := sample(t, "nanchang-2022.xlsx")
	o := opts(nil)
	o.Settle = 300 * time.Millisecond
	r := openRunner(t, root, o)
	path := filepath.Join(root, "inbox", "slow.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for i := 0; i < len(seed) && ctx.Err() == nil; i += 1024 {
			f.Write(seed[i:min(i+1024, len(seed))])
			time.Sleep(15 * time.Millisecond)
		}
	}()
	pass, err := r.Pass(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	if pass.Processed != 0 || pass.Waiting != 1 {
		t.Fatalf("pass while copying = %+v, want the file waiting", pass)
	}
	cancel()
}

// TestPassBureauFailureRetried: a file that cannot be processed for a
// reason on the bureau's side (here the results folder is unusable) stays
// in the inbox, is counted as failed, not recorded, and is processed once
// the folder is back.
func TestPassBureauFailureRetried(t *testing.T) {
	root := t.TempDir()
	drop(t, root, "a.xlsx", sample(t, "nanchang-2022.xlsx"))
	r := openRunner(t, root, opts(nil))
	results := filepath.Join(root, "results")
	if err := os.Remove(results); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(results, []byte("not a folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	pass, err := r.Pass(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	if pass.Failed != 1 || pass.Processed != 0 {
		t.Fatalf("pass = %+v, want one failure", pass)
	}
	if c, _ := r.Ledger().Count(context.Background()); c.Submissions != 0 {
		t.Fatalf("the ledger recorded %d submissions after a failure of the bureau's side", c.Submissions)
	}
	if err := os.Remove(results); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(results, 0o755); err != nil {
		t.Fatal(err)
	}
	if pass, err := r.Pass(context.Background(), true); err != nil || pass.Processed != 1 {
		t.Errorf("retry = %+v, %v", pass, err)
	}
}

// TestOpenLockedAndCleans: a second runner on a root is refused; opening
// removes what a killed run left.
func TestOpenLockedAndCleans(t *testing.T) {
	root := t.TempDir()
	r := openRunner(t, root, opts(nil))
	if _, err := inbox.Open(context.Background(), root, opts(nil)); !errors.Is(err, inbox.ErrLocked) {
		t.Errorf("second Open = %v, want ErrLocked", err)
	}
	r.Close()
	f := inbox.FoldersOf(root)
	leftovers := []string{
		filepath.Join(f.Archive, ".abc.xlsx.tmp-123"),
		filepath.Join(f.Results, ".abc.json.tmp-9"),
		filepath.Join(f.Staging, "abc.审核.xlsx"),
		filepath.Join(f.Returned, ".x.审核.xlsx.tmp-77"),
		filepath.Join(f.Outbox, ".汇总-2022.xlsx.tmp-5"),
	}
	for _, p := range leftovers {
		if err := os.WriteFile(p, []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	keep := filepath.Join(f.Archive, "keep.xlsx")
	if err := os.WriteFile(keep, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	openRunner(t, root, opts(nil))
	for _, p := range leftovers {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s survived (%v)", p, err)
		}
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("a real file was removed: %v", err)
	}
	if matched, _ := filepath.Match(xlsx.TempPattern, ".abc.xlsx.tmp-123"); !matched {
		t.Error("TempPattern does not match the atomic writes' names")
	}
}

// TestRerun: a corrected rulebook checks the latest submissions again; the
// new check is recorded beside the old, and the annotated copy moves to the
// folder of its new status.
func TestRerun(t *testing.T) {
	root := t.TempDir()
	drop(t, root, "seed.xlsx", sample(t, "nanchang-2022.xlsx"))
	r := openRunner(t, root, opts(nil))
	if _, err := r.Pass(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	r.Close()
	strict := rulebook.DefaultRulebook()
	strict.Severity = map[finding.Code]finding.Severity{finding.TargetTooLow: finding.Error}
	strict.SHA256 = "strict"
	r = openRunner(t, root, opts(strict))
	checked, failed, err := r.Rerun(context.Background())
	if err != nil || checked != 1 || failed != 0 {
		t.Fatalf("Rerun = %d, %d, %v", checked, failed, err)
	}
	latest, err := r.Ledger().Latest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	checks, err := r.Ledger().Checks(context.Background(), latest[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(checks) != 2 || checks[0].Status != report.Accepted || checks[1].Status != report.Returned || checks[1].RulebookSHA256 != "strict" {
		t.Fatalf("checks = %+v", checks)
	}
	if got := listDir(t, filepath.Join(root, "outbox", "accepted")); len(got) != 0 {
		t.Errorf("accepted still holds %v", got)
	}
	if got := listDir(t, filepath.Join(root, "outbox", "returned")); len(got) != 1 {
		t.Errorf("returned holds %v, want the copy", got)
	}
	if f, err := excelize.OpenFile(filepath.Join(root, filepath.FromSlash(checks[1].Annotated))); err != nil {
		t.Errorf("the new annotated copy does not open: %v", err)
	} else {
		f.Close()
	}
}

// TestRerunAtOnce: the workers check several submissions again at once,
// each once, and the progress counts every one.
func TestRerunAtOnce(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{"seed.xlsx": "nanchang-2022.xlsx", "returned.xlsx": "example-returned-2022.xlsx",
		"tianchang.xlsx": filepath.Join("project", "tianchang-2022.xlsx"), "zhongjiang.xlsx": filepath.Join("project", "zhongjiang-2022.xlsx")}
	for name, from := range files {
		drop(t, root, name, sample(t, from))
	}
	r := openRunner(t, root, opts(nil))
	if _, err := r.Pass(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	r.Close()
	o := opts(nil)
	var progress []int
	o.Progress = func(done, total int) {
		if total != len(files) {
			t.Errorf("progress of %d, want %d", total, len(files))
		}
		progress = append(progress, done)
	}
	r = openRunner(t, root, o)
	checked, failed, err := r.Rerun(context.Background())
	if err != nil || checked != len(files) || failed != 0 {
		t.Fatalf("Rerun = %d, %d, %v", checked, failed, err)
	}
	if !slices.Equal(progress, []int{1, 2, 3, 4}) {
		t.Errorf("progress %v", progress)
	}
	latest, err := r.Ledger().Latest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range latest {
		checks, err := r.Ledger().Checks(context.Background(), e.ID)
		if err != nil || len(checks) != 2 {
			t.Errorf("%s has %d checks (%v), want 2", e.Receipt.Name, len(checks), err)
		}
	}
}

// TestChangedAfterPass: Options.Changed is called after a pass that changed
// the ledger, not after one that did not, unless the last refresh failed:
// then the next pass tries again.
func TestChangedAfterPass(t *testing.T) {
	root := t.TempDir()
	drop(t, root, "a.xlsx", sample(t, "nanchang-2022.xlsx"))
	o := opts(nil)
	calls := 0
	o.Changed = func(ctx context.Context, l *ledger.Ledger) error {
		calls++
		if calls == 1 {
			return errors.New("logged, not fatal")
		}
		return nil
	}
	r := openRunner(t, root, o)
	for range 4 {
		if _, err := r.Pass(context.Background(), true); err != nil {
			t.Fatal(err)
		}
	}
	if calls != 2 {
		t.Errorf("Changed called %d times, want twice: after the change, and once more after its failure", calls)
	}
}

// TestPassWritesDrafts: with Options.Draft, an accepted submission's draft
// report goes beside its annotated copy, from its report and contents; a
// returned one gets none, and a failing draft leaves the pass as it was.
func TestPassWritesDrafts(t *testing.T) {
	root := t.TempDir()
	drop(t, root, "seed.xlsx", sample(t, "nanchang-2022.xlsx"))
	drop(t, root, "returned.xlsx", sample(t, "example-returned-2022.xlsx"))
	o := opts(nil)
	var calls []string
	o.Draft = func(rep *report.Report, c *report.Contents, w io.Writer) error {
		if c == nil || c.Texts["narr_duties"] == "" {
			t.Errorf("draft of %s without the form's contents", rep.File)
		}
		calls = append(calls, rep.Department.Name)
		_, err := io.WriteString(w, "draft of "+rep.Department.Name)
		return err
	}
	o.Workers = 1
	r := openRunner(t, root, o)
	if _, err := r.Pass(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	accepted := listDir(t, filepath.Join(root, "outbox", "accepted"))
	want := []string{"101001-南昌市政务服务数据管理局-2022-v1.审核.xlsx", "101001-南昌市政务服务数据管理局-2022-v1.自评报告.docx"}
	if strings.Join(accepted, "|") != strings.Join(want, "|") {
		t.Errorf("accepted/ holds %v, want %v", accepted, want)
	}
	for _, name := range listDir(t, filepath.Join(root, "outbox", "returned")) {
		if strings.HasSuffix(name, ".docx") {
			t.Errorf("a returned form got a draft report: %s", name)
		}
	}
	if len(calls) != 1 {
		t.Errorf("Draft called for %v, want the accepted form only", calls)
	}
	if got, err := os.ReadFile(filepath.Join(root, "outbox", "accepted", want[1])); err != nil || string(got) != "draft of 南昌市政务服务数据管理局" {
		t.Errorf("the draft holds %q (%v)", got, err)
	}
	if left := listDir(t, filepath.Join(root, "outbox", ".staging")); len(left) != 0 {
		t.Errorf("staging holds %v after the pass", left)
	}

	// A draft that fails is logged; the submission is recorded as usual.
	root2 := t.TempDir()
	drop(t, root2, "seed.xlsx", sample(t, "nanchang-2022.xlsx"))
	o.Draft = func(_ *report.Report, _ *report.Contents, w io.Writer) error {
		io.WriteString(w, "half a draft")
		return errors.New("disk full")
	}
	r2 := openRunner(t, root2, o)
	pass, err := r2.Pass(context.Background(), true)
	if err != nil || pass.Processed != 1 {
		t.Fatalf("pass = %+v, %v; want the form processed", pass, err)
	}
	if got := listDir(t, filepath.Join(root2, "outbox", "accepted")); len(got) != 1 {
		t.Errorf("accepted/ holds %v, want the annotated copy alone", got)
	}
}

// TestPassRewritesLostArchive: the archive is written for its batch to make
// durable at once, so a crash can leave an archived original's name with
// nothing behind it; the next pass writes the original again rather than
// take the name for the bytes.
func TestPassRewritesLostArchive(t *testing.T) {
	seed := sample(t, "nanchang-2022.xlsx")
	first := t.TempDir()
	drop(t, first, "a.xlsx", seed)
	if _, err := openRunner(t, first, opts(nil)).Pass(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	names := listDir(t, filepath.Join(first, "archive"))
	if len(names) != 1 {
		t.Fatalf("archive holds %v; want one original", names)
	}

	root := t.TempDir()
	archived := filepath.Join(root, "archive", names[0])
	if err := os.MkdirAll(filepath.Dir(archived), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(archived, nil, 0o644); err != nil { // what the crash left
		t.Fatal(err)
	}
	drop(t, root, "a.xlsx", seed)
	pass, err := openRunner(t, root, opts(nil)).Pass(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	if pass.ByStatus[report.Accepted] != 1 {
		t.Errorf("pass %+v; want the seed accepted, checked from its true bytes", pass)
	}
	if got, err := os.ReadFile(archived); err != nil || !bytes.Equal(got, seed) {
		t.Errorf("archived original: %d bytes, %v; want the %d bytes sent", len(got), err, len(seed))
	}
}

// TestWatchRefreshesBeside: while watch refreshes what is built from the
// ledger (the summary, seconds for a province), a file dropped in is
// processed, not kept waiting for the refresh; the refresh is done again
// for it, and no refresh is left due at the end.
func TestWatchRefreshesBeside(t *testing.T) {
	root := t.TempDir()
	drop(t, root, "a.xlsx", sample(t, "nanchang-2022.xlsx"))
	o := opts(nil)
	entered, release := make(chan int, 8), make(chan struct{})
	calls := 0
	var seen []int // the submissions each refresh saw
	o.Changed = func(ctx context.Context, l *ledger.Ledger) error {
		calls++
		latest, err := l.Latest(ctx)
		if err != nil {
			return err
		}
		seen = append(seen, len(latest))
		entered <- calls
		if calls == 1 {
			<-release // a slow refresh
		}
		return nil
	}
	r := openRunner(t, root, o)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Watch(ctx, 100*time.Millisecond) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Watch: %v", err)
		}
	}()
	select {
	case <-entered:
	case <-time.After(30 * time.Second):
		t.Fatal("no refresh after the first file")
	}
	drop(t, root, "b.xlsx", sample(t, "example-returned-2022.xlsx"))
	b := filepath.Join(root, "inbox", "b.xlsx")
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(b); errors.Is(err, os.ErrNotExist) {
			break // processed and removed while the refresh still ran
		}
		if time.Now().After(deadline) {
			close(release)
			t.Fatal("the second file waited for the refresh")
		}
		time.Sleep(20 * time.Millisecond)
	}
	close(release)
	select {
	case n := <-entered:
		if n != 2 {
			t.Errorf("refresh %d after the slow one, want the second", n)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no refresh for the file recorded during the first")
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Watch: %v", err)
	}
	done <- nil // for the deferred check
	if calls != 2 || !slices.Equal(seen, []int{1, 2}) {
		t.Errorf("%d refreshes seeing %v submissions; want 2 seeing 1, then 2", calls, seen)
	}
	if _, err := os.Stat(filepath.Join(root, "outbox", ".refresh-due")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refresh is still marked due (%v)", err)
	}
}

// TestPassLeavesNoFilesOpen: the files a pass writes are held open until
// their batch is made durable; after the pass, whatever became of each
// file (accepted, returned, unreadable, a duplicate), none is left open.
func TestPassLeavesNoFilesOpen(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("no /proc/self/fd here")
	}
	openFiles := func() map[string]string {
		entries, err := os.ReadDir("/proc/self/fd")
		if err != nil {
			t.Fatal(err)
		}
		fds := map[string]string{}
		for _, e := range entries {
			target, _ := os.Readlink(filepath.Join("/proc/self/fd", e.Name()))
			fds[e.Name()] = target
		}
		return fds
	}
	root := t.TempDir()
	r := openRunner(t, root, opts(nil))
	before := openFiles()
	seed := sample(t, "nanchang-2022.xlsx")
	drop(t, root, "seed.xlsx", seed)
	drop(t, root, "again.xlsx", seed)
	drop(t, root, "returned.xlsx", sample(t, "example-returned-2022.xlsx"))
	drop(t, root, "text.xlsx", []byte("not a workbook"))
	pass, err := r.Pass(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	if pass.Processed != 3 || pass.Duplicates != 1 {
		t.Fatalf("pass %+v; want the seed, the returned and the unreadable file processed, and a duplicate", pass)
	}
	for fd, target := range openFiles() {
		if _, ok := before[fd]; !ok && strings.HasPrefix(target, root) && !strings.HasPrefix(target, filepath.Join(root, "perfeval.db")) {
			t.Errorf("left open after the pass: %s", target)
		}
	}
}

// TestDuplicateNotCheckedAgain: the same bytes sent again under another
// name are recorded as a duplicate without being checked again: no report
// or annotated copy is written for them, and the recorded submission's
// report, named by the bytes, still names its own file.
func TestDuplicateNotCheckedAgain(t *testing.T) {
	root := t.TempDir()
	seed := sample(t, "nanchang-2022.xlsx")
	drop(t, root, "原件.xlsx", seed)
	r := openRunner(t, root, opts(nil))
	if _, err := r.Pass(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	results := listDir(t, filepath.Join(root, "results"))
	accepted := listDir(t, filepath.Join(root, "outbox", "accepted"))
	report := func() string {
		data, err := os.ReadFile(filepath.Join(root, "results", results[0]))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	before := report()
	drop(t, root, "再交一次.xlsx", seed)
	pass, err := r.Pass(context.Background(), true)
	if err != nil || pass.Duplicates != 1 || pass.Processed != 0 {
		t.Fatalf("pass %+v, %v; want one duplicate", pass, err)
	}
	if got := listDir(t, filepath.Join(root, "results")); !slices.Equal(got, results) {
		t.Errorf("results %v after the duplicate, want %v", got, results)
	}
	if got := listDir(t, filepath.Join(root, "outbox", "accepted")); !slices.Equal(got, accepted) {
		t.Errorf("accepted copies %v after the duplicate, want %v", got, accepted)
	}
	if after := report(); after != before || !strings.Contains(after, "原件.xlsx") {
		t.Errorf("the recorded submission's report changed or names another file:\n%.300s", after)
	}
	if names := listDir(t, filepath.Join(root, "inbox")); len(names) != 0 {
		t.Errorf("inbox still holds %v", names)
	}
}

// TestWatchRefreshAfterCommit: a refresh that begins while a pass is still
// checking a file (marked due at the pass's start, the file recorded only
// after the refresh read the ledger) leaves a refresh due, which sees the
// file: no recorded file is left out of the summary.
func TestWatchRefreshAfterCommit(t *testing.T) {
	root := t.TempDir()
	drop(t, root, "a.xlsx", sample(t, "nanchang-2022.xlsx"))
	o := opts(nil)
	var mu sync.Mutex
	entered := make(chan int, 16)
	release1 := make(chan struct{})
	var seen []int // submissions each refresh saw
	o.Changed = func(ctx context.Context, l *ledger.Ledger) error {
		all, err := l.All(ctx)
		if err != nil {
			return err
		}
		mu.Lock()
		seen = append(seen, len(all))
		n := len(seen)
		mu.Unlock()
		entered <- n
		if n == 1 {
			<-release1
		}
		return nil
	}
	checking, checked := make(chan struct{}), make(chan struct{})
	drafts := 0
	o.Draft = func(rep *report.Report, c *report.Contents, w io.Writer) error {
		if drafts++; drafts == 2 {
			close(checking) // the second file is being checked
			<-checked
		}
		_, err := io.WriteString(w, "draft")
		return err
	}
	r := openRunner(t, root, o)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Watch(ctx, 100*time.Millisecond) }()
	<-entered // the first refresh runs
	drop(t, root, "b.xlsx", secondVersion(t))
	<-checking      // the pass marked a refresh due and checks b
	close(release1) // the first refresh ends; a second begins
	<-entered       // before b is recorded
	close(checked)
	deadline := time.After(30 * time.Second)
	for saw2 := false; !saw2; {
		select {
		case <-entered:
			mu.Lock()
			saw2 = seen[len(seen)-1] == 2
			mu.Unlock()
		case <-deadline:
			mu.Lock()
			saw := slices.Clone(seen)
			mu.Unlock()
			t.Fatalf("no refresh saw the second file; refreshes saw %v", saw)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestSamePassDuplicate: two files with the same bytes in one pass are one
// submission and its duplicate, and the submission's report, named by the
// bytes, names the submission's own file: the second waits for the first to
// be recorded instead of writing the same archive, report and copy at once.
func TestSamePassDuplicate(t *testing.T) {
	seed := sample(t, "nanchang-2022.xlsx")
	for i := range 4 {
		root := t.TempDir()
		drop(t, root, "甲.xlsx", seed)
		drop(t, root, "乙.xlsx", seed)
		r := openRunner(t, root, opts(nil))
		pass, err := r.Pass(context.Background(), true)
		if err != nil || pass.Processed != 1 || pass.Duplicates != 1 {
			t.Fatalf("run %d: pass %+v, %v; want one submission and its duplicate", i, pass, err)
		}
		all, err := r.Ledger().All(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range all {
			if e.DuplicateOf != 0 {
				continue
			}
			data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(e.Check.Result)))
			if err != nil {
				t.Fatal(err)
			}
			var rep report.Report
			if err := json.Unmarshal(data, &rep); err != nil {
				t.Fatal(err)
			}
			if rep.File != e.Receipt.Name {
				t.Errorf("run %d: the report of %s names %s", i, e.Receipt.Name, rep.File)
			}
		}
		if got := listDir(t, filepath.Join(root, "outbox", "accepted")); len(got) != 1 {
			t.Errorf("run %d: accepted copies %v, want one", i, got)
		}
	}
}
