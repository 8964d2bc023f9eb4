package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/report"
)

func openTest(t testing.TB) (*Ledger, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "perfeval.db")
	l, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l, path
}

// sampleReport is a report of a department's form with a total and one
// error when returned.
func sampleReport(code, name string, year int, status report.Status) *report.Report {
	r := &report.Report{File: name + ".xlsx", SHA256: "x", Status: status, Department: report.DepartmentID{Name: name, Code: code}, Year: year,
		Indicators: []report.IndicatorReport{}, Findings: []report.FindingReport{},
		Total: decimal.NullDecimal{Decimal: decimal.RequireFromString("94.44"), Valid: true}, Grade: "优"}
	r.Budget.Rows = []report.BudgetRowReport{}
	if status == report.Returned {
		r.Findings = append(r.Findings, report.FindingReport{Code: finding.DeclaredTotalMismatch, Severity: finding.Error, Ref: "基本信息!B10", Message: "自评总分不符"})
	}
	return r
}

func receipt(name, sha string, at time.Time) Receipt {
	return Receipt{Name: name, Size: 1000, ModTime: at, SHA256: sha}
}

func record(t *testing.T, l *Ledger, r Receipt, rep *report.Report) Entry {
	t.Helper()
	e, err := l.Record(context.Background(), r, time.Now(), "archive/"+r.SHA256+".xlsx",
		NewCheck{CheckedAt: time.Now(), PerfevalVersion: "test", Rulebook: Rulebook{ID: "nanchang-2022", SHA256: "rb"}, Report: rep, Result: "results/" + r.SHA256 + ".json"},
		func(d report.DepartmentID, year, version int, status report.Status) (string, error) {
			return fmt.Sprintf("outbox/%s/%s-%d-v%d.xlsx", status, d.Code, year, version), nil
		})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestRecordVersionsDuplicatesSupersedes: a department's files for a year
// take versions 1, 2, …, each superseding the one before; the same bytes
// again are a duplicate with the original's result; another department or
// year is counted apart.
func TestRecordVersionsDuplicatesSupersedes(t *testing.T) {
	l, _ := openTest(t)
	ctx := context.Background()
	t0 := time.Date(2023, 3, 15, 9, 0, 0, 0, time.UTC)
	first := record(t, l, receipt("a.xlsx", "aaa", t0), sampleReport("101001", "政务服务数据管理局", 2022, report.Returned))
	if first.Version != 1 || first.Check.Annotated != "outbox/returned/101001-2022-v1.xlsx" || first.Check.Errors != 1 {
		t.Fatalf("first = %+v", first)
	}
	dup := record(t, l, receipt("a (copy).xlsx", "aaa", t0.Add(time.Hour)), sampleReport("101001", "政务服务数据管理局", 2022, report.Returned))
	if dup.DuplicateOf != first.ID || dup.Version != 0 || dup.Check.ID != first.Check.ID {
		t.Fatalf("duplicate = %+v, want a duplicate of %d with its check", dup, first.ID)
	}
	second := record(t, l, receipt("a-v2.xlsx", "bbb", t0.Add(2*time.Hour)), sampleReport("101001", "政务服务数据管理局", 2022, report.Accepted))
	if second.Version != 2 || second.Check.Annotated != "outbox/accepted/101001-2022-v2.xlsx" {
		t.Fatalf("second = %+v", second)
	}
	other := record(t, l, receipt("b.xlsx", "ccc", t0), sampleReport("101002", "财政局", 2022, report.Accepted))
	nextYear := record(t, l, receipt("a-2023.xlsx", "ddd", t0), sampleReport("101001", "政务服务数据管理局", 2023, report.Accepted))
	if other.Version != 1 || nextYear.Version != 1 {
		t.Errorf("versions %d and %d, want 1 for another department and another year", other.Version, nextYear.Version)
	}
	nobody := record(t, l, receipt("x.xlsx", "eee", t0), &report.Report{Status: report.Unreadable, Findings: []report.FindingReport{{Code: finding.NotXlsx, Severity: finding.Error, Message: "不是工作簿"}}})
	if nobody.Version != 0 || nobody.SupersededBy != 0 {
		t.Errorf("a file naming no department = %+v, want no version", nobody)
	}

	latest, err := l.Latest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, e := range latest {
		ids = append(ids, e.ID)
	}
	if fmt.Sprint(ids) != fmt.Sprint([]int64{second.ID, other.ID, nextYear.ID, nobody.ID}) {
		t.Errorf("latest = %v, want %v", ids, []int64{second.ID, other.ID, nextYear.ID, nobody.ID})
	}
	all, err := l.All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 6 || all[0].SupersededBy != second.ID {
		t.Errorf("all: %d entries, first superseded by %d; want 6, by %d", len(all), all[0].SupersededBy, second.ID)
	}
	counts, err := l.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts.Submissions != 6 || counts.Duplicates != 1 || counts.Superseded != 1 || counts.ByStatus[report.Accepted] != 3 || counts.ByStatus[report.Unreadable] != 1 {
		t.Errorf("counts = %+v", counts)
	}
	// The report comes back as it was stored.
	if got := latest[0].Check.Report; got.Department.Code != "101001" || !got.Total.Decimal.Equal(decimal.RequireFromString("94.44")) || latest[0].Check.Grade != "优" {
		t.Errorf("stored report = %+v", got)
	}

	// What reads less than every report says the same: one entry, the
	// submissions briefly, their files.
	for _, want := range all {
		got, ok, err := l.Entry(ctx, want.ID)
		if err != nil || !ok || got.ID != want.ID || got.Check.ID != want.Check.ID || got.Check.Report == nil || got.Receipt != want.Receipt {
			t.Errorf("Entry(%d) = %+v, %v, %v; want %+v", want.ID, got, ok, err, want)
		}
	}
	if _, ok, err := l.Entry(ctx, all[len(all)-1].ID+1); ok || err != nil {
		t.Errorf("an entry past the last: %v, %v", ok, err)
	}
	briefs, err := l.Briefs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	files, err := l.AllFiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(briefs) != len(all) || len(files) != len(all) {
		t.Fatalf("%d briefs and %d files of %d submissions", len(briefs), len(files), len(all))
	}
	for i, e := range all {
		if briefs[i] != (Brief{ID: e.ID, Department: e.Department}) {
			t.Errorf("brief %d = %+v, want %d %+v", i, briefs[i], e.ID, e.Department)
		}
		want := Files{Archive: e.Archive, Result: e.Check.Result, Annotated: e.Check.Annotated, Duplicate: e.DuplicateOf != 0, Superseded: e.SupersededBy != 0}
		if files[i] != want {
			t.Errorf("files %d = %+v, want %+v", i, files[i], want)
		}
	}
}

// TestDone: a receipt recorded once is recognised, so the file a killed run
// left in the inbox is not recorded twice; the same bytes under another
// receipt are not.
func TestDone(t *testing.T) {
	l, _ := openTest(t)
	ctx := context.Background()
	at := time.Date(2023, 3, 15, 9, 0, 0, 123456789, time.UTC)
	r := receipt("部门 自评表.xlsx", "aaa", at)
	if _, ok, err := l.Done(ctx, r); ok || err != nil {
		t.Fatalf("Done before recording = %v, %v", ok, err)
	}
	e := record(t, l, r, sampleReport("101001", "政务服务数据管理局", 2022, report.Accepted))
	if s, ok, err := l.Done(ctx, r); !ok || err != nil || s.ID != e.ID {
		t.Fatalf("Done after recording = %+v, %v, %v", s, ok, err)
	}
	if _, ok, _ := l.Done(ctx, receipt("部门 自评表.xlsx", "aaa", at.Add(time.Second))); ok {
		t.Error("the same bytes dropped in again count as the first drop")
	}
	// A receipt is recorded once, whatever the caller does.
	if _, err := l.Record(ctx, r, time.Now(), "a", NewCheck{Report: sampleReport("1", "x", 2022, report.Accepted)}, nil); err == nil {
		t.Error("recording a receipt twice succeeded")
	}
}

// TestAddCheck: a rerun's check is recorded beside the first and becomes
// the submission's result.
func TestAddCheck(t *testing.T) {
	l, _ := openTest(t)
	ctx := context.Background()
	e := record(t, l, receipt("a.xlsx", "aaa", time.Now()), sampleReport("101001", "政务服务数据管理局", 2022, report.Returned))
	rep := sampleReport("101001", "政务服务数据管理局", 2022, report.Accepted)
	if _, err := l.AddCheck(ctx, e.ID, NewCheck{CheckedAt: time.Now(), PerfevalVersion: "test", Rulebook: Rulebook{ID: "fixed", SHA256: "rb2"}, Report: rep, Result: "r2.json"}, "outbox/accepted/x.xlsx"); err != nil {
		t.Fatal(err)
	}
	checks, err := l.Checks(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(checks) != 2 || checks[0].Status != report.Returned || checks[1].Status != report.Accepted || checks[1].RulebookSHA256 != "rb2" {
		t.Fatalf("checks = %+v", checks)
	}
	latest, err := l.Latest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(latest) != 1 || latest[0].Check.ID != checks[1].ID {
		t.Errorf("latest check = %+v, want the rerun's", latest)
	}
}

// TestMigrateFromFirstSchema opens a ledger written by the first schema,
// with a submission in it: it is upgraded, its rows kept, and a newer
// ledger is refused.
func TestMigrateFromFirstSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{migrations[0], `PRAGMA user_version = 1`,
		`INSERT INTO submissions (sha256, original_name, size, mtime_ns, received_at, archive_path, department_code, department_name, department_key, year, version)
		 VALUES ('aaa', 'a.xlsx', 10, 1, '2023-03-15T09:00:00Z', 'archive/aaa.xlsx', '101001', '政务服务数据管理局', 'code:101001', 2022, 1)`,
		`INSERT INTO checks (submission_id, checked_at, perfeval_version, rulebook_id, rulebook_sha256, status, total, grade, result_path, report)
		 VALUES (1, '2023-03-15T09:00:01Z', 'v0', 'nanchang-2022', 'rb', 'accepted', '94.44', '优', 'results/aaa.json', '{"status":"accepted","department":{"name":"政务服务数据管理局","code":"101001"}}')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	ctx := context.Background()
	l, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var v int
	if err := l.db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil || v != SchemaVersion() {
		t.Errorf("schema version %d (err %v), want %d", v, err, SchemaVersion())
	}
	latest, err := l.Latest(ctx)
	if err != nil || len(latest) != 1 || latest[0].Department.Code != "101001" || !latest[0].Check.Total.Decimal.Equal(decimal.RequireFromString("94.44")) {
		t.Errorf("after the upgrade: %+v, %v", latest, err)
	}
	if err := l.RecordPass(ctx, Pass{StartedAt: time.Now(), EndedAt: time.Now(), Processed: 1}); err != nil {
		t.Errorf("the upgraded ledger has no passes table: %v", err)
	}
	if _, err := l.db.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, SchemaVersion()+1)); err != nil {
		t.Fatal(err)
	}
	l.Close()
	if _, err := Open(ctx, path); err == nil {
		t.Error("a ledger of a newer schema opened")
	}
}

// TestPaths: a ledger in a folder with spaces and Chinese opens.
func TestPaths(t *testing.T) {
	path := filepath.Join(t.TempDir(), "财政局 2023", "perfeval.db")
	if err := mkdirAll(filepath.Dir(path)); err != nil {
		t.Fatal(err)
	}
	l, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
}

func mkdirAll(dir string) error { return os.MkdirAll(dir, 0o755) }

// projectReport is a report of a project form of a department.
func projectReport(code, name, project string, year int, status report.Status) *report.Report {
	r := sampleReport(code, name, year, status)
	r.Form, r.Project = "project", &report.ProjectID{Name: project, Unit: "实施单位"}
	return r
}

// TestProjectFormsVersionedApart: a department's project forms take their
// versions per project; none supersedes the department's own form or
// another project, and the department's form supersedes no project.
func TestProjectFormsVersionedApart(t *testing.T) {
	l, _ := openTest(t)
	ctx := context.Background()
	t0 := time.Date(2023, 3, 15, 9, 0, 0, 0, time.UTC)
	dept := record(t, l, receipt("部门.xlsx", "d1", t0), sampleReport("101001", "政务服务数据管理局", 2022, report.Accepted))
	a1 := record(t, l, receipt("项目甲.xlsx", "a1", t0), projectReport("101001", "政务服务数据管理局", "项目甲", 2022, report.Returned))
	b1 := record(t, l, receipt("项目乙.xlsx", "b1", t0), projectReport("101001", "政务服务数据管理局", "项目乙", 2022, report.Accepted))
	a2 := record(t, l, receipt("项目甲-2.xlsx", "a2", t0), projectReport("101001", "政务服务数据管理局", "项目甲", 2022, report.Accepted))
	dept2 := record(t, l, receipt("部门-2.xlsx", "d2", t0), sampleReport("101001", "政务服务数据管理局", 2022, report.Returned))
	for _, c := range []struct {
		e    Entry
		want int
	}{{dept, 1}, {a1, 1}, {b1, 1}, {a2, 2}, {dept2, 2}} {
		if c.e.Version != c.want {
			t.Errorf("%s: version %d, want %d", c.e.Receipt.Name, c.e.Version, c.want)
		}
	}
	all, err := l.All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	superseded := map[string]int64{}
	for _, e := range all {
		superseded[e.Receipt.Name] = e.SupersededBy
	}
	if want := map[string]int64{"部门.xlsx": dept2.ID, "项目甲.xlsx": a2.ID, "项目乙.xlsx": 0, "项目甲-2.xlsx": 0, "部门-2.xlsx": 0}; fmt.Sprint(superseded) != fmt.Sprint(want) {
		t.Errorf("superseded %v, want %v", superseded, want)
	}
	latest, err := l.Latest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range latest {
		kind := "部门整体"
		if p := e.Project(); p != nil {
			kind = "项目：" + p.Name
		}
		got = append(got, fmt.Sprintf("%s %s v%d", e.Department.Code, kind, e.Version))
	}
	if want := []string{"101001 项目：项目乙 v1", "101001 项目：项目甲 v2", "101001 部门整体 v2"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("latest %q, want %q", got, want)
	}
	counts, err := l.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts.Superseded != 2 || counts.ByStatus[report.Accepted] != 2 || counts.ByStatus[report.Returned] != 1 {
		t.Errorf("counts %+v", counts)
	}
}

// TestRecordAll: several submissions in one transaction are recorded as one
// Record after the other would record them (versions, duplicates); one whose
// place fails is left out alone; a failing before hook records none.
func TestRecordAll(t *testing.T) {
	l, _ := openTest(t)
	ctx := context.Background()
	t0 := time.Date(2023, 3, 15, 9, 0, 0, 0, time.UTC)
	sub := func(name, sha, code string, fail bool) NewSubmission {
		return NewSubmission{Receipt: receipt(name, sha, t0), ReceivedAt: t0, Archive: "archive/" + sha,
			Check: NewCheck{CheckedAt: t0, PerfevalVersion: "test", Report: sampleReport(code, "局"+code, 2022, report.Accepted)},
			Place: func(d report.DepartmentID, year, version int, status report.Status) (string, error) {
				if fail {
					return "", fmt.Errorf("disk full")
				}
				return fmt.Sprintf("outbox/%s-v%d.xlsx", d.Code, version), nil
			}}
	}
	before := 0
	entries, errs, err := l.RecordAll(ctx, []NewSubmission{
		sub("a.xlsx", "aaa", "101001", false),
		sub("a2.xlsx", "bbb", "101001", false),
		sub("b.xlsx", "ccc", "101002", true),
		sub("a-copy.xlsx", "aaa", "101001", false),
	}, func() error { before++; return nil })
	if err != nil || before != 1 {
		t.Fatalf("RecordAll: %v, before called %d times", err, before)
	}
	if errs[0] != nil || errs[1] != nil || errs[2] == nil || errs[3] != nil {
		t.Fatalf("errs = %v, want only the third", errs)
	}
	if entries[0].Version != 1 || entries[1].Version != 2 || entries[3].DuplicateOf != entries[0].ID || entries[1].Check.Annotated != "outbox/101001-v2.xlsx" {
		t.Fatalf("entries = %+v", entries)
	}
	if c, err := l.Count(ctx); err != nil || c.Submissions != 3 || c.Duplicates != 1 || c.Superseded != 1 {
		t.Fatalf("counts %+v, %v; want 3 submissions (the failed one left out), 1 duplicate, 1 superseded", c, err)
	}
	_, _, err = l.RecordAll(ctx, []NewSubmission{sub("c.xlsx", "ddd", "101003", false)}, func() error { return fmt.Errorf("sync failed") })
	if err == nil {
		t.Fatal("a failing before hook: no error")
	}
	if c, _ := l.Count(ctx); c.Submissions != 3 {
		t.Fatalf("%d submissions after a failed batch, want 3", c.Submissions)
	}
}

// TestProjectKeys: two units' projects of one name under one department are
// not versions of one another; a project with its code is counted by the
// code; a project form that names no department still counts its versions.
func TestProjectKeys(t *testing.T) {
	l, _ := openTest(t)
	t0 := time.Date(2023, 3, 15, 9, 0, 0, 0, time.UTC)
	unit := func(u, project string) *report.Report {
		r := projectReport("102001", "示例区教育局", project, 2022, report.Accepted)
		r.Project.Unit = u
		return r
	}
	a := record(t, l, receipt("一中.xlsx", "s1", t0), unit("示例区第一中学", "学生资助资金"))
	b := record(t, l, receipt("二中.xlsx", "s2", t0), unit("示例区第二中学", "学生资助资金"))
	a2 := record(t, l, receipt("一中-2.xlsx", "s3", t0), unit("示例区第一中学", "学生资助资金"))
	noDept := func(sha string) Entry {
		r := projectReport("", "", "水旱灾害防御经费", 2022, report.Returned)
		r.Project.Unit = "天长市水利局"
		return record(t, l, receipt("天长.xlsx", sha, t0), r)
	}
	n1, n2 := noDept("n1"), noDept("n2")
	coded := func(sha, unit string) Entry {
		r := projectReport("102001", "示例区教育局", "学生资助资金", 2022, report.Accepted)
		r.Project.Code, r.Project.Unit = "36010022T000001", unit
		return record(t, l, receipt("编码.xlsx", sha, t0), r)
	}
	c1, c2 := coded("c1", "示例区第一中学"), coded("c2", "示例区第一中学（改名）")
	for _, c := range []struct {
		what string
		e    Entry
		want int
	}{{"一中 v1", a, 1}, {"二中, same project name", b, 1}, {"一中 v2", a2, 2}, {"no department v1", n1, 1}, {"no department v2", n2, 2}, {"coded v1", c1, 1}, {"coded, unit renamed", c2, 2}} {
		if c.e.Version != c.want {
			t.Errorf("%s: version %d, want %d", c.what, c.e.Version, c.want)
		}
	}
}

// recordDepartments records the forms of n departments, codes 100000 on,
// and returns their file names in the order recorded.
func recordDepartments(t *testing.T, l *Ledger, n int, at time.Time) []string {
	t.Helper()
	var names []string
	for i := range n {
		name := fmt.Sprintf("%02d.xlsx", i)
		record(t, l, receipt(name, fmt.Sprintf("sha%02d", i), at), sampleReport(fmt.Sprint(100000+i), fmt.Sprintf("第%d局", i), 2022, report.Accepted))
		names = append(names, name)
	}
	return names
}

// TestReadsBesideWrites: a walk over the ledger in progress (a summary
// reading every report) holds up neither a new record nor Done, and sees
// the ledger as it was when it began; Done sees what was committed.
func TestReadsBesideWrites(t *testing.T) {
	l, _ := openTest(t)
	ctx := context.Background()
	at := time.Date(2023, 3, 15, 9, 0, 0, 0, time.UTC)
	// More than a walk reads ahead of its function, so that the walk is
	// still reading rows when the new one is recorded.
	want := recordDepartments(t, l, 40, at)

	walking, release := make(chan struct{}), make(chan struct{})
	walked := make(chan []string, 1)
	go func() {
		var names []string
		err := l.EachLatest(ctx, func(e Entry) error {
			if len(names) == 0 {
				close(walking)
				<-release
			}
			names = append(names, e.Receipt.Name)
			return nil
		})
		if err != nil {
			names = append(names, "error: "+err.Error())
		}
		walked <- names
	}()
	<-walking
	recorded := make(chan error, 1)
	go func() {
		_, err := l.Record(ctx, receipt("c.xlsx", "ccc", at), time.Now(), "archive/ccc.xlsx",
			NewCheck{CheckedAt: time.Now(), Report: sampleReport("109999", "丙局", 2022, report.Accepted)}, nil)
		recorded <- err
	}()
	select {
	case err := <-recorded:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		close(release)
		t.Fatal("a record waited for a walk over the ledger")
	}
	if _, ok, err := l.Done(ctx, receipt("c.xlsx", "ccc", at)); !ok || err != nil {
		t.Errorf("Done of the file just recorded = %v, %v", ok, err)
	}
	close(release)
	if names := <-walked; !slices.Equal(names, want) {
		t.Errorf("the walk saw %v; want the ledger as it began, %v", names, want)
	}
}

// TestEachInOrder: a walk hands the entries to its function in the order
// they arrived, however many reports are decoded at once, and a function's
// error ends the walk with that error, leaving the ledger free for the
// next record and walk.
func TestEachInOrder(t *testing.T) {
	l, _ := openTest(t)
	ctx := context.Background()
	at := time.Date(2023, 3, 15, 9, 0, 0, 0, time.UTC)
	want := recordDepartments(t, l, 60, at)
	var got []string
	if err := l.EachLatest(ctx, func(e Entry) error {
		if e.Check.Report == nil || e.Check.Report.Department.Code != fmt.Sprint(100000+len(got)) {
			return fmt.Errorf("entry %d carries another report: %+v", len(got), e.Check.Report)
		}
		got = append(got, e.Receipt.Name)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("walked %v, want %v", got, want)
	}
	stop := errors.New("enough")
	n := 0
	err := l.EachLatest(ctx, func(Entry) error {
		if n++; n == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 10 {
		t.Errorf("walk stopped by its function: %v after %d entries, want %v after 10", err, n, stop)
	}
	if n := l.reads.Stats().InUse; n != 0 {
		t.Errorf("%d read connections still in use after the stopped walk", n)
	}
	record(t, l, receipt("later.xlsx", "later", at), sampleReport("300000", "后来局", 2022, report.Accepted))
	if all, err := l.All(ctx); err != nil || len(all) != 61 {
		t.Errorf("after the stopped walk: %d entries, %v; want 61", len(all), err)
	}
}
