package template_test

import (
	"os"
	"testing"

	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

// BenchmarkRead opens the seed workbook and reads its form: the read
// stage of a check, without parsing, scoring or checking.
func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile("../samples/nanchang-2022.xlsx")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		w, err := xlsx.OpenWorkbook(data)
		if err != nil {
			b.Fatal(err)
		}
		if f := template.ReadWorkbook(w, template.Department); len(f.Fields) == 0 {
			b.Fatal("nothing read")
		}
		w.Close()
	}
}
