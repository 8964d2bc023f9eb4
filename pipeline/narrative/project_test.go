package narrative_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/narrative"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/template"
)

// publishedProject is a published project form as data
// (samples/project/*.form.json): the figures its report must state.
type publishedProject struct {
	Rulebook string `json:"rulebook"`
	Project  string `json:"project"`
	Unit     string `json:"unit"`
	Funds    []struct {
		Initial  *string `json:"initial"`
		Adjusted *string `json:"adjusted"`
		Executed *string `json:"executed"`
		Weight   *string `json:"weight"`
		Score    *string `json:"score"`
	} `json:"funds"`
	Indicators []struct {
		Name     *string `json:"name"`
		Target   *string `json:"target"`
		Actual   *string `json:"actual"`
		Weight   *string `json:"weight"`
		Score    *string `json:"score"`
		Template bool    `json:"template_row"`
	} `json:"indicators"`
}

// processProject checks a project sample under the rulebook its
// form.json names, and returns the report, the contents and the form.
func processProject(t testing.TB, name string) (*report.Report, *report.Contents, publishedProject) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(samples, "project", name+".form.json"))
	if err != nil {
		t.Fatal(err)
	}
	var p publishedProject
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	rb, err := rulebook.Builtin(p.Rulebook)
	if err != nil {
		t.Fatal(err)
	}
	rep, c, err := pipeline.ProcessContents(context.Background(), filepath.Join(samples, "project", name+".xlsx"), rb, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Form != template.FormProject {
		t.Fatalf("%s read as form %q, want %q", name, rep.Form, template.FormProject)
	}
	return rep, c, p
}

func buildProject(t testing.TB, name string) (*narrative.Document, *report.Report, publishedProject) {
	t.Helper()
	rep, c, p := processProject(t, name)
	doc, err := narrative.Build(rep, c, narrative.Options{Draft: true})
	if err != nil {
		t.Fatalf("Build(%s): %v", name, err)
	}
	return doc, rep, p
}

// projectFigures returns the published figures the report must hold: the
// funds, every indicator's weight and score, the numbers in its target and
// actual, and the checked total.
func projectFigures(p publishedProject, rep *report.Report) []string {
	var want []string
	add := func(s *string) {
		if s != nil {
			if n := number.FindString(*s); n != "" {
				want = append(want, trim(n))
			}
		}
	}
	for _, f := range p.Funds {
		add(f.Initial)
		add(f.Adjusted)
		add(f.Executed)
		add(f.Weight)
		add(f.Score)
	}
	for _, in := range p.Indicators {
		if in.Template || in.Weight == nil {
			continue
		}
		add(in.Target)
		add(in.Actual)
		add(in.Weight)
		add(in.Score)
	}
	want = append(want, rep.Total.Decimal.String(), rep.IndicatorTotal.Decimal.String(), rep.Budget.Score.Decimal.String())
	return want
}

// TestProjectReport expects the report of each published project form in
// the structure of a 项目支出绩效自评报告, with every published figure, the
// 年初预算数 beside the 全年预算数, a provisional total and a total without
// the budget score said so, and the missing narrative marked 【待补充】.
func TestProjectReport(t *testing.T) {
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"tianchang-2022", []string{
			"年初预算数880万元，全年预算数880万元，年中未作调整，其中：当年财政拨款880万元。",
			"全年执行数880万元，预算执行率100%",
			"预算执行得分10分（分值10分）。",
			"经自评，项目自评得分100【待核实】分（其中绩效指标得分90【待核实】分，预算执行得分10分）",
			"其中6个指标（指标1:工程质量合格、",
			"暂按自评得分计入，以上总分为暂定结果",
			"①指标1:工程质量合格（10【待核实】分）。年度指标值【待补充】【待核实】，实际完成值【待补充】【待核实】。该指标无法按评分规则复核，暂按自评得分10【待核实】分计入。",
			"①指标1:服务对象满意度（10分）。年度指标值90%，实际完成值100%，完成率111.11%。该指标得分10分。",
			"1.经济效益指标",
			"另有6个指标无法复核",
		}},
		{"zhongjiang-2022", []string{
			"年初预算数【待补充】万元，全年预算数20万元，其中：当年财政拨款20万元。",
			"预算执行得分10分（分值10分），按评分规则不计入总分。",
			"（绩效指标得分100分；预算执行得分10分，按评分规则不计入总分）", // accepted as published: nothing to verify
			"①安装坡面水标尺（10分）。年度指标值≥266米，实际完成值266米，完成率100%。该指标得分10分。",
			"项目共设置三级绩效指标9个，其中：产出指标6个（分值70分），效益指标2个（分值20分），满意度指标1个（分值10分）。",
			"项目负责人谢凯",
			"项目年度绩效目标：对农村地区供水计量设施设备进行改进,对项目区农业用水计量,为项目区农业生产夯实基础。",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, rep, p := buildProject(t, tc.name)
			text := doc.Text()
			for _, h := range []string{
				p.Project + "2022年度项目支出绩效自评报告",
				"一、项目概况", "（一）项目基本情况", "（二）资金投入和使用情况", "（三）绩效目标",
				"二、绩效自评工作开展情况", "三、综合评价结论", "四、绩效目标实现情况分析", "（一）产出指标完成情况",
				"（二）效益指标完成情况", "（三）满意度指标完成情况", "五、偏离绩效目标的原因和改进措施",
				"六、绩效自评结果拟应用和公开情况", "附：项目支出绩效自评表", "项目支出绩效自评表\n（2022年度）",
				p.Unit + "\n2023年  月  日",
			} {
				if !strings.Contains(text, h) {
					t.Errorf("report lacks %q", h)
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("report lacks %q", w)
				}
			}
			got := figures(text)
			for _, f := range projectFigures(p, rep) {
				if !got[f] {
					t.Errorf("report lacks the figure %s", f)
				}
			}
			// No narrative in a published form: each text the report
			// needs is marked, not invented.
			for _, key := range []string{"p_basic", "p_self_eval", "p_measures"} {
				found := false
				for _, b := range doc.Blocks {
					found = found || b.Key == key && strings.Contains(b.Text, narrative.MarkMissing)
				}
				if !found {
					t.Errorf("%s is not marked %s", key, narrative.MarkMissing)
				}
			}
			for _, key := range []string{"indicator", "staff", "h_overview"} {
				for _, b := range doc.Blocks {
					if b.Key == key {
						t.Errorf("the department template %s is in a project report: %q", key, b.Text)
					}
				}
			}
		})
	}
}

// TestProjectReportAdjusted drafts the report of a generated project form
// with its 报告素材 filled and a budget adjusted during the year: the
// adjustment is stated, the texts are quoted, the shortfall and the
// budget shortfall carry their reasons, and no text is missing.
func TestProjectReportAdjusted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "project.xlsx")
	d := &template.Data{
		Year: 2022,
		Fields: map[string]string{
			"project_name": "城区老旧小区改造项目", "project_code": "340000-2022-001", "dept_name": "示例市住房和城乡建设局",
			"unit": "示例市城市更新中心", "manager": "张三", "declared_total": "95.33", "fill_date": "2023年3月15日",
			"goal_expected": "完成 12 个老旧小区改造", "goal_achieved": "完成 11 个老旧小区改造；",
			"budget_reason":           "一个小区因居民意见未统一推迟开工。",
			template.NarrProjectBasic: "根据《示例市老旧小区改造三年行动计划》立项。",
			template.NarrSelfEval:     "成立自评工作小组，对照绩效目标逐项核查。",
			template.NarrMeasures:     "加强前期沟通。",
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
	rb, err := rulebook.Builtin("mof-project-2020")
	if err != nil {
		t.Fatal(err)
	}
	rep, c, err := pipeline.ProcessContents(context.Background(), path, rb, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := narrative.Build(rep, c, narrative.Options{Draft: true})
	if err != nil {
		t.Fatal(err)
	}
	text := doc.Text()
	for _, want := range []string{
		"城区老旧小区改造项目（项目编码340000-2022-001）的主管部门为示例市住房和城乡建设局，实施单位为示例市城市更新中心，项目负责人张三。",
		"根据《示例市老旧小区改造三年行动计划》立项。",
		"年初预算数1200万元，全年预算数1100万元，年中调减100万元，其中：当年财政拨款900万元，上年结转资金200万元。",
		"全年执行数1045万元，预算执行率95%",
		"一个小区因居民意见未统一推迟开工。",
		"成立自评工作小组，对照绩效目标逐项核查。",
		"年度总体目标完成情况：完成 11 个老旧小区改造。",
		"①改造小区数量（50分）。年度指标值=12个，实际完成值11个，完成率91.67%。一个小区推迟开工。该指标得分",
		"1.预算执行率未达到100%",
		"全年预算数1100万元，全年执行数1045万元，预算执行率95%，未达到100%。一个小区因居民意见未统一推迟开工。",
		"加强前期沟通。",
		"示例市城市更新中心\n2023年3月15日",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(text, narrative.MarkMissing) {
		t.Errorf("report has %s with every text filled:\n%s", narrative.MarkMissing, text)
	}
}

// TestOverrideProjectText expects a --text file to rewrite a project
// paragraph like a department one, and only that paragraph.
func TestOverrideProjectText(t *testing.T) {
	rep, c, _ := processProject(t, "zhongjiang-2022")
	base, err := narrative.Build(rep, c, narrative.Options{Draft: true})
	if err != nil {
		t.Fatal(err)
	}
	tx, err := narrative.DefaultTexts().Override("mine.tmpl", `{{define "p_self_eval"}}{{.Self}}于{{.NextYear}}年1月组织自评。{{end}}`)
	if err != nil {
		t.Fatal(err)
	}
	got, err := narrative.Build(rep, c, narrative.Options{Draft: true, Texts: tx})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Blocks) != len(base.Blocks) {
		t.Fatalf("%d blocks, want %d", len(got.Blocks), len(base.Blocks))
	}
	for i, b := range got.Blocks {
		if b.Key == "p_self_eval" {
			if b.Text != "我局于2023年1月组织自评。" {
				t.Errorf("p_self_eval = %q", b.Text)
			}
			continue
		}
		if b.Text != base.Blocks[i].Text {
			t.Errorf("block %d (%s) changed: %q, was %q", i, b.Key, b.Text, base.Blocks[i].Text)
		}
	}
}

// TestProjectDocxOpensInLibreOffice converts the published project forms'
// reports to text with LibreOffice and expects every published figure,
// every paragraph and every indicator of the appendix to survive.
func TestProjectDocxOpensInLibreOffice(t *testing.T) {
	pipelinetest.RequireTool(t, "soffice", "--version")
	dir := t.TempDir()
	names := []string{"tianchang-2022", "zhongjiang-2022"}
	docs := map[string]*narrative.Document{}
	reps := map[string]*report.Report{}
	forms := map[string]publishedProject{}
	var paths []string
	for _, n := range names {
		docs[n], reps[n], forms[n] = buildProject(t, n)
		p := filepath.Join(dir, n+".docx")
		if err := docs[n].WriteFile(p); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	args := append([]string{"--headless", "--norestore", "-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
		"--convert-to", "txt:Text (encoded):UTF8", "--outdir", filepath.Join(dir, "out")}, paths...)
	if b, err := exec.CommandContext(ctx, "soffice", args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	norm := func(s string) string { return strings.Join(strings.Fields(s), "") }
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, "out", n+".txt"))
		if err != nil {
			t.Fatalf("soffice wrote no text for %s: %v", n, err)
		}
		text := string(b)
		got := figures(text)
		for _, f := range projectFigures(forms[n], reps[n]) {
			if !got[f] {
				t.Errorf("%s: LibreOffice's text lacks the figure %s", n, f)
			}
		}
		all := norm(text)
		for _, bl := range docs[n].Blocks {
			if bl.Table == nil && bl.Text != "" && !strings.Contains(all, norm(bl.Text)) {
				t.Errorf("%s: LibreOffice's text lacks the paragraph %q", n, bl.Text)
			}
		}
		for _, in := range reps[n].Indicators {
			if !strings.Contains(all, norm(in.Name)) {
				t.Errorf("%s: LibreOffice's text lacks the indicator %s", n, in.Name)
			}
		}
	}
}
