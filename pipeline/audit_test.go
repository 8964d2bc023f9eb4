package pipeline

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/expr-lang/expr/vm"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template"
)

// auditSheet reads, parses and scores a workbook under the default rulebook.
func auditSheet(t testing.TB, path string) *Sheet {
	t.Helper()
	f, err := openWorkbook(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := Parse(template.Read(f, template.Department))
	Score(s, DefaultRulebook())
	return s
}

// evalAudit compiles src with tolerance tol and evaluates it on s.
func evalAudit(t testing.TB, s *Sheet, src, tol string) auditOutcome {
	t.Helper()
	p, err := compileAudit(src, decimal.RequireFromString(tol), s.Form.Layout)
	if err != nil {
		t.Fatalf("compileAudit(%q): %v", src, err)
	}
	set := &auditSet{progs: []*auditProgram{p}, names: p.names}
	env, refs := set.env(s)
	var m vm.VM
	out, err := p.eval(&m, env, refs)
	if err != nil {
		t.Fatalf("eval(%q): %v", src, err)
	}
	return out
}

func auditFindings(r *Report) []FindingReport {
	var out []FindingReport
	for _, f := range r.Findings {
		if f.Code == "audit_failed" {
			out = append(out, f)
		}
	}
	return out
}

func TestAuditNames(t *testing.T) {
	names := AuditNames(template.Department)
	for _, want := range []string{
		"资金情况.年度资金总额.预算数", "资金情况.年度资金总额.执行数", "资金情况.年度资金总额.执行率",
		"资金情况.年度资金总额.分值", "资金情况.年度资金总额.得分", "资金情况.项目支出.计算执行率",
		"基本信息.自评总分", "基本信息.核定编制", "基本信息.实有人数", "基本信息.资产总额", "基本信息.流动资产",
		"决算收支.本年收入合计", "决算收支.年末其他资金结转和结余",
		"决算收支.按支出功能科目合计", "决算收支.按支出经济分类合计",
		"复核.指标得分合计", "复核.预算执行得分", "复核.总分",
	} {
		if !slices.Contains(names, want) {
			t.Errorf("AuditNames lacks %s", want)
		}
	}
	// One name per numeric cell of the layout, plus the computed ones.
	l := template.Department
	want := len(l.Budget.Rows)*(len(l.Budget.Columns)-1+1) + len(l.Accounts.Fields) + len(l.Accounts.Breakdowns) + 3
	for _, fd := range l.Info.Fields {
		if fd.Kind != template.KindText && fd.Kind != template.KindDate {
			want++
		}
	}
	if len(names) != want {
		t.Errorf("AuditNames has %d names, want %d: %v", len(names), want, names)
	}
	for _, n := range names {
		if strings.ContainsAny(n, "（）():：") {
			t.Errorf("name %q keeps a unit or a 其中：", n)
		}
		// Every name is usable as written.
		if err := validateAuditExpr(n + " == " + n); err != nil {
			t.Errorf("validateAuditExpr(%s == %s): %v", n, n, err)
		}
	}
}

// TestAuditValues checks that each kind of name reads the right value and
// cell of the seed.
func TestAuditValues(t *testing.T) {
	s := auditSheet(t, seedWorkbook)
	vs := auditVars(s.Form.Layout)
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
		v, ref, ok := vs.byName[tc.name].value(s)
		if !ok || !v.Equal(decimal.RequireFromString(tc.value)) || ref.String() != tc.ref {
			t.Errorf("%s = %s at %s (ok %v), want %s at %s", tc.name, v, ref, ok, tc.value, tc.ref)
		}
	}
	if _, _, ok := vs.byName["资金情况.财政拨款.分值"].value(s); ok {
		t.Error("资金情况.财政拨款.分值 is usable, want unusable: the cell is empty")
	}
}

func TestAuditDecimal(t *testing.T) {
	s := auditSheet(t, seedWorkbook)
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
		if out.skipped || out.holds != tc.holds {
			t.Errorf("%s: holds %v (skipped %v), want %v", tc.expr, out.holds, out.skipped, tc.holds)
		}
	}
}

func TestAuditTolerance(t *testing.T) {
	s := auditSheet(t, seedWorkbook)
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
		if out := evalAudit(t, s, src, tc.tol); out.skipped || out.holds != tc.holds {
			t.Errorf("%s with tolerance %s: holds %v (skipped %v), want %v", src, tc.tol, out.holds, out.skipped, tc.holds)
		}
	}
}

func TestAuditSides(t *testing.T) {
	s := auditSheet(t, seedWorkbook)
	out := evalAudit(t, s, "(资金情况.年度资金总额.预算数) == (资金情况.财政拨款.预算数 + 700)", "0.01")
	if out.holds || !out.sides || out.left.String() != "10343.6719" || out.right.String() != "10317.6719" || out.ref.String() != "资金情况!B3" {
		t.Errorf("outcome %+v, want left 10343.6719, right 10317.6719 at 资金情况!B3", out)
	}
	// Not a comparison at the top: no sides, the first name locates it.
	out = evalAudit(t, s, "基本信息.实有人数 > 200 or 基本信息.核定编制 > 200", "0")
	if out.holds || out.sides || out.ref.String() != "基本信息!B14" {
		t.Errorf("outcome %+v, want no sides at 基本信息!B14", out)
	}
}

func TestAuditSkipped(t *testing.T) {
	s := auditSheet(t, seedWorkbook)
	for _, src := range []string{
		"资金情况.年度资金总额.预算数 / (资金情况.年度资金总额.执行数 - 资金情况.年度资金总额.执行数) > 1",
		"资金情况.年度资金总额.预算数 > 0 and 资金情况.财政拨款.分值 == 99", // empty cell
	} {
		if out := evalAudit(t, s, src, "0"); !out.skipped {
			t.Errorf("%s: %+v, want skipped", src, out)
		}
	}
	// An unparseable cell in a real workbook skips the audit that names it.
	bad := auditSheet(t, mutated(t, set("决算收支", "B6", "约九千万")))
	if out := evalAudit(t, bad, "决算收支.本年收入合计 == 0", "0"); !out.skipped {
		t.Errorf("audit over an unparseable cell: %+v, want skipped", out)
	}
	rb, err := ParseRulebook("skip.yaml", []byte(`id: skip
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
	if got := auditFindings(processFile(t, seedWorkbook, rb)); len(got) > 0 {
		t.Errorf("skipped audits reported %v", got)
	}
}

func TestAuditRulebookErrors(t *testing.T) {
	for _, tc := range []struct {
		file   string
		line   int
		reason string
	}{
		{"unknown_name.yaml", 7, "审核公式 A07 有误：未知的单元格名称“资金情况.年度资金总额.预算”，是不是“资金情况.年度资金总额.预算数”？（可用：资金情况.年度资金总额.预算数、资金情况.年度资金总额.执行数、"},
		{"unknown_name_block.yaml", 12, "审核公式 A02 有误：未知的单元格名称“决算收支.年初结转和结余”"},
		{"syntax_error.yaml", 5, "审核公式 B01 的 expr 写法有误（第 "},
		{"not_boolean.yaml", 6, "审核公式 B01 有误：公式的结果是数值，应是一个比较式"},
		{"no_cell.yaml", 5, "审核公式 B01 有误：公式中没有引用任何单元格"},
		{"text_cell.yaml", 5, "审核公式 B01 有误：“基本信息.填报人”是文字或日期，不是数字，不能用于审核公式"},
		{"unknown_function.yaml", 5, "审核公式 B01 有误：没有函数“round”（可用：sum、abs、max、min）"},
		{"type_error.yaml", 5, "审核公式 B01 有误：“>=”两边应同是数值，这里是数值和文字"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "audit", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			_, err = ParseRulebook(tc.file, data)
			var re *RulebookError
			if !errors.As(err, &re) || !errors.Is(err, ErrRulebook) {
				t.Fatalf("ParseRulebook(%s) error = %v, want a *RulebookError", tc.file, err)
			}
			if re.Line != tc.line || !strings.Contains(re.Reason, tc.reason) {
				t.Errorf("error %v, want line %d and a reason containing %q", err, tc.line, tc.reason)
			}
		})
	}
}

func TestAuditProgramCache(t *testing.T) {
	rb, err := ParseRulebook("cache.yaml", []byte(string(DefaultRulebookYAML())+`  - id: C01
    expr: 基本信息.自评总分 <= 100.5
    message: 缓存测试
`))
	if err != nil {
		t.Fatal(err)
	}
	auditSets.Clear() // a cold cache, also under go test -count=2
	before := auditCompiles.Load()
	processFile(t, seedWorkbook, rb)
	first := auditCompiles.Load() - before
	// Every audit is a comparison: the whole and its two sides.
	if want := int64(3 * len(rb.Audits)); first != want {
		t.Errorf("first workbook compiled %d programs, want %d", first, want)
	}
	for range 5 {
		processFile(t, seedWorkbook, rb)
	}
	// A second copy of the same rules shares the programs.
	same, err := ParseRulebook("cache-copy.yaml", []byte(formatMust(t, rb)))
	if err != nil {
		t.Fatal(err)
	}
	processFile(t, seedWorkbook, same)
	if again := auditCompiles.Load() - before - first; again != 0 {
		t.Errorf("six more workbooks compiled %d programs, want 0", again)
	}
	// A rulebook changed after use is compiled again, not run stale.
	rb.Audits[len(rb.Audits)-1].Expr = "基本信息.自评总分 <= 90"
	rep := processFile(t, seedWorkbook, rb)
	if got := auditFindings(rep); len(got) != 1 || got[0].Ref != "基本信息!B10" {
		t.Errorf("after the change: audit findings %v, want one at 基本信息!B10", got)
	}
	if again := auditCompiles.Load() - before - first; again != int64(3*len(rb.Audits)) {
		t.Errorf("the changed rulebook compiled %d programs, want %d", again, 3*len(rb.Audits))
	}
}

// formatMust returns FormatRulebook(rb) as text.
func formatMust(t testing.TB, rb *Rulebook) string {
	t.Helper()
	out, err := FormatRulebook(rb)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestAuditDefaults checks that the seed and the blank template satisfy every
// default audit and that each default audit catches what it is for, at its
// cell, with its severity.
func TestAuditDefaults(t *testing.T) {
	for _, path := range []string{seedWorkbook, "../samples/blank-2022.xlsx"} {
		if got := auditFindings(processFile(t, path, nil)); len(got) > 0 {
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
		want   FindingReport
	}{
		{"accounts do not balance", set("决算收支", "B14", 500), FindingReport{Code: "audit_failed", Severity: "warning", Ref: "决算收支!B6",
			Message: "【A01】决算收支表收支不平衡：本年收入合计加年初结转和结余，应等于本年支出合计加年末结转和结余：左边 9893.12，右边 9952.13，相差 59.01"}},
		{"total above 100", many(set("绩效指标", "F3", 20), set("绩效指标", "G3", 20)), FindingReport{Code: "audit_failed", Severity: "error", Ref: "基本信息!B10",
			Message: "【A02】按评分规则复核的总分超过 100 分，请核对各指标的分值（指标分值与预算执行分值合计应为 100 分）：左边 111.44，右边 100，相差 11.44"}},
		{"fiscal execution above the fiscal funds", set("资金情况", "C4", 9900), FindingReport{Code: "audit_failed", Severity: "warning", Ref: "资金情况!C4",
			Message: "【A03】财政拨款全年执行数超过了决算中可用的财政拨款（本年财政拨款收入加年初财政拨款结转和结余），请核对：左边 9900，右边 9893.12，相差 6.88"}},
		{"more staff than posts", many(set("基本信息", "B14", 181), set("基本信息", "B17", 128)), FindingReport{Code: "audit_failed", Severity: "warning", Ref: "基本信息!B14",
			Message: "【A04】实有人数超过核定编制，请核实是否超编，或编制数、人数填写有误：左边 181，右边 179，相差 2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := auditFindings(processFile(t, mutated(t, tc.change), nil))
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("audit findings:\n  %+v\nwant:\n  %+v", got, tc.want)
			}
		})
	}
}

func TestAuditSeverityOverride(t *testing.T) {
	rb, err := ParseRulebook("sev.yaml", []byte("id: sev\nname: 测试\nseverity: {audit_failed: info}\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := auditFindings(processFile(t, mutated(t, set("决算收支", "B14", 500)), rb))
	if len(got) != 1 || got[0].Severity != "info" {
		t.Errorf("audit findings %+v, want one, info: the rulebook's severity map wins", got)
	}
}

// TestAuditAcceptance is the test: a rule added in the YAML alone
// catches an inconsistency that no built-in check sees. The year-end
// carry-over is money the department still holds, so it cannot exceed its
// current assets; the mutated workbook moves assets from current to
// non-current, keeping their sum, so nothing else changes.
func TestAuditAcceptance(t *testing.T) {
	yaml := string(DefaultRulebookYAML()) + `  - id: A05
    expr: 基本信息.流动资产 >= 决算收支.年末财政拨款结转和结余 + 决算收支.年末其他资金结转和结余
    tolerance: 0.01
    severity: warning
    message: 流动资产少于年末结转和结余，结转资金应体现在流动资产中，请核对
`
	rb, err := ParseRulebook("local.yaml", []byte(yaml))
	if err != nil {
		t.Fatalf("ParseRulebook: %v", err)
	}
	if got := auditFindings(processFile(t, seedWorkbook, rb)); len(got) > 0 {
		t.Errorf("the seed under the extended rulebook: audit findings %v, want none", got)
	}
	path := mutated(t, func(f *excelize.File) error {
		if err := f.SetCellValue("基本信息", "B19", 300); err != nil {
			return err
		}
		return f.SetCellValue("基本信息", "B20", 17270.36)
	})
	base := processFile(t, path, nil)
	if got := auditFindings(base); len(got) > 0 {
		t.Errorf("the mutated workbook under the default rulebook: audit findings %v, want none", got)
	}
	rep := processFile(t, path, rb)
	want := FindingReport{Code: "audit_failed", Severity: "warning", Ref: "基本信息!B19",
		Message: "【A05】流动资产少于年末结转和结余，结转资金应体现在流动资产中，请核对：左边 300，右边 440.99，相差 140.99"}
	if got := auditFindings(rep); len(got) != 1 || got[0] != want {
		t.Errorf("audit findings:\n  %+v\nwant:\n  %+v", got, want)
	}
	// The new rule is the only difference.
	if len(rep.Findings) != len(base.Findings)+1 {
		t.Errorf("findings %v, want those of the default rulebook %v and the audit", findingKeys(rep), findingKeys(base))
	}
}

func TestAuditFullWidth(t *testing.T) {
	s := auditSheet(t, seedWorkbook)
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
			if _, err := compileAudit(tc.expr, decimal.Zero, s.Form.Layout); err == nil {
				t.Errorf("compileAudit(%q) = nil error", tc.expr)
			}
			continue
		}
		got, want := evalAudit(t, s, tc.expr, "0"), evalAudit(t, s, tc.ascii, "0")
		if got != want {
			t.Errorf("%s: %+v, want %+v as %s", tc.expr, got, want, tc.ascii)
		}
	}
}

func TestAuditNormalise(t *testing.T) {
	for _, tc := range []struct {
		src, text  string
		from       []int
		quote, pct int
	}{
		{"a≤b", "a<=b", []int{0, 1, 1, 2, 3}, -1, -1},
		{"（a）＞＝１", "(a)>=1", []int{0, 1, 2, 3, 4, 5, 6}, -1, -1},
		// Quoted text stays as written; an escaped quote does not close it.
		{`a＞"（\"＞"＋'x`, `a>"（\"＞"+'x`, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 9, -1},
		{"a　≥　90％", "a >= 90%", []int{0, 1, 2, 2, 3, 4, 5, 6, 7}, -1, 7},
	} {
		n := auditNormalise(tc.src)
		if string(n.text) != tc.text || !slices.Equal(n.from, tc.from) || n.quote != tc.quote || n.percent != tc.pct {
			t.Errorf("auditNormalise(%q) = %q %v quote %d percent %d, want %q %v quote %d percent %d",
				tc.src, string(n.text), n.from, n.quote, n.percent, tc.text, tc.from, tc.quote, tc.pct)
		}
	}
}

// An expression that would fail when run is refused when the rulebook is
// loaded: an index into a decimal.
func TestAuditIndexRefused(t *testing.T) {
	for _, src := range []string{
		"资金情况.年度资金总额.预算数[0] == 1",
		"资金情况.年度资金总额.预算数[0:1] == 1",
		"abs(资金情况.年度资金总额.预算数).x == 1",
		"资金情况.年度资金总额.预算数?.x == 1",
	} {
		err := validateAuditExpr(src)
		var ae *auditExprError
		if !errors.As(err, &ae) || !strings.Contains(ae.Reason, "不支持下标") {
			t.Errorf("validateAuditExpr(%q) = %v, want 不支持下标", src, err)
		}
	}
}

// TestAuditSuggestSwapped: two neighbouring characters swapped count as one
// edit, so a name with two swaps still gets its "did you mean".
func TestAuditSuggestSwapped(t *testing.T) {
	names := AuditNames(template.Department)
	name := "资金情况.年度金资总额.行执数"
	if got, want := auditSuggest(name, names), "，是不是“资金情况.年度资金总额.执行数”？"; !strings.HasPrefix(got, want) {
		t.Errorf("auditSuggest(%q) = %q, want it to start with %q", name, got, want)
	}
}
