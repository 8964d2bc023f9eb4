//go:build unix

package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline/inbox"
	"github.com/perfeval/perfeval/pipeline/ledger"
	"github.com/perfeval/perfeval/template/xlsx"
)

// The tests of run and watch drive the real program in a process of its
// own, so that it can be killed.
var (
	binaryOnce sync.Once
	binaryPath string
	binaryErr  error
)

// TestMain removes the program the tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if binaryPath != "" {
		os.RemoveAll(filepath.Dir(binaryPath))
	}
	os.Exit(code)
}

// binary builds perfeval once for the tests of this package.
func binary(t *testing.T) string {
	t.Helper()
	binaryOnce.Do(func() {
		dir, err := os.MkdirTemp("", "perfeval-bin-")
		if err != nil {
			binaryErr = err
			return
		}
		binaryPath = filepath.Join(dir, "perfeval")
		out, err := exec.Command("go", "build", "-o", binaryPath, ".").CombinedOutput()
		if err != nil {
			binaryErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binaryErr != nil {
		t.Fatal(binaryErr)
	}
	return binaryPath
}

// dropped is a file put into the inbox, as it was put.
type dropped struct {
	name string
	data []byte
}

func (d dropped) sum() string {
	s := sha256.Sum256(d.data)
	return hex.EncodeToString(s[:])
}

// variant writes a copy of a sample with cells changed, for a form that
// differs from the sample in its bytes.
func variant(t *testing.T, sample string, cells map[string]any) []byte {
	t.Helper()
	f, err := excelize.OpenFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for ref, v := range cells {
		sheet, cell, _ := strings.Cut(ref, "!")
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// mixedInbox is good, returned, unreadable, duplicate and superseding files
// under Chinese, spaced and shell-hostile names.
func mixedInbox(t *testing.T) []dropped {
	t.Helper()
	seedData, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	returned, err := os.ReadFile("../../samples/example-returned-2022.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	return []dropped{
		{"南昌市政务服务数据管理局 2022 自评表.xlsx", seedData},
		{"示例区 退回.xlsx", returned},
		{"copy of seed.XLSX", seedData},
		{"南昌-第二版（更正）.xlsx", variant(t, seed, map[string]any{"基本信息!B10": 94.44})},
		{"南昌-第三版.xlsx", variant(t, seed, map[string]any{"基本信息!B10": 94.4})},
		{"财政局'$(touch pwned);`id`.xlsx", variant(t, seed, map[string]any{"基本信息!B2": "101002", "基本信息!B1": "南昌市财政局"})},
		{"line\nbreak & spaces .xlsx", variant(t, "../../samples/example-returned-2022.xlsx", map[string]any{"基本信息!B2": "109902"})},
		{"说明.xlsx", []byte("这不是工作簿\n")},
		{"-rf --root.xlsx", []byte{}},
		{"半截.xlsx", seedData[:len(seedData)/3]},
	}
}

// dropAll writes files into root's inbox, modified an hour ago: copied in
// long before the run, as a nightly job finds them (and as copies that
// keep their modification time look).
func dropAll(t *testing.T, root string, files []dropped) {
	t.Helper()
	dir := filepath.Join(root, "inbox")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, f.data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
}

// accounted checks that every dropped file is in the ledger exactly once,
// its original in the archive byte for byte, the inbox empty and no
// temporary file left anywhere.
func accounted(t *testing.T, root string, files []dropped) {
	t.Helper()
	if names, _ := os.ReadDir(filepath.Join(root, "inbox")); len(names) != 0 {
		t.Errorf("inbox still holds %d files", len(names))
	}
	l, err := ledger.Open(context.Background(), filepath.Join(root, "perfeval.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	all, err := l.All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(files) {
		t.Errorf("ledger holds %d submissions, %d files were dropped", len(all), len(files))
	}
	count := map[string]int{}
	for _, e := range all {
		count[e.Receipt.Name+"\x00"+e.Receipt.SHA256]++
	}
	for _, f := range files {
		if n := count[f.name+"\x00"+f.sum()]; n != 1 {
			t.Errorf("%q is in the ledger %d times", f.name, n)
		}
		archived, err := os.ReadFile(filepath.Join(root, "archive", f.sum()+".xlsx"))
		if err != nil || !bytes.Equal(archived, f.data) {
			t.Errorf("%q: the archived original differs or is missing (%v)", f.name, err)
		}
	}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ok, _ := filepath.Match(xlsx.TempPattern, d.Name()); ok {
			t.Errorf("temporary file left: %s", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if staged, _ := os.ReadDir(inbox.FoldersOf(root).Staging); len(staged) != 0 {
		t.Errorf("%d copies left in the staging folder", len(staged))
	}
	st, err := inbox.ReadStatus(context.Background(), root, inbox.StatusOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Missing) != 0 {
		t.Errorf("status: files the ledger names are missing: %v", st.Missing)
	}
}

// TestRunKilledAnywhere kills `perfeval run` with SIGKILL at many moments of
// a run over a mixed inbox and runs it again until it finishes: every file
// is then accounted for exactly once and every original archived byte for
// byte.
func TestRunKilledAnywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the program many times")
	}
	bin := binary(t)
	files := mixedInbox(t)
	for round := range 3 {
		t.Run(fmt.Sprint("round ", round), func(t *testing.T) {
			root := t.TempDir()
			dropAll(t, root, files)
			rng := rand.New(rand.NewPCG(uint64(round), 7))
			kills := 0
			for attempt := 0; ; attempt++ {
				if attempt > 200 {
					t.Fatalf("no run finished after %d kills", kills)
				}
				cmd := exec.Command(bin, "run", "--root", root, "--settle", "20ms", "--workers", "2", "--timeout", "5m")
				cmd.Env = append(os.Environ(), "PERFEVAL_LOG_LEVEL=error")
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				done := make(chan error, 1)
				go func() { done <- cmd.Wait() }()
				// Early kills land in the start-up and the first files;
				// later ones in the ledger steps and the removals.
				delay := time.Duration(rng.IntN(40+attempt*25)) * time.Millisecond
				select {
				case err := <-done:
					var ee *exec.ExitError
					if err != nil && (!errors.As(err, &ee) || ee.ExitCode() != exitReturned) {
						t.Fatalf("run: %v\n%s", err, stderr.String())
					}
					t.Logf("finished after %d kills", kills)
					// A last run cleans what the kills left and finds the
					// inbox empty.
					out, err := exec.Command(bin, "run", "--root", root, "--settle", "20ms", "--timeout", "5m").CombinedOutput()
					if err != nil && !strings.Contains(string(out), "已处理 0 个文件") {
						t.Fatalf("final run: %v\n%s", err, out)
					}
					accounted(t, root, files)
					// The summary is there and current, even when a kill
					// cut a refresh short.
					if _, err := os.Stat(filepath.Join(root, "outbox", ".refresh-due")); !errors.Is(err, fs.ErrNotExist) {
						t.Errorf("a summary refresh is still due after the final run (%v)", err)
					}
					if f, err := excelize.OpenFile(filepath.Join(root, "outbox", "汇总-2022.xlsx")); err != nil {
						t.Errorf("no summary after the runs: %v", err)
					} else {
						f.Close()
					}
					return
				case <-time.After(delay):
					cmd.Process.Signal(syscall.SIGKILL)
					<-done
					kills++
				}
			}
		})
	}
}

// TestWatch drops files into a watched inbox while perfeval works, one of
// them copied in slowly, byte block by byte block, and stops it with
// SIGTERM: every file is processed within seconds of being complete, and
// the program stops cleanly.
func TestWatch(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program for several seconds")
	}
	bin := binary(t)
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "inbox"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "watch", "--root", root, "--settle", "300ms", "--poll", "1s", "--timeout", "5m")
	cmd.Env = append(os.Environ(), "PERFEVAL_LOG_LEVEL=error")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	files := mixedInbox(t)[:4]
	slow := files[1]
	start := time.Now()
	// A file saved at once, another copied in slowly, two more after.
	dropAll(t, root, files[:1])
	slowPath := filepath.Join(root, "inbox", slow.name)
	f, err := os.Create(slowPath)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(slow.data); i += 2048 {
		if _, err := f.Write(slow.data[i:min(i+2048, len(slow.data))]); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	f.Close()
	copied := time.Now()
	dropAll(t, root, files[2:])
	deadline := time.Now().Add(30 * time.Second)
	for {
		if st, err := inbox.ReadStatus(context.Background(), root, inbox.StatusOptions{}); err == nil && st.Counts.Submissions == len(files) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("watch did not process the files within 30 s\nstdout: %s\nstderr: %s", stdout.String(), stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("slow copy took %s; all processed %s after it ended", copied.Sub(start).Round(time.Millisecond), time.Since(copied).Round(time.Millisecond))
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("watch exited with %v\n%s", err, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("watch did not stop within 10 s of SIGTERM")
	}
	if !strings.Contains(stdout.String(), "已停止") {
		t.Errorf("watch did not say it stopped: %q", stdout.String())
	}
	accounted(t, root, files)
}

// TestRunManyFiles runs over 500 mixed files: distinct departments' forms,
// returned ones, unreadable files and duplicates; every one is accounted
// for and status agrees with the folders.
func TestRunManyFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("processes 500 workbooks")
	}
	bin := binary(t)
	root := t.TempDir()
	seedFile, err := excelize.OpenFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	defer seedFile.Close()
	var files []dropped
	for i := range 500 {
		name := fmt.Sprintf("部门%03d 自评表.xlsx", i)
		switch {
		case i%25 == 0:
			files = append(files, dropped{name, []byte(fmt.Sprintf("不是工作簿 %d", i))})
		case i%10 == 0 && i > 0:
			files = append(files, dropped{name, files[i-1].data}) // the same bytes as the one before
		default:
			if err := seedFile.SetCellValue("基本信息", "B2", fmt.Sprintf("2%05d", i)); err != nil {
				t.Fatal(err)
			}
			if err := seedFile.SetCellValue("基本信息", "B10", 90+i%5); err != nil { // some declared totals are wrong
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if _, err := seedFile.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			files = append(files, dropped{name, buf.Bytes()})
		}
	}
	dropAll(t, root, files)
	out, err := exec.Command(bin, "run", "--root", root, "--settle", "20ms", "--timeout", "5m").CombinedOutput()
	var ee *exec.ExitError
	if err != nil && (!errors.As(err, &ee) || ee.ExitCode() != exitReturned) {
		t.Fatalf("run: %v\n%s", err, out)
	}
	accounted(t, root, files)
	code, stdout, _ := perfeval(t, "status", "--root", root)
	if code != exitOK || !strings.Contains(stdout, "共收到 500 个文件") {
		t.Errorf("status: exit %d\n%s", code, stdout)
	}
}

// TestCheckInterruptedKeepsReportsAndCopiesInStep interrupts `perfeval
// check --annotate` with SIGINT or SIGTERM at many moments: every annotated
// copy then in the folder has its report printed, and no temporary file is
// left.
func TestCheckInterruptedKeepsReportsAndCopiesInStep(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program many times")
	}
	bin := binary(t)
	in := t.TempDir()
	var inputs []string
	for i, f := range mixedInbox(t)[:7] {
		p := filepath.Join(in, fmt.Sprintf("表%d.xlsx", i))
		if err := os.WriteFile(p, f.data, 0o644); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, p)
	}
	rng := rand.New(rand.NewPCG(3, 5))
	for attempt := range 12 {
		out := filepath.Join(t.TempDir(), "批注")
		cmd := exec.Command(bin, append([]string{"check", "--annotate", out}, inputs...)...)
		cmd.Env = append(os.Environ(), "PERFEVAL_LOG_LEVEL=error")
		var stdout bytes.Buffer
		cmd.Stdout = &stdout
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.IntN(60+attempt*40)) * time.Millisecond)
		sig := os.Interrupt
		if attempt%2 == 1 {
			sig = syscall.SIGTERM
		}
		cmd.Process.Signal(sig)
		cmd.Wait()
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			if ok, _ := filepath.Match(xlsx.TempPattern, e.Name()); ok {
				t.Errorf("attempt %d: temporary file %s left", attempt, e.Name())
				continue
			}
			if !strings.Contains(stdout.String(), "批注版："+filepath.Join(out, e.Name())) {
				t.Errorf("attempt %d: the copy %s has no report line:\n%s", attempt, e.Name(), stdout.String())
			}
		}
	}
}
