// Package narrative drafts the self-evaluation report (部门整体支出绩效自评报告)
// of a checked workbook, in the structure of the seed document: 前言;
// 一、部门概况 with the staffing, assets and final accounts and their
// shares; 二、部门整体支出绩效实现情况 with one paragraph per indicator,
// grouped by 一级 and 二级指标; 三、存在问题及改进措施 drawn from the
// shortfalls and the budget execution; 四、绩效自评结果拟应用和公开情况
// with the total and grade; and the 自评表 as an appendix table.
//
// Build turns a report.Report and its report.Contents into a Document, a
// small model of headings, paragraphs and tables; a Writer writes it as a
// Word document in the house style of such reports. NewWriter builds once
// the parts every report shares from github.com/gomutex/godocx's template
// (styles, theme, settings, with the house style's font table and footer)
// and keeps them deflated; each document then writes only its body, straight
// into a buffer as godocx's types would marshal it (tested byte for byte),
// and its properties. A command makes one Writer and one Texts and shares
// them between its workers; Document.WriteDocx is the one-off. Every sentence comes from the Chinese text templates in
// texts.tmpl (text/template), embedded in the binary and overridable one by
// one (LoadTexts); every figure is the checked one, computed in decimal.
// The department's own prose (the 报告素材 sheet) is quoted as written, and
// what it lacks is marked 【待补充】. A draft of a workbook with findings
// (Options.Draft) marks every figure at a cell with an error or a warning
// 【待核实】 and lists the findings at the end.
//
// A project form (template.FormProject) gets the project self-evaluation
// report (项目支出绩效自评报告) in the structure such reports have:
// 一、项目概况 (项目基本情况, 资金投入和使用情况 with 年初预算数 beside
// 全年预算数 and the adjustment, 绩效目标); 二、绩效自评工作开展情况;
// 三、综合评价结论 (the total, said to be provisional when indicators count
// at their self-score, and the budget score said to be left out when the
// rulebook excludes it); 四、绩效目标实现情况分析 per indicator;
// 五、偏离绩效目标的原因和改进措施; 六、绩效自评结果拟应用和公开情况; and
// the 项目支出绩效自评表 as an appendix. Its texts are the p_… templates of
// project.tmpl, in the same set and overridable the same way; its prose
// comes from the project form's optional 报告素材 sheet.
//
// It is a technology package: it imports report, finding, template and
// template/xlsx only.
package narrative
