package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/perfeval/perfeval/pipeline/inbox"
)

func TestParseShard(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want inbox.Shard
		err  string
	}{
		{"", inbox.Shard{}, ""},
		{"0/4", inbox.Shard{Index: 0, Count: 4}, ""},
		{" 3 / 4 ", inbox.Shard{Index: 3, Count: 4}, ""},
		{"0/1", inbox.Shard{Index: 0, Count: 1}, ""},
		{"4/4", inbox.Shard{}, "编号“4”应为 0 到 3 的整数（编号从 0 起"},
		{"-1/4", inbox.Shard{}, "编号“-1”应为 0 到 3"},
		{"1/0", inbox.Shard{}, "片数“0”应为 1 到 10000 的整数"},
		{"1/x", inbox.Shard{}, "片数“x”应为"},
		{"a/4", inbox.Shard{}, "编号“a”应为"},
		{"2", inbox.Shard{}, "应写成“第几片/共几片”"},
		{"auto/4", inbox.Shard{}, "编号“auto”应为"},
		{"$(JOB_COMPLETION_INDEX)/4", inbox.Shard{}, "中的变量没有被替换；在 Kubernetes 中，只有 completionMode: Indexed 的 Job"},
		{"${JOB_COMPLETION_INDEX}/4", inbox.Shard{}, "变量没有被替换"},
	} {
		got, err := parseShard(tt.in)
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("parseShard(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("parseShard(%q) error %v, want one containing %q", tt.in, err, tt.err)
		}
	}
}

// TestShardUsage: --shard and --inbox mistakes stop run and watch with a
// Chinese message and exit code 2, before any file is taken; PERFEVAL_SHARD
// is read like --shard.
func TestShardUsage(t *testing.T) {
	root := t.TempDir()
	shared := filepath.Join(t.TempDir(), "inbox")
	for _, tt := range []struct {
		args []string
		env  string
		want string
	}{
		{[]string{"run", "--root", root, "--inbox", shared, "--shard", "4/4"}, "", "编号“4”应为 0 到 3 的整数"},
		{[]string{"watch", "--root", root, "--inbox", shared, "--shard", "1/"}, "", "片数“”应为 1 到 10000 的整数"},
		{[]string{"run", "--root", root, "--shard", "1/4"}, "", "--shard 1/4 要与 --inbox 一起使用"},
		{[]string{"run", "--root", root, "--inbox", shared}, "9/4", "--shard 的值“9/4”中的编号“9”应为 0 到 3"},
		{[]string{"run", "--root", root, "--inbox", shared, "--shard", "$(JOB_COMPLETION_INDEX)/4"}, "", "变量没有被替换"},
		{[]string{"run", "--root", root, "--inbox", root, "--shard", "0/2"}, "", "是工作目录本身，或是 perfeval 写入的文件夹"},
		{[]string{"run", "--root", root, "--inbox", filepath.Join(root, "results")}, "", "是工作目录本身，或是 perfeval 写入的文件夹"},
	} {
		t.Setenv("PERFEVAL_SHARD", tt.env)
		code, stdout, stderr := perfeval(t, tt.args...)
		if code != exitFailure || stdout != "" || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v (PERFEVAL_SHARD=%q): exit %d, stdout %q, stderr %q; want 2 and %q", tt.args, tt.env, code, stdout, stderr, tt.want)
		}
	}
}

// TestStatusSharedInbox: status with run's --inbox and --shard lists as
// waiting the files of the shared inbox that this root's shard takes, by
// their path, and not the other shards'; without them it reads the root's
// own inbox/.
func TestStatusSharedInbox(t *testing.T) {
	root := t.TempDir()
	shared := filepath.Join(t.TempDir(), "inbox")
	if err := os.MkdirAll(shared, 0o755); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := perfeval(t, "run", "--root", root, "--inbox", shared, "--shard", "0/2"); code != exitOK {
		t.Fatalf("run on an empty inbox: exit %d, %s", code, stderr)
	}
	var mine, theirs []string
	for i := 0; len(mine) < 2 || len(theirs) < 2; i++ {
		name := fmt.Sprintf("部门%d.xlsx", i)
		if inbox.ShardOf(name, 2) == 0 {
			mine = append(mine, name)
		} else {
			theirs = append(theirs, name)
		}
		// Not zips: the runner would take them, as unreadable, only once
		// settled; status only lists them.
		if err := os.WriteFile(filepath.Join(shared, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := perfeval(t, "status", "--root", root, "--inbox", shared, "--shard", "0/2", "--json")
	if code != exitOK {
		t.Fatalf("status: exit %d, %s", code, stderr)
	}
	var st struct {
		Waiting []string `json:"waiting"`
	}
	if err := json.Unmarshal([]byte(stdout), &st); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, name := range mine {
		want = append(want, filepath.Join(shared, name))
	}
	slices.Sort(want)
	slices.Sort(st.Waiting)
	if !slices.Equal(st.Waiting, want) {
		t.Errorf("waiting %v, want this shard's %v (not %v)", st.Waiting, want, theirs)
	}
	code, stdout, _ = perfeval(t, "status", "--root", root, "--json")
	if err := json.Unmarshal([]byte(stdout), &st); code != exitOK || err != nil || len(st.Waiting) != 0 {
		t.Errorf("status of the root's own inbox: exit %d, waiting %v (%v); want none", code, st.Waiting, err)
	}
}
