package summary_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline"
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/roster"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/summary"
)

var (
	samplesOnce sync.Once
	sampleReps  [2]*report.Report
	samplesErr  error
)

// samples returns the reports of the seed and of the returned example.
func samples(t testing.TB) (seed, returned *report.Report) {
	t.Helper()
	samplesOnce.Do(func() {
		for i, p := range []string{pipelinetest.SeedWorkbook, pipelinetest.ReturnedWorkbook} {
			sampleReps[i], samplesErr = pipeline.Process(context.Background(), p, rulebook.DefaultRulebook(), pipeline.Options{})
			if samplesErr != nil {
				return
			}
		}
	})
	if samplesErr != nil {
		t.Fatal(samplesErr)
	}
	return clone(t, sampleReps[0]), clone(t, sampleReps[1])
}

func clone(t testing.TB, r *report.Report) *report.Report {
	t.Helper()
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var out report.Report
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

func dec(s string) decimal.NullDecimal {
	return decimal.NullDecimal{Decimal: decimal.RequireFromString(s), Valid: true}
}

// variant is a copy of r as another department's, with other figures.
func variant(t testing.TB, r *report.Report, code, name string, budget, execution, total string) *report.Report {
	t.Helper()
	v := clone(t, r)
	v.Department = report.DepartmentID{Code: code, Name: name}
	v.SHA256 = fmt.Sprintf("%064s", code)
	v.File = code + ".xlsx"
	for i := range v.Budget.Rows {
		if v.Budget.Rows[i].Name == "年度资金总额" {
			b, e := decimal.RequireFromString(budget), decimal.RequireFromString(execution)
			v.Budget.Rows[i].Budget, v.Budget.Rows[i].Execution = dec(budget), dec(execution)
			v.Budget.Rows[i].Rate = report.NewPercent(e.DivRound(b, 16).Mul(decimal.NewFromInt(100)).Round(2), true)
		}
	}
	if total == "" {
		v.Total, v.ReportedTotal, v.Grade = decimal.NullDecimal{}, decimal.NullDecimal{}, ""
	} else {
		v.Total = dec(total)
	}
	return v
}

func entries(reps ...*report.Report) []summary.Entry {
	var out []summary.Entry
	at := time.Date(2023, 3, 1, 9, 0, 0, 0, time.Local)
	for i, r := range reps {
		out = append(out, summary.Entry{Report: r, Version: 1, ReceivedAt: at.Add(time.Duration(i) * time.Minute), CheckedAt: at.Add(time.Duration(i) * time.Minute)})
	}
	return out
}

// cells reads a sheet of a saved summary raw, as the values are stored.
func cells(t testing.TB, path, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// table returns the rows under the header row that starts with first, as
// maps from header to value, up to the first row whose second cell starts
// with stop.
func table(rows [][]string, first, stop string) []map[string]string {
	var out []map[string]string
	for i, r := range rows {
		if len(r) == 0 || r[0] != first {
			continue
		}
		for _, d := range rows[i+1:] {
			if len(d) > 1 && stop != "" && strings.HasPrefix(d[1], stop) {
				break
			}
			m := map[string]string{}
			for j, h := range r {
				if j < len(d) {
					m[h] = d[j]
				}
			}
			out = append(out, m)
		}
		break
	}
	return out
}

func totalRow(r *report.Report) report.BudgetRowReport {
	for _, b := range r.Budget.Rows {
		if b.Name == "年度资金总额" {
			return b
		}
	}
	return report.BudgetRowReport{}
}

func text(d decimal.NullDecimal) string {
	if !d.Valid {
		return ""
	}
	return d.Decimal.String()
}

// TestFiguresEqualReports: every figure of the 汇总 sheet, read back from
// the saved workbook as stored, equals what the reports say, recomputed
// here from the reports alone; so do the totals, the shortfalls and the
// findings.
func TestFiguresEqualReports(t *testing.T) {
	seed, returned := samples(t)
	reps := []*report.Report{
		seed, returned,
		variant(t, seed, "101002", "第三局", "1234.5678", "1111.1111", "94.44"), // ties with the seed
		variant(t, seed, "101003", "第四局", "0.0001", "0.0001", "61.5"),
		variant(t, seed, "101004", "第五局", "99999999.999999", "88888888.888888", ""), // no total: not ranked
		variant(t, returned, "9", "代码最短的局", "10", "9.5", "80"),
	}
	reps[3].Grade = "中"
	reps[5].Grade = "良"
	unreadable := report.UnreadableReport("坏文件.xlsx", strings.Repeat("ab", 32), finding.NotXlsx, "", "文件不是 Excel 工作簿")
	s := summary.Build(append(entries(reps...), entries(unreadable)...), summary.Options{BuiltAt: time.Now()})
	path := filepath.Join(t.TempDir(), "汇总.xlsx")
	if err := s.Save(path); err != nil {
		t.Fatal(err)
	}
	rows := table(cells(t, path, summary.SheetSummary), "部门编码", "全市合计")
	if len(rows) != len(reps) {
		t.Fatalf("%d department rows, want %d", len(rows), len(reps))
	}
	byCode := map[string]*report.Report{}
	for _, r := range reps {
		byCode[r.Department.Code] = r
	}
	rb := rulebook.DefaultRulebook()
	var budget, execution decimal.Decimal
	for _, row := range rows {
		r := byCode[row["部门编码"]]
		if r == nil {
			t.Fatalf("row of an unknown department %q", row["部门编码"])
		}
		b := totalRow(r)
		want := map[string]string{
			"部门名称": r.Department.Name, "状态": r.Status.Label(), "全年预算数（万元）": text(b.Budget), "全年执行数（万元）": text(b.Execution),
			"执行率": b.Rate.Decimal.Shift(-2).String(), "预算执行得分": text(r.Budget.Score), "复核总分": text(r.Total),
			"自评总分": text(r.DeclaredTotal), "等级": r.Grade, "错误": fmt.Sprint(r.Count(finding.Error)), "警告": fmt.Sprint(r.Count(finding.Warning)),
		}
		if r.Total.Valid && r.DeclaredTotal.Valid {
			want["差异（自评−复核）"] = r.DeclaredTotal.Decimal.Sub(r.Total.Decimal).String()
		}
		levelSum := decimal.Zero
		for _, l := range rb.Levels {
			sum, any := decimal.Zero, false
			for _, in := range r.Indicators {
				if in.Level1 == l.Name && in.Score.Valid {
					sum, any = sum.Add(in.Score.Decimal), true
				}
			}
			if any {
				want[l.Name+"得分"] = sum.String()
			}
			levelSum = levelSum.Add(sum)
		}
		if !levelSum.Equal(r.IndicatorTotal.Decimal) {
			t.Errorf("%s: levels add to %s, the report's indicator total is %s", r.Department.Code, levelSum, r.IndicatorTotal.Decimal)
		}
		rank := ""
		if r.Total.Valid {
			n := 1
			for _, o := range reps {
				if o.Total.Valid && o.Total.Decimal.GreaterThan(r.Total.Decimal) {
					n++
				}
			}
			rank = fmt.Sprint(n)
		}
		want["排名"] = rank
		for col, w := range want {
			if row[col] != w {
				t.Errorf("%s %s = %q, want %q", r.Department.Code, col, row[col], w)
			}
		}
		budget, execution = budget.Add(b.Budget.Decimal), execution.Add(b.Execution.Decimal)
	}
	// Rows are in code order, 9 before 101001.
	if rows[0]["部门编码"] != "9" {
		t.Errorf("first row %s, want 9", rows[0]["部门编码"])
	}
	sum := table(cells(t, path, summary.SheetSummary), "部门编码", "")
	var totals map[string]string
	for _, r := range sum {
		if strings.HasPrefix(r["部门名称"], "全市合计") {
			totals = r
		}
	}
	rate := execution.DivRound(budget, 16).Mul(decimal.NewFromInt(100)).Round(2)
	for col, w := range map[string]string{"全年预算数（万元）": budget.String(), "全年执行数（万元）": execution.String(), "执行率": rate.Shift(-2).String()} {
		if totals[col] != w {
			t.Errorf("totals %s = %q, want %q", col, totals[col], w)
		}
	}
	if budget.String() != "100021931.911699" {
		t.Errorf("the test's own sum is %s", budget)
	}

	shortfalls, findings := 0, 0
	for _, r := range reps {
		for _, in := range r.Indicators {
			if in.Score.Valid && in.Weight.Valid && (in.Score.Decimal.LessThan(in.Weight.Decimal) || in.Completion.Valid && in.Completion.Decimal.LessThan(decimal.NewFromInt(100))) {
				shortfalls++
			}
		}
		findings += len(r.Findings)
	}
	if got := len(table(cells(t, path, summary.SheetShortfalls), "部门编码", "")); got != shortfalls {
		t.Errorf("%d shortfalls, want %d", got, shortfalls)
	}
	fr := table(cells(t, path, summary.SheetFindings), "部门编码", "")
	if len(fr) != findings {
		t.Errorf("%d findings, want %d", len(fr), findings)
	}
	for _, row := range fr {
		r := byCode[row["部门编码"]]
		if !slices.ContainsFunc(r.Findings, func(f report.FindingReport) bool {
			return f.Message == row["说明"] && f.Ref == row["单元格"] && cmp.Or(f.Place, f.Ref) == row["位置"] && string(f.Code) == row["代码"] && f.Severity.Label() == row["级别"]
		}) {
			t.Errorf("finding row %v is not in the report of %s", row, r.Department.Code)
		}
	}
	// The unreadable file names no department: it is listed apart.
	if len(s.Unknown) != 1 || s.Unknown[0].File != "坏文件.xlsx" {
		t.Errorf("unidentified %+v", s.Unknown)
	}
	// The JSON carries the same figures.
	var buf bytes.Buffer
	if err := s.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var js struct {
		Departments []struct {
			Code  string `json:"code"`
			Total *string
			Rank  int
			Rate  *string
		}
		Totals struct {
			Budget, Execution, Rate string
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &js); err != nil {
		t.Fatal(err)
	}
	if js.Totals.Budget != budget.String() || js.Totals.Execution != execution.String() || js.Totals.Rate != rate.String() {
		t.Errorf("JSON totals %+v", js.Totals)
	}
	if len(js.Departments) != len(reps) {
		t.Errorf("JSON has %d departments", len(js.Departments))
	}
}

// TestRanks: equal totals share a place and the next is skipped.
func TestRanks(t *testing.T) {
	seed, _ := samples(t)
	var reps []*report.Report
	for i, total := range []string{"90", "95", "90", "", "80", "95"} {
		reps = append(reps, variant(t, seed, fmt.Sprint(100+i), fmt.Sprint("局", i), "10", "9", total))
	}
	s := summary.Build(entries(reps...), summary.Options{})
	var got []int
	for _, r := range s.Departments {
		got = append(got, r.Rank)
	}
	if want := []int{3, 1, 3, 0, 5, 1}; !slices.Equal(got, want) {
		t.Errorf("ranks %v, want %v", got, want)
	}
}

func TestRoster(t *testing.T) {
	seed, returned := samples(t)
	r, fs := roster.Parse("名单.csv", []byte("部门编码,部门名称,联系人,邮箱,联系电话\n"+
		"101001,南昌市政务服务数据管理局,张三,zhang@example.gov.cn,0791-1\n"+
		"109902,示例区财政局,李四,li@example.gov.cn,0791-2\n"+
		"109903,示例区审计局,王五,wang@example,0791-3\n"))
	renamed := variant(t, seed, "101001", "南昌市数据局", "1", "1", "90")
	s := summary.Build(entries(renamed, returned), summary.Options{Roster: r, RosterFindings: fs})
	var missing []string
	for _, m := range s.Missing {
		missing = append(missing, m.Code+" "+m.Contact+" "+m.Email+" "+m.Phone)
	}
	if want := []string{"109902 李四 li@example.gov.cn 0791-2", "109903 王五  0791-3"}; !slices.Equal(missing, want) {
		t.Errorf("missing %q, want %q", missing, want)
	}
	if len(s.Unlisted) != 1 || s.Unlisted[0].Code != "109901" || s.Unlisted[0].Note != "不在名单中" {
		t.Errorf("unlisted %+v", s.Unlisted)
	}
	if len(s.Departments) != 4 || s.Departments[0].Note != "名单中的名称为“南昌市政务服务数据管理局”" {
		t.Errorf("departments %+v", s.Departments)
	}
	if s.Counts.Missing != 2 || s.Counts.Submitted != 2 || s.Counts.Unlisted != 1 {
		t.Errorf("counts %+v", s.Counts)
	}
	if len(s.Roster.Problems) != 1 || !strings.Contains(s.Roster.Problems[0], "D4") {
		t.Errorf("roster problems %q", s.Roster.Problems)
	}
	path := filepath.Join(t.TempDir(), "汇总.xlsx")
	if err := s.Save(path); err != nil {
		t.Fatal(err)
	}
	rows := cells(t, path, summary.SheetMissing)
	var listed []string
	for _, row := range rows {
		if len(row) > 3 && (row[0] == "109902" || row[0] == "109903" || row[0] == "109901") {
			listed = append(listed, row[0])
		}
	}
	if want := []string{"109902", "109903", "109901"}; !slices.Equal(listed, want) {
		t.Errorf("未报送 lists %v, want %v", listed, want)
	}
	main := table(cells(t, path, summary.SheetSummary), "部门编码", "全市合计")
	if main[1]["部门编码"] != "109901" || main[2]["状态"] != "未报送" {
		t.Errorf("汇总 rows %v", main)
	}
}

// TestYearOverYear: last year's figures, from the same entries or from a
// previous summary (workbook or JSON), give the changes.
func TestYearOverYear(t *testing.T) {
	seed, returned := samples(t)
	last := variant(t, seed, "101001", "南昌市政务服务数据管理局", "100", "85", "90.5")
	last.Year = 2021
	gone := variant(t, seed, "555", "去年有今年无", "1", "1", "70")
	gone.Year = 2021
	check := func(t *testing.T, s *summary.Summary) {
		t.Helper()
		if s.Year != 2022 || s.Previous == nil {
			t.Fatalf("year %d, previous %+v", s.Year, s.Previous)
		}
		for _, r := range s.Departments {
			switch r.Code {
			case "101001":
				if text(r.TotalChange) != "3.94" || text(r.RateChange) != "6.38" || text(r.PreviousTotal) != "90.5" || text(r.PreviousRate) != "85" {
					t.Errorf("101001: change %s / %s from %s / %s", text(r.TotalChange), text(r.RateChange), text(r.PreviousTotal), text(r.PreviousRate))
				}
			default:
				if r.TotalChange.Valid || r.PreviousTotal.Valid {
					t.Errorf("%s has last year's figures %+v", r.Code, r)
				}
			}
		}
	}
	t.Run("ledger", func(t *testing.T) {
		s := summary.Build(entries(last, gone, seed, returned), summary.Options{})
		check(t, s)
		path := filepath.Join(t.TempDir(), "汇总.xlsx")
		if err := s.Save(path); err != nil {
			t.Fatal(err)
		}
		row := table(cells(t, path, summary.SheetSummary), "部门编码", "全市合计")[0]
		if row["总分变化"] != "3.94" || row["执行率变化（百分点）"] != "6.38" || row["上年执行率"] != "0.85" {
			t.Errorf("row %v", row)
		}
	})
	for _, kind := range []string{"xlsx", "json"} {
		t.Run("previous "+kind, func(t *testing.T) {
			prev := summary.Build(entries(last, gone), summary.Options{})
			if prev.Year != 2021 {
				t.Fatalf("previous year %d", prev.Year)
			}
			path := filepath.Join(t.TempDir(), "汇总-2021."+kind)
			if kind == "xlsx" {
				if err := prev.Save(path); err != nil {
					t.Fatal(err)
				}
			} else {
				var buf bytes.Buffer
				if err := prev.WriteJSON(&buf); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ps, year, err := summary.ReadPrevious(path)
			if err != nil {
				t.Fatal(err)
			}
			if year != 2021 || len(ps) != 2 {
				t.Errorf("read year %d, %d departments", year, len(ps))
			}
			check(t, summary.Build(entries(seed, returned), summary.Options{Previous: ps, PreviousSource: path}))
		})
	}
	if _, _, err := summary.ReadPrevious(pipelinetest.SeedWorkbook); err == nil {
		t.Error("a form read as a previous summary")
	}
}

// TestTextStaysText: what departments write is stored as text, never as a
// formula, whatever it starts with.
func TestTextStaysText(t *testing.T) {
	seed, _ := samples(t)
	names := []string{"=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", `=HYPERLINK("http://example.com","点我")`}
	var reps []*report.Report
	for i, n := range names {
		r := variant(t, seed, fmt.Sprint("=", i), n, "10", "9", "90")
		r.Indicators[3].Name = n
		r.Indicators[3].Reason = n
		r.Findings[0].Message = n
		reps = append(reps, r)
	}
	path := filepath.Join(t.TempDir(), "汇总.xlsx")
	if err := summary.Build(entries(reps...), summary.Options{}).Save(path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := map[string]int{}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			for j, v := range row {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
					t.Errorf("%s!%s holds the formula %q", sheet, cell, formula)
				}
				if !slices.Contains(names, v) {
					continue
				}
				seen[sheet]++
				typ, err := f.GetCellType(sheet, cell)
				if err != nil {
					t.Fatal(err)
				}
				if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
					t.Errorf("%s!%s %q is of type %v, not text", sheet, cell, v, typ)
				}
			}
		}
	}
	for _, sheet := range []string{summary.SheetSummary, summary.SheetShortfalls, summary.SheetFindings, summary.SheetCharts} {
		if seen[sheet] < len(names) {
			t.Errorf("%s holds the names %d times, want at least %d", sheet, seen[sheet], len(names))
		}
	}
}

// TestFromResults: several results folders merge; a department's latest
// report wins, by the time its file was written.
func TestFromResults(t *testing.T) {
	seed, returned := samples(t)
	old := variant(t, seed, "101001", "南昌市政务服务数据管理局", "100", "50", "60")
	dirA, dirB := t.TempDir(), t.TempDir()
	root := t.TempDir()
	write := func(dir, name string, when time.Time, reps ...*report.Report) {
		t.Helper()
		var buf bytes.Buffer
		for _, r := range reps {
			if err := r.WriteJSON(&buf); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, when, when); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)
	write(dirA, "a.json", t0.Add(time.Hour), seed)
	write(dirB, "b.json", t0, old)
	write(dirB, "check.jsonl", t0, variant(t, returned, "300", "第三", "1", "1", "70"), variant(t, returned, "300", "第三", "2", "1", "71"))
	if err := os.MkdirAll(filepath.Join(root, "results"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(filepath.Join(root, "results"), "r.json", t0, returned)
	write(dirB, "notes.txt", t0) // not a report: ignored
	var all []summary.Entry
	st := newStore(t)
	for _, d := range []string{dirA, dirB, root} {
		es, err := summary.FromResults(d, st)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, es...)
	}
	s := summary.Build(all, summary.Options{})
	got := map[string]string{}
	for _, r := range s.Departments {
		got[r.Code] = text(r.Total)
	}
	want := map[string]string{"101001": "94.44", "109901": "94.44", "300": "71"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("totals %v, want %v", got, want)
	}
	bad := t.TempDir()
	write(bad, "x.json", t0)
	if err := os.WriteFile(filepath.Join(bad, "x.json"), []byte(`{"latest": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := summary.FromResults(bad, nil); err == nil {
		t.Error("a JSON file that is no report was read")
	}
	// A finding without a severity: made by hand, not by perfeval, it
	// could not be listed as any.
	noSeverity := t.TempDir()
	data, err := json.Marshal(seed)
	if err != nil {
		t.Fatal(err)
	}
	if data = regexp.MustCompile(`"severity":"[a-z]+",`).ReplaceAll(data, nil); !bytes.Contains(data, []byte(`"findings":[{`)) {
		t.Fatal("the seed's report has no finding")
	}
	if err := os.WriteFile(filepath.Join(noSeverity, "x.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := summary.FromResults(noSeverity, newStore(t)); !errors.Is(err, summary.ErrNotReport) || !strings.Contains(err.Error(), "x.json") {
		t.Errorf("a finding without a severity: %v, want ErrNotReport naming the file", err)
	}
}

// TestExactNumbers: a figure beyond a double's digits is stored as its
// exact text, never rounded.
func TestExactNumbers(t *testing.T) {
	seed, _ := samples(t)
	big := variant(t, seed, "1", "大局", "123456789012.123456", "1.000001", "90")
	path := filepath.Join(t.TempDir(), "汇总.xlsx")
	if err := summary.Build(entries(big), summary.Options{}).Save(path); err != nil {
		t.Fatal(err)
	}
	row := table(cells(t, path, summary.SheetSummary), "部门编码", "全市合计")[0]
	if row["全年预算数（万元）"] != "123456789012.123456" || row["全年执行数（万元）"] != "1.000001" {
		t.Errorf("row %v", row)
	}
}

// TestFindingPlace: 审核问题 prints where a finding is on the printed form
// (its place), the cell beside it for the screen; a finding of an older
// report, without a place, prints its cell.
func TestFindingPlace(t *testing.T) {
	seed, _ := samples(t)
	r := variant(t, seed, "102001", "市财政局", "10", "9", "90")
	if len(r.Findings) < 2 {
		t.Fatalf("the seed's report has %d findings, want 2 or more", len(r.Findings))
	}
	r.Findings = r.Findings[:2]
	r.Findings[0].Ref, r.Findings[0].Place = "资金情况!E5", "整体支出规模（万元）页“其他资金”行“执行率（%）”列"
	r.Findings[1].Ref, r.Findings[1].Place = "资金情况!E6", ""
	path := filepath.Join(t.TempDir(), "汇总.xlsx")
	if err := summary.Build(entries(r), summary.Options{}).Save(path); err != nil {
		t.Fatal(err)
	}
	rows := table(cells(t, path, summary.SheetFindings), "部门编码", "")
	var got [][2]string
	for _, row := range rows {
		got = append(got, [2]string{row["位置"], row["单元格"]})
	}
	want := [][2]string{{"整体支出规模（万元）页“其他资金”行“执行率（%）”列", "资金情况!E5"}, {"资金情况!E6", "资金情况!E6"}}
	if !slices.Equal(got, want) {
		t.Errorf("位置, 单元格 = %q, want %q", got, want)
	}
}
