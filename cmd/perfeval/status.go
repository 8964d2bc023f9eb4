package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/perfeval/perfeval/pipeline/inbox"
	"github.com/perfeval/perfeval/pipeline/ledger"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

func statusCommand() *cli.Command {
	return &cli.Command{
		Name:  "status",
		Usage: "显示台账：每个部门最新的一份、结论、得分和时间，以及总数",
		Description: "读取 --root 目录下的台账 perfeval.db（可以在 run 或 watch 运行时读取）。\n" +
			"几台机器分片处理共用的收件箱时，与 run 一样给出 --inbox 和 --shard，列出的等待文件才是这台机器的。\n" +
			"台账中记录的文件若在目录中找不到，会逐个列出，退出码为 2。\n" + exitCodesPlain,
		Flags: append([]cli.Flag{
			rootFlag(),
			&cli.BoolFlag{Name: "json", Usage: "输出一个 JSON 对象", EnvVars: []string{"PERFEVAL_JSON"}},
		}, shardFlags()...),
		Action: func(c *cli.Context) error {
			root := c.String("root")
			if root == "" {
				return usagef("请用 --root 指定工作目录，例如：perfeval status --root D:\\绩效自评")
			}
			shard, err := parseShard(c.String("shard"))
			if err != nil {
				return err
			}
			// The latest submissions are taken as the ledger gives them,
			// one report at a time.
			var out statusWriter = &statusText{w: c.App.Writer, rows: [][]string{statusHeader}}
			if c.Bool("json") {
				j := &statusJSONWriter{w: c.App.Writer}
				defer j.close()
				out = j
			}
			st, err := inbox.ReadStatus(c.Context, root, inbox.StatusOptions{Inbox: c.String("inbox"), Shard: shard, Latest: out.latest})
			if errors.Is(err, inbox.ErrNoLedger) {
				return usagef("%s 下还没有台账（perfeval.db）；请先运行 perfeval run --root %s", root, root)
			}
			if err != nil {
				return err
			}
			if err := out.finish(st); err != nil {
				return err
			}
			if len(st.Missing) > 0 {
				return fmt.Errorf("%w: %d", errMissing, len(st.Missing))
			}
			return nil
		},
	}
}

// errMissing says the ledger names files the folders lack.
var errMissing = errors.New("files named in the ledger are missing")

// statusWriter writes status: each latest submission as ReadStatus gives
// it, then the rest.
type statusWriter interface {
	latest(ledger.Entry) error
	finish(inbox.Status) error
}

// statusText is status as a table: its rows, from the header on, are kept
// (a few strings a submission) to align the columns.
type statusText struct {
	w        io.Writer
	rows     [][]string
	projects int
}

// statusHeader is the header of status's table.
var statusHeader = []string{"部门编码", "部门名称", "自评表", "年度", "版本", "结论", "复核总分", "等级", "错误", "警告", "收到时间", "文件"}

func (t *statusText) latest(e ledger.Entry) error {
	if e.Project() != nil {
		t.projects++
	}
	t.rows = append(t.rows, []string{
		dash(e.Department.Code), dash(e.Department.Name), formText(e), yearText(e.Year), versionText(e.Version),
		e.Check.Status.Label(), report.Show(e.Check.Total), dash(e.Check.Grade),
		fmt.Sprint(e.Check.Errors), fmt.Sprint(e.Check.Warnings),
		e.ReceivedAt.Local().Format("2006-01-02 15:04"), escapeText(e.Receipt.Name),
	})
	return nil
}

func (t *statusText) finish(st inbox.Status) error {
	return writeStatusText(t.w, st, t.rows, t.projects)
}

func writeStatusText(w io.Writer, st inbox.Status, rows [][]string, projects int) error {
	if err := writeColumns(w, rows); err != nil {
		return err
	}
	c := st.Counts
	fmt.Fprintf(w, "\n共收到 %d 个文件：最新 %d 份（通过 %d，退回修改 %d，无法读取 %d", c.Submissions, len(rows)-1,
		c.ByStatus[report.Accepted], c.ByStatus[report.Returned], c.ByStatus[report.Unreadable])
	if projects > 0 {
		fmt.Fprintf(w, "；其中项目支出表 %d 份", projects)
	}
	fmt.Fprintf(w, "），被新版本取代 %d，重复报送 %d\n", c.Superseded, c.Duplicates)
	if st.HasPass {
		p := st.LastPass
		fmt.Fprintf(w, "上次处理：%s，用时 %s；处理 %d，重复 %d，仍在复制 %d，因本机原因未能处理 %d\n",
			p.EndedAt.Local().Format("2006-01-02 15:04:05"), p.EndedAt.Sub(p.StartedAt).Round(time.Millisecond), p.Processed, p.Duplicates, p.Waiting, p.Failed)
	}
	if len(st.Waiting) > 0 {
		fmt.Fprintf(w, "收件箱中等待处理 %d 个：\n", len(st.Waiting))
		for _, f := range st.Waiting {
			fmt.Fprintf(w, "  %s\n", escapeText(f))
		}
	}
	if len(st.Missing) > 0 {
		fmt.Fprintf(w, "台账中记录、目录中却找不到的文件 %d 个：\n", len(st.Missing))
		for _, f := range st.Missing {
			fmt.Fprintf(w, "  %s\n", escapeText(f))
		}
	}
	return nil
}

// statusJSON is the shape of status --json after its "latest" member, an
// array of statusEntry written first (statusJSONWriter).
type statusJSON struct {
	Counts   statusCounts `json:"counts"`
	LastPass *statusPass  `json:"last_pass"`
	Waiting  []string     `json:"waiting"`
	Missing  []string     `json:"missing"`
}

type statusEntry struct {
	ID         int64               `json:"id"`
	SHA256     string              `json:"sha256"`
	File       string              `json:"file"`
	ReceivedAt time.Time           `json:"received_at"`
	CheckedAt  time.Time           `json:"checked_at"`
	Department report.DepartmentID `json:"department"`
	// Form is the form kind ("department" or "project") and Project the
	// project of a project form, whose Department is its 主管部门.
	Form      string            `json:"form"`
	Project   *report.ProjectID `json:"project"`
	Year      int               `json:"year"`
	Version   int               `json:"version"`
	Status    report.Status     `json:"status"`
	Total     json.RawMessage   `json:"total"`
	Grade     string            `json:"grade"`
	Errors    int               `json:"errors"`
	Warnings  int               `json:"warnings"`
	Archive   string            `json:"archive"`
	Annotated string            `json:"annotated"`
	Result    string            `json:"result"`
	Rulebook  ledger.Rulebook   `json:"rulebook"`
	Report    *report.Report    `json:"report"`
}

type statusCounts struct {
	Submissions int                   `json:"submissions"`
	Duplicates  int                   `json:"duplicates"`
	Superseded  int                   `json:"superseded"`
	ByStatus    map[report.Status]int `json:"by_status"`
}

type statusPass struct {
	StartedAt  time.Time `json:"started_at"`
	EndedAt    time.Time `json:"ended_at"`
	Processed  int       `json:"processed"`
	Duplicates int       `json:"duplicates"`
	Waiting    int       `json:"waiting"`
	Failed     int       `json:"failed"`
}

// statusJSONWriter is status as one JSON object (statusJSON): its latest
// submissions, each with its report, are kept in a temporary file as
// ReadStatus gives them (in memory where none can be made), and the whole
// object written once ReadStatus has succeeded: nothing on stdout when it
// fails, and the ledger not held open while stdout waits for a reader.
type statusJSONWriter struct {
	w     io.Writer
	n     int // latest submissions kept
	buf   bytes.Buffer
	spool *xlsx.Scratch // nil: mem
	mem   bytes.Buffer
}

// keep keeps one written submission.
func (j *statusJSONWriter) keep(data []byte) error {
	if j.n == 0 {
		var err error
		if j.spool, err = xlsx.NewScratch("", "perfeval-status-*.tmp"); err != nil {
			j.spool = nil
		}
	}
	if j.spool != nil {
		_, err := j.spool.Write(data)
		return err
	}
	_, err := j.mem.Write(data)
	return err
}

// close removes the temporary file, if any.
func (j *statusJSONWriter) close() {
	if j.spool != nil {
		j.spool.Close()
	}
}

func (j *statusJSONWriter) latest(e ledger.Entry) error {
	total, err := json.Marshal(e.Check.Total)
	if err != nil {
		return err
	}
	entry := statusEntry{
		ID: e.ID, SHA256: e.Receipt.SHA256, File: e.Receipt.Name, ReceivedAt: e.ReceivedAt.UTC(), CheckedAt: e.Check.CheckedAt.UTC(),
		Department: e.Department, Form: formKind(e), Project: e.Project(), Year: e.Year, Version: e.Version, Status: e.Check.Status, Total: total, Grade: e.Check.Grade,
		Errors: e.Check.Errors, Warnings: e.Check.Warnings, Archive: e.Archive, Annotated: e.Check.Annotated, Result: e.Check.Result,
		Rulebook: ledger.Rulebook{ID: e.Check.RulebookID, SHA256: e.Check.RulebookSHA256}, Report: e.Check.Report,
	}
	j.buf.Reset()
	if j.n > 0 {
		j.buf.WriteByte(',')
	}
	enc := json.NewEncoder(&j.buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(entry); err != nil {
		return err
	}
	if err := j.keep(bytes.TrimRight(j.buf.Bytes(), "\n")); err != nil {
		return err
	}
	j.n++
	return nil
}

func (j *statusJSONWriter) finish(st inbox.Status) error {
	rest := statusJSON{Waiting: append([]string{}, st.Waiting...), Missing: append([]string{}, st.Missing...),
		Counts: statusCounts{Submissions: st.Counts.Submissions, Duplicates: st.Counts.Duplicates, Superseded: st.Counts.Superseded, ByStatus: st.Counts.ByStatus}}
	if st.HasPass {
		p := st.LastPass
		rest.LastPass = &statusPass{StartedAt: p.StartedAt.UTC(), EndedAt: p.EndedAt.UTC(), Processed: p.Processed, Duplicates: p.Duplicates, Waiting: p.Waiting, Failed: p.Failed}
	}
	j.buf.Reset()
	enc := json.NewEncoder(&j.buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rest); err != nil {
		return err
	}
	if _, err := io.WriteString(j.w, `{"latest":[`); err != nil {
		return err
	}
	var latest io.Reader = &j.mem
	if j.spool != nil {
		latest = io.NewSectionReader(j.spool, 0, 1<<62)
	}
	if _, err := io.Copy(j.w, latest); err != nil {
		return err
	}
	if _, err := io.WriteString(j.w, `],`); err != nil {
		return err
	}
	_, err := j.w.Write(bytes.TrimPrefix(j.buf.Bytes(), []byte("{")))
	return err
}

// formText says which form an entry is of: 部门整体, or 项目：名称; — for a
// file that could not be read.
func formText(e ledger.Entry) string {
	switch {
	case e.Project() != nil:
		return "项目：" + dash(e.Project().Name)
	case e.Check.Status == report.Unreadable:
		return "—"
	}
	return "部门整体"
}

// formKind is an entry's form kind in status --json: "" for a file that
// could not be read.
func formKind(e ledger.Entry) string {
	switch {
	case e.Check.Report != nil && e.Check.Report.Form != "":
		return e.Check.Report.Form
	case e.Check.Status == report.Unreadable:
		return ""
	}
	return template.FormDepartment
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return escapeText(s)
}

func yearText(y int) string {
	if y == 0 {
		return "—"
	}
	return fmt.Sprint(y)
}

func versionText(v int) string {
	if v == 0 {
		return "—"
	}
	return fmt.Sprintf("第 %d 版", v)
}
