package check

import (
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/template"
)

// ExternalFormula reports what reaches outside the workbook, on any sheet:
// a DDE call, which starts a program (cmd|' /C calc'!A0) when Excel
// updates links; a reference into another workbook, whose figures change
// with that file and cannot be checked; a function that fetches data from,
// or runs, something outside (WEBSERVICE, RTD, CALL); and a defined name
// or an external link that does the same. The review reads the result the
// workbook saved, and never runs any of them; but the form is not
// self-contained, and a DDE call is how such a file attacks whoever opens
// it. An error: the department pastes the values and sends it again.
var ExternalFormula = &Check{
	Name:  "external_formula",
	Codes: []finding.Code{finding.ExternalFormula},
	Forms: allForms,
	Run:   runExternalFormula,
}

func runExternalFormula(p *Pass) error {
	for _, e := range p.Form.Source.External {
		// what is a predicate: the formula, name or link "是 DDE 调用，…".
		var what, fix string
		switch e.Kind {
		case template.ExternalDDE:
			what = "是 DDE 调用，Excel 更新链接时会启动外部程序" + quoted(e.Target) + "（常见于恶意文件）"
			fix = "请删除该公式，直接填写数值"
		case template.ExternalFunction:
			what = "调用了函数 " + e.Target + "，会从工作簿以外取数或运行程序"
			fix = "请删除该公式，直接填写数值"
		case template.ExternalOLE:
			what = "是 OLE 链接，指向外部程序的文档" + quoted(e.Target)
			fix = "请把公式改为数值（复制后“选择性粘贴—数值”）"
		default:
			what = "引用了另一个工作簿" + quoted(e.Target) + "，数字随那个文件变化，审核时无法核对"
			fix = "请把公式改为数值（复制后“选择性粘贴—数值”）"
		}
		switch {
		case e.Name != "":
			p.Reportf(finding.ExternalFormula, e.Ref, "定义名称“%s”（=%s）%s；请在“公式—名称管理器”中删除该名称后重新报送", e.Name, e.Formula, what)
		case e.Formula == "":
			p.Reportf(finding.ExternalFormula, e.Ref, "工作簿的外部链接%s，打开工作簿时 Excel 会提示更新链接；请在 Excel 的“数据—编辑链接”中断开链接后重新报送", what)
		default:
			p.Reportf(finding.ExternalFormula, e.Ref, "单元格的公式“=%s”%s；审核读取的是工作簿保存的结果%s。%s后重新报送", e.Formula, what, shownResult(e.Cached), fix)
		}
	}
	return nil
}

// quoted returns s in Chinese quotation marks, or "" for an empty s.
func quoted(s string) string {
	if s == "" {
		return ""
	}
	return "“" + s + "”"
}
