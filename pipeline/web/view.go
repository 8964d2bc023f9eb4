package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/summary"
)

//go:embed templates/*.html static/style.css
var assets embed.FS

// pages are the parsed page templates, each with the layout and the
// partials.
type pages map[string]*template.Template

// pageNames are the templates/*.html files that are pages; the others are
// the layout and partials every page is parsed with.
var pageNames = []string{"login", "board", "department", "links", "message", "dept_home", "selfcheck"}

func parsePages() (pages, error) {
	funcs := template.FuncMap{
		"dec":         report.Show,
		"pct":         func(p report.Percent) string { return showPercent(p.NullDecimal) },
		"pctdec":      showPercent,
		"statusClass": statusClass,
		"statusLabel": summary.StatusLabel,
		"when":        when,
	}
	pg := pages{}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/report.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse page %s: %w", name, err)
		}
		pg[name] = t
	}
	return pg, nil
}

// render writes a page: the layout around the page's "content".
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout", page{Data: data, User: userOf(r), Dept: deptOf(r)}); err != nil {
		logOf(r).Error().Str("error", err.Error()).Str("page", name).Msg("render page")
		http.Error(w, "页面生成出错", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

func serveCSS(w http.ResponseWriter, r *http.Request) {
	data, _ := assets.ReadFile("static/style.css")
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "max-age=3600")
	_, _ = w.Write(data)
}

// page is what every page template gets: its own data, and who is looking.
type page struct {
	Data any
	User string
	Dept dept
}

type loginView struct {
	Name    string
	Problem string
}

type messageView struct {
	Title  string
	Detail string
	Error  bool
	Back   string // a link back, "" none
}

// statusClass is the CSS class of a status.
func statusClass(s report.Status) string {
	switch s {
	case report.Accepted:
		return "ok"
	case report.Returned:
		return "bad"
	case report.Unreadable:
		return "bad"
	case summary.Missing:
		return "missing"
	}
	return ""
}

// when is a time as the pages show it, in the server's zone.
func when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format("2006-01-02 15:04")
}

func showPercent(d decimal.NullDecimal) string {
	if !d.Valid {
		return "—"
	}
	return d.Decimal.StringFixed(2) + "%"
}

// reportView is a report as its page shows it: findings grouped by sheet.
type reportView struct {
	*report.Report
	Groups []findingGroup
	Counts [3]int // errors, warnings, infos
}

type findingGroup struct {
	Sheet    string
	Findings []findingView
}

type findingView struct {
	report.FindingReport
	Cell     string
	Label    string // 错误, 警告, 提示
	Class    string
	Category string
}

// newReportView groups a report's findings by sheet, in the order the
// report lists them (sheet order); findings about the whole file first.
func newReportView(rep *report.Report) *reportView {
	if rep == nil {
		return nil
	}
	v := &reportView{Report: rep}
	at := map[string]int{}
	for _, f := range rep.Findings {
		sheet, cell, ok := strings.Cut(f.Ref, "!")
		if !ok {
			sheet, cell = f.Ref, ""
		}
		if sheet == "" {
			sheet = "整个文件"
		}
		i, seen := at[sheet]
		if !seen {
			i = len(v.Groups)
			at[sheet] = i
			v.Groups = append(v.Groups, findingGroup{Sheet: sheet})
		}
		fv := findingView{FindingReport: f, Cell: cell, Label: f.Severity.Label(), Class: f.Severity.String(), Category: f.Title()}
		v.Groups[i].Findings = append(v.Groups[i].Findings, fv)
		switch f.Severity {
		case finding.Error:
			v.Counts[0]++
		case finding.Warning:
			v.Counts[1]++
		case finding.Info:
			v.Counts[2]++
		}
	}
	return v
}
