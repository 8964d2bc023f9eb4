package web_test

import (
	"archive/zip"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perfeval/perfeval/pipeline/inbox"
	"github.com/perfeval/perfeval/pipeline/narrative"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/web"
	"github.com/perfeval/perfeval/template"
)

// projectCode is the 主管部门 of the project form the draft test sends.
const projectCode = "109903"

// projectWorkbook writes an accepted project form: its 主管部门 is
// projectCode.
func projectWorkbook(t testing.TB, path string) {
	t.Helper()
	d := &template.Data{
		Year: 2022,
		Fields: map[string]string{
			"project_name": "城区老旧小区改造项目", "dept_name": "示例市住房和城乡建设局", "dept_code": projectCode,
			"unit": "示例市城市更新中心", "declared_total": "95.33",
			"goal_expected": "完成 12 个老旧小区改造", "goal_achieved": "完成 11 个老旧小区改造",
			"budget_reason": "一个小区因居民意见未统一推迟开工。",
		},
		Budget: map[string]map[string]string{
			template.BudgetTotal:     {template.BudgetColInitial: "1200", template.BudgetColPlan: "1100", template.BudgetColExecution: "1045", template.BudgetColWeight: "10", template.BudgetColRate: "95", template.BudgetColScore: "9.5"},
			template.BudgetFiscal:    {template.BudgetColInitial: "1000", template.BudgetColPlan: "900", template.BudgetColExecution: "860"},
			template.BudgetCarryover: {template.BudgetColInitial: "200", template.BudgetColPlan: "200", template.BudgetColExecution: "185"},
			template.BudgetOther:     {template.BudgetColInitial: "0", template.BudgetColPlan: "0", template.BudgetColExecution: "0"},
		},
		Indicators: []map[string]string{
			{template.ColLevel1: "产出指标", template.ColLevel2: "数量指标", template.ColName: "改造小区数量", template.ColTarget: "=12个", template.ColActual: "11个", template.ColWeight: "50", template.ColSelfScore: "45.83", template.ColReason: "一个小区推迟开工"},
			{template.ColLevel1: "效益指标", template.ColLevel2: "社会效益指标", template.ColName: "居住条件改善", template.ColTarget: "显著", template.ColActual: "显著", template.ColWeight: "30", template.ColSelfScore: "30"},
			{template.ColLevel1: "满意度指标", template.ColLevel2: "服务对象满意度指标", template.ColName: "居民满意度", template.ColTarget: ">=90%", template.ColActual: "95%", template.ColWeight: "10", template.ColSelfScore: "10"},
		},
	}
	if err := template.WriteTemplate(path, template.Project, d); err != nil {
		t.Fatal(err)
	}
}

// draftOptions are inboxOptions that write each accepted submission's
// draft 自评报告, as run does, and score a project form by its own rules.
func draftOptions() inbox.Options {
	o := inboxOptions()
	o.FormRules = map[string]*rulebook.Rulebook{
		template.FormDepartment: rulebook.DefaultFor(template.FormDepartment),
		template.FormProject:    rulebook.DefaultFor(template.FormProject),
	}
	o.Draft = func(rep *report.Report, c *report.Contents, w io.Writer) error {
		doc, err := narrative.Build(rep, c, narrative.Options{})
		if err != nil {
			return err
		}
		return doc.WriteDocx(w)
	}
	return o
}

// TestDraftDownload: a department's page offers the draft 自评报告 that
// run wrote beside the annotated copy of an accepted form, department and
// project form alike, and serves it byte for byte as a Word document; a
// returned form has none, and nothing is served without a session.
func TestDraftDownload(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "inbox")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"nanchang-2022.xlsx", "example-returned-2022.xlsx"} {
		if err := os.WriteFile(filepath.Join(in, name), sampleBytes(t, name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	projectWorkbook(t, filepath.Join(in, "project-2022.xlsx"))
	r, err := inbox.Open(context.Background(), root, draftOptions())
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Pass(context.Background(), true)
	r.Close()
	if err != nil || res.Processed != 3 {
		t.Fatalf("pass: %+v, %v", res, err)
	}

	ts := startServer(t, root, func(o *web.Options) { o.Inbox = draftOptions() })
	c := ts.signIn(t)
	f := inbox.FoldersOf(root)
	for _, tc := range []struct {
		code  string
		draft bool
	}{{seedCode, true}, {projectCode, true}, {returnedCode, false}} {
		var id int64
		var annotated string
		for _, e := range ledgerEntries(t, root) {
			if e.Department.Code == tc.code {
				id, annotated = e.ID, e.Check.Annotated
				if tc.draft && e.Check.Status != report.Accepted {
					t.Fatalf("%s: status %s, want accepted", tc.code, e.Check.Status)
				}
			}
		}
		if id == 0 {
			t.Fatalf("no ledger entry of %s", tc.code)
		}
		href := "/files/" + itoa(id) + "/draft"
		resp, body := get(t, c, ts.URL+"/department?code="+tc.code)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("department %s: %s", tc.code, resp.Status)
		}
		if has := strings.Contains(body, `href="`+href+`"`) && strings.Contains(body, "下载自评报告"); has != tc.draft {
			t.Errorf("department %s: draft link shown %v, want %v", tc.code, has, tc.draft)
		}
		resp, got := get(t, c, ts.URL+href)
		if !tc.draft {
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("draft of a returned form: %s", resp.Status)
			}
			continue
		}
		want, err := os.ReadFile(f.Abs(inbox.DraftName(annotated)))
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK || got != string(want) || !strings.Contains(resp.Header.Get("Content-Type"), "wordprocessingml") ||
			!strings.Contains(resp.Header.Get("Content-Disposition"), "docx") {
			t.Errorf("draft of %s: %s, %d bytes, want %d; %q %q", tc.code, resp.Status, len(got), len(want), resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
		}
		if tc.code == projectCode && !strings.Contains(docxBody(t, got), "项目支出绩效自评报告") {
			t.Errorf("the project's draft is not a project report")
		}
		if resp, _ := get(t, ts.client(t), ts.URL+href); resp.StatusCode == http.StatusOK {
			t.Errorf("draft served without a session: %s", resp.Status)
		}
	}
}

// docxBody returns the document part of a Word document's bytes.
func docxBody(t testing.TB, data string) string {
	t.Helper()
	z, err := zip.NewReader(strings.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
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
	}
	t.Fatal("no word/document.xml")
	return ""
}
