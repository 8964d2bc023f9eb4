package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sampleRoster = "部门编码,部门名称,联系人,邮箱,年度资金总额,财政拨款\n" +
	"101001,南昌市政务服务数据管理局,张三,zhangsan@example.gov.cn,10343.6719,9617.6719\n" +
	"101002,南昌市示例局,李四,lisi@example.gov.cn,100,100\n"

// TestDistribute: one prefilled workbook per department of the roster.
func TestDistribute(t *testing.T) {
	dir := t.TempDir()
	rosterPath := filepath.Join(dir, "名单.csv")
	writeFile(t, rosterPath, []byte(sampleRoster))
	out := filepath.Join(dir, "下发")
	code, stdout, stderr := perfeval(t, "distribute", "--roster", rosterPath, "--year", "2022", "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{"101001-南昌市政务服务数据管理局-2022-自评表.xlsx", "101002-南昌市示例局-2022-自评表.xlsx"} {
		f := openWorkbook(t, filepath.Join(out, name))
		if v, _ := f.GetCellValue("基本信息", "B4"); v != strings.Split(name, "-")[0] {
			t.Errorf("%s: code %q", name, v)
		}
	}
	if !strings.Contains(stdout, "共为 2 个部门生成预填模板") {
		t.Errorf("stdout %q", stdout)
	}
}

// TestDistributeBadRoster: a roster with errors is reported row by row and
// nothing is written.
func TestDistributeBadRoster(t *testing.T) {
	dir := t.TempDir()
	rosterPath := filepath.Join(dir, "名单.csv")
	writeFile(t, rosterPath, []byte("部门编码,部门名称,联系人,邮箱,年度资金总额\n"+
		"101001,甲局,张三,zhang@,100\n101001,乙局,李四,li@example.cn,100\n101003,丙局,王五,w@example.cn,约一百\n"))
	out := filepath.Join(dir, "下发")
	code, stdout, stderr := perfeval(t, "distribute", "--roster", rosterPath, "--year", "2022", "--out", out)
	if code != exitFailure || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	for _, want := range []string{"名单第 2 行（甲局）的邮箱", "名单第 3 行的部门编码“101001”与第 2 行重复", "名单第 4 行（丙局）“年度资金总额全年预算数”", "有 3 处错误（见上），改正前不生成模板"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output folder written: %v", err)
	}
}

// TestRosterTemplate: the empty roster is written and reads as a roster.
func TestRosterTemplate(t *testing.T) {
	out := filepath.Join(t.TempDir(), "名单.xlsx")
	code, stdout, stderr := perfeval(t, "roster-template", "-o", out)
	if code != exitOK || !strings.Contains(stdout, out) {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	f := openWorkbook(t, out)
	if v, _ := f.GetCellValue("名单", "A1"); v != "部门编码" {
		t.Errorf("A1 = %q", v)
	}
	if code, _, _ := perfeval(t, "roster-template", "-o", "x.xls"); code != exitFailure {
		t.Errorf("roster-template -o x.xls: exit %d", code)
	}
}
