package main

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// docxText returns the text runs of a .docx's document part, joined.
func docxText(t *testing.T, path string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	t.Fatalf("%s has no word/document.xml", path)
	return ""
}

// TestReportCommand runs perfeval report end to end: the seed's report
// written, a returned workbook refused with its errors listed and exit 1,
// drafted with --draft, a text template overridden with --text, and the
// usage errors.
func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "自评报告.docx")
	code, stdout, stderr := perfeval(t, "report", seed, "-o", out)
	if code != exitOK {
		t.Fatalf("report: exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "已生成自评报告") || !strings.Contains(stdout, "94.44") {
		t.Errorf("stdout = %q", stdout)
	}
	body := docxText(t, out)
	for _, want := range []string{"南昌市政务服务数据管理局2022年度部门整体支出绩效自评报告", "目标任务完成率80.83%", "该指标得分1.04分", "占支出决算总额的48.25%"} {
		if !strings.Contains(body, want) {
			t.Errorf("the report lacks %q", want)
		}
	}

	refused := filepath.Join(dir, "退回.docx")
	code, stdout, stderr = perfeval(t, "report", returnedSample, "-o", refused)
	if code != exitReturned {
		t.Errorf("report of a returned workbook: exit %d, want %d", code, exitReturned)
	}
	if !strings.Contains(stdout, "有 5 处错误，未生成报告") || !strings.Contains(stdout, "资金情况!C7") || !strings.Contains(stderr, "--draft") {
		t.Errorf("refusal does not list the errors:\n%s%s", stdout, stderr)
	}
	if _, err := os.Stat(refused); err == nil {
		t.Errorf("a report was written for a workbook with errors")
	}

	code, stdout, stderr = perfeval(t, "report", returnedSample, "-o", refused, "--draft")
	if code != exitOK {
		t.Fatalf("report --draft: exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "待核实") || !strings.Contains(docxText(t, refused), "【待核实】") {
		t.Errorf("the draft marks nothing doubtful:\n%s", stdout)
	}

	text := filepath.Join(dir, "我的文字.tmpl")
	if err := os.WriteFile(text, []byte(`{{define "staff"}}{{.Self}}共有编制{{.Staff.Authorized}}名（改写的段）。{{end}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	custom := filepath.Join(dir, "改写.docx")
	if code, stdout, stderr = perfeval(t, "report", seed, "-o", custom, "--text", text); code != exitOK {
		t.Fatalf("report --text: exit %d\n%s%s", code, stdout, stderr)
	}
	if b := docxText(t, custom); !strings.Contains(b, "我局共有编制179名（改写的段）。") || !strings.Contains(b, "该指标得分1.04分") {
		t.Errorf("the overridden paragraph is missing, or the rest changed")
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"report", seed}, "请用 -o 指定输出文件"},
		{[]string{"report", "-o", out}, "请指定要起草报告的工作簿"},
		{[]string{"report", seed, "-o", filepath.Join(dir, "x.doc")}, "扩展名应为 .docx"},
		{[]string{"report", seed, seed, "-o", out}, "一次只能为一个工作簿"},
		{[]string{"report", seed, "-o", out, "--text", filepath.Join(dir, "没有.tmpl")}, "找不到文字模板文件"},
	} {
		code, _, stderr := perfeval(t, tc.args...)
		if code != exitFailure || !strings.Contains(stderr, tc.want) {
			t.Errorf("perfeval %v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	if code, stdout, _ := perfeval(t, "report", "--show-text"); code != exitOK || !strings.Contains(stdout, `{{define "indicator"`) {
		t.Errorf("--show-text: exit %d", code)
	}
}

// TestReportProject runs perfeval report on a published project form: with
// no --rules it is scored by the project form's own rules and refused for
// its errors like any workbook; with --draft and the rules its form.json
// names, the 项目支出绩效自评报告 is written; a --text file rewrites a
// project paragraph.
func TestReportProject(t *testing.T) {
	dir := t.TempDir()
	sample := "../../samples/project/zhongjiang-2022.xlsx"
	out := filepath.Join(dir, "项目自评报告.docx")
	code, stdout, stderr := perfeval(t, "report", sample, "-o", out)
	// Under the Ministry's 50/30/10 its stated 产出指标（70分） is an error.
	if code != exitReturned || strings.Contains(stdout, "template_version") || !strings.Contains(stdout, "绩效指标!A3") {
		t.Errorf("report of a project form with errors: exit %d, want %d, its own errors listed:\n%s%s", code, exitReturned, stdout, stderr)
	}
	text := filepath.Join(dir, "项目文字.tmpl")
	if err := os.WriteFile(text, []byte(`{{define "p_self_eval"}}{{.Self}}成立了自评小组（改写的段）。{{end}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = perfeval(t, "report", sample, "-o", out, "--draft", "--rules", "project-exclude-budget", "--text", text)
	if code != exitOK {
		t.Fatalf("report --draft: exit %d\n%s%s", code, stdout, stderr)
	}
	body := docxText(t, out)
	for _, want := range []string{"2022年度项目支出绩效自评报告", "项目概况", "综合评价结论", "按评分规则不计入总分", "我局成立了自评小组（改写的段）。", "项目支出绩效自评表"} {
		if !strings.Contains(body, want) {
			t.Errorf("the project report lacks %q", want)
		}
	}
	if code, stdout, _ := perfeval(t, "report", "--show-text"); code != exitOK || !strings.Contains(stdout, `{{define "p_indicator"`) {
		t.Errorf("--show-text lacks the project texts: exit %d", code)
	}
}
