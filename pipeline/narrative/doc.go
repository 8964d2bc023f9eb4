// Package narrative drafts the self-evaluation report (部门整体支出绩效自评报告)
// of a checked workbook, in the structure of the seed document: 前言;
// 一、部门概况 with the staffing, assets and final accounts and their
// shares; 二、部门整体支出绩效实现情况 with one paragraph per indicator,
// grouped by 一级 and 二级指标; 三、存在问题及改进措施 drawn from the
// shortfalls and the budget execution; 四、绩效自评结果拟应用和公开情况
// with the total and grade; and the 自评表 as an appendix table.
//
// Build turns a report.Report and its report.Contents into a Document, a
// small model of headings, paragraphs and tables; Document.WriteDocx writes
// it as a Word document (github.com/gomutex/godocx) in the house style of
// such reports. Every sentence comes from the Chinese text templates in
// texts.tmpl (text/template), embedded in the binary and overridable one by
// one (LoadTexts); every figure is the checked one, computed in decimal.
// The department's own prose (the 报告素材 sheet) is quoted as written, and
// what it lacks is marked 【待补充】. A draft of a workbook with findings
// (Options.Draft) marks every figure at a cell with an error or a warning
// 【待核实】 and lists the findings at the end.
//
// It is a technology package: it imports report, finding, template and
// template/xlsx only.
package narrative
