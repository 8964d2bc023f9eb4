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
// the bad-input corpus twice, with the lookups beside the values answered
// by excelize's whole-sheet model (the legacy switch) and by the one pass
// over each sheet (xlsx.SheetScan), and requires the same Form.
func TestReadScanMatchesExcelize(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../samples/*.xlsx", "../samples/project/*.xlsx", "../samples/bad/*"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	scanned := 0
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
			want := readWith(old.File, old, l, true)
			got := readWith(cur.File, cur, l, false)
			if !reflect.DeepEqual(got, want) {
				g, _ := json.MarshalIndent(got, "", " ")
				w, _ := json.MarshalIndent(want, "", " ")
				t.Errorf("%s (%s layout): the scan reads otherwise than excelize:\n got %s\nwant %s", path, l.Indicators.Name, g, w)
			}
			for _, s := range cur.File.GetSheetList() {
				if sc, ok := cur.ScanSheet(s); ok && sc != nil {
					scanned++
				}
			}
			old.File.Close()
			cur.File.Close()
		}
	}
	if scanned == 0 {
		t.Fatal("no sheet was scanned: the test compares excelize with itself")
	}
	t.Logf("%d files, %d sheets scanned", len(files), scanned)
}
