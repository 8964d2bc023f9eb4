package narrative

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/template"
)

// Data is what the text templates see: the department, the checked figures
// and the texts of the workbook. Its fields are documented at the top of
// texts.tmpl.
type Data struct {
	Dept     string
	Self     string
	Year     int
	NextYear int
	Missing  string

	Staff struct {
		Authorized, AuthorizedAdmin, AuthorizedInst   Figure
		Actual, ActualAdmin, ActualWorker, ActualInst Figure
	}
	Assets struct {
		Total, Current, NonCurrent, CurrentShare, NonCurrentShare Figure
	}
	Income struct {
		Items                       []Item
		Total, Opening, Grand       Figure
		TotalShare, OpeningShare    Figure
		OpeningFiscal, OpeningOther Figure
	}
	Spending struct {
		Total, Basic, Personnel, Public, Project Figure
		BasicShare, ProjectShare                 Figure
		ByFunction, ByEconomic                   []Item
		Closing, ClosingFiscal, ClosingOther     Figure
	}
	Budget struct {
		Plan, Execution, Rate, Weight, Score Figure
		Reason                               string
	}
	Total, IndicatorTotal, BudgetScore, Declared Figure
	Grade                                        string

	texts map[string]string
}

// Item is one line of a breakdown: its label, amount and share of the
// whole, in percent.
type Item struct {
	Label  string
	Amount Figure
	Share  Figure
}

// Text returns the text the workbook holds under a field key (the
// 报告素材 sheet's narr_*, goal_expected, fill_date, …), or "".
func (d *Data) Text(key string) string { return d.texts[key] }

// IndicatorData is what the indicator and shortfall templates see.
type IndicatorData struct {
	// D is the report's data: *Data for the department report,
	// *ProjectData for the project report.
	D any
	// Mark is the indicator's number in its group: ①, ②, …
	Mark          string
	Level1        string
	Level2        string
	Name          string
	Weight, Score Figure
	// Completion is capped at 100, as a rate of completion is written;
	// CompletionRaw is actual ÷ target.
	Completion, CompletionRaw Figure
	TargetOp, Target          string
	TargetKind                string
	// TargetShown is the target as the form writes it (>=290种).
	TargetShown string
	Actual      string
	Full        bool
	Reason      string
	// SelfScore is the department's 得分; Provisional says the indicator
	// could not be scored and counts in the total at its self-score
	// (report.Report.Provisional).
	SelfScore   Figure
	Provisional bool
}

// HeadingData is what the level headings see.
type HeadingData struct {
	Level1, Level2 string
}

// FindingData is what the finding template sees.
type FindingData struct {
	Severity, Ref, Message string
}

// doubt tells which figures are doubtful: those at a row of a sheet where
// a finding of error or warning severity stands, in a draft.
type doubt struct {
	rows   map[template.Ref]bool // Sheet and Row only
	errors bool                  // the report has an error
}

func newDoubt(rep *report.Report, draft bool) doubt {
	d := doubt{rows: map[template.Ref]bool{}}
	if !draft {
		return d
	}
	for _, f := range rep.Findings {
		if f.Severity != finding.Error && f.Severity != finding.Warning {
			continue
		}
		d.errors = d.errors || f.Severity == finding.Error
		r := template.ParseRef(f.Ref)
		if r.Sheet != "" && r.Row > 0 {
			d.rows[template.Ref{Sheet: r.Sheet, Row: r.Row}] = true
		}
	}
	return d
}

// at reports whether the row of ref has a finding.
func (d doubt) at(ref template.Ref) bool {
	return d.rows[template.Ref{Sheet: ref.Sheet, Row: ref.Row}]
}

// self is how a department calls itself in its report: 我局 for a 局, 我委
// for a 委员会, and so on; 本部门 when the name says nothing.
func self(name string) string {
	name = strings.TrimSpace(name)
	// 示例区行政审批服务局（演示用）: the name before a remark.
	for _, open := range []string{"（", "("} {
		if i := strings.Index(name, open); i > 0 && (strings.HasSuffix(name, "）") || strings.HasSuffix(name, ")")) {
			name = strings.TrimSpace(name[:i])
		}
	}
	for _, s := range []struct{ suffix, self string }{
		{"委员会", "我委"}, {"办公室", "我办"}, {"中心", "我中心"}, {"局", "我局"}, {"委", "我委"},
		{"办", "我办"}, {"厅", "我厅"}, {"院", "我院"}, {"会", "我会"}, {"署", "我署"}, {"馆", "我馆"}, {"所", "我所"},
	} {
		if strings.HasSuffix(name, s.suffix) {
			return s.self
		}
	}
	return "本部门"
}

// circled returns the n-th (1-based) circled number, ① to ⑳, then (21).
func circled(n int) string {
	if n >= 1 && n <= 20 {
		return string(rune('①' + n - 1))
	}
	return "（" + decimal.NewFromInt(int64(n)).String() + "）"
}

// chineseNumber returns 一 … 二十 for 1 … 20, for part and section numbers.
func chineseNumber(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n <= 0 || n >= 100:
		return decimal.NewFromInt(int64(n)).String()
	case n < 10:
		return digits[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + digits[n-10]
	case n%10 == 0:
		return digits[n/10] + "十"
	}
	return digits[n/10] + "十" + digits[n%10]
}
