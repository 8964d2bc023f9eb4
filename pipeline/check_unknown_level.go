package pipeline

import (
	"slices"
	"strings"

	"github.com/perfeval/perfeval/template"
)

// UnknownLevel reports 一级 and 二级指标 names that the rulebook does not list,
// and a 二级指标 placed under the wrong 一级指标.
var UnknownLevel = &Check{
	Name:  "unknown_level",
	Codes: []string{"unknown_level"},
	Run:   runUnknownLevel,
}

func runUnknownLevel(p *Pass) error {
	var names []string
	for _, lv := range p.Rules.Levels {
		names = append(names, lv.Name)
	}
	for _, l := range p.Sheet.Lines {
		// A carried level was reported on the row it was written in.
		if l.Level1 == "" || l.Source.Level1Carried && l.Source.Level2Carried {
			continue
		}
		i := slices.IndexFunc(p.Rules.Levels, func(lv Level) bool { return template.Norm(lv.Name) == l.Level1 })
		if i < 0 {
			if !l.Source.Level1Carried {
				p.Reportf("unknown_level", l.Source.Level1.Ref, "一级指标“%s”不在评分规则的清单中（%s）；请从下拉列表选择", l.Source.Level1.Raw, strings.Join(names, "、"))
			}
			continue
		}
		children := p.Rules.Levels[i].Children
		if l.Level2 == "" || l.Source.Level2Carried || slices.ContainsFunc(children, func(c string) bool { return template.Norm(c) == l.Level2 }) {
			continue
		}
		p.Reportf("unknown_level", l.Source.Level2.Ref, "二级指标“%s”不属于一级指标“%s”（可选：%s）；请从下拉列表选择", l.Source.Level2.Raw, p.Rules.Levels[i].Name, strings.Join(children, "、"))
	}
	return nil
}
