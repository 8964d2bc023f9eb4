// Package samples holds the bundled workbooks: the seed department's filled
// self-evaluation and a blank template, generated from nanchang-2022.form.json
// by ./gen.
package samples

import "embed"

// FS holds the sample workbooks, for perfeval demo.
//
//go:embed *.xlsx
var FS embed.FS
