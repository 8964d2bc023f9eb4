package check

import (
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/template"
)

// LookalikeSheet reports each sheet that looks like a sheet of the form,
// named like it or holding its header or labels, besides the one that was
// read: the reviewer must know which sheet the scores come from and that
// another exists, whose figures were not checked. When the sheet read is
// hidden and the lookalike visible, the reviewer sees other figures than
// those scored: an error. Otherwise the copy is to be cleared up, a
// warning.
var LookalikeSheet = &Check{
	Name:  "lookalike_sheet",
	Codes: []finding.Code{finding.LookalikeSheet},
	Forms: allForms,
	Run:   runLookalikeSheet,
}

func runLookalikeSheet(p *Pass) error {
	for _, sr := range p.Form.Source.Sheets {
		at := template.Ref{Sheet: sr.Layout}
		for _, o := range sr.Others {
			like := "名称与“" + sr.Layout + "”相同或相近"
			if !o.ByName {
				like = "也填有" + sr.Layout + "表的表头或项目"
			}
			if sr.State != template.SheetVisible && o.State == template.SheetVisible {
				p.Reportf(finding.LookalikeSheet, at, "审核读取的是%s的工作表“%s”，工作簿中另有可见的工作表“%s”，%s：打开和打印工作簿时看到的是“%s”，审核评分用的却是隐藏的“%s”，两者的内容可能不同。请只保留要报送的一张表（名称为“%s”，不要隐藏），删除另一张后重新报送",
					stateWord(sr.State), sr.Name, o.Name, like, o.Name, sr.Name, sr.Layout)
				continue
			}
			p.ReportSevf(finding.LookalikeSheet, finding.Warning, at, "审核读取的是工作表“%s”（%s）；工作簿中另有工作表“%s”（%s），%s，其中的内容没有审核。请核实报送的是“%s”，删除多余的工作表后重新报送",
				sr.Name, stateWord(sr.State), o.Name, stateWord(o.State), like, sr.Name)
		}
	}
	return nil
}
