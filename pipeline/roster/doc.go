// Package roster reads the finance bureau's list of departments (名单): an
// .xlsx workbook or a .csv file with the columns 部门编码, 部门名称, 联系人
// and 邮箱, optionally 联系电话, and optionally the 全年预算数 the bureau
// already holds for each 资金情况 row (年度资金总额, 财政拨款, …, as the
// department form's layout names them). Headers are found by their text in
// the first rows, not at a fixed place. Every problem in the file (a
// missing column, a duplicate code, an invalid email, an amount that is not
// a number) is a finding located at its cell, so the summary (who has not
// submitted) and the mailing of templates (distribute) read one roster the
// same way.
//
// It imports finding, template (the layout's 资金情况 rows, Ref), value (the
// amount grammar) and template/xlsx (opening a workbook within limits).
package roster
