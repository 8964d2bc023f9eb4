package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/inbox"
	"github.com/perfeval/perfeval/pipeline/ledger"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/summary"
	"github.com/perfeval/perfeval/template"
)

// openLedger opens the root's ledger for reading; ok is false when no run
// has made one yet.
func (s *Server) openLedger(ctx context.Context) (l *ledger.Ledger, ok bool, err error) {
	if _, err := os.Stat(s.folders.Ledger); errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	l, err = ledger.Open(ctx, s.folders.Ledger)
	if err != nil {
		return nil, false, err
	}
	return l, true, nil
}

// entries returns the ledger's latest entries as the summary reads them,
// their details in st when not nil (summary.FromLedger).
func (s *Server) entries(ctx context.Context, st *summary.Store) (latest []summary.Entry, ok bool, err error) {
	l, ok, err := s.openLedger(ctx)
	if err != nil || !ok {
		return nil, ok, err
	}
	defer l.Close()
	if latest, err = summary.FromLedger(ctx, l, s.folders.Ledger, s.folders.Abs, st); err != nil {
		return nil, true, err
	}
	return latest, true, nil
}

// buildSummary is the summary of a year, as the summary workbook has it.
func (s *Server) buildSummary(entries []summary.Entry, year int) *summary.Summary {
	return summary.Build(entries, summary.Options{Year: year, Rulebook: s.opts.Inbox.Rulebook,
		Roster: s.opts.Roster, RosterFindings: s.opts.RosterFindings,
		Sources: []string{"台账 " + s.folders.Ledger}, BuiltAt: s.opts.Now(), PerfevalVersion: s.opts.Inbox.PerfevalVersion})
}

type boardView struct {
	HasLedger bool
	Years     []int
	Year      int
	Status    string
	Q         string
	Sort      string
	Desc      bool
	Statuses  []option
	Headers   []header
	Rows      []boardRow
	Shown     int
	Counts    summary.SubmissionCounts
	Expected  int // roster departments, 0 without a roster
	HasRoster bool
	Unknown   []summary.UnknownRow
	LastPass  string
	Waiting   int
}

type option struct {
	Value, Label string
	Selected     bool
}

type header struct {
	Label, URL string
	Active     bool
	Arrow      string
	Class      string
}

type boardRow struct {
	Code, Name string
	Status     report.Status
	Version    int
	Total      decimal.NullDecimal
	Grade      string
	Rank       int
	Rate       decimal.NullDecimal
	Errors     int
	Warnings   int
	Received   time.Time
	Link       string
	Note       string
}

// sortKeys are the board's columns that sort, with their labels, in
// order, and the CSS class that hides the less important ones on a phone.
var sortKeys = []struct{ key, label, class string }{
	{"code", "部门编码", "wide"}, {"name", "部门名称", ""}, {"status", "状态", ""}, {"total", "复核总分", ""},
	{"grade", "等级", "wide"}, {"rate", "执行率", "wide"}, {"errors", "错误/警告", "wide"}, {"received", "收到时间", "wide"},
}

func departmentLink(code, name string) string {
	if code != "" {
		return "/department?code=" + url.QueryEscape(code)
	}
	return "/department?name=" + url.QueryEscape(name)
}

func (s *Server) board(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	v := boardView{Status: q.Get("status"), Q: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort"), Desc: q.Get("order") == "desc",
		HasRoster: s.opts.Roster != nil}
	if s.opts.Roster != nil {
		v.Expected = len(s.opts.Roster.Departments)
	}
	// The board lists departments, never their shortfalls and findings.
	latest, ok, err := s.entries(ctx, summary.CountingStore())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	v.HasLedger = ok
	v.Years = summary.Years(latest)
	if y, err := strconv.Atoi(q.Get("year")); err == nil {
		v.Year = y
	} else if len(v.Years) > 0 {
		v.Year = v.Years[0]
	}
	if st, err := inbox.ReadStatus(ctx, s.opts.Root, inbox.StatusOptions{}); err == nil {
		v.Waiting = len(st.Waiting)
		if st.HasPass {
			v.LastPass = when(st.LastPass.EndedAt)
		}
	}
	sum := s.buildSummary(latest, v.Year)
	v.Counts, v.Unknown = sum.Counts, sum.Unknown
	var rows []boardRow
	listed := map[string]bool{}
	for _, d := range sum.Departments {
		listed[d.Code] = true
		br := boardRow{Code: d.Code, Name: d.Name, Status: d.Status, Version: d.Version, Total: d.Total, Grade: d.Grade,
			Rank: d.Rank, Rate: d.Rate, Errors: d.Errors, Warnings: d.Warnings, Link: departmentLink(d.Code, d.Name), Note: d.Note}
		if d.ReceivedAt != nil {
			br.Received = *d.ReceivedAt
		}
		rows = append(rows, br)
	}
	for _, m := range sum.Missing {
		if listed[m.Code] {
			continue // the 汇总 rows list the roster's missing departments too
		}
		rows = append(rows, boardRow{Code: m.Code, Name: m.Name, Status: summary.Missing, Link: departmentLink(m.Code, m.Name)})
	}
	for _, st := range []report.Status{"", report.Accepted, report.Returned, report.Unreadable, summary.Missing} {
		label := "全部"
		if st != "" {
			label = summary.StatusLabel(st)
		}
		v.Statuses = append(v.Statuses, option{Value: string(st), Label: label, Selected: string(st) == v.Status})
	}
	for _, row := range rows {
		if v.Status != "" && string(row.Status) != v.Status {
			continue
		}
		if v.Q != "" && !strings.Contains(row.Code, v.Q) && !strings.Contains(row.Name, v.Q) {
			continue
		}
		v.Rows = append(v.Rows, row)
	}
	v.Shown = len(v.Rows)
	if !sortRows(v.Rows, v.Sort, v.Desc) {
		v.Sort = "code"
		sortRows(v.Rows, v.Sort, v.Desc)
	}
	for _, k := range sortKeys {
		h := header{Label: k.label, Class: k.class, Active: k.key == v.Sort}
		desc := false
		if h.Active {
			desc = !v.Desc
			h.Arrow = "▲"
			if v.Desc {
				h.Arrow = "▼"
			}
		} else if k.key == "total" || k.key == "errors" || k.key == "received" {
			desc = true // the highest first when first chosen
		}
		h.URL = boardURL(v.Year, v.Status, v.Q, k.key, desc)
		v.Headers = append(v.Headers, h)
	}
	s.render(w, r, http.StatusOK, "board", v)
}

func boardURL(year int, status, q, key string, desc bool) string {
	u := url.Values{}
	if year != 0 {
		u.Set("year", strconv.Itoa(year))
	}
	if status != "" {
		u.Set("status", status)
	}
	if q != "" {
		u.Set("q", q)
	}
	u.Set("sort", key)
	if desc {
		u.Set("order", "desc")
	}
	return "/?" + u.Encode()
}

// statusRank orders the statuses for action: returned first.
func statusRank(s report.Status) int {
	switch s {
	case report.Returned:
		return 0
	case report.Unreadable:
		return 1
	case summary.Missing:
		return 2
	case report.Accepted:
		return 3
	}
	return 4
}

// sortRows sorts by key (false for an unknown key); rows without the
// figure go last either way, ties by code.
func sortRows(rows []boardRow, key string, desc bool) bool {
	cmpDec := func(a, b decimal.NullDecimal) int {
		switch {
		case !a.Valid && !b.Valid:
			return 0
		case !a.Valid:
			return 2 // last whatever the order
		case !b.Valid:
			return -2
		}
		return a.Decimal.Cmp(b.Decimal)
	}
	var cmp func(a, b boardRow) int
	switch key {
	case "code":
		cmp = func(a, b boardRow) int { return strings.Compare(a.Code, b.Code) }
	case "name":
		cmp = func(a, b boardRow) int { return strings.Compare(a.Name, b.Name) }
	case "status":
		cmp = func(a, b boardRow) int { return statusRank(a.Status) - statusRank(b.Status) }
	case "total":
		cmp = func(a, b boardRow) int { return cmpDec(a.Total, b.Total) }
	case "grade":
		cmp = func(a, b boardRow) int { return cmpDec(a.Total, b.Total) }
	case "rate":
		cmp = func(a, b boardRow) int { return cmpDec(a.Rate, b.Rate) }
	case "errors":
		cmp = func(a, b boardRow) int {
			if a.Errors != b.Errors {
				return a.Errors - b.Errors
			}
			return a.Warnings - b.Warnings
		}
	case "received":
		cmp = func(a, b boardRow) int {
			switch {
			case a.Received.IsZero() && b.Received.IsZero():
				return 0
			case a.Received.IsZero():
				return 2
			case b.Received.IsZero():
				return -2
			}
			return a.Received.Compare(b.Received)
		}
	default:
		return false
	}
	sort.SliceStable(rows, func(i, j int) bool {
		c := cmp(rows[i], rows[j])
		switch {
		case c == 2 || c == -2: // a missing figure: last in both orders
			return c < 0
		case c != 0:
			if desc {
				return c > 0
			}
			return c < 0
		}
		return rows[i].Code < rows[j].Code
	})
	return true
}

type deptPageView struct {
	Code, Name   string
	Contact      string
	Email, Phone string
	OnRoster     bool
	Submissions  []subView
	LinkURL      string // the bureau's view only: the department's link
}

type subView struct {
	ID           int64
	SHA          string
	Year         int
	Version      int
	Received     time.Time
	File         string
	Status       report.Status
	Total        decimal.NullDecimal
	Grade        string
	Errors       int
	Warnings     int
	Duplicate    bool
	Superseded   bool
	Checks       []ledger.Check
	Report       *reportView
	OriginalURL  string
	AnnotatedURL string
	ReportURL    string
	// DraftURL downloads the draft 自评报告 that run wrote beside the
	// annotated copy of an accepted submission (inbox.DraftName), when
	// it is there.
	DraftURL string
}

// sameDepartment says whether a submission naming d is the department's:
// by code, or by name for a form that gives no code.
func sameDepartment(d report.DepartmentID, code, name string) bool {
	if code != "" {
		return template.Norm(d.Code) == template.Norm(code)
	}
	return d.Code == "" && name != "" && template.Norm(d.Name) == template.Norm(name)
}

// submissions returns the department's submissions, newest first, with
// the latest of each year in full.
func (s *Server) submissions(ctx context.Context, code, name string, urls func(e ledger.Entry, sv *subView)) ([]subView, error) {
	l, ok, err := s.openLedger(ctx)
	if err != nil || !ok {
		return nil, err
	}
	defer l.Close()
	// The ledger's submissions are listed without their reports, and only
	// the department's are read whole.
	briefs, err := l.Briefs(ctx)
	if err != nil {
		return nil, err
	}
	var out []subView
	for i := len(briefs) - 1; i >= 0; i-- {
		if !sameDepartment(briefs[i].Department, code, name) {
			continue
		}
		e, ok, err := l.Entry(ctx, briefs[i].ID)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue // gone since it was listed: never, the ledger only grows
		}
		sv := subView{ID: e.ID, SHA: e.Receipt.SHA256, Year: e.Year, Version: e.Version, Received: e.ReceivedAt, File: template.Visible(e.Receipt.Name),
			Status: e.Check.Status, Total: e.Check.Total, Grade: e.Check.Grade, Errors: e.Check.Errors, Warnings: e.Check.Warnings,
			Duplicate: e.DuplicateOf != 0, Superseded: e.SupersededBy != 0}
		if !sv.Duplicate {
			sv.Report = newReportView(e.Check.Report)
			if sv.Checks, err = l.Checks(ctx, e.ID); err != nil {
				return nil, err
			}
		}
		urls(e, &sv)
		out = append(out, sv)
	}
	return out, nil
}

func (s *Server) department(w http.ResponseWriter, r *http.Request) {
	code, name := r.URL.Query().Get("code"), r.URL.Query().Get("name")
	if code == "" && name == "" {
		s.fail(w, r, http.StatusNotFound, "没有这个部门", "请从进度表中选择部门。")
		return
	}
	v := deptPageView{Code: code, Name: name}
	if rd, ok := s.opts.Roster.Lookup(code, name); ok {
		v.Code, v.Name, v.Contact, v.Email, v.Phone, v.OnRoster = rd.Code, rd.Name, rd.Contact, rd.Email, rd.Phone, true
	}
	subs, err := s.submissions(r.Context(), v.Code, name, func(e ledger.Entry, sv *subView) {
		base := fmt.Sprintf("/files/%d/", e.ID)
		if e.Archive != "" {
			sv.OriginalURL = base + "original"
		}
		if e.Check.Annotated != "" {
			sv.AnnotatedURL = base + "annotated"
		}
		if e.Check.Report != nil {
			sv.ReportURL = base + "report"
		}
		if p := s.draftPath(e); p != "" {
			if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
				sv.DraftURL = base + "draft"
			}
		}
	})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if len(subs) == 0 && !v.OnRoster {
		s.fail(w, r, http.StatusNotFound, "没有这个部门", "部门名单和台账中都没有这个部门。")
		return
	}
	if v.Name == "" && len(subs) > 0 && subs[0].Report != nil {
		v.Name = subs[0].Report.Department.Name
	}
	v.Submissions = subs
	if v.Code != "" {
		v.LinkURL = s.baseURL(r) + "/d/" + s.links.Sign(v.Code, s.opts.Now().Add(s.opts.LinkTTL))
	}
	logOf(r).Info().Str("user", userOf(r)).Str("department", template.Visible(v.Code)).Msg("viewed department")
	s.render(w, r, http.StatusOK, "department", v)
}

// baseURL is where departments reach the server.
func (s *Server) baseURL(r *http.Request) string {
	if s.opts.BaseURL != "" {
		return strings.TrimRight(s.opts.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// entry returns the ledger entry of a submission id.
func (s *Server) entry(ctx context.Context, idText string) (ledger.Entry, bool, error) {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return ledger.Entry{}, false, nil
	}
	l, ok, err := s.openLedger(ctx)
	if err != nil || !ok {
		return ledger.Entry{}, false, err
	}
	defer l.Close()
	return l.Entry(ctx, id)
}

func (s *Server) file(w http.ResponseWriter, r *http.Request) {
	e, ok, err := s.entry(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if !ok {
		s.fail(w, r, http.StatusNotFound, "没有这份报送", "台账中没有这份报送。")
		return
	}
	kind := chi.URLParam(r, "kind")
	log := logOf(r).Info().Str("user", userOf(r)).Int64("submission", e.ID).Str("kind", kind)
	switch kind {
	case "original":
		log.Msg("download original")
		s.sendFile(w, r, s.folders.Abs(e.Archive), e.Receipt.Name)
	case "annotated":
		log.Msg("download annotated copy")
		s.sendFile(w, r, s.folders.Abs(e.Check.Annotated), filepath.Base(e.Check.Annotated))
	case "draft":
		log.Msg("download draft report")
		p := s.draftPath(e)
		s.sendFile(w, r, p, filepath.Base(p))
	case "report":
		if e.Check.Report == nil {
			s.fail(w, r, http.StatusNotFound, "没有审核报告", "这份报送没有审核报告。")
			return
		}
		log.Msg("download report")
		data, err := json.MarshalIndent(e.Check.Report, "", "  ")
		if err != nil {
			s.internal(w, r, err)
			return
		}
		name := fmt.Sprintf("%s-%d-v%d.审核报告.json", template.SafeFileName(e.Department.Code+"-"+e.Department.Name, 60), e.Year, e.Version)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Disposition", attachment(name))
		_, _ = w.Write(append(data, '\n'))
	default:
		s.fail(w, r, http.StatusNotFound, "页面不存在", "没有这种文件。")
	}
}

// draftPath is where run wrote the draft 自评报告 of a submission, beside
// its annotated copy; "" for one without an annotated copy.
func (s *Server) draftPath(e ledger.Entry) string {
	if e.Check.Annotated == "" {
		return ""
	}
	return s.folders.Abs(inbox.DraftName(e.Check.Annotated))
}

// attachment is a Content-Disposition that downloads as name (RFC 2231
// encoded when it is not ASCII).
func attachment(name string) string {
	return mime.FormatMediaType("attachment", map[string]string{"filename": name})
}

// xlsxType is the media type of a workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// docxType is the media type of a Word document.
const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// sendFile sends a file of the root as an attachment called name. A path
// outside the root is refused: the ledger's paths are the runner's own,
// but the page trusts no path it did not check.
func (s *Server) sendFile(w http.ResponseWriter, r *http.Request, path, name string) {
	if path == "" {
		s.fail(w, r, http.StatusNotFound, "没有这个文件", "这份报送没有这个文件（无法读取的文件没有批注版）。")
		return
	}
	rel, err := filepath.Rel(s.opts.Root, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		s.fail(w, r, http.StatusNotFound, "没有这个文件", "文件不在工作目录中。")
		return
	}
	f, err := os.Open(path)
	if err != nil {
		logOf(r).Error().Str("error", err.Error()).Msg("file named in the ledger is missing")
		s.fail(w, r, http.StatusNotFound, "文件找不到", "台账中记录的文件在工作目录中找不到，请管理员检查是否有人移动或删除了文件。")
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		s.fail(w, r, http.StatusNotFound, "文件找不到", "台账中记录的文件在工作目录中找不到。")
		return
	}
	w.Header().Set("Content-Type", xlsxType)
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	case ".docx":
		w.Header().Set("Content-Type", docxType)
	}
	w.Header().Set("Content-Disposition", attachment(name))
	http.ServeContent(w, r, "", info.ModTime(), f)
}

func (s *Server) summaryFile(w http.ResponseWriter, r *http.Request) {
	year, err := strconv.Atoi(strings.TrimSuffix(chi.URLParam(r, "year"), ".xlsx"))
	if err != nil || year < 2000 || year > 2100 {
		s.fail(w, r, http.StatusNotFound, "没有这个年度", "请从进度表中选择年度。")
		return
	}
	dir, err := os.MkdirTemp("", "perfeval-web-summary-")
	if err != nil {
		s.internal(w, r, err)
		return
	}
	defer os.RemoveAll(dir)
	st, err := summary.NewStore(dir)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	defer st.Close()
	latest, ok, err := s.entries(r.Context(), st)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if !ok {
		s.fail(w, r, http.StatusNotFound, "还没有台账", "收件箱还没有处理过任何文件。")
		return
	}
	path := filepath.Join(dir, summary.ShortName(year))
	if err := s.buildSummary(latest, year).Save(path); err != nil {
		s.internal(w, r, err)
		return
	}
	logOf(r).Info().Str("user", userOf(r)).Int("year", year).Msg("download summary")
	s.sendTemp(w, r, path, summary.ShortName(year))
}

// sendTemp sends a file the server just made (outside the root).
func (s *Server) sendTemp(w http.ResponseWriter, r *http.Request, path, name string) {
	f, err := os.Open(path)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		s.internal(w, r, err)
		return
	}
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", attachment(name))
	http.ServeContent(w, r, "", info.ModTime(), f)
}

func (s *Server) rerun(w http.ResponseWriter, r *http.Request) {
	log := logOf(r)
	user := userOf(r)
	runner, err := inbox.Open(r.Context(), s.opts.Root, s.opts.Inbox)
	if errors.Is(err, inbox.ErrLocked) {
		log.Warn().Str("user", user).Msg("rerun refused: another perfeval holds the root")
		s.fail(w, r, http.StatusConflict, "暂时不能重新审核", "另一个 perfeval（run、watch 或正在处理的提交）正在处理这个工作目录；请稍后再试。")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	defer runner.Close()
	log.Info().Str("user", user).Str("rulebook", s.opts.Inbox.Rulebook.ID).Msg("rerun started")
	checked, failed, err := runner.Rerun(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	counts, err := runner.Ledger().Count(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	by := counts.ByStatus
	log.Info().Str("user", user).Int("checked", checked).Int("failed", failed).Msg("rerun done")
	detail := fmt.Sprintf("用评分规则“%s”重新审核了 %d 份：通过 %d，退回修改 %d，无法读取 %d。",
		s.opts.Inbox.Rulebook.Name, checked, by[report.Accepted], by[report.Returned], by[report.Unreadable])
	if failed > 0 {
		detail += fmt.Sprintf("另有 %d 份因本机原因未能重新审核，保留原结果（原因见日志）。", failed)
	}
	s.render(w, r, http.StatusOK, "message", messageView{Title: "重新审核完成", Detail: detail, Back: "/"})
}

type linksView struct {
	HasRoster bool
	Expires   time.Time
	Links     []deptLink
	Code      string // a code asked for without a roster
}

type deptLink struct {
	Code, Name, Contact, Email string
	URL                        string
}

func (s *Server) linksPage(w http.ResponseWriter, r *http.Request) {
	expires := s.opts.Now().Add(s.opts.LinkTTL)
	v := linksView{HasRoster: s.opts.Roster != nil, Expires: expires}
	base := s.baseURL(r)
	if s.opts.Roster != nil {
		for _, d := range s.opts.Roster.Departments {
			v.Links = append(v.Links, deptLink{Code: d.Code, Name: d.Name, Contact: d.Contact, Email: d.Email,
				URL: base + "/d/" + s.links.Sign(d.Code, expires)})
		}
	} else if code := strings.TrimSpace(r.URL.Query().Get("code")); code != "" {
		v.Code = code
		v.Links = append(v.Links, deptLink{Code: code, URL: base + "/d/" + s.links.Sign(code, expires)})
	}
	logOf(r).Info().Str("user", userOf(r)).Int("links", len(v.Links)).Msg("made department links")
	s.render(w, r, http.StatusOK, "links", v)
}
