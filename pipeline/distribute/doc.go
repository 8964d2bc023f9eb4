// Package distribute makes the templates a finance bureau sends out: one
// workbook per department of the roster, prefilled with what the bureau
// already knows (the department's name and code, the year, the 全年预算数
// the roster holds), those cells locked, shaded and recorded in _meta so
// that the prefill_changed check sees an edit. File names are made safe
// whatever the roster's names hold, and never collide.
//
// It imports roster, template and template/xlsx: it writes forms, and
// never checks one.
package distribute
