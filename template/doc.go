// Package template owns the self-evaluation workbook: each form kind's
// layout as data (Layout; the department form today, the project form
// next), the generator that writes it, the tolerant reader that finds every
// value in a filled copy whoever wrote it (Read, giving a Form of Cells at
// Refs), and the cell names that a rulebook's audit expressions may use
// (Layout.CellNames). Besides the values, the reader records what a
// reviewer must be told of: hidden sheets, columns and rows, other sheets
// that look like the form's, repeated headers, and, from what the
// container saw (ReadWorkbook), the form's formulas recomputed within a
// budget and whatever reaches outside the workbook. Generate and Read share one Layout, so a label or a
// header changed here changes both directions. The zip and XML parts of a
// workbook are template/xlsx's business; template works on an opened
// *excelize.File.
//
// It imports template/xlsx only.
package template
