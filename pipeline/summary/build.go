package summary

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/roster"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/template"
)

// Options say what a summary covers and what it is built with.
type Options struct {
	// Year is the year summarised; 0 means the latest year of the entries.
	Year int
	// Rulebook orders the level subtotals and the grades; nil means the
	// default rulebook. The figures themselves are the reports'.
	Rulebook *rulebook.Rulebook
	// Roster lists the departments expected to submit; nil when none was
	// given. RosterFindings are the problems found reading it.
	Roster         *roster.Roster
	RosterFindings finding.Findings
	// Previous are last year's figures from a previous summary
	// (ReadPrevious); nil means last year's entries, if any.
	Previous       []Previous
	PreviousSource string
	// Sources say where the entries came from (the ledger, results
	// folders), for the 说明 sheet.
	Sources         []string
	BuiltAt         time.Time
	PerfevalVersion string
}

// Previous is a department's figures of last year, as a previous summary
// gives them.
type Previous struct {
	Code  string              `json:"code"`
	Name  string              `json:"name"`
	Total decimal.NullDecimal `json:"total"`
	Rate  decimal.NullDecimal `json:"rate"`
}

// The statuses of a row beyond report.Status: a roster department that has
// sent nothing.
const Missing report.Status = "missing"

// StatusLabel is a row's status in Chinese.
func StatusLabel(s report.Status) string {
	if s == Missing {
		return "未报送"
	}
	return s.Label()
}

// Summary is the city-wide summary of one year. Every figure is a decimal
// computed from the reports; rates and completions are percent figures
// with two places, as in the reports.
type Summary struct {
	Year            int       `json:"year"`
	BuiltAt         time.Time `json:"built_at"`
	PerfevalVersion string    `json:"perfeval_version"`
	Sources         []string  `json:"sources"`
	// Levels name the level subtotal columns: the rulebook's 一级指标 in
	// its order, then 其他指标 when reports have indicators under no level
	// of the rulebook.
	Levels []string `json:"levels"`
	// Grades are the rulebook's grade names, highest first, then any other
	// grade the reports give.
	Grades      []string      `json:"grades"`
	Rulebook    RulebookInfo  `json:"rulebook"`
	Rulebooks   []RulebookUse `json:"rulebooks"`
	Departments []Row         `json:"departments"`
	Totals      Totals        `json:"totals"`
	// Projects are the project forms (项目支出绩效自评表) by department, in
	// the order of Departments; ProjectTotals is their grand total.
	Projects      []ProjectGroup   `json:"projects"`
	ProjectTotals ProjectTotals    `json:"project_totals"`
	GradeCounts   []GradeCount     `json:"grade_counts"`
	Missing       []MissingRow     `json:"missing"`
	Unlisted      []Row            `json:"unlisted"`
	Unknown       []UnknownRow     `json:"unidentified"`
	Roster        *RosterInfo      `json:"roster"`
	Previous      *PreviousInfo    `json:"previous"`
	Counts        SubmissionCounts `json:"counts"`

	// levelAt caches levelIndex: reports repeat the same few names.
	levelAt map[string]int
	// forms are the forms whose shortfalls and findings 未达标指标 and 审核问题
	// list, in their order (EachShortfall, EachFinding), and how many of
	// each there are, by severity for the findings.
	forms   []form
	details counts
}

// form is a form listed in 未达标指标 and 审核问题: a department's own
// (project "") or one of its project forms (project its label), as the
// summary lists the department, with where its details are: in a Store,
// or in its report.
type form struct {
	code, name string
	status     report.Status
	project    string
	stored     *stored
	// details are the form's own, when not in a Store: only they, not its
	// whole report, stay with the summary.
	details *details
}

// RulebookInfo is the rulebook a summary orders its columns by.
type RulebookInfo struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// RulebookUse is a rulebook the summarised reports were checked under, and
// how many.
type RulebookUse struct {
	ID          string `json:"id"`
	SHA256      string `json:"sha256"`
	Submissions int    `json:"submissions"`
}

// RosterInfo is the roster a summary was built with.
type RosterInfo struct {
	Source      string   `json:"source"`
	Departments int      `json:"departments"`
	Problems    []string `json:"problems"`
}

// PreviousInfo says where last year's figures came from.
type PreviousInfo struct {
	Year        int    `json:"year"`
	Source      string `json:"source"`
	Departments int    `json:"departments"`
}

// SubmissionCounts count the summarised submissions by status.
type SubmissionCounts struct {
	Submitted    int `json:"submitted"` // departments with a submission
	Accepted     int `json:"accepted"`
	Returned     int `json:"returned"`
	Unreadable   int `json:"unreadable"`
	Missing      int `json:"missing"`      // roster departments without one
	Unlisted     int `json:"unlisted"`     // submissions of departments not on the roster
	Unidentified int `json:"unidentified"` // submissions that name no department or year
	// Projects counts the project forms (the latest of each project) and
	// ProjectDepartments the departments they are of; by status too.
	Projects           int `json:"projects"`
	ProjectDepartments int `json:"project_departments"`
	ProjectsAccepted   int `json:"projects_accepted"`
	ProjectsReturned   int `json:"projects_returned"`
}

// Row is one department of the 汇总 sheet.
type Row struct {
	Code       string        `json:"code"`
	Name       string        `json:"name"`
	Status     report.Status `json:"status"`
	Version    int           `json:"version"`
	ReceivedAt *time.Time    `json:"received_at"`
	File       string        `json:"file"`
	// Budget and Execution are the 年度资金总额 row's; Rate is the report's
	// execution rate (a percent figure).
	Budget      decimal.NullDecimal   `json:"budget"`
	Execution   decimal.NullDecimal   `json:"execution"`
	Rate        decimal.NullDecimal   `json:"rate"`
	BudgetScore decimal.NullDecimal   `json:"budget_score"`
	LevelScores []decimal.NullDecimal `json:"level_scores"` // by Summary.Levels
	Total       decimal.NullDecimal   `json:"total"`
	Declared    decimal.NullDecimal   `json:"declared_total"`
	// Difference is Declared − Total: above 0 when the department scored
	// itself higher than the review.
	Difference decimal.NullDecimal `json:"difference"`
	Grade      string              `json:"grade"`
	// Rank is the place by Total, 1 the highest, shared by equal totals
	// (1, 2, 2, 4); 0 without a total.
	Rank     int `json:"rank"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
	// Last year's total and rate, and the changes (percentage points for
	// the rate); null without last year's figures.
	PreviousTotal decimal.NullDecimal `json:"previous_total"`
	TotalChange   decimal.NullDecimal `json:"total_change"`
	PreviousRate  decimal.NullDecimal `json:"previous_rate"`
	RateChange    decimal.NullDecimal `json:"rate_change"`
	Annotated     string              `json:"annotated"`
	// OnRoster is false for a submission of a department the roster does
	// not list (always true without a roster); Note says so, or that the
	// roster names it differently.
	OnRoster bool   `json:"on_roster"`
	Note     string `json:"note"`

	entry *Entry
	// group is the key the department's project forms are grouped by.
	group string
}

// ProjectGroup is a department's project forms on the 项目支出 sheet, and
// their subtotal: the sums of the amounts over the projects with both a
// budget and an execution, and the rate of the sums.
type ProjectGroup struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// Status is the status of the department's own form (Missing when it
	// has not sent one).
	Status    report.Status       `json:"department_status"`
	Projects  []ProjectRow        `json:"projects"`
	Budget    decimal.NullDecimal `json:"budget"`
	Execution decimal.NullDecimal `json:"execution"`
	Rate      decimal.NullDecimal `json:"rate"`
	AmountsOf int                 `json:"amounts_of"` // projects summed
	Errors    int                 `json:"errors"`
	Warnings  int                 `json:"warnings"`
}

// ProjectTotals is the grand total of the project forms, as a group's
// subtotal is over its projects.
type ProjectTotals struct {
	Departments int                 `json:"departments"`
	Projects    int                 `json:"projects"`
	Budget      decimal.NullDecimal `json:"budget"`
	Execution   decimal.NullDecimal `json:"execution"`
	Rate        decimal.NullDecimal `json:"rate"`
	AmountsOf   int                 `json:"amounts_of"`
	Errors      int                 `json:"errors"`
	Warnings    int                 `json:"warnings"`
}

// ProjectRow is one project form of the 项目支出 sheet: the latest version
// of a project. Code and Department are its 主管部门 as the summary lists
// the department (the roster's code and name when the roster has it).
type ProjectRow struct {
	Code        string        `json:"department_code"`
	Department  string        `json:"department"`
	Name        string        `json:"name"`
	ProjectCode string        `json:"code"`
	Unit        string        `json:"unit"`
	Status      report.Status `json:"status"`
	Version     int           `json:"version"`
	ReceivedAt  *time.Time    `json:"received_at"`
	File        string        `json:"file"`
	// Budget (全年预算数), Execution and Rate are the 年度资金总额 row's.
	Budget         decimal.NullDecimal `json:"budget"`
	Execution      decimal.NullDecimal `json:"execution"`
	Rate           decimal.NullDecimal `json:"rate"`
	BudgetScore    decimal.NullDecimal `json:"budget_score"`
	IndicatorScore decimal.NullDecimal `json:"indicator_score"`
	Total          decimal.NullDecimal `json:"total"`
	// Provisional are the 得分 cells counted in Total at the department's
	// self-score (the total is provisional, 暂定); BudgetExcluded says Total
	// leaves the budget score out (不含预算执行).
	Provisional    []string            `json:"provisional"`
	BudgetExcluded bool                `json:"budget_excluded"`
	Declared       decimal.NullDecimal `json:"declared_total"`
	Difference     decimal.NullDecimal `json:"difference"`
	Grade          string              `json:"grade"`
	Errors         int                 `json:"errors"`
	Warnings       int                 `json:"warnings"`
	Infos          int                 `json:"infos"`
	Annotated      string              `json:"annotated"`
	Note           string              `json:"note"`

	entry *Entry
}

// TotalNote says how a project's total is to be read: 暂定 when it counts
// rows at their self-score, 不含预算执行 when it leaves the budget score
// out; "" otherwise.
func (p ProjectRow) TotalNote() string {
	var parts []string
	if len(p.Provisional) > 0 {
		parts = append(parts, "暂定")
	}
	if p.BudgetExcluded {
		parts = append(parts, "不含预算执行")
	}
	return strings.Join(parts, "，")
}

// Totals is the city-wide line: sums of the amounts and the rate of the
// sums (not the average of the rates), over the departments with both a
// budget and an execution; the averages of the scores over the
// departments that have each.
type Totals struct {
	Departments     int                   `json:"departments"` // rows of 汇总
	Budget          decimal.NullDecimal   `json:"budget"`
	Execution       decimal.NullDecimal   `json:"execution"`
	Rate            decimal.NullDecimal   `json:"rate"`
	AmountsOf       int                   `json:"amounts_of"` // departments summed
	BudgetScoreMean decimal.NullDecimal   `json:"budget_score_mean"`
	LevelScoreMeans []decimal.NullDecimal `json:"level_score_means"`
	TotalMean       decimal.NullDecimal   `json:"total_mean"`
	DeclaredMean    decimal.NullDecimal   `json:"declared_total_mean"`
	Errors          int                   `json:"errors"`
	Warnings        int                   `json:"warnings"`
	PreviousTotal   decimal.NullDecimal   `json:"previous_total_mean"`
}

// GradeCount is how many departments have a grade; Grade "" counts those
// submitted without one (no total).
type GradeCount struct {
	Grade string `json:"grade"`
	Count int    `json:"count"`
}

// Shortfall is an indicator below its target or short of full points.
type Shortfall struct {
	Code       string `json:"code"`
	Department string `json:"department"`
	// Project names the project form of the indicator, "" for the
	// department's own form.
	Project    string              `json:"project"`
	Ref        string              `json:"ref"`
	Level1     string              `json:"level1"`
	Level2     string              `json:"level2"`
	Name       string              `json:"name"`
	Target     string              `json:"target"`
	Actual     string              `json:"actual"`
	Completion decimal.NullDecimal `json:"completion"`
	Weight     decimal.NullDecimal `json:"weight"`
	Score      decimal.NullDecimal `json:"score"`
	Lost       decimal.NullDecimal `json:"lost"`
	// Reason is the department's reason, or 未说明 (with what was written,
	// when it says nothing).
	Reason    string `json:"reason"`
	Explained bool   `json:"explained"`
}

// FindingRow is one finding of one department's form or of one of its
// project forms.
type FindingRow struct {
	Code       string `json:"department_code"`
	Department string `json:"department"`
	// Project names the project form the finding is of, "" for the
	// department's own form.
	Project  string           `json:"project"`
	Status   report.Status    `json:"status"`
	Severity finding.Severity `json:"severity"`
	Finding  finding.Code     `json:"code"`
	Title    string           `json:"title"`
	Ref      string           `json:"ref"`
	// Place is where Ref is on the printed form (report.FindingReport's
	// Place): "" when the report has none, an older one's.
	Place   string `json:"place,omitempty"`
	Message string `json:"message"`
}

// MissingRow is a department without a department form of its own: on
// the roster, or known from its project forms.
type MissingRow struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Contact string `json:"contact"`
	Email   string `json:"email"`
	Phone   string `json:"phone"`
	// Projects counts the department's project forms; Note says so, and
	// that the roster does not list it.
	Projects int    `json:"projects"`
	Note     string `json:"note"`
}

// UnknownRow is a submission that names no department or no year.
type UnknownRow struct {
	File       string        `json:"file"`
	SHA256     string        `json:"sha256"`
	Status     report.Status `json:"status"`
	ReceivedAt *time.Time    `json:"received_at"`
	Department string        `json:"department"`
	Reason     string        `json:"reason"`
}

// OtherLevel names the subtotal of indicators under no level of the
// rulebook.
const OtherLevel = "其他指标"

// hundred turns a fraction into a percent figure.
var hundred = decimal.NewFromInt(100)

// ratePlaces and scorePlaces are the places of the rates and the averages
// a summary computes, as the reports write theirs.
const (
	ratePlaces  = 2
	scorePlaces = 2
)

// Build summarises entries (read by FromLedger or FromResults) for one
// year: it takes each department's latest check (Latest), and the year
// before for the year-over-year columns unless o.Previous gives them.
// Department forms make the department-level sheets; project forms the
// 项目支出 sheet, by department, and their rows of 未达标指标 and 审核问题.
// A department that sent project forms but not its own form is 未报送.
func Build(entries []Entry, o Options) *Summary {
	entries = Latest(entries)
	rb := o.Rulebook
	if rb == nil {
		rb = rulebook.DefaultRulebook()
	}
	year := o.Year
	if year == 0 {
		if ys := Years(entries); len(ys) > 0 {
			year = ys[0]
		}
	}
	s := &Summary{Year: year, BuiltAt: o.BuiltAt, PerfevalVersion: o.PerfevalVersion, Sources: o.Sources,
		Rulebook: RulebookInfo{ID: rb.ID, Name: rb.Name, SHA256: rb.SHA256},
		levelAt:  map[string]int{},
		Missing:  []MissingRow{}, Unlisted: []Row{}, Unknown: []UnknownRow{},
		Rulebooks: []RulebookUse{}, Projects: []ProjectGroup{}}
	var current, projects, previous []*Entry
	for i := range entries {
		e := &entries[i]
		switch {
		case e.key() == "" || e.Report.Year == 0:
			s.Unknown = append(s.Unknown, unknownRow(e))
		case e.Report.Year == year && e.IsProject():
			projects = append(projects, e)
		case e.Report.Year == year:
			current = append(current, e)
		case e.Report.Year == year-1 && !e.IsProject():
			previous = append(previous, e)
		}
	}
	s.Levels = levelColumns(rb, current)
	s.Grades = gradeNames(rb, current)
	s.countRulebooks(append(slices.Clone(current), projects...))
	last := s.lastYear(previous, o)

	listed := map[string]bool{}
	for _, e := range current {
		row := s.row(e)
		row.OnRoster = true
		row.group = departmentKey(row.Code, row.Name)
		if o.Roster != nil {
			d, ok := o.Roster.Lookup(row.Code, row.Name)
			row.OnRoster = ok
			switch {
			case !ok:
				row.Note = "不在名单中"
			case template.Norm(d.Name) != template.Norm(row.Name):
				row.Note = fmt.Sprintf("名单中的名称为“%s”", d.Name)
			}
			if ok {
				listed[d.Code] = true
				row.group = departmentKey(d.Code, d.Name)
			}
		}
		if p, ok := last[departmentKey(row.Code, row.Name)]; ok {
			row.PreviousTotal, row.PreviousRate = p.Total, p.Rate
			row.TotalChange = diff(row.Total, p.Total)
			row.RateChange = diff(row.Rate, p.Rate)
		}
		s.Departments = append(s.Departments, row)
	}
	groups := s.groupProjects(projects, o)
	if o.Roster != nil {
		info := &RosterInfo{Source: o.Roster.Source, Departments: len(o.Roster.Departments), Problems: []string{}}
		for _, f := range o.RosterFindings {
			info.Problems = append(info.Problems, fmt.Sprintf("[%s] %s %s", f.Severity.Label(), f.Ref, f.Message))
		}
		s.Roster = info
		for _, d := range o.Roster.Departments {
			if listed[d.Code] {
				continue
			}
			m := MissingRow{Code: d.Code, Name: d.Name, Contact: d.Contact, Email: d.Email, Phone: d.Phone}
			s.addMissing(m, departmentKey(d.Code, d.Name), groups, true)
		}
	}
	// Departments known only from their project forms: their own form is
	// missing too.
	for _, g := range groups {
		if g.Status == "" {
			s.addMissing(MissingRow{Code: g.Code, Name: g.Name}, departmentKey(g.Code, g.Name), groups, false)
		}
	}
	slices.SortStableFunc(s.Departments, func(a, b Row) int { return compareCodes(a.Code, a.Name, b.Code, b.Name) })
	slices.SortStableFunc(s.Missing, func(a, b MissingRow) int { return compareCodes(a.Code, a.Name, b.Code, b.Name) })
	rank(s.Departments)
	for _, r := range s.Departments {
		if r.entry != nil {
			s.addForm(form{code: r.Code, name: r.Name, status: r.Status}, r.entry)
		}
		if g := groups[r.group]; g != nil {
			for _, p := range g.Projects {
				s.addForm(form{code: p.Code, name: p.Department, status: p.Status, project: projectLabel(p.Name)}, p.entry)
			}
			s.Projects = append(s.Projects, *g)
		}
		if !r.OnRoster && r.Status != Missing {
			s.Unlisted = append(s.Unlisted, r)
		}
	}
	s.totals()
	s.projectTotals()
	s.counts()
	s.forgetEntries()
	return s
}

// forgetEntries drops the rows' links to the entries they were built
// from: all that Save and the web board read is in the rows, and the
// entries' reports (some 100 MB for 10,000 departments) can go before
// the workbook is written.
func (s *Summary) forgetEntries() {
	for i := range s.Departments {
		s.Departments[i].entry = nil
	}
	for i := range s.Unlisted {
		s.Unlisted[i].entry = nil
	}
	for i := range s.Projects {
		for j := range s.Projects[i].Projects {
			s.Projects[i].Projects[j].entry = nil
		}
	}
}

// addMissing lists a department without its own form: in 未报送, and as a
// row of 汇总. onRoster says the roster lists it; without a roster a
// department is known from its project forms only.
func (s *Summary) addMissing(m MissingRow, key string, groups map[string]*ProjectGroup, onRoster bool) {
	row := Row{Code: m.Code, Name: m.Name, Status: Missing, OnRoster: onRoster || s.Roster == nil, group: key,
		LevelScores: make([]decimal.NullDecimal, len(s.Levels))}
	if g := groups[key]; g != nil {
		g.Status = Missing
		m.Projects = len(g.Projects)
		m.Note = fmt.Sprintf("已报送项目支出表 %d 份，未报送部门整体支出表", m.Projects)
		if !row.OnRoster {
			m.Note = "不在名单中；" + m.Note
		}
		row.Note = m.Note
	}
	s.Missing = append(s.Missing, m)
	s.Departments = append(s.Departments, row)
}

// groupProjects makes the 项目支出 rows of the project entries, grouped by
// department: the roster's department when the roster lists the project's
// 主管部门, else the department whose own form has its code (or, without a
// code, its name), else the department as the project form names it. A
// group whose department has its own form carries that form's status.
func (s *Summary) groupProjects(projects []*Entry, o Options) map[string]*ProjectGroup {
	groups := map[string]*ProjectGroup{}
	byCode, byName := map[string]*Row{}, map[string]*Row{}
	for i := range s.Departments {
		r := &s.Departments[i]
		if c := template.Norm(r.Code); c != "" {
			byCode[c] = r
		}
		if n := template.Norm(r.Name); n != "" {
			byName[n] = r
		}
	}
	for _, e := range projects {
		dept := e.Report.Department
		code, name, key, note := dept.Code, dept.Name, departmentKey(dept.Code, dept.Name), ""
		var own *Row
		if template.Norm(dept.Code) != "" {
			own = byCode[template.Norm(dept.Code)]
		} else {
			own = byName[template.Norm(dept.Name)]
		}
		if d, ok := o.Roster.Lookup(dept.Code, dept.Name); ok {
			code, name, key = d.Code, d.Name, departmentKey(d.Code, d.Name)
		} else if own != nil {
			code, name, key = own.Code, own.Name, own.group
		} else if o.Roster != nil {
			note = "主管部门不在名单中"
		}
		if o.Roster != nil && own == nil {
			// The department's own form, found under the roster's code.
			for i := range s.Departments {
				if s.Departments[i].group == key {
					own = &s.Departments[i]
				}
			}
		}
		g := groups[key]
		if g == nil {
			g = &ProjectGroup{Code: code, Name: name}
			if own != nil {
				g.Status = own.Status
			}
			groups[key] = g
		}
		p := s.projectRow(e)
		p.Code, p.Department, p.Note = code, name, note
		if template.Norm(dept.Name) != "" && template.Norm(dept.Name) != template.Norm(name) && note == "" {
			p.Note = fmt.Sprintf("表中主管部门为“%s”", dept.Name)
		}
		g.Projects = append(g.Projects, p)
	}
	for _, g := range groups {
		slices.SortStableFunc(g.Projects, func(a, b ProjectRow) int { return compareCodes(a.ProjectCode, a.Name, b.ProjectCode, b.Name) })
		var budget, execution decimal.Decimal
		for _, p := range g.Projects {
			if p.Budget.Valid && p.Execution.Valid {
				budget, execution = budget.Add(p.Budget.Decimal), execution.Add(p.Execution.Decimal)
				g.AmountsOf++
			}
			g.Errors += p.Errors
			g.Warnings += p.Warnings
		}
		g.Budget, g.Execution, g.Rate = sums(budget, execution, g.AmountsOf)
	}
	return groups
}

// sums are the sums of n amounts and their rate, null when n is 0.
func sums(budget, execution decimal.Decimal, n int) (b, e, rate decimal.NullDecimal) {
	if n == 0 {
		return
	}
	b = decimal.NullDecimal{Decimal: budget, Valid: true}
	e = decimal.NullDecimal{Decimal: execution, Valid: true}
	if !budget.IsZero() {
		// As a report computes a row's rate: the ratio to the rulebook's
		// intermediate places, then a percent to two.
		r := execution.DivRound(budget, rulebook.RatioPlaces).Mul(hundred).Round(ratePlaces)
		rate = decimal.NullDecimal{Decimal: r, Valid: true}
	}
	return
}

// projectRow is the 项目支出 row of a project form's entry.
func (s *Summary) projectRow(e *Entry) ProjectRow {
	rep := e.Report
	p := ProjectRow{Status: rep.Status, Version: e.Version, File: rep.File, BudgetScore: rep.Budget.Score,
		IndicatorScore: rep.IndicatorTotal, Total: rep.Total, Provisional: rep.Provisional, BudgetExcluded: rep.BudgetExcluded,
		Declared: rep.DeclaredTotal, Grade: rep.Grade, Errors: e.count(finding.Error), Warnings: e.count(finding.Warning),
		Infos: e.count(finding.Info), Annotated: e.Annotated, entry: e}
	if p.Provisional == nil {
		p.Provisional = []string{}
	}
	if rep.Project != nil {
		p.Name, p.ProjectCode, p.Unit = rep.Project.Name, rep.Project.Code, rep.Project.Unit
	}
	if !e.ReceivedAt.IsZero() {
		t := e.ReceivedAt
		p.ReceivedAt = &t
	}
	if b, ok := totalRow(rep); ok {
		p.Budget, p.Execution, p.Rate = b.Budget, b.Execution, b.Rate.NullDecimal
	}
	p.Difference = diff(p.Declared, p.Total)
	return p
}

// projectLabel is the name a project form goes by in 未达标指标 and 审核问题.
func projectLabel(name string) string {
	if strings.TrimSpace(name) == "" {
		return "（未填写项目名称）"
	}
	return name
}

// FormLabel says which form a row of 未达标指标 or 审核问题 is of: 部门整体
// for the department's own form (project ""), 项目：名称 for a project form.
func FormLabel(project string) string {
	if project == "" {
		return "部门整体"
	}
	return "项目：" + project
}

// projectTotals computes the grand total of the project forms.
func (s *Summary) projectTotals() {
	t := ProjectTotals{Departments: len(s.Projects)}
	var budget, execution decimal.Decimal
	for _, g := range s.Projects {
		t.Projects += len(g.Projects)
		if g.AmountsOf > 0 {
			budget, execution = budget.Add(g.Budget.Decimal), execution.Add(g.Execution.Decimal)
			t.AmountsOf += g.AmountsOf
		}
		t.Errors += g.Errors
		t.Warnings += g.Warnings
	}
	t.Budget, t.Execution, t.Rate = sums(budget, execution, t.AmountsOf)
	s.ProjectTotals = t
}

// row is the 汇总 row of a department's entry.
func (s *Summary) row(e *Entry) Row {
	rep := e.Report
	r := Row{Code: rep.Department.Code, Name: rep.Department.Name, Status: rep.Status, Version: e.Version, File: rep.File,
		BudgetScore: rep.Budget.Score, Total: rep.Total, Declared: rep.DeclaredTotal, Grade: rep.Grade,
		Errors: e.count(finding.Error), Warnings: e.count(finding.Warning), Infos: e.count(finding.Info),
		Annotated: e.Annotated, entry: e}
	if !e.ReceivedAt.IsZero() {
		t := e.ReceivedAt
		r.ReceivedAt = &t
	}
	if b, ok := totalRow(rep); ok {
		r.Budget, r.Execution, r.Rate = b.Budget, b.Execution, b.Rate.NullDecimal
	}
	r.Difference = diff(r.Declared, r.Total)
	r.LevelScores = make([]decimal.NullDecimal, len(s.Levels))
	for _, in := range rep.Indicators {
		if !in.Score.Valid {
			continue
		}
		i := s.levelIndex(in.Level1)
		sum := r.LevelScores[i].Decimal.Add(in.Score.Decimal)
		r.LevelScores[i] = decimal.NullDecimal{Decimal: sum, Valid: true}
	}
	return r
}

// totalRow returns the report's 年度资金总额 row.
func totalRow(rep *report.Report) (report.BudgetRowReport, bool) {
	label := ""
	for _, f := range template.Department.Budget.Rows {
		if f.Key == template.BudgetTotal {
			label = f.Label
		}
	}
	for _, b := range rep.Budget.Rows {
		if b.Name == label {
			return b, true
		}
	}
	return report.BudgetRowReport{}, false
}

func (s *Summary) levelIndex(level1 string) int {
	if i, ok := s.levelAt[level1]; ok {
		return i
	}
	i := slices.Index(s.Levels, template.Norm(level1))
	if i < 0 || s.Levels[i] == OtherLevel {
		i = len(s.Levels) - 1 // OtherLevel, present whenever a name is not a level
	}
	s.levelAt[level1] = i
	return i
}

// levelColumns are the rulebook's levels, normalised as reports write them,
// and OtherLevel when an indicator of the entries is under none of them.
func levelColumns(rb *rulebook.Rulebook, entries []*Entry) []string {
	var out []string
	for _, l := range rb.Levels {
		out = append(out, template.Norm(l.Name))
	}
	known := map[string]bool{}
	for _, e := range entries {
		for _, in := range e.Report.Indicators {
			if !in.Score.Valid {
				continue
			}
			listed, ok := known[in.Level1]
			if !ok {
				listed = slices.Contains(out, template.Norm(in.Level1))
				known[in.Level1] = listed
			}
			if !listed {
				return append(out, OtherLevel)
			}
		}
	}
	return out
}

func gradeNames(rb *rulebook.Rulebook, entries []*Entry) []string {
	var out []string
	for _, g := range rb.Grades {
		out = append(out, g.Name)
	}
	for _, e := range entries {
		if g := e.Report.Grade; g != "" && !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return out
}

func (s *Summary) countRulebooks(entries []*Entry) {
	for _, e := range entries {
		i := slices.IndexFunc(s.Rulebooks, func(u RulebookUse) bool { return u.ID == e.RulebookID && u.SHA256 == e.RulebookSHA256 })
		if i < 0 {
			s.Rulebooks = append(s.Rulebooks, RulebookUse{ID: e.RulebookID, SHA256: e.RulebookSHA256})
			i = len(s.Rulebooks) - 1
		}
		s.Rulebooks[i].Submissions++
	}
}

// lastYear returns last year's figures by department key: from o.Previous
// when given, else from the entries of the year before.
func (s *Summary) lastYear(previous []*Entry, o Options) map[string]Previous {
	out := map[string]Previous{}
	if o.Previous != nil {
		for _, p := range o.Previous {
			if k := departmentKey(p.Code, p.Name); k != "" {
				out[k] = p
			}
		}
		s.Previous = &PreviousInfo{Year: s.Year - 1, Source: o.PreviousSource, Departments: len(out)}
		return out
	}
	for _, e := range previous {
		p := Previous{Code: e.Report.Department.Code, Name: e.Report.Department.Name, Total: e.Report.Total}
		if b, ok := totalRow(e.Report); ok {
			p.Rate = b.Rate.NullDecimal
		}
		out[e.key()] = p
	}
	if len(out) > 0 {
		s.Previous = &PreviousInfo{Year: s.Year - 1, Source: fmt.Sprintf("同一数据来源中 %d 年度的报送", s.Year-1), Departments: len(out)}
	}
	return out
}

// shortfall reports whether an indicator scored is short of its weight
// or of its target (completion under 100%).
func shortfall(in report.IndicatorReport) bool {
	if !in.Score.Valid || !in.Weight.Valid {
		return false
	}
	return in.Score.Decimal.LessThan(in.Weight.Decimal) || in.Completion.Valid && in.Completion.Decimal.LessThan(hundred)
}

// addForm lists the shortfalls and findings of f, a department's form or
// one of its project forms, whose entry is e; it counts them, and reads
// them only when the summary is written.
func (s *Summary) addForm(f form, e *Entry) {
	if e.details != nil {
		f.stored = e.details
		s.details.merge(e.details.counts)
	} else {
		d := detailsOf(e.Report)
		f.details = &d
		s.details.add(d, e.IsProject())
	}
	s.forms = append(s.forms, f)
}

// ShortfallCount is how many rows 未达标指标 has (EachShortfall).
func (s *Summary) ShortfallCount() int { return s.details.shortfalls }

// FindingCount is how many rows 审核问题 has (EachFinding).
func (s *Summary) FindingCount() int { return s.details.findings }

// eachDetails calls fn with each listed form's details, in order: read
// back one at a time from the Store the entries were read through, only
// the lists asked for (shortfalls, findings).
func (s *Summary) eachDetails(shortfalls, findings bool, fn func(f *form, d details) error) error {
	var buf []byte
	for i := range s.forms {
		f := &s.forms[i]
		var d details
		if f.stored != nil {
			var err error
			if d, buf, err = f.stored.load(buf, shortfalls, findings); err != nil {
				return err
			}
		} else {
			d = *f.details
		}
		if err := fn(f, d); err != nil {
			return err
		}
	}
	return nil
}

// EachShortfall calls fn with each row of 未达标指标, in order: the
// department's own form, then its project forms, department by department
// in the order of Departments. An error of fn, or reading the rows back
// (Store), ends the walk and is returned.
func (s *Summary) EachShortfall(fn func(Shortfall) error) error {
	return s.eachDetails(true, false, func(f *form, d details) error {
		for _, sf := range d.Shortfalls {
			sf.Code, sf.Department, sf.Project = f.code, f.name, f.project
			if err := fn(sf); err != nil {
				return err
			}
		}
		return nil
	})
}

// EachFinding calls fn with each row of 审核问题, in the order of
// EachShortfall.
func (s *Summary) EachFinding(fn func(FindingRow) error) error {
	return s.eachDetails(false, true, func(f *form, d details) error {
		for _, fr := range d.Findings {
			if err := fn(FindingRow{Code: f.code, Department: f.name, Project: f.project, Status: f.status, Severity: fr.Severity,
				Finding: fr.Code, Title: fr.Title(), Ref: fr.Ref, Place: fr.Place, Message: fr.Message}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Details returns every row of 未达标指标 and of 审核问题 (EachShortfall,
// EachFinding) at once.
func (s *Summary) Details() ([]Shortfall, []FindingRow, error) {
	shortfalls := make([]Shortfall, 0, s.details.shortfalls)
	findings := make([]FindingRow, 0, s.details.findings)
	if err := s.EachShortfall(func(sf Shortfall) error { shortfalls = append(shortfalls, sf); return nil }); err != nil {
		return nil, nil, err
	}
	if err := s.EachFinding(func(fr FindingRow) error { findings = append(findings, fr); return nil }); err != nil {
		return nil, nil, err
	}
	return shortfalls, findings, nil
}

// shortfallOf is the 未达标指标 row of an indicator short of target,
// without its form's department and project.
func shortfallOf(in report.IndicatorReport) Shortfall {
	sf := Shortfall{Ref: in.Ref, Level1: in.Level1, Level2: in.Level2, Name: in.Name,
		Target: in.Target, Actual: in.Actual, Completion: in.Completion.NullDecimal, Weight: in.Weight, Score: in.Score,
		Lost:      decimal.NullDecimal{Decimal: decimal.Max(in.Weight.Decimal.Sub(in.Score.Decimal), decimal.Zero), Valid: true},
		Explained: in.Explained()}
	switch {
	case sf.Explained:
		sf.Reason = in.Reason
	case strings.TrimSpace(in.Reason) == "":
		sf.Reason = "未说明"
	default:
		sf.Reason = fmt.Sprintf("未说明（填写的是“%s”）", oneLine(in.Reason, 40))
	}
	return sf
}

func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "……"
	}
	return s
}

func unknownRow(e *Entry) UnknownRow {
	u := UnknownRow{File: e.Report.File, SHA256: e.Report.SHA256, Status: e.Report.Status,
		Department: strings.TrimSpace(e.Report.Department.Name + " " + e.Report.Department.Code)}
	if !e.ReceivedAt.IsZero() {
		t := e.ReceivedAt
		u.ReceivedAt = &t
	}
	switch {
	case e.Report.Status == report.Unreadable && len(e.Report.Findings) > 0:
		u.Reason = e.Report.Findings[0].Message
	case e.key() == "" && e.IsProject():
		u.Reason = fmt.Sprintf("项目支出表（项目“%s”）中没有填写主管部门和部门编码", oneLine(e.projectName(), 40))
	case e.key() == "":
		u.Reason = "表中没有填写部门编码和部门名称"
	default:
		u.Reason = "表中没有填写评价年度"
	}
	return u
}

// diff is a − b when both are known.
func diff(a, b decimal.NullDecimal) decimal.NullDecimal {
	if !a.Valid || !b.Valid {
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: a.Decimal.Sub(b.Decimal), Valid: true}
}

// compareCodes orders departments by code, numbers by their value (9 before
// 10), then by name; departments without a code last.
func compareCodes(ac, an, bc, bn string) int {
	if (ac == "") != (bc == "") {
		if ac == "" {
			return 1
		}
		return -1
	}
	if allDigits(ac) && allDigits(bc) {
		a, b := strings.TrimLeft(ac, "0"), strings.TrimLeft(bc, "0")
		if c := cmp.Compare(len(a), len(b)); c != 0 {
			return c
		}
		if c := cmp.Compare(a, b); c != 0 {
			return c
		}
	}
	return cmp.Or(cmp.Compare(ac, bc), cmp.Compare(an, bn))
}

func allDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// rank gives each row with a total its place: one more than the number of
// rows with a higher total, so equal totals share a place and the next
// place is skipped (1, 2, 2, 4).
func rank(rows []Row) {
	var totals []decimal.Decimal
	for _, r := range rows {
		if r.Total.Valid {
			totals = append(totals, r.Total.Decimal)
		}
	}
	slices.SortFunc(totals, func(a, b decimal.Decimal) int { return b.Cmp(a) })
	for i := range rows {
		if !rows[i].Total.Valid {
			continue
		}
		t := rows[i].Total.Decimal
		rows[i].Rank = 1 + sortSearch(len(totals), func(j int) bool { return totals[j].LessThanOrEqual(t) })
	}
}

// sortSearch is sort.Search: the first j in [0, n) where f is true.
func sortSearch(n int, f func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if !f(m) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// totals computes the city-wide line.
func (s *Summary) totals() {
	t := Totals{Departments: len(s.Departments), LevelScoreMeans: make([]decimal.NullDecimal, len(s.Levels))}
	var budget, execution decimal.Decimal
	bs, tot, decl, prev := mean{}, mean{}, mean{}, mean{}
	levels := make([]mean, len(s.Levels))
	for _, r := range s.Departments {
		if r.Budget.Valid && r.Execution.Valid {
			budget, execution = budget.Add(r.Budget.Decimal), execution.Add(r.Execution.Decimal)
			t.AmountsOf++
		}
		bs.add(r.BudgetScore)
		tot.add(r.Total)
		decl.add(r.Declared)
		prev.add(r.PreviousTotal)
		for i, l := range r.LevelScores {
			levels[i].add(l)
		}
		t.Errors += r.Errors
		t.Warnings += r.Warnings
	}
	if t.AmountsOf > 0 {
		t.Budget = decimal.NullDecimal{Decimal: budget, Valid: true}
		t.Execution = decimal.NullDecimal{Decimal: execution, Valid: true}
		if !budget.IsZero() {
			// As a report computes a row's rate: the ratio to the
			// rulebook's intermediate places, then a percent to two.
			rate := execution.DivRound(budget, rulebook.RatioPlaces).Mul(hundred).Round(ratePlaces)
			t.Rate = decimal.NullDecimal{Decimal: rate, Valid: true}
		}
	}
	t.BudgetScoreMean, t.TotalMean, t.DeclaredMean, t.PreviousTotal = bs.value(), tot.value(), decl.value(), prev.value()
	for i := range levels {
		t.LevelScoreMeans[i] = levels[i].value()
	}
	s.Totals = t
	for _, g := range s.Grades {
		n := 0
		for _, r := range s.Departments {
			if r.Grade == g {
				n++
			}
		}
		s.GradeCounts = append(s.GradeCounts, GradeCount{Grade: g, Count: n})
	}
	n := 0
	for _, r := range s.Departments {
		if r.Status != Missing && r.Grade == "" {
			n++
		}
	}
	if n > 0 {
		s.GradeCounts = append(s.GradeCounts, GradeCount{Grade: "", Count: n})
	}
}

// mean averages the known values.
type mean struct {
	sum decimal.Decimal
	n   int64
}

func (m *mean) add(d decimal.NullDecimal) {
	if d.Valid {
		m.sum = m.sum.Add(d.Decimal)
		m.n++
	}
}

func (m mean) value() decimal.NullDecimal {
	if m.n == 0 {
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: m.sum.DivRound(decimal.NewFromInt(m.n), scorePlaces), Valid: true}
}

func (s *Summary) counts() {
	c := SubmissionCounts{Missing: len(s.Missing), Unlisted: len(s.Unlisted), Unidentified: len(s.Unknown)}
	for _, r := range s.Departments {
		switch r.Status {
		case report.Accepted:
			c.Accepted++
		case report.Returned:
			c.Returned++
		case report.Unreadable:
			c.Unreadable++
		}
		if r.Status != Missing {
			c.Submitted++
		}
	}
	c.ProjectDepartments = len(s.Projects)
	for _, g := range s.Projects {
		for _, p := range g.Projects {
			c.Projects++
			switch p.Status {
			case report.Accepted:
				c.ProjectsAccepted++
			case report.Returned:
				c.ProjectsReturned++
			}
		}
	}
	s.Counts = c
}
