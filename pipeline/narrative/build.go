package narrative

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/template"
)

// Options say how Build drafts the report.
type Options struct {
	// Texts are the text templates; nil means the embedded ones.
	Texts *Texts
	// Draft drafts the report of a workbook with errors too: every figure
	// at a cell with an error or a warning is marked 【待核实】, and the
	// findings are listed at the end.
	Draft bool
}

// ErrFindings is matched by the error of Build on a workbook with errors
// when Options.Draft is not set: the report would state figures the check
// found wrong.
var ErrFindings = errors.New("the workbook has errors")

// ErrUnreadable is matched by the error of Build on an unreadable
// workbook: there is nothing to draft from.
var ErrUnreadable = errors.New("the workbook could not be read")

// Build drafts the report of a checked workbook from its report and
// contents (pipeline.ProcessContents). It returns ErrFindings for a
// workbook with errors unless opts.Draft, ErrUnreadable for an unreadable
// one, and the error of a text template that fails.
func Build(rep *report.Report, c *report.Contents, opts Options) (*Document, error) {
	if rep.Status == report.Unreadable || c == nil {
		return nil, ErrUnreadable
	}
	if !opts.Draft && rep.Count(finding.Error) > 0 {
		return nil, ErrFindings
	}
	tx := opts.Texts
	if tx == nil {
		tx = DefaultTexts()
	}
	b := &builder{tx: tx, rep: rep, c: c, l: c.Layout, doubt: newDoubt(rep, opts.Draft)}
	if c.Layout != nil && c.Layout.Kind == template.FormProject {
		b.writeProject(opts.Draft)
	} else {
		b.data()
		b.write(opts.Draft)
	}
	if b.err != nil {
		return nil, b.err
	}
	return b.doc, nil
}

type builder struct {
	tx    *Texts
	rep   *report.Report
	c     *report.Contents
	l     *template.Layout
	doubt doubt
	d     *Data
	doc   *Document
	err   error
	// h1, h2, h3 number the headings, each from 1 under its parent.
	h1, h2, h3 int
}

// field returns a numeric field of the form as a figure.
func (b *builder) field(key string) Figure {
	v, ok := b.c.Figures[key]
	return fig(v, ok, b.doubt.at(b.c.Refs[key]))
}

// null returns a figure of the report, doubtful at ref's row.
func (b *builder) null(n decimal.NullDecimal, ref template.Ref) Figure {
	return fig(n.Decimal, n.Valid, b.doubt.at(ref))
}

// items returns a breakdown's items with their shares of whole.
func (b *builder) items(key string, whole Figure) []Item {
	var out []Item
	for _, it := range b.c.Breakdowns[key] {
		a := fig(it.Amount.Decimal, it.Amount.Valid, b.doubt.at(it.Ref))
		out = append(out, Item{Label: it.Label, Amount: a, Share: Share(a, whole)})
	}
	return out
}

// data gathers the templates' data from the report and the contents.
func (b *builder) data() {
	rep, c := b.rep, b.c
	d := &Data{Dept: rep.Department.Name, Year: rep.Year, Missing: MarkMissing, texts: c.Texts}
	d.Self = self(d.Dept)
	if d.Dept == "" {
		d.Dept = MarkMissing
	}
	if d.Year > 0 {
		d.NextYear = d.Year + 1
	}
	f := b.field
	s := &d.Staff
	s.Authorized, s.AuthorizedAdmin, s.AuthorizedInst = f("staff_authorized"), f("staff_authorized_admin"), f("staff_authorized_inst")
	s.Actual, s.ActualAdmin, s.ActualWorker, s.ActualInst = f("staff_actual"), f("staff_actual_admin"), f("staff_actual_worker"), f("staff_actual_inst")
	a := &d.Assets
	a.Total, a.Current, a.NonCurrent = f("assets_total"), f("assets_current"), f("assets_noncurrent")
	a.CurrentShare, a.NonCurrentShare = Share(a.Current, a.Total), Share(a.NonCurrent, a.Total)

	in := &d.Income
	in.Total = f("income_total")
	in.OpeningFiscal, in.OpeningOther = f("opening_fiscal"), f("opening_other")
	in.Opening = Sum(in.OpeningFiscal, in.OpeningOther)
	in.Grand = Sum(in.Total, in.Opening)
	in.TotalShare, in.OpeningShare = Share(in.Total, in.Grand), Share(in.Opening, in.Grand)
	for _, key := range []string{"income_general", "income_fund", "income_other"} {
		v := f(key)
		if v.OK && v.Value.IsZero() && key != "income_general" {
			continue
		}
		fd, _, _ := b.l.Field(key)
		in.Items = append(in.Items, Item{Label: fd.Label, Amount: v, Share: Share(v, in.Total)})
	}

	sp := &d.Spending
	sp.Total, sp.Basic, sp.Personnel, sp.Public, sp.Project = f("exp_total"), f("exp_basic"), f("exp_personnel"), f("exp_public"), f("exp_project")
	sp.BasicShare, sp.ProjectShare = Share(sp.Basic, sp.Total), Share(sp.Project, sp.Total)
	sp.ByFunction, sp.ByEconomic = b.items("by_function", sp.Total), b.items("by_economic", sp.Total)
	sp.ClosingFiscal, sp.ClosingOther = f("closing_fiscal"), f("closing_other")
	sp.Closing = Sum(sp.ClosingFiscal, sp.ClosingOther)

	for i, row := range rep.Budget.Rows {
		if i >= len(c.BudgetRows) || c.BudgetRows[i].Key != template.BudgetTotal {
			continue
		}
		ref := c.BudgetRows[i].Ref
		bd := &d.Budget
		bd.Plan, bd.Execution = b.null(row.Budget, ref), b.null(row.Execution, ref)
		bd.Rate = b.null(row.Rate.NullDecimal, ref)
		bd.Weight, bd.Score = b.null(rep.Budget.Weight, ref), b.null(rep.Budget.Score, ref)
	}
	if r := c.Texts["budget_reason"]; report.Meaningful(r) {
		d.Budget.Reason = sentence(r)
	}
	total := fig(rep.Total.Decimal, rep.Total.Valid, b.doubt.errors)
	d.Total, d.IndicatorTotal, d.BudgetScore = total, fig(rep.IndicatorTotal.Decimal, rep.IndicatorTotal.Valid, b.doubt.errors), d.Budget.Score
	d.Declared = b.null(rep.DeclaredTotal, b.c.Refs["declared_total"])
	d.Grade = rep.Grade
	if d.Grade == "" {
		d.Grade = MarkMissing
	} else if b.doubt.errors {
		d.Grade += MarkDoubtful
	}
	b.d = d
	b.doc = &Document{}
}

// sentence ends a department's text with a full stop, as a sentence of
// the report: 目标（290种以上）；后期将… keeps its words.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, "；;，,、 ")
	if s == "" {
		return ""
	}
	if !strings.HasSuffix(s, "。") && !strings.HasSuffix(s, "！") && !strings.HasSuffix(s, "？") {
		s += "。"
	}
	return s
}

// exec runs a template, remembering the first error.
func (b *builder) exec(key string, data any) string {
	if b.err != nil {
		return ""
	}
	s, err := b.tx.execute(key, data)
	if err != nil {
		b.err = err
	}
	return s
}

// word runs a template that writes one label of a table.
func (b *builder) word(key string) string {
	return strings.TrimSpace(b.exec(key, b.d))
}

// lines splits a template's output into paragraphs: its non-blank lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// add appends one block per line of the template's output.
func (b *builder) add(kind Kind, key string, data any) {
	for _, l := range lines(b.exec(key, data)) {
		b.doc.Blocks = append(b.doc.Blocks, Block{Kind: kind, Text: l, Key: key})
	}
}

// para adds body paragraphs from a template run on the report's data.
func (b *builder) para(key string) { b.add(Body, key, b.d) }

// heading adds a numbered heading: 一、 for level 1, （一） for level 2,
// 1. for level 3.
func (b *builder) heading(kind Kind, key string, data any) {
	text := strings.TrimSpace(strings.Join(lines(b.exec(key, data)), ""))
	switch kind {
	case Heading1:
		b.h1++
		b.h2, b.h3 = 0, 0
		text = chineseNumber(b.h1) + "、" + text
	case Heading2:
		b.h2++
		b.h3 = 0
		text = "（" + chineseNumber(b.h2) + "）" + text
	case Heading3:
		b.h3++
		text = fmt.Sprintf("%d.%s", b.h3, text)
	}
	b.doc.Blocks = append(b.doc.Blocks, Block{Kind: kind, Text: text, Key: key})
}

func (b *builder) write(draft bool) {
	d := b.d
	b.doc.Title = strings.TrimSpace(b.exec("title", d))
	b.doc.Blocks = append(b.doc.Blocks, Block{Kind: Title, Text: b.doc.Title, Key: "title"})
	b.add(Centered, "h_preface", d)
	b.para("preface")

	b.heading(Heading1, "h_overview", d)
	b.heading(Heading2, "h_basic", d)
	for _, k := range []string{"duties", "organization", "staff", "assets"} {
		b.heading(Heading3, "h_"+k, d)
		b.para(k)
	}
	b.heading(Heading2, "h_goals", d)
	for _, k := range []string{"annual_goal", "tasks"} {
		b.heading(Heading3, "h_"+k, d)
		b.para(k)
	}
	b.heading(Heading2, "h_perf_goal", d)
	b.para("perf_goal")
	b.heading(Heading2, "h_perf_mgmt", d)
	b.para("perf_mgmt")
	b.heading(Heading2, "h_accounts", d)
	b.para("income")
	b.para("spending")
	b.add(Centered, "table_accounts", d)
	b.doc.Blocks = append(b.doc.Blocks, Block{Kind: TableBlock, Table: b.accountsTable()})

	b.heading(Heading1, "h_results", d)
	shortfalls := b.indicators("h_level1", "h_level2", "indicator", nil)
	b.heading(Heading2, "h_budget_exec", d)
	b.para("budget_exec")

	b.heading(Heading1, "h_problems", d)
	b.heading(Heading2, "h_problem_list", d)
	any := false
	if d.Budget.Rate.Below(100) {
		b.heading(Heading3, "h_budget_problem", d)
		b.para("budget_problem")
		any = true
	}
	if len(shortfalls) > 0 {
		b.heading(Heading3, "h_shortfalls", d)
		for i, s := range shortfalls {
			s.Mark = circled(i + 1)
			b.add(Body, "shortfall", s)
		}
		any = true
	}
	if d.Text(template.NarrProblems) != "" {
		b.heading(Heading3, "h_other_problems", d)
		b.para("other_problems")
		any = true
	}
	if !any {
		b.para("no_problems")
	}
	b.heading(Heading2, "h_measures", d)
	b.para("measures")

	b.heading(Heading1, "h_application", d)
	b.para("result")
	b.para("application")
	b.para("attachment")
	b.add(Right, "signature", d)

	// The 自评表's nine columns take a landscape page, as the form does.
	b.doc.Blocks = append(b.doc.Blocks, Block{Kind: SectionBreak, Landscape: true})
	b.add(Body, "appendix_label", d)
	b.add(Title, "appendix_title", d)
	b.add(Centered, "appendix_year", d)
	b.doc.Blocks = append(b.doc.Blocks, Block{Kind: TableBlock, Table: b.appendixTable()})

	if draft && len(b.rep.Findings) > 0 {
		b.findings(d)
	}
}

// findings lists the findings at the end of a draft, on a page of their
// own.
func (b *builder) findings(data any) {
	b.doc.Blocks = append(b.doc.Blocks, Block{Kind: SectionBreak})
	b.add(Title, "h_findings", data)
	b.add(Body, "findings_intro", data)
	for _, f := range b.rep.FindingList() {
		// A message quoting a cell's line break stays one paragraph.
		b.add(Body, "finding", FindingData{Severity: f.Severity.Label(), Ref: f.Ref.String(), Message: strings.Join(strings.Fields(f.Message), " ")})
	}
}

// indicators writes one paragraph per indicator (template para), grouped
// by 一级 and 二级指标 (headings h1 and h2) in the order of the form, and
// returns those short of full marks; prep, when set, adjusts each
// indicator's data first.
func (b *builder) indicators(h1, h2, para string, prep func(*IndicatorData)) []IndicatorData {
	type group struct {
		level1 string
		level2 []string
		byL2   map[string][]IndicatorData
	}
	var groups []*group
	var shortfalls []IndicatorData
	for i, in := range b.rep.Indicators {
		var g *group
		for _, x := range groups {
			if x.level1 == in.Level1 {
				g = x
			}
		}
		if g == nil {
			g = &group{level1: in.Level1, byL2: map[string][]IndicatorData{}}
			groups = append(groups, g)
		}
		if _, ok := g.byL2[in.Level2]; !ok {
			g.level2 = append(g.level2, in.Level2)
		}
		id := b.indicator(i, in)
		if prep != nil {
			prep(&id)
		}
		g.byL2[in.Level2] = append(g.byL2[in.Level2], id)
		if !id.Full && id.Score.OK {
			shortfalls = append(shortfalls, id)
		}
	}
	for _, g := range groups {
		h := HeadingData{Level1: g.level1}
		if prep != nil {
			h.Level1 = oneLine(h.Level1)
		}
		b.heading(Heading2, h1, h)
		for _, l2 := range g.level2 {
			h.Level2 = l2
			if prep != nil {
				h.Level2 = oneLine(l2)
			}
			b.heading(Heading3, h2, h)
			for i, id := range g.byL2[l2] {
				id.Mark = circled(i + 1)
				b.add(Body, para, id)
			}
		}
	}
	return shortfalls
}

// indicator gathers an indicator's data.
func (b *builder) indicator(i int, in report.IndicatorReport) IndicatorData {
	ref := template.ParseRef(in.Ref)
	dbt := b.doubt.at(ref)
	id := IndicatorData{
		D: b.d, Level1: in.Level1, Level2: in.Level2, Name: in.Name,
		Weight: fig(in.Weight.Decimal, in.Weight.Valid, dbt), Score: fig(in.Score.Decimal, in.Score.Valid, dbt),
		CompletionRaw: fig(in.Completion.Decimal, in.Completion.Valid, dbt),
		TargetShown:   in.Target, Target: in.Target, Actual: in.Actual,
	}
	if id.Name == "" {
		id.Name = MarkMissing
	}
	id.Completion = id.CompletionRaw
	if id.Completion.OK && id.Completion.Value.GreaterThan(hundred) {
		id.Completion.Value = hundred
	}
	if i < len(b.c.Indicators) {
		ci := b.c.Indicators[i]
		id.TargetOp, id.Target, id.TargetKind = ci.TargetOp, ci.Target, ci.TargetKind
		if ci.ActualKind != "invalid" {
			id.Actual = ci.Actual
		}
	}
	// A blank target or actual (a row counted at its self-score) is
	// missing, not an empty word in a sentence.
	for _, p := range []*string{&id.Target, &id.Actual, &id.TargetShown} {
		if strings.TrimSpace(*p) == "" {
			*p = MarkMissing
		}
	}
	if dbt {
		id.Target += MarkDoubtful
		id.Actual += MarkDoubtful
		id.TargetShown += MarkDoubtful
	}
	id.Full = in.Score.Valid && in.Weight.Valid && in.Score.Decimal.GreaterThanOrEqual(in.Weight.Decimal)
	id.SelfScore = fig(in.SelfScore.Decimal, in.SelfScore.Valid, dbt)
	for _, p := range b.rep.Provisional {
		if r := template.ParseRef(p); r.Sheet == ref.Sheet && r.Row == ref.Row {
			id.Provisional = true
		}
	}
	if in.Explained() {
		id.Reason = sentence(in.Reason)
	}
	return id
}
