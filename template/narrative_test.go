package template

import (
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestNarrativeRoundTrip expects the 报告素材 texts written by Generate to
// be read back under their keys.
func TestNarrativeRoundTrip(t *testing.T) {
	d := &Data{Year: 2022, Fields: map[string]string{
		NarrDuties:   "（1）贯彻执行……\n（2）负责统筹推进……",
		NarrProblems: "部分资金尚未达到支付要求。",
	}}
	f, _ := writeAndOpen(t, d)
	form := Read(f, Department)
	for _, is := range form.Issues {
		t.Errorf("issue %s %s: %s", is.Code, is.Ref, is.Message)
	}
	for key, want := range d.Fields {
		c, ok := form.Fields[key]
		if !ok {
			t.Errorf("field %s not read", key)
			continue
		}
		if c.Raw != want {
			t.Errorf("field %s = %q, want %q", key, c.Raw, want)
		}
		if c.Ref.Sheet != Department.Narrative.Name {
			t.Errorf("field %s on sheet %q, want %q", key, c.Ref.Sheet, Department.Narrative.Name)
		}
	}
	if _, ok := form.Fields[NarrMeasures]; !ok {
		t.Errorf("the empty 改进措施 cell is not found")
	}
}

// TestNarrativeSheetOptional expects a workbook without 报告素材, as every
// template before it, to read without an issue and without its fields.
func TestNarrativeSheetOptional(t *testing.T) {
	f, _ := writeAndOpen(t, &Data{Year: 2022})
	if err := f.DeleteSheet(Department.Narrative.Name); err != nil {
		t.Fatal(err)
	}
	form := Read(f, Department)
	for _, is := range form.Issues {
		t.Errorf("issue %s %s: %s", is.Code, is.Ref, is.Message)
	}
	for _, fd := range Department.Narrative.Fields {
		if _, ok := form.Fields[fd.Key]; ok {
			t.Errorf("field %s read from a workbook without %s", fd.Key, Department.Narrative.Name)
		}
	}
	for _, s := range form.Sheets {
		if s.Layout == Department.Narrative.Name {
			t.Errorf("sheet %s recorded as read", s.Layout)
		}
	}
}

// TestProjectNarrativeRoundTrip expects the project form's 报告素材 texts
// to be read back under their keys, and a project workbook without the
// sheet, as the published ones are, to read without an issue.
func TestProjectNarrativeRoundTrip(t *testing.T) {
	d := projectData()
	d.Fields[NarrProjectBasic] = "根据《示例市老旧小区改造三年行动计划》立项。"
	d.Fields[NarrSelfEval] = "成立自评工作小组，对照绩效目标逐项核查。"
	path := filepath.Join(t.TempDir(), "project.xlsx")
	if err := WriteTemplate(path, Project, d); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	form := Read(f, Project)
	for _, is := range form.Issues {
		t.Errorf("issue %s %s: %s", is.Code, is.Ref, is.Message)
	}
	for _, key := range []string{NarrProjectBasic, NarrSelfEval} {
		if c := form.Fields[key]; c.Raw != d.Fields[key] || c.Ref.Sheet != Project.Narrative.Name {
			t.Errorf("field %s = %q at %s, want %q on %s", key, c.Raw, c.Ref, d.Fields[key], Project.Narrative.Name)
		}
	}
	if err := f.DeleteSheet(Project.Narrative.Name); err != nil {
		t.Fatal(err)
	}
	form = Read(f, Project)
	for _, is := range form.Issues {
		t.Errorf("without %s: issue %s %s: %s", Project.Narrative.Name, is.Code, is.Ref, is.Message)
	}
	if _, ok := form.Fields[NarrSelfEval]; ok {
		t.Errorf("field %s read from a workbook without %s", NarrSelfEval, Project.Narrative.Name)
	}
}
