package check

import (
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/template"
)

// HiddenSheet reports each sheet of the form that the workbook hides. It
// is read and scored as usual, but whoever opens or prints the workbook
// does not see it; a very hidden sheet is not even listed by Excel's 取消
// 隐藏. Where a visible sheet stands in for it, LookalikeSheet says so, an
// error, and this check keeps quiet.
var HiddenSheet = &Check{
	Name:  "hidden_sheet",
	Codes: []finding.Code{finding.HiddenSheet},
	Forms: allForms,
	Run:   runHiddenSheet,
}

func runHiddenSheet(p *Pass) error {
	for _, sr := range p.Form.Source.Sheets {
		if sr.State == template.SheetVisible || standIn(sr) != nil {
			continue
		}
		p.Reportf(finding.HiddenSheet, template.Ref{Sheet: sr.Layout}, "工作表“%s”被%s；已照常审核和评分，但打开和打印工作簿时看不到这张表，请取消隐藏后报送", sr.Name, hiddenWord(sr.State))
	}
	return nil
}

// standIn returns the first visible sheet that looks like a hidden sheet
// of the form, or nil: what the reviewer sees in its place.
func standIn(sr template.SheetRead) *template.OtherSheet {
	if sr.State == template.SheetVisible {
		return nil
	}
	for i, o := range sr.Others {
		if o.State == template.SheetVisible {
			return &sr.Others[i]
		}
	}
	return nil
}

// hiddenWord says how a sheet is hidden, to follow 被.
func hiddenWord(s template.SheetState) string {
	if s == template.SheetVeryHidden {
		return "深度隐藏（Excel 的“取消隐藏”里也看不到）"
	}
	return "隐藏"
}

// stateWord says in brackets how a sheet is shown.
func stateWord(s template.SheetState) string {
	switch s {
	case template.SheetHidden:
		return "隐藏"
	case template.SheetVeryHidden:
		return "深度隐藏"
	}
	return "可见"
}
