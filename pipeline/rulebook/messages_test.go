package rulebook

import (
	"strings"
	"testing"
)

// englishLeaks are words of expr's and goccy's messages that must not reach
// an officer.
var englishLeaks = []string{
	"unexpected", "token", "mapping", "could not", "unrecognized", "already defined",
	"literal", "invalid", "syntax", "Operator", "Identifier", "Bracket", "EOF", "expected",
	"character", "found", "interface", "conversion",
}

// assertRulebookMessage parses data as f.yaml and wants exactly want as the
// whole error, with none of the libraries' English in it.
func assertRulebookMessage(t *testing.T, data, want string) {
	t.Helper()
	_, err := ParseRulebook("f.yaml", []byte(data))
	if err == nil {
		t.Fatalf("ParseRulebook(%q) = nil error, want %q", data, want)
	}
	if got := err.Error(); got != want {
		t.Errorf("ParseRulebook(%q) error\n got  %s\n want %s", data, got, want)
	}
	for _, w := range englishLeaks {
		if strings.Contains(err.Error(), w) {
			t.Errorf("error %q leaks %q", err, w)
		}
	}
}

// Names used by the audit expression cases.
const (
	msgA = "资金情况.年度资金总额.预算数" // 15 characters
	msgB = "资金情况.年度资金总额.执行数"
	msgC = "资金情况.财政拨款.预算数"
)

// auditYAML is a rulebook whose one audit F1 has expr on line 5.
func auditYAML(expr string) string {
	return "id: t\nname: 测试\naudits:\n  - id: F1\n    expr: " + expr + "\n    message: m\n"
}

func TestAuditExprMessages(t *testing.T) {
	const at = "f.yaml:5: 审核公式 F1 的 expr 写法有误"
	for _, tc := range []struct {
		name, expr, want string
	}{
		{"single equals", msgA + " = " + msgB + " + " + msgC,
			at + "（第 17 个字符附近）：相等请写 ==，单独一个“=”不是比较"},
		{"full-width single equals", msgA + " ＝ " + msgB + " + " + msgC,
			at + "（第 17 个字符附近）：相等请写 ==，单独一个“＝”不是比较"},
		{"equals then less", msgA + " =< " + msgB,
			at + "（第 17 个字符附近）：小于或等于请写 <="},
		{"equals then greater", msgA + " => " + msgB,
			at + "（第 17 个字符附近）：大于或等于请写 >="},
		{"less greater", msgA + " <> " + msgB,
			at + "（第 18 个字符附近）：不等于请写 !="},
		// The column counts what the officer wrote: ≤ is one character.
		{"column after a normalised operator", msgA + " ≤ " + msgB + " = " + msgC,
			at + "（第 35 个字符附近）：相等请写 ==，单独一个“=”不是比较"},
		{"且", msgA + " <= " + msgB + " 且 1 > 0", at + "（第 36 个字符附近）：“且”请写成 and"},
		{"并且", msgA + " <= " + msgB + " 并且 1 > 0", at + "（第 36 个字符附近）：“并且”请写成 and"},
		{"或", msgA + " <= " + msgB + " 或 1 > 0", at + "（第 36 个字符附近）：“或”请写成 or"},
		{"unclosed bracket", "(" + msgA + " <= " + msgB, at + "（第 35 个字符附近）：公式不完整，或括号不成对"},
		{"unclosed full-width bracket", "（" + msgA + " <= " + msgB, at + "（第 35 个字符附近）：公式不完整，或括号不成对"},
		{"trailing plus", msgA + " <= " + msgB + " +", at + "（第 36 个字符附近）：公式不完整，或括号不成对"},
		{"extra closing bracket", msgA + " <= " + msgB + ")", at + "（第 35 个字符附近）：括号不成对，多了一个“)”"},
		{"extra full-width closing bracket", msgA + " <= " + msgB + "）", at + "（第 35 个字符附近）：括号不成对，多了一个“）”"},
		{"percent sign", "资金情况.年度资金总额.执行率 >= 90%",
			at + "（第 22 个字符附近）：公式中的百分数不带 %，“90%”请写成 90"},
		{"two names", msgA + " " + msgB, at + "（第 17 个字符附近）：此处不应出现“资金情况”"},
		{"unclosed quote", msgA + ` == "abc`, at + "（第 20 个字符附近）：引号不成对"},
		{"bad number", msgA + " == 1e", at + "（第 21 个字符附近）：数字“1e”写法有误"},
		{"ideographic full stop", "资金情况.年度资金总额。预算数 > 0",
			at + "（第 12 个字符附近）：公式中不能用“。”，名称各段之间请用半角点 ."},
		{"enumeration comma", "sum(" + msgA + "、" + msgB + ") > 0",
			at + "（第 20 个字符附近）：公式中不能用“、”，函数的各项之间请用半角逗号 ,"},
		{"unknown character", msgA + " == 1 @ 2", at + "（第 22 个字符附近）：无法识别的字符“@”"},
		{"full-width percent sign", "资金情况.年度资金总额.执行率 ＞＝ ９０％",
			at + "（第 22 个字符附近）：公式中的百分数不带 %，“９０％”请写成 90"},
		{"token out of place", msgA + " == 1 1", at + "（第 22 个字符附近）：此处不应出现“1”"},
		{"other error", msgA + " == 1 /* 注释", at + "（第 27 个字符附近）：公式写法有误"},
		{"operator apart", msgA + " < = " + msgB, at + "（第 19 个字符附近）：小于或等于请写 <=，中间不要空格"},
		{"not equals apart", msgA + " ! = " + msgB, at + "（第 17 个字符附近）：不等于请写 !=，中间不要空格"},
		{"and on numbers", msgA + " and " + msgB,
			at + "（第 17 个字符附近）：“and”只能连接比较式（如 A <= B and C > 0），不能用在数值上"},
		{"condition of numbers", "'" + msgA + " ? 1 : 2'", at + "（第 1 个字符附近）：“? :”前面应是比较式（如 A > 0 ? B : C），这里是数值"},
		{"long number", msgA + " == 12345678901234567890123", at + "（第 42 个字符附近）：数字“12345678901234567890123”位数太多"},
		// expr panics compiling the first and fails running the second.
		{"abs of two", "abs(" + msgA + ", " + msgB + ") > 0", "f.yaml:5: 审核公式 F1 有误：函数“abs”只能写一项，如 abs(A - B)"},
		{"max of none", "max() > " + msgA, "f.yaml:5: 审核公式 F1 有误：函数“max”至少要写一项，各项之间用半角逗号分开"},
		{"index", msgA + "[0] == 1",
			"f.yaml:5: 审核公式 F1 有误：不支持下标和“?.”（如 […]），请直接写单元格名称"},
		{"unknown name", "资金情况.年度资金总额.执行 > 0",
			"f.yaml:5: 审核公式 F1 有误：未知的单元格名称“资金情况.年度资金总额.执行”，是不是“资金情况.年度资金总额.执行数”？" +
				"（可用：资金情况.年度资金总额.预算数、资金情况.年度资金总额.执行数、资金情况.年度资金总额.分值、" +
				"资金情况.年度资金总额.执行率、资金情况.年度资金总额.得分、资金情况.年度资金总额.计算执行率）"},
		{"unknown name after a normalised operator", msgA + " ≥ 资金情况.年度资金总额.执行",
			"f.yaml:5: 审核公式 F1 有误：未知的单元格名称“资金情况.年度资金总额.执行”，是不是“资金情况.年度资金总额.执行数”？" +
				"（可用：资金情况.年度资金总额.预算数、资金情况.年度资金总额.执行数、资金情况.年度资金总额.分值、" +
				"资金情况.年度资金总额.执行率、资金情况.年度资金总额.得分、资金情况.年度资金总额.计算执行率）"},
	} {
		t.Run(tc.name, func(t *testing.T) { assertRulebookMessage(t, auditYAML(tc.expr), tc.want) })
	}
}

func TestAuditExprBlockMessage(t *testing.T) {
	// A literal block starts on the line after its key; the position is in
	// the formula's own lines, counting ≤ as the one character it is.
	data := "id: t\nname: 测试\naudits:\n  - id: F1\n    message: m\n    expr: |\n      " +
		msgA + " ≤ " + msgB + "\n      且 1 > 0\n"
	assertRulebookMessage(t, data, "f.yaml:8: 审核公式 F1 的 expr 写法有误（公式第 2 行第 1 个字符附近）：“且”请写成 and")
}

// Operators and brackets copied from the forms are read as their ASCII
// counterparts, outside quoted text.
func TestAuditExprFullWidth(t *testing.T) {
	_, env := departmentNames(t)
	for _, expr := range []string{
		msgA + " ≤ " + msgB,
		msgA + " ≦ " + msgB,
		msgA + " ≥ " + msgB,
		msgA + " ≧ " + msgB,
		msgA + " ≠ " + msgB,
		msgA + " ＜＝ " + msgB,
		msgA + " ＞＝ " + msgB,
		msgA + " ＝＝ " + msgB + " ＋ " + msgC,
		msgA + " ！＝ " + msgB,
		"（" + msgA + " － " + msgB + "） × ２ ÷ ２ ＜ １００",
		"sum（" + msgA + "，" + msgB + "）　＞　０",
		"资金情况．年度资金总额．预算数 > 0",
		msgA + " − " + msgB + " >= 0",
	} {
		if err := validateAuditExpr(expr, env); err != nil {
			t.Errorf("validateAuditExpr(%q): %v", expr, err)
		}
		if _, err := ParseRulebook("f.yaml", []byte(auditYAML(expr))); err != nil {
			t.Errorf("ParseRulebook(%q): %v", expr, err)
		}
	}
}

func TestRulebookYAMLMessages(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"duplicate key", "id: t\nname: 测试\nid: t2\n",
			"f.yaml:3: YAML 格式错误：键“id”重复出现（第 1 行已有），同一层中每个键只能写一次"},
		{"duplicate nested key", "id: t\nname: 测试\nindicators:\n  method: linear\n  method: proportional\n",
			"f.yaml:5: YAML 格式错误：键“method”重复出现（第 4 行已有），同一层中每个键只能写一次"},
		{"open brace", "id: t\nname: 测试\nindicators: {rounding: {places: 1}\n",
			"f.yaml:3: YAML 格式错误：花括号 { } 不成对"},
		{"open bracket", "id: t\nname: 测试\ngrades: [{from: 0, name: 差}\n",
			"f.yaml:3: YAML 格式错误：方括号 [ ] 不成对"},
		{"open bracket, next key", "id: t\nname: 测试\ngrades: [{from: 0, name: 差}\nseverity: {}\n",
			"f.yaml:4: YAML 格式错误：方括号 [ ] 不成对"},
		{"open quote", "id: t\nname: \"测试\n",
			"f.yaml:2: YAML 格式错误：引号不成对"},
	} {
		t.Run(tc.name, func(t *testing.T) { assertRulebookMessage(t, tc.data, tc.want) })
	}
}

func TestRulebookPercentHint(t *testing.T) {
	deduct := func(per string) string {
		return "id: t\nname: 测试\nindicators:\n  method: deduct\n  deduct: {per: " + per + ", points: 0.5}\n"
	}
	floor := func(v string) string { return "id: t\nname: 测试\nindicators:\n  floor: " + v + "\n" }
	for _, tc := range []struct {
		name, data, want string
	}{
		// deduct.per counts percentage points: 1 is one point, never 100%.
		{"per 1", deduct("1"), "f.yaml:5: indicators.deduct.per 应写成百分数，请加上百分号，如 1%，实际是“1”"},
		{"per 0.5", deduct("0.5"), "f.yaml:5: indicators.deduct.per 应写成百分数，请加上百分号，如 0.5%，实际是“0.5”"},
		{"per 5", deduct("5"), "f.yaml:5: indicators.deduct.per 应写成百分数，请加上百分号，如 5%，实际是“5”"},
		{"above 1", floor("60"), "f.yaml:4: indicators.floor 应写成百分数，请加上百分号，如 60%，实际是“60”"},
		// floor must be below 100%, so 1 can only be 1% there.
		{"exactly 1", floor("1"), "f.yaml:4: indicators.floor 应写成百分数，请加上百分号，如 1%，实际是“1”"},
		{"fraction", floor("0.6"), "f.yaml:4: indicators.floor 应写成百分数，请加上百分号，如 60%（0.6 即 60%），实际是“0.6”"},
		{"zero", floor("0"), "f.yaml:4: indicators.floor 应写成百分数，请加上百分号，如 0%，实际是“0”"},
		{"threshold", "id: t\nname: 测试\nthresholds: {target_too_low: 150}\n",
			"f.yaml:3: thresholds.target_too_low 应写成百分数，请加上百分号，如 150%，实际是“150”"},
		{"cap below", "id: t\nname: 测试\ntotal:\n  cap_by_execution: [{below: 60, max: 59}]\n",
			"f.yaml:4: total.cap_by_execution[1].below 应写成百分数，请加上百分号，如 60%，实际是“60”"},
	} {
		t.Run(tc.name, func(t *testing.T) { assertRulebookMessage(t, tc.data, tc.want) })
	}
}
