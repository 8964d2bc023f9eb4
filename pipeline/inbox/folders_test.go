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
		name := copyName(tc.d, "", 2022, tc.version, tc.original, "0123456789abcdef")
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

// TestCopyNameKeepsProjectsApart: a department's projects, each at version
// 1, and its own form get different copies; a project name with path
// tricks stays one safe name.
func TestCopyNameKeepsProjectsApart(t *testing.T) {
	d := report.DepartmentID{Code: "101001", Name: "示例局"}
	names := map[string]bool{}
	for _, project := range []string{"", "老旧小区改造", "乡村道路养护", `..\..\x/项目`} {
		name := copyName(d, project, 2022, 1, "a.xlsx", "0123456789abcdef")
		if names[name] {
			t.Errorf("copyName for project %q = %q, the name of another form's copy", project, name)
		}
		names[name] = true
		if name != filepath.Base(name) || strings.ContainsAny(name, `/\`) {
			t.Errorf("copyName for project %q = %q: not one safe file name", project, name)
		}
	}
	if got := copyName(d, "老旧小区改造", 2022, 1, "a.xlsx", "ab"); got != "101001-示例局-老旧小区改造-2022-v1.审核.xlsx" {
		t.Errorf("copyName = %q", got)
	}
}
