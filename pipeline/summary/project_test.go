package summary_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline/inbox"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/roster"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/summary"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx/xlsxtest"
)

// projectSample returns the bytes of a published project form with its
// 主管部门 and 部门编码 set (left as published when name is "").
func projectSample(t *testing.T, file, name, code string, more ...func(*excelize.File) error) []byte {
	t.Helper()
	path := filepath.Join(pipelinetest.Samples, "project", file)
	var changes []func(*excelize.File) error
	if name != "" {
		deptRef := template.ParseRef(pipelinetest.RefOfLabel(t, path, "基本信息", "主管部门"))
		codeRef := template.ParseRef(pipelinetest.RefOfLabel(t, path, "基本信息", "部门编码"))
		changes = append(changes, pipelinetest.Set(deptRef.Sheet, deptRef.Cell(), name), pipelinetest.Set(codeRef.Sheet, codeRef.Cell(), code))
	}
	changes = append(changes, more...)
	out := pipelinetest.MutatedFrom(t, path, func(f *excelize.File) error {
		for _, c := range changes {
			if err := c(f); err != nil {
				return err
			}
		}
		return nil
	})
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

const (
	seedCode = "101001"
	seedName = "南昌市政务服务数据管理局"
)

// projectLedger runs one inbox pass, as perfeval run does (each form by
// its own built-in rules), over the seed's department form, two project
// forms of the seed's department (one of them in two versions), the
// published 中江 project form (a department that sent no department form
// of its own) and the published 天长 form (no 主管部门), and returns the
// root and the ledger's entries for the summary.
func projectLedger(t *testing.T) (string, []summary.Entry) {
	t.Helper()
	root := t.TempDir()
	inboxDir := filepath.Join(root, "inbox")
	if err := os.MkdirAll(inboxDir, 0o755); err != nil {
		t.Fatal(err)
	}
	seed, err := os.ReadFile(pipelinetest.SeedWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	declared := template.ParseRef(pipelinetest.RefOfLabel(t, filepath.Join(pipelinetest.Samples, "project", "tianchang-2022.xlsx"), "基本信息", "自评总分"))
	files := map[string][]byte{
		"南昌-部门整体.xlsx": seed,
		"南昌-水旱灾害.xlsx": projectSample(t, "tianchang-2022.xlsx", seedName, seedCode),
		"南昌-水标尺.xlsx":  projectSample(t, "zhongjiang-2022.xlsx", seedName, seedCode),
		"中江-水标尺.xlsx":  projectSample(t, "zhongjiang-2022.xlsx", "", ""),
		"天长-水旱灾害.xlsx": projectSample(t, "tianchang-2022.xlsx", "", ""),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(inboxDir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	o := inbox.Options{Rulebook: rulebook.DefaultRulebook(), PerfevalVersion: "test", Workers: 2, Settle: 10 * time.Millisecond, Quarantine: 10 * time.Millisecond,
		FormRules: map[string]*rulebook.Rulebook{
			template.FormDepartment: rulebook.DefaultFor(template.FormDepartment),
			template.FormProject:    rulebook.DefaultFor(template.FormProject),
		}}
	r, err := inbox.Open(context.Background(), root, o)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Pass(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	// The 水旱灾害 project's second version, after the first pass.
	v2 := projectSample(t, "tianchang-2022.xlsx", seedName, seedCode, pipelinetest.Set(declared.Sheet, declared.Cell(), 99))
	if err := os.WriteFile(filepath.Join(inboxDir, "南昌-水旱灾害-第二版.xlsx"), v2, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Pass(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	f := inbox.FoldersOf(root)
	es, err := summary.FromLedger(context.Background(), r.Ledger(), f.Ledger, f.Abs, newStore(t))
	if err != nil {
		t.Fatal(err)
	}
	return root, es
}

// TestProjectForms: a department's own form and its project forms make
// one 汇总 row and two 项目支出 rows under it; a project's second version
// replaces its first, never the department's form; a department with
// project forms only is 未报送 in 汇总; a project form without a 主管部门 is
// listed among the unidentified; 未达标指标 and 审核问题 say which form
// each row is of.
func TestProjectForms(t *testing.T) {
	root, es := projectLedger(t)
	s := summary.Build(es, summary.Options{BuiltAt: time.Now()})
	var depts []string
	for _, r := range s.Departments {
		depts = append(depts, r.Code+"/"+r.Name+"/"+string(r.Status)+"/"+text(r.Total))
	}
	if want := []string{"101001/南昌市政务服务数据管理局/accepted/94.44", "/中江县水利局/missing/"}; !slices.Equal(depts, want) {
		t.Fatalf("汇总 rows %q, want %q", depts, want)
	}
	if s.Departments[0].Version != 1 || s.Departments[0].Rank != 1 || s.Departments[1].Rank != 0 {
		t.Errorf("the department's row %+v", s.Departments[0])
	}
	if s.Counts.Submitted != 1 || s.Counts.Accepted != 1 || s.Counts.Missing != 1 || s.Counts.Projects != 3 || s.Counts.ProjectDepartments != 2 || s.Counts.Unidentified != 1 {
		t.Errorf("counts %+v", s.Counts)
	}
	if len(s.Missing) != 1 || s.Missing[0].Name != "中江县水利局" || s.Missing[0].Projects != 1 || !strings.Contains(s.Missing[0].Note, "已报送项目支出表 1 份") {
		t.Errorf("missing %+v", s.Missing)
	}
	if len(s.Unknown) != 1 || !strings.Contains(s.Unknown[0].Reason, "没有填写主管部门") || !strings.Contains(s.Unknown[0].Reason, "水旱灾害防御经费") {
		t.Errorf("unidentified %+v", s.Unknown)
	}
	// The city-wide line counts the department form alone.
	if s.Totals.AmountsOf != 1 || text(s.Totals.Budget) != "10343.6719" || text(s.Totals.TotalMean) != "94.44" {
		t.Errorf("totals %+v", s.Totals)
	}
	if len(s.Projects) != 2 {
		t.Fatalf("%d project groups, want 2", len(s.Projects))
	}
	g := s.Projects[0]
	var names []string
	for _, p := range g.Projects {
		names = append(names, p.Name+" v"+string(rune('0'+p.Version)))
	}
	if g.Code != seedCode || g.Status != report.Accepted || !slices.Equal(names, []string{"中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装 v1", "水旱灾害防御经费 v2"}) {
		t.Errorf("group %s %s %s: %q", g.Code, g.Name, g.Status, names)
	}
	if text(g.Budget) != "900" || text(g.Execution) != "900" || text(g.Rate) != "100" || g.AmountsOf != 2 {
		t.Errorf("subtotal %s / %s / %s of %d", text(g.Budget), text(g.Execution), text(g.Rate), g.AmountsOf)
	}
	if v2 := g.Projects[1]; text(v2.Declared) != "99" || v2.Annotated == "" {
		t.Errorf("水旱灾害 v2: declared %s, annotated %q", text(v2.Declared), v2.Annotated)
	}
	if s.Projects[1].Name != "中江县水利局" || s.Projects[1].Status != summary.Missing || len(s.Projects[1].Projects) != 1 {
		t.Errorf("second group %+v", s.Projects[1])
	}
	if s.ProjectTotals.Projects != 3 || s.ProjectTotals.Departments != 2 || text(s.ProjectTotals.Budget) != "920" {
		t.Errorf("project totals %+v", s.ProjectTotals)
	}
	// Findings and shortfalls: the department's own first, then its
	// projects', each saying which form.
	shortfalls, findings, err := s.Details()
	if err != nil {
		t.Fatal(err)
	}
	forms := map[string]int{}
	for _, f := range findings {
		forms[f.Code+" "+summary.FormLabel(f.Project)]++
	}
	for _, k := range []string{"101001 部门整体", "101001 项目：水旱灾害防御经费", " 项目：中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装"} {
		if forms[k] == 0 {
			t.Errorf("no finding of %q: %v", k, forms)
		}
	}
	if findings[0].Project != "" {
		t.Errorf("the first finding is a project's: %+v", findings[0])
	}

	out := filepath.Join(root, "outbox", "汇总.xlsx")
	if err := s.Save(out); err != nil {
		t.Fatal(err)
	}
	main := table(cells(t, out, summary.SheetSummary), "部门编码", "全市合计")
	if len(main) != 2 || main[0]["部门编码"] != seedCode || main[1]["状态"] != "未报送" || !strings.Contains(main[1]["备注"], "已报送项目支出表 1 份") {
		t.Errorf("汇总 %v", main)
	}
	rows := table(cells(t, out, summary.SheetProjects), "部门编码", "")
	if len(rows) != 8 {
		t.Fatalf("项目支出 has %d rows, want heading, 2 projects, subtotal, heading, 1 project, subtotal, total: %v", len(rows), rows)
	}
	want := []map[string]string{
		{"部门编码": "101001　南昌市政务服务数据管理局（2 个项目；部门整体支出表：通过）", "项目名称": ""},
		{"部门编码": seedCode, "项目名称": "中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装", "实施单位": "中江县水利局",
			"状态": "退回修改", "版本": "1", "全年预算数（万元）": "20", "全年执行数（万元）": "20", "执行率": "1"},
		{"部门编码": seedCode, "项目名称": "水旱灾害防御经费", "实施单位": "天长市水利局", "版本": "2",
			"全年预算数（万元）": "880", "全年执行数（万元）": "880", "执行率": "1", "自评总分": "99"},
		{"部门编码": seedCode, "项目名称": "小计（2 个项目）", "全年预算数（万元）": "900", "全年执行数（万元）": "900", "执行率": "1", "复核总分": ""},
		{"部门编码": "中江县水利局（1 个项目；部门整体支出表：未报送）"},
		{"部门编码": "", "版本": "1", "全年预算数（万元）": "20"},
		{"部门编码": "", "项目名称": "小计（1 个项目）", "全年预算数（万元）": "20"},
		{"项目名称": "全部项目合计（2 个部门，3 个项目）", "全年预算数（万元）": "920", "全年执行数（万元）": "920", "执行率": "1"},
	}
	for i, w := range want {
		for col, v := range w {
			if rows[i][col] != v {
				t.Errorf("项目支出 row %d %s = %q, want %q", i+1, col, rows[i][col], v)
			}
		}
	}
	// Every project row carries the report's figures.
	for i, p := range append(slices.Clone(g.Projects), s.Projects[1].Projects...) {
		row := rows[[]int{1, 2, 5}[i]]
		for col, v := range map[string]string{"预算执行得分": text(p.BudgetScore), "指标得分": text(p.IndicatorScore), "复核总分": text(p.Total),
			"自评总分": text(p.Declared), "差异（自评−复核）": text(p.Difference), "等级": p.Grade, "总分说明": p.TotalNote(),
			"错误": itoa(p.Errors), "警告": itoa(p.Warnings), "批注版": filepath.Base(p.Annotated)} {
			if row[col] != v {
				t.Errorf("项目支出 %s %s = %q, want %q", p.Name, col, row[col], v)
			}
		}
	}
	projectFindings := 0
	for _, f := range findings {
		if f.Project != "" {
			projectFindings++
		}
	}
	if title := cells(t, out, summary.SheetFindings)[0][0]; projectFindings == 0 || !strings.Contains(title, fmt.Sprintf("共 %d 条", len(findings))) ||
		!strings.Contains(title, fmt.Sprintf("其中项目支出表 %d 条", projectFindings)) {
		t.Errorf("审核问题's title %q, want %d findings, %d of project forms", title, len(findings), projectFindings)
	}
	if title := cells(t, out, summary.SheetShortfalls)[0][0]; !strings.Contains(title, fmt.Sprintf("共 %d 个", len(shortfalls))) {
		t.Errorf("未达标指标's title %q, want %d shortfalls", title, len(shortfalls))
	}
	fr := table(cells(t, out, summary.SheetFindings), "部门编码", "")
	if len(fr) != len(findings) || fr[0]["自评表"] != "部门整体" {
		t.Errorf("审核问题 has %d rows (want %d), first %v", len(fr), len(findings), fr[0])
	}
	if !slices.ContainsFunc(fr, func(r map[string]string) bool {
		return r["自评表"] == "项目：水旱灾害防御经费" && r["部门编码"] == seedCode
	}) {
		t.Error("审核问题 has no row of the 水旱灾害 project")
	}
	sf := table(cells(t, out, summary.SheetShortfalls), "部门编码", "")
	if len(sf) != len(shortfalls) || len(shortfalls) == 0 {
		t.Errorf("未达标指标 has %d rows, want %d", len(sf), len(shortfalls))
	}
	// Each row says its form, as its shortfall does.
	for i, row := range sf {
		if i < len(shortfalls) && row["自评表"] != summary.FormLabel(shortfalls[i].Project) {
			t.Errorf("未达标指标 row %d is of %q, its shortfall of %q", i+1, row["自评表"], shortfalls[i].Project)
		}
	}

	// The sheet's links, freeze, filter, print setup and outline.
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if names := f.GetSheetList(); !slices.Equal(names[:3], []string{summary.SheetSummary, summary.SheetProjects, summary.SheetShortfalls}) {
		t.Errorf("sheets %v", names)
	}
	header, _ := f.GetRows(summary.SheetProjects)
	linkCol := slices.Index(header[3], "批注版") + 1
	cell, _ := excelize.CoordinatesToCellName(linkCol, 7)
	if ok, target, _ := f.GetCellHyperLink(summary.SheetProjects, cell); !ok || !strings.HasPrefix(target, "returned/101001-") {
		t.Errorf("link of 水旱灾害 v2: %v %q", ok, target)
	}
	panes, err := f.GetPanes(summary.SheetProjects)
	if err != nil || !panes.Freeze || panes.TopLeftCell != "C5" {
		t.Errorf("panes %+v %v", panes, err)
	}
	layout, err := f.GetPageLayout(summary.SheetProjects)
	if err != nil || *layout.Orientation != "landscape" || *layout.Size != 9 || *layout.FitToWidth != 1 {
		t.Errorf("page layout %+v %v", layout, err)
	}
	defined := map[string]string{}
	for _, n := range f.GetDefinedName() {
		if n.Scope == summary.SheetProjects {
			defined[n.Name] = n.RefersTo
		}
	}
	if defined["_xlnm.Print_Titles"] != "'项目支出'!$4:$4" || !strings.HasPrefix(defined["_xlnm.Print_Area"], "'项目支出'!$A$1:$P$") {
		t.Errorf("print names %v", defined)
	}
	for row, level := range map[int]uint8{5: 0, 6: 1, 7: 1, 8: 0, 9: 0, 10: 1, 11: 0, 12: 0} {
		if got, _ := f.GetRowOutlineLevel(summary.SheetProjects, row); got != level {
			t.Errorf("row %d outline level %d, want %d", row, got, level)
		}
	}
}

func itoa(n int) string { return decimal.NewFromInt(int64(n)).String() }

// TestProjectTotalNote: a provisional total is 暂定, a total without the
// budget score 不含预算执行, and a project form whose 主管部门 the roster
// knows by name is grouped under the roster's code; a roster department
// with only project forms is 未报送 with its contact.
func TestProjectTotalNote(t *testing.T) {
	seed, _ := samples(t)
	project := func(name string, provisional []string, excluded bool) *report.Report {
		r := clone(t, seed)
		r.Form = template.FormProject
		r.Project = &report.ProjectID{Name: name, Unit: "某单位"}
		r.Department = report.DepartmentID{Name: "南昌市政务服务数据管理局"}
		r.Provisional, r.BudgetExcluded = provisional, excluded
		r.SHA256 = name
		return r
	}
	other := clone(t, seed)
	other.Department = report.DepartmentID{Code: "109902", Name: "示例区财政局"}
	other.Form, other.Project = template.FormProject, &report.ProjectID{Name: "只有项目"}
	r, _ := roster.Parse("名单.csv", []byte("部门编码,部门名称,联系人,邮箱\n101001,南昌市政务服务数据管理局,张三,z@example.gov.cn\n109902,示例区财政局,李四,li@example.gov.cn\n"))
	s := summary.Build(entries(project("乙", []string{"绩效指标!G6"}, false), project("甲", nil, true), project("丙", []string{"绩效指标!G6"}, true), other),
		summary.Options{Roster: r})
	var got []string
	for _, g := range s.Projects {
		for _, p := range g.Projects {
			got = append(got, g.Code+" "+p.Name+" "+p.TotalNote())
		}
	}
	if want := []string{"101001 丙 暂定，不含预算执行", "101001 乙 暂定", "101001 甲 不含预算执行", "109902 只有项目 "}; !slices.Equal(got, want) {
		t.Errorf("projects %q, want %q", got, want)
	}
	var rows []string
	for _, d := range s.Departments {
		rows = append(rows, d.Code+" "+summary.StatusLabel(d.Status))
	}
	if want := []string{"101001 未报送", "109902 未报送"}; !slices.Equal(rows, want) {
		t.Errorf("汇总 %q, want %q", rows, want)
	}
	if len(s.Missing) != 2 || s.Missing[1].Contact != "李四" || s.Missing[1].Projects != 1 || s.Counts.Submitted != 0 {
		t.Errorf("missing %+v, counts %+v", s.Missing, s.Counts)
	}
}

// TestProjectSheetPrints: the 项目支出 sheet prints on A4 landscape with
// its header on every page and no text below 9 points.
func TestProjectSheetPrints(t *testing.T) {
	xlsxtest.RequireTool(t, "soffice", "--version")
	seed, _ := samples(t)
	var reps []*report.Report
	for i := range 40 {
		r := clone(t, seed)
		r.Form, r.Project = template.FormProject, &report.ProjectID{Name: "项目" + strings.Repeat("建设", i%4) + itoa(i), Unit: "某某实施单位"}
		r.Department = report.DepartmentID{Code: itoa(101001 + i%5), Name: "第" + itoa(i%5) + "局"}
		r.SHA256 = itoa(i)
		if i%3 == 0 {
			r.Provisional = []string{"绩效指标!G6"}
		}
		reps = append(reps, r)
	}
	path := filepath.Join(t.TempDir(), "汇总.xlsx")
	if err := summary.Build(entries(reps...), summary.Options{BuiltAt: time.Now()}).Save(path); err != nil {
		t.Fatal(err)
	}
	pages := xlsxtest.PDFPages(t, xlsxtest.PrintPDF(t, path))
	n := 0
	for i, p := range pages {
		if !strings.Contains(p.Text, "项目名称") || !strings.Contains(p.Text, "实施单位") {
			continue
		}
		n++
		if p.MinFont < 9 {
			t.Errorf("page %d of 项目支出 prints %q at %.2f pt", i+1, p.Smallest, p.MinFont)
		}
		if strings.Contains(p.Text, "批注版") || strings.Contains(p.Text, "报送时间") {
			t.Errorf("page %d prints the link column", i+1)
		}
	}
	if n < 2 {
		t.Errorf("项目支出 printed on %d pages with its header, want the header on each of at least 2", n)
	}
}

// TestProjectJoinsOwnFormByName: without a roster, a project form that
// names its 主管部门 without a code is grouped under the department whose
// own form has that name, with that form's code and status.
func TestProjectJoinsOwnFormByName(t *testing.T) {
	seed, _ := samples(t)
	p := clone(t, seed)
	p.Form, p.Project = template.FormProject, &report.ProjectID{Name: "项目甲"}
	p.Department = report.DepartmentID{Name: " 南昌市政务服务数据管理局"}
	p.SHA256 = "p"
	s := summary.Build(entries(seed, p), summary.Options{})
	if len(s.Departments) != 1 || len(s.Projects) != 1 {
		t.Fatalf("%d departments, %d project groups; want 1 and 1", len(s.Departments), len(s.Projects))
	}
	g := s.Projects[0]
	if g.Code != seedCode || g.Status != report.Accepted || g.Projects[0].Code != seedCode || g.Projects[0].Note != "" {
		t.Errorf("group %s %s, project %+v", g.Code, g.Status, g.Projects[0])
	}
	if s.Counts.Submitted != 1 || s.Counts.Missing != 0 || s.Totals.AmountsOf != 1 {
		t.Errorf("counts %+v, totals of %d", s.Counts, s.Totals.AmountsOf)
	}
}
