// Package samples holds the bundled workbooks, generated from
// nanchang-2022.form.json by ./gen: the seed department's filled
// self-evaluation, a fictional department's form with the common mistakes
// (example-returned-2022) and a blank template. ./badgen writes the corpus of
// broken inputs under bad/.
package samples

import "embed"

// FS holds the sample workbooks, for perfeval demo: the department forms,
// and the fictional project form project/example-2022.xlsx.
//
//go:embed *.xlsx project/example-2022.xlsx
var FS embed.FS
