package narrative

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/template"
)

// ProjectData is what the project report's text templates (project.tmpl)
// see: the project, its funds, its scores and the texts of the workbook.
// Its fields are documented at the top of project.tmpl.
type ProjectData struct {
	Project, Code, Dept, Unit, Manager string
	Self                               string
	Year, NextYear                     int
	Missing                            string

	Funds struct {
		// Rows are the 资金情况 rows; Sources those of them after the
		// total with a known, non-zero 全年预算数.
		Rows, Sources                                 []FundRow
		Initial, Plan, Execution, Rate, Weight, Score Figure
		// Change is |全年预算数 − 年初预算数|; Up and Down say which way
		// the budget was adjusted (neither when it was not, or when either
		// figure is missing).
		Change   Figure
		Up, Down bool
		Reason   string
	}
	// GoalExpected and GoalAchieved are the 总体目标 texts as sentences
	// ("" when blank).
	GoalExpected, GoalAchieved string
	Indicators                 int
	Levels                     []LevelData
	Full                       int
	Provisional                []string
	Total                      Figure
	Indicator                  Figure
	BudgetScore                Figure
	Declared                   Figure
	Grade                      string
	Excluded                   bool
	Capped                     bool
	CapBelow                   Figure
	CapMax                     Figure
	CapUncapped                Figure
	WeightTotal                Figure
	ScoreWeights               Figure

	texts map[string]string
}

// FundRow is one 资金情况 row of the project form.
type FundRow struct {
	Label                          string
	Initial, Plan, Execution, Rate Figure
	Total                          bool
	ref                            template.Ref
}

// LevelData is one 一级指标 of the project: its name, how many indicators
// it has, its weight and its checked score (an indicator that could not be
// scored counts at its self-score, as the total does).
type LevelData struct {
	Level1        string
	Count         int
	Weight, Score Figure
}

// Text returns the text the workbook holds under a field key (the
// 报告素材 sheet's narr_*, goal_expected, goal_achieved, fill_date, …),
// or "".
func (d *ProjectData) Text(key string) string { return d.texts[key] }

// oneLine joins a label's lines: 经济效益⏎指标 is 经济效益指标.
func oneLine(s string) string { return strings.Join(strings.Fields(s), "") }

// projectData gathers the project templates' data.
func (b *builder) projectData() *ProjectData {
	rep, c := b.rep, b.c
	d := &ProjectData{Year: rep.Year, Missing: MarkMissing, texts: c.Texts, Dept: rep.Department.Name}
	if rep.Project != nil {
		d.Project, d.Code, d.Unit = rep.Project.Name, rep.Project.Code, rep.Project.Unit
	}
	d.Manager = c.Texts["manager"]
	d.Self = self(d.Unit)
	if d.Self == "本部门" {
		d.Self = "本单位"
	}
	for _, p := range []*string{&d.Project, &d.Dept, &d.Unit, &d.Manager} {
		if *p == "" {
			*p = MarkMissing
		}
	}
	if d.Year > 0 {
		d.NextYear = d.Year + 1
	}
	d.GoalExpected, d.GoalAchieved = sentence(c.Texts["goal_expected"]), sentence(c.Texts["goal_achieved"])
	fd := &d.Funds
	for i, row := range rep.Budget.Rows {
		r := FundRow{Label: row.Name}
		var initial decimal.NullDecimal
		if i < len(c.BudgetRows) {
			cr := c.BudgetRows[i]
			r.ref, r.Total, initial = cr.Ref, cr.Key == template.BudgetTotal, cr.Initial
			for _, f := range c.Layout.Budget.Rows {
				if f.Key == cr.Key {
					r.Label = f.Label
				}
			}
		}
		r.Initial, r.Plan, r.Execution = b.null(initial, r.ref), b.null(row.Budget, r.ref), b.null(row.Execution, r.ref)
		r.Rate = b.null(row.Rate.NullDecimal, r.ref)
		fd.Rows = append(fd.Rows, r)
		if r.Total {
			fd.Initial, fd.Plan, fd.Execution, fd.Rate = r.Initial, r.Plan, r.Execution, r.Rate
			fd.Weight, fd.Score = b.null(rep.Budget.Weight, r.ref), b.null(rep.Budget.Score, r.ref)
		} else if r.Plan.OK && !r.Plan.Value.IsZero() {
			fd.Sources = append(fd.Sources, r)
		}
	}
	if fd.Initial.OK && fd.Plan.OK {
		diff := fd.Plan.Value.Sub(fd.Initial.Value)
		fd.Change = fig(diff.Abs(), true, fd.Initial.Doubtful || fd.Plan.Doubtful)
		fd.Up, fd.Down = diff.IsPositive(), diff.IsNegative()
	}
	if r := c.Texts["budget_reason"]; report.Meaningful(r) {
		fd.Reason = sentence(r)
	}

	provisional := map[template.Ref]bool{}
	for _, p := range rep.Provisional {
		r := template.ParseRef(p)
		provisional[template.Ref{Sheet: r.Sheet, Row: r.Row}] = true
	}
	weight, score := decimal.Zero, decimal.Zero
	for _, in := range rep.Indicators {
		d.Indicators++
		ref := template.ParseRef(in.Ref)
		var lv *LevelData
		for i := range d.Levels {
			if d.Levels[i].Level1 == in.Level1 {
				lv = &d.Levels[i]
			}
		}
		if lv == nil {
			d.Levels = append(d.Levels, LevelData{Level1: in.Level1, Weight: fig(decimal.Zero, true, false), Score: fig(decimal.Zero, true, false)})
			lv = &d.Levels[len(d.Levels)-1]
		}
		lv.Count++
		lv.Weight = Sum(lv.Weight, b.null(in.Weight, ref))
		s := in.Score
		if provisional[template.Ref{Sheet: ref.Sheet, Row: ref.Row}] {
			s = in.SelfScore
			d.Provisional = append(d.Provisional, oneLine(in.Name))
		}
		lv.Score = Sum(lv.Score, b.null(s, ref))
		if in.Weight.Valid {
			weight = weight.Add(in.Weight.Decimal)
		}
		if s.Valid {
			score = score.Add(s.Decimal)
		}
		if in.Score.Valid && in.Weight.Valid && in.Score.Decimal.GreaterThanOrEqual(in.Weight.Decimal) {
			d.Full++
		}
	}
	d.WeightTotal = fig(weight, true, false)
	d.ScoreWeights = d.WeightTotal
	if !rep.BudgetExcluded && rep.Budget.Weight.Valid {
		d.ScoreWeights = fig(weight.Add(rep.Budget.Weight.Decimal), true, false)
	}
	d.Total = fig(rep.Total.Decimal, rep.Total.Valid, b.doubt.errors)
	d.Indicator = fig(rep.IndicatorTotal.Decimal, rep.IndicatorTotal.Valid, b.doubt.errors)
	d.BudgetScore = fd.Score
	d.Declared = b.null(rep.DeclaredTotal, c.Refs["declared_total"])
	d.Excluded = rep.BudgetExcluded
	if rep.Cap != nil {
		d.Capped = true
		d.CapBelow, d.CapMax, d.CapUncapped = fig(rep.Cap.Below, true, false), fig(rep.Cap.Max, true, false), fig(rep.Cap.Uncapped, true, false)
	}
	d.Grade = rep.Grade
	if d.Grade == "" {
		d.Grade = MarkMissing
	} else if b.doubt.errors {
		d.Grade += MarkDoubtful
	}
	return d
}

// writeProject writes the project self-evaluation report (项目支出绩效自评
// 报告) in the structure such reports have: 一、项目概况; 二、绩效自评工作
// 开展情况; 三、综合评价结论; 四、绩效目标实现情况分析 (one paragraph per
// indicator by 一级 and 二级指标); 五、偏离绩效目标的原因和改进措施;
// 六、绩效自评结果拟应用和公开情况; the 项目支出绩效自评表 as an appendix.
func (b *builder) writeProject(draft bool) {
	d := b.projectData()
	b.doc = &Document{}
	b.doc.Title = strings.TrimSpace(b.exec("p_title", d))
	b.doc.Blocks = append(b.doc.Blocks, Block{Kind: Title, Text: b.doc.Title, Key: "p_title"})
	b.add(Body, "p_preface", d)

	b.heading(Heading1, "p_h_overview", d)
	b.heading(Heading2, "p_h_basic", d)
	b.add(Body, "p_basic", d)
	b.heading(Heading2, "p_h_funds", d)
	b.add(Body, "p_funds", d)
	b.heading(Heading2, "p_h_goals", d)
	b.add(Body, "p_goals", d)

	b.heading(Heading1, "p_h_self_eval", d)
	b.add(Body, "p_self_eval", d)

	b.heading(Heading1, "p_h_conclusion", d)
	b.add(Body, "p_conclusion", d)

	b.heading(Heading1, "p_h_results", d)
	shortfalls := b.indicators("p_h_level1", "p_h_level2", "p_indicator", func(id *IndicatorData) {
		id.D = d
		id.Level1, id.Level2, id.Name = oneLine(id.Level1), oneLine(id.Level2), oneLine(id.Name)
	})

	b.heading(Heading1, "p_h_deviation", d)
	b.heading(Heading2, "p_h_reasons", d)
	any := false
	if d.Funds.Rate.Below(100) {
		b.heading(Heading3, "p_h_budget_problem", d)
		b.add(Body, "p_budget_problem", d)
		any = true
	}
	if len(shortfalls) > 0 {
		b.heading(Heading3, "p_h_shortfalls", d)
		for i, s := range shortfalls {
			s.Mark = circled(i + 1)
			b.add(Body, "p_shortfall", s)
		}
		any = true
	}
	if d.Text(template.NarrProblems) != "" {
		b.heading(Heading3, "p_h_other_problems", d)
		b.add(Body, "p_other_problems", d)
		any = true
	}
	if !any {
		b.add(Body, "p_no_problems", d)
	}
	b.heading(Heading2, "p_h_measures", d)
	b.add(Body, "p_measures", d)

	b.heading(Heading1, "p_h_application", d)
	b.add(Body, "p_application", d)
	b.add(Body, "p_attachment", d)
	b.add(Right, "p_signature", d)

	b.doc.Blocks = append(b.doc.Blocks, Block{Kind: SectionBreak, Landscape: true})
	b.add(Body, "appendix_label", d)
	b.add(Title, "p_appendix_title", d)
	b.add(Centered, "p_appendix_year", d)
	b.doc.Blocks = append(b.doc.Blocks, Block{Kind: TableBlock, Table: b.projectTable(d)})

	if draft && len(b.rep.Findings) > 0 {
		b.findings(d)
	}
}

// projectWidths are the appendix's columns on a landscape page (13958
// twips): 一级, 二级, 三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因.
var projectWidths = []int{1200, 1400, 2600, 1600, 1600, 1100, 1100, 3358}

// projectTable is the 项目支出绩效自评表 as published, with the checked
// figures: the project, its funds with 年初预算数 beside 全年预算数, the
// goals and every indicator with its checked score.
func (b *builder) projectTable(d *ProjectData) *Table {
	l, rep := b.l, b.rep
	t := &Table{Widths: projectWidths}
	hd := func(s string, span int) Cell { return Cell{Text: s, Span: span, Center: true, Bold: true} }
	c := func(s string, span int) Cell { return Cell{Text: s, Span: span, Center: true} }
	t.Rows = append(t.Rows,
		[]Cell{hd(b.label("project_name"), 2), c(d.Project, 6)},
		[]Cell{hd(b.label("dept_name"), 2), c(d.Dept, 2), hd(b.label("unit"), 2), c(d.Unit, 2)})

	header := []Cell{hd(l.Budget.Title, 1), hd(l.Budget.Columns[0].Header, 1)}
	for _, key := range []string{template.BudgetColInitial, template.BudgetColPlan, template.BudgetColExecution, template.BudgetColWeight, template.BudgetColRate, template.BudgetColScore} {
		header = append(header, hd(b.budgetHeader(key), 1))
	}
	t.Rows = append(t.Rows, header)
	for _, r := range d.Funds.Rows {
		weight, score := "—", "—"
		if r.Total {
			weight, score = d.Funds.Weight.String(), d.Funds.Score.String()
		}
		initial := exact(r.Initial)
		if !r.Initial.OK {
			initial = "—" // the column is optional: many published forms lack it
		}
		rate := r.Rate.String()
		if r.Plan.IsZero() {
			rate = "—" // no budget, no rate: 0 ÷ 0
		}
		t.Rows = append(t.Rows, []Cell{{Merge: true}, c(r.Label, 1), c(initial, 1), c(exact(r.Plan), 1), c(exact(r.Execution), 1), c(weight, 1), c(rate, 1), c(score, 1)})
	}
	reason := d.Funds.Reason
	if reason == "" {
		reason = "—"
	}
	t.Rows = append(t.Rows, []Cell{hd(l.Budget.Reason.Label, 2), {Text: reason, Span: 6}})

	goal := func(key string) string {
		if s := d.Text(key); s != "" {
			return s
		}
		return MarkMissing
	}
	t.Rows = append(t.Rows,
		[]Cell{hd(l.Goals.Title, 2), hd(b.label("goal_expected"), 3), hd(b.label("goal_achieved"), 3)},
		[]Cell{{Span: 2, Merge: true}, {Text: goal("goal_expected"), Span: 3}, {Text: goal("goal_achieved"), Span: 3}})

	ih := func(key string) string {
		if col := l.Indicators.Column(key); col != nil {
			return col.Header
		}
		return ""
	}
	row := []Cell{}
	for _, key := range []string{template.ColLevel1, template.ColLevel2, template.ColName, template.ColTarget, template.ColActual, template.ColWeight, template.ColSelfScore, template.ColReason} {
		row = append(row, hd(ih(key), 1))
	}
	t.Rows = append(t.Rows, row)
	for i, in := range rep.Indicators {
		id := b.indicator(i, in)
		first1 := i == 0 || rep.Indicators[i-1].Level1 != in.Level1
		first2 := first1 || rep.Indicators[i-1].Level2 != in.Level2
		reason := ""
		if !id.Full {
			reason = id.Reason
		}
		sc := id.Score
		if !sc.OK {
			// Counted at its self-score, as the total counts it.
			sc = b.null(in.SelfScore, template.ParseRef(in.Ref))
		}
		t.Rows = append(t.Rows, []Cell{
			{Text: oneLine(in.Level1), Merge: !first1, Center: true}, {Text: oneLine(in.Level2), Merge: !first2, Center: true}, {Text: oneLine(in.Name)},
			c(id.TargetShown, 1), c(in.Actual+doubtMark(id.Score.Doubtful), 1), c(id.Weight.String(), 1), c(sc.String(), 1), {Text: reason},
		})
	}
	t.Rows = append(t.Rows, []Cell{hd(b.word("w_total"), 5), c(d.ScoreWeights.String(), 1), c(d.Total.String(), 1), {}})
	return t
}
