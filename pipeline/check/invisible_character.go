package check

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/template"
)

// InvisibleCharacter reports a name, level, target, actual, figure or label
// cell that holds a character Excel does not show: a control character
// (ESC, BEL …), a bidirectional control (U+200E, U+202E …) or a zero-width
// one (U+200B, the byte-order mark …). Such a cell shows other than it
// holds, so two texts that look the same may differ: a 一级指标 that reads
// 产出指标 on the screen and is not the rulebook's 产出指标, which the
// finding then says. It shows each character where it stands
// (template.Visible); what the character causes besides, an unknown level
// or an unreadable number, the other checks report. A line break
// (Alt+Enter) and a tab show in the cell and are not reported, nor are the
// free-text reasons and goals. The reader drops the zero-width characters
// from level names (template.Norm), which are then read right and not
// reported either.
var InvisibleCharacter = &Check{
	Name:  "invisible_character",
	Codes: []finding.Code{finding.InvisibleCharacter},
	Forms: allForms,
	Run:   runInvisibleCharacter,
}

func runInvisibleCharacter(p *Pass) error {
	f := p.Form.Source
	l := f.Layout
	seen := map[template.Ref]bool{} // a carried or merged cell, reported once
	report := func(c template.Cell, what string, names []string) {
		hidden := hiddenChars(c.Raw)
		if len(hidden) == 0 || seen[c.Ref] {
			return
		}
		seen[c.Ref] = true
		var list []string
		for _, r := range hidden {
			list = append(list, fmt.Sprintf("%U（%s）", r, hiddenName(r)))
		}
		shown := strings.Map(func(r rune) rune {
			if slices.Contains(hidden, r) {
				return -1
			}
			return r
		}, c.Raw)
		effect := "单元格显示的内容与实际内容不同，看起来相同的文字可能并不相同"
		if i := slices.IndexFunc(names, func(n string) bool { return template.Norm(n) == template.Norm(shown) }); i >= 0 && template.Norm(c.Raw) != template.Norm(names[i]) {
			effect = "它在 Excel 中看起来就是“" + names[i] + "”，实际却不是，因此与评分规则中的“" + names[i] + "”对不上"
		}
		these := "这个字符"
		if len(hidden) > 1 {
			these = "这些字符"
		}
		p.Reportf(finding.InvisibleCharacter, c.Ref, "%s“%s”中有看不见的字符 %s：%s；请删除%s（删除单元格内容后重新输入）", what, template.Visible(c.Raw), strings.Join(list, "、"), effect, these)
	}
	var level1, level2 []string
	for _, lv := range p.Rules.Levels {
		level1 = append(level1, lv.Name)
		level2 = append(level2, lv.Children...)
	}
	for _, fs := range []template.FieldSheet{l.Info, {Fields: l.Accounts.Fields}} {
		for _, fd := range fs.Fields {
			if c, ok := f.Fields[fd.Key]; ok {
				report(c, fd.Label, nil)
			}
		}
	}
	for _, b := range f.Budget {
		for _, col := range l.Budget.Columns {
			if c, ok := b.Cells[col.Key]; ok {
				report(c, "“"+b.Label+"”的"+col.Header, nil)
			}
		}
	}
	header := map[string]string{}
	for _, col := range l.Indicators.Columns {
		header[col.Key] = col.Header
	}
	for _, in := range f.Indicators {
		report(in.Level1, header[template.ColLevel1], level1)
		report(in.Level2, header[template.ColLevel2], level2)
		report(in.Name, header[template.ColName], nil)
		report(in.Target, header[template.ColTarget], nil)
		report(in.Actual, header[template.ColActual], nil)
		report(in.Weight, header[template.ColWeight], nil)
		report(in.SelfScore, header[template.ColSelfScore], nil)
	}
	for _, tr := range f.Totals {
		report(tr.Label, "合计行", nil)
		report(tr.Weight, "合计行的"+header[template.ColWeight], nil)
		report(tr.SelfScore, "合计行的"+header[template.ColSelfScore], nil)
	}
	for _, bd := range l.Accounts.Breakdowns {
		for _, it := range f.Breakdowns[bd.Key] {
			report(it.Label, bd.Label+"的科目", nil)
			report(it.Amount, bd.Label+"的金额", nil)
		}
	}
	return nil
}

// hiddenChars returns the characters of s that template.Visible escapes,
// each once, in order: all but the line breaks and tabs, which show in a
// cell.
func hiddenChars(s string) []rune {
	var out []rune
	for _, r := range s {
		if template.Escaped(r) && !strings.ContainsRune("\t\n\r", r) && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// hiddenName is the Chinese name of a character hiddenChars returns.
func hiddenName(r rune) string {
	switch r {
	case '\u200b':
		return "零宽空格"
	case '\u200c':
		return "零宽不连字"
	case '\u200d':
		return "零宽连字"
	case '\u2060':
		return "零宽不折行"
	case '\ufeff':
		return "字节顺序标记"
	case '\u200e':
		return "从左到右标记"
	case '\u200f':
		return "从右到左标记"
	case '\u061c':
		return "阿拉伯字母标记"
	case '\u202a':
		return "从左到右嵌入"
	case '\u202b':
		return "从右到左嵌入"
	case '\u202c':
		return "方向格式结束"
	case '\u202d':
		return "从左到右覆盖"
	case '\u202e':
		return "从右到左覆盖"
	case '\u2066':
		return "从左到右隔离"
	case '\u2067':
		return "从右到左隔离"
	case '\u2068':
		return "方向隔离"
	case '\u2069':
		return "方向隔离结束"
	case '\u00ad':
		return "软连字符"
	case '\x1b':
		return "转义符"
	case '\a':
		return "响铃符"
	case '\u2028':
		return "行分隔符"
	case '\u2029':
		return "段分隔符"
	}
	if unicode.Is(unicode.Cc, r) {
		return "控制字符"
	}
	return "格式字符"
}
