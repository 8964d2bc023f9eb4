package pipeline

import (
	"path/filepath"
	"slices"
	"testing"
)

func TestAnnotatedPaths(t *testing.T) {
	out := filepath.Join("out")
	got := AnnotatedPaths(out, []string{
		filepath.Join("a", "自评表.xlsx"),
		filepath.Join("b", "自评表.xlsx"),
		filepath.Join("a", "自评表.xlsx"), // named again: the same copy
		filepath.Join("c", "自评表.XLSX"),
		filepath.Join("d", "自评表(2).xlsx"), // the name the second one took
		filepath.Join("e", "其他.xlsx"),
	})
	want := []string{
		filepath.Join(out, "自评表.审核.xlsx"),
		filepath.Join(out, "自评表(2).审核.xlsx"),
		filepath.Join(out, "自评表.审核.xlsx"),
		filepath.Join(out, "自评表(3).审核.xlsx"),
		filepath.Join(out, "自评表(2)(2).审核.xlsx"),
		filepath.Join(out, "其他.审核.xlsx"),
	}
	if !slices.Equal(got, want) {
		t.Errorf("AnnotatedPaths =\n%q\nwant\n%q", got, want)
	}
}
