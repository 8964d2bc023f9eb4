package check_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/perfeval/perfeval/pipeline/pipelinetest"
)

// TestInvisibleCharacter: a control, bidirectional or zero-width character
// in a name, level, target, actual or label cell is reported at the cell,
// shown where it stands; the findings it causes besides are the other
// checks'. A line break (Alt+Enter) shows in the cell and is no such
// character, nor is anything in a reason, which is free text.
func TestInvisibleCharacter(t *testing.T) {
	base := pipelinetest.ProcessFile(t, pipelinetest.SeedWorkbook, nil)
	tests := []struct {
		name        string
		sheet, cell string
		value       string
		want        []string // "severity code ref"
		says        []string // in the invisible_character message
	}{
		// A right-to-left mark makes a 一级指标 that looks right but is not:
		// the level is unknown and its weights count under no level.
		{"level with a bidi mark", "绩效指标", "A3", "产出\u200e指标",
			[]string{"warning invisible_character 绩效指标!A3", "warning unknown_level 绩效指标!A3", "error weight_sum_mismatch 绩效指标!F4"},
			[]string{"一级指标“产出〔U+200E〕指标”", "U+200E（从左到右标记）", "看起来就是“产出指标”，实际却不是", "与评分规则中的“产出指标”对不上"}},
		{"二级 with a bidi override", "绩效指标", "B3", "数量\u202e指标",
			[]string{"warning invisible_character 绩效指标!B3", "warning unknown_level 绩效指标!B3"},
			[]string{"二级指标“数量〔U+202E〕指标”", "U+202E（从右到左覆盖）", "看起来就是“数量指标”，实际却不是"}},
		// The reader drops a zero-width space from a level name: the level
		// is read right, and shows as it is.
		{"level with a zero-width space", "绩效指标", "A3", "产出\u200b指标", nil, nil},
		{"indicator name", "绩效指标", "C4", "扩种扩量\u202e电子证照",
			[]string{"warning invisible_character 绩效指标!C4"},
			[]string{"三级指标“扩种扩量〔U+202E〕电子证照”", "显示的内容与实际内容不同"}},
		// Stored as Excel stores ESC, _x001B_: excelize writes a raw control
		// character as U+FFFD.
		{"actual with a terminal escape", "绩效指标", "E4", "289种_x001B_[32m",
			[]string{"warning invisible_character 绩效指标!E4", "error unparseable_value 绩效指标!E4", "warning provisional_score 绩效指标!G4"},
			[]string{"实际完成值“289种〔U+001B〕[32m”", "U+001B（转义符）"}},
		{"target with a zero-width joiner", "绩效指标", "D13", ">=4000\u200d次",
			[]string{"warning invisible_character 绩效指标!D13"},
			[]string{"年度指标值“>=4000〔U+200D〕次”", "U+200D（零宽连字）", "显示的内容与实际内容不同"}},
		{"department name", "基本信息", "B3", "南昌市政务服务数据\u202e管理局",
			[]string{"warning invisible_character 基本信息!B3"},
			[]string{"评价部门名称“南昌市政务服务数据〔U+202E〕管理局”"}},
		{"budget amount", "资金情况", "B5", "726\u200b",
			[]string{"warning invisible_character 资金情况!B5"},
			[]string{"“其他资金”的全年预算数（万元）“726〔U+200B〕”"}},
		{"accounts label", "决算收支", "A17", "一般公共服务支出\u2066",
			[]string{"warning invisible_character 决算收支!A17"}, nil},
		{"line break in a name", "绩效指标", "C4", "扩种扩量\n电子证照", nil, nil},
		{"bidi mark in a reason", "绩效指标", "H4", "技术原因\u200f导致", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := pipelinetest.ProcessFile(t, pipelinetest.Mutated(t, pipelinetest.Set(tt.sheet, tt.cell, tt.value)), nil)
			var got []string
			var msg string
			for _, f := range pipelinetest.AddedFindings(base, rep) {
				got = append(got, f.Severity.String()+" "+string(f.Code)+" "+f.Ref)
				if f.Code == "invisible_character" {
					msg = f.Message
				}
			}
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("added findings %q, want %q", got, want)
			}
			for _, s := range tt.says {
				if !strings.Contains(msg, s) {
					t.Errorf("message %q does not say %q", msg, s)
				}
			}
		})
	}
}
