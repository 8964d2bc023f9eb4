package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/template"
)

// processRoot runs one pass over a root holding the given samples.
func processRoot(t *testing.T, samples ...string) string {
	t.Helper()
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "inbox"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range samples {
		data, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(root, "inbox", filepath.Base(s)), data)
	}
	code, _, errOut := perfeval(t, "run", "--root", root, "--settle", "10ms")
	if code == exitFailure {
		t.Fatalf("run: exit %d: %s", code, errOut)
	}
	return root
}

const returnedSample = "../../samples/example-returned-2022.xlsx"

// summaryRows reads the department rows of a summary's 汇总 sheet: code,
// name, status and total.
func summaryRows(t *testing.T, path string) []string {
	t.Helper()
	f := openWorkbook(t, path)
	rows, err := f.GetRows("汇总", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	header := -1
	for i, r := range rows {
		if len(r) > 0 && r[0] == "部门编码" {
			header = i
			continue
		}
		if header < 0 || len(r) < 2 || strings.HasPrefix(r[1], "全市合计") {
			if header >= 0 {
				break
			}
			continue
		}
		total := ""
		for j, h := range rows[header] {
			if h == "复核总分" && j < len(r) {
				total = r[j]
			}
		}
		out = append(out, r[0]+" "+r[2]+" "+total)
	}
	return out
}

func TestSummaryCommand(t *testing.T) {
	root := processRoot(t, seed, returnedSample)
	// The pass refreshed the outbox's summary.
	refreshed := filepath.Join(root, "outbox", "汇总-2022.xlsx")
	if got := strings.Join(summaryRows(t, refreshed), "; "); got != "101001 通过 94.44; 109901 退回修改 94.44" {
		t.Errorf("refreshed summary rows %q", got)
	}
	roster := writeFile(t, filepath.Join(t.TempDir(), "名单.csv"), []byte("部门编码,部门名称,联系人,邮箱\n101001,南昌市政务服务数据管理局,张三,z@example.gov.cn\n109902,示例区统计局,王五,wang@\n"))
	out := filepath.Join(t.TempDir(), "汇总.xlsx")
	code, stdout, stderr := perfeval(t, "summary", "--root", root, "-o", out, "--roster", roster)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "已生成 2022 年度汇总表") || !strings.Contains(stdout, "名单中未报送 1 个，不在名单中 1 个") {
		t.Errorf("stdout %q", stdout)
	}
	if !strings.Contains(stderr, "名单!D3") && !strings.Contains(stderr, "邮箱“wang@”") {
		t.Errorf("the roster's problem is not shown: %q", stderr)
	}
	if got := strings.Join(summaryRows(t, out), "; "); got != "101001 通过 94.44; 109901 退回修改 94.44; 109902 未报送 " {
		t.Errorf("rows %q", got)
	}
	// The link to the annotated copy is relative to the summary's folder.
	f := openWorkbook(t, refreshed)
	header, err := f.GetRows("汇总")
	if err != nil {
		t.Fatal(err)
	}
	col := 0
	for j, h := range header[3] {
		if h == "批注版" {
			col = j + 1
		}
	}
	cell, _ := excelize.CoordinatesToCellName(col, 5)
	ok, target, err := f.GetCellHyperLink("汇总", cell)
	if err != nil {
		t.Fatal(err)
	}
	if !ok || target != "accepted/101001-南昌市政务服务数据管理局-2022-v1.审核.xlsx" {
		t.Errorf("link %v %q", ok, target)
	}

	// --json prints the same figures, and nothing else, to stdout.
	code, stdout, stderr = perfeval(t, "summary", "--root", root, "--json")
	if code != exitOK {
		t.Fatalf("--json: exit %d: %s", code, stderr)
	}
	var js struct {
		Year        int
		Departments []struct {
			Code, Status string
			Total        *string
			Rank         int
		}
		Totals struct{ Budget, Execution, Rate string }
	}
	if err := json.Unmarshal([]byte(stdout), &js); err != nil {
		t.Fatalf("--json output is no JSON: %v\n%s", err, stdout)
	}
	if js.Year != 2022 || len(js.Departments) != 2 || *js.Departments[0].Total != "94.44" || js.Departments[1].Rank != 1 ||
		js.Totals.Budget != "20687.3438" || js.Totals.Execution != "18904.2604" || js.Totals.Rate != "91.38" {
		t.Errorf("JSON %+v", js)
	}
}

// TestSummaryResults: the JSON results of several roots merge.
func TestSummaryResults(t *testing.T) {
	a, b := processRoot(t, seed), processRoot(t, returnedSample)
	out := filepath.Join(t.TempDir(), "汇总.xlsx")
	code, stdout, stderr := perfeval(t, "summary", "--results", a, "--results", filepath.Join(b, "results"), "-o", out, "--year", "2022")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := strings.Join(summaryRows(t, out), "; "); got != "101001 通过 94.44; 109901 退回修改 94.44" {
		t.Errorf("rows %q (%s)", got, stdout)
	}
}

func TestSummaryUsage(t *testing.T) {
	empty := t.TempDir()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"summary", "-o", "x.xlsx"}, "请用 --root 指定工作目录"},
		{[]string{"summary", "--root", empty}, "请用 -o 指定汇总表文件"},
		{[]string{"summary", "--root", empty, "-o", "x.xls"}, "扩展名应为 .xlsx"},
		{[]string{"summary", "--root", empty, "-o", "x.xlsx"}, "还没有台账"},
		{[]string{"summary", "--results", empty, "-o", "x.xlsx"}, "没有可以汇总的报送"},
		{[]string{"summary", "--root", empty, "-o", "x.xlsx", "--year", "22"}, "不是有效年度"},
	} {
		code, stdout, stderr := perfeval(t, tt.args...)
		if code != exitFailure || stdout != "" || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", tt.args, code, stdout, stderr, tt.want)
		}
	}
	root := processRoot(t, seed)
	bad := writeFile(t, filepath.Join(t.TempDir(), "名单.csv"), []byte("编号,名字\n1,甲\n"))
	code, _, stderr := perfeval(t, "summary", "--root", root, "-o", filepath.Join(t.TempDir(), "x.xlsx"), "--roster", bad)
	if code != exitFailure || !strings.Contains(stderr, "找不到表头") || !strings.Contains(stderr, "无法使用") {
		t.Errorf("bad roster: exit %d, %q", code, stderr)
	}
}

// projectCopy writes a copy of a published project form whose 主管部门 is
// the seed's department, named name, and returns its path.
func projectCopy(t *testing.T, sample, name string) string {
	t.Helper()
	src := filepath.Join(pipelinetest.Samples, "project", sample)
	dept := template.ParseRef(pipelinetest.RefOfLabel(t, src, "基本信息", "主管部门"))
	code := template.ParseRef(pipelinetest.RefOfLabel(t, src, "基本信息", "部门编码"))
	path := pipelinetest.MutatedFrom(t, src, func(f *excelize.File) error {
		if err := f.SetCellValue(dept.Sheet, dept.Cell(), "南昌市政务服务数据管理局"); err != nil {
			return err
		}
		return f.SetCellValue(code.Sheet, code.Cell(), "101001")
	})
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, filepath.Join(t.TempDir(), name), data)
}

// TestSummaryProjects: a root holding the seed department's own form and
// two of its project forms, and a department that sent a project form
// only: 汇总 has the seed department once and the other as 未报送; 项目支出
// has the two projects under the seed department; status shows each
// project as a project; --results gives the same.
func TestSummaryProjects(t *testing.T) {
	zhongjiang := filepath.Join(pipelinetest.Samples, "project", "zhongjiang-2022.xlsx") // 中江县水利局, no department form
	root := processRoot(t, seed, projectCopy(t, "tianchang-2022.xlsx", "南昌-水旱灾害.xlsx"), projectCopy(t, "zhongjiang-2022.xlsx", "南昌-水标尺.xlsx"), zhongjiang)
	check := func(t *testing.T, out, stdout string) {
		t.Helper()
		if got := strings.Join(summaryRows(t, out), "; "); got != "101001 通过 94.44;  未报送 " {
			t.Errorf("汇总 rows %q", got)
		}
		if !strings.Contains(stdout, "报送 1 个部门：通过 1") || !strings.Contains(stdout, "项目支出表 3 份（2 个部门）") {
			t.Errorf("stdout %q", stdout)
		}
		f := openWorkbook(t, out)
		rows, err := f.GetRows("项目支出", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows[4:] {
			for len(r) < 3 {
				r = append(r, "")
			}
			got = append(got, strings.TrimSpace(r[0]+" "+r[1]))
		}
		want := []string{
			"101001　南昌市政务服务数据管理局（2 个项目；部门整体支出表：通过）",
			"101001 中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装",
			"101001 水旱灾害防御经费",
			"101001 小计（2 个项目）",
			"中江县水利局（1 个项目；部门整体支出表：未报送）",
			"中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装",
			"小计（1 个项目）",
			"全部项目合计（2 个部门，3 个项目）",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("项目支出 rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	out := filepath.Join(t.TempDir(), "汇总.xlsx")
	code, stdout, stderr := perfeval(t, "summary", "--root", root, "-o", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	check(t, out, stdout)
	t.Run("results", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "汇总.xlsx")
		code, stdout, stderr := perfeval(t, "summary", "--results", root, "-o", out)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		check(t, out, stdout)
	})
	t.Run("json", func(t *testing.T) {
		code, stdout, stderr := perfeval(t, "summary", "--root", root, "--json")
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var js struct {
			Departments []struct{ Code, Status string }
			Projects    []struct {
				Code     string
				Projects []struct {
					Name   string
					Budget string
				}
			}
			ProjectTotals struct {
				Projects int
				Budget   string
			} `json:"project_totals"`
		}
		if err := json.Unmarshal([]byte(stdout), &js); err != nil {
			t.Fatal(err)
		}
		if len(js.Departments) != 2 || js.Departments[1].Status != "missing" || len(js.Projects) != 2 || len(js.Projects[0].Projects) != 2 ||
			js.ProjectTotals.Projects != 3 || js.ProjectTotals.Budget != "920" {
			t.Errorf("JSON %+v", js)
		}
	})
	t.Run("status", func(t *testing.T) {
		code, stdout, _ := perfeval(t, "status", "--root", root)
		if code != exitOK {
			t.Fatalf("exit %d\n%s", code, stdout)
		}
		for _, want := range []string{"部门整体", "项目：水旱灾害防御经费", "项目：中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装", "最新 4 份", "其中项目支出表 3 份", "被新版本取代 0"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("status lacks %q:\n%s", want, stdout)
			}
		}
		code, stdout, _ = perfeval(t, "status", "--root", root, "--json")
		if code != exitOK {
			t.Fatalf("--json: exit %d", code)
		}
		var js struct {
			Latest []struct {
				Form    string
				Version int
				Project *struct{ Name string }
			}
		}
		if err := json.Unmarshal([]byte(stdout), &js); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range js.Latest {
			name := ""
			if e.Project != nil {
				name = e.Project.Name
			}
			got = append(got, fmt.Sprintf("%s %s v%d", e.Form, name, e.Version))
		}
		slices.Sort(got)
		if want := []string{"department  v1", "project 中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装 v1", "project 中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装 v1", "project 水旱灾害防御经费 v1"}; !slices.Equal(got, want) {
			t.Errorf("status --json latest %q, want %q", got, want)
		}
	})
}

// TestSummaryWithoutTempFolder: with no temporary folder to keep the
// reports' details and the sheets' rows in, the summary is made in memory,
// the same, and says so.
func TestSummaryWithoutTempFolder(t *testing.T) {
	root := processRoot(t, seed, returnedSample)
	missing := filepath.Join(t.TempDir(), "没有这个文件夹")
	for _, v := range []string{"TMPDIR", "TMP", "TEMP"} {
		t.Setenv(v, missing)
	}
	out := filepath.Join(t.TempDir(), "汇总.xlsx")
	code, _, stderr := perfeval(t, "summary", "--root", root, "-o", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "临时文件夹") || !strings.Contains(stderr, "不存在") || !strings.Contains(stderr, "汇总改在内存中进行") {
		t.Errorf("stderr %q does not say the summary is made in memory", stderr)
	}
	if got := strings.Join(summaryRows(t, out), "; "); got != "101001 通过 94.44; 109901 退回修改 94.44" {
		t.Errorf("rows %q", got)
	}
	for _, sheet := range []string{"未达标指标", "审核问题"} {
		rows, err := openWorkbook(t, out).GetRows(sheet)
		if err != nil || len(rows) < 5 {
			t.Errorf("%s has %d rows (%v)", sheet, len(rows), err)
		}
	}
}

// TestStatusJSONAllOrNothing: status --json is one JSON object, its latest
// submissions an empty array on a ledger of none; when reading fails
// partway, stdout has nothing.
func TestStatusJSONAllOrNothing(t *testing.T) {
	root := processRoot(t, seed, returnedSample)
	code, stdout, stderr := perfeval(t, "status", "--root", root, "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var js struct {
		Latest []json.RawMessage `json:"latest"`
		Counts struct{ Submissions int }
	}
	if err := json.Unmarshal([]byte(stdout), &js); err != nil || len(js.Latest) != 2 || js.Counts.Submissions != 2 {
		t.Errorf("status --json: %d latest, %d submissions (%v)", len(js.Latest), js.Counts.Submissions, err)
	}
	// An inbox that is a file fails after the ledger was read.
	notFolder := writeFile(t, filepath.Join(t.TempDir(), "收件箱"), []byte("不是文件夹"))
	code, stdout, _ = perfeval(t, "status", "--root", root, "--json", "--inbox", notFolder)
	if code == exitOK || stdout != "" {
		t.Errorf("a failed status --json: exit %d, %d bytes on stdout", code, len(stdout))
	}
	// A ledger of no submissions.
	empty := processRoot(t)
	code, stdout, stderr = perfeval(t, "status", "--root", empty, "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(stdout, `{"latest":[],`) {
		t.Errorf("status --json of no submissions: %.80s", stdout)
	}
}
