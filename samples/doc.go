package samples

// The workbooks are generated from nanchang-2022.form.json, and the
// project forms from project/*.form.json (published forms transcribed,
// each with its source); run
// `go generate ./samples` after changing the layout or the generator.

//go:generate go run ./gen
//go:generate go run ./badgen
//go:generate go run ./projectgen
