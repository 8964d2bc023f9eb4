//go:build unix

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/perfeval/perfeval/pipeline/inbox"
	"github.com/perfeval/perfeval/pipeline/ledger"
)

// benchCorpus writes n varied workbooks with samples/benchgen (department
// and project forms, accepted and returned, a department of its own each,
// some unreadable) and returns them under varied names.
func benchCorpus(t *testing.T, n int) []dropped {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("go", "run", "./samples/benchgen", "-gen-only", "-n", fmt.Sprint(n), "-dir", dir)
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("benchgen: %v\n%s", err, out)
	}
	paths, err := filepath.Glob(filepath.Join(dir, fmt.Sprintf("corpus-%d", n), "*.xlsx"))
	if err != nil || len(paths) != n {
		t.Fatalf("benchgen wrote %d files (%v)", len(paths), err)
	}
	sort.Strings(paths)
	styles := []string{"%s.xlsx", "%s 自评表（终稿）.xlsx", "财政局'$(touch x)' %s.XLSX", "-rf %s --root.xlsx", "%s　全角空格.xlsx"}
	var out []dropped
	for i, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		base := strings.TrimSuffix(filepath.Base(p), ".xlsx")
		out = append(out, dropped{fmt.Sprintf(styles[i%len(styles)], base), data})
	}
	return out
}

// TestRunShards: four perfeval run processes, each with a root of its
// own, share one inbox of forty varied workbooks at the same time (shard 3
// told by PERFEVAL_SHARD): each file is recorded by exactly one of them,
// the one of its name's shard; every original is archived byte for byte
// exactly once across the roots; the shared inbox ends empty; and the
// summary of the four merged (summary --results, and --root given four
// times) has the figures of the summary of one process over the same
// files.
func TestRunShards(t *testing.T) {
	const n = 4
	bin := binary(t)
	files := benchCorpus(t, 40)

	single := t.TempDir()
	dropAll(t, single, files)
	if out, err := exec.Command(bin, "run", "--root", single, "--settle", "10ms").CombinedOutput(); processExit(err) != exitOK && processExit(err) != exitReturned {
		t.Fatalf("single run: %v\n%s", err, out)
	}

	shared := filepath.Join(t.TempDir(), "共享")
	dropAll(t, shared, files) // into shared/inbox
	inboxDir := filepath.Join(shared, "inbox")
	roots := make([]string, n)
	cmds := make([]*exec.Cmd, n)
	outs := make([]*bytes.Buffer, n)
	for i := range n {
		roots[i] = filepath.Join(t.TempDir(), fmt.Sprintf("机器%d", i))
		args := []string{"run", "--root", roots[i], "--inbox", inboxDir, "--settle", "10ms"}
		cmds[i] = exec.CommandContext(context.Background(), bin, args...)
		cmds[i].Env = os.Environ()
		if i == n-1 {
			cmds[i].Env = append(cmds[i].Env, fmt.Sprintf("PERFEVAL_SHARD=%d/%d", i, n))
		} else {
			cmds[i].Args = append(cmds[i].Args, "--shard", fmt.Sprintf("%d/%d", i, n))
		}
		outs[i] = &bytes.Buffer{}
		cmds[i].Stdout, cmds[i].Stderr = outs[i], outs[i]
	}
	start := time.Now()
	for i, c := range cmds {
		if err := c.Start(); err != nil {
			t.Fatalf("shard %d: %v", i, err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); processExit(err) != exitOK && processExit(err) != exitReturned {
			t.Errorf("shard %d: %v\n%s", i, err, outs[i])
		}
		if !strings.Contains(outs[i].String(), fmt.Sprintf("分片 %d/%d：已处理", i, n)) {
			t.Errorf("shard %d says %q", i, outs[i])
		}
	}
	t.Logf("4 shards over %d files in %s", len(files), time.Since(start).Round(time.Millisecond))
	if left, _ := os.ReadDir(inboxDir); len(left) != 0 {
		t.Errorf("the shared inbox ends with %d files", len(left))
	}

	// Exactly once: by ledger and by archive.
	recorded := map[string][]int{}
	for i, root := range roots {
		l, err := ledger.Open(context.Background(), inbox.FoldersOf(root).Ledger)
		if err != nil {
			t.Fatal(err)
		}
		all, err := l.All(context.Background())
		l.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range all {
			recorded[e.Receipt.Name] = append(recorded[e.Receipt.Name], i)
		}
	}
	perShard := make([]int, n)
	for _, f := range files {
		want := inbox.ShardOf(f.name, n)
		perShard[want]++
		if got := recorded[f.name]; len(got) != 1 || got[0] != want {
			t.Errorf("%q recorded by shards %v, want only %d", f.name, got, want)
		}
		var copies []string
		for _, root := range roots {
			m, _ := filepath.Glob(filepath.Join(root, "archive", f.sum()+".*"))
			copies = append(copies, m...)
		}
		if len(copies) != 1 {
			t.Errorf("%q archived %d times", f.name, len(copies))
			continue
		}
		if data, err := os.ReadFile(copies[0]); err != nil || !bytes.Equal(data, f.data) {
			t.Errorf("%q: archive copy %s differs (%v)", f.name, copies[0], err)
		}
	}
	if len(recorded) != len(files) {
		t.Errorf("%d names recorded across the shards, want %d", len(recorded), len(files))
	}
	t.Logf("files by shard: %v", perShard)

	// The merged summary is the single process's.
	summaryJSON := func(args ...string) map[string]any {
		t.Helper()
		out := filepath.Join(t.TempDir(), "汇总.xlsx")
		code, stdout, stderr := perfeval(t, append([]string{"summary", "--json", "-o", out}, args...)...)
		if code != exitOK {
			t.Fatalf("summary %v: exit %d: %s", args, code, stderr)
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(stdout), &v); err != nil {
			t.Fatal(err)
		}
		v["汇总"] = summaryRows(t, out)
		return v
	}
	results := []string{}
	rootArgs := []string{}
	for _, r := range roots {
		results = append(results, "--results", filepath.Join(r, "results"))
		rootArgs = append(rootArgs, "--root", r)
	}
	want := figures(summaryJSON("--results", single))
	if got := figures(summaryJSON(results...)); !reflect.DeepEqual(got, want) {
		t.Errorf("summary --results of the shards differs from the single run's:\n%s", jsonDiff(got, want))
	}
	wantLedger := figures(summaryJSON("--root", single))
	if got := figures(summaryJSON(rootArgs...)); !reflect.DeepEqual(got, wantLedger) {
		t.Errorf("summary --root of the shards differs from the single run's:\n%s", jsonDiff(got, wantLedger))
	}
	if d := wantLedger["departments"]; d == nil || len(d.([]any)) < 10 {
		t.Errorf("the summary has only %v departments", d)
	}
	t.Logf("summary: %v", want["counts"])
}

// figures is a summary's JSON without what says when and where it was
// made: build time, sources, receipt times, the annotated copies' paths.
func figures(v map[string]any) map[string]any {
	var strip func(x any) any
	strip = func(x any) any {
		switch x := x.(type) {
		case map[string]any:
			for _, k := range []string{"built_at", "sources", "received_at", "annotated", "perfeval_version"} {
				delete(x, k)
			}
			for k, e := range x {
				x[k] = strip(e)
			}
		case []any:
			for i, e := range x {
				x[i] = strip(e)
			}
		}
		return x
	}
	return strip(v).(map[string]any)
}

// jsonDiff shows the top-level keys where got and want differ.
func jsonDiff(got, want map[string]any) string {
	var b strings.Builder
	for k, w := range want {
		if g := got[k]; !reflect.DeepEqual(g, w) {
			gj, _ := json.Marshal(g)
			wj, _ := json.Marshal(w)
			fmt.Fprintf(&b, "%s:\n got  %.600s\n want %.600s\n", k, gj, wj)
		}
	}
	return b.String()
}

// processExit is a finished command's exit code.
func processExit(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// TestWatchShards: two watch processes share an inbox (shard 0/2 and 1/2,
// each with a root of its own); files dropped while they run are each
// processed by the watcher of their shard alone, the inbox empties, and
// both stop cleanly on SIGTERM, each having said which shard it watches.
func TestWatchShards(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program for several seconds")
	}
	bin := binary(t)
	shared := t.TempDir()
	inboxDir := filepath.Join(shared, "inbox")
	if err := os.MkdirAll(inboxDir, 0o755); err != nil {
		t.Fatal(err)
	}
	roots := []string{t.TempDir(), t.TempDir()}
	cmds := make([]*exec.Cmd, 2)
	outs := make([]*bytes.Buffer, 2)
	for i := range cmds {
		cmds[i] = exec.Command(bin, "watch", "--root", roots[i], "--inbox", inboxDir, "--shard", fmt.Sprintf("%d/2", i), "--settle", "200ms", "--poll", "1s")
		cmds[i].Env = append(os.Environ(), "PERFEVAL_LOG_LEVEL=error")
		outs[i] = &bytes.Buffer{}
		cmds[i].Stdout = outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
		defer cmds[i].Process.Kill()
	}
	files := mixedInbox(t)
	dropAll(t, shared, files)
	want := map[string]bool{}
	for _, f := range files {
		want[f.name] = true
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		left, err := os.ReadDir(inboxDir)
		if err == nil && len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d files left in the shared inbox after 60 s", len(left))
		}
		time.Sleep(100 * time.Millisecond)
	}
	for i, c := range cmds {
		if err := c.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if err := c.Wait(); err != nil {
			t.Errorf("watch %d/2 exited with %v", i, err)
		}
		if s := outs[i].String(); !strings.Contains(s, fmt.Sprintf("中属于分片 %d/2 的文件", i)) || !strings.Contains(s, "已停止") {
			t.Errorf("watch %d/2 said %q", i, s)
		}
		l, err := ledger.Open(context.Background(), inbox.FoldersOf(roots[i]).Ledger)
		if err != nil {
			t.Fatal(err)
		}
		all, err := l.All(context.Background())
		l.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range all {
			if inbox.ShardOf(e.Receipt.Name, 2) != i || !want[e.Receipt.Name] {
				t.Errorf("watch %d/2 recorded %q", i, e.Receipt.Name)
			}
			delete(want, e.Receipt.Name)
		}
	}
	if len(want) > 0 {
		t.Errorf("not recorded by any shard: %v", want)
	}
}
