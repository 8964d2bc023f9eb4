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
		name := copyName(tc.d, nil, 2022, tc.version, tc.original, "0123456789abcdef")
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
		var parts []string
		if project != "" {
			parts = []string{project}
		}
		name := copyName(d, parts, 2022, 1, "a.xlsx", "0123456789abcdef")
		if names[name] {
			t.Errorf("copyName for project %q = %q, the name of another form's copy", project, name)
		}
		names[name] = true
		if name != filepath.Base(name) || strings.ContainsAny(name, `/\`) {
			t.Errorf("copyName for project %q = %q: not one safe file name", project, name)
		}
	}
	if got := copyName(d, []string{"老旧小区改造"}, 2022, 1, "a.xlsx", "ab"); got != "101001-示例局-老旧小区改造-2022-v1.审核.xlsx" {
		t.Errorf("copyName = %q", got)
	}
}

// TestCopyNamesOfProjects: the annotated copies of projects the ledger
// versions apart have names apart: one name from two units, or with two
// codes; one project's versions differ by their version.
func TestCopyNamesOfProjects(t *testing.T) {
	d := report.DepartmentID{Code: "101001", Name: "南昌市水利局"}
	name := func(p report.ProjectID, version int) string {
		return copyName(d, projectOf(&report.Report{Project: &p}), 2022, version, "x.xlsx", "0123456789abcdef")
	}
	names := map[string]string{}
	for label, n := range map[string]string{
		"unit A":     name(report.ProjectID{Name: "水旱灾害防御经费", Unit: "天长市水利局"}, 1),
		"unit B":     name(report.ProjectID{Name: "水旱灾害防御经费", Unit: "中江县水利局"}, 1),
		"code 1":     name(report.ProjectID{Name: "水旱灾害防御经费", Code: "36010022T000001"}, 1),
		"code 2":     name(report.ProjectID{Name: "水旱灾害防御经费", Code: "36010022T000002"}, 1),
		"unit A, v2": name(report.ProjectID{Name: "水旱灾害防御经费", Unit: "天长市水利局"}, 2),
	} {
		if other, taken := names[n]; taken {
			t.Errorf("%s and %s are both written to %s", label, other, n)
		}
		names[n] = label
	}
	if got := name(report.ProjectID{Name: "水旱灾害防御经费", Unit: "天长市水利局"}, 1); got != "101001-南昌市水利局-水旱灾害防御经费-天长市水利局-2022-v1.审核.xlsx" {
		t.Errorf("copy name %q", got)
	}
}
