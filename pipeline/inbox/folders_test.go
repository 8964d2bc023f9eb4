package inbox

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/perfeval/perfeval/pipeline/report"
)

// TestCopyNameStaysInFolder: whatever a form gives as its department's
// name and code, and whatever the file was called, the annotated copy's
// name is one plain file name, valid on Windows, inside its folder.
func TestCopyNameStaysInFolder(t *testing.T) {
	for _, tc := range []struct {
		d        report.DepartmentID
		version  int
		original string
	}{
		{report.DepartmentID{Code: "../../etc", Name: "passwd"}, 1, "a.xlsx"},
		{report.DepartmentID{Code: "101001", Name: `C:\Windows\system32\..\x`}, 2, "a.xlsx"},
		{report.DepartmentID{Code: "CON", Name: "."}, 1, "a.xlsx"},
		{report.DepartmentID{Code: "1\n2", Name: "局\u202e\x1b[2J"}, 3, "a.xlsx"},
		{report.DepartmentID{Name: strings.Repeat("很长的部门名称", 40)}, 1, "a.xlsx"},
		{report.DepartmentID{}, 0, "../../自评 表.xlsx"},
		{report.DepartmentID{}, 0, "nul.xlsx"},
		{report.DepartmentID{}, 0, "...xlsx"},
	} {
		name := copyName(tc.d, 2022, tc.version, tc.original, "0123456789abcdef")
		if name != filepath.Base(name) || strings.ContainsAny(name, "/\\:*?\"<>|\x00\n\x1b\u202e") || strings.HasPrefix(name, ".") {
			t.Errorf("copyName(%+v, %q) = %q: not one safe file name", tc.d, tc.original, name)
		}
		if stem, _, _ := strings.Cut(strings.ToUpper(name), "."); stem == "CON" || stem == "NUL" {
			t.Errorf("copyName(%+v) = %q: a Windows device name", tc.d, name)
		}
		if !strings.HasSuffix(name, ".审核.xlsx") || len([]rune(name)) > 120 {
			t.Errorf("copyName(%+v) = %q", tc.d, name)
		}
	}
	if got := archiveName("../x.XLSX", "ab"); got != "ab.xlsx" {
		t.Errorf("archiveName = %q", got)
	}
	if got := archiveName("x.xls/../..", "ab"); got != "ab.bin" {
		t.Errorf("archiveName of an odd extension = %q", got)
	}
}
