package roster_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/roster"
	"github.com/perfeval/perfeval/template"
)

// found is a finding as the tests expect it: "code severity ref".
func found(fs finding.Findings) []string {
	var out []string
	for _, f := range fs {
		out = append(out, string(f.Code)+" "+f.Severity.String()+" "+f.Ref.String())
	}
	return out
}

func TestParseCSV(t *testing.T) {
	tests := []struct {
		name     string
		csv      string
		codes    []string // the departments read, in order
		findings []string
	}{
		{
			name:  "clean",
			csv:   "部门编码,部门名称,联系人,邮箱,联系电话\n101001,南昌市政务服务数据管理局,张三,zhang@example.gov.cn,0791-1\n109901,示例区行政审批服务局,李四,li@example.gov.cn,\n",
			codes: []string{"101001", "109901"},
		},
		{
			name:  "title rows above the header, aliases, blank rows",
			csv:   "2023 年度部门名单,,,\n,,,\n单位代码,单位名称,经办人,电子邮箱\n\n101001,甲局,张三,a@b.cn\n",
			codes: []string{"101001"},
		},
		{
			name:     "missing column",
			csv:      "部门编码,部门名称,联系人\n101001,甲局,张三\n",
			codes:    []string{"101001"},
			findings: []string{"missing_column error 名单!1:1"},
		},
		{
			name:     "no header",
			csv:      "编号,名字\n1,甲局\n",
			findings: []string{"missing_column error 名单"},
		},
		{
			name:     "duplicate code",
			csv:      "部门编码,部门名称,联系人,邮箱\n101001,甲局,张三,a@b.cn\n101002,乙局,李四,b@b.cn\n101001,丙局,王五,c@b.cn\n",
			codes:    []string{"101001", "101002"},
			findings: []string{"unparseable_value error 名单!A4"},
		},
		{
			name:     "invalid email, empty email and contact",
			csv:      "部门编码,部门名称,联系人,邮箱\n101001,甲局,张三,zhang@\n101002,乙局,,\n101003,丙局,王五,王五 <w@b.cn>\n101004,丁局,赵六,zhao@localhost\n",
			codes:    []string{"101001", "101002", "101003", "101004"},
			findings: []string{"unparseable_value error 名单!D2", "missing_field warning 名单!C3", "missing_field warning 名单!D3", "unparseable_value error 名单!D4", "unparseable_value error 名单!D5"},
		},
		{
			name:     "missing code and name",
			csv:      "部门编码,部门名称,联系人,邮箱\n,甲局,张三,a@b.cn\n101002,,李四,b@b.cn\n,,王五,\n",
			codes:    []string{"101002"},
			findings: []string{"missing_field error 名单!A2", "missing_field error 名单!B3", "missing_field error 名单!A4"},
		},
		{
			name:     "budget columns",
			csv:      "部门编码,部门名称,联系人,邮箱,年度资金总额全年预算数（万元）,财政拨款,其他资金预算数,年度资金总额全年执行数\n101001,甲局,张三,a@b.cn,\"10,343.6719\",9617.6719万元,726\n101002,乙局,李四,b@b.cn,约一千万,-5,\n",
			codes:    []string{"101001", "101002"},
			findings: []string{"unparseable_value error 名单!E3", "negative_amount error 名单!F3"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, fs := roster.Parse("名单.csv", []byte(tt.csv))
			if got, want := strings.Join(found(fs), "; "), strings.Join(tt.findings, "; "); got != want {
				t.Errorf("findings %q, want %q", got, want)
			}
			for _, f := range fs {
				if !strings.Contains(f.Message, "名单") || f.Message == "" {
					t.Errorf("message %q does not say where", f.Message)
				}
			}
			var codes []string
			if r != nil {
				for _, d := range r.Departments {
					codes = append(codes, d.Code)
				}
			}
			if strings.Join(codes, ",") != strings.Join(tt.codes, ",") {
				t.Errorf("departments %v, want %v", codes, tt.codes)
			}
		})
	}
}

func TestBudgets(t *testing.T) {
	r, fs := roster.Parse("名单.csv", []byte("部门编码,部门名称,联系人,邮箱,年度资金总额全年预算数（万元）,财政拨款,其他资金预算数,年度资金总额全年执行数\n101001,甲局,张三,a@b.cn,\"10,343.6719\",96176719元,726万\n"))
	if len(fs) != 0 {
		t.Fatalf("findings %v", found(fs))
	}
	if got := strings.Join(r.BudgetKeys, ","); got != "total,fiscal,other" {
		t.Errorf("budget keys %s", got)
	}
	d, ok := r.Lookup("101001", "")
	if !ok {
		t.Fatal("101001 not found")
	}
	for key, want := range map[string]string{template.BudgetTotal: "10343.6719", template.BudgetFiscal: "9617.6719", template.BudgetOther: "726"} {
		if got := d.Budgets[key]; got.String() != want {
			t.Errorf("budget %s = %s, want %s", key, got, want)
		}
	}
	if _, ok := r.Lookup("", "甲局"); !ok {
		t.Error("lookup by name failed")
	}
	if _, ok := r.Lookup("999", "无此局"); ok {
		t.Error("lookup of an unlisted department succeeded")
	}
}

// TestGB18030: a CSV file Excel saved on a Chinese Windows is read.
func TestGB18030(t *testing.T) {
	data, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("部门编码,部门名称,联系人,邮箱\r\n101001,甲局,张三,a@b.cn\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	r, fs := roster.Parse("名单.csv", data)
	if len(fs) != 0 || r == nil || len(r.Departments) != 1 || r.Departments[0].Name != "甲局" || r.Departments[0].Contact != "张三" {
		t.Fatalf("got %+v, %v", r, found(fs))
	}
	// A byte-order mark is dropped.
	r, fs = roster.Parse("名单.csv", append([]byte("\xef\xbb\xbf"), "部门编码,部门名称,联系人,邮箱\n1,甲局,张三,a@b.cn\n"...))
	if len(fs) != 0 || r == nil || len(r.Departments) != 1 {
		t.Fatalf("with a BOM: %+v, %v", r, found(fs))
	}
}

func TestReadXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// A first sheet of notes, the list on the second, below a title.
	must(f.SetSheetName("Sheet1", "说明"))
	must(f.SetCellStr("说明", "A1", "请按下表填写"))
	_, err := f.NewSheet("部门名单")
	must(err)
	rows := [][]any{
		{"2023 年度部门名单"},
		{"部门编码", "部门名称", "联系人", "邮箱", "全年预算数-年度资金总额（万元）"},
		{101001, "南昌市政务服务数据管理局", "张三", "zhang@example.gov.cn", 10343.6719},
		{"109901", "示例区行政审批服务局", "李四", "li at example", "n/a"},
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		must(f.SetSheetRow("部门名单", cell, &row))
	}
	path := filepath.Join(t.TempDir(), "名单.xlsx")
	must(f.SaveAs(path))

	r, fs, err := roster.Read(path)
	must(err)
	want := []string{"unparseable_value error 部门名单!D4", "unparseable_value error 部门名单!E4"}
	if got := found(fs); strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("findings %q, want %q", got, want)
	}
	if r.Sheet != "部门名单" || len(r.Departments) != 2 || r.Departments[0].Code != "101001" || r.Departments[0].Row != 3 {
		t.Fatalf("roster %+v", r)
	}
	if got := r.Departments[0].Budgets[template.BudgetTotal].String(); got != "10343.6719" {
		t.Errorf("budget %s, want 10343.6719", got)
	}
	if r.Departments[1].Email != "" {
		t.Errorf("invalid email kept: %q", r.Departments[1].Email)
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := roster.Read(filepath.Join(dir, "none.xlsx")); err == nil {
		t.Error("a missing roster gave no error")
	}
	path := filepath.Join(dir, "bad.xlsx")
	if err := os.WriteFile(path, append([]byte("PK\x03\x04"), bytes.Repeat([]byte{1}, 100)...), 0o644); err != nil {
		t.Fatal(err)
	}
	r, fs, err := roster.Read(path)
	if err != nil || r != nil || len(fs) != 1 || fs[0].Code != finding.NotXlsx {
		t.Errorf("broken workbook: %v, %v, %v", r, found(fs), err)
	}
}
