package xlsx

import (
	"archive/zip"
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// macroParts are the parts samples/bad/macro.xlsm carries for its macros.
var macroParts = []string{
	"customUI/_rels/customUI.xml.rels", "customUI/customUI.xml", "customUI/images/icon.png",
	"xl/_rels/vbaProject.bin.rels", "xl/vbaProject.bin", "xl/vbaProjectSignature.bin",
}

// withWorkbookType returns the seed with its workbook part's content type
// replaced, as an .xlsm without a macro or a template has it.
func withWorkbookType(t *testing.T, typ string) []byte {
	t.Helper()
	seed := seedBytes(t)
	zr, err := zip.NewReader(bytes.NewReader(seed), int64(len(seed)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		if zf.Name != contentTypesPart {
			if err := zw.Copy(zf); err != nil {
				t.Fatal(err)
			}
			continue
		}
		b := zipPart(t, zf)
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(bytes.Replace(b, []byte(excelize.ContentTypeSheetML), []byte(typ), 1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestWithoutMacros: a workbook with macros, or with the content type of
// a macro-enabled workbook or a template, is written as an .xlsx: no macro
// part, no relationship to one, the workbook part typed as Excel requires
// of an .xlsx, the sheets as they were; a plain one is left alone.
func TestWithoutMacros(t *testing.T) {
	macro, err := openBadBytes(t, "macro.xlsm")
	if err != nil {
		t.Fatal(err)
	}
	defer macro.Close()
	open := func(data []byte) *excelize.File {
		f, err := Open(data)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	tests := []struct {
		name   string
		f      *excelize.File
		macros []string
		same   bool // WithoutMacros gives f itself
	}{
		{"plain workbook", open(seedBytes(t)), nil, true},
		{"macro-enabled with macros", macro, macroParts, false},
		{"macro-enabled without a macro", open(withWorkbookType(t, "application/vnd.ms-excel.sheet.macroEnabled.main+xml")), nil, false},
		{"template", open(withWorkbookType(t, "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml")), nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Macros(tt.f); !slices.Equal(got, tt.macros) {
				t.Errorf("Macros() = %q, want %q", got, tt.macros)
			}
			g, err := WithoutMacros(tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if (g == tt.f) != tt.same {
				t.Fatalf("WithoutMacros gave f itself: %v, want %v", g == tt.f, tt.same)
			}
			if g != tt.f {
				defer g.Close()
			}
			if got := Macros(tt.f); !slices.Equal(got, tt.macros) {
				t.Errorf("after WithoutMacros, Macros(f) = %q, want f unchanged", got)
			}
			if !slices.Equal(g.GetSheetList(), tt.f.GetSheetList()) {
				t.Errorf("sheets %q, want %q", g.GetSheetList(), tt.f.GetSheetList())
			}
			if v, err := g.GetCellValue("基本信息", "B3"); err != nil || v != "南昌市政务服务数据管理局" {
				t.Errorf("基本信息!B3 = %q, %v; want the department", v, err)
			}
			buf, err := g.WriteToBuffer()
			if err != nil {
				t.Fatal(err)
			}
			checkPlainXLSX(t, buf.Bytes())
		})
	}
}

// checkPlainXLSX asserts what Excel requires of a file named .xlsx: the
// workbook part's content type is the .xlsx one, and no part, content type
// or relationship of a macro is left.
func checkPlainXLSX(t *testing.T, data []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		lower := strings.ToLower(zf.Name)
		if strings.Contains(lower, "vbaproject") || strings.HasPrefix(lower, "customui") {
			t.Errorf("part %s is left", zf.Name)
		}
		b := string(zipPart(t, zf))
		switch {
		case zf.Name == contentTypesPart:
			want := `<Override PartName="/xl/workbook.xml" ContentType="` + excelize.ContentTypeSheetML + `"`
			if !strings.Contains(b, want) || strings.Contains(b, "macroEnabled") || strings.Contains(b, "vbaProject") || strings.Contains(b, "template.main") {
				t.Errorf("%s: %s\nwant %s and no macro content type", zf.Name, b, want)
			}
		case strings.HasSuffix(zf.Name, ".rels"):
			if strings.Contains(b, "vbaProject") || strings.Contains(b, "ui/extensibility") || strings.Contains(b, "customUI") {
				t.Errorf("%s keeps a relationship to a macro: %s", zf.Name, b)
			}
		}
	}
}

func TestRelsSource(t *testing.T) {
	for _, tt := range []struct {
		name, source string
		ok           bool
	}{
		{"_rels/.rels", "", true},
		{"xl/_rels/workbook.xml.rels", "xl/workbook.xml", true},
		{"xl/worksheets/_rels/sheet1.xml.rels", "xl/worksheets/sheet1.xml", true},
		{"customUI/_rels/customUI.xml.rels", "customUI/customUI.xml", true},
		{"xl/workbook.xml", "", false},
		{"xl/my_rels/a.xml.rels", "", false},
	} {
		if source, ok := relsSource(tt.name); source != tt.source || ok != tt.ok {
			t.Errorf("relsSource(%q) = %q, %v; want %q, %v", tt.name, source, ok, tt.source, tt.ok)
		}
	}
}
