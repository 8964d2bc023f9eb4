// Package annotate writes the annotated copy of a checked workbook: the
// review columns of 绩效指标, cells coloured by severity with a comment for
// every finding, drafted reasons marked 【草拟】, and the 审核结果 sheet.
// It reads the form only through template and score, and writes through
// excelize and template/xlsx; the original file is never modified.
//
// It imports finding, score, draft, report, template and template/xlsx.
package annotate
