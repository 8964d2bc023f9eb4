package check

import (
	"slices"
	"strconv"
	"strings"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/template"
)

// UnknownLevel reports 一级 and 二级指标 names that the rulebook does not list,
// a 二级指标 placed under the wrong 一级指标, and a level cell that holds
// only a weight, such as "（40分）": its name is lost, so the level the
// row is scored under is a guess, reported once at the cell as written.
var UnknownLevel = &Check{
	Name:  "unknown_level",
	Codes: []finding.Code{finding.UnknownLevel},
	Forms: allForms,
	Run:   runUnknownLevel,
}

func runUnknownLevel(p *Pass) error {
	if len(p.Rules.Levels) == 0 {
		return nil // a rulebook without levels names none to check against
	}
	var names []string
	for _, lv := range p.Rules.Levels {
		names = append(names, lv.Name)
	}
	unnamed := map[template.Ref]bool{} // label cells that lost their name, reported once each
	for _, l := range p.Form.Lines {
		src := l.Source
		i := slices.IndexFunc(p.Rules.Levels, func(lv rulebook.Level) bool { return template.Norm(lv.Name) == l.Level1 })
		if u := src.Level2Unnamed; !u.Empty() && !unnamed[u.Ref] {
			unnamed[u.Ref] = true
			guess, choose := "无法确定二级指标", ""
			if src.Level2Carried {
				guess = "暂按上一行的二级指标“" + l.Level2 + "”处理"
			}
			if i >= 0 {
				choose = "（" + strings.Join(p.Rules.Levels[i].Children, "、") + "）"
			}
			p.Reportf(finding.UnknownLevel, u.Ref, "二级指标只填了“%s”，没有指标名称，%s；请从下拉列表选择%s", strings.TrimSpace(u.Raw), guess, choose)
		}
		if u := src.Level1Unnamed; !u.Empty() {
			if !unnamed[u.Ref] {
				unnamed[u.Ref] = true
				var guess string
				switch {
				case src.Level1Inferred:
					row := "本行"
					if u.Ref.Row != src.Row {
						row = "第 " + strconv.Itoa(src.Row) + " 行"
					}
					guess = "已按" + row + "的二级指标“" + strings.TrimSpace(src.Level2.Raw) + "”推定为“" + l.Level1 + "”计分"
				case src.Level1Carried:
					guess = "暂按上一行的一级指标“" + l.Level1 + "”计分"
				default:
					guess = "无法归入任何一级指标"
				}
				p.Reportf(finding.UnknownLevel, u.Ref, "一级指标只填了“%s”，没有指标名称，%s；请从下拉列表选择（%s）", strings.TrimSpace(u.Raw), guess, strings.Join(names, "、"))
			}
			// A carried 一级 says nothing of the 二级 under it; an inferred
			// one the rulebook does not list was reported just now.
			if !src.Level1Inferred || i < 0 {
				continue
			}
		}
		// A carried level was reported on the row it was written in.
		if l.Level1 == "" || src.Level1Carried && src.Level2Carried {
			continue
		}
		if i < 0 {
			if !src.Level1Carried {
				p.Reportf(finding.UnknownLevel, src.Level1.Ref, "一级指标“%s”不在评分规则的清单中（%s）；请从下拉列表选择", src.Level1.Raw, strings.Join(names, "、"))
			}
			continue
		}
		children := p.Rules.Levels[i].Children
		if l.Level2 == "" || src.Level2Carried || slices.ContainsFunc(children, func(c string) bool { return template.Norm(c) == l.Level2 }) {
			continue
		}
		p.Reportf(finding.UnknownLevel, src.Level2.Ref, "二级指标“%s”不属于一级指标“%s”（可选：%s）；请从下拉列表选择", src.Level2.Raw, p.Rules.Levels[i].Name, strings.Join(children, "、"))
	}
	return nil
}
