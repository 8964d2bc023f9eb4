package inbox_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/perfeval/perfeval/pipeline/inbox"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
)

// TestShardOf: a name's shard is the first 16 hex digits of the SHA-256 of
// its NFC form modulo n, as the README tells a person to compute it; a
// name written decomposed (as a Mac does) falls in the same shard; the
// shards of many names are near even.
func TestShardOf(t *testing.T) {
	names := []string{"a.xlsx", "南昌市政务服务数据管理局 自评表.xlsx", "00017-部门.xlsx", "-rf --root.xlsx", "Café.xlsx", ""}
	for _, name := range names {
		for _, n := range []int{1, 2, 3, 4, 7, 100} {
			s := sha256.Sum256([]byte(norm.NFC.String(name)))
			v, err := strconv.ParseUint(hex.EncodeToString(s[:])[:16], 16, 64)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := inbox.ShardOf(name, n), int(v%uint64(n)); got != want {
				t.Errorf("ShardOf(%q, %d) = %d, want %d", name, n, got, want)
			}
		}
	}
	// Fixed values (from Python's hashlib): a change of the hash would
	// split one inbox wrongly between machines running two versions of
	// perfeval.
	for _, tt := range []struct {
		name  string
		four  int
		seven int
	}{{"a.xlsx", 2, 4}, {"南昌市政务服务数据管理局 自评表.xlsx", 0, 4}, {"00017-部门.xlsx", 1, 4}} {
		if a, b := inbox.ShardOf(tt.name, 4), inbox.ShardOf(tt.name, 7); a != tt.four || b != tt.seven {
			t.Errorf("%q: shards %d/4 and %d/7, want %d and %d", tt.name, a, b, tt.four, tt.seven)
		}
	}
	if nfc, nfd := norm.NFC.String("Café 自评表.xlsx"), norm.NFD.String("Café 自评表.xlsx"); nfc == nfd || inbox.ShardOf(nfc, 97) != inbox.ShardOf(nfd, 97) {
		t.Errorf("NFC and NFD forms of one name fall in shards %d and %d", inbox.ShardOf(nfc, 97), inbox.ShardOf(nfd, 97))
	}
	counts := make([]int, 4)
	for i := range 4000 {
		counts[inbox.ShardOf(fmt.Sprintf("%05d-部门.xlsx", i), 4)]++
	}
	for i, c := range counts {
		if c < 850 || c > 1150 {
			t.Errorf("shard %d of 4 has %d of 4000 names: %v", i, c, counts)
		}
	}
}

func TestShardValid(t *testing.T) {
	for _, tt := range []struct {
		s     inbox.Shard
		valid bool
		whole bool
	}{
		{inbox.Shard{}, true, true},
		{inbox.Shard{Index: 0, Count: 1}, true, true},
		{inbox.Shard{Index: 3, Count: 4}, true, false},
		{inbox.Shard{Index: 4, Count: 4}, false, false},
		{inbox.Shard{Index: -1, Count: 4}, false, false},
		{inbox.Shard{Index: 1, Count: 0}, false, true},
	} {
		if tt.s.Valid() != tt.valid || tt.s.Whole() != tt.whole {
			t.Errorf("%+v: Valid %v Whole %v, want %v %v", tt.s, tt.s.Valid(), tt.s.Whole(), tt.valid, tt.whole)
		}
	}
	if _, err := inbox.Open(context.Background(), t.TempDir(), func() inbox.Options { o := opts(nil); o.Shard = inbox.Shard{Index: 4, Count: 4}; return o }()); err == nil {
		t.Error("Open took shard 4/4")
	}
}

// TestInboxIsOutput: an inbox that is the root or one of the folders
// perfeval writes is refused before anything is taken from it; another
// folder, inside the root or not, is the inbox.
func TestInboxIsOutput(t *testing.T) {
	root := t.TempDir()
	for _, bad := range []string{root, root + string(filepath.Separator), filepath.Join(root, "archive"), filepath.Join(root, "results", "x"), filepath.Join(root, "outbox", "accepted"), filepath.Join(root, "outbox")} {
		o := opts(nil)
		o.Inbox = bad
		r, err := inbox.Open(context.Background(), root, o)
		if !errors.Is(err, inbox.ErrInboxIsOutput) {
			t.Errorf("inbox %s: %v, want ErrInboxIsOutput", bad, err)
		}
		if r != nil {
			r.Close()
		}
	}
	for _, good := range []string{filepath.Join(root, "共享收件箱"), filepath.Join(t.TempDir(), "inbox")} {
		o := opts(nil)
		o.Inbox = good
		r := openRunner(t, root, o)
		if got := r.Folders().Inbox; got != good {
			t.Errorf("inbox %s, want %s", got, good)
		}
		if info, err := os.Stat(good); err != nil || !info.IsDir() {
			t.Errorf("inbox %s not made: %v", good, err)
		}
		r.Close()
	}
}

// shardCorpus is about forty files of distinct bytes under varied names:
// the samples (department and project forms, accepted and returned), the
// small workbooks of the bad-file corpus (unreadable, encrypted, macros,
// odd layouts), and copies of the samples with bytes of their own.
func shardCorpus(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	seen := map[string]bool{}
	add := func(name string, data []byte) {
		s := sha256.Sum256(data)
		if !seen[string(s[:])] {
			seen[string(s[:])] = true
			files[name] = data
		}
	}
	bases := []string{"nanchang-2022.xlsx", "example-returned-2022.xlsx", filepath.Join("project", "tianchang-2022.xlsx"), filepath.Join("project", "zhongjiang-2022.xlsx")}
	for i, b := range bases {
		data := sample(t, b)
		add(fmt.Sprintf("样例 %d %s", i, filepath.Base(b)), data)
		for k := range 4 {
			// A zip's comment length closes its last record: a comment,
			// other bytes, the same workbook.
			c := fmt.Sprintf("copy %d", k)
			v := append(append([]byte(nil), data[:len(data)-2]...), byte(len(c)), 0)
			add(fmt.Sprintf("第%d份（%d）自评表 %c.xlsx", k+1, i, 'A'+rune(i)), append(v, c...))
		}
	}
	bad, err := filepath.Glob(filepath.Join(pipelinetest.Samples, "bad", "*.xls*"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(bad)
	for _, p := range bad {
		if len(files) >= 40 {
			break
		}
		if info, err := os.Stat(p); err != nil || info.Size() > 40<<10 {
			continue // the big ones only slow the test
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		add("坏文件 "+filepath.Base(p), data)
	}
	return files
}

// TestShardsShareInbox: four runners, each with a root of its own, take
// one shared inbox of about forty files at the same time: each file is
// recorded by exactly one runner, the one of its name's shard; every
// original is archived byte for byte exactly once across the roots; the
// inbox ends empty; and a runner never removes a file of another shard.
func TestShardsShareInbox(t *testing.T) {
	const n = 4
	shared := filepath.Join(t.TempDir(), "共享", "inbox")
	if err := os.MkdirAll(shared, 0o755); err != nil {
		t.Fatal(err)
	}
	files := shardCorpus(t)
	if len(files) < 36 {
		t.Fatalf("only %d files", len(files))
	}
	old := time.Now().Add(-time.Hour) // copied in before the run: none waits
	perShard := make([]int, n)
	for name, data := range files {
		p := filepath.Join(shared, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
		perShard[inbox.ShardOf(name, n)]++
	}
	t.Logf("%d files, by shard %v", len(files), perShard)
	// A runner of shard 0 alone leaves every other shard's file.
	var others []string
	for name := range files {
		if inbox.ShardOf(name, n) != 0 {
			others = append(others, name)
		}
	}
	roots := make([]string, n)
	for i := range roots {
		roots[i] = t.TempDir()
	}
	{
		o := opts(nil)
		o.Inbox, o.Shard = shared, inbox.Shard{Index: 0, Count: n}
		r := openRunner(t, roots[0], o)
		pass, err := r.Pass(context.Background(), true)
		if err != nil {
			t.Fatal(err)
		}
		r.Close()
		left := listDir(t, shared)
		sort.Strings(others)
		if strings.Join(left, "\n") != strings.Join(others, "\n") {
			t.Fatalf("after shard 0 alone the inbox holds %d files, want the %d of the other shards", len(left), len(others))
		}
		if pass.Processed+pass.Duplicates != len(files)-len(others) || pass.Waiting != 0 {
			t.Errorf("shard 0: %+v, want %d files and none waiting", pass, len(files)-len(others))
		}
	}
	// Then all four at once (shard 0 again: nothing left for it).
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := opts(nil)
			o.Inbox, o.Shard = shared, inbox.Shard{Index: i, Count: n}
			r, err := inbox.Open(context.Background(), roots[i], o)
			if err != nil {
				errs[i] = err
				return
			}
			defer r.Close()
			if _, err := r.Pass(context.Background(), true); err != nil {
				errs[i] = err
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("shard %d: %v", i, err)
		}
	}
	if left := listDir(t, shared); len(left) != 0 {
		t.Errorf("shared inbox ends with %v", left)
	}
	recordedBy := map[string][]int{}
	archived := map[string][]int{}
	for i, root := range roots {
		r := openRunner(t, root, opts(nil))
		all, err := r.Ledger().All(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		r.Close()
		for _, e := range all {
			recordedBy[e.Receipt.Name] = append(recordedBy[e.Receipt.Name], i)
		}
		for _, name := range listDir(t, filepath.Join(root, "archive")) {
			archived[name] = append(archived[name], i)
		}
	}
	for name, data := range files {
		by := recordedBy[name]
		if len(by) != 1 || by[0] != inbox.ShardOf(name, n) {
			t.Errorf("%s recorded by shards %v, want only %d", name, by, inbox.ShardOf(name, n))
			continue
		}
		// The archive's name is the SHA-256 and a plain extension.
		var in []int
		for a, roots := range archived {
			if strings.HasPrefix(a, sum(data)+".") {
				in = append(in, roots...)
			}
		}
		if len(in) != 1 || in[0] != by[0] {
			t.Errorf("%s archived in roots %v, want only %d", name, in, by[0])
			continue
		}
		got, err := os.ReadFile(filepath.Join(roots[by[0]], "archive", archiveOf(t, roots[by[0]], sum(data))))
		if err != nil || sum(got) != sum(data) {
			t.Errorf("%s: archive copy differs (%v)", name, err)
		}
	}
	if len(recordedBy) != len(files) {
		t.Errorf("%d names recorded, want %d", len(recordedBy), len(files))
	}
	total := 0
	for _, roots := range archived {
		total += len(roots)
	}
	if total != len(files) {
		t.Errorf("%d archive copies across the roots, want %d", total, len(files))
	}
}

// archiveOf returns the archive file name of the content sum in root.
func archiveOf(t *testing.T, root, sum string) string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(root, "archive", sum+".*"))
	if err != nil || len(m) != 1 {
		t.Fatalf("archive of %s in %s: %v %v", sum, root, m, err)
	}
	return filepath.Base(m[0])
}
