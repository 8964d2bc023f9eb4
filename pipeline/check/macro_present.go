package check

import (
	"slices"
	"strings"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/template"
)

// MacroPresent reports a workbook that carries macros (template.Form.Macros),
// as an .xlsm does: once, about the whole file. Nothing runs them and the
// form is checked as any other, but the form is an .xlsx and the annotated
// copy, which leaves them out, is one too.
var MacroPresent = &Check{
	Name:  "macro_present",
	Codes: []finding.Code{finding.MacroPresent},
	Forms: allForms,
	Run:   runMacroPresent,
}

func runMacroPresent(p *Pass) error {
	parts := p.Form.Source.Macros
	if len(parts) == 0 {
		return nil
	}
	has := func(s string) bool {
		return slices.ContainsFunc(parts, func(p string) bool { return strings.Contains(strings.ToLower(p), s) })
	}
	var what []string
	if has("vbaproject") {
		what = append(what, "VBA 代码")
	}
	if has("customui") {
		what = append(what, "调用宏的功能区按钮")
	}
	if len(what) == 0 {
		what = append(what, "宏")
	}
	p.Reportf(finding.MacroPresent, template.Ref{}, "工作簿含有宏（%s），可能是另存为了启用宏的工作簿（.xlsm）；宏没有运行，表格照常审核，批注版中不保留宏；请用 Excel 或 WPS 另存为“Excel 工作簿（*.xlsx）”后报送", strings.Join(what, "、"))
	return nil
}
