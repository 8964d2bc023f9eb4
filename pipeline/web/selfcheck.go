package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/ledger"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

// A self-check keeps the uploaded file, its report and its annotated copy
// under root/web/selfcheck/<department>/, named by the file's SHA-256,
// until the department submits it or selfCheckKeep has passed.
const selfCheckKeep = 7 * 24 * time.Hour

// selfCheckDir is a department's folder of self-checks: named by a hash
// of its code, so no code can reach outside it.
func (s *Server) selfCheckDir(code string) string {
	h := sha256.Sum256([]byte(template.Norm(code)))
	return filepath.Join(s.opts.Root, "web", "selfcheck", hex.EncodeToString(h[:8]))
}

var shaPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// selfCheck is one uploaded workbook of a department.
type selfCheck struct {
	SHA       string
	Original  string // the file as uploaded
	Annotated string // its annotated copy, "" when none
	Report    *report.Report
	// Submitted is the inbox file name it was submitted as, "" before.
	Submitted string
}

func (c selfCheck) paths(dir string) (upload, rep, annotated, submitted string) {
	base := filepath.Join(dir, c.SHA)
	return base + ".upload", base + ".json", base + ".审核.xlsx", base + ".submitted"
}

type deptHomeView struct {
	Dept        dept
	Name        string
	Submissions []subView
	MaxMB       int64
	Problem     string
}

func (s *Server) deptName(r *http.Request, d dept, subs []subView) string {
	if d.Name != "" {
		return d.Name
	}
	for _, sv := range subs {
		if sv.Report != nil && sv.Report.Department.Name != "" {
			return sv.Report.Department.Name
		}
	}
	return "部门 " + d.Code
}

func (s *Server) deptHome(w http.ResponseWriter, r *http.Request) {
	s.renderDeptHome(w, r, http.StatusOK, "")
}

func (s *Server) renderDeptHome(w http.ResponseWriter, r *http.Request, status int, problem string) {
	d := deptOf(r)
	subs, err := s.submissions(r.Context(), d.Code, "", func(e ledger.Entry, sv *subView) {
		if e.Check.Annotated != "" {
			sv.AnnotatedURL = fmt.Sprintf("/d/%s/files/%d/annotated", d.Token, e.ID)
		}
	})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.render(w, r, status, "dept_home", deptHomeView{Dept: d, Name: s.deptName(r, d, subs), Submissions: subs,
		MaxMB: s.opts.MaxUpload >> 20, Problem: problem})
}

// deptUpload takes an uploaded workbook, checks it as the inbox would
// (the same Process, rulebook and limits) and shows the result.
func (s *Server) deptUpload(w http.ResponseWriter, r *http.Request) {
	d := deptOf(r)
	log := logOf(r)
	r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxUpload+64<<10)
	file, hdr, err := r.FormFile("workbook")
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig) || (err == nil && hdr.Size > s.opts.MaxUpload):
		log.Warn().Str("department", d.Code).Msg("upload refused: too large")
		s.renderDeptHome(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("文件太大：上传的工作簿不能超过 %d MB。", s.opts.MaxUpload>>20))
		return
	case errors.Is(err, http.ErrMissingFile):
		s.renderDeptHome(w, r, http.StatusBadRequest, "请先选择要上传的工作簿（.xlsx 文件）。")
		return
	case err != nil:
		s.renderDeptHome(w, r, http.StatusBadRequest, "上传没有完成，请重新选择文件上传。")
		return
	}
	defer file.Close()
	select {
	case s.checking <- struct{}{}:
		defer func() { <-s.checking }()
	case <-r.Context().Done():
		return
	}
	c, err := s.runSelfCheck(r.Context(), d, file, hdr.Filename)
	if err != nil {
		if errors.Is(err, pipeline.ErrTimeout) {
			s.renderDeptHome(w, r, http.StatusServiceUnavailable, "服务器繁忙，审核没有在规定时间内完成；请稍后重新上传。")
			return
		}
		s.internal(w, r, err)
		return
	}
	log.Info().Str("department", d.Code).Str("sha256", c.SHA).Str("status", string(c.Report.Status)).
		Int("errors", c.Report.Count(finding.Error)).Msg("self-check")
	http.Redirect(w, r, fmt.Sprintf("/d/%s/check/%s", d.Token, c.SHA), http.StatusSeeOther)
}

// runSelfCheck stores an upload and checks it.
func (s *Server) runSelfCheck(ctx context.Context, d dept, file io.Reader, name string) (selfCheck, error) {
	dir := s.selfCheckDir(d.Code)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return selfCheck{}, err
	}
	s.pruneSelfChecks(dir)
	tmp, err := os.CreateTemp(dir, ".upload-*")
	if err != nil {
		return selfCheck{}, err
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	_, err = io.Copy(io.MultiWriter(tmp, h), file)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return selfCheck{}, err
	}
	c := selfCheck{SHA: hex.EncodeToString(h.Sum(nil))}
	upload, repPath, annotated, _ := c.paths(dir)
	if err := os.Rename(tmp.Name(), upload); err != nil {
		return selfCheck{}, err
	}
	// Process names the annotated copy after the file; the report keeps
	// the name the department's file had.
	rep, err := pipeline.Process(ctx, upload, s.opts.Inbox.Rulebook, pipeline.Options{AnnotateDir: dir, AnnotatedPath: annotated, Timeout: s.opts.Inbox.Timeout})
	if err != nil {
		return selfCheck{}, err
	}
	rep.File = uploadName(name)
	rep.Annotated = ""
	data, err := json.Marshal(rep)
	if err != nil {
		return selfCheck{}, err
	}
	if err := xlsx.WriteFileAtomic(repPath, data); err != nil {
		return selfCheck{}, err
	}
	c.Report = rep
	return c, nil
}

// uploadName is the name a browser gave an upload, made safe to show and
// to store: its base, without control characters.
func uploadName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	if n := template.SafeFileName(strings.TrimSuffix(name, filepath.Ext(name)), 80); n != "" {
		ext := strings.ToLower(filepath.Ext(name))
		if ext != ".xlsx" && ext != ".xlsm" {
			ext = ".xlsx"
		}
		return n + ext
	}
	return "上传的工作簿.xlsx"
}

// pruneSelfChecks removes a department's self-checks older than
// selfCheckKeep.
func (s *Server) pruneSelfChecks(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && s.opts.Now().Sub(info.ModTime()) > selfCheckKeep {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// loadSelfCheck returns a department's self-check; ok is false when there
// is none (never uploaded, another department's, or pruned).
func (s *Server) loadSelfCheck(d dept, sha string) (selfCheck, bool, error) {
	if !shaPattern.MatchString(sha) {
		return selfCheck{}, false, nil
	}
	c := selfCheck{SHA: sha}
	dir := s.selfCheckDir(d.Code)
	upload, repPath, annotated, submitted := c.paths(dir)
	data, err := os.ReadFile(repPath)
	if errors.Is(err, fs.ErrNotExist) {
		return c, false, nil
	}
	if err != nil {
		return c, false, err
	}
	if _, err := os.Stat(upload); err != nil {
		return c, false, nil
	}
	var rep report.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		return c, false, err
	}
	c.Report, c.Original = &rep, upload
	if _, err := os.Stat(annotated); err == nil {
		c.Annotated = annotated
	}
	if b, err := os.ReadFile(submitted); err == nil {
		c.Submitted = string(b)
	}
	return c, true, nil
}

type selfCheckView struct {
	Dept      dept
	Name      string
	SHA       string
	Report    *reportView
	Annotated string // its URL
	// CanSubmit is true when the form is the link's department's and
	// readable; Why says why not.
	CanSubmit bool
	Why       string
	// Submitted is set once submitted; Entry is the ledger's record of it
	// once processed.
	Submitted bool
	Entry     *subView
	Problem   string
}

func (s *Server) deptCheck(w http.ResponseWriter, r *http.Request) {
	s.renderSelfCheck(w, r, http.StatusOK, "")
}

func (s *Server) renderSelfCheck(w http.ResponseWriter, r *http.Request, status int, problem string) {
	d := deptOf(r)
	c, ok, err := s.loadSelfCheck(d, chi.URLParam(r, "sha"))
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if !ok {
		s.fail(w, r, http.StatusNotFound, "找不到这次自查", "自查结果只保留 7 天；请重新上传工作簿。")
		return
	}
	v := selfCheckView{Dept: d, Name: d.Name, SHA: c.SHA, Report: newReportView(c.Report), Submitted: c.Submitted != "", Problem: problem}
	if v.Name == "" {
		v.Name = "部门 " + d.Code
	}
	if c.Annotated != "" {
		v.Annotated = fmt.Sprintf("/d/%s/check/%s/annotated", d.Token, c.SHA)
	}
	v.CanSubmit, v.Why = canSubmit(d, c.Report)
	if v.Submitted {
		subs, err := s.submissions(r.Context(), d.Code, "", func(e ledger.Entry, sv *subView) {
			if e.Check.Annotated != "" {
				sv.AnnotatedURL = fmt.Sprintf("/d/%s/files/%d/annotated", d.Token, e.ID)
			}
		})
		if err != nil {
			s.internal(w, r, err)
			return
		}
		for i := range subs {
			if subs[i].SHA == c.SHA {
				v.Entry = &subs[i]
				break
			}
		}
	}
	s.render(w, r, status, "selfcheck", v)
}

// canSubmit says whether a department may submit a checked form: only a
// readable form that names the link's department, so that no link can
// file a form in another department's name.
func canSubmit(d dept, rep *report.Report) (bool, string) {
	switch {
	case rep.Status == report.Unreadable:
		return false, "这个文件无法读取，不能提交；请按上面的说明处理后重新上传。"
	case template.Norm(rep.Department.Code) == "":
		return false, "工作簿的“基本信息”中没有填写部门编码，不能提交；请填写后重新上传。"
	case template.Norm(rep.Department.Code) != template.Norm(d.Code):
		return false, fmt.Sprintf("工作簿中的部门编码是“%s”，与本链接的部门（编码 %s）不符，不能提交；请上传本部门的自评表。",
			template.Visible(rep.Department.Code), d.Code)
	}
	return true, ""
}

func (s *Server) deptCheckAnnotated(w http.ResponseWriter, r *http.Request) {
	d := deptOf(r)
	c, ok, err := s.loadSelfCheck(d, chi.URLParam(r, "sha"))
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if !ok || c.Annotated == "" {
		s.fail(w, r, http.StatusNotFound, "没有批注版", "这次自查没有批注版（无法读取的文件没有批注版），或已超过 7 天。")
		return
	}
	logOf(r).Info().Str("department", d.Code).Str("sha256", c.SHA).Msg("download self-check annotated copy")
	name := strings.TrimSuffix(c.Report.File, filepath.Ext(c.Report.File)) + ".审核.xlsx"
	s.sendFile(w, r, c.Annotated, name)
}

// deptSubmit puts a self-checked workbook into the inbox, as if the
// bureau had saved it from a mail: the inbox's runner then archives,
// checks and records it under the exactly-once rules. The copy is written
// under a dot name and renamed, so the runner never sees half a file; a
// second 提交 of the same check submits nothing.
func (s *Server) deptSubmit(w http.ResponseWriter, r *http.Request) {
	d := deptOf(r)
	log := logOf(r)
	s.submitMu.Lock()
	defer s.submitMu.Unlock()
	c, ok, err := s.loadSelfCheck(d, chi.URLParam(r, "sha"))
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if !ok {
		s.fail(w, r, http.StatusNotFound, "找不到这次自查", "自查结果只保留 7 天；请重新上传工作簿。")
		return
	}
	back := fmt.Sprintf("/d/%s/check/%s", d.Token, c.SHA)
	if c.Submitted != "" {
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	if ok, why := canSubmit(d, c.Report); !ok {
		log.Warn().Str("department", d.Code).Str("sha256", c.SHA).Msg("submit refused")
		s.renderSelfCheck(w, r, http.StatusForbidden, why)
		return
	}
	name := inboxName(d.Code, s.opts.Now(), c.SHA, c.Report.File)
	dest := filepath.Join(s.folders.Inbox, name)
	if err := os.MkdirAll(s.folders.Inbox, 0o755); err != nil {
		s.internal(w, r, err)
		return
	}
	in, err := os.Open(c.Original)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	err = xlsx.WriteAtomic(dest, nil, func(w io.Writer) error { _, err := io.Copy(w, in); return err })
	in.Close()
	if err != nil {
		s.internal(w, r, err)
		return
	}
	_, _, _, marker := c.paths(s.selfCheckDir(d.Code))
	if err := xlsx.WriteFileAtomic(marker, []byte(name)); err != nil {
		// The file is in the inbox: a second 提交 would only be recorded as
		// its duplicate.
		log.Error().Str("error", err.Error()).Msg("mark self-check submitted")
	}
	log.Info().Str("department", d.Code).Str("sha256", c.SHA).Str("file", name).Msg("submitted into the inbox")
	s.requestProcess()
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// inboxName is the name a submission from the page has in the inbox: the
// department's code, that it came from the page, when, the start of its
// hash and the name the department's file had.
func inboxName(code string, now time.Time, sha, file string) string {
	ext := strings.ToLower(filepath.Ext(file))
	if ext != ".xlsm" {
		ext = ".xlsx"
	}
	base := template.SafeFileName(strings.TrimSuffix(file, filepath.Ext(file)), 40)
	return template.SafeFileName(fmt.Sprintf("%s-网页提交-%s-%s-%s", code, now.Format("20060102-150405"), sha[:8], base), 120) + ext
}

func (s *Server) deptFile(w http.ResponseWriter, r *http.Request) {
	d := deptOf(r)
	e, ok, err := s.entry(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if !ok || !sameDepartment(e.Department, d.Code, "") {
		// Another department's submission is as absent as a missing one.
		s.fail(w, r, http.StatusNotFound, "没有这份报送", "没有找到本部门的这份报送。")
		return
	}
	logOf(r).Info().Str("department", d.Code).Int64("submission", e.ID).Msg("download annotated copy")
	s.sendFile(w, r, s.folders.Abs(e.Check.Annotated), filepath.Base(e.Check.Annotated))
}
