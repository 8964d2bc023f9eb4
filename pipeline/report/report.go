package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
)

// Status is the outcome of checking one workbook.
type Status string

const (
	// Accepted means no error findings.
	Accepted Status = "accepted"
	// Returned means at least one error: the form goes back (退回修改).
	Returned Status = "returned"
	// Unreadable means the file could not be read as a workbook.
	Unreadable Status = "unreadable"
)

// Label returns the Chinese word for the status.
func (s Status) Label() string {
	switch s {
	case Accepted:
		return "通过"
	case Returned:
		return "退回修改"
	case Unreadable:
		return "无法读取"
	}
	return string(s)
}

// Report is the result of checking one workbook; its JSON shape is the
// contract of DESIGN §3. Decimals marshal as strings; a missing figure is
// null. A Report is complete in its JSON: one decoded from it prints the
// same text (WriteText), so a ledger that stores the JSON can show it again.
// The fields after Annotated, beyond the contract, carry what the text says
// and are left out where they do not apply.
type Report struct {
	File           string              `json:"file"`
	SHA256         string              `json:"sha256"`
	Status         Status              `json:"status"`
	Department     DepartmentID        `json:"department"`
	Year           int                 `json:"year"`
	Budget         BudgetReport        `json:"budget"`
	Indicators     []IndicatorReport   `json:"indicators"`
	IndicatorTotal decimal.NullDecimal `json:"indicator_total"`
	Total          decimal.NullDecimal `json:"total"`
	ReportedTotal  decimal.NullDecimal `json:"reported_total"`
	DeclaredTotal  decimal.NullDecimal `json:"declared_total"`
	Grade          string              `json:"grade"`
	Findings       []FindingReport     `json:"findings"`
	Annotated      string              `json:"annotated"` // "" when no copy was written

	// Unscored counts the indicators that could not be scored.
	Unscored int `json:"unscored,omitempty"`
	// Cap is the cap_by_execution rule that lowered the total, if any.
	Cap *CapReport `json:"cap,omitempty"`
	// DeclaredPlaces is the places of ReportedTotal, the total as the
	// declared total may round it (the rulebook's total.declared_places).
	DeclaredPlaces int32 `json:"declared_places,omitempty"`
	// Form is the form kind when it is not the department form
	// (template.FormProject), and Project names the project of a
	// project form; Department is then its 主管部门.
	Form string `json:"form,omitempty"`
	// Provisional lists the indicators (their 得分 cells) that could not
	// be scored but count in the total at their self-score: with any,
	// total is provisional.
	Provisional []string `json:"provisional,omitempty"`
	// BudgetExcluded says the total leaves the budget-execution score
	// out (the rulebook's total.exclude_budget).
	BudgetExcluded bool       `json:"budget_excluded,omitempty"`
	Project        *ProjectID `json:"project,omitempty"`
	// Rulebook names the rules that scored the form when they are not the
	// ones the run was given: a project form among department forms,
	// scored by the project form's built-in rules.
	Rulebook *RulebookID `json:"rulebook,omitempty"`
}

// ProjectID names the project of a project form.
type ProjectID struct {
	Name string `json:"name"`
	Code string `json:"code,omitempty"`
	Unit string `json:"unit,omitempty"` // 实施单位
}

// RulebookID names a rulebook: its id and the SHA-256 of its text.
type RulebookID struct {
	ID     string `json:"id"`
	SHA256 string `json:"sha256"`
}

// CapReport is a cap_by_execution rule that lowered the total: below an
// execution rate of Below (a percent figure), at most Max points, down from
// Uncapped (indicators + budget execution).
type CapReport struct {
	Below    decimal.Decimal `json:"below"`
	Max      decimal.Decimal `json:"max"`
	Uncapped decimal.Decimal `json:"uncapped"`
}

// DepartmentID names the department of a form: its name and code as the
// form gives them.
type DepartmentID struct {
	Name string `json:"name"`
	Code string `json:"code"`
}

// BudgetReport is the 资金情况 part of a report.
type BudgetReport struct {
	Rows   []BudgetRowReport   `json:"rows"`
	Weight decimal.NullDecimal `json:"weight"`
	Score  decimal.NullDecimal `json:"score"`
}

// BudgetRowReport is one 资金情况 row; Rate is computed, StatedRate is what
// the form says, both as percent figures.
type BudgetRowReport struct {
	Name       string              `json:"name"`
	Budget     decimal.NullDecimal `json:"budget"`
	Execution  decimal.NullDecimal `json:"execution"`
	Rate       Percent             `json:"rate"`
	StatedRate decimal.NullDecimal `json:"stated_rate"`
}

// IndicatorReport is one indicator; Completion is a percent figure.
type IndicatorReport struct {
	Ref        string              `json:"ref"`
	Level1     string              `json:"level1"`
	Level2     string              `json:"level2"`
	Name       string              `json:"name"`
	Target     string              `json:"target"`
	Actual     string              `json:"actual"`
	Weight     decimal.NullDecimal `json:"weight"`
	SelfScore  decimal.NullDecimal `json:"self_score"`
	Completion Percent             `json:"completion"`
	Score      decimal.NullDecimal `json:"score"`
	// Reason is the 偏差原因分析及改进措施 as the department wrote it, left
	// out when the cell is blank; Explained says whether it is a reason.
	Reason string `json:"reason,omitempty"`
}

// Explained reports whether the indicator's reason says anything: not
// blank, not a placeholder (0, 无, /) and not a perfeval draft sent back
// with its blanks unfilled (score.Meaningful).
func (in IndicatorReport) Explained() bool { return score.Meaningful(in.Reason) }

// FindingReport is a finding in the JSON report. Rounding marks a
// difference that is rounding (finding.Finding.Rounding). Place is where
// the cell is on the printed form (template.Form.Place), for a person
// without row numbers and column letters: the page's title, the row's label
// and the column's header; "" for a finding on the whole file.
type FindingReport struct {
	Code     finding.Code     `json:"code"`
	Severity finding.Severity `json:"severity"`
	Ref      string           `json:"ref"`
	Message  string           `json:"message"`
	Rounding bool             `json:"rounding,omitempty"`
	Place    string           `json:"place,omitempty"`
}

// Finding returns the finding as the checks reported it.
func (f FindingReport) Finding() finding.Finding {
	return finding.Finding{Code: f.Code, Severity: f.Severity, Ref: template.ParseRef(f.Ref), Message: f.Message, Rounding: f.Rounding}
}

// Title is the finding's heading for people (finding.Finding.Title).
func (f FindingReport) Title() string {
	return finding.Finding{Code: f.Code, Rounding: f.Rounding}.Title()
}

// Percent is a computed percent figure, written to two places as the forms
// write rates and completions: "91.20", "100.00". A stated figure keeps the
// places it was written with.
type Percent struct{ decimal.NullDecimal }

// MarshalJSON writes the figure as a string with two places, or null.
func (p Percent) MarshalJSON() ([]byte, error) {
	if !p.Valid {
		return []byte("null"), nil
	}
	return []byte(`"` + p.Decimal.StringFixed(2) + `"`), nil
}

// String is the figure with two places, or "—" when there is none.
func (p Percent) String() string {
	if !p.Valid {
		return "—"
	}
	return p.Decimal.StringFixed(2)
}

// NewPercent returns a percent figure, null when not ok.
func NewPercent(d decimal.Decimal, ok bool) Percent { return Percent{score.Null(d, ok)} }

// NewReport builds the report of a checked sheet.
func NewReport(file, sum string, s *score.Form, fs finding.Findings) *Report {
	r := &Report{File: file, SHA256: sum, Year: s.Year, Indicators: []IndicatorReport{}}
	r.Budget.Rows = []BudgetRowReport{}
	r.Department = DepartmentID{Name: s.Texts["dept_name"], Code: s.Texts["dept_code"]}
	if kind := s.Source.Layout.Kind; kind != template.FormDepartment {
		r.Form = kind
		r.Project = &ProjectID{Name: s.Texts["project_name"], Code: s.Texts["project_code"], Unit: s.Texts["unit"]}
	}
	for _, b := range s.Budget {
		r.Budget.Rows = append(r.Budget.Rows, BudgetRowReport{
			Name:       b.Label,
			Budget:     b.Budget.Null(),
			Execution:  b.Execution.Null(),
			Rate:       NewPercent(b.RatePercent(), b.RateOK),
			StatedRate: b.StatedRate.Null(),
		})
		if b.Key == template.BudgetTotal {
			r.Budget.Weight = b.Weight.Null()
		}
	}
	r.Budget.Score = score.Null(s.BudgetScore, s.BudgetScoreOK)
	for _, l := range s.Lines {
		r.Indicators = append(r.Indicators, IndicatorReport{
			Ref:        l.Source.Name.Ref.String(),
			Level1:     l.Level1,
			Level2:     l.Level2,
			Name:       l.Name,
			Target:     l.Target.Shown(),
			Actual:     l.Actual.Shown(),
			Weight:     l.Weight.Null(),
			SelfScore:  l.SelfScore.Null(),
			Completion: NewPercent(l.CompletionPercent(), l.CompletionOK),
			Score:      score.Null(l.Score, l.Scored),
			Reason:     l.Reason,
		})
	}
	// A form without a single indicator, or whose budget execution could
	// not be scored, has no total and no grade, rather than a total that
	// counts the missing part as 0 and a grade to match.
	r.IndicatorTotal = score.Null(s.IndicatorTotal, len(s.Lines) > 0)
	for _, i := range s.Provisional {
		r.Provisional = append(r.Provisional, s.Lines[i].SelfScore.Cell.Ref.String())
	}
	r.Unscored = s.Unscored
	if s.Capped {
		r.Cap = &CapReport{Below: s.CapBelow.Shift(2), Max: s.CapMax, Uncapped: s.Uncapped}
	}
	if s.TotalOK {
		r.DeclaredPlaces = max(-s.ReportedTotal.Exponent(), 0)
		r.BudgetExcluded = s.BudgetExcluded
	}
	r.Total = score.Null(s.Total, s.TotalOK)
	r.ReportedTotal = score.Null(s.ReportedTotal, s.TotalOK)
	r.DeclaredTotal = s.Numbers["declared_total"].Null()
	if s.TotalOK {
		r.Grade = s.Grade
	}
	r.setFindings(fs)
	for i := range r.Findings {
		r.Findings[i].Place = s.Source.Place(fs[i].Ref)
	}
	return r
}

// UnreadableReport returns the report of a file that is not a readable workbook,
// with the one finding that says why: code (not_xlsx, encrypted, too_large)
// at sheet, or at no cell when sheet is "".
func UnreadableReport(file, sum string, code finding.Code, sheet, reason string) *Report {
	f := finding.Finding{Code: code, Severity: finding.Error, Ref: template.Ref{Sheet: sheet}, Message: reason}
	r := &Report{File: file, SHA256: sum, Indicators: []IndicatorReport{}, Budget: BudgetReport{Rows: []BudgetRowReport{}}}
	r.setFindings(finding.Findings{f})
	r.Status = Unreadable
	return r
}

func (r *Report) setFindings(fs finding.Findings) {
	r.Findings = make([]FindingReport, 0, len(fs))
	for _, f := range fs {
		r.Findings = append(r.Findings, FindingReport{Code: f.Code, Severity: f.Severity, Ref: f.Ref.String(), Message: f.Message, Rounding: f.Rounding})
	}
	r.Status = Accepted
	if fs.HasErrors() {
		r.Status = Returned
	}
}

// FindingList returns the report's findings as the checks reported them,
// for a report decoded from its JSON as for a new one.
func (r *Report) FindingList() finding.Findings {
	fs := make(finding.Findings, len(r.Findings))
	for i, f := range r.Findings {
		fs[i] = f.Finding()
	}
	return fs
}

// Count returns how many findings have the given severity.
func (r *Report) Count(sev finding.Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == sev {
			n++
		}
	}
	return n
}

// WriteJSON writes the report as one line of JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("marshal report: %w", err)
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// WriteText writes the report as readable Chinese text, one line for each
// item. What the department typed and the names of files are printed
// through template.Visible, so that none of it can begin a line of its own
// (a forged 结论：通过) or act on the terminal; text without control,
// bidirectional or zero-width characters prints as it is.
func (r *Report) WriteText(w io.Writer) error {
	v := template.Visible
	var b strings.Builder
	fmt.Fprintf(&b, "文件：%s\n", v(r.File))
	if r.Status == Unreadable {
		fmt.Fprintf(&b, "结论：%s\n", r.Status.Label())
		for _, f := range r.Findings {
			fmt.Fprintf(&b, "  [错误] %s\n", v(f.Message))
		}
		b.WriteString("\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	if r.Project != nil {
		name := r.Project.Name
		if name == "" {
			name = "（未填写项目名称）"
		}
		fmt.Fprintf(&b, "项目：%s", v(name))
		if r.Project.Unit != "" {
			fmt.Fprintf(&b, "  实施单位：%s", v(r.Project.Unit))
		}
		if r.Rulebook != nil {
			fmt.Fprintf(&b, "  评分规则：%s", v(r.Rulebook.ID))
		}
		b.WriteString("\n")
	}
	dept, who := r.Department.Name, "部门"
	if r.Project != nil {
		who = "主管部门"
	}
	if dept == "" {
		dept = "（未填写" + who + "名称）"
	}
	fmt.Fprintf(&b, "%s：%s", who, v(dept))
	if r.Department.Code != "" {
		fmt.Fprintf(&b, "（%s）", v(r.Department.Code))
	}
	if r.Year != 0 {
		fmt.Fprintf(&b, "  年度：%d", r.Year)
	}
	b.WriteString("\n")
	for _, row := range r.Budget.Rows {
		if row.Name == "年度资金总额" && row.Rate.Valid {
			fmt.Fprintf(&b, "预算执行：预算 %s 万元，执行 %s 万元，执行率 %s%%，得分 %s/%s\n",
				Show(row.Budget), Show(row.Execution), row.Rate, Show(r.Budget.Score), Show(r.Budget.Weight))
		}
	}
	if r.Total.Valid {
		parts := fmt.Sprintf("指标 %s + 预算执行 %s", Show(r.IndicatorTotal), Show(r.Budget.Score))
		if r.BudgetExcluded {
			parts = fmt.Sprintf("指标 %s，预算执行 %s 不计入总分", Show(r.IndicatorTotal), Show(r.Budget.Score))
		}
		if len(r.Provisional) > 0 {
			parts += fmt.Sprintf("；暂定：%d 个指标无法复核，按自评得分计入", len(r.Provisional))
		}
		if r.Cap != nil {
			parts += fmt.Sprintf(" = %s；预算执行率低于 %s%%，按评分规则封顶 %s 分", r.Cap.Uncapped, r.Cap.Below, r.Cap.Max)
		}
		rounded := ""
		if !r.ReportedTotal.Decimal.Equal(r.Total.Decimal) {
			rounded = "，取整 " + Show(r.ReportedTotal)
			if r.DeclaredPlaces > 0 {
				rounded = fmt.Sprintf("，保留 %d 位小数 %s", r.DeclaredPlaces, Show(r.ReportedTotal))
			}
		}
		grade := v(r.Grade)
		if grade == "" && len(r.Provisional) > 0 {
			grade = "待定（暂定总分不定等级）"
		}
		fmt.Fprintf(&b, "复核总分：%s（%s）%s，等级 %s；自评总分 %s\n",
			Show(r.Total), parts, rounded, grade, Show(r.DeclaredTotal))
	} else {
		var why []string
		switch {
		case !r.IndicatorTotal.Valid:
			why = append(why, "表中没有可评分的指标")
		case r.Unscored > 0:
			why = append(why, fmt.Sprintf("%d 个指标无法评分", r.Unscored))
		}
		if !r.Budget.Score.Valid {
			why = append(why, "资金情况的预算执行未能评分")
		}
		fmt.Fprintf(&b, "复核总分：无法计算（%s）；已评分指标得分合计 %s，自评总分 %s\n", strings.Join(why, "，"), Show(r.IndicatorTotal), Show(r.DeclaredTotal))
	}
	var shortfalls []IndicatorReport
	for _, in := range r.Indicators {
		if in.Score.Valid && in.Weight.Valid && in.Score.Decimal.LessThan(in.Weight.Decimal) {
			shortfalls = append(shortfalls, in)
		}
	}
	if len(shortfalls) > 0 {
		fmt.Fprintf(&b, "未满分指标 %d 个：\n", len(shortfalls))
		for _, in := range shortfalls {
			fmt.Fprintf(&b, "  %s  %s：指标值 %s，实际 %s，完成率 %s%%，得分 %s/%s\n", v(in.Ref), v(in.Name), v(in.Target), v(in.Actual), in.Completion, Show(in.Score), Show(in.Weight))
		}
	}
	fmt.Fprintf(&b, "审核发现：错误 %d，警告 %d，提示 %d\n", r.Count(finding.Error), r.Count(finding.Warning), r.Count(finding.Info))
	for _, f := range r.Findings {
		where := v(f.Ref)
		if where == "" {
			where = "整个文件" // as the 审核结果 sheet says
		}
		if f.Place != "" {
			where += "（" + v(f.Place) + "）"
		}
		fmt.Fprintf(&b, "  [%s] %s  %s：%s（%s）\n", f.Severity.Label(), where, f.Title(), v(f.Message), v(string(f.Code)))
	}
	fmt.Fprintf(&b, "结论：%s\n", r.Status.Label())
	if r.Annotated != "" {
		fmt.Fprintf(&b, "批注版：%s\n", v(r.Annotated))
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// Show returns a figure as the text report shows it, "—" when there is
// none.
func Show(d decimal.NullDecimal) string {
	if !d.Valid {
		return "—"
	}
	return d.Decimal.String()
}
