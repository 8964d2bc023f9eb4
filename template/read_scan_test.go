package template

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/perfeval/perfeval/template/xlsx"
)

// TestReadScanMatchesExcelize reads every sample, project form and file of
// the bad-input corpus twice: once with excelize answering every lookup
// (the legacy switch), once as perfeval reads it, without excelize for a
// workbook in the plain shape (xlsx.Book) and with the one pass over each
// sheet (xlsx.SheetScan) beside excelize's values for any other. It
// requires the same Form.
func TestReadScanMatchesExcelize(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../samples/*.xlsx", "../samples/project/*.xlsx", "../samples/bad/*"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	scanned, books := 0, 0
	for _, path := range files {
		if strings.HasSuffix(path, ".json") {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range []*Layout{Department, Project} {
			old, err := xlsx.OpenWorkbook(data)
			if err != nil {
				continue // unreadable: the reader never sees it
			}
			cur, err := xlsx.OpenWorkbook(data)
			if err != nil {
				t.Fatalf("%s: opened once, not twice: %v", path, err)
			}
			f, err := old.Excel()
			if err != nil {
				// Read as a Book, but excelize cannot open it: the
				// annotated copy reports that.
				t.Logf("%s: excelize cannot open what the one pass read: %v", path, err)
				continue
			}
			want := readWith(nil, old, l, true)
			got := readWith(nil, cur, l, false)
			if !reflect.DeepEqual(got, want) {
				g, _ := json.MarshalIndent(got, "", " ")
				w, _ := json.MarshalIndent(want, "", " ")
				t.Errorf("%s (%s layout, read as a book: %v): the scan reads otherwise than excelize:\n got %s\nwant %s", path, l.Indicators.Name, cur.Book() != nil, g, w)
			}
			if cur.Book() != nil {
				books++
			}
			for _, s := range f.GetSheetList() {
				if sc, ok := cur.ScanSheet(s); ok && sc != nil {
					scanned++
				}
			}
			old.Close()
			cur.Close()
		}
	}
	if scanned == 0 || books == 0 {
		t.Fatalf("%d sheets scanned, %d workbooks read as a book: the test compares excelize with itself", scanned, books)
	}
	t.Logf("%d files, %d read as a book, %d sheets scanned", len(files), books/2, scanned)
}
