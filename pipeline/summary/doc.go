// Package summary is the city-wide summary a finance bureau sends up the
// chain each year: every department's latest result on one page (汇总),
// the indicators that fell short (未达标指标), every finding (审核问题), who
// has not submitted (未报送), charts (图表) and how it was built (说明), as
// a workbook and as JSON.
//
// It works from reports only, never re-reading a workbook: the ledger's
// latest checks (FromLedger) or the JSON reports of one or more results
// folders (FromResults), merged by Latest. Build computes every figure in
// decimal, Summary.Save writes the workbook and Summary.WriteJSON the same
// figures as JSON.
//
// Its memory hardly grows with the departments. Read through a Store, the
// reports' details (the indicators short of target and the findings,
// most of a report) wait in a temporary file, and 未达标指标 and 审核问题
// read them back one report at a time (EachShortfall, EachFinding) as
// they are written; each sheet's rows go into a temporary file as they
// are written (xlsx.Rows) and into the workbook when it is saved. What
// stays in memory are the rows' figures of 汇总 and 项目支出, a few
// kilobytes a department.
//
// The two form kinds are kept apart. Department forms (部门整体支出) make
// 汇总 and everything department-level: ranks, the city-wide line, the
// charts, who has not submitted; a department that sent project forms only
// has not sent its own. Project forms (项目支出, Entry.IsProject) are
// versioned per project, as the ledger counts them, and make the 项目支出
// sheet: each project's latest form grouped by department, with subtotals.
// 未达标指标 and 审核问题 list both, saying which form (FormLabel). Each
// table is a Table of columns.
//
// It imports ledger, report, finding, rulebook (the levels and grades a
// summary orders by), roster, template and template/xlsx.
package summary
