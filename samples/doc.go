package samples

// The workbooks are generated from nanchang-2022.form.json; run
// `go generate ./samples` after changing the layout or the generator.

//go:generate go run ./gen
//go:generate go run ./badgen
