package explain

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/perfeval/perfeval/pipeline/rulebook"
)

// TestRulesDefault: the guide of the default rulebook states the
// seed's rules, checked against a golden file (go test -run
// TestRulesDefault -update rewrites it).
func TestRulesDefault(t *testing.T) {
	guide := Rules(rulebook.DefaultRulebook(), 2022)
	text := strings.Join(guide, "\n") + "\n"
	for _, w := range []string{
		"产出指标 40 分", "效益指标 40 分", "满意度指标 10 分", "预算执行 10 分，合计 100 分",
		"完成率在 60% 及以下的不得分；超过 60% 的，得分 = 分值 ×（完成率 − 60%）÷ 40%",
		"得分 = 1.5 ×（99.66% − 60%）÷ 40% = 1.49。",
		"“达成预期指标”得分值的 100%", "执行率 ≥95% 得 10 分，≥90% 得 7 分，≥80% 得 4 分，低于 80% 不得分",
		"（如 94.44 填 94）", "等级按复核总分（不取整）确定：90 分及以上为“优”",
		"完成率超过 150% 的，审核时提示目标可能设定偏低",
		"审核时还按评分规则的审核公式逐条核对，以下情况会被指出：（1）决算收支表收支不平衡",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("guide lacks %q:\n%s", w, text)
		}
	}
	checkGuideGolden(t, "default", text)
}

var update = flag.Bool("update", false, "rewrite testdata/guide/*.txt from the current output")

// checkGuideGolden compares a guide's text with testdata/guide/NAME.txt,
// which -update rewrites.
func checkGuideGolden(t *testing.T, name, text string) {
	t.Helper()
	golden := filepath.Join("testdata", "guide", name+".txt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if text != string(want) {
		t.Errorf("guide differs from %s (run with -update after checking):\n%s", golden, text)
	}
}

// TestRulesRulebooks: a rulebook's guide, checked against a golden
// file (go test -run TestRulesRulebooks -update rewrites it), and
// the phrases each rule must show.
func TestRulesRulebooks(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // phrases of the guide
	}{
		{"full", "", []string{
			"产出指标 50 分", "满意度指标 10 分（服务对象满意度指标）", "合计 100 分",
			"按完成率分档计分", "完成率达到 100% 的得分值的 100%，达到 80% 的得分值的 80%，达到 60% 的得分值的 60%，低于 60% 的不得分",
			"“基本完成”得分值的 85.5%",
			"三级指标名称含“满意度”的指标另行按完成率扣分：完成率达到 100% 得满分；每低 2 个百分点扣 1 分",
			"三级指标名称含“成本”的指标另行按完成率分档计分", "得分取整（四舍五入）",
			"三级指标名称含“时效”的指标另行按完成率线性计分：完成率在 80% 及以下的不得分；超过 80% 的",
			"完成率超过 130% 的，说明年度指标值定得过低，该指标扣 2 分",
			"执行率在 50% 及以下的不得分；超过 50% 的，得分 = 10 ×（执行率 − 50%）÷ 50%", "得分保留 1 位小数（进一）",
			"预算执行率低于 60% 的，总分最高 59 分", "保留 1 位小数后的分数（如 94.44 填 94.4）",
			"85 分及以上为“优秀”，70 分及以上为“良好”，70 分以下为“一般”",
		}},
		{"proportional", "id: p\nname: 按比例\nindicators: {method: proportional, rounding: {places: 0, mode: floor}}\nbudget: {method: proportional}\n", []string{
			"定量指标按完成率计分：完成率 = 实际完成值 ÷ 年度指标值。得分 = 分值 × 完成率，最高不超过分值。得分取整（舍去）。",
			"分值 1.5，得分 1。", // 1.5 × 99.66% = 1.49, floored
			"分值 10 分：得分 = 执行率 × 10，最高 10 分。",
		}},
		{"pass_fail", "id: p\nname: 是否完成\nindicators: {method: pass_fail}\ntotal: {declared_places: 2}\n", []string{
			"按是否完成计分", "实际完成值达到年度指标值的得满分，未达到的不得分", "分值 1.5，得分 0。",
			"“自评总分”填写总分，保留 2 位小数。",
		}},
		{"deduct", "id: d\nname: 扣分\nindicators: {method: deduct, deduct: {per: 1%, points: 0.5}}\n", []string{
			"每低 1 个百分点扣 0.5 分", "分值 1.5，得分 1.33。", // 0.34 points short × 0.5
		}},
		{"budget bands without a zero band", "id: b\nname: 分档\nbudget: {bands: [{from: 90%, score: 10}, {from: 60%, score: 6}]}\n", []string{
			"执行率 ≥90% 得 10 分，≥60% 得 6 分，低于 60% 不得分。",
		}},
		{"one budget band from 0%", "id: b\nname: 分档\nbudget: {bands: [{from: 0%, score: 10}]}\n", []string{
			"分值 10 分：不论执行率高低均得 10 分。",
		}},
		{"one share band from 0%", "id: b\nname: 分档\nindicators: {method: bands, bands: [{from: 0%, share: 50%}]}\n", []string{
			"不论完成率高低均得分值的 50%",
		}},
		{"budget bands ending above zero", "id: b\nname: 分档\nbudget: {bands: [{from: 90%, score: 10}, {from: 0%, score: 3}]}\n", []string{
			"执行率 ≥90% 得 10 分，低于 90% 得 3 分。",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rb *rulebook.Rulebook
			var err error
			if tt.yaml == "" {
				rb, err = rulebook.LoadRulebook(filepath.Join("..", "rulebook", "testdata", "rulebooks", tt.name+".yaml"))
			} else {
				rb, err = rulebook.ParseRulebook(tt.name+".yaml", []byte(tt.yaml))
			}
			if err != nil {
				t.Fatal(err)
			}
			guide := Rules(rb, 2022)
			text := strings.Join(guide, "\n") + "\n"
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("guide lacks %q:\n%s", w, text)
				}
			}
			for i, p := range guide {
				if !strings.HasPrefix(p, strconv.Itoa(i+1)+". ") {
					t.Errorf("paragraph %d is numbered wrongly: %s", i+1, p)
				}
			}
			if tt.yaml != "" {
				return
			}
			checkGuideGolden(t, tt.name, text)
		})
	}
}

// TestTemplateData: a template made for a rulebook names it in _meta and
// offers its levels.
func TestTemplateData(t *testing.T) {
	rb, err := rulebook.LoadRulebook(filepath.Join("..", "rulebook", "testdata", "rulebooks", "full.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	d := TemplateData(rb, 2024)
	if d.Year != 2024 || d.RulebookID != "full-2024" {
		t.Errorf("TemplateData = year %d, rulebook %q; want 2024, full-2024", d.Year, d.RulebookID)
	}
	if len(d.Levels) != 3 || d.Levels[2].Name != "满意度指标" || !slices.Equal(d.Levels[2].Children, []string{"服务对象满意度指标"}) {
		t.Errorf("TemplateData levels = %+v, want the rulebook's", d.Levels)
	}
	if !slices.Equal(d.ScoringGuide, Rules(rb, 2024)) || !strings.Contains(strings.Join(d.ScoringGuide, ""), "2024年12月31日前") {
		t.Errorf("TemplateData guide is not the rulebook's")
	}
}
