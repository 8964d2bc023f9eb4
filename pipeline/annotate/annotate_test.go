package annotate_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/annotate"
	"github.com/perfeval/perfeval/pipeline/draft"
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
)

// annotateData is a small department form: two 产出指标 rows, the first one
// short of full marks with no reason and a full self-score (an error and a
// warning on its row), the second one scored exactly and explained.
func annotateData() *template.Data {
	return &template.Data{
		Year: 2022,
		Fields: map[string]string{
			"dept_name":      "南昌市测试局",
			"dept_code":      "101001",
			"declared_total": "94",
			"goal_expected":  "完成年度政务服务目标。",
			"goal_achieved":  "基本完成。",
			"budget_reason":  "部分资金未达到支付条件。",
			"income_general": "100",
			"income_total":   "100",
			"exp_personnel":  "40",
			"exp_public":     "20",
			"exp_basic":      "60",
			"exp_project":    "30",
			"exp_total":      "90",
		},
		Budget: map[string]map[string]string{
			template.BudgetTotal:   {"budget": "100", "execution": "90", "weight": "10", "rate": "90.00", "score": "7"},
			template.BudgetFiscal:  {"budget": "100", "execution": "90", "rate": "90.00"},
			template.BudgetOther:   {"budget": "0", "execution": "0"},
			template.BudgetBasic:   {"budget": "70", "execution": "60", "rate": "85.71"},
			template.BudgetProject: {"budget": "30", "execution": "30", "rate": "100.00"},
		},
		Indicators: []map[string]string{
			{"level1": "产出指标", "level2": "数量指标", "name": "扩种扩量电子证照", "target": ">=290种", "actual": "289种", "weight": "1.5", "self_score": "1.5"},
			{"level1": "产出指标", "level2": "质量指标", "name": "政务服务工作效率", "target": ">=95%", "actual": "90%", "weight": "10", "self_score": "8.68", "reason": "系统切换导致效率下降，下一年度优化流程。"},
		},
	}
}

// writeAnnotateInput generates the fixture workbook, lets change alter it,
// and saves it under dir.
func writeAnnotateInput(t testing.TB, dir string, change func(*excelize.File) error) string {
	t.Helper()
	f, err := template.Generate(template.Department, annotateData())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if change != nil {
		if err := change(f); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "测试局.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// onlyFile fails unless dir holds exactly the named file: no temporary file
// is left behind.
func onlyFile(t testing.TB, dir, name string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 1 || names[0] != name {
		t.Errorf("files in %s = %q, want only %q", dir, names, name)
	}
}

func TestAnnotate(t *testing.T) {
	in := writeAnnotateInput(t, t.TempDir(), nil)
	before, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	c := pipelinetest.CheckWorkbook(t, in)
	dir := filepath.Join(t.TempDir(), "not", "yet", "there")
	out := pipeline.AnnotatedPath(dir, in)
	if err := annotate.Annotate(c.F, c.Form, c.Findings, c.Rep, out, annotate.Options{}); err != nil {
		t.Fatalf("Annotate: %v", err)
	}
	if after, err := os.ReadFile(in); err != nil || !bytes.Equal(before, after) {
		t.Fatalf("input file changed by Annotate (err %v)", err)
	}
	if got := pipelinetest.HashFile(t, in); got != c.Rep.SHA256 {
		t.Errorf("input SHA-256 = %s, want %s", got, c.Rep.SHA256)
	}
	onlyFile(t, dir, filepath.Base(out))
	if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("annotated copy mode = %v (err %v), want 0644", info.Mode().Perm(), err)
	}

	l := template.Department
	o := pipelinetest.OpenOutput(t, out)
	ind, hrow, col := l.Indicators.Name, c.Form.Source.HeaderRow, c.Form.Source.LastCol+1
	fs := c.Findings
	if len(fs) == 0 {
		t.Fatal("the fixture has no findings; the test needs some")
	}

	t.Run("review columns", func(t *testing.T) {
		for i, h := range l.ReviewHeader {
			if got := pipelinetest.CellAt(t, o, ind, col+i, hrow); got != h.Header {
				t.Errorf("header %s = %q, want %q", annotate.CellName(col+i, hrow), got, h.Header)
			}
		}
		if got := pipelinetest.FillColor(pipelinetest.StyleAt(t, o, ind, col, hrow)); got != "FF"+annotate.FillReviewHeader && got != annotate.FillReviewHeader {
			t.Errorf("review header fill = %q, want %s", got, annotate.FillReviewHeader)
		}
		want := []struct{ completion, score string }{{"0.9966", "1.49"}, {"0.9474", "8.68"}}
		if len(c.Form.Lines) != len(want) {
			t.Fatalf("%d indicator lines, want %d", len(c.Form.Lines), len(want))
		}
		for i, ln := range c.Form.Lines {
			row := ln.Source.Row
			if got := pipelinetest.CellAt(t, o, ind, col, row); got != want[i].completion {
				t.Errorf("完成率 %s = %q, want %q", annotate.CellName(col, row), got, want[i].completion)
			}
			if got := pipelinetest.CellAt(t, o, ind, col+1, row); got != want[i].score {
				t.Errorf("复核得分 %s = %q, want %q", annotate.CellName(col+1, row), got, want[i].score)
			}
			for _, k := range []int{col, col + 1} {
				if typ, _ := o.GetCellType(ind, annotate.CellName(k, row)); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
					t.Errorf("%s is text, want a number", annotate.CellName(k, row))
				}
			}
			if st := pipelinetest.StyleAt(t, o, ind, col, row); st.CustomNumFmt == nil || *st.CustomNumFmt != "0.00%" {
				t.Errorf("完成率 %s number format = %v, want 0.00%%", annotate.CellName(col, row), st.CustomNumFmt)
			}
			if st := pipelinetest.StyleAt(t, o, ind, col+1, row); st.CustomNumFmt == nil || *st.CustomNumFmt != "0.00" {
				t.Errorf("复核得分 %s number format = %v, want 0.00", annotate.CellName(col+1, row), st.CustomNumFmt)
			}
			note := pipelinetest.CellAt(t, o, ind, col+2, row)
			var onRow finding.Findings
			for _, fd := range fs {
				if fd.Ref.Sheet == ind && fd.Ref.Row == row {
					onRow = append(onRow, fd)
				}
			}
			// Both indicators are short of full marks.
			if len(onRow) == 0 && note != "未满分，已填写偏差原因" {
				t.Errorf("审核意见 of clean row %d = %q, want 未满分，已填写偏差原因", row, note)
			}
			for _, fd := range onRow {
				if !strings.Contains(note, fd.Message) || !strings.Contains(note, fd.Severity.Label()) {
					t.Errorf("审核意见 of row %d = %q, want it to contain [%s] %s", row, note, fd.Severity.Label(), fd.Message)
				}
			}
			if i == 0 && len(onRow) == 0 {
				t.Errorf("row %d has no finding; the fixture means it to have some", row)
			}
			if i == 1 && len(onRow) != 0 {
				t.Errorf("row %d has findings %v; the fixture means it to be clean", row, onRow)
			}
		}
	})

	t.Run("fills and comments", func(t *testing.T) {
		worst := map[template.Ref]finding.Severity{}
		for _, fd := range fs {
			if fd.Ref.Row > 0 && fd.Ref.Col > 0 {
				worst[fd.Ref] = max(worst[fd.Ref], fd.Severity)
			}
		}
		if len(worst) == 0 {
			t.Fatal("no finding names a cell")
		}
		// A reason cell perfeval drafted into carries the draft fill.
		reasons := map[template.Ref]bool{}
		for _, ln := range c.Form.Lines {
			reasons[ln.Source.Reason.Ref] = true
		}
		drafted := map[template.Ref]bool{}
		for _, fd := range fs {
			drafted[fd.Ref] = drafted[fd.Ref] || fd.Code == "missing_explanation" && reasons[fd.Ref]
		}
		comments := map[string]map[string]excelize.Comment{}
		for ref, sev := range worst {
			want := annotate.FillOf(sev)
			if drafted[ref] {
				want = annotate.FillDraft
			}
			if got := pipelinetest.FillColor(pipelinetest.StyleAt(t, o, ref.Sheet, ref.Col, ref.Row)); got != want && got != "FF"+want {
				t.Errorf("fill of %s = %q, want %s (%s)", ref, got, want, sev)
			}
			if comments[ref.Sheet] == nil {
				comments[ref.Sheet] = pipelinetest.CommentsBy(t, o, ref.Sheet)
			}
			cm, ok := comments[ref.Sheet][ref.Cell()]
			if !ok {
				t.Errorf("no comment on %s", ref)
				continue
			}
			if cm.Author != annotate.CommentAuthor {
				t.Errorf("comment author on %s = %q, want %q", ref, cm.Author, annotate.CommentAuthor)
			}
			text := pipelinetest.CommentText(cm)
			for _, fd := range fs {
				if fd.Ref == ref {
					if want := "【" + fd.Severity.Label() + "】" + fd.Title() + "：" + fd.Message; !strings.Contains(text, want) {
						t.Errorf("comment on %s = %q, want it to contain %q", ref, text, want)
					}
					// The accountant reads Chinese only: no finding codes.
					if strings.Contains(text, string(fd.Code)) {
						t.Errorf("comment on %s = %q names the code %s", ref, text, fd.Code)
					}
				}
			}
		}
		// A cell without a finding keeps its style and gets no comment.
		clean := c.Form.Lines[1].Source.Name.Ref
		if got, want := pipelinetest.FillColor(pipelinetest.StyleAt(t, o, ind, clean.Col, clean.Row)), pipelinetest.FillColor(pipelinetest.StyleAt(t, c.F, ind, clean.Col, clean.Row)); got != want {
			t.Errorf("fill of clean cell %s = %q, want it unchanged %q", clean, got, want)
		}
		if _, ok := pipelinetest.CommentsBy(t, o, ind)[clean.Cell()]; ok {
			t.Errorf("clean cell %s has a comment", clean)
		}
	})

	t.Run("review sheet", func(t *testing.T) {
		sheets := o.GetSheetList()
		if sheets[0] != l.ReviewSheet {
			t.Errorf("sheets = %v, want %s first", sheets, l.ReviewSheet)
		}
		if got := o.GetActiveSheetIndex(); got != 0 {
			t.Errorf("active sheet = %d (%s), want 0 (%s)", got, sheets[got], l.ReviewSheet)
		}
		rows, err := o.GetRows(l.ReviewSheet)
		if err != nil {
			t.Fatal(err)
		}
		var all []string
		byText := map[string]int{}
		for i, r := range rows {
			all = append(all, strings.Join(r, "|"))
			for _, v := range r {
				if _, ok := byText[v]; !ok {
					byText[v] = i + 1
				}
			}
		}
		text := strings.Join(all, "\n")
		for _, want := range []string{c.Rep.Status.Label(), "南昌市测试局", "101001", filepath.Base(in), c.Rep.SHA256} {
			if !strings.Contains(text, want) {
				t.Errorf("%s lacks %q:\n%s", l.ReviewSheet, want, text)
			}
		}
		for _, fd := range fs {
			row, ok := byText[fd.Ref.String()]
			if !ok {
				t.Errorf("%s lacks the finding at %s", l.ReviewSheet, fd.Ref)
				continue
			}
			if !strings.Contains(text, fd.Message) {
				t.Errorf("%s lacks the message %q", l.ReviewSheet, fd.Message)
			}
			if fd.Ref.Row > 0 && fd.Ref.Col > 0 {
				ok, target, err := o.GetCellHyperLink(l.ReviewSheet, annotate.CellName(3, row))
				if want := "'" + fd.Ref.Sheet + "'!" + fd.Ref.Cell(); err != nil || !ok || target != want {
					t.Errorf("link of %s = %v %q (err %v), want %q", fd.Ref, ok, target, err, want)
				}
			}
		}
	})

	t.Run("workbook kept", func(t *testing.T) {
		for _, sheet := range l.DataSheets() {
			got, err := o.GetSheetProtection(sheet)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := c.F.GetSheetProtection(sheet)
			if got != want || !got.SelectLockedCells {
				t.Errorf("protection of %s = %+v, want %+v", sheet, got, want)
			}
		}
		// Print titles are scoped to a sheet by its position; the review
		// sheet placed first must not shift them onto a neighbour.
		titles := 0
		for _, dn := range o.GetDefinedName() {
			if dn.Name != "_xlnm.Print_Titles" {
				continue
			}
			titles++
			if !strings.HasPrefix(dn.RefersTo, "'"+dn.Scope+"'!") {
				t.Errorf("print titles of %s refer to %s", dn.Scope, dn.RefersTo)
			}
		}
		if titles < len(l.DataSheets())+1 {
			t.Errorf("%d print titles, want one per data sheet and the review sheet", titles)
		}
		for _, dn := range c.F.GetDefinedName() {
			if dn.Scope != "Workbook" {
				continue
			}
			found := false
			for _, got := range o.GetDefinedName() {
				found = found || got == dn
			}
			if !found {
				t.Errorf("defined name %s (%s) lost", dn.Name, dn.RefersTo)
			}
		}
		if got, err := pipelinetest.OpenWorkbook(out); err != nil {
			t.Errorf("open annotated copy: %v", err)
		} else {
			got.Close()
		}
	})
}

// TestAnnotateComments checks that a comment already on a finding's cell is
// kept above perfeval's, and that annotating the annotated copy again
// replaces perfeval's part instead of stacking it, along with the review
// columns and sheet.
func TestAnnotateComments(t *testing.T) {
	const note = "此项按上级要求填报"
	var target template.Ref
	in := writeAnnotateInput(t, t.TempDir(), nil)
	c := pipelinetest.CheckWorkbook(t, in)
	for _, fd := range c.Findings {
		if fd.Ref.Sheet == template.Department.Indicators.Name && fd.Ref.Col > 0 {
			target = fd.Ref
			break
		}
	}
	if target.Col == 0 {
		t.Fatal("no finding on an indicator cell")
	}
	in = writeAnnotateInput(t, t.TempDir(), func(f *excelize.File) error {
		return f.AddComment(target.Sheet, excelize.Comment{Cell: target.Cell(), Author: "张会计", Paragraph: []excelize.RichTextRun{
			{Text: "张会计:", Font: &excelize.Font{Bold: true}}, {Text: "\n" + note},
		}})
	})
	dir := t.TempDir()
	first := filepath.Join(dir, "first.xlsx")
	c = pipelinetest.CheckWorkbook(t, in)
	if err := annotate.Annotate(c.F, c.Form, c.Findings, c.Rep, first, annotate.Options{}); err != nil {
		t.Fatalf("Annotate: %v", err)
	}
	var msgs []string
	for _, fd := range c.Findings {
		if fd.Ref == target {
			msgs = append(msgs, fd.Message)
		}
	}
	check := func(path string) {
		t.Helper()
		o := pipelinetest.OpenOutput(t, path)
		cm, ok := pipelinetest.CommentsBy(t, o, target.Sheet)[target.Cell()]
		if !ok {
			t.Fatalf("%s: no comment on %s", path, target)
		}
		text := pipelinetest.CommentText(cm)
		if strings.Count(text, note) != 1 {
			t.Errorf("%s: comment on %s = %q, want the department's note once", path, target, text)
		}
		if strings.Index(text, note) > strings.Index(text, pipelinetest.CommentHeading) {
			t.Errorf("%s: comment on %s = %q, want the department's note first", path, target, text)
		}
		for _, m := range msgs {
			if strings.Count(text, m) != 1 {
				t.Errorf("%s: comment on %s = %q, want %q once", path, target, text, m)
			}
		}
		n := 0
		for _, s := range o.GetSheetList() {
			if s == template.Department.ReviewSheet {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: %d review sheets, want 1", path, n)
		}
		if got := pipelinetest.CellAt(t, o, template.Department.Indicators.Name, c.Form.Source.LastCol+len(template.Department.ReviewHeader)+1, c.Form.Source.HeaderRow); got != "" {
			t.Errorf("%s: a cell after the review columns holds %q; the columns were added twice", path, got)
		}
	}
	check(first)

	// The department sends the annotated copy back as it is.
	second := filepath.Join(dir, "second.xlsx")
	c2 := pipelinetest.CheckWorkbook(t, first)
	if err := annotate.Annotate(c2.F, c2.Form, c2.Findings, c2.Rep, second, annotate.Options{}); err != nil {
		t.Fatalf("Annotate of the annotated copy: %v", err)
	}
	check(second)
}

// TestAnnotateKeepsExtraColumn checks that a column the department added
// after the table is moved right, not overwritten.
func TestAnnotateKeepsExtraColumn(t *testing.T) {
	l := template.Department
	last := len(l.Indicators.Columns)
	hrow := template.HeaderRow
	in := writeAnnotateInput(t, t.TempDir(), func(f *excelize.File) error {
		if err := f.SetCellStr(l.Indicators.Name, annotate.CellName(last+1, hrow), "备注"); err != nil {
			return err
		}
		return f.SetCellStr(l.Indicators.Name, annotate.CellName(last+1, hrow+1), "已与主管处室沟通")
	})
	c := pipelinetest.CheckWorkbook(t, in)
	if c.Form.Source.LastCol != last {
		t.Fatalf("LastCol = %d, want %d", c.Form.Source.LastCol, last)
	}
	out := filepath.Join(t.TempDir(), "out.xlsx")
	if err := annotate.Annotate(c.F, c.Form, c.Findings, c.Rep, out, annotate.Options{}); err != nil {
		t.Fatalf("Annotate: %v", err)
	}
	o := pipelinetest.OpenOutput(t, out)
	n := len(l.ReviewHeader)
	if got := pipelinetest.CellAt(t, o, l.Indicators.Name, last+1, hrow); got != l.ReviewHeader[0].Header {
		t.Errorf("header %s = %q, want %q", annotate.CellName(last+1, hrow), got, l.ReviewHeader[0].Header)
	}
	if got := pipelinetest.CellAt(t, o, l.Indicators.Name, last+1+n, hrow); got != "备注" {
		t.Errorf("header %s = %q, want the department's 备注 moved there", annotate.CellName(last+1+n, hrow), got)
	}
	if got := pipelinetest.CellAt(t, o, l.Indicators.Name, last+1+n, hrow+1); got != "已与主管处室沟通" {
		t.Errorf("%s = %q, want the department's note moved there", annotate.CellName(last+1+n, hrow+1), got)
	}
}

func TestAnnotateWriteFailure(t *testing.T) {
	in := writeAnnotateInput(t, t.TempDir(), nil)
	before := pipelinetest.HashFile(t, in)

	t.Run("folder is a file", func(t *testing.T) {
		c := pipelinetest.CheckWorkbook(t, in)
		dir := t.TempDir()
		blocker := filepath.Join(dir, "blocker")
		if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := annotate.Annotate(c.F, c.Form, c.Findings, c.Rep, filepath.Join(blocker, "out.xlsx"), annotate.Options{}); err == nil {
			t.Fatal("Annotate into a file's path succeeded, want an error")
		}
		onlyFile(t, dir, "blocker")
	})

	t.Run("target is a folder", func(t *testing.T) {
		c := pipelinetest.CheckWorkbook(t, in)
		dir := t.TempDir()
		if err := os.Mkdir(filepath.Join(dir, "out.xlsx"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := annotate.Annotate(c.F, c.Form, c.Findings, c.Rep, filepath.Join(dir, "out.xlsx"), annotate.Options{}); err == nil {
			t.Fatal("Annotate over a folder succeeded, want an error")
		}
		onlyFile(t, dir, "out.xlsx")
	})

	if got := pipelinetest.HashFile(t, in); got != before {
		t.Errorf("input changed: SHA-256 %s, want %s", got, before)
	}
}

// TestAnnotateMissingSheet checks that a workbook without 绩效指标 is still
// annotated: no review columns, and the sheet-level finding listed on the
// review sheet without a link.
func TestAnnotateMissingSheet(t *testing.T) {
	l := template.Department
	in := writeAnnotateInput(t, t.TempDir(), func(f *excelize.File) error { return f.DeleteSheet(l.Indicators.Name) })
	c := pipelinetest.CheckWorkbook(t, in)
	out := filepath.Join(t.TempDir(), "out.xlsx")
	if err := annotate.Annotate(c.F, c.Form, c.Findings, c.Rep, out, annotate.Options{}); err != nil {
		t.Fatalf("Annotate: %v", err)
	}
	o := pipelinetest.OpenOutput(t, out)
	rows, err := o.GetRows(l.ReviewSheet)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for i, r := range rows {
		if len(r) > 2 && r[2] == l.Indicators.Name {
			found = true
			if ok, target, _ := o.GetCellHyperLink(l.ReviewSheet, annotate.CellName(3, i+1)); ok {
				t.Errorf("finding on the missing sheet links to %q", target)
			}
		}
	}
	if !found {
		t.Errorf("%s does not list the missing sheet %s: %q", l.ReviewSheet, l.Indicators.Name, rows)
	}
}

// seedWithoutReasons writes the seed workbook to dir with the reason of 扩种扩量电子证照
// (绩效指标!H4) cleared and the budget's (资金情况!B9) replaced by the
// placeholder 无.
func seedWithoutReasons(t testing.TB, dir string) string {
	t.Helper()
	f, err := excelize.OpenFile(pipelinetest.SeedWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.SetCellValue("绩效指标", "H4", nil); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStr("资金情况", "B9", "无"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "南昌市政务服务数据管理局.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestAnnotateDrafts checks the drafted explanations on the seed with two
// reasons taken out: the drafts in the reason cells with their numbers,
// style and comment, the note of the row, the list on 审核结果, and every
// other cell as it was.
func TestAnnotateDrafts(t *testing.T) {
	const (
		indicatorDraft = "【草拟】年度指标值 >=290种，实际完成 289种，完成率 99.66%，扣 0.01 分。主要由于＿＿＿＿（请填写原因），导致扩种扩量电子证照未达到预期目标（290种以上）；后期将＿＿＿＿（请填写改进措施）。"
		budgetDraft    = "【草拟】全年预算数 10343.6719 万元，全年执行数 9452.1302 万元，执行率 91.38%，预算执行得 7 分（满分 10 分）。主要由于＿＿＿＿（请填写资金未执行的原因），导致预算执行率未达到 100%；后期将＿＿＿＿（请填写改进措施）。"
	)
	l := template.Department
	ind, bud := l.Indicators.Name, l.Budget.Name
	in := seedWithoutReasons(t, t.TempDir())
	before, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	rep, err := pipeline.Process(context.Background(), in, rulebook.DefaultRulebook(), pipeline.Options{AnnotateDir: dir})
	if err != nil {
		t.Fatalf("Process: %v", err)
	}
	if after, err := os.ReadFile(in); err != nil || !bytes.Equal(before, after) {
		t.Fatalf("input file changed by Process (err %v)", err)
	}
	drafts := map[template.Ref]string{
		{Sheet: ind, Row: 4, Col: 8}: indicatorDraft,
		{Sheet: bud, Row: 9, Col: 2}: budgetDraft,
	}
	findingAt := map[template.Ref]bool{}
	for _, fd := range rep.FindingList() {
		findingAt[fd.Ref] = true
		if fd.Code == "missing_explanation" {
			if _, ok := drafts[fd.Ref]; !ok {
				t.Errorf("missing_explanation at %s, want only at the two cleared reasons", fd.Ref)
			}
		}
	}
	for ref := range drafts {
		if !findingAt[ref] {
			t.Fatalf("no finding at %s; the fixture means its reason to be missing", ref)
		}
	}

	o := pipelinetest.OpenOutput(t, rep.Annotated)
	orig := pipelinetest.OpenOutput(t, in)
	for ref, want := range drafts {
		if got := pipelinetest.CellAt(t, o, ref.Sheet, ref.Col, ref.Row); got != want {
			t.Errorf("%s =\n  %s\nwant\n  %s", ref, got, want)
		}
		st := pipelinetest.StyleAt(t, o, ref.Sheet, ref.Col, ref.Row)
		if st.Font == nil || !st.Font.Italic || !strings.EqualFold(strings.TrimPrefix(st.Font.Color, "FF"), annotate.ColorDraft) {
			t.Errorf("font of %s = %+v, want italic %s", ref, st.Font, annotate.ColorDraft)
		}
		if got := pipelinetest.FillColor(st); got != annotate.FillDraft && got != "FF"+annotate.FillDraft {
			t.Errorf("fill of %s = %q, want %s", ref, got, annotate.FillDraft)
		}
		if st.Alignment == nil || !st.Alignment.WrapText {
			t.Errorf("alignment of %s = %+v, want wrapped", ref, st.Alignment)
		}
		was := pipelinetest.StyleAt(t, orig, ref.Sheet, ref.Col, ref.Row)
		if st.Protection == nil || was.Protection == nil || st.Protection.Locked != was.Protection.Locked || !sameBorders(st, was) {
			t.Errorf("style of %s = %+v, want the department's borders and protection kept from %+v", ref, st, was)
		}
		cm, ok := pipelinetest.CommentsBy(t, o, ref.Sheet)[ref.Cell()]
		if !ok {
			t.Errorf("no comment on %s", ref)
			continue
		}
		text := pipelinetest.CommentText(cm)
		for _, want := range []string{"【错误】缺少偏差原因：", "由 perfeval 根据表中数字草拟", "请在＿＿＿＿处写明原因和改进措施"} {
			if !strings.Contains(text, want) {
				t.Errorf("comment on %s = %q, want it to contain %q", ref, text, want)
			}
		}
		if placeholder := ref.Sheet == bud; strings.Contains(text, "原填写的“无”已被替换") != placeholder {
			t.Errorf("comment on %s = %q; want the replaced placeholder named: %v", ref, text, placeholder)
		}
		h, err := o.GetRowHeight(ref.Sheet, ref.Row)
		if err != nil {
			t.Fatal(err)
		}
		width := 48.0 // 绩效指标!H
		if ref.Sheet == bud {
			width = 18 + 18 + 8 + 12 + 8 // the merged B9:F9
		}
		if need := template.RowHeight(template.FontSize, template.TextLines(want, width, template.FontSize)); h < need {
			t.Errorf("height of row %d on %s = %v, want at least %v for the draft", ref.Row, ref.Sheet, h, need)
		}
	}

	t.Run("other cells unchanged", func(t *testing.T) {
		for _, sheet := range l.DataSheets() {
			rows, err := orig.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			// excelize gives every cell of a merged range its first cell's
			// value, so the rest of a draft's merged range reads as the draft.
			inDraft := map[template.Ref]bool{}
			merges, err := orig.GetMergeCells(sheet)
			if err != nil {
				t.Fatal(err)
			}
			for _, mc := range merges {
				c1, r1, _ := excelize.CellNameToCoordinates(mc.GetStartAxis())
				c2, r2, _ := excelize.CellNameToCoordinates(mc.GetEndAxis())
				if _, ok := drafts[template.Ref{Sheet: sheet, Row: r1, Col: c1}]; !ok {
					continue
				}
				for r := r1; r <= r2; r++ {
					for c := c1; c <= c2; c++ {
						inDraft[template.Ref{Sheet: sheet, Row: r, Col: c}] = true
					}
				}
			}
			cols := 0
			for _, r := range rows {
				cols = max(cols, len(r))
			}
			for row := 1; row <= len(rows); row++ {
				for col := 1; col <= cols; col++ {
					ref := template.Ref{Sheet: sheet, Row: row, Col: col}
					if _, ok := drafts[ref]; ok {
						continue
					}
					if got, want := pipelinetest.CellAt(t, o, sheet, col, row), pipelinetest.CellAt(t, orig, sheet, col, row); got != want && !inDraft[ref] {
						t.Errorf("%s = %q, want it unchanged %q", ref, got, want)
					}
					if findingAt[ref] {
						continue
					}
					got, _ := o.GetCellStyle(sheet, annotate.CellName(col, row))
					want, _ := orig.GetCellStyle(sheet, annotate.CellName(col, row))
					if got != want {
						t.Errorf("style of %s = %d, want it unchanged %d", ref, got, want)
					}
				}
			}
		}
		for _, cell := range []string{"H11", "H13", "H45"} {
			if got := pipelinetest.CellAt(t, o, ind, 8, rowOf(t, cell)); !strings.HasPrefix(got, "由于") && !strings.HasPrefix(got, "主要由于") {
				t.Errorf("%s!%s = %q, want the department's reason", ind, cell, got)
			}
		}
	})

	t.Run("review note", func(t *testing.T) {
		hrow, col := 2, 8+len(l.ReviewHeader)
		if got := pipelinetest.CellAt(t, o, ind, col, hrow); got != "审核意见" {
			t.Fatalf("%s!%s = %q, want 审核意见", ind, annotate.CellName(col, hrow), got)
		}
		if got := pipelinetest.CellAt(t, o, ind, col, 4); !strings.Contains(got, annotate.DraftNote) {
			t.Errorf("审核意见 of row 4 = %q, want it to say %q", got, annotate.DraftNote)
		}
		for _, row := range []int{11, 13} {
			if got := pipelinetest.CellAt(t, o, ind, col, row); strings.Contains(got, annotate.DraftNote) {
				t.Errorf("审核意见 of row %d = %q, want no draft mentioned", row, got)
			}
		}
	})

	t.Run("review sheet", func(t *testing.T) {
		rows, err := o.GetRows(l.ReviewSheet)
		if err != nil {
			t.Fatal(err)
		}
		head := 0
		for i, r := range rows {
			if len(r) > 0 && strings.HasPrefix(r[0], "已草拟偏差原因（共 2 处") {
				head = i + 1
			}
		}
		if head == 0 {
			t.Fatalf("%s has no list of drafts:\n%q", l.ReviewSheet, rows)
		}
		// The title, the header, then one row per draft in findings order.
		want := []struct{ ref, what, text string }{
			{bud + "!B9", "预算执行率", budgetDraft},
			{ind + "!H4", "扩种扩量电子证照", indicatorDraft},
		}
		for i, w := range want {
			row := head + 2 + i
			r := rows[row-1]
			if len(r) < 5 || r[2] != w.ref || r[3] != w.what || r[4] != w.text {
				t.Errorf("draft row %d = %q, want %s | %s | %s", row, r, w.ref, w.what, w.text)
				continue
			}
			if ok, target, err := o.GetCellHyperLink(l.ReviewSheet, annotate.CellName(3, row)); err != nil || !ok || !strings.HasSuffix(target, "!"+strings.SplitN(w.ref, "!", 2)[1]) {
				t.Errorf("link of draft row %d = %v %q (err %v), want %s", row, ok, target, err, w.ref)
			}
			if got := pipelinetest.FillColor(pipelinetest.StyleAt(t, o, l.ReviewSheet, 5, row)); got != annotate.FillDraft && got != "FF"+annotate.FillDraft {
				t.Errorf("fill of draft text on row %d = %q, want %s", row, got, annotate.FillDraft)
			}
		}
	})
}

// rowOf returns the row of an A1 cell name.
func rowOf(t testing.TB, cell string) int {
	t.Helper()
	_, row, err := excelize.CellNameToCoordinates(cell)
	if err != nil {
		t.Fatal(err)
	}
	return row
}

// sameBorders reports whether two styles have the same borders.
func sameBorders(a, b *excelize.Style) bool {
	if len(a.Border) != len(b.Border) {
		return false
	}
	for i := range a.Border {
		if a.Border[i] != b.Border[i] {
			return false
		}
	}
	return true
}

// TestAnnotateDraftWithoutCell checks the two places a draft cannot go: a
// budget reason row the reader did not find puts the draft on 审核结果
// alone, and an indicator table without a 偏差原因 column gets no draft,
// only the finding.
func TestAnnotateDraftWithoutCell(t *testing.T) {
	l := template.Department
	in := writeAnnotateInput(t, t.TempDir(), func(f *excelize.File) error {
		// Execution below 100% with no reason row at all.
		for _, cell := range []string{"A9", "B9"} {
			if err := f.SetCellValue(l.Budget.Name, cell, nil); err != nil {
				return err
			}
		}
		// The 偏差原因 header gone, so the column is not found.
		return f.SetCellValue(l.Indicators.Name, annotate.CellName(len(l.Indicators.Columns), template.HeaderRow), nil)
	})
	c := pipelinetest.CheckWorkbook(t, in)
	if _, ok := c.Form.Source.Fields[l.Budget.Reason.Key]; ok {
		t.Fatal("the budget reason was found; the fixture means it to be missing")
	}
	var budgetRef, lineRef template.Ref
	for _, fd := range c.Findings {
		if fd.Code != "missing_explanation" {
			continue
		}
		if fd.Ref.Sheet == l.Budget.Name {
			budgetRef = fd.Ref
		} else {
			lineRef = fd.Ref
		}
	}
	if budgetRef.Sheet == "" || budgetRef.Row != 0 || lineRef.Sheet == "" {
		t.Fatalf("missing_explanation at %v and %v, want one on %s and one on an indicator", budgetRef, lineRef, l.Budget.Name)
	}
	out := filepath.Join(t.TempDir(), "out.xlsx")
	if err := annotate.Annotate(c.F, c.Form, c.Findings, c.Rep, out, annotate.Options{}); err != nil {
		t.Fatalf("Annotate: %v", err)
	}
	o := pipelinetest.OpenOutput(t, out)
	for _, sheet := range l.DataSheets() {
		rows, err := o.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			for j, v := range r {
				if strings.Contains(v, score.DraftMark) {
					t.Errorf("%s!%s = %q, want no draft on the form", sheet, annotate.CellName(j+1, i+1), v)
				}
			}
		}
	}
	if got := pipelinetest.FillColor(pipelinetest.StyleAt(t, o, lineRef.Sheet, lineRef.Col, lineRef.Row)); got != annotate.FillError && got != "FF"+annotate.FillError {
		t.Errorf("fill of %s = %q, want the error fill %s", lineRef, got, annotate.FillError)
	}
	rows, err := o.GetRows(l.ReviewSheet)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, r := range rows {
		if len(r) > 4 && r[2] == l.Budget.Name && strings.HasPrefix(r[3], "预算执行率（未找到") {
			found++
			if !strings.HasPrefix(r[4], score.DraftMark+"全年预算数 100.0000 万元，全年执行数 90.0000 万元，执行率 90.00%，预算执行得 7 分（满分 10 分）。") {
				t.Errorf("budget draft on %s = %q", l.ReviewSheet, r[4])
			}
		}
		if len(r) > 4 && strings.HasPrefix(r[4], score.DraftMark) && !strings.HasPrefix(r[2], l.Budget.Name) {
			t.Errorf("draft listed at %q, want only the budget's", r[2])
		}
	}
	if found != 1 {
		t.Errorf("%s lists the budget draft %d times, want once:\n%q", l.ReviewSheet, found, rows)
	}
}

// TestAnnotateKeepsUnfinishedDraft checks that a draft sent back with only
// part of it completed is styled as a draft again, not replaced by a fresh
// one: what the department wrote into it stays.
func TestAnnotateKeepsUnfinishedDraft(t *testing.T) {
	l := template.Department
	first := pipelinetest.CheckWorkbook(t, writeAnnotateInput(t, t.TempDir(), nil)).Form.Lines[0]
	partial := strings.Replace(draft.IndicatorReason(first), score.BlankCause, "证照目录调整滞后", 1)
	in := writeAnnotateInput(t, t.TempDir(), func(f *excelize.File) error {
		return f.SetCellStr(l.Indicators.Name, first.Source.Reason.Ref.Cell(), partial)
	})
	c := pipelinetest.CheckWorkbook(t, in)
	ln := c.Form.Lines[0]
	ref := ln.Source.Reason.Ref
	if ln.Reason != partial || !score.IsUnfinishedDraft(ln.Reason) {
		t.Fatalf("reason of %s = %q, want the partly completed draft", ref, ln.Reason)
	}
	// The finding the check gives an unfinished draft, whether or not the
	// check in this tree gives it yet.
	fs := finding.Findings{}
	for _, fd := range c.Findings {
		if fd.Ref != ref {
			fs = append(fs, fd)
		}
	}
	fs = append(fs, finding.Finding{Code: "missing_explanation", Severity: finding.Error, Ref: ref, Message: "偏差原因分析及改进措施尚未完成"})
	rep := report.NewReport(in, c.Rep.SHA256, c.Form, fs)
	out := filepath.Join(t.TempDir(), "out.xlsx")
	if err := annotate.Annotate(c.F, c.Form, fs, rep, out, annotate.Options{}); err != nil {
		t.Fatalf("Annotate: %v", err)
	}
	o := pipelinetest.OpenOutput(t, out)
	if got := pipelinetest.CellAt(t, o, ref.Sheet, ref.Col, ref.Row); got != partial {
		t.Errorf("%s = %q, want the department's partly completed draft %q", ref, got, partial)
	}
	if got := pipelinetest.FillColor(pipelinetest.StyleAt(t, o, ref.Sheet, ref.Col, ref.Row)); got != annotate.FillDraft && got != "FF"+annotate.FillDraft {
		t.Errorf("fill of %s = %q, want %s", ref, got, annotate.FillDraft)
	}
	if text := pipelinetest.CommentText(pipelinetest.CommentsBy(t, o, ref.Sheet)[ref.Cell()]); strings.Contains(text, "已被替换") {
		t.Errorf("comment on %s = %q, want no replacement named", ref, text)
	}
}

// TestAnnotateKeepsCompletedDraft: a draft whose blanks the department
// filled, its 【草拟】 mark left in, is the department's text: the annotated
// copy keeps it and only points out the mark.
func TestAnnotateKeepsCompletedDraft(t *testing.T) {
	l := template.Department
	first := pipelinetest.CheckWorkbook(t, writeAnnotateInput(t, t.TempDir(), nil)).Form.Lines[0]
	done := strings.Replace(strings.Replace(draft.IndicatorReason(first), score.BlankCause, "证照目录调整滞后", 1), score.BlankRemedy, "督促数据源单位按季度对接", 1)
	if score.IsUnfinishedDraft(done) {
		t.Fatalf("completed draft %q still reads as unfinished", done)
	}
	in := writeAnnotateInput(t, t.TempDir(), func(f *excelize.File) error {
		return f.SetCellStr(l.Indicators.Name, first.Source.Reason.Ref.Cell(), done)
	})
	c := pipelinetest.CheckWorkbook(t, in)
	ref := c.Form.Lines[0].Source.Reason.Ref
	out := filepath.Join(t.TempDir(), "out.xlsx")
	if err := annotate.Annotate(c.F, c.Form, c.Findings, c.Rep, out, annotate.Options{}); err != nil {
		t.Fatalf("Annotate: %v", err)
	}
	o := pipelinetest.OpenOutput(t, out)
	if got := pipelinetest.CellAt(t, o, ref.Sheet, ref.Col, ref.Row); got != done {
		t.Errorf("%s = %q, want the department's completed text %q", ref, got, done)
	}
	// Blanks left with their prompts deleted are still blanks.
	if !score.IsUnfinishedDraft(strings.ReplaceAll(draft.IndicatorReason(first), "（请填写原因）", "")) {
		t.Errorf("a draft with its prompts deleted but its blanks left reads as finished")
	}
}

// TestNoDraftForUnscored: an indicator that cannot be scored (its actual
// in another unit) and has no reason gets missing_explanation, but no
// drafted reason: nothing says by how much the target was missed.
func TestNoDraftForUnscored(t *testing.T) {
	// 交易中心开标 (row 13), self-scored 0.73 of 1 with a reason: take the
	// reason out and write the actual in 天 against a target in 次.
	in := pipelinetest.Mutated(t, pipelinetest.InOrder(pipelinetest.Set("绩效指标", "E13", "3573天"), pipelinetest.Set("绩效指标", "H13", "")))
	rep := pipelinetest.ProcessAnnotated(t, in)
	if !slices.Contains(pipelinetest.FindingKeys(rep), "missing_explanation 绩效指标!H13") {
		t.Fatalf("no missing_explanation at H13: %v", pipelinetest.FindingKeys(rep))
	}
	f := pipelinetest.OpenOutput(t, rep.Annotated)
	if got := pipelinetest.CellAt(t, f, "绩效指标", 8, 13); strings.Contains(got, score.DraftMark) {
		t.Errorf("an unscored indicator got a drafted reason: %q", got)
	}
}

// TestReviewSheetNamesTheProject: the annotated copy of a project form says
// on 审核结果 which project it is, and under which 主管部门.
func TestReviewSheetNamesTheProject(t *testing.T) {
	in := filepath.Join(pipelinetest.Samples, "project", "example-2022.xlsx")
	rb, err := rulebook.Builtin(rulebook.ProjectDefaultID)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := pipeline.Process(context.Background(), in, rb, pipeline.Options{AnnotateDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	f := pipelinetest.OpenOutput(t, rep.Annotated)
	rows, err := f.GetRows(template.Project.ReviewSheet)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		if len(r) > 1 {
			got[r[0]] = r[len(r)-1]
		}
	}
	if got["项目名称"] != "示例区老旧小区改造项目" || got["实施单位"] != "示例区城市更新中心" || got["主管部门"] != "示例区住房和城乡建设局" {
		t.Errorf("审核结果 of a project form: 项目名称 %q, 实施单位 %q, 主管部门 %q", got["项目名称"], got["实施单位"], got["主管部门"])
	}
}
