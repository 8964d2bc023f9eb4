package rulebook

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"
)

// rbHead is the required start of a test rulebook: id and name.
const rbHead = "id: t\nname: 测试\n"

// levels95 gives the 一级指标 95 points, for a budget weight of 5.
const levels95 = "levels:\n  产出指标: {weight: 45, children: [数量指标, 质量指标, 时效指标, 成本指标]}\n" +
	"  效益指标: {weight: 40, children: [经济效益指标, 社会效益指标, 生态效益指标, 可持续影响指标]}\n" +
	"  满意度指标: {weight: 10, children: [满意度指标]}\n"

// mustParseRulebook parses data as f.yaml or fails the test.
func mustParseRulebook(t *testing.T, data string) *Rulebook {
	t.Helper()
	rb, err := ParseRulebook("f.yaml", []byte(data))
	if err != nil {
		t.Fatalf("ParseRulebook(%q): %v", data, err)
	}
	return rb
}

// assertRoundTrip prints rb and wants the printed text to load back to rb.
func assertRoundTrip(t *testing.T, rb *Rulebook) []byte {
	t.Helper()
	out, err := FormatRulebook(rb)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseRulebook("printed.yaml", out)
	if err != nil {
		t.Fatalf("printed rulebook does not load: %v\n%s", err, out)
	}
	if diffs := rulebookDiff(back, rb); len(diffs) > 0 {
		t.Errorf("printed and reloaded rulebook differs:\n%s\n%s", strings.Join(diffs, "\n"), out)
	}
	return out
}

// An override's rounding takes the keys it leaves out from indicators.rounding,
// and `perfeval rules` prints the merged values.
func TestRulebookOverrideRounding(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		want       Rounding // of the override, as loaded and printed
		printed    string   // a part of the printed rulebook
	}{
		{"mode only inherits places",
			rbHead + "indicators:\n  overrides: [{match: 效率, rounding: {mode: floor}}]\n",
			Rounding{Places: 2, Mode: "floor"}, "{match: 效率, rounding: {places: 2, mode: floor}}"},
		{"places only inherits mode",
			rbHead + "indicators:\n  overrides: [{match: 效率, rounding: {places: 0}}]\n",
			Rounding{Places: 0, Mode: "half_up"}, "{match: 效率, rounding: {places: 0, mode: half_up}}"},
		{"indicators.rounding written after the overrides",
			rbHead + "indicators:\n  overrides: [{match: 效率, rounding: {mode: floor}}]\n  rounding: {places: 1, mode: ceil}\n",
			Rounding{Places: 1, Mode: "floor"}, "{match: 效率, rounding: {places: 1, mode: floor}}"},
		{"indicators.rounding merged with the default first",
			rbHead + "indicators:\n  rounding: {places: 3}\n  overrides: [{match: 效率, rounding: {mode: ceil}}]\n",
			Rounding{Places: 3, Mode: "ceil"}, "{match: 效率, rounding: {places: 3, mode: ceil}}"},
		{"both written",
			rbHead + "indicators:\n  overrides: [{match: 效率, rounding: {places: 1, mode: ceil}}]\n",
			Rounding{Places: 1, Mode: "ceil"}, "{match: 效率, rounding: {places: 1, mode: ceil}}"},
		{"empty rounding inherits both",
			rbHead + "indicators:\n  overrides: [{match: 效率, rounding: {}}]\n",
			Rounding{Places: 2, Mode: "half_up"}, "{match: 效率, rounding: {places: 2, mode: half_up}}"},
		{"no rounding inherits the whole rounding when scoring",
			rbHead + "indicators:\n  overrides: [{match: 效率, method: proportional}]\n",
			Rounding{}, "{match: 效率, method: proportional}]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rb := mustParseRulebook(t, tc.yaml)
			if got := rb.Indicators.Overrides[0].Rounding; got != tc.want {
				t.Errorf("Overrides[0].Rounding = %+v, want %+v", got, tc.want)
			}
			m, overridden := rb.Indicators.MethodFor("工作效率")
			wantScoring := tc.want
			if tc.want == (Rounding{}) {
				wantScoring = rb.Indicators.Rounding
			}
			if !overridden || m.Rounding != wantScoring {
				t.Errorf("MethodFor(工作效率) rounding = %+v (overridden %v), want %+v", m.Rounding, overridden, wantScoring)
			}
			if out := assertRoundTrip(t, rb); !bytes.Contains(out, []byte(tc.printed)) {
				t.Errorf("printed rulebook lacks %q:\n%s", tc.printed, out)
			}
		})
	}
}

// A list item or a pair that leaves out a key is an error on its line, never
// a silent 0.
func TestRulebookMissingItemKeys(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"cap without max", rbHead + "total:\n  cap_by_execution: [{below: 95%}]\n",
			"f.yaml:4: total.cap_by_execution 第 1 项缺少 max（总分上限），如 {below: 60%, max: 59}"},
		{"cap without below", rbHead + "total:\n  cap_by_execution:\n    - {below: 60%, max: 59}\n    - {max: 69}\n",
			"f.yaml:6: total.cap_by_execution 第 2 项缺少 below（执行率低于此值时总分封顶），如 {below: 60%, max: 59}"},
		{"cap empty", rbHead + "total:\n  cap_by_execution:\n    - below: 60%\n      max: 59\n    - {}\n",
			"f.yaml:7: total.cap_by_execution 第 2 项缺少 below（执行率低于此值时总分封顶）和 max（总分上限），如 {below: 60%, max: 59}"},
		{"budget band without score", rbHead + "budget:\n  bands: [{from: 95%, score: 10}, {from: 90%}, {from: 0%, score: 0}]\n",
			"f.yaml:4: budget.bands 第 2 档缺少 score（执行率达到 from 时的得分），如 {from: 95%, score: 10}"},
		{"budget band without from", rbHead + "budget:\n  bands:\n    - {from: 95%, score: 10}\n    - {score: 0}\n",
			"f.yaml:6: budget.bands 第 2 档缺少 from（执行率达到此值即得 score 分），如 {from: 95%, score: 10}"},
		{"share band without share", rbHead + "indicators:\n  method: bands\n  bands: [{from: 50%}]\n",
			"f.yaml:5: indicators.bands 第 1 档缺少 share（完成率达到 from 时得分值的几成），如 {from: 80%, share: 100%}"},
		{"share band without from", rbHead + "indicators:\n  method: bands\n  bands: [{share: 100%}]\n",
			"f.yaml:5: indicators.bands 第 1 档缺少 from（完成率达到此值即得分值的 share），如 {from: 80%, share: 100%}"},
		{"override share band", rbHead + "indicators:\n  overrides:\n    - match: 满意度\n      method: bands\n      bands:\n        - {from: 90%, share: 100%}\n        - from: 60%\n",
			"f.yaml:9: indicators.overrides[1].bands 第 2 档缺少 share（完成率达到 from 时得分值的几成），如 {from: 80%, share: 100%}"},
		{"grade without from", rbHead + "grades: [{from: 90, name: 优}, {name: 良}, {from: 0, name: 差}]\n",
			"f.yaml:3: grades 第 2 档缺少 from（总分达到此值即为该等级），如 {from: 60, name: 合格}"},
		{"grade without name", rbHead + "grades:\n  - {from: 90, name: 优}\n  - {from: 0}\n",
			"f.yaml:5: grades 第 2 档缺少 name（等级名称），如 {from: 60, name: 合格}"},
		{"deduct without points", rbHead + "indicators:\n  deduct: {per: 1%}\n",
			"f.yaml:4: indicators.deduct 缺少 points（每差 per 扣几分），如 {per: 1%, points: 0.5}"},
		{"deduct without per", rbHead + "indicators:\n  method: deduct\n  deduct:\n    points: 0.5\n",
			"f.yaml:5: indicators.deduct 缺少 per（完成率每差多少扣一次分），如 {per: 1%, points: 0.5}"},
		{"override deduct without points", rbHead + "indicators:\n  overrides: [{match: 满意度, method: deduct, deduct: {per: 2%}}]\n",
			"f.yaml:4: indicators.overrides[1].deduct 缺少 points（每差 per 扣几分），如 {per: 1%, points: 0.5}"},
		{"overshoot without points", rbHead + "indicators:\n  overshoot: {above: 130%}\n",
			"f.yaml:4: indicators.overshoot 缺少 points（扣几分），如 {above: 130%, points: 2}"},
		{"overshoot without above", rbHead + "indicators:\n  overshoot: {points: 2}\n",
			"f.yaml:4: indicators.overshoot 缺少 above（完成率超过此值即扣分），如 {above: 130%, points: 2}"},
		{"qualitative word without share", rbHead + "indicators:\n  qualitative:\n    达成: 100%\n    基本达成:\n",
			"f.yaml:6: indicators.qualitative 中“基本达成”缺少得分比例，如 基本达成: 80% 或 基本达成: {from: 80%, to: 100%}"},
	} {
		t.Run(tc.name, func(t *testing.T) { assertRulebookMessage(t, tc.yaml, tc.want) })
	}
	// Empty deduct and overshoot still mean none.
	rb := mustParseRulebook(t, rbHead+"indicators:\n  deduct: {}\n  overshoot: {}\n")
	if !rb.Indicators.Deduct.Per.IsZero() || !rb.Indicators.Overshoot.Points.IsZero() {
		t.Errorf("deduct {} and overshoot {} = %+v, %+v; want none", rb.Indicators.Deduct, rb.Indicators.Overshoot)
	}
}

// rbHintPercents finds the percents an error suggests writing: “如 150%”, “写 100%”.
var rbHintPercents = regexp.MustCompile(`(?:如|写) (-?[0-9.]+%)`)

// Every percent a hint suggests for a number written without % is a value the
// key accepts.
func TestRulebookPercentHintAccepted(t *testing.T) {
	keys := []struct {
		key  string
		yaml func(v string) string
	}{
		{"budget.floor", func(v string) string { return rbHead + "budget:\n  floor: " + v + "\n" }},
		{"budget.bands.from", func(v string) string {
			return rbHead + "budget:\n  bands: [{from: " + v + ", score: 10}]\n"
		}},
		{"indicators.floor", func(v string) string { return rbHead + "indicators:\n  floor: " + v + "\n" }},
		{"indicators.bands.from", func(v string) string {
			return rbHead + "indicators:\n  method: bands\n  bands: [{from: " + v + ", share: 100%}]\n"
		}},
		{"indicators.bands.share", func(v string) string {
			return rbHead + "indicators:\n  method: bands\n  bands: [{from: 80%, share: " + v + "}]\n"
		}},
		{"indicators.deduct.per", func(v string) string {
			return rbHead + "indicators:\n  method: deduct\n  deduct: {per: " + v + ", points: 0.5}\n"
		}},
		{"indicators.qualitative", func(v string) string { return rbHead + "indicators:\n  qualitative: {达成: " + v + "}\n" }},
		{"indicators.overshoot.above", func(v string) string {
			return rbHead + "indicators:\n  overshoot: {above: " + v + ", points: 2}\n"
		}},
		{"overrides.floor", func(v string) string {
			return rbHead + "indicators:\n  overrides: [{match: 时效, floor: " + v + "}]\n"
		}},
		{"total.cap_by_execution.below", func(v string) string {
			return rbHead + "total:\n  cap_by_execution: [{below: " + v + ", max: 59}]\n"
		}},
		{"thresholds.target_too_low", func(v string) string { return rbHead + "thresholds: {target_too_low: " + v + "}\n" }},
	}
	for _, k := range keys {
		for _, v := range []string{"0", "0.5", "0.95", "1", "1.5", "3", "20", "60", "100", "150", "1000"} {
			t.Run(k.key+"="+v, func(t *testing.T) {
				_, err := ParseRulebook("f.yaml", []byte(k.yaml(v)))
				if err == nil || !strings.Contains(err.Error(), "请加上百分号") {
					t.Fatalf("ParseRulebook(%s: %s) error = %v, want a hint to add %%", k.key, v, err)
				}
				hints := rbHintPercents.FindAllStringSubmatch(err.Error(), -1)
				if len(hints) == 0 {
					t.Fatalf("error %q suggests no percent", err)
				}
				for _, h := range hints {
					if _, err2 := ParseRulebook("f.yaml", []byte(k.yaml(h[1]))); err2 != nil {
						t.Errorf("%s: %s is hinted as %s, which is rejected: %v", k.key, v, h[1], err2)
					}
				}
			})
		}
	}
	for _, tc := range []struct {
		name, data, want string
	}{
		{"threshold as a fraction", rbHead + "thresholds: {target_too_low: 1.5}\n",
			"f.yaml:3: thresholds.target_too_low 应写成百分数，请加上百分号，如 150%（1.5 即 150%），实际是“1.5”"},
		{"threshold 1", rbHead + "thresholds: {target_too_low: 1}\n",
			"f.yaml:3: thresholds.target_too_low 应写成百分数，请加上百分号，如 150%（此项应大于 100%），实际是“1”"},
		{"overshoot as a fraction", rbHead + "indicators:\n  overshoot: {above: 1.3, points: 2}\n",
			"f.yaml:4: indicators.overshoot.above 应写成百分数，请加上百分号，如 130%（1.3 即 130%），实际是“1.3”"},
		{"floor 1 cannot be 100%", rbHead + "indicators:\n  floor: 1\n",
			"f.yaml:4: indicators.floor 应写成百分数，请加上百分号，如 1%，实际是“1”"},
		{"floor 100", rbHead + "indicators:\n  floor: 100\n",
			"f.yaml:4: indicators.floor 应写成百分数，请加上百分号，如 60%（此项应低于 100%），实际是“100”"},
		{"band from 1", rbHead + "budget:\n  bands: [{from: 1, score: 10}]\n",
			"f.yaml:4: budget.bands[1].from 应写成百分数，请加上百分号，如 1%（若 1 指 100%，写 100%），实际是“1”"},
		{"share above 100", rbHead + "indicators:\n  qualitative: {达成: 120}\n",
			"f.yaml:4: indicators.qualitative.达成 应写成百分数，请加上百分号，如 100%（此项不能超过 100%），实际是“120”"},
		{"cap below 0", rbHead + "total:\n  cap_by_execution: [{below: 0, max: 59}]\n",
			"f.yaml:4: total.cap_by_execution[1].below 应写成百分数，请加上百分号，如 60%（此项应大于 0% 且不超过 100%），实际是“0”"},
		{"per 0", rbHead + "indicators:\n  method: deduct\n  deduct: {per: 0, points: 0.5}\n",
			"f.yaml:5: indicators.deduct.per 应写成百分数，请加上百分号，如 1%（此项应大于 0%），实际是“0”"},
	} {
		t.Run(tc.name, func(t *testing.T) { assertRulebookMessage(t, tc.data, tc.want) })
	}
}

func TestRulebookDuplicateGradeName(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"flow", rbHead + "grades: [{from: 90, name: 优}, {from: 80, name: 优}, {from: 60, name: 中}, {from: 0, name: 差}]\n",
			"f.yaml:3: grades 第 2 档的名称“优”与第 1 档重复，每个等级名称只能用一次"},
		{"block", rbHead + "grades:\n  - {from: 90, name: 优}\n  - {from: 60, name: 中}\n  - from: 0\n    name: 优\n",
			"f.yaml:7: grades 第 3 档的名称“优”与第 1 档重复，每个等级名称只能用一次"},
	} {
		t.Run(tc.name, func(t *testing.T) { assertRulebookMessage(t, tc.yaml, tc.want) })
	}
}

// Override matches compare text the way the form reader does: widths, spaces
// and the kind of quotes do not matter.
func TestRulebookOverrideMatch(t *testing.T) {
	for _, tc := range []struct {
		match, name string
		want        bool
	}{
		{"完成时间(2022年12月31日)", "项目完成时间（2022年12月31日）", true},
		{"完成时间（2022年12月31日）", "完成时间(2022年12月31日)", true},
		{"“放管服”改革", "\"放管服\"改革完成率", true},
		{"\"放管服\"改革", "“放管服”改革完成率", true},
		{"‘一网通办’", "'一网通办'事项", true},
		{"满意度", "群众 满意度", true},
		{"ＡＢＣ满意度", "abc满意度", false}, // case still matters
		{"满意度", "完成率", false},
	} {
		ir := DefaultRulebook().Indicators
		ir.Overrides = []Override{{Match: tc.match, Method: Method{Method: "pass_fail"}}}
		if _, got := ir.MethodFor(tc.name); got != tc.want {
			t.Errorf("MethodFor(%q) with match %q overridden = %v, want %v", tc.name, tc.match, got, tc.want)
		}
	}
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"same match", rbHead + "indicators:\n  overrides:\n    - {match: 满意度, method: pass_fail}\n    - {match: 满意度, method: proportional}\n",
			"f.yaml:6: indicators.overrides 第 2 项的 match“满意度”与第 1 项相同，第 2 项永远用不到，请删去或与第 1 项合并"},
		{"same after normalising", rbHead + "indicators:\n  overrides:\n    - {match: \"完成时间(2022年)\", method: pass_fail}\n    - {match: 完成时间（2022年）, method: proportional}\n",
			"f.yaml:6: indicators.overrides 第 2 项的 match“完成时间（2022年）”与第 1 项相同（不计全角半角、空格和引号的差别），第 2 项永远用不到，请删去或与第 1 项合并"},
		{"earlier match inside a later one", rbHead + "indicators:\n  overrides:\n    - {match: 满意度, method: pass_fail}\n    - {match: 服务对象满意度, method: proportional}\n",
			"f.yaml:6: indicators.overrides 第 2 项的 match“服务对象满意度”含有第 1 项的“满意度”：这些指标总是先按第 1 项计分，第 2 项永远用不到；请把第 2 项移到第 1 项之前"},
	} {
		t.Run(tc.name, func(t *testing.T) { assertRulebookMessage(t, tc.yaml, tc.want) })
	}
	// The more specific match first is fine.
	mustParseRulebook(t, rbHead+"indicators:\n  overrides:\n    - {match: 服务对象满意度, method: proportional}\n    - {match: 满意度, method: pass_fail}\n")
}

// What an editor does to a file: full-width or no-break spaces for
// indentation, full-width commas in a flow list, Notepad's "Unicode".
func TestRulebookTypingMessages(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"full-width indent", rbHead + "indicators:\n\u3000\u3000method: linear\n",
			"f.yaml:4: 第 4 行用全角空格缩进，请改用半角空格"},
		{"full-width indent after spaces", rbHead + "indicators:\n  method: linear\n  \u3000floor: 60%\n",
			"f.yaml:5: 第 5 行用全角空格缩进，请改用半角空格"},
		{"no-break space indent", rbHead + "indicators:\n\u00a0\u00a0method: linear\n",
			"f.yaml:4: 第 4 行用不换行空格缩进（常见于从网页或 Word 复制的文字），请改用半角空格"},
		{"full-width indent of a list item", rbHead + "grades:\n\u3000\u3000- {from: 0, name: 差}\n",
			"f.yaml:4: 第 4 行用全角空格缩进，请改用半角空格"},
		{"full-width comma in a flow mapping", rbHead + "budget:\n  bands: [{from: 95%，score: 10}, {from: 0%, score: 0}]\n",
			"f.yaml:4: 用了全角逗号“，”，请改为半角“,”"},
		{"full-width comma in a flow list", rbHead + levels95[:len("levels:\n")] + "  产出指标: {weight: 40, children: [数量指标，质量指标]}\n",
			"f.yaml:4: 用了全角逗号“，”，请改为半角“,”"},
		{"full-width comma before a key", rbHead + "levels:\n  产出指标: {weight: 40，children: [数量指标]}\n",
			"f.yaml:4: YAML 格式错误：用了全角逗号“，”，请改为半角“,”"},
		{"full-width comma between items", rbHead + "grades: [{from: 60, name: 合格}，{from: 0, name: 不合格}]\n",
			"f.yaml:3: YAML 格式错误：用了全角逗号“，”，请改为半角“,”"},
		{"顿号 in a flow list", rbHead + "levels:\n  产出指标: {weight: 40, children: [数量指标、质量指标]}\n",
			"f.yaml:4: “数量指标、质量指标”用顿号“、”分隔了几项；列表中的各项要用半角逗号分隔，如 [数量指标, 质量指标]；若本来就是一个名称，请加引号，如 \"数量指标、质量指标\""},
		{"顿号 in a block list", rbHead + "levels:\n  产出指标:\n    weight: 40\n    children:\n      - 数量指标、质量指标\n",
			"f.yaml:7: “数量指标、质量指标”用顿号“、”分隔了几项；列表中的各项要用半角逗号分隔，如 [数量指标, 质量指标]；若本来就是一个名称，请加引号，如 \"数量指标、质量指标\""},
		// A list item's own mistake is its line's, not an indentation.
		{"bad list item", rbHead + "grades:\n  - from: 90 x: y\n    name: 优\n",
			"f.yaml:4: YAML 格式错误：请检查缩进、冒号后的空格以及括号和引号是否成对"},
		{"key indented too far", rbHead + "budget:\n  weight: 10\n   method: bands\n",
			"f.yaml:5: YAML 格式错误：这一行比上一行多缩进了 1 个空格；同一层的键要左对齐"},
		{"lone carriage return", rbHead + "indicators:\r  method: linear\n",
			"f.yaml:3: 这一行中有单独的回车符（CR，旧式苹果电脑的换行），请把文件的换行改为 Windows（CRLF）或 Unix（LF）格式后再试"},
		{"UTF-16 LE", "\xff\xfei\x00d\x00:\x00 \x00t\x00\n\x00",
			"f.yaml:1: 文件是 UTF-16 编码（记事本中的“Unicode”），请在记事本中“另存为”并选择 UTF-8 编码"},
		{"UTF-16 BE", "\xfe\xff\x00i\x00d\x00:\x00 \x00t\x00\n",
			"f.yaml:1: 文件是 UTF-16 编码（记事本中的“Unicode”），请在记事本中“另存为”并选择 UTF-8 编码"},
		{"UTF-16 LE without a mark", "i\x00d\x00:\x00 \x00t\x00\n\x00",
			"f.yaml:1: 文件是 UTF-16 编码（记事本中的“Unicode”），请在记事本中“另存为”并选择 UTF-8 编码"},
	} {
		t.Run(tc.name, func(t *testing.T) { assertRulebookMessage(t, tc.data, tc.want) })
	}
	// A full-width comma in quoted text, or in a message outside a flow list, is text.
	rb := mustParseRulebook(t, rbHead+"indicators:\n  qualitative: {\"达成，有效\": 100%, 未达成: 0%}\naudits:\n  - {id: X1, expr: 复核.总分 <= 100, message: 总分超过 100 分，请核对}\n")
	if rb.Indicators.Qualitative[0].Word != "达成，有效" || rb.Audits[0].Message != "总分超过 100 分，请核对" {
		t.Errorf("quoted or message text with ， = %q, %q", rb.Indicators.Qualitative[0].Word, rb.Audits[0].Message)
	}
	// Names with ， written in block style, or quoted with 、, print
	// quoted in flow lists, and load back.
	rb = mustParseRulebook(t, rbHead+"levels:\n  产出指标:\n    weight: 90\n    children:\n      - 数量，指标\n      - \"水、电、气保障\"\n"+
		"indicators:\n  overrides:\n    - match: 1，x\n      method: linear\n"+
		"grades:\n  - from: 0\n    name: 合格，良好\n")
	if out := assertRoundTrip(t, rb); !bytes.Contains(out, []byte(`["数量，指标", "水、电、气保障"]`)) {
		t.Errorf("printed children lack the quoted name:\n%s", out)
	}
}

func TestRulebookUnknownKeySuggestion(t *testing.T) {
	const top = "（可写的有：id、name、form、reviewer、levels、budget、indicators、total、grades、tolerances、thresholds、severity、audits）"
	const budget = "（可写的有：weight、method、floor、bands、rounding）"
	for _, tc := range []struct {
		name, data, want string
	}{
		{"short key far from any", rbHead + "base: 1\n", "f.yaml:3: 规则文件顶层没有“base”这一项" + top},
		{"two letters", rbHead + "ab: 1\n", "f.yaml:3: 规则文件顶层没有“ab”这一项" + top},
		{"one typo in a long key", rbHead + "budget:\n  methd: bands\n", "f.yaml:4: budget 下没有“methd”这一项，是不是“method”？" + budget},
		{"swapped letters", rbHead + "budget:\n  mehtod: bands\n", "f.yaml:4: budget 下没有“mehtod”这一项，是不是“method”？" + budget},
		{"swapped letters in a short key", rbHead + "grades: [{form: 0, name: 差}]\n",
			"f.yaml:3: grades[1] 下没有“form”这一项，是不是“from”？（可写的有：from、name）"},
		{"one typo in a short key", rbHead + "budget:\n  flor: 0%\n", "f.yaml:4: budget 下没有“flor”这一项，是不是“floor”？" + budget},
		{"merge key", rbHead + "budget:\n  <<: {weight: 10}\n",
			"f.yaml:4: budget 下用了合并键“<<”，规则文件不支持合并键，请把要沿用的键逐项写出"},
		{"merge key in levels", rbHead + "levels:\n  <<: {产出指标: {weight: 90, children: [数量指标]}}\n",
			"f.yaml:4: levels 下用了合并键“<<”，规则文件不支持合并键，请把要沿用的键逐项写出"},
	} {
		t.Run(tc.name, func(t *testing.T) { assertRulebookMessage(t, tc.data, tc.want) })
	}
	// A quoted "<<" is a name like any other.
	rb := mustParseRulebook(t, rbHead+"levels:\n  \"<<\": {weight: 90, children: [数量指标]}\n")
	if rb.Levels[0].Name != "<<" {
		t.Errorf("level named by a quoted << = %q", rb.Levels[0].Name)
	}
	assertRoundTrip(t, rb)
}

// The default rulebook's comments say what the checks and scoring do.
func TestDefaultRulebookComments(t *testing.T) {
	text := string(DefaultRulebookYAML())
	for _, want := range []string{
		"target_too_low：完成率超过此值视为年度指标值定得过低",
		"按实际差距折算，如差 0.34 个百分点扣 0.17 分",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("default rulebook lacks %q", want)
		}
	}
	if strings.Contains(text, "达到此值视为") {
		t.Error("default rulebook still says the threshold fires on reaching it")
	}
}

// Errors on values the file did not write say they are the default's.
func TestRulebookInheritedBands(t *testing.T) {
	assertRulebookMessage(t, rbHead+levels95+"budget: {weight: 5}\n",
		"f.yaml:7: budget.bands 第 1 档的 score 10 超过了预算执行分值 5：这些分档是默认规则的，本文件没有写 bands；"+
			"请在 budget 下写出本文件自己的 bands（各档 score 不超过 5），如 bands: [{from: 95%, score: 5}, {from: 0%, score: 0}]，或改用 method: proportional")
	assertRulebookMessage(t, rbHead+levels95+"budget:\n  weight: 5\n  bands: [{from: 95%, score: 10}, {from: 0%, score: 0}]\n",
		"f.yaml:9: budget.bands 第 1 档的 score 10 超过了预算执行分值 5")
	assertRulebookMessage(t, rbHead+"budget: {weight: 5, method: proportional}\n",
		"f.yaml:3: 各一级指标分值与预算执行分值（budget.weight）之和为 95（产出指标 40 + 效益指标 40 + 满意度指标 10 + 预算执行 5），应为 100；"+
			"本文件没有写 levels，各一级指标分值是默认规则的，请写出本文件自己的 levels，使其分值之和为 95")
	// Bands a method does not use do not matter.
	for _, method := range []string{"proportional", "linear"} {
		rb := mustParseRulebook(t, rbHead+levels95+"budget: {weight: 5, method: "+method+"}\n")
		assertRoundTrip(t, rb)
	}
}

// Every error of the new checks is a *RulebookError.
func TestRulebookItemErrorsAreRulebookErrors(t *testing.T) {
	_, err := ParseRulebook("f.yaml", []byte(rbHead+"total:\n  cap_by_execution: [{below: 95%}]\n"))
	var re *RulebookError
	if !errors.As(err, &re) || !errors.Is(err, ErrRulebook) {
		t.Errorf("error %v is not a *RulebookError", err)
	}
}
