package pipeline

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"

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
// null.
type Report struct {
	File           string              `json:"file"`
	SHA256         string              `json:"sha256"`
	Status         Status              `json:"status"`
	Department     Department          `json:"department"`
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

	findings Findings
	unscored int             // indicators that could not be scored
	capped   *Cap            // the cap_by_execution rule that lowered the total
	uncapped decimal.Decimal // indicators + budget before the cap
	places   int32           // the places of ReportedTotal
}

// Department names the department of a form.
type Department struct {
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
}

// FindingReport is a finding in the JSON report.
type FindingReport struct {
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Ref      string `json:"ref"`
	Message  string `json:"message"`
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

func percent(d decimal.Decimal, ok bool) Percent { return Percent{null(d, ok)} }

func null(d decimal.Decimal, ok bool) decimal.NullDecimal {
	return decimal.NullDecimal{Decimal: d, Valid: ok}
}

func numberOf(n Number) decimal.NullDecimal { return null(n.Value, n.OK) }

// NewReport builds the report of a checked sheet.
func NewReport(file, sum string, s *Sheet, fs Findings) *Report {
	r := &Report{File: file, SHA256: sum, Year: s.Year, findings: fs, Indicators: []IndicatorReport{}}
	r.Budget.Rows = []BudgetRowReport{}
	r.Department = Department{Name: s.Texts["dept_name"], Code: s.Texts["dept_code"]}
	for _, b := range s.Budget {
		r.Budget.Rows = append(r.Budget.Rows, BudgetRowReport{
			Name:       b.Label,
			Budget:     numberOf(b.Budget),
			Execution:  numberOf(b.Execution),
			Rate:       percent(b.RatePercent(), b.RateOK),
			StatedRate: numberOf(b.StatedRate),
		})
		if b.Key == template.BudgetTotal {
			r.Budget.Weight = numberOf(b.Weight)
		}
	}
	r.Budget.Score = null(s.BudgetScore, s.BudgetScoreOK)
	for _, l := range s.Lines {
		r.Indicators = append(r.Indicators, IndicatorReport{
			Ref:        l.Source.Name.Ref.String(),
			Level1:     l.Level1,
			Level2:     l.Level2,
			Name:       l.Name,
			Target:     l.Target.Shown(),
			Actual:     l.Actual.Shown(),
			Weight:     numberOf(l.Weight),
			SelfScore:  numberOf(l.SelfScore),
			Completion: percent(l.CompletionPercent(), l.CompletionOK),
			Score:      null(l.Score, l.Scored),
		})
	}
	// A form without a single indicator, or whose budget execution could
	// not be scored, has no total and no grade, rather than a total that
	// counts the missing part as 0 and a grade to match.
	r.IndicatorTotal = null(s.IndicatorTotal, len(s.Lines) > 0)
	r.unscored = s.Unscored
	if s.Capped {
		c := s.Cap
		r.capped, r.uncapped = &c, s.IndicatorTotal.Add(s.BudgetScore)
	}
	r.places = -s.ReportedTotal.Exponent()
	r.Total = null(s.Total, s.TotalOK)
	r.ReportedTotal = null(s.ReportedTotal, s.TotalOK)
	r.DeclaredTotal = numberOf(s.Numbers["declared_total"])
	if s.TotalOK {
		r.Grade = s.Grade
	}
	r.setFindings(fs)
	return r
}

// UnreadableReport is the report of a file that is not a readable workbook.
func UnreadableReport(file, sum, code, reason string) *Report {
	f := Finding{Code: code, Severity: Error, Ref: template.Ref{Sheet: ""}, Message: reason}
	r := &Report{File: file, SHA256: sum, Indicators: []IndicatorReport{}, Budget: BudgetReport{Rows: []BudgetRowReport{}}}
	r.setFindings(Findings{f})
	r.Status = Unreadable
	return r
}

func (r *Report) setFindings(fs Findings) {
	r.findings = fs
	r.Findings = make([]FindingReport, 0, len(fs))
	for _, f := range fs {
		r.Findings = append(r.Findings, FindingReport{Code: f.Code, Severity: f.Severity.String(), Ref: f.Ref.String(), Message: f.Message})
	}
	r.Status = Accepted
	if fs.HasErrors() {
		r.Status = Returned
	}
}

// FindingList returns the findings of the report with their severities.
func (r *Report) FindingList() Findings { return r.findings }

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

// WriteText writes the report as readable Chinese text.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "文件：%s\n", r.File)
	if r.Status == Unreadable {
		fmt.Fprintf(&b, "结论：%s\n", r.Status.Label())
		for _, f := range r.Findings {
			fmt.Fprintf(&b, "  [错误] %s\n", f.Message)
		}
		b.WriteString("\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	dept := r.Department.Name
	if dept == "" {
		dept = "（未填写部门名称）"
	}
	fmt.Fprintf(&b, "部门：%s", dept)
	if r.Department.Code != "" {
		fmt.Fprintf(&b, "（%s）", r.Department.Code)
	}
	if r.Year != 0 {
		fmt.Fprintf(&b, "  年度：%d", r.Year)
	}
	b.WriteString("\n")
	for _, row := range r.Budget.Rows {
		if row.Name == "年度资金总额" && row.Rate.Valid {
			fmt.Fprintf(&b, "预算执行：预算 %s 万元，执行 %s 万元，执行率 %s%%，得分 %s/%s\n",
				show(row.Budget), show(row.Execution), row.Rate, show(r.Budget.Score), show(r.Budget.Weight))
		}
	}
	if r.Total.Valid {
		parts := fmt.Sprintf("指标 %s + 预算执行 %s", show(r.IndicatorTotal), show(r.Budget.Score))
		if r.capped != nil {
			parts += fmt.Sprintf(" = %s；预算执行率低于 %s，按评分规则封顶 %s 分", r.uncapped, rbPercent(r.capped.Below), r.capped.Max)
		}
		rounded := ""
		if !r.ReportedTotal.Decimal.Equal(r.Total.Decimal) {
			rounded = "，取整 " + show(r.ReportedTotal)
			if r.places > 0 {
				rounded = fmt.Sprintf("，保留 %d 位小数 %s", r.places, show(r.ReportedTotal))
			}
		}
		fmt.Fprintf(&b, "复核总分：%s（%s）%s，等级 %s；自评总分 %s\n",
			show(r.Total), parts, rounded, r.Grade, show(r.DeclaredTotal))
	} else {
		var why []string
		switch {
		case !r.IndicatorTotal.Valid:
			why = append(why, "表中没有可评分的指标")
		case r.unscored > 0:
			why = append(why, fmt.Sprintf("%d 个指标无法评分", r.unscored))
		}
		if !r.Budget.Score.Valid {
			why = append(why, "资金情况的预算执行未能评分")
		}
		fmt.Fprintf(&b, "复核总分：无法计算（%s）；已评分指标得分合计 %s，自评总分 %s\n", strings.Join(why, "，"), show(r.IndicatorTotal), show(r.DeclaredTotal))
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
			fmt.Fprintf(&b, "  %s  %s：指标值 %s，实际 %s，完成率 %s%%，得分 %s/%s\n", in.Ref, in.Name, in.Target, in.Actual, in.Completion, show(in.Score), show(in.Weight))
		}
	}
	fs := r.findings
	fmt.Fprintf(&b, "审核发现：错误 %d，警告 %d，提示 %d\n", fs.Count(Error), fs.Count(Warning), fs.Count(Info))
	for _, f := range fs {
		fmt.Fprintf(&b, "  [%s] %s  %s：%s（%s）\n", f.Severity.Label(), f.Ref, f.Title(), f.Message, f.Code)
	}
	fmt.Fprintf(&b, "结论：%s\n", r.Status.Label())
	if r.Annotated != "" {
		fmt.Fprintf(&b, "批注版：%s\n", r.Annotated)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func show(d decimal.NullDecimal) string {
	if !d.Valid {
		return "—"
	}
	return d.Decimal.String()
}
