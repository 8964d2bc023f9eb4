package template

import (
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

// projectData is a project form touching every part of the project layout.
func projectData() *Data {
	return &Data{
		Year: 2022,
		Fields: map[string]string{
			"project_name":   "城区老旧小区改造项目",
			"dept_name":      "示例市住房和城乡建设局",
			"unit":           "示例市城市更新中心",
			"manager":        "张三",
			"declared_total": "92.5",
			"goal_expected":  "完成 12 个老旧小区改造",
			"goal_achieved":  "完成 11 个老旧小区改造",
			"budget_reason":  "一个小区因居民意见未统一推迟开工。",
		},
		Budget: map[string]map[string]string{
			BudgetTotal:     {BudgetColInitial: "1200", BudgetColPlan: "1100", BudgetColExecution: "1045", BudgetColWeight: "10", BudgetColRate: "95", BudgetColScore: "9.5"},
			BudgetFiscal:    {BudgetColInitial: "1000", BudgetColPlan: "900", BudgetColExecution: "860"},
			BudgetCarryover: {BudgetColInitial: "200", BudgetColPlan: "200", BudgetColExecution: "185"},
			BudgetOther:     {BudgetColInitial: "0", BudgetColPlan: "0", BudgetColExecution: "0"},
		},
		Indicators: []map[string]string{
			{ColLevel1: "产出指标", ColLevel2: "数量指标", ColName: "改造小区数量", ColTarget: "=12个", ColActual: "11个", ColWeight: "20", ColSelfScore: "18.33", ColReason: "一个小区推迟开工"},
		},
	}
}

func TestProjectLayoutRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "project.xlsx")
	if err := WriteTemplate(path, Project, projectData()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"填报说明", "基本信息", "资金情况", "总体目标", "绩效指标", "报告素材", "_lists", "_meta"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Errorf("sheets = %v, want %v (no 决算收支 on a project form; its optional 报告素材 last)", got, want)
	}
	form := Read(f, Project)
	if len(form.Issues) > 0 {
		t.Errorf("issues reading a generated project form: %+v", form.Issues)
	}
	if form.Meta[MetaFormKind] != FormProject {
		t.Errorf("meta form kind = %q, want %q", form.Meta[MetaFormKind], FormProject)
	}
	for key, want := range map[string]string{"project_name": "城区老旧小区改造项目", "unit": "示例市城市更新中心", "dept_name": "示例市住房和城乡建设局", "goal_achieved": "完成 11 个老旧小区改造"} {
		if got := form.Fields[key].Raw; got != want {
			t.Errorf("field %s = %q, want %q", key, got, want)
		}
	}
	var keys []string
	for _, br := range form.Budget {
		keys = append(keys, br.Key)
	}
	if want := []string{BudgetTotal, BudgetFiscal, BudgetCarryover, BudgetOther}; !slices.Equal(keys, want) {
		t.Fatalf("budget rows = %v, want %v", keys, want)
	}
	if got := form.Budget[0].Cells[BudgetColInitial].Raw; got != "1200" {
		t.Errorf("年初预算数 = %q, want 1200", got)
	}
	if got := form.Budget[0].Cells[BudgetColPlan].Raw; got != "1100" {
		t.Errorf("全年预算数 = %q, want 1100", got)
	}
	if len(form.Indicators) != 1 || form.Indicators[0].Target.Raw != "=12个" {
		t.Errorf("indicators = %+v", form.Indicators)
	}
}

// TestProjectPublishedLabels reads a project form as provinces publish it:
// 其中：本年财政拨款, 调整后预算数, 预算执行数, 权重.
func TestProjectPublishedLabels(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "基本信息"))
	for i, kv := range [][2]string{{"项目名称", "乡村道路养护"}, {"主管部门名称", "示例县交通运输局"}, {"项目实施单位", "示例县公路事务中心"}, {"评价年度", "2022"}, {"自评总分", "95"}} {
		must(f.SetSheetRow("基本信息", "A"+strconv.Itoa(i+3), &[]any{kv[0], kv[1]}))
	}
	_, err := f.NewSheet("资金情况")
	must(err)
	must(f.SetSheetRow("资金情况", "A2", &[]any{"项目资金（万元）", "年初预算", "调整后预算数", "预算执行数", "权重", "预算执行率", "得分"}))
	must(f.SetSheetRow("资金情况", "A3", &[]any{"年度资金总额", 100, 120, 114, 10, "95%", 9.5}))
	must(f.SetSheetRow("资金情况", "A4", &[]any{"其中：本年财政拨款", 100, 100, 95}))
	must(f.SetSheetRow("资金情况", "A5", &[]any{"上年结转资金", 0, 20, 19}))
	must(f.SetSheetRow("资金情况", "A6", &[]any{"其他资金", 0, 0, 0}))
	form := Read(f, Project)
	for _, k := range []string{"project_name", "dept_name", "unit"} {
		if form.Fields[k].Empty() {
			t.Errorf("field %s not found by its alias", k)
		}
	}
	if len(form.Budget) != 4 {
		t.Fatalf("budget rows = %+v, want 4", form.Budget)
	}
	if got := form.Budget[1].Cells[BudgetColExecution].Raw; got != "95" {
		t.Errorf("本年财政拨款's 预算执行数 = %q, want 95", got)
	}
	if got := form.Budget[0].Cells[BudgetColPlan].Raw; got != "120" {
		t.Errorf("调整后预算数 = %q, want 120", got)
	}
}

func TestProjectCellNames(t *testing.T) {
	names, err := Project.CellNames()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range names {
		got = append(got, n.Name)
	}
	for _, want := range []string{"资金情况.年度资金总额.年初预算数", "资金情况.上年结转资金.执行数", "资金情况.当年财政拨款.计算执行率", "基本信息.自评总分"} {
		if !slices.Contains(got, want) {
			t.Errorf("cell names lack %s: %v", want, got)
		}
	}
}
