package distribute_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline/distribute"
	"github.com/perfeval/perfeval/pipeline/explain"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/roster"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/template"
)

// readRoster parses a roster from CSV text and fails on any finding.
func readRoster(t *testing.T, csv string) *roster.Roster {
	t.Helper()
	r, fs := roster.Parse("名单.csv", []byte(csv))
	if r == nil || len(fs) > 0 {
		t.Fatalf("roster: %v", fs)
	}
	return r
}

// seedRoster is a roster with the seed department and the 全年预算数 its
// published form holds, and a second department.
func seedRoster(t *testing.T) *roster.Roster {
	t.Helper()
	f, err := excelize.OpenFile(pipelinetest.SeedWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var budgets []string
	for row := 3; row <= 7; row++ {
		v, err := f.GetCellValue("资金情况", "B"+string(rune('0'+row)), excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		budgets = append(budgets, v)
	}
	return readRoster(t, "部门编码,部门名称,联系人,邮箱,年度资金总额,财政拨款,其他资金,基本支出,项目支出\n"+
		"101001,南昌市政务服务数据管理局,张三,zhangsan@example.gov.cn,"+strings.Join(budgets, ",")+"\n"+
		"101002,南昌市示例局,李四,lisi@example.gov.cn,100,100,0,60,40\n")
}

func write(t *testing.T, r *roster.Roster, out string) []distribute.Form {
	t.Helper()
	forms, err := distribute.Write(context.Background(), template.Department, explain.TemplateData(rulebook.DefaultRulebook(), 2022), r, out)
	if err != nil {
		t.Fatal(err)
	}
	return forms
}

// TestWritePrefilled: each department gets its own workbook with its name,
// code, year and budget prefilled and recorded.
func TestWritePrefilled(t *testing.T) {
	out := t.TempDir()
	forms := write(t, seedRoster(t), out)
	if len(forms) != 2 {
		t.Fatalf("%d forms, want 2", len(forms))
	}
	if got := filepath.Base(forms[0].Path); got != "101001-南昌市政务服务数据管理局-2022-自评表.xlsx" {
		t.Errorf("file name %q", got)
	}
	f, err := excelize.OpenFile(forms[1].Path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	form := template.Read(f, template.Department)
	if got := form.Fields["dept_name"].Raw; got != "南昌市示例局" {
		t.Errorf("name %q", got)
	}
	pf := template.PrefilledOf(form.Meta)
	var keys []string
	for _, p := range pf {
		keys = append(keys, p.Key.MetaKey()+"="+p.Value)
	}
	for _, want := range []string{"prefill:field:dept_code=101002", "prefill:field:year=2022", "prefill:budget:total:budget=100", "prefill:budget:other:budget=0"} {
		if !slices.Contains(keys, want) {
			t.Errorf("_meta lacks %s: %v", want, keys)
		}
	}
}

// TestFileNamesSafe: whatever the roster's names hold, each workbook is
// one safe file name inside the output folder, and none overwrites another.
func TestFileNamesSafe(t *testing.T) {
	out := t.TempDir()
	r := readRoster(t, "部门编码,部门名称,联系人,邮箱\n"+
		"../../x,passwd,a,a@example.cn\n"+
		"..__x,passwd,b,b@example.cn\n"+
		"CON,.,c,c@example.cn\n"+
		"\"1:2\",\"C:\\Windows\\局\u202e\",d,d@example.cn\n"+
		"A1,局,e,e@example.cn\n"+
		"a1,局,f,f@example.cn\n")
	forms := write(t, r, out)
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(forms) || len(forms) != 6 {
		t.Fatalf("%d files for %d forms, want 6: %v", len(entries), len(forms), entries)
	}
	for _, fm := range forms {
		name := filepath.Base(fm.Path)
		if filepath.Dir(fm.Path) != out || strings.ContainsAny(name, "/\\:*?\"<>|\u202e") || strings.HasPrefix(name, ".") || strings.HasPrefix(strings.ToUpper(name), "CON.") || strings.HasPrefix(strings.ToUpper(name), "CON-") {
			t.Errorf("unsafe file name %q", fm.Path)
		}
	}
}

// TestRoundTrip: the seed department fills its distributed form with
// openpyxl as it would any template: check gives the seed's own findings.
// A prefilled budget figure changed on the way is prefill_changed, at its
// cell, and the form is returned.
func TestRoundTrip(t *testing.T) {
	pipelinetest.RequireTool(t, "/usr/bin/python3", "-c", "import openpyxl")
	want := pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, nil)
	dir := t.TempDir()
	forms := write(t, seedRoster(t), filepath.Join(dir, "下发"))
	filled := filepath.Join(dir, "filled.xlsx")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/usr/bin/python3", "../testdata/fill_openpyxl.py", forms[0].Path, filepath.Join(pipelinetest.Samples, "nanchang-2022.form.json"), filled, "numbers")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("fill with openpyxl: %v\n%s", err, b)
	}
	got := pipelinetest.ProcessFile(t, filled, nil)
	if got.Status != want.Status || !slices.Equal(got.Findings, want.Findings) {
		t.Errorf("filled distributed form: %s %v\nwant %s %v", got.Status, got.Findings, want.Status, want.Findings)
	}
	edited := pipelinetest.MutatedFrom(t, filled, pipelinetest.Set("资金情况", "B4", 9000))
	rep := pipelinetest.ProcessFile(t, edited, nil)
	if rep.Status != "returned" {
		t.Errorf("edited form: status %s, want returned", rep.Status)
	}
	var at []string
	for _, f := range rep.Findings {
		if f.Code == "prefill_changed" {
			at = append(at, f.Ref)
		}
	}
	if !slices.Equal(at, []string{"资金情况!B4"}) {
		t.Errorf("prefill_changed at %v, want [资金情况!B4]; findings %v", at, pipelinetest.FindingKeys(rep))
	}
}
