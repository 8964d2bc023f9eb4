// Package summary is the city-wide summary a finance bureau sends up the
// chain each year: every department's latest result on one page (汇总),
// the indicators that fell short (未达标指标), every finding (审核问题), who
// has not submitted (未报送), charts (图表) and how it was built (说明), as
// a workbook and as JSON.
//
// It works from reports only, never re-reading a workbook: the ledger's
// latest checks (FromLedger) or the JSON reports of one or more results
// folders (FromResults), merged by Latest. Build computes every figure in
// decimal, Summary.Save writes the workbook (the long sheets through
// excelize's StreamWriter) and Summary.WriteJSON the same figures as JSON.
//
// The department form's table is one Table of columns; the project form
// (项目支出) will add a Table and a sheet of its own beside it.
//
// It imports ledger, report, finding, rulebook (the levels and grades a
// summary orders by), roster, template and template/xlsx.
package summary
