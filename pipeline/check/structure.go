package check

import (
	"fmt"
	"slices"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/template"
)

// Structure reports what the reader could not find: sheets, header columns,
// labelled fields, and the template metadata.
var Structure = &Check{
	Name:  "structure",
	Codes: structureCodes,
	Forms: allForms,
	Run:   runStructure,
}

var structureCodes = []finding.Code{finding.MissingSheet, finding.MissingColumn, finding.MissingField, finding.TooLarge, finding.TemplateVersion}

func runStructure(p *Pass) error {
	f := p.Form.Source
	for _, is := range f.Issues {
		if !slices.Contains(structureCodes, finding.Code(is.Code)) {
			// A reader change that outran the catalogue: fail the check,
			// never panic on a user's workbook.
			return fmt.Errorf("reader issue with undeclared code %q at %s", is.Code, is.Ref)
		}
		if len(p.Rules.Levels) == 0 && (is.Column == template.ColLevel1 || is.Column == template.ColLevel2) {
			continue // a rulebook without levels: forms list their indicators alone
		}
		p.Reportf(finding.Code(is.Code), is.Ref, "%s", is.Message)
	}
	l := f.Layout
	meta := template.Ref{Sheet: l.MetaSheet}
	switch {
	case len(f.Meta) == 0:
		p.ReportSevf(finding.TemplateVersion, finding.Info, template.Ref{Sheet: l.Info.Name}, "工作簿中没有模板信息（_meta），可能不是用下发模板填写的；已按表头和标签识别内容，请核对")
	case f.Meta["form_kind"] != "" && f.Meta["form_kind"] != l.Kind:
		p.ReportSevf(finding.TemplateVersion, finding.Error, meta, "这份工作簿是“%s”，而审核所用的评分规则（%s）是“%s”的，表格无法按规则读取和评分；请改用%s的评分规则审核，或使用下发的“%s”模板填写",
			template.Visible(template.FormName(f.Meta["form_kind"])), template.Visible(p.Rules.ID), template.FormName(l.Kind), template.Visible(template.FormName(f.Meta["form_kind"])), template.FormName(l.Kind))
	case f.Meta["template_version"] != l.Version:
		p.Reportf(finding.TemplateVersion, meta, "模板版本为“%s”，当前版本为“%s”；请使用最新下发的模板", f.Meta["template_version"], l.Version)
	}
	// A template handed out for one year and filled in for another: last
	// year's form, or a slip in 评价年度.
	if y, ok := p.Form.Numbers["year"]; ok && y.OK && f.Meta["year"] != "" && f.Meta["year"] != y.Value.String() {
		p.Reportf(finding.TemplateVersion, y.Cell.Ref, "评价年度填写 %s，但这份模板是 %s 年度下发的；请核实评价年度，或使用 %s 年度的模板", y.Value, f.Meta["year"], y.Value)
	}
	return nil
}
