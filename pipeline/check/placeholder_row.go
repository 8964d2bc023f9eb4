package check

import (
	"strings"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/template"
)

// PlaceholderRow notes the rows of 绩效指标 that hold only the template's
// placeholder name (指标2：, ……): published forms keep them by the dozen.
// They are not indicators and do not stop the total.
var PlaceholderRow = &Check{
	Name:  "placeholder_row",
	Codes: []finding.Code{finding.PlaceholderRow},
	Forms: allForms,
	Run:   runPlaceholderRow,
}

func runPlaceholderRow(p *Pass) error {
	for _, in := range p.Form.Placeholders {
		at := template.Ref{Sheet: in.Name.Ref.Sheet, Row: in.Row}
		if name := strings.TrimSpace(in.Name.Raw); name != "" {
			p.Reportf(finding.PlaceholderRow, at, "第 %d 行只有模板占位名称“%s”，没有填写指标值、实际完成值、分值和得分，不是指标，已忽略；不需要的占位行可以删除", in.Row, template.Visible(name))
			continue
		}
		p.Reportf(finding.PlaceholderRow, at, "第 %d 行列出了二级指标“%s”，但没有三级指标，也没有填写指标值、实际完成值、分值和得分，已忽略；如该二级指标下确无指标，可删除这一行", in.Row, template.Visible(strings.TrimSpace(in.Level2.Raw)))
	}
	return nil
}
