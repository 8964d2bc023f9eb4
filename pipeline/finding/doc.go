// Package finding is what a review says about a workbook: the severities,
// the catalogue of finding codes (stable, append-only, with their Chinese
// titles and explanations) and findings located at a cell (Sheet!Cell).
// Every subsystem reports and reads problems through these types.
//
// It imports template only, for Ref and the sheet order of a Layout.
package finding
