package check_test

import (
	"path/filepath"
	"testing"

	"github.com/expr-lang/expr/vm"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline/check"
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
)

// auditSheet reads, parses and scores a workbook under the default rulebook.
func auditSheet(t testing.TB, path string) *score.Form {
	t.Helper()
	f, err := pipelinetest.OpenWorkbook(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := score.Parse(template.Read(f, template.Department))
	score.Score(s, rulebook.DefaultRulebook())
	return s
}

// evalAudit compiles src with tolerance tol and evaluates it on s.
func evalAudit(t testing.TB, s *score.Form, src, tol string) evaluated {
	t.Helper()
	set, err := auditOf(src, tol)
	if err != nil {
		t.Fatalf("compile %q: %v", src, err)
	}
	env, refs := check.AuditEnv(s, set.Cells)
	var m vm.VM
	prog := set.Programs[0]
	out, err := prog.Eval(&m, env)
	if err != nil {
		t.Fatalf("eval(%q): %v", src, err)
	}
	return evaluated{out, refs[prog.Names()[0]]}
}

// evaluated is an audit's outcome with the cell of the first name of its
// expression, where a finding goes.
type evaluated struct {
	rulebook.AuditOutcome
	ref template.Ref
}

// auditOf compiles one audit, src with tolerance tol, for the department
// form.
func auditOf(src, tol string) (*rulebook.AuditSet, error) {
	rb := rulebook.DefaultRulebook()
	rb.Audits = []rulebook.Audit{{ID: "T01", Expr: src, Tolerance: decimal.RequireFromString(tol), Severity: "error", Message: "测试"}}
	return rb.CompiledAudits(rb.Layout())
}

func auditFindings(r *report.Report) []report.FindingReport {
	var out []report.FindingReport
	for _, f := range r.Findings {
		if f.Code == finding.AuditFailed {
			f.Place = "" // the place on paper is tested with the report
			out = append(out, f)
		}
	}
	return out
}

// TestAuditValues checks that each kind of name reads the right value and
// cell of the seed.
func TestAuditValues(t *testing.T) {
	s := auditSheet(t, pipelinetest.SeedWorkbook)
	names, err := s.Source.Layout.CellNames()
	if err != nil {
		t.Fatal(err)
	}
	values, refs := check.AuditEnv(s, names)
	for _, tc := range []struct{ name, value, ref string }{
		{"资金情况.年度资金总额.预算数", "10343.6719", "资金情况!B3"},
		{"资金情况.财政拨款.执行数", "8771.4402", "资金情况!C4"},
		{"资金情况.年度资金总额.分值", "10", "资金情况!D3"},
		{"资金情况.财政拨款.执行率", "91.2", "资金情况!E4"},
		{"资金情况.年度资金总额.计算执行率", "91.38", "资金情况!E3"},
		{"资金情况.年度资金总额.得分", "7", "资金情况!F3"},
		{"基本信息.自评总分", "94", "基本信息!B10"},
		{"基本信息.流动资产", "10296.33", "基本信息!B19"},
		{"决算收支.年末财政拨款结转和结余", "440.99", "决算收支!B14"},
		{"决算收支.按支出功能科目合计", "9452.12", "决算收支!B17"},
		{"决算收支.按支出经济分类合计", "9452.13", "决算收支!B26"},
		{"复核.指标得分合计", "87.44", "绩效指标!G2"},
		{"复核.预算执行得分", "7", "资金情况!F3"},
		{"复核.总分", "94.44", "基本信息!B10"},
	} {
		v, ok := values[tc.name].(decimal.Decimal)
		ref := refs[tc.name]
		if !ok || !v.Equal(decimal.RequireFromString(tc.value)) || ref.String() != tc.ref {
			t.Errorf("%s = %s at %s (ok %v), want %s at %s", tc.name, v, ref, ok, tc.value, tc.ref)
		}
	}
	if _, ok := values["资金情况.财政拨款.分值"]; ok {
		t.Error("资金情况.财政拨款.分值 is usable, want unusable: the cell is empty")
	}
}

func TestAuditDecimal(t *testing.T) {
	s := auditSheet(t, pipelinetest.SeedWorkbook)
	const b = "资金情况.年度资金总额.预算数" // 10343.6719
	for _, tc := range []struct {
		expr  string
		holds bool
	}{
		// In float64, 0.1 + 0.2 is 0.30000000000000004.
		{b + " * 0 + 0.1 + 0.2 == 0.3", true},
		{b + " * 0 + 1.1 * 3 == 3.3", true},
		{b + " == 10343.6719", true},
		{b + " != 10343.6719", false},
		{b + " == 10343.67190001", false},
		// Both literals are one float64; their source texts differ by 0.1.
		{b + " * 0 + 12345678901234567.1 - 12345678901234567 == 0.1", true},
		{b + " * 0 + 1_000.5 == 1000.5", true},
		{"-" + b + " == -10343.6719", true},
		{"+" + b + " == 10343.6719", true},
		{"-(" + b + " - 0.6719) == -10343", true},
		// A quotient is cut at 16 places; within 1e-10 the sides are equal.
		{b + " / 3 * 3 == " + b, true},
		{b + " / 3 * 3 >= " + b, true},
		{b + " / 3 * 3 < " + b, false},
		{b + " / 3 * 3 > " + b + " - 0.0000001", true},
		{"abs(" + b + " / 3 * 3 - " + b + ") < 0.000001", true},
		{"资金情况.年度资金总额.执行数 / " + b + " * 100 - 资金情况.年度资金总额.计算执行率 < 0.01", true},
		{"sum(资金情况.财政拨款.预算数, 资金情况.其他资金.预算数) == " + b, true},
		{"max(资金情况.财政拨款.预算数, 资金情况.其他资金.预算数, 1) == 9617.6719", true},
		{"min(资金情况.财政拨款.预算数, 资金情况.其他资金.预算数) == 726", true},
		{"abs(资金情况.其他资金.执行数 - 资金情况.其他资金.预算数) == 45.31", true},
		{"let total = 资金情况.基本支出.预算数 + 资金情况.项目支出.预算数; total == 10343.672", true},
		{b + " > 0 and 基本信息.自评总分 == 94", true},
		{b + " > 0 and not (基本信息.自评总分 == 94)", false},
	} {
		out := evalAudit(t, s, tc.expr, "0")
		if out.Skipped || out.Holds != tc.holds {
			t.Errorf("%s: holds %v (skipped %v), want %v", tc.expr, out.Holds, out.Skipped, tc.holds)
		}
	}
}

func TestAuditTolerance(t *testing.T) {
	s := auditSheet(t, pipelinetest.SeedWorkbook)
	const a = "资金情况.年度资金总额.预算数" // 10343.6719
	for _, tc := range []struct {
		op, b, tol string
		holds      bool
	}{
		{"==", "10343.6719", "0", true},
		{"==", "10343.672", "0", false},
		{"==", "10343.68", "0.01", true},   // |A − B| = 0.0081
		{"==", "10343.6819", "0.01", true}, // exactly the tolerance
		{"==", "10343.662", "0.01", true},
		{"==", "10343.682", "0.01", false}, // 0.0101
		{"==", "10343.6618", "0.01", false},
		{"!=", "10343.68", "0.01", false},
		{"!=", "10343.682", "0.01", true},
		{"!=", "10343.6719", "0", false},
		{"<=", "10343.6619", "0.01", true}, // A − B = 0.01
		{"<=", "10343.6618", "0.01", false},
		{"<=", "10343.6719", "0", true},
		{"<=", "10343.6718", "0", false},
		{"<", "10343.662", "0.01", true}, // A − B = 0.0099
		{"<", "10343.6619", "0.01", false},
		{"<", "10343.6719", "0", false},
		{"<", "10343.672", "0", true},
		{">=", "10343.6819", "0.01", true}, // B − A = 0.01
		{">=", "10343.682", "0.01", false},
		{">=", "10343.6719", "0", true},
		{">=", "10343.672", "0", false},
		{">", "10343.6818", "0.01", true},
		{">", "10343.6819", "0.01", false},
		{">", "10343.6719", "0", false},
		{">", "10343.6718", "0", true},
	} {
		src := a + " " + tc.op + " " + tc.b
		if out := evalAudit(t, s, src, tc.tol); out.Skipped || out.Holds != tc.holds {
			t.Errorf("%s with tolerance %s: holds %v (skipped %v), want %v", src, tc.tol, out.Holds, out.Skipped, tc.holds)
		}
	}
}

func TestAuditSides(t *testing.T) {
	s := auditSheet(t, pipelinetest.SeedWorkbook)
	out := evalAudit(t, s, "(资金情况.年度资金总额.预算数) == (资金情况.财政拨款.预算数 + 700)", "0.01")
	if out.Holds || !out.Sides || out.Left.String() != "10343.6719" || out.Right.String() != "10317.6719" || out.ref.String() != "资金情况!B3" {
		t.Errorf("outcome %+v, want left 10343.6719, right 10317.6719 at 资金情况!B3", out)
	}
	// Not a comparison at the top: no sides, the first name locates it.
	out = evalAudit(t, s, "基本信息.实有人数 > 200 or 基本信息.核定编制 > 200", "0")
	if out.Holds || out.Sides || out.ref.String() != "基本信息!B14" {
		t.Errorf("outcome %+v, want no sides at 基本信息!B14", out)
	}
}

func TestAuditSkipped(t *testing.T) {
	s := auditSheet(t, pipelinetest.SeedWorkbook)
	for _, src := range []string{
		"资金情况.年度资金总额.预算数 / (资金情况.年度资金总额.执行数 - 资金情况.年度资金总额.执行数) > 1",
		"资金情况.年度资金总额.预算数 > 0 and 资金情况.财政拨款.分值 == 99", // empty cell
	} {
		if out := evalAudit(t, s, src, "0"); !out.Skipped {
			t.Errorf("%s: %+v, want skipped", src, out)
		}
	}
	// An unparseable cell in a real workbook skips the audit that names it.
	bad := auditSheet(t, pipelinetest.Mutated(t, pipelinetest.Set("决算收支", "B6", "约九千万")))
	if out := evalAudit(t, bad, "决算收支.本年收入合计 == 0", "0"); !out.Skipped {
		t.Errorf("audit over an unparseable cell: %+v, want skipped", out)
	}
	rb, err := rulebook.ParseRulebook("skip.yaml", []byte(`id: skip
name: 测试
audits:
  - id: Z1
    expr: 资金情况.年度资金总额.预算数 / (资金情况.年度资金总额.执行数 - 资金情况.年度资金总额.执行数) > 1
    message: 除以 0
  - id: Z2
    expr: 资金情况.财政拨款.分值 == 99
    message: 空单元格
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := auditFindings(pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, rb)); len(got) > 0 {
		t.Errorf("skipped audits reported %v", got)
	}
}

func TestAuditProgramCache(t *testing.T) {
	rb, err := rulebook.ParseRulebook("cache.yaml", []byte(string(rulebook.DefaultRulebookYAML())+`  - id: C01
    expr: 基本信息.自评总分 <= 100.5
    message: 缓存测试
`))
	if err != nil {
		t.Fatal(err)
	}
	first, err := rb.CompiledAudits(rb.Layout())
	if err != nil {
		t.Fatal(err)
	}
	// Every workbook of a batch runs the programs the rulebook compiled
	// once: none of them compiles its own.
	for range 5 {
		pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, rb)
	}
	if again, err := rb.CompiledAudits(rb.Layout()); err != nil || again != first {
		t.Errorf("after six workbooks the rulebook's programs are %p (err %v), want the first ones, %p", again, err, first)
	}
	// A rulebook changed after use is compiled again, not run stale.
	rb.Audits[len(rb.Audits)-1].Expr = "基本信息.自评总分 <= 90"
	rep := pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, rb)
	if got := auditFindings(rep); len(got) != 1 || got[0].Ref != "基本信息!B10" {
		t.Errorf("after the change: audit findings %v, want one at 基本信息!B10", got)
	}
	if changed, err := rb.CompiledAudits(rb.Layout()); err != nil || changed == first {
		t.Errorf("the changed rulebook runs the programs compiled before the change (err %v)", err)
	}
}

// TestAuditDefaults checks that the seed and the blank template satisfy every
// default audit and that each default audit catches what it is for, at its
// cell, with its severity.
func TestAuditDefaults(t *testing.T) {
	for _, path := range []string{pipelinetest.SeedWorkbook, filepath.Join(pipelinetest.Samples, "blank-2022.xlsx")} {
		if got := auditFindings(pipelinetest.ProcessFile(t, path, nil)); len(got) > 0 {
			t.Errorf("%s: audit findings %v, want none", path, got)
		}
	}
	many := func(changes ...func(*excelize.File) error) func(*excelize.File) error {
		return func(f *excelize.File) error {
			for _, c := range changes {
				if err := c(f); err != nil {
					return err
				}
			}
			return nil
		}
	}
	for _, tc := range []struct {
		name   string
		change func(*excelize.File) error
		want   report.FindingReport
	}{
		{"accounts do not balance", pipelinetest.Set("决算收支", "B14", 500), report.FindingReport{Code: "audit_failed", Severity: finding.Warning, Ref: "决算收支!B6",
			Message: "【A01】决算收支表收支不平衡：本年收入合计加年初结转和结余，应等于本年支出合计加年末结转和结余：左边 9893.12，右边 9952.13，相差 59.01"}},
		{"total above 100", many(pipelinetest.Set("绩效指标", "F3", 20), pipelinetest.Set("绩效指标", "G3", 20)), report.FindingReport{Code: "audit_failed", Severity: finding.Error, Ref: "基本信息!B10",
			Message: "【A02】按评分规则复核的总分超过 100 分，请核对各指标的分值（指标分值与预算执行分值合计应为 100 分）：左边 111.44，右边 100，相差 11.44"}},
		{"fiscal execution above the fiscal funds", pipelinetest.Set("资金情况", "C4", 9900), report.FindingReport{Code: "audit_failed", Severity: finding.Warning, Ref: "资金情况!C4",
			Message: "【A03】财政拨款全年执行数超过了决算中可用的财政拨款（本年财政拨款收入加年初财政拨款结转和结余），请核对：左边 9900，右边 9893.12，相差 6.88"}},
		{"more staff than posts", many(pipelinetest.Set("基本信息", "B14", 181), pipelinetest.Set("基本信息", "B17", 128)), report.FindingReport{Code: "audit_failed", Severity: finding.Warning, Ref: "基本信息!B14",
			Message: "【A04】实有人数超过核定编制，请核实是否超编，或编制数、人数填写有误：左边 181，右边 179，相差 2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := auditFindings(pipelinetest.ProcessFile(t, pipelinetest.Mutated(t, tc.change), nil))
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("audit findings:\n  %+v\nwant:\n  %+v", got, tc.want)
			}
		})
	}
}

func TestAuditSeverityOverride(t *testing.T) {
	rb, err := rulebook.ParseRulebook("sev.yaml", []byte("id: sev\nname: 测试\nseverity: {audit_failed: info}\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := auditFindings(pipelinetest.ProcessFile(t, pipelinetest.Mutated(t, pipelinetest.Set("决算收支", "B14", 500)), rb))
	if len(got) != 1 || got[0].Severity != finding.Info {
		t.Errorf("audit findings %+v, want one, info: the rulebook's severity map wins", got)
	}
}

// TestAuditAcceptance is the test: a rule added in the YAML alone
// catches an inconsistency that no built-in check sees. The year-end
// carry-over is money the department still holds, so it cannot exceed its
// current assets; the mutated workbook moves assets from current to
// non-current, keeping their sum, so nothing else changes.
func TestAuditAcceptance(t *testing.T) {
	yaml := string(rulebook.DefaultRulebookYAML()) + `  - id: A05
    expr: 基本信息.流动资产 >= 决算收支.年末财政拨款结转和结余 + 决算收支.年末其他资金结转和结余
    tolerance: 0.01
    severity: warning
    message: 流动资产少于年末结转和结余，结转资金应体现在流动资产中，请核对
`
	rb, err := rulebook.ParseRulebook("local.yaml", []byte(yaml))
	if err != nil {
		t.Fatalf("ParseRulebook: %v", err)
	}
	if got := auditFindings(pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, rb)); len(got) > 0 {
		t.Errorf("the seed under the extended rulebook: audit findings %v, want none", got)
	}
	path := pipelinetest.Mutated(t, func(f *excelize.File) error {
		if err := f.SetCellValue("基本信息", "B19", 300); err != nil {
			return err
		}
		return f.SetCellValue("基本信息", "B20", 17270.36)
	})
	base := pipelinetest.ProcessFile(t, path, nil)
	if got := auditFindings(base); len(got) > 0 {
		t.Errorf("the mutated workbook under the default rulebook: audit findings %v, want none", got)
	}
	rep := pipelinetest.ProcessFile(t, path, rb)
	want := report.FindingReport{Code: "audit_failed", Severity: finding.Warning, Ref: "基本信息!B19",
		Message: "【A05】流动资产少于年末结转和结余，结转资金应体现在流动资产中，请核对：左边 300，右边 440.99，相差 140.99"}
	if got := auditFindings(rep); len(got) != 1 || got[0] != want {
		t.Errorf("audit findings:\n  %+v\nwant:\n  %+v", got, want)
	}
	// The new rule is the only difference.
	if len(rep.Findings) != len(base.Findings)+1 {
		t.Errorf("findings %v, want those of the default rulebook %v and the audit", pipelinetest.FindingKeys(rep), pipelinetest.FindingKeys(base))
	}
}

func TestAuditFullWidth(t *testing.T) {
	s := auditSheet(t, pipelinetest.SeedWorkbook)
	const b = "资金情况.年度资金总额.预算数" // 10343.6719
	const e = "资金情况.年度资金总额.执行数"
	for _, tc := range []struct {
		expr, ascii string
	}{
		{b + " ≤ " + e, b + " <= " + e},
		{b + " ≥ " + e, b + " >= " + e},
		{b + " ≠ " + e, b + " != " + e},
		{b + " ＞＝ " + e, b + " >= " + e},
		{b + " ＜ " + e, b + " < " + e},
		{"（" + b + " － ０．６７１９） ＝＝ １０３４３", "(" + b + " - 0.6719) == 10343"},
		{b + " × ２ ÷ ２ ＝＝ １０３４３．６７１９", b + " * 2 / 2 == 10343.6719"},
		{"sum（资金情况．财政拨款．预算数，资金情况.其他资金.预算数）　＝＝　" + b, "sum(资金情况.财政拨款.预算数, 资金情况.其他资金.预算数) == " + b},
		{b + " − 1 ≥ 0 且 1 > 0", ""}, // 且 stays an error
	} {
		if tc.ascii == "" {
			if _, err := auditOf(tc.expr, "0"); err == nil {
				t.Errorf("compile %q: nil error", tc.expr)
			}
			continue
		}
		got, want := evalAudit(t, s, tc.expr, "0"), evalAudit(t, s, tc.ascii, "0")
		if got != want {
			t.Errorf("%s: %+v, want %+v as %s", tc.expr, got, want, tc.ascii)
		}
	}
}
