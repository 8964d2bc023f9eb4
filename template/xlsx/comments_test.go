package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"maps"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// note is one comment as a person reads it: its author and whole text.
type note struct {
	author, text string
}

// notes returns the comments of every sheet of f by sheet and cell.
func notes(t testing.TB, f *excelize.File) map[string]map[string]note {
	t.Helper()
	out := map[string]map[string]note{}
	for _, sheet := range f.GetSheetList() {
		cs, err := f.GetComments(sheet)
		if err != nil {
			t.Fatalf("GetComments(%s): %v", sheet, err)
		}
		for _, c := range cs {
			var text strings.Builder
			text.WriteString(c.Text)
			for _, r := range c.Paragraph {
				text.WriteString(r.Text)
			}
			if out[sheet] == nil {
				out[sheet] = map[string]note{}
			}
			out[sheet][c.Cell] = note{author: c.Author, text: text.String()}
		}
	}
	return out
}

// commented returns a workbook excelize wrote, with comments on two of its
// three sheets, and those comments.
func commented(t testing.TB) ([]byte, map[string]map[string]note) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for _, sheet := range []string{"基本信息", "绩效指标", "决算收支"} {
		if _, err := f.NewSheet(sheet); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]note{
		"基本信息": {"B3": {"张会计", "张会计:\n单位名称已核对。"}},
		"绩效指标": {"D5": {"perfeval", "perfeval:\n【错误】年度指标值为空"}, "H12": {"李四", "李四:\n见附件"}},
	}
	for sheet, cs := range want {
		for cell, n := range cs {
			author, text, _ := strings.Cut(n.text, "\n")
			runs := []excelize.RichTextRun{
				{Text: author, Font: &excelize.Font{Bold: true, Size: 9, Family: "宋体", Color: "000000"}},
				{Text: "\n" + text, Font: &excelize.Font{Size: 9, Family: "宋体", Color: "000000"}},
			}
			if err := f.AddComment(sheet, excelize.Comment{Cell: cell, Author: n.author, Paragraph: runs}); err != nil {
				t.Fatal(err)
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), want
}

// foreignCommentParts returns the workbook data with its comment parts
// renamed and every VML shape id replaced by LibreOffice's shape_0. For
// layout "openpyxl" the parts are xl/comments/comment<N>.xml and
// xl/drawings/commentsDrawing<N>.vml, named by absolute targets; for
// "LibreOffice", relative targets where comments<N+10>.xml goes with
// vmlDrawing<N>.vml (LibreOffice numbers the comments by sheet, the
// drawings in sequence).
func foreignCommentParts(t testing.TB, data []byte, layout string) []byte {
	t.Helper()
	commentsPart := regexp.MustCompile(`^xl/comments([0-9]+)\.xml$`)
	vmlPart := regexp.MustCompile(`^xl/drawings/vmlDrawing([0-9]+)\.vml$`)
	shapeIDs := regexp.MustCompile(`id="_x0000_s[0-9]+"`)
	// rename maps what each name holds: a part's name, a rels target or a
	// content type's part name.
	var rename func(s string) string
	switch layout {
	case "openpyxl":
		rename = strings.NewReplacer(
			`xl/comments`, `xl/comments/comment`, `xl/drawings/vmlDrawing`, `xl/drawings/commentsDrawing`,
			`Target="../comments`, `Target="/xl/comments/comment`, `Target="../drawings/vmlDrawing`, `Target="/xl/drawings/commentsDrawing`,
		).Replace
	case "LibreOffice":
		num := regexp.MustCompile(`comments([0-9]+)\.xml`)
		rename = func(s string) string {
			return num.ReplaceAllStringFunc(s, func(m string) string {
				n, _ := strconv.Atoi(num.FindStringSubmatch(m)[1])
				return "comments" + strconv.Itoa(n+10) + ".xml"
			})
		}
	default:
		t.Fatalf("layout %q", layout)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	moved := 0
	for _, zf := range zr.File {
		part := zipPart(t, zf)
		name := zf.Name
		switch {
		case commentsPart.MatchString(name):
			name = rename(name)
			moved++
		case vmlPart.MatchString(name):
			name = rename(name)
			part = shapeIDs.ReplaceAll(part, []byte(`id="shape_0"`))
		case strings.HasPrefix(name, "xl/worksheets/_rels/"), name == contentTypesPart:
			part = []byte(rename(string(part)))
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(part); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if moved == 0 {
		t.Fatal("no comment part to move; the test needs some")
	}
	return out.Bytes()
}

// zipPart returns the inflated contents of one part.
func zipPart(t testing.TB, zf *zip.File) []byte {
	t.Helper()
	rc, err := zf.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// partNames returns the names of a package's parts.
func partNames(t testing.TB, data []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, zf := range zr.File {
		names = append(names, zf.Name)
	}
	return names
}

// open opens workbook data through Open and closes it after the test.
func open(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := Open(data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestCommentsForeign: comments in the parts excelize writes are its own;
// in openpyxl's or LibreOffice's parts they are foreign.
func TestCommentsForeign(t *testing.T) {
	data, _ := commented(t)
	blank, err := excelize.NewFile().WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"no comments", blank.Bytes(), false},
		{"written by excelize", data, false},
		{"openpyxl", foreignCommentParts(t, data, "openpyxl"), true},
		{"LibreOffice", foreignCommentParts(t, data, "LibreOffice"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CommentsForeign(open(t, tt.data)); got != tt.want {
				t.Errorf("CommentsForeign = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestWithExcelizeComments: the comments of a workbook excelize wrote are
// edited where they are, f itself; foreign ones are moved to a new
// workbook in excelize's layout, every comment on its cell with its author
// and text, each through restore, where AddComment and DeleteComment work
// and the old parts are gone.
func TestWithExcelizeComments(t *testing.T) {
	data, want := commented(t)
	t.Run("in place", func(t *testing.T) {
		f := open(t, data)
		g, err := WithExcelizeComments(f, nil)
		if err != nil || g != f {
			t.Fatalf("WithExcelizeComments = %p, %v; want f itself, %p", g, err, f)
		}
	})
	// The parts foreignCommentParts renames comments<N>.xml to.
	oldPart := regexp.MustCompile(`^xl/comments/|^xl/drawings/commentsDrawing|^xl/comments1[0-9]\.xml$`)
	for _, layout := range []string{"openpyxl", "LibreOffice"} {
		t.Run(layout, func(t *testing.T) {
			f := open(t, foreignCommentParts(t, data, layout))
			restored := 0
			g, err := WithExcelizeComments(f, func(c excelize.Comment) excelize.Comment {
				restored++
				c.Width, c.Height = 320, 60
				return c
			})
			if err != nil {
				t.Fatalf("WithExcelizeComments: %v", err)
			}
			if g == f {
				t.Fatal("WithExcelizeComments returned f for foreign comment parts")
			}
			defer g.Close()
			if restored != 3 {
				t.Errorf("restore called %d times, want once for each of 3 comments", restored)
			}
			if got := notes(t, g); !reflect.DeepEqual(got, want) {
				t.Errorf("comments moved: %v, want %v", got, want)
			}
			if err := g.DeleteComment("绩效指标", "D5"); err != nil {
				t.Fatal(err)
			}
			if err := g.AddComment("绩效指标", excelize.Comment{Cell: "D5", Author: "perfeval", Text: "perfeval:\n【警告】"}); err != nil {
				t.Fatalf("AddComment on the moved comments: %v", err)
			}
			if err := g.AddComment("决算收支", excelize.Comment{Cell: "A1", Author: "perfeval", Text: "perfeval:\n【提示】"}); err != nil {
				t.Fatalf("AddComment on a sheet without comments: %v", err)
			}
			buf, err := g.WriteToBuffer()
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range partNames(t, buf.Bytes()) {
				if oldPart.MatchString(name) {
					t.Errorf("old part %s is still in the package", name)
				}
			}
			h := open(t, buf.Bytes())
			if CommentsForeign(h) {
				t.Error("the rewritten workbook's comments are foreign")
			}
			want := map[string]map[string]note{
				"基本信息": want["基本信息"],
				"绩效指标": {"D5": {"perfeval", "perfeval:\n【警告】"}, "H12": want["绩效指标"]["H12"]},
				"决算收支": {"A1": {"perfeval", "perfeval:\n【提示】"}},
			}
			if got := notes(t, h); !reflect.DeepEqual(got, want) {
				t.Errorf("comments after editing: %v, want %v", got, want)
			}
		})
	}
}

// TestSheetRelsPart: only a sheet's relationships part, where excelize
// looks for it, names a sheet.
func TestSheetRelsPart(t *testing.T) {
	tests := []struct {
		name, sheet string
		ok          bool
	}{
		{"xl/worksheets/_rels/sheet1.xml.rels", "xl/worksheets/sheet1.xml", true},
		{"xl/worksheets/_rels/sheet12.xml.rels", "xl/worksheets/sheet12.xml", true},
		{"xl/worksheets/_rels/sub/sheet1.xml.rels", "", false},
		{"xl/_rels/workbook.xml.rels", "", false},
		{"xl/worksheets/sheet1.xml", "", false},
		{"xl/drawings/_rels/vmlDrawing1.vml.rels", "", false},
	}
	for _, tt := range tests {
		if sheet, ok := sheetRelsPart(tt.name); sheet != tt.sheet || ok != tt.ok {
			t.Errorf("sheetRelsPart(%s) = %q, %v, want %q, %v", tt.name, sheet, ok, tt.sheet, tt.ok)
		}
	}
}

// TestResolveTarget: a sheet's relative target is from xl/worksheets; an
// absolute one from the package's root.
func TestResolveTarget(t *testing.T) {
	tests := []struct{ target, part string }{
		{"../comments1.xml", "xl/comments1.xml"},
		{"../drawings/vmlDrawing2.vml", "xl/drawings/vmlDrawing2.vml"},
		{"/xl/comments/comment1.xml", "xl/comments/comment1.xml"},
		{"sheet2.xml", "xl/worksheets/sheet2.xml"},
	}
	for _, tt := range tests {
		if got := resolveTarget(tt.target); got != tt.part {
			t.Errorf("resolveTarget(%s) = %s, want %s", tt.target, got, tt.part)
		}
	}
}

// TestLegacyDrawingID reads the relationship id of a sheet's legacyDrawing,
// whatever the prefix of the relationships namespace.
func TestLegacyDrawingID(t *testing.T) {
	const rel = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	tests := []struct {
		sheet, want string
	}{
		{`<worksheet xmlns:r="` + rel + `"><sheetData/><legacyDrawing r:id="rId3"/></worksheet>`, "rId3"},
		{`<x:worksheet xmlns:x="main" xmlns:rel="` + rel + `"><x:legacyDrawing rel:id="rId1"/></x:worksheet>`, "rId1"},
		{`<worksheet><sheetData/></worksheet>`, ""},
		{`<worksheet xmlns:r="` + rel + `"><legacyDrawing/></worksheet>`, ""},
	}
	for _, tt := range tests {
		if got, err := legacyDrawingID([]byte(tt.sheet)); err != nil || got != tt.want {
			t.Errorf("legacyDrawingID(%s) = %q, %v, want %q", tt.sheet, got, err, tt.want)
		}
	}
}

// TestSheetNames maps each sheet's part to its name, whether the workbook's
// relationships name the parts relatively or absolutely.
func TestSheetNames(t *testing.T) {
	const rel = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	parts := map[string]string{
		"xl/workbook.xml": `<workbook xmlns:r="` + rel + `"><sheets><sheet name="基本信息" sheetId="1" r:id="rId1"/><sheet name="绩效指标" sheetId="2" r:id="rId2"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml"/></Relationships>`,
	}
	read := func(name string) ([]byte, error) {
		p, ok := parts[name]
		if !ok {
			return nil, io.ErrUnexpectedEOF
		}
		return []byte(p), nil
	}
	got, err := sheetNames(read)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"xl/worksheets/sheet1.xml": "基本信息", "xl/worksheets/sheet2.xml": "绩效指标"}
	if !maps.Equal(got, want) {
		t.Errorf("sheetNames = %v, want %v", got, want)
	}
}
