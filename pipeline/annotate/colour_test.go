package annotate

import (
	"archive/zip"
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestRGBOf(t *testing.T) {
	for in, want := range map[string]string{
		"FFC7CE":     "FFC7CE",
		"#ffc7ce":    "FFC7CE",
		"FF000000":   "000000", // ARGB
		"00000000":   "000000", // openpyxl's black
		"80FF0000":   "FF0000",
		"":           "",
		"FF":         "",
		"FF00000000": "",
		"GGGGGG":     "",
	} {
		if got := rgbOf(in); got != want {
			t.Errorf("rgbOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNormaliseStyle feeds normaliseStyle the colours GetStyle returns for
// styles LibreOffice and openpyxl write, and expects ones NewStyle writes
// well-formed, with theme and indexed font colours kept.
func TestNormaliseStyle(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	a := &annotation{f: f}
	theme := 1
	st := &excelize.Style{
		Font: &excelize.Font{Family: "宋体", Size: 11, Color: "00000000"},
		Border: []excelize.Border{
			{Type: "left", Color: "", Style: 1},
			{Type: "right", Color: "00C00000", Style: 1},
			{Type: "top", Color: "c00000", Style: 2},
		},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{""}},
	}
	font := st.Font
	a.normaliseStyle(0, st)
	if st.Font.Color != "000000" {
		t.Errorf("font colour = %q, want 000000", st.Font.Color)
	}
	if font.Color != "00000000" {
		t.Errorf("the font GetStyle returned was changed: %q", font.Color)
	}
	wantBorders := []excelize.Border{
		{Type: "left", Color: automaticColour, Style: 1},
		{Type: "right", Color: "C00000", Style: 1},
		{Type: "top", Color: "C00000", Style: 2},
	}
	if !reflect.DeepEqual(st.Border, wantBorders) {
		t.Errorf("borders = %+v, want %+v", st.Border, wantBorders)
	}
	if !reflect.DeepEqual(st.Fill, excelize.Fill{}) {
		t.Errorf("a solid fill without a colour = %+v, want no fill", st.Fill)
	}
	if _, err := f.NewStyle(st); err != nil {
		t.Errorf("NewStyle: %v", err)
	}

	themed := &excelize.Style{
		Font: &excelize.Font{Family: "宋体", ColorTheme: &theme, ColorTint: -0.25},
		Fill: excelize.Fill{Type: "gradient", Shading: 1, Color: []string{"FFFFFF", "FF4472C4"}},
	}
	a.normaliseStyle(0, themed)
	if themed.Font.ColorTheme == nil || *themed.Font.ColorTheme != theme || themed.Font.ColorTint != -0.25 || themed.Font.Color != "" {
		t.Errorf("themed font = %+v, want theme %d, tint -0.25 kept", themed.Font, theme)
	}
	if want := []string{"FFFFFF", "4472C4"}; !reflect.DeepEqual(themed.Fill.Color, want) {
		t.Errorf("gradient colours = %q, want %q", themed.Fill.Color, want)
	}
	if _, err := f.NewStyle(themed); err != nil {
		t.Errorf("NewStyle: %v", err)
	}
}

// TestKeptRunsReply: a department's answer written below perfeval's part of
// a comment is kept; perfeval's finding and draft lines are not.
func TestKeptRunsReply(t *testing.T) {
	c := &excelize.Comment{Paragraph: []excelize.RichTextRun{
		{Text: CommentAuthor + ":\n【错误】自评总分不符：……（declared_total_mismatch）\n【提示】合计不符：……\n本栏标有“【草拟】”的内容由 perfeval 草拟……\n部门回复：已按复核分数改正。"},
	}}
	runs := keptRuns(c)
	var all strings.Builder
	for _, r := range runs {
		all.WriteString(r.Text)
	}
	if got := all.String(); got != "部门回复：已按复核分数改正。" {
		t.Errorf("kept %q, want only the department's reply", got)
	}
}

// TestKeptRunsColours expects the runs of a comment kept above perfeval's
// with colours AddComment writes well-formed.
func TestKeptRunsColours(t *testing.T) {
	c := &excelize.Comment{Paragraph: []excelize.RichTextRun{
		{Text: "部门备注", Font: &excelize.Font{Size: 9, Color: "00FF0000"}},
		{Text: CommentAuthor + ":\n【错误】旧意见"},
	}}
	runs := keptRuns(c)
	if len(runs) != 1 || runs[0].Font == nil || runs[0].Font.Color != "FF0000" {
		t.Fatalf("kept runs = %+v, want one run in FF0000", runs)
	}
	if c.Paragraph[0].Font.Color != "00FF0000" {
		t.Errorf("the comment read was changed: %q", c.Paragraph[0].Font.Color)
	}
}

// TestFillColourWithoutTheme: a workbook without a theme part, as
// LibreOffice saves it, still gives up its cells' fill colours, which
// excelize alone reads as none.
func TestFillColourWithoutTheme(t *testing.T) {
	f := excelize.NewFile()
	id, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle("Sheet1", "B2", "B2", id); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f.Close()
	// The same workbook without xl/theme/theme1.xml.
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/theme/") {
			continue
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(&out)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	a := &annotation{f: g, styles: map[int]*excelize.Style{}}
	sid, err := g.GetCellStyle("Sheet1", "B2")
	if err != nil {
		t.Fatal(err)
	}
	st, err := a.styleDef(sid)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Fill.Color) != 1 || strings.ToUpper(st.Fill.Color[0]) != "FFF2CC" {
		t.Errorf("fill %+v, want FFF2CC", st.Fill)
	}
}

// TestKeptRunsReviewer: perfeval's part of a comment starts at the
// reviewer's heading, whatever name the rulebook gave when the copy was
// written; a department's own line ending in a colon is not a heading.
func TestKeptRunsReviewer(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"部门备注\n\n某区财政局复核：\n【错误】旧意见\n部门回复：已改正。", "部门备注\n部门回复：已改正。"},
		{"财政局复核：\n【警告】旧意见", ""},
		{"说明：\n数字来自决算。", "说明：\n数字来自决算。"},
	} {
		runs := keptRuns(&excelize.Comment{Paragraph: []excelize.RichTextRun{{Text: tc.text}}})
		var all strings.Builder
		for _, r := range runs {
			all.WriteString(r.Text)
		}
		if got := all.String(); got != tc.want {
			t.Errorf("keptRuns(%q) kept %q, want %q", tc.text, got, tc.want)
		}
	}
}
