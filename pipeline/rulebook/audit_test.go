package rulebook

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/perfeval/perfeval/template"
)

// departmentNames returns the audit names of the department form and the
// environment expressions compile against.
func departmentNames(t *testing.T) ([]string, *auditEnv) {
	t.Helper()
	env, err := newAuditEnv(template.Department)
	if err != nil {
		t.Fatal(err)
	}
	return env.names, env
}

func TestAuditNames(t *testing.T) {
	names, env := departmentNames(t)
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
		if err := validateAuditExpr(n+" == "+n, env); err != nil {
			t.Errorf("validateAuditExpr(%s == %s): %v", n, n, err)
		}
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
	_, env := departmentNames(t)
	for _, src := range []string{
		"资金情况.年度资金总额.预算数[0] == 1",
		"资金情况.年度资金总额.预算数[0:1] == 1",
		"abs(资金情况.年度资金总额.预算数).x == 1",
		"资金情况.年度资金总额.预算数?.x == 1",
	} {
		err := validateAuditExpr(src, env)
		var ae *auditExprError
		if !errors.As(err, &ae) || !strings.Contains(ae.Reason, "不支持下标") {
			t.Errorf("validateAuditExpr(%q) = %v, want 不支持下标", src, err)
		}
	}
}

// TestAuditSuggestSwapped: two neighbouring characters swapped count as one
// edit, so a name with two swaps still gets its "did you mean".
func TestAuditSuggestSwapped(t *testing.T) {
	names, _ := departmentNames(t)
	name := "资金情况.年度金资总额.行执数"
	if got, want := auditSuggest(name, names), "，是不是“资金情况.年度资金总额.执行数”？"; !strings.HasPrefix(got, want) {
		t.Errorf("auditSuggest(%q) = %q, want it to start with %q", name, got, want)
	}
}
