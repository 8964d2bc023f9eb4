package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/urfave/cli/v2"
	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

const seed = "../../samples/nanchang-2022.xlsx"

// perfeval runs the command line in-process and returns its exit code and
// output.
func perfeval(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"perfeval"}, args...), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// openWorkbook opens a workbook written by a command, as check reads one:
// through xlsx.Open.
func openWorkbook(t *testing.T, path string) *excelize.File {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := xlsx.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func writeFile(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCheckJSON(t *testing.T) {
	code, out, errOut := perfeval(t, "check", "--json", seed)
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 {
		t.Fatalf("got %d lines, want one JSON object per file", len(lines))
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rep); err != nil {
		t.Fatal(err)
	}
	// Decimals travel as strings, never as JSON numbers.
	for key, want := range map[string]string{"total": "94.44", "indicator_total": "87.44", "reported_total": "94", "declared_total": "94", "grade": "优", "status": "accepted"} {
		if rep[key] != want {
			t.Errorf("%s = %#v, want %q", key, rep[key], want)
		}
	}
	budget := rep["budget"].(map[string]any)
	if budget["score"] != "7" {
		t.Errorf("budget.score = %#v, want \"7\"", budget["score"])
	}
	if len(rep["indicators"].([]any)) != 44 {
		t.Errorf("got %d indicators, want 44", len(rep["indicators"].([]any)))
	}
}

func TestCheckText(t *testing.T) {
	code, out, _ := perfeval(t, "check", seed)
	if code != exitOK {
		t.Fatalf("exit %d, want 0", code)
	}
	for _, want := range []string{"南昌市政务服务数据管理局", "复核总分：94.44", "等级 优", "结论：通过", "交易中心开标"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestCheckReturnedAndUnreadable(t *testing.T) {
	dir := t.TempDir()
	text := writeFile(t, filepath.Join(dir, "notes.xlsx"), []byte("这是一个文本文件\n"))
	empty := writeFile(t, filepath.Join(dir, "empty.xlsx"), nil)
	data, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	truncated := writeFile(t, filepath.Join(dir, "truncated.xlsx"), data[:len(data)/2])
	xls := writeFile(t, filepath.Join(dir, "old.xlsx"), append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...))
	missing := filepath.Join(dir, "missing.xlsx")

	code, out, _ := perfeval(t, "check", "--json", seed, text, empty, truncated, xls, missing, dir)
	if code != exitReturned {
		t.Errorf("exit %d, want 1", code)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	var statuses []string
	for sc.Scan() {
		var rep struct {
			Status   string
			Findings []struct{ Code, Message string }
		}
		if err := json.Unmarshal(sc.Bytes(), &rep); err != nil {
			t.Fatal(err)
		}
		statuses = append(statuses, rep.Status)
		if rep.Status == "unreadable" && (len(rep.Findings) != 1 || rep.Findings[0].Code != "not_xlsx" || rep.Findings[0].Message == "") {
			t.Errorf("unreadable report without a reason: %+v", rep)
		}
	}
	want := []string{"accepted", "unreadable", "unreadable", "unreadable", "unreadable", "unreadable", "unreadable"}
	if strings.Join(statuses, ",") != strings.Join(want, ",") {
		t.Errorf("statuses %v, want %v", statuses, want)
	}
}

func TestCheckAnnotate(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := perfeval(t, "check", "--annotate", dir, seed)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	path := pipeline.AnnotatedPath(dir, seed)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("annotated copy: %v", err)
	}
	if !strings.Contains(out, path) {
		t.Errorf("output does not say where the annotated copy went:\n%s", out)
	}
}

// TestCheckAnnotateSameNames: departments send the file back under the name
// it went out with; two of them in one run get two annotated copies.
func TestCheckAnnotateSameNames(t *testing.T) {
	seedData, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	in, out := t.TempDir(), t.TempDir()
	var files []string
	for _, d := range []string{"甲", "乙"} {
		if err := os.Mkdir(filepath.Join(in, d), 0o755); err != nil {
			t.Fatal(err)
		}
		files = append(files, writeFile(t, filepath.Join(in, d, "自评表.xlsx"), seedData))
	}
	code, stdout, errOut := perfeval(t, append([]string{"check", "--json", "--annotate", out}, files...)...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var rep struct{ Annotated string }
		if err := json.Unmarshal([]byte(line), &rep); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(rep.Annotated); err != nil || seen[rep.Annotated] {
			t.Errorf("annotated %q: %v, seen before %v", rep.Annotated, err, seen[rep.Annotated])
		}
		seen[rep.Annotated] = true
	}
	if len(seen) != 2 {
		t.Errorf("%d annotated copies, want 2", len(seen))
	}
}

// TestCheckAnnotateBesideReturned: a department's returned x.审核.xlsx,
// checked beside x.xlsx with the copies written into the same folder, is
// read as it came and never written over.
func TestCheckAnnotateBesideReturned(t *testing.T) {
	seedData, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	returned := []byte("returned: not a workbook")
	files := []string{writeFile(t, filepath.Join(dir, "x.xlsx"), seedData), writeFile(t, filepath.Join(dir, "x.审核.xlsx"), returned)}
	code, stdout, errOut := perfeval(t, append([]string{"check", "--json", "--annotate", dir}, files...)...)
	if code != exitReturned {
		t.Fatalf("exit %d, want %d: %s", code, exitReturned, errOut)
	}
	var annotated []string
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var rep struct{ Status, Annotated string }
		if err := json.Unmarshal([]byte(line), &rep); err != nil {
			t.Fatal(err)
		}
		annotated = append(annotated, rep.Annotated)
	}
	if want := []string{filepath.Join(dir, "x(2).审核.xlsx"), ""}; !slices.Equal(annotated, want) {
		t.Errorf("annotated copies %q, want %q", annotated, want)
	}
	for path, want := range map[string][]byte{files[0]: seedData, files[1]: returned} {
		if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s changed (err %v)", path, err)
		}
	}
}

// TestCheckAnnotateFails: a copy that cannot be written still leaves the
// file's report, and the exit code says something went wrong.
func TestCheckAnnotateFails(t *testing.T) {
	out := t.TempDir()
	// A folder where the copy should go: it cannot be replaced by a file.
	if err := os.Mkdir(pipeline.AnnotatedPath(out, seed), 0o755); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := perfeval(t, "check", "--json", "--annotate", out, seed)
	if code != exitFailure {
		t.Errorf("exit %d, want 2", code)
	}
	var rep struct {
		Status    string
		Annotated string
		Total     string
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(stdout)), &rep); err != nil {
		t.Fatalf("no report for the file: %v\n%s", err, stdout)
	}
	if rep.Status != "accepted" || rep.Total != "94.44" || rep.Annotated != "" {
		t.Errorf("report %+v, want accepted, 94.44, no annotated copy", rep)
	}
}

// TestCheckInterrupted: once interrupted, check stops instead of logging a
// failure for every file left.
func TestCheckInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	files := []string{"check", seed, seed, seed, seed}
	code := run(ctx, append([]string{"perfeval"}, files...), &stdout, &stderr)
	if code != exitFailure || stdout.Len() != 0 {
		t.Errorf("exit %d, stdout %q; want 2 and no reports", code, stdout.String())
	}
	if n := strings.Count(stderr.String(), "\n"); n > 2 {
		t.Errorf("%d lines on stderr, want the interruption said once:\n%s", n, stderr.String())
	}
}

func TestUsageErrors(t *testing.T) {
	tests := [][]string{
		{"check"},
		{"--log-level", "loud", "codes"},
		{"template", "--year", "2022"},
		{"template", "--year", "22", "-o", "x.xlsx"},
		{"check", "--rules", "does-not-exist.yaml", seed},
		{"check", "--bogus", seed},
		{"template", "--year", "abc", "-o", "x.xlsx"},
		{"template", "--year", "2022", "-o", "x.txt"},
		{"no-such-command"},
	}
	for _, args := range tests {
		code, out, errOut := perfeval(t, args...)
		if code != exitFailure {
			t.Errorf("perfeval %v: exit %d, want 2", args, code)
		}
		// Usage errors go to stderr, in Chinese; stdout stays clean for
		// reports and JSON.
		if out != "" || !strings.ContainsFunc(errOut, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
			t.Errorf("perfeval %v: stdout %q, stderr %q; want nothing on stdout and a Chinese message", args, out, errOut)
		}
	}
}

// TestEnvErrors: a bad PERFEVAL_* variable is named in Chinese, with what
// it should hold, and no Go parser English.
func TestEnvErrors(t *testing.T) {
	tests := []struct {
		env, value string
		args       []string
		want       string
	}{
		{"PERFEVAL_JSON", "yes", []string{"check", seed}, "环境变量 PERFEVAL_JSON 的值“yes”无效（对应选项 --json），应填写“true”或“false”"},
		{"PERFEVAL_YEAR", "abc", []string{"template", "-o", "x.xlsx"}, "环境变量 PERFEVAL_YEAR 的值“abc”无效（对应选项 --year），应填写整数"},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			t.Setenv(tt.env, tt.value)
			code, _, errOut := perfeval(t, tt.args...)
			if code != exitFailure || !strings.Contains(errOut, tt.want) || strings.Contains(errOut, "strconv") {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tt.want)
			}
		})
	}
}

func TestTemplateCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "t.xlsx")
	if code, _, errOut := perfeval(t, "template", "--year", "2023", "-o", out); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	f := openWorkbook(t, out)
	form := template.Read(f, template.Department)
	if len(form.Issues) != 0 {
		t.Errorf("blank template reads with issues: %+v", form.Issues)
	}
	if form.Meta["year"] != "2023" {
		t.Errorf("_meta year = %q, want 2023", form.Meta["year"])
	}
}

// TestTemplateCommandRules: a template made with --rules carries that
// rulebook: its id in _meta, its 二级指标 in the dropdown list and its
// scoring rules on the 填报说明 sheet.
func TestTemplateCommandRules(t *testing.T) {
	dir := t.TempDir()
	rules := writeFile(t, filepath.Join(dir, "local.yaml"), []byte(`id: local-2024
name: 本地规则
levels:
  产出指标: {weight: 50, children: [数量指标, 质量指标, 时效指标, 成本指标]}
  效益指标: {weight: 30, children: [社会效益指标]}
  满意度指标: {weight: 10, children: [服务对象满意度指标]}
indicators: {method: proportional}
`))
	out := filepath.Join(dir, "t.xlsx")
	if code, _, errOut := perfeval(t, "template", "--year", "2024", "--rules", rules, "-o", out); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	f := openWorkbook(t, out)
	form := template.Read(f, template.Department)
	if form.Meta["rulebook_id"] != "local-2024" {
		t.Errorf("_meta rulebook_id = %q, want local-2024", form.Meta["rulebook_id"])
	}
	text := func(sheet string) string {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t") + "\n")
		}
		return b.String()
	}
	if lists := text(template.Department.ListSheet); !strings.Contains(lists, "服务对象满意度指标") || strings.Contains(lists, "生态效益指标") {
		t.Errorf("list sheet does not hold the rulebook's levels:\n%s", lists)
	}
	if guide := text(template.Department.GuideSheet); !strings.Contains(guide, "产出指标 50 分") || !strings.Contains(guide, "得分 = 分值 × 完成率") {
		t.Errorf("guide does not explain the rulebook:\n%s", guide)
	}
	// A bad rulebook writes nothing.
	bad := writeFile(t, filepath.Join(dir, "bad.yaml"), []byte("id: x\nname: 坏\nindicators: {method: lineer}\n"))
	out2 := filepath.Join(dir, "t2.xlsx")
	if code, _, errOut := perfeval(t, "template", "--year", "2024", "--rules", bad, "-o", out2); code != exitFailure || !strings.Contains(errOut, "bad.yaml:3") {
		t.Errorf("bad rulebook: exit %d, stderr %q; want 2 naming bad.yaml:3", code, errOut)
	}
	if _, err := os.Stat(out2); err == nil {
		t.Errorf("a bad rulebook still wrote %s", out2)
	}
}

func TestRulesCommand(t *testing.T) {
	code, out, _ := perfeval(t, "rules")
	if code != exitOK || !strings.Contains(out, "nanchang-2022") || !strings.Contains(out, "linear") {
		t.Fatalf("rules: exit %d, output:\n%s", code, out)
	}
	dir := t.TempDir()
	good := writeFile(t, filepath.Join(dir, "good.yaml"), []byte("id: test-2023\nname: 测试规则\nindicators:\n  method: proportional\n"))
	code, out, errOut := perfeval(t, "rules", "--rules", good)
	if code != exitOK || !strings.Contains(out, "proportional") || !strings.Contains(out, "test-2023") {
		t.Errorf("rules --rules good: exit %d\n%s%s", code, out, errOut)
	}
	bad := writeFile(t, filepath.Join(dir, "bad.yaml"), []byte("id: test-2023\nname: 测试规则\nindicators:\n  method: lineer\n"))
	code, _, errOut = perfeval(t, "rules", "--rules", bad)
	if code != exitFailure || !strings.Contains(errOut, "bad.yaml:4:") || !strings.Contains(errOut, "lineer") {
		t.Errorf("rules --rules bad: exit %d, stderr %q; want exit 2 naming bad.yaml:4", code, errOut)
	}
	// The environment variable works like the flag.
	t.Setenv("PERFEVAL_RULES", bad)
	if code, _, _ := perfeval(t, "check", seed); code != exitFailure {
		t.Errorf("check with PERFEVAL_RULES=bad: exit %d, want 2", code)
	}
}

func TestRulesCells(t *testing.T) {
	code, out, _ := perfeval(t, "rules", "--cells")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"资金情况.年度资金总额.预算数", "决算收支.本年支出合计", "复核.总分"} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("rules --cells lacks %s:\n%s", want, out)
		}
	}
}

func TestCodesCommand(t *testing.T) {
	code, out, _ := perfeval(t, "codes")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, c := range finding.Catalogue {
		if !strings.Contains(out, string(c.Code)) || !strings.Contains(out, c.Doc) {
			t.Errorf("codes output lacks %s", c.Code)
		}
	}
	// The explanations start in the same terminal column on every line,
	// though the titles before them are Chinese.
	lines := strings.Split(strings.TrimSpace(out), "\n")
	start := func(line, doc string) int { return displayWidth(line[:strings.Index(line, doc)]) }
	want := start(lines[0], "说明")
	for i, c := range finding.Catalogue {
		if got := start(lines[i+1], c.Doc); got != want {
			t.Errorf("%s: explanation starts at column %d, header at %d", c.Code, got, want)
		}
	}
}

func TestDemoCommand(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := perfeval(t, "demo", "--dir", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, p := range []string{"模板-2022.xlsx", "reports.jsonl", "annotated/nanchang-2022.审核.xlsx", "annotated/nanchang-2022.自评报告.docx", "名单.csv", "汇总-2022.xlsx"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("demo did not write %s: %v", p, err)
		}
	}
	if !strings.Contains(out, "94.44") {
		t.Errorf("demo output lacks the seed's total:\n%s", out)
	}
	// The way to the web page: run over the same root, then serve.
	if !strings.Contains(out, "perfeval run --root "+dir+" --roster "+filepath.Join(dir, "名单.csv")) || !strings.Contains(out, "perfeval serve --root "+dir) {
		t.Errorf("demo output does not say how to see the round on the web page:\n%s", out)
	}
}

// TestReadmeListsCodes: the README's Chinese code table is the output of
// `perfeval codes`, row for row, so neither can drift from the catalogue.
func TestReadmeListsCodes(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range finding.Catalogue {
		row := "| `" + string(c.Code) + "` | " + c.Title + " | " + c.Severity.String() + " | " + c.Doc + " |"
		if !strings.Contains(string(readme), row+"\n") {
			t.Errorf("README lacks the row %s", row)
		}
	}
}

// TestHelpInChinese: every help screen is Chinese, urfave/cli's own
// headings and phrases included, and its columns line up on a terminal.
func TestHelpInChinese(t *testing.T) {
	screens := [][]string{{"--help"}, {"help"}, {"help", "help"}}
	for _, c := range newApp(nil, nil).Commands {
		screens = append(screens, []string{c.Name, "--help"}, []string{"help", c.Name})
	}
	english := []string{"NAME:", "USAGE:", "COMMANDS:", "OPTIONS:", "DESCRIPTION:", "show help", "Shows a list", "default:", "[command options]", "[$"}
	for _, args := range screens {
		code, out, errOut := perfeval(t, args...)
		if code != exitOK || out == "" {
			t.Errorf("perfeval %v: exit %d, %d bytes; stderr %s", args, code, len(out), errOut)
			continue
		}
		for _, e := range english {
			if strings.Contains(out, e) {
				t.Errorf("perfeval %v shows %q:\n%s", args, e, out)
			}
		}
		// Within each block of option or command lines, the explanations
		// start in one terminal column.
		col := -1
		for _, line := range strings.Split(out, "\n") {
			i := strings.Index(line, "  ")
			if !strings.HasPrefix(line, "   ") || i < 0 {
				col = -1
				continue
			}
			rest := strings.TrimLeft(line[3:], " ")
			first := strings.SplitN(rest, "  ", 2)[0]
			at := strings.Index(line, first) + len(first)
			at += len(line[at:]) - len(strings.TrimLeft(line[at:], " "))
			w := displayWidth(line[:at])
			if col >= 0 && w != col && strings.Contains(rest, "  ") {
				t.Errorf("perfeval %v: line %q starts its explanation at column %d, the line above at %d", args, line, w, col)
			}
			if strings.Contains(rest, "  ") {
				col = w
			}
		}
	}
	if code, _, errOut := perfeval(t, "help", "nope"); code != exitFailure || !strings.Contains(errOut, "没有“nope”这个命令") {
		t.Errorf("help nope: exit %d, stderr %q", code, errOut)
	}
}

// TestCheckSameFileTwice: a file named twice (a.xlsx and a pattern that
// matches it) is checked once: one report.
func TestCheckSameFileTwice(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	a := writeFile(t, filepath.Join(dir, "a.xlsx"), data)
	code, stdout, errOut := perfeval(t, "check", "--json", a, filepath.Join(dir, ".", "a.xlsx"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if n := strings.Count(strings.TrimSpace(stdout), "\n") + 1; n != 1 {
		t.Errorf("%d reports, want 1:\n%s", n, stdout)
	}
}

// TestHelpLeavesCliGlobals: the Chinese help is set on the app, not by
// rewriting urfave/cli's package variables.
func TestHelpLeavesCliGlobals(t *testing.T) {
	newApp(io.Discard, io.Discard)
	if f, ok := cli.HelpFlag.(*cli.BoolFlag); !ok || f.Usage != "show help" {
		t.Errorf("cli.HelpFlag = %#v, want urfave/cli's own", cli.HelpFlag)
	}
	if strings.Contains(cli.AppHelpTemplate, "用法") || strings.Contains(cli.CommandHelpTemplate, "用法") {
		t.Error("urfave/cli's help templates were replaced")
	}
}

// TestTaskfileFuzzesEveryTarget: `task fuzz` runs every fuzz target of the
// module, in the package that holds it.
func TestTaskfileFuzzesEveryTarget(t *testing.T) {
	taskfile, err := os.ReadFile("../../Taskfile.yml")
	if err != nil {
		t.Fatal(err)
	}
	fuzz := regexp.MustCompile(`(?m)^func (Fuzz\w+)\(`)
	found := 0
	err = filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != "../.." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		pkg := "./" + filepath.ToSlash(strings.TrimPrefix(filepath.Dir(path), "../../"))
		for _, m := range fuzz.FindAllSubmatch(src, -1) {
			found++
			want := "-fuzz=^" + string(m[1]) + "$ -fuzztime={{.FUZZTIME}} -fuzzminimizetime=5s " + pkg + "\n"
			if !strings.Contains(string(taskfile), want) {
				t.Errorf("Taskfile.yml's fuzz task lacks %s in %s", m[1], pkg)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Fatal("no fuzz targets found: the search is broken")
	}
}

// TestHelpAsOptionValue: -h or --help where an option takes its value is
// that value, not a request for help: the command runs.
func TestHelpAsOptionValue(t *testing.T) {
	abs, err := filepath.Abs(seed)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	code, out, _ := perfeval(t, "check", "--annotate", "-h", abs)
	if code != exitOK || !strings.Contains(out, "结论：通过") {
		t.Errorf("check --annotate -h: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "-h", "nanchang-2022.审核.xlsx")); err != nil {
		t.Errorf("no annotated copy in the folder -h: %v", err)
	}
	if code, _, errOut := perfeval(t, "--log-level", "--help", "codes"); code != exitFailure || !strings.Contains(errOut, "--log-level") {
		t.Errorf("--log-level --help: exit %d, stderr %q; want the bad level refused", code, errOut)
	}
	for _, args := range [][]string{{"help", "--help"}, {"help", "-h"}, {"h", "--help"}} {
		code, out, _ := perfeval(t, args...)
		if code != exitOK || !strings.Contains(out, "全局选项") {
			t.Errorf("perfeval %v: exit %d, want the main help screen:\n%s", args, code, out)
		}
	}
}

// TestCheckSkipsAnnotatedCopies: check --annotate into the folder of its
// inputs, run again over *.xlsx, checks the forms and skips its own copies
// with a note: no copy of a copy, so the folder does not double on every
// run. (Each run still adds one copy per form beside the last, which is
// never overwritten: it may be a department's corrected one.) --marked
// checks a copy too.
func TestCheckSkipsAnnotatedCopies(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "a.xlsx"), data)
	pattern := filepath.Join(dir, "*.xlsx")
	for run := range 3 {
		code, out, _ := perfeval(t, "check", "--annotate", dir, pattern)
		if code != exitOK {
			t.Fatalf("run %d: exit %d\n%s", run, code, out)
		}
		if run > 0 && !strings.Contains(out, "跳过：这是 perfeval 写出的批注版") {
			t.Errorf("run %d does not say it skipped the copy:\n%s", run, out)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"a(2).审核.xlsx", "a(3).审核.xlsx", "a.xlsx", "a.审核.xlsx"}) {
		t.Errorf("after three runs the folder holds %v, want the form and one copy per run, no copy of a copy", names)
	}
	code, out, _ := perfeval(t, "check", "--marked", filepath.Join(dir, "a.审核.xlsx"))
	if code != exitOK || !strings.Contains(out, "结论：通过") {
		t.Errorf("check --marked of the copy: exit %d\n%s", code, out)
	}
}

// TestCheckRemovesStaleTemps: a temporary file a killed check left in the
// folder of annotated copies is removed by the next check; a fresh one,
// which may be a save in progress, is not.
func TestCheckRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	stale := writeFile(t, filepath.Join(dir, ".x.审核.xlsx.tmp-123"), []byte("half"))
	fresh := writeFile(t, filepath.Join(dir, ".y.审核.xlsx.tmp-456"), []byte("half"))
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := perfeval(t, "check", "--annotate", dir, seed); code != exitOK {
		t.Fatalf("exit %d\n%s", code, out)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale temporary file survived (%v)", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("a fresh temporary file was removed: %v", err)
	}
}

// TestReadmeThreatModelTests: every test the README's threat model names
// as proof exists, so the table cannot point at a test renamed or removed.
func TestReadmeThreatModelTests(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start := strings.Index(text, "## 安全边界（威胁模型）")
	if start < 0 {
		t.Fatal("README has no 安全边界（威胁模型） section")
	}
	section := text[start:]
	if end := strings.Index(section[1:], "\n## "); end >= 0 {
		section = section[:end+1]
	}
	named := regexp.MustCompile("`(Test[A-Za-z0-9_]+)`").FindAllStringSubmatch(section, -1)
	if len(named) == 0 {
		t.Fatal("the threat model names no test")
	}
	declared := map[string]bool{}
	decl := regexp.MustCompile(`(?m)^func (Test[A-Za-z0-9_]+)\(`)
	err = filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		for _, m := range decl.FindAllStringSubmatch(string(b), -1) {
			declared[m[1]] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range named {
		if !declared[m[1]] {
			t.Errorf("the threat model names %s, which no test file declares", m[1])
		}
	}
}
