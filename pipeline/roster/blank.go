package roster

import (
	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

// OpWriteBlank names writing the empty roster in an *template.OpError.
const OpWriteBlank template.Op = "write roster template"

// BlankSheet is the sheet of the empty roster that holds the list.
const BlankSheet = "名单"

// blankGuide is the 填写说明 of the empty roster, one paragraph a row.
var blankGuide = []string{
	"部门名单填写说明",
	"1.“名单”表每个部门一行。部门编码、部门名称必填，编码不能重复；联系人和邮箱用于发送模板和审核结果，邮箱只填一个地址（如 zhangsan@example.gov.cn）。",
	"2.“年度资金总额”至“项目支出”五列是财政部门掌握的全年预算数，单位万元，只填数字；填了的数字会预填进下发给该部门的自评表并锁定，部门不能改动。不掌握的可以留空，由部门自己填写。",
	"3.表头行不要改动；列的顺序可以调整，不需要的预算列可以删除。",
	"4.填好后运行 perfeval distribute --roster 名单.xlsx --year 年度 --out 下发：名单有问题时逐行指出，改正前不生成、不发送任何模板。",
}

// WriteBlank writes an empty roster to path atomically: the 名单 sheet with
// the header row (部门编码, 部门名称, 联系人, 邮箱, 联系电话 and the
// 全年预算数 of each 资金情况 row, in 万元), the code column formatted as
// text so that 001001 keeps its zeros, and a 填写说明 sheet. Read reads it
// back as a roster of no departments and no findings.
func WriteBlank(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := writeBlank(f); err != nil {
		return &template.OpError{Op: OpWriteBlank, Path: path, Err: err}
	}
	if err := xlsx.SaveAtomic(f, path); err != nil {
		return &template.OpError{Op: OpWriteBlank, Path: path, Err: err}
	}
	return nil
}

func writeBlank(f *excelize.File) error {
	if err := f.SetSheetName(f.GetSheetName(0), BlankSheet); err != nil {
		return err
	}
	headers := []string{}
	for _, c := range columns {
		headers = append(headers, c.label)
	}
	for _, r := range template.Department.Budget.Rows {
		headers = append(headers, r.Label+"（万元）")
	}
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	for i, h := range headers {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(BlankSheet, cell, h); err != nil {
			return err
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		width := 16.0
		switch i {
		case 1:
			width = 36
		case 3:
			width = 30
		}
		if err := f.SetColWidth(BlankSheet, col, col, width); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(headers), 1)
	if err := f.SetCellStyle(BlankSheet, "A1", last, header); err != nil {
		return err
	}
	// Codes, phone numbers and addresses are text: 001001 keeps its zeros.
	if err := f.SetColStyle(BlankSheet, "A:E", text); err != nil {
		return err
	}
	if err := f.SetCellStyle(BlankSheet, "A1", "E1", header); err != nil {
		return err
	}
	if err := f.SetPanes(BlankSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	const guide = "填写说明"
	if _, err := f.NewSheet(guide); err != nil {
		return err
	}
	if err := f.SetColWidth(guide, "A", "A", 100); err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	for i, p := range blankGuide {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetCellStr(guide, cell, p); err != nil {
			return err
		}
		if err := f.SetCellStyle(guide, cell, cell, wrap); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return nil
}
