package narrative_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/narrative"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/template"
)

var samples = filepath.Join("..", "..", "samples")

// process checks a workbook and returns its report and contents.
func process(t testing.TB, path string) (*report.Report, *report.Contents) {
	t.Helper()
	rep, c, err := pipeline.ProcessContents(context.Background(), path, rulebook.DefaultRulebook(), pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rep, c
}

func build(t testing.TB, name string, opts narrative.Options) *narrative.Document {
	t.Helper()
	rep, c := process(t, filepath.Join(samples, name))
	doc, err := narrative.Build(rep, c, opts)
	if err != nil {
		t.Fatalf("Build(%s): %v", name, err)
	}
	return doc
}

// seedIndicator is an indicator of the seed form as data.
type seedIndicator struct {
	Name   string `json:"name"`
	Target string `json:"target"`
	Actual string `json:"actual"`
	Weight string `json:"weight"`
}

// seedForm reads the seed's indicators and its expected scores.
func seedForm(t testing.TB) ([]seedIndicator, map[string][2]string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(samples, "nanchang-2022.form.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Form struct {
			Indicators []seedIndicator `json:"indicators"`
		} `json:"form"`
		Expected struct {
			Scores []struct {
				Name       string `json:"name"`
				Completion string `json:"completion_pct"`
				Score      string `json:"score"`
			} `json:"indicator_scores"`
		} `json:"expected"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	scores := map[string][2]string{}
	for _, e := range s.Expected.Scores {
		scores[e.Name] = [2]string{e.Completion, e.Score}
	}
	return s.Form.Indicators, scores
}

var number = regexp.MustCompile(`[0-9]+(\.[0-9]+)?`)

// figures returns the numbers written in s, as the report writes them
// (trailing zeros dropped).
func figures(s string) map[string]bool {
	out := map[string]bool{}
	for _, m := range number.FindAllString(s, -1) {
		out[trim(m)] = true
	}
	return out
}

func trim(s string) string {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return s
	}
	return d.String()
}

// capped is a completion as the report writes it: at most 100.
func capped(pct string) string {
	d := decimal.RequireFromString(pct)
	if d.GreaterThan(decimal.NewFromInt(100)) {
		d = decimal.NewFromInt(100)
	}
	return d.Round(2).String()
}

// seedFigures are the figures of the seed document's 部门概况 and its
// 决算 (staffing, assets and their shares, income and spending and their
// shares by nature, function and economic class, carry-over) and of its
// budget execution: every one must be in the report. The seed's own
// "部门预算完成率91.38%" beside 9893.12 and 9452.13 (which give 95.54%) is
// where the report differs on purpose: it writes the rate beside the
// 资金情况 figures it comes from, 10343.67 and 9452.13.
var seedFigures = []string{
	"179", "51", "128", "178", "2", "125",
	"17570.36", "10296.33", "58.6", "7274.03", "41.4",
	"9893.12", "100", "0",
	"9452.13", "4560.51", "48.25", "4276.73", "283.78", "4891.62", "51.75",
	"6239.5", "66.01", "296.4", "3.14", "2444.35", "25.86", "471.87", "4.99",
	"4935.63", "52.22", "3450.34", "36.5", "57.95", "0.61", "1008.21", "10.67",
	"440.99",
	"10343.67", "91.38", "7", "94.44", "87.44", "94",
}

// TestSeedReport expects the seed sample's report to hold the seed's
// per-indicator sentences with the seed's figures (weight, target,
// actual, completion, score; the wording may differ), its 部门概况 figures,
// the department's reasons where the score is below the weight, and the
// seed's structure.
func TestSeedReport(t *testing.T) {
	doc := build(t, "nanchang-2022.xlsx", narrative.Options{})
	text := doc.Text()
	checkSeedFigures(t, text)
	inds, scores := seedForm(t)
	var paras []string
	for _, b := range doc.Blocks {
		if b.Key == "indicator" {
			paras = append(paras, b.Text)
		}
	}
	for _, in := range inds {
		p := findIndicator(paras, in.Name, in.Weight)
		if p == "" {
			t.Errorf("no paragraph for %s", in.Name)
			continue
		}
		got := figures(p)
		want := []string{in.Weight, scores[in.Name][1], capped(scores[in.Name][0])}
		for _, v := range []string{in.Target, in.Actual} {
			want = append(want, trim(number.FindString(v)))
		}
		for _, w := range want {
			if !got[trim(w)] {
				t.Errorf("%s: paragraph lacks %s:\n%s", in.Name, w, p)
			}
		}
	}
	// The seed's sentences, figure for figure (the seed writes 89.32%
	// for 3573 ÷ 4000 = 89.325%, which rounds half up to 89.33%).
	for _, want := range []string{
		"⑨“南昌赣通码”平台运行维护天数（2分）。依据《2022年部门整体支出绩效目标表》以及我局部门职能设置此指标；以2022年工作任务为导向，我局计划“南昌赣通码”平台运行维护天数达到360天以上，实际“南昌赣通码”平台运行维护天数为291天，目标任务完成率80.83%。由于按照南昌市委市政府统一部署",
		"我局计划扩种扩量电子证照达到290种以上，实际扩种扩量电子证照为289种，目标任务完成率99.66%。主要由于绩效目标调整不够及时",
		"该指标得分1.49分。",
		"我局计划交易中心开标达到4000次以上，实际交易中心开标为3573次，目标任务完成率89.33%。主要由于省属项目转移及疫情原因",
		"截至2022年12月31日，我局资产总额17570.36万元，其中：流动资产10296.33万元，占比58.6%；非流动资产7274.03万元，占比41.4%。",
		"①按支出性质划分：基本支出4560.51万元，占支出决算总额的48.25%，包括人员经费4276.73万元、公用经费283.78万元；项目支出4891.62万元，占支出决算总额的51.75%。",
		"全年预算数10343.67万元，全年执行数9452.13万元，预算执行率91.38%，未达到100%。主要由于部分资金尚未达到支付要求",
		"自评得分94.44分（其中绩效指标得分87.44分，预算执行得分7分），自评等级为“优”",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	for _, want := range []string{"一、部门概况", "（一）部门基本情况", "二、部门整体支出绩效实现情况", "1.数量方面", "三、部门整体支出绩效中存在问题及改进措施", "四、绩效自评结果拟应用和公开情况", "附件"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks the heading %q", want)
		}
	}
	if strings.Contains(text, narrative.MarkDoubtful) || strings.Contains(text, narrative.MarkMissing) {
		t.Errorf("the seed's report has a mark, want none: it is accepted and holds every text")
	}
}

// findIndicator returns the paragraph of an indicator: its number, its
// name and its weight, ①网上业务办理（3分）.
func findIndicator(paras []string, name, weight string) string {
	for _, p := range paras {
		_, size := utf8.DecodeRuneInString(p)
		if rest := p[size:]; strings.HasPrefix(rest, name+"（"+trim(weight)+"分）") {
			return p
		}
	}
	return ""
}

func checkSeedFigures(t *testing.T, text string) {
	t.Helper()
	got := figures(text)
	for _, f := range seedFigures {
		if !got[f] {
			t.Errorf("report lacks the seed's figure %s", f)
		}
	}
}

// TestOverrideOneText expects a replaced text template to change its own
// paragraph and nothing else.
func TestOverrideOneText(t *testing.T) {
	base := build(t, "nanchang-2022.xlsx", narrative.Options{})
	tx, err := narrative.DefaultTexts().Override("override.tmpl", `{{define "staff"}}{{.Self}}共有编制{{.Staff.Authorized}}名。{{end}}`)
	if err != nil {
		t.Fatal(err)
	}
	got := build(t, "nanchang-2022.xlsx", narrative.Options{Texts: tx})
	if len(got.Blocks) != len(base.Blocks) {
		t.Fatalf("%d blocks, want %d", len(got.Blocks), len(base.Blocks))
	}
	changed := 0
	for i := range got.Blocks {
		g, b := got.Blocks[i], base.Blocks[i]
		if g.Key == "staff" {
			if g.Text != "我局共有编制179名。" {
				t.Errorf("overridden paragraph = %q", g.Text)
			}
			changed++
			continue
		}
		if g.Text != b.Text || g.Key != b.Key || (g.Table == nil) != (b.Table == nil) {
			t.Errorf("block %d (%s) changed: %q, was %q", i, g.Key, g.Text, b.Text)
		}
	}
	if changed != 1 {
		t.Errorf("%d staff paragraphs, want 1", changed)
	}
}

// TestOverrideErrors expects a bad file of templates to be refused with
// its line and a Chinese reason.
func TestOverrideErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"\n{{define \"no_such\"}}x{{end}}", "第 2 行：没有名为“no_such”的段"},
		{"{{define \"staff\"}}{{.Self{{end}}", "模板语法有误"},
		{"只有文字", "没有可替换的段"},
	} {
		_, err := narrative.DefaultTexts().Override("x.tmpl", tc.src)
		var te *narrative.TextsError
		if !errors.As(err, &te) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Override(%q) = %v, want a TextsError with %q", tc.src, err, tc.want)
		}
	}
}

// TestRefusesErrors expects a workbook with errors refused, and drafted
// with --draft: its doubtful figures marked, its findings listed.
func TestRefusesErrors(t *testing.T) {
	rep, c := process(t, filepath.Join(samples, "example-returned-2022.xlsx"))
	if _, err := narrative.Build(rep, c, narrative.Options{}); !errors.Is(err, narrative.ErrFindings) {
		t.Fatalf("Build = %v, want ErrFindings", err)
	}
	doc, err := narrative.Build(rep, c, narrative.Options{Draft: true})
	if err != nil {
		t.Fatal(err)
	}
	text := doc.Text()
	// 项目支出's execution, written in 元, is at 资金情况!C7: doubtful in
	// the appendix.
	if !strings.Contains(text, "4891.6222"+narrative.MarkDoubtful) {
		t.Errorf("the 项目支出 execution (资金情况!C7, unit_mismatch) is not marked doubtful")
	}
	if !strings.Contains(text, "自评得分94.44"+narrative.MarkDoubtful) {
		t.Errorf("the total of a workbook with errors is not marked doubtful")
	}
	var listed int
	for _, b := range doc.Blocks {
		if b.Key == "finding" {
			listed++
		}
	}
	if listed != len(rep.Findings) {
		t.Errorf("%d findings listed, want %d", listed, len(rep.Findings))
	}
	if !strings.Contains(text, "【错误】资金情况!C7") {
		t.Errorf("the unit_mismatch at 资金情况!C7 is not listed")
	}
	// Its 报告素材 is empty: each text is to be written.
	if n := strings.Count(text, narrative.MarkMissing); n < 6 {
		t.Errorf("%d 【待补充】, want one for each of the 6 empty texts at least", n)
	}
}

// TestWithoutNarrativeSheet expects a workbook from a template before the
// 报告素材 sheet to draft, each text it lacks marked 【待补充】 and no
// finding about the sheet.
func TestWithoutNarrativeSheet(t *testing.T) {
	f, err := excelize.OpenFile(filepath.Join(samples, "nanchang-2022.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.DeleteSheet(template.Department.Narrative.Name); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	rep, c := process(t, path)
	for _, fd := range rep.Findings {
		if strings.Contains(fd.Ref, template.Department.Narrative.Name) || strings.Contains(fd.Message, template.Department.Narrative.Name) {
			t.Errorf("finding about the optional sheet: %+v", fd)
		}
	}
	doc, err := narrative.Build(rep, c, narrative.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range doc.Blocks {
		switch b.Key {
		case "duties", "organization", "annual_goal", "tasks", "perf_mgmt", "measures":
			if !strings.HasPrefix(b.Text, narrative.MarkMissing) {
				t.Errorf("%s = %q, want it marked %s", b.Key, b.Text, narrative.MarkMissing)
			}
		}
	}
	checkSeedFigures(t, doc.Text())
}

// TestShare expects shares computed in decimal, rounded half away from
// zero to two places, and a zero whole to give no share.
func TestShare(t *testing.T) {
	f := func(s string) narrative.Figure {
		return narrative.Figure{Value: decimal.RequireFromString(s), OK: true}
	}
	for _, tc := range []struct{ part, whole, want string }{
		{"4560.51", "9452.13", "48.25"},
		{"3450.34", "9452.13", "36.5"},
		{"1", "3", "33.33"},
		{"2", "3", "66.67"},
		{"1", "8", "12.5"},   // 12.5 exactly
		{"1", "800", "0.13"}, // 0.125 rounds up
		{"0", "9893.12", "0"},
		{"1", "0", narrative.MarkMissing},
	} {
		if got := narrative.Share(f(tc.part), f(tc.whole)).String(); got != tc.want {
			t.Errorf("Share(%s, %s) = %s, want %s", tc.part, tc.whole, got, tc.want)
		}
	}
}
