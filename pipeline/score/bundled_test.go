package score

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/template"
)

// TestBundledProjectRules scores, under each bundled project rulebook, the
// rows and budgets of the published forms it was made for, on figures
// worked by hand.
func TestBundledProjectRules(t *testing.T) {
	type row struct {
		name, target, actual, weight string
		self                         string // "" for none
		want                         string
		met                          bool
	}
	for _, tc := range []struct {
		rules            string
		rows             []row
		budget, executed string
		wantBudget       string
		wantTotal        string
	}{
		{"mof-project-2020", []row{
			{"完成中型灌区节水改造项目数量", "1", "1", "10", "10", "10", true},
			// Not met: actual ÷ target × weight, two places.
			{"新增灌溉面积", ">=1000亩", "862亩", "10", "", "8.62", false},
			// Qualitative bands: the self-score inside its band stands…
			{"群众生产生活条件改善", "显著提升", "部分达成", "10", "7", "7", false},
			// …and one outside it is brought to the band's end.
			{"工程管护", "达成年度指标", "部分达成年度指标并具有一定效果", "10", "9", "8", false},
			{"已建工程良性运行", "达成年度指标", "达成年度指标", "10", "8.5", "8.5", true},
			{"服务对象满意度", ">=90%", "100%", "10", "", "10", true},
			// Lower is better by name, though no operator says so.
			{"群众投诉率", "5%", "3%", "10", "", "10", true},
			{"项目成本控制率", "100%", "125%", "10", "", "8", false},
			// An operator written is what the form means: = is reached.
			{"病虫害防治控制率", "=90%", "95%", "10", "", "10", true},
			// A band without a self-score (missing_field asks for one)
			// scores its low end.
			{"管护制度落实", "达成年度指标", "部分达成", "10", "", "6", false},
		}, "880", "836", "9.5", "95.62"},
		{"project-whole-points", []row{
			// 廊坊 2019: 8.62 is written 9.
			{"供暖面积", ">=1000平方米", "862平方米", "10", "", "9", false},
			{"服务对象满意度", ">=90%", "95%", "10", "", "10", true},
			// Inside its band (3–4 of 5) a self-score stands as written,
			// though scores are rounded to whole points.
			{"工程管护", "达成年度指标", "部分达成", "5", "3.5", "3.5", false},
		}, "43.2", "37.24", "9", "31.5"},
		{"project-exclude-budget", []row{
			{"安装坡面水标尺", ">=266米", "≥266米", "60", "", "60", true},
			{"受益人口数", ">=1000人", ">=1000人", "30", "", "30", true},
			{"受益户满意度", ">=95%", "≥95%", "10", "", "10", true},
		}, "20", "20", "10", "100"},
	} {
		t.Run(tc.rules, func(t *testing.T) {
			rb, err := rulebook.Builtin(tc.rules)
			if err != nil {
				t.Fatal(err)
			}
			f := &Form{Source: &template.Form{Layout: template.Project, Columns: map[string]int{
				template.ColTarget: 4, template.ColActual: 5, template.ColWeight: 6, template.ColSelfScore: 7}}}
			for _, r := range tc.rows {
				l := line(t, r.name, r.target, r.actual, r.weight)
				if r.self != "" {
					l.SelfScore = Number{Value: decimal.RequireFromString(r.self), OK: true}
				}
				f.Lines = append(f.Lines, l)
			}
			b := decimal.RequireFromString(tc.budget)
			e := decimal.RequireFromString(tc.executed)
			f.Budget = []BudgetLine{{Key: template.BudgetTotal, Budget: Number{Value: b, OK: true}, Execution: Number{Value: e, OK: true},
				Rate: e.DivRound(b, rulebook.RatioPlaces), RateOK: true}}
			Score(f, rb)
			for i, r := range tc.rows {
				l := f.Lines[i]
				if !l.Scored || !l.Score.Equal(decimal.RequireFromString(r.want)) || l.Met != r.met {
					t.Errorf("%s: scored %v %s met %v, want %s met %v", r.name, l.Scored, l.Score, l.Met, r.want, r.met)
				}
			}
			if !f.BudgetScoreOK || !f.BudgetScore.Equal(decimal.RequireFromString(tc.wantBudget)) {
				t.Errorf("budget score %s (ok %v), want %s", f.BudgetScore, f.BudgetScoreOK, tc.wantBudget)
			}
			if !f.TotalOK || !f.Total.Equal(decimal.RequireFromString(tc.wantTotal)) {
				t.Errorf("total %s (ok %v), want %s", f.Total, f.TotalOK, tc.wantTotal)
			}
		})
	}
}

// TestBarePercent: a bare number above 1 against a percent target is read
// as the percent figure, or as a fraction where that is nearer the target.
func TestBarePercent(t *testing.T) {
	rb := rulebook.DefaultFor(template.FormProject)
	for _, tc := range []struct{ target, actual, want string }{
		{"﹦100%", "100", "100"},
		{">=95%", "96.12", "96.12"},
		{">=95%", "1.05", "105"},
		{"<=2%", "1.5", "1.5"},
	} {
		l := line(t, "指标", tc.target, tc.actual, "10")
		scoreLine(&l, rb)
		if !l.PercentAssumed || !l.AssumedPercent.Equal(decimal.RequireFromString(tc.want)) {
			t.Errorf("%s against %s: assumed %v %s%%, want %s%%", tc.actual, tc.target, l.PercentAssumed, l.AssumedPercent, tc.want)
		}
	}
}
