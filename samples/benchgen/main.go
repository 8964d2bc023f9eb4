// Command benchgen measures perfeval at province scale: it writes N varied
// workbooks, measures the floors (inflating every part of every workbook;
// inflating and tokenizing every XML part) and then times perfeval check
// --json, run and summary over them, each several times, printing the
// median wall time, workbooks per second and peak RSS of each beside the
// floors, all measured in the same run (task bench-scale).
//
// The workbooks are made from the samples: the department forms
// nanchang-2022.xlsx (accepted) and example-returned-2022.xlsx (common
// mistakes), and the project forms samples/project/*.xlsx. Each sample is
// first varied with excelize into a few variants (figures changed: an
// indicator's actual value, the budget's execution, the declared total),
// with the department's name, code and the project's name as
// placeholders; each workbook is then a variant whose shared strings carry
// a name and code of its own, written by copying the other zip parts as
// they are, so 10,000 are made in seconds. About one in twenty-five is
// unreadable (a zip cut short, a text file named .xlsx).
//
// Run it from the repository root: go run ./samples/benchgen -n 1000
// -perfeval bin/perfeval. With -gen-only it only writes the workbooks.
package main

import (
	"archive/zip"
	"bytes"
	"context"
	_ "embed"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template"
)

// Placeholders written into the variants' shared strings, replaced per
// workbook.
const (
	phDept = "BENCHDEPTNAME"
	phCode = "BENCHDEPTCODE"
	phProj = "BENCHPROJNAME"
)

// bases are the samples the workbooks are made from, with their layouts.
var bases = []struct {
	path   string
	layout *template.Layout
}{
	{"samples/nanchang-2022.xlsx", template.Department},
	{"samples/example-returned-2022.xlsx", template.Department},
	{"samples/project/tianchang-2022.xlsx", template.Project},
	{"samples/project/zhongjiang-2022.xlsx", template.Project},
}

// variantsPerBase is how many variants of figures each sample gets.
const variantsPerBase = 4

func main() {
	n := flag.Int("n", 1000, "how many workbooks")
	dir := flag.String("dir", "", "where the workbooks and the runs go (default: a folder under the system's temporary folder)")
	bin := flag.String("perfeval", "bin/perfeval", "the perfeval binary to time")
	reps := flag.Int("reps", 3, "how many times each measurement is taken (the median is printed)")
	genOnly := flag.Bool("gen-only", false, "only write the workbooks")
	flag.Parse()
	if err := run(*n, *dir, *bin, *reps, *genOnly); err != nil {
		fmt.Fprintln(os.Stderr, "benchgen:", err)
		os.Exit(1)
	}
}

func run(n int, dir, bin string, reps int, genOnly bool) error {
	if n <= 0 || reps <= 0 {
		return errors.New("-n and -reps must be positive")
	}
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "perfeval-bench")
	}
	corpus := filepath.Join(dir, fmt.Sprintf("corpus-%d", n))
	start := time.Now()
	made, err := generate(corpus, n)
	if err != nil {
		return err
	}
	if made {
		fmt.Fprintf(os.Stderr, "wrote %d workbooks to %s in %s\n", n, corpus, time.Since(start).Round(time.Millisecond))
	}
	if genOnly {
		return nil
	}
	files, err := filepath.Glob(filepath.Join(corpus, "*.xlsx"))
	if err != nil {
		return err
	}
	bin, err = filepath.Abs(bin)
	if err != nil {
		return err
	}
	var rows []row
	zipFloor := measure(reps, func() (sample, error) { return floor(files, false) })
	rows = append(rows, row{"floor: open the zip and inflate every part", zipFloor})
	xmlFloor := measure(reps, func() (sample, error) { return floor(files, true) })
	rows = append(rows, row{"floor: inflate + tokenize every XML part", xmlFloor})
	check := measure(reps, func() (sample, error) {
		return timeCommand(bin, "", "check", "--json", filepath.Join(corpus, "*.xlsx"))
	})
	rows = append(rows, row{"perfeval check --json", check})
	// Each run gets a new root, and the roots are removed only after the
	// last measurement: ext4 looks past the inodes freed in the last half
	// minute when it makes a file, so a run begun just after the removal of
	// the previous run's thousands of files paid up to three times the
	// kernel time of one on a file system as a nightly job finds it.
	roots := filepath.Join(dir, fmt.Sprintf("roots-%d", n))
	if err := os.RemoveAll(roots); err != nil {
		return err
	}
	defer os.RemoveAll(roots)
	var root string
	rep := 0
	runs := measure(reps, func() (sample, error) {
		rep++
		root = filepath.Join(roots, strconv.Itoa(rep))
		if err := linkInbox(files, filepath.Join(root, "inbox")); err != nil {
			return sample{}, err
		}
		return timeCommand(bin, "", "run", "--root", root, "--settle", "1ms")
	})
	rows = append(rows, row{"perfeval run (check, annotate, archive, ledger, summary)", runs})
	summary := measure(reps, func() (sample, error) {
		return timeCommand(bin, "", "summary", "--root", root, "-o", filepath.Join(dir, "汇总.xlsx"))
	})
	rows = append(rows, row{"perfeval summary (from the run's ledger)", summary})
	if py, ok := openpyxl(); ok {
		script := filepath.Join(dir, "openpyxl_annotate.py")
		if err := os.WriteFile(script, openpyxlScript, 0o644); err != nil {
			return err
		}
		out := filepath.Join(dir, "openpyxl-out")
		rows = append(rows, row{"Python + openpyxl read + annotate + save, 1 process/core", measure(reps, func() (sample, error) {
			return timeCommand(py, "", script, corpus, out)
		})})
	} else {
		fmt.Fprintln(os.Stderr, "openpyxl not installed (apt-get install python3-openpyxl): its row is left out")
	}

	fmt.Printf("\n%d workbooks, %d cores (GOMAXPROCS %d), median of %d\n\n", n, runtime.NumCPU(), runtime.GOMAXPROCS(0), reps)
	fmt.Printf("| %-56s | %10s | %10s | %12s | %12s | %12s |\n", "", "wall", "per wb", "workbooks/s", "CPU per wb", "peak RSS")
	fmt.Printf("|%s|%s|%s|%s|%s|%s|\n", strings.Repeat("-", 58), strings.Repeat("-", 12), strings.Repeat("-", 12), strings.Repeat("-", 14), strings.Repeat("-", 14), strings.Repeat("-", 14))
	for _, r := range rows {
		if r.s.err != nil {
			fmt.Printf("| %-56s | failed: %v\n", r.name, r.s.err)
			continue
		}
		rss, cpu := "-", "-"
		if r.s.rss > 0 {
			rss = fmt.Sprintf("%d MB", r.s.rss>>20)
		}
		if r.s.cpu > 0 {
			cpu = fmt.Sprintf("%.2fms", float64(r.s.cpu.Microseconds())/1000/float64(n))
		}
		fmt.Printf("| %-56s | %9.2fs | %8.2fms | %12.0f | %12s | %12s |\n", r.name, r.s.wall.Seconds(),
			float64(r.s.wall.Microseconds())/1000/float64(n), float64(n)/r.s.wall.Seconds(), cpu, rss)
	}
	return nil
}

type row struct {
	name string
	s    sample
}

// sample is one measurement: the wall time and, for a command, its CPU
// time and peak resident set size in bytes. On a machine shared with other
// work the CPU time per workbook is the steadier figure.
type sample struct {
	wall time.Duration
	cpu  time.Duration // user + system, of a command
	rss  int64
	err  error
}

// measure takes reps samples and returns the median one (by wall time),
// with the largest peak RSS among them.
func measure(reps int, f func() (sample, error)) sample {
	var ss []sample
	for range reps {
		s, err := f()
		if err != nil {
			return sample{err: err}
		}
		ss = append(ss, s)
	}
	slices.SortFunc(ss, func(a, b sample) int { return int(a.wall - b.wall) })
	med := ss[len(ss)/2]
	for _, s := range ss {
		med.rss = max(med.rss, s.rss)
	}
	return med
}

// openpyxlScript reads, marks and saves each workbook with openpyxl: the
// baseline a Python script sets.
//
//go:embed openpyxl_annotate.py
var openpyxlScript []byte

// openpyxl returns the Python that has openpyxl, if there is one.
func openpyxl() (string, bool) {
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if err := exec.Command(py, "-c", "import openpyxl").Run(); err == nil {
			return py, true
		}
	}
	return "", false
}

// timeCommand runs perfeval with args and measures it. Exit code 1 (a
// workbook returned or unreadable) is the expected outcome.
func timeCommand(bin, dir string, args ...string) (sample, error) {
	cmd := exec.CommandContext(context.Background(), bin, args...)
	cmd.Dir = dir
	cmd.Stdout = io.Discard
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 1 {
		err = nil
	}
	if err != nil {
		tail := stderr.String()
		return sample{}, fmt.Errorf("%s %s: %v\n%s", filepath.Base(bin), args[0], err, tail[max(0, len(tail)-2000):])
	}
	ps := cmd.ProcessState
	return sample{wall: wall, cpu: ps.UserTime() + ps.SystemTime(), rss: peakRSS(ps)}, nil
}

// linkInbox fills an inbox with the workbooks, hard-linked where the
// system allows (run removes them from the inbox, never changes them).
func linkInbox(files []string, inbox string) error {
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		dst := filepath.Join(inbox, filepath.Base(f))
		if err := os.Link(f, dst); err == nil {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		info, err := os.Stat(f)
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return err
		}
		if err := os.Chtimes(dst, info.ModTime(), info.ModTime()); err != nil {
			return err
		}
	}
	return nil
}

// floor reads every workbook as the cheapest reader would, on one
// goroutine per core: inflating every part and, with tokenize, reading
// every XML part's tokens with encoding/xml.
func floor(files []string, tokenize bool) (sample, error) {
	start := time.Now()
	jobs := make(chan string)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for f := range jobs {
				if err := floorOne(f, tokenize); err != nil {
					mu.Lock()
					first = cmpErr(first, err)
					mu.Unlock()
				}
			}
		})
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	_ = first // an unreadable workbook is part of the corpus
	return sample{wall: time.Since(start)}, nil
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

func floorOne(path string, tokenize bool) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		if tokenize && (strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels")) {
			d := xml.NewDecoder(rc)
			for {
				if _, err := d.RawToken(); err != nil {
					break
				}
			}
		} else {
			_, _ = io.Copy(io.Discard, rc)
		}
		rc.Close()
	}
	return nil
}

// generate writes n workbooks to dir unless it holds them already; it
// reports whether it wrote them.
func generate(dir string, n int) (bool, error) {
	done := filepath.Join(dir, ".complete")
	if _, err := os.Stat(done); err == nil {
		return false, nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return false, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, err
	}
	var variants [][]byte
	var project []bool
	for _, b := range bases {
		for v := range variantsPerBase {
			data, err := variant(b.path, b.layout, v)
			if err != nil {
				return false, fmt.Errorf("%s: %w", b.path, err)
			}
			variants = append(variants, data)
			project = append(project, b.layout == template.Project)
		}
	}
	old := time.Now().Add(-24 * time.Hour)
	for i := range n {
		v := i % len(variants)
		name := filepath.Join(dir, fmt.Sprintf("%05d-%s.xlsx", i, kindName(project[v])))
		var data []byte
		switch i % 50 {
		case 17:
			data = []byte("部门名称,预算数\n示例局,100\n") // a text file named .xlsx
		case 41:
			data = variants[v][:len(variants[v])/2] // a copy cut short
		default:
			var err error
			if data, err = personalise(variants[v], i); err != nil {
				return false, err
			}
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return false, err
		}
		// Files an hour old: the inbox does not hold the unreadable ones
		// back as copies still in progress.
		if err := os.Chtimes(name, old, old); err != nil {
			return false, err
		}
	}
	return true, os.WriteFile(done, []byte(strconv.Itoa(n)), 0o644)
}

func kindName(project bool) string {
	if project {
		return "项目"
	}
	return "部门"
}

// variant writes a sample with its department's name and code (and
// project's name) as placeholders and, for v > 0, one figure changed.
func variant(path string, l *template.Layout, v int) ([]byte, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	form := template.Read(f, l)
	set := func(c template.Cell, value any) error {
		if c.Ref.Row == 0 || c.Ref.Col == 0 {
			return nil
		}
		return f.SetCellValue(c.Ref.Sheet, c.Ref.Cell(), value)
	}
	for key, ph := range map[string]string{"dept_name": phDept, "dept_code": phCode, "project_name": phProj} {
		if c, ok := form.Fields[key]; ok {
			if err := set(c, ph); err != nil {
				return nil, err
			}
		}
	}
	switch v {
	case 1:
		// Another indicator's actual value: the score and the findings
		// change with it.
		if len(form.Indicators) > 2 {
			in := form.Indicators[len(form.Indicators)/2]
			if err := set(in.Actual, in.Target.Raw); err != nil {
				return nil, err
			}
		}
	case 2:
		// The budget's execution 1% higher: its rate, and the sum of its
		// parts, no longer agree with it.
		for _, r := range form.Budget {
			if c, ok := r.Cells[template.BudgetColExecution]; ok && c.Raw != "" {
				if x, err := strconv.ParseFloat(c.Raw, 64); err == nil {
					if err := set(c, x*1.01); err != nil {
						return nil, err
					}
					break
				}
			}
		}
	case 3:
		// A declared total the score does not reach.
		if c, ok := form.Fields["declared_total"]; ok {
			if err := set(c, 99); err != nil {
				return nil, err
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// personalise gives a variant the department name and code of workbook i:
// its shared strings are written anew, every other part copied as it is.
func personalise(data []byte, i int) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	repl := strings.NewReplacer(
		phDept, fmt.Sprintf("基准测试第%05d号单位", i),
		phCode, fmt.Sprintf("9%05d", i),
		phProj, fmt.Sprintf("基准测试第%05d号项目", i),
	)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name != "xl/sharedStrings.xml" {
			if err := zw.Copy(f); err != nil {
				return nil, err
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		sst, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(w, repl.Replace(string(sst))); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
