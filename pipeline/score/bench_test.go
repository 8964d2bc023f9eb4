package score_test

import (
	"os"
	"testing"

	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

// BenchmarkScore parses and scores the seed's form, read once: the score
// stage of a check.
func BenchmarkScore(b *testing.B) {
	data, err := os.ReadFile("../../samples/nanchang-2022.xlsx")
	if err != nil {
		b.Fatal(err)
	}
	w, err := xlsx.OpenWorkbook(data)
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	raw := template.ReadWorkbook(w, template.Department)
	rb := rulebook.DefaultRulebook()
	for b.Loop() {
		f := score.Parse(raw)
		score.Score(f, rb)
		if !f.Total.IsPositive() {
			b.Fatal("no total")
		}
	}
}
