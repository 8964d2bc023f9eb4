package rulebook

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
)

func rbDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// rbPct is the Ratio of a percent figure: rbPct("95") holds 0.95.
func rbPct(s string) Ratio { return Ratio{decimal.RequireFromString(s).Shift(-2)} }

// seedRulebook is the default rulebook written out by hand.
func seedRulebook() *Rulebook {
	audit := func(id, expr, tol, sev, msg string) Audit {
		return Audit{ID: id, Expr: expr, Tolerance: rbDec(tol), Severity: sev, Message: msg}
	}
	return &Rulebook{
		ID:       "nanchang-2022",
		Name:     "南昌市部门整体支出绩效自评（2022年度）",
		Form:     "department",
		Reviewer: "财政局复核",
		Levels: []Level{
			{Name: "产出指标", Weight: rbDec("40"), Children: []string{"数量指标", "质量指标", "时效指标", "成本指标"}},
			{Name: "效益指标", Weight: rbDec("40"), Children: []string{"经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"}},
			{Name: "满意度指标", Weight: rbDec("10"), Children: []string{"满意度指标"}},
		},
		Budget: BudgetRule{
			Weight: rbDec("10"),
			Method: "bands",
			Floor:  rbPct("0"),
			Bands: []BudgetBand{
				{From: rbPct("95"), Score: rbDec("10")},
				{From: rbPct("90"), Score: rbDec("7")},
				{From: rbPct("80"), Score: rbDec("4")},
				{From: rbPct("0"), Score: rbDec("0")},
			},
			Rounding: Rounding{Places: 2, Mode: "half_up"},
		},
		Indicators: IndicatorRule{
			Method: Method{
				Method:   "linear",
				Floor:    rbPct("60"),
				Rounding: Rounding{Places: 2, Mode: "half_up"},
				Bands:    []ShareBand{},
			},
			Qualitative: []Qualitative{
				{Word: "达成预期指标", Share: rbPct("100")},
				{Word: "基本达成", Share: rbPct("80")},
				{Word: "部分达成", Share: rbPct("60")},
				{Word: "未达成", Share: rbPct("0")},
			},
			Overrides:     []Override{},
			LowerIsBetter: []string{"成本控制率", "结余率", "投诉率", "发生率", "事故率", "差错率", "超支率"},
		},
		Total:      TotalRule{DeclaredPlaces: 0, CapByExecution: []Cap{}},
		Grades:     []Grade{{From: rbDec("90"), Name: "优"}, {From: rbDec("80"), Name: "良"}, {From: rbDec("60"), Name: "中"}, {From: rbDec("0"), Name: "差"}},
		Tolerances: Tolerances{Amount: rbDec("0.01"), Rate: rbDec("0.01"), Score: rbDec("0.01")},
		Thresholds: Thresholds{TargetTooLow: rbPct("150"), BudgetAdjustment: rbPct("20")},
		Severity:   map[finding.Code]finding.Severity{},
		Audits: []Audit{
			audit("A01", "决算收支.本年收入合计 + 决算收支.年初财政拨款结转和结余 + 决算收支.年初其他资金结转和结余 == 决算收支.本年支出合计 + 决算收支.年末财政拨款结转和结余 + 决算收支.年末其他资金结转和结余", "0.01", "warning", "决算收支表收支不平衡：本年收入合计加年初结转和结余，应等于本年支出合计加年末结转和结余"),
			audit("A02", "复核.总分 <= 100", "0", "error", "按评分规则复核的总分超过 100 分，请核对各指标的分值（指标分值与预算执行分值合计应为 100 分）"),
			audit("A03", "资金情况.财政拨款.执行数 <= 决算收支.一般公共预算财政拨款收入 + 决算收支.政府性基金预算财政拨款收入 + 决算收支.年初财政拨款结转和结余", "0.01", "warning", "财政拨款全年执行数超过了决算中可用的财政拨款（本年财政拨款收入加年初财政拨款结转和结余），请核对"),
			audit("A04", "基本信息.实有人数 <= 基本信息.核定编制", "0", "warning", "实有人数超过核定编制，请核实是否超编，或编制数、人数填写有误"),
		},
	}
}

// rulebookDiff lists the differences between two rulebooks, comparing
// decimals with Equal and ignoring where they came from (Source, Audit.Line).
func rulebookDiff(got, want *Rulebook) []string {
	var diffs []string
	rbDiffValue("Rulebook", reflect.ValueOf(got).Elem(), reflect.ValueOf(want).Elem(), &diffs)
	return diffs
}

var rbDecimalType = reflect.TypeFor[decimal.Decimal]()

func rbDiffValue(path string, got, want reflect.Value, diffs *[]string) {
	if got.Type() == rbDecimalType {
		g, w := got.Interface().(decimal.Decimal), want.Interface().(decimal.Decimal)
		if !g.Equal(w) {
			*diffs = append(*diffs, fmt.Sprintf("%s = %s, want %s", path, g, w))
		}
		return
	}
	switch got.Kind() {
	case reflect.Struct:
		for i := range got.NumField() {
			f := got.Type().Field(i)
			if f.Name == "Source" || f.Name == "SHA256" || f.Name == "Line" || !f.IsExported() {
				continue
			}
			rbDiffValue(path+"."+f.Name, got.Field(i), want.Field(i), diffs)
		}
	case reflect.Slice:
		if got.Len() != want.Len() {
			*diffs = append(*diffs, fmt.Sprintf("%s has %d items, want %d: %v, want %v", path, got.Len(), want.Len(), got, want))
			return
		}
		for i := range got.Len() {
			rbDiffValue(fmt.Sprintf("%s[%d]", path, i), got.Index(i), want.Index(i), diffs)
		}
	case reflect.Map:
		if got.Len() != want.Len() {
			*diffs = append(*diffs, fmt.Sprintf("%s = %v, want %v", path, got, want))
			return
		}
		for _, k := range want.MapKeys() {
			g := got.MapIndex(k)
			if !g.IsValid() {
				*diffs = append(*diffs, fmt.Sprintf("%s lacks key %v", path, k))
				continue
			}
			rbDiffValue(fmt.Sprintf("%s[%v]", path, k), g, want.MapIndex(k), diffs)
		}
	default:
		if !reflect.DeepEqual(got.Interface(), want.Interface()) {
			*diffs = append(*diffs, fmt.Sprintf("%s = %#v, want %#v", path, got.Interface(), want.Interface()))
		}
	}
}

func assertSameRulebook(t testing.TB, got, want *Rulebook) {
	t.Helper()
	for _, d := range rulebookDiff(got, want) {
		t.Error(d)
	}
}

func TestDefaultRulebook(t *testing.T) {
	rb := DefaultRulebook()
	assertSameRulebook(t, rb, seedRulebook())
	if rb.Source != "" {
		t.Errorf("Source = %q, want \"\"", rb.Source)
	}
	for i, a := range rb.Audits {
		if a.Line == 0 {
			t.Errorf("Audits[%d].Line = 0, want the line of %s", i, a.ID)
		}
	}
	// Each call is a fresh copy that callers may change.
	rb.Levels[0].Weight = rbDec("1")
	rb.Severity["sum_mismatch"] = finding.Info
	if again := DefaultRulebook(); !again.Levels[0].Weight.Equal(rbDec("40")) || len(again.Severity) != 0 {
		t.Error("DefaultRulebook shares state between calls")
	}
}

func TestDefaultRulebookYAML(t *testing.T) {
	text := DefaultRulebookYAML()
	if !bytes.Contains(text, []byte("# ")) {
		t.Error("DefaultRulebookYAML has no comments")
	}
	rb, err := ParseRulebook("default_rulebook.yaml", text)
	if err != nil {
		t.Fatalf("ParseRulebook(DefaultRulebookYAML()): %v", err)
	}
	assertSameRulebook(t, rb, seedRulebook())
	text[0] = 'X'
	if DefaultRulebookYAML()[0] == 'X' {
		t.Error("DefaultRulebookYAML returns the embedded bytes, not a copy")
	}
}

func TestRulebookRoundTrip(t *testing.T) {
	full, err := LoadRulebook(filepath.Join("testdata", "rulebooks", "full.yaml"))
	if err != nil {
		t.Fatalf("LoadRulebook(full.yaml): %v", err)
	}
	tricky := DefaultRulebook()
	tricky.ID = "true"
	tricky.Name = "名称: 带冒号 #井号 \"引号\" 'single' [括号] {花括号}, 逗号"
	tricky.Levels[0].Name = "- 产出: 指标"
	tricky.Levels[0].Children[0] = "0.5"
	tricky.Indicators.Qualitative[0].Word = "达成, 预期"
	tricky.Audits[0].Message = "第一行\n第二行\t制表符 \\ 反斜杠"
	tricky.Audits[0].Expr = `资金情况.年度资金总额.执行数 >= 0 and "a: #b" != ''`

	for _, tc := range []struct {
		name string
		rb   *Rulebook
	}{
		{"default", DefaultRulebook()},
		{"full", full},
		{"tricky", tricky},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := FormatRulebook(tc.rb)
			if err != nil {
				t.Fatalf("FormatRulebook: %v", err)
			}
			back, err := ParseRulebook("formatted.yaml", out)
			if err != nil {
				t.Fatalf("ParseRulebook(FormatRulebook(rb)): %v\n%s", err, out)
			}
			if diffs := rulebookDiff(back, tc.rb); len(diffs) > 0 {
				t.Errorf("round trip differs:\n%s\nformatted:\n%s", strings.Join(diffs, "\n"), out)
			}
			viaYAML, err := tc.rb.MarshalYAML()
			if err != nil || !bytes.Equal(viaYAML, out) {
				t.Errorf("MarshalYAML() = %q, %v; want FormatRulebook's output", viaYAML, err)
			}
		})
	}
}

func TestFormatRulebookShape(t *testing.T) {
	out, err := FormatRulebook(DefaultRulebook())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"id: nanchang-2022\n",
		"levels:\n  产出指标: {weight: 40, children: [数量指标, 质量指标, 时效指标, 成本指标]}\n  效益指标: {weight: 40,",
		"  bands: [{from: 95%, score: 10}, {from: 90%, score: 7}, {from: 80%, score: 4}, {from: 0%, score: 0}]\n",
		"  floor: 60%\n",
		"  rounding: {places: 2, mode: half_up}\n",
		"  qualitative: {达成预期指标: 100%, 基本达成: 80%, 部分达成: 60%, 未达成: 0%}\n",
		"  overshoot: {}\n",
		"grades: [{from: 90, name: 优}, {from: 80, name: 良}, {from: 60, name: 中}, {from: 0, name: 差}]\n",
		"tolerances: {amount: 0.01, rate: 0.01, score: 0.01}\n",
		"thresholds: {target_too_low: 150%, budget_adjustment: 20%}\n",
		"severity: {}\n",
		"audits:\n  - id: A01\n    expr: 决算收支.本年收入合计 + 决算收支.年初财政拨款结转和结余 + 决算收支.年初其他资金结转和结余 == 决算收支.本年支出合计 + 决算收支.年末财政拨款结转和结余 + 决算收支.年末其他资金结转和结余\n    tolerance: 0.01\n    severity: warning\n",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("FormatRulebook(DefaultRulebook()) lacks %q; got:\n%s", want, out)
		}
	}
}

func TestParseRulebookOverride(t *testing.T) {
	path := filepath.Join("testdata", "rulebooks", "override.yaml")
	rb, err := LoadRulebook(path)
	if err != nil {
		t.Fatalf("LoadRulebook(%s): %v", path, err)
	}
	want := seedRulebook()
	want.ID = "example-2023"
	want.Name = "某市部门整体支出绩效自评（2023年度）"
	want.Indicators.Method.Method = "proportional"
	want.Indicators.Rounding = Rounding{Places: 0, Mode: "floor"}
	want.Indicators.Overrides = []Override{{Match: "满意度", Method: Method{Method: "pass_fail"}}}
	want.Total.CapByExecution = []Cap{{Below: rbPct("60"), Max: rbDec("59")}, {Below: rbPct("70"), Max: rbDec("69")}}
	want.Severity = map[finding.Code]finding.Severity{"self_score_mismatch": finding.Info}
	assertSameRulebook(t, rb, want)
	if rb.Source != path {
		t.Errorf("Source = %q, want %q", rb.Source, path)
	}
}

// An override's rounding takes what it leaves out from indicators.rounding.
func TestParseRulebookOverrideRounding(t *testing.T) {
	rb, err := LoadRulebook(filepath.Join("testdata", "rulebooks", "override_rounding.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []Rounding{{Places: 1, Mode: "floor"}, {Places: 0, Mode: "half_up"}} {
		if got := rb.Indicators.Overrides[i].Rounding; got != want {
			t.Errorf("Overrides[%d].Rounding = %+v, want %+v", i, got, want)
		}
	}
}

func TestParseRulebookFull(t *testing.T) {
	rb, err := LoadRulebook(filepath.Join("testdata", "rulebooks", "full.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	bands := []ShareBand{{rbPct("100"), rbPct("100")}, {rbPct("80"), rbPct("80")}, {rbPct("60"), rbPct("60")}, {rbPct("0"), rbPct("0")}}
	checks := []struct {
		name      string
		got, want any
	}{
		{"Name", rb.Name, "全功能: 测试规则 #1"},
		{"Form", rb.Form, "department"},
		{"Budget.Method", rb.Budget.Method, "linear"},
		{"Budget.Bands (default kept)", len(rb.Budget.Bands), 4},
		{"Indicators.Bands", len(rb.Indicators.Bands), 4},
		{"Overrides[1].Bands (alias)", len(rb.Indicators.Overrides[1].Bands), len(bands)},
		{"Overrides[2].Rounding (inherited)", rb.Indicators.Overrides[2].Rounding, Rounding{}},
		{"Qualitative[1].Word", rb.Indicators.Qualitative[1].Word, "基本完成"},
		{"Audits[1].Severity (default)", rb.Audits[1].Severity, "error"},
		{"Audits[1].Expr", rb.Audits[1].Expr, `资金情况.基本支出.预算数 + 资金情况.项目支出.预算数 >= 0 && "x#y" != ""`},
		{"Audits[0].Line", rb.Audits[0].Line, 46},
		{"Audits[1].Line", rb.Audits[1].Line, 50},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
	for i, b := range bands {
		if got := rb.Indicators.Overrides[1].Bands[i]; !got.From.Equal(b.From.Decimal) || !got.Share.Equal(b.Share.Decimal) {
			t.Errorf("Overrides[1].Bands[%d] = %v, want %v", i, got, b)
		}
	}
	if got := rb.Indicators.Qualitative[1].Share; !got.Equal(rbDec("0.855")) {
		t.Errorf("Qualitative[1].Share = %s, want 0.855", got)
	}
}

func TestParseRulebookErrors(t *testing.T) {
	for _, tc := range []struct {
		file   string
		line   int
		reason string // a part of the reason
	}{
		{"bad_method.yaml", 4, "indicators.method 的值“lineer”无效，应为 linear、proportional、bands、deduct 或 pass_fail 之一"},
		{"unknown_key.yaml", 5, "budget 下没有“methd”这一项，是不是“method”？"},
		{"percent_without_sign.yaml", 5, "indicators.floor 应写成百分数，请加上百分号，如 60%"},
		{"weights_110.yaml", 4, "之和为 110（产出指标 50 + 效益指标 40 + 满意度指标 10 + 预算执行 10），应为 100"},
		{"bad_severity.yaml", 5, "severity.target_too_low 的值“fatal”无效，应为 info、warning 或 error 之一"},
		{"bad_audit_severity.yaml", 6, "audits[1].severity 的值“critical”无效"},
		{"unknown_code.yaml", 5, "“slef_score_mismatch”不是已知的问题代码"},
		{"bad_audit_expr.yaml", 6, "审核公式 B01 的 expr 写法有误"},
		{"bad_audit_expr_block.yaml", 7, "审核公式 B01 的 expr 写法有误（公式第 2 行"},
		{"duplicate_audit_id.yaml", 7, "审核公式编号“B01”重复：第 4 行已经用过"},
		{"syntax_error.yaml", 5, "YAML 格式错误"},
		{"missing_id.yaml", 3, "缺少 id"},
		{"tab_indent.yaml", 4, "Tab"},
		{"duplicate_key.yaml", 6, "键“method”重复出现（第 4 行已有）"},
		{"audit_single_equals.yaml", 6, "（第 17 个字符附近）：相等请写 ==，单独一个“=”不是比较"},
		{"audit_chinese_and.yaml", 6, "“且”请写成 and"},
		{"flow_mapping_open.yaml", 3, "花括号 { } 不成对"},
		{"deduct_per_plain.yaml", 5, "indicators.deduct.per 应写成百分数，请加上百分号，如 1%，"},
		{"grades_unsorted.yaml", 6, "grades 应按 from 从高到低排列"},
		{"bands_unsorted.yaml", 7, "budget.bands 应按 from 从高到低排列"},
		{"bands_missing.yaml", 4, "method 为 bands 时须填写 bands"},
		{"fullwidth_colon.yaml", 1, "半角"},
		{"negative_tolerance.yaml", 3, "tolerances.amount 不能为负数"},
		{"rounding_places.yaml", 4, "indicators.rounding.places 应为 0 到 4 的整数"},
		{"rounding_mode.yaml", 6, "indicators.rounding.mode 的值“round”无效，应为 half_up、floor 或 ceil 之一"},
		{"gbk.yaml", 2, "UTF-8"},
		{"utf16.yaml", 1, "文件是 UTF-16 编码（记事本中的“Unicode”），请在记事本中“另存为”并选择 UTF-8 编码"},
		{"cap_missing_max.yaml", 6, "total.cap_by_execution 第 2 项缺少 max（总分上限），如 {below: 60%, max: 59}"},
		{"fullwidth_indent.yaml", 4, "第 4 行用全角空格缩进，请改用半角空格"},
		{"fullwidth_comma.yaml", 5, "用了全角逗号“，”，请改为半角“,”"},
		{"duplicate_match.yaml", 6, "indicators.overrides 第 2 项的 match“完成时间（2022年12月31日）”与第 1 项相同"},
		{"duplicate_grade.yaml", 5, "grades 第 2 档的名称“优”与第 1 档重复"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", "rulebooks", tc.file)
			rb, err := LoadRulebook(path)
			if err == nil {
				t.Fatalf("LoadRulebook(%s) = %+v, want an error", tc.file, rb)
			}
			if !errors.Is(err, ErrRulebook) {
				t.Errorf("errors.Is(%v, ErrRulebook) = false", err)
			}
			var re *RulebookError
			if !errors.As(err, &re) {
				t.Fatalf("error %v is not a *RulebookError", err)
			}
			if re.File != path || re.Line != tc.line {
				t.Errorf("error at %s:%d, want %s:%d (%v)", re.File, re.Line, path, tc.line, err)
			}
			if !strings.Contains(re.Reason, tc.reason) {
				t.Errorf("reason %q does not contain %q", re.Reason, tc.reason)
			}
			if !strings.ContainsFunc(re.Reason, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Errorf("reason %q is not Chinese", re.Reason)
			}
			// The libraries' English stays out of what the officer reads.
			for _, english := range englishLeaks {
				if strings.Contains(re.Reason, english) {
					t.Errorf("reason %q leaks %q", re.Reason, english)
				}
			}
			if prefix := fmt.Sprintf("%s:%d: ", path, tc.line); !strings.HasPrefix(re.Error(), prefix) {
				t.Errorf("Error() = %q, want prefix %q", re.Error(), prefix)
			}
		})
	}
}

func TestParseRulebookFullWidthAudit(t *testing.T) {
	// ≤ copied from a form reads as <=.
	rb, err := LoadRulebook(filepath.Join("testdata", "rulebooks", "audit_fullwidth_ok.yaml"))
	if err != nil {
		t.Fatalf("LoadRulebook(audit_fullwidth_ok.yaml): %v", err)
	}
	if got, want := rb.Audits[0].Expr, "资金情况.年度资金总额.执行数 ≤ 资金情况.年度资金总额.预算数"; got != want {
		t.Errorf("Audits[0].Expr = %q, want %q as written", got, want)
	}
}

func TestParseRulebookSeveralErrors(t *testing.T) {
	data := "id: x\nname: y\nform: projekt\nbudget:\n  method: tiers\n"
	_, err := ParseRulebook("r.yaml", []byte(data))
	want := "r.yaml:3: form 的值“projekt”无效，应为 department 或 project 之一\n" +
		"r.yaml:5: budget.method 的值“tiers”无效，应为 bands、proportional 或 linear 之一"
	if err == nil || err.Error() != want {
		t.Errorf("ParseRulebook(%q) error = %v, want %v", data, err, want)
	}
}

func TestParseRulebookTolerantInput(t *testing.T) {
	// A Windows editor's byte-order mark and CRLF, a full-width percent sign,
	// spaces inside a percent, and the list form of a flow list.
	data := "\xEF\xBB\xBFid: win\r\nname: 测试\r\nindicators:\r\n  floor: 55 ％\r\ngrades:\r\n  - from: 60\r\n    name: 合格\r\n  - from: 0\r\n    name: 不合格\r\n"
	rb, err := ParseRulebook("win.yaml", []byte(data))
	if err != nil {
		t.Fatalf("ParseRulebook: %v", err)
	}
	if !rb.Indicators.Floor.Equal(rbDec("0.55")) {
		t.Errorf("Indicators.Floor = %s, want 0.55", rb.Indicators.Floor)
	}
	if got := rb.Grade(rbDec("59.99")); got != "不合格" {
		t.Errorf("Grade(59.99) = %q, want 不合格", got)
	}
}

func TestLoadRulebookMissingFile(t *testing.T) {
	_, err := LoadRulebook(filepath.Join("testdata", "rulebooks", "no_such_file.yaml"))
	if !errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrRulebook) {
		t.Errorf("LoadRulebook(missing) error = %v, want fs.ErrNotExist and not ErrRulebook", err)
	}
}

func TestRulebookGrade(t *testing.T) {
	rb := DefaultRulebook()
	for _, tc := range []struct {
		total, want string
	}{
		{"100", "优"}, {"94.44", "优"}, {"90", "优"}, {"89.99", "良"}, {"80", "良"},
		{"60", "中"}, {"59.99", "差"}, {"0", "差"}, {"-1", ""},
	} {
		if got := rb.Grade(rbDec(tc.total)); got != tc.want {
			t.Errorf("Grade(%s) = %q, want %q", tc.total, got, tc.want)
		}
	}
}

func TestRulebookSeverityFor(t *testing.T) {
	rb, err := ParseRulebook("s.yaml", []byte("id: s\nname: 测试\nseverity: {self_score_mismatch: info, sum_mismatch: error}\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		code      finding.Code
		def, want finding.Severity
	}{
		{"self_score_mismatch", finding.Warning, finding.Info},
		{"sum_mismatch", finding.Warning, finding.Error},
		{"rate_mismatch", finding.Warning, finding.Warning},
	} {
		if got := rb.SeverityFor(tc.code, tc.def); got != tc.want {
			t.Errorf("SeverityFor(%q, %v) = %v, want %v", tc.code, tc.def, got, tc.want)
		}
	}
	var none *Rulebook
	if got := none.SeverityFor("sum_mismatch", finding.Error); got != finding.Error {
		t.Errorf("nil SeverityFor = %v, want error", got)
	}
}

// TestRulebookReviewer reads the name that heads an annotated copy's
// comments: the default's unless the file writes its own, one line of at
// most 20 characters, printed back by FormatRulebook.
func TestRulebookReviewer(t *testing.T) {
	for _, tc := range []struct {
		text, want, err string
	}{
		{"id: t\nname: 测试\n", "财政局复核", ""},
		{"id: t\nname: 测试\nreviewer: 某某区财政局绩效科\n", "某某区财政局绩效科", ""},
		{"id: t\nname: 测试\nreviewer: " + strings.Repeat("审", 21) + "\n", "", "f.yaml:3: reviewer"},
	} {
		rb, err := ParseRulebook("f.yaml", []byte(tc.text))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseRulebook(%q) error = %v, want %q", tc.text, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("ParseRulebook(%q): %v", tc.text, err)
		}
		if rb.Reviewer != tc.want {
			t.Errorf("ParseRulebook(%q).Reviewer = %q, want %q", tc.text, rb.Reviewer, tc.want)
		}
		out, err := FormatRulebook(rb)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), "reviewer: "+tc.want+"\n") {
			t.Errorf("FormatRulebook lacks reviewer: %s:\n%s", tc.want, out)
		}
	}
}
