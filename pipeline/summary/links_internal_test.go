package summary

import (
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template/xlsx"
)

// TestLinksBesideExcelizeRelationships: a sheet whose rows link to files
// and that excelize also gives a relationship of its own (a comment) keeps
// both: the links' relationships join the part excelize writes.
func TestLinksBesideExcelizeRelationships(t *testing.T) {
	dir := t.TempDir()
	b, err := newBook(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.close()
	cols := []column{{"部门", 10, kText}, {"批注版", 20, kLink}}
	sh, err := b.newSheet("汇总", widths(cols), "", print{})
	if err != nil {
		t.Fatal(err)
	}
	if err := sh.header(cols); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"甲", "乙"} {
		if err := sh.values(cols, []any{name, link{text: name + ".审核.xlsx", target: filepath.Join(dir, "outbox", name+".审核.xlsx")}}, false); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.f.AddComment("汇总", excelize.Comment{Cell: "A2", Author: "perfeval", Text: "批注"}); err != nil {
		t.Fatal(err)
	}
	if err := sh.done(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "汇总.xlsx")
	if err := xlsx.SaveAtomic(b.f, path); err != nil {
		t.Fatal(err)
	}
	back, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	for cell, want := range map[string]string{"B2": "outbox/甲.审核.xlsx", "B3": "outbox/乙.审核.xlsx"} {
		if ok, got, err := back.GetCellHyperLink("汇总", cell); err != nil || !ok || got != want {
			t.Errorf("%s links to %q (%v, %v), want %q", cell, got, ok, err, want)
		}
	}
	if cs, err := back.GetComments("汇总"); err != nil || len(cs) != 1 || cs[0].Cell != "A2" {
		t.Errorf("comments %+v (%v), want the one on A2", cs, err)
	}
}
