package annotate

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

// TestMarkKeyMerged: a finding on a cell covered by a merged range is shown
// on the range's first cell, the only one Excel and WPS display.
func TestMarkKeyMerged(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.MergeCell("Sheet1", "E17", "F18"); err != nil {
		t.Fatal(err)
	}
	a := &annotation{f: f, ed: xlsx.NewSheets(f, nil), merged: map[string][]excelize.MergeCell{}}
	for _, tt := range []struct {
		ref  template.Ref
		want cellKey
	}{
		{template.Ref{Sheet: "Sheet1", Row: 18, Col: 6}, cellKey{"Sheet1", 17, 5}},
		{template.Ref{Sheet: "Sheet1", Row: 17, Col: 6}, cellKey{"Sheet1", 17, 5}},
		{template.Ref{Sheet: "Sheet1", Row: 17, Col: 5}, cellKey{"Sheet1", 17, 5}},
		{template.Ref{Sheet: "Sheet1", Row: 19, Col: 6}, cellKey{"Sheet1", 19, 6}},
		{template.Ref{Sheet: "Sheet1", Row: 17, Col: 7}, cellKey{"Sheet1", 17, 7}},
	} {
		got, err := a.markKey("Sheet1", tt.ref)
		if err != nil || got != tt.want {
			t.Errorf("markKey(%s) = %v, %v; want %v", tt.ref, got, err, tt.want)
		}
	}
}

// TestKeptRuns checks that perfeval's part of a comment is found by its
// text, whatever the runs: split by a program that saved the copy, or
// merged into plain text.
func TestKeptRuns(t *testing.T) {
	ours := CommentAuthor + ":\n【错误】……"
	for _, tc := range []struct {
		name string
		c    excelize.Comment
		want string
	}{
		{"plain text", excelize.Comment{Text: "张会计:\n已核对\n\n" + ours}, "张会计:\n已核对"},
		{"runs", excelize.Comment{Paragraph: []excelize.RichTextRun{{Text: "张会计:"}, {Text: "\n已核对"}, {Text: "\n\n"}, {Text: ours}}}, "张会计:\n已核对"},
		{"marker split", excelize.Comment{Paragraph: []excelize.RichTextRun{{Text: "张会计:\n已核对\n\nperf"}, {Text: "eval:\n"}, {Text: "【错误】……"}}}, "张会计:\n已核对"},
		{"only ours", excelize.Comment{Text: ours}, ""},
		{"not at a line's start", excelize.Comment{Text: "见 perfeval: 的意见"}, "见 perfeval: 的意见"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got strings.Builder
			for _, r := range keptRuns(&tc.c) {
				got.WriteString(r.Text)
			}
			if got.String() != tc.want {
				t.Errorf("kept %q, want %q", got.String(), tc.want)
			}
		})
	}
}
