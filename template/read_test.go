package template

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/richardlehane/mscfb"
	"github.com/xuri/excelize/v2"
)

func ExampleRef_String() {
	fmt.Println(Ref{Sheet: "绩效指标", Row: 12, Col: 5})
	fmt.Println(Ref{Sheet: "绩效指标", Row: 2})
	fmt.Println(Ref{Sheet: "决算收支"})
	// Output:
	// 绩效指标!E12
	// 绩效指标!2:2
	// 决算收支
}

// seedBytes returns the bytes of the filled sample workbook.
func seedBytes(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("../samples/nanchang-2022.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestOpenUnreadable(t *testing.T) {
	seed := seedBytes(t)
	encrypted := func() []byte {
		f, err := excelize.OpenReader(bytes.NewReader(seed))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "locked.xlsx")
		if err := f.SaveAs(path, excelize.Options{Password: "123456"}); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}()
	var zipNoWorkbook bytes.Buffer
	zw := zip.NewWriter(&zipNoWorkbook)
	w, _ := zw.Create("hello.txt")
	w.Write([]byte("不是工作簿"))
	zw.Close()

	tests := []struct {
		name   string
		data   []byte
		code   string
		reason string // a part of the reason
	}{
		{"empty file", nil, "not_xlsx", "空"},
		{"text renamed .xlsx", []byte("部门,得分\n南昌,94\n"), "not_xlsx", "文本"},
		{"HTML export", []byte("\ufeff <HTML><body><table><tr><td>1</td></tr></table></body></HTML>"), "not_xlsx", "网页"},
		{"Excel 2003 XML", []byte(`<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>`), "not_xlsx", "2003"},
		{"PDF", []byte("%PDF-1.7\n"), "not_xlsx", "PDF"},
		{"truncated", seed[:len(seed)/3], "not_xlsx", "损坏"},
		{"legacy .xls container", append(bytes.Clone(cfbMagic), make([]byte, 1024)...), "not_xlsx", ".xls"},
		{"zip without a workbook", zipNoWorkbook.Bytes(), "not_xlsx", "没有"},
		{"OpenDocument", zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}), "not_xlsx", ".ods"},
		{"binary workbook", zipOf(t, map[string]string{"xl/workbook.bin": "x"}), "not_xlsx", ".xlsb"},
		{"part that does not inflate", corruptPart(t, seed), "not_xlsx", "损坏"},
		{"part larger than declared", understated(t), "too_large", "声明"},
		{"too many parts", manyParts(t, maxParts+1), "too_large", "部件"},
		{"password encrypted", encrypted, "encrypted", "密码"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := OpenBytes(tt.data)
			var ue *UnreadableError
			if !errors.As(err, &ue) {
				if f != nil {
					f.Close()
				}
				t.Fatalf("OpenBytes = %v, want an *UnreadableError", err)
			}
			if ue.Code != tt.code || !strings.Contains(ue.Reason, tt.reason) {
				t.Errorf("code %q reason %q, want code %q and a reason with %q", ue.Code, ue.Reason, tt.code, tt.reason)
			}
		})
	}
}

// zipOf returns a zip of the given parts, in name order.
func zipOf(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(parts)) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, parts[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// corruptPart flips bytes inside the compressed data of the seed's largest
// part, leaving the zip directory intact.
func corruptPart(t testing.TB, seed []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(seed), int64(len(seed)))
	if err != nil {
		t.Fatal(err)
	}
	var big *zip.File
	for _, zf := range zr.File {
		if big == nil || zf.CompressedSize64 > big.CompressedSize64 {
			big = zf
		}
	}
	off, err := big.DataOffset()
	if err != nil {
		t.Fatal(err)
	}
	out := bytes.Clone(seed)
	for i := range int64(8) {
		out[off+int64(big.CompressedSize64)/2+i] ^= 0xFF
	}
	return out
}

// understated returns a zip whose only part inflates to 64 KB but is
// declared as 100 bytes, with a true CRC: the shape of a zip bomb that
// lies to excelize's size limit.
func understated(t testing.TB) []byte {
	t.Helper()
	content := bytes.Repeat([]byte("<row/>"), 64<<10/6)
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write(content)
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CRC32: crc32.ChecksumIEEE(content), CompressedSize64: uint64(comp.Len()), UncompressedSize64: 100})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func manyParts(t testing.TB, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := range n {
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: strconv.Itoa(i), Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestLegacyContainers makes sure the corpus's .xls and .et files are
// compound files that mscfb parses, with a Workbook stream, so that they
// test the reader's tell between a legacy workbook and an encrypted one,
// not only its check of the magic number.
func TestLegacyContainers(t *testing.T) {
	for _, name := range []string{"legacy-xls.xlsx", "wps-et.xlsx"} {
		data, err := os.ReadFile(filepath.Join("../samples/bad", name))
		if err != nil {
			t.Fatal(err)
		}
		r, err := mscfb.New(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: mscfb: %v", name, err)
		}
		var streams []string
		for e, err := r.Next(); err == nil; e, err = r.Next() {
			streams = append(streams, e.Name)
		}
		if !slices.Contains(streams, "Workbook") {
			t.Errorf("%s has streams %q, want a Workbook stream", name, streams)
		}
		var ue *UnreadableError
		if _, err := OpenBytes(data); !errors.As(err, &ue) || ue.Code != "not_xlsx" || !strings.Contains(ue.Reason, ".xls") {
			t.Errorf("%s: OpenBytes = %v, want not_xlsx naming .xls", name, err)
		}
	}
}

// openBadBytes opens a workbook of the bad-input corpus through OpenBytes.
func openBadBytes(t testing.TB, name string) (*excelize.File, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../samples/bad", name))
	if err != nil {
		t.Fatal(err)
	}
	return OpenBytes(data)
}

// openBad reads a workbook of the bad-input corpus.
func openBad(t testing.TB, name string) *Form {
	t.Helper()
	f, err := openBadBytes(t, name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return Read(f, Department)
}

// budgetRow returns the 资金情况 row of form with the given key.
func budgetRow(t testing.TB, form *Form, key string) BudgetRow {
	t.Helper()
	for _, r := range form.Budget {
		if r.Key == key {
			return r
		}
	}
	t.Fatalf("no 资金情况 row %q", key)
	return BudgetRow{}
}

// TestReadFormulas: a cached result is the value; a formula without one, as
// openpyxl saves it, is Raw "=" + Formula with Formula set; a cached empty
// text is an empty cell; a target typed with "=" is its text.
func TestReadFormulas(t *testing.T) {
	form := openBad(t, "formulas-uncached.xlsx")
	total := budgetRow(t, form, BudgetTotal)
	if c := total.Cells[BudgetColPlan]; c.Raw != "=B4+B5" || c.Formula != "B4+B5" {
		t.Errorf("uncached 资金情况!B3 = %+v, want Raw =B4+B5 and Formula B4+B5", c)
	}
	if c := form.Indicators[1].SelfScore; c.Formula == "" || c.Raw != "="+c.Formula {
		t.Errorf("uncached 绩效指标!G4 = %+v", c)
	}
	if c := form.Indicators[0].Reason; c.Raw != "" || c.Formula != "" {
		t.Errorf("cached empty text 绩效指标!H3 = %+v, want an empty cell", c)
	}
	form = openBad(t, "formulas-cached.xlsx")
	total = budgetRow(t, form, BudgetTotal)
	if c := total.Cells[BudgetColPlan]; c.Raw != "10343.6719" || c.Formula != "" {
		t.Errorf("cached 资金情况!B3 = %+v, want the cached value", c)
	}

	f, err := OpenBytes(seedBytes(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Typed as "=1项" and "=100%": Excel makes formulas of both.
	if err := f.SetCellFormula("绩效指标", "D5", "1项"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellFormula("绩效指标", "D10", "100%"); err != nil {
		t.Fatal(err)
	}
	form = Read(f, Department)
	for i, want := range map[int]string{2: "=1项", 7: "=100%"} {
		if c := form.Indicators[i].Target; c.Raw != want || c.Formula != "" {
			t.Errorf("target typed %s reads %+v", want, c)
		}
	}
}

// TestReadMerged: a merge carries its value down a level column and a
// reason column; a merge over an actual leaves it empty, as Excel shows it;
// a banner merged across the table is a heading, not an indicator.
func TestReadMerged(t *testing.T) {
	form := openBad(t, "merged-cells.xlsx")
	if len(form.Indicators) != 44 {
		t.Fatalf("%d indicators, want 44", len(form.Indicators))
	}
	for i := 0; i <= 36; i++ {
		if got := form.Indicators[i].Level1.Raw; got != "产出指标" {
			t.Errorf("row %d level1 = %q, want 产出指标 from the merge", form.Indicators[i].Row, got)
		}
	}
	if got, want := form.Indicators[9].Reason.Raw, form.Indicators[8].Reason.Raw; got != want || got == "" {
		t.Errorf("H12 under the merge H11:H12 = %q, want H11's reason", got)
	}
	if c := form.Indicators[2]; c.Actual.Raw != "" || c.Target.Raw != "=1项" {
		t.Errorf("D5:E5 merged: target %q actual %q, want =1项 and empty", c.Target.Raw, c.Actual.Raw)
	}
	form = openBad(t, "merged-banner.xlsx")
	if len(form.Indicators) != 44 || form.Indicators[0].Level1.Raw != "产出指标" {
		t.Errorf("banner: %d indicators, first level1 %q", len(form.Indicators), form.Indicators[0].Level1.Raw)
	}
}

// TestReadTolerated reads corpus files that must read like the seed: no
// issues and all 44 indicators.
func TestReadTolerated(t *testing.T) {
	for _, name := range []string{"sheet-renamed-spaces.xlsx", "hidden-rows.xlsx", "blank-rows.xlsx", "title-rows.xlsx", "header-variants.xlsx"} {
		form := openBad(t, name)
		if len(form.Issues) != 0 || len(form.Indicators) != 44 {
			t.Errorf("%s: %d indicators, issues %+v", name, len(form.Indicators), form.Issues)
		}
	}
}

// TestReadManyRows: a sheet past MaxRows rows stops there with a too_large
// issue and still reads the table above; one past maxSheetCells is not
// opened at all.
func TestReadManyRows(t *testing.T) {
	form := openBad(t, "rows-20k.xlsx")
	if len(form.Issues) != 1 || form.Issues[0].Code != "too_large" || form.Issues[0].Ref.Sheet != "绩效指标" {
		t.Errorf("issues %+v, want one too_large on 绩效指标", form.Issues)
	}
	if len(form.Indicators) != 44 {
		t.Errorf("%d indicators, want 44", len(form.Indicators))
	}
	for _, name := range []string{"rows-1m.xlsx", "wide-cells.xlsx", "extra-sheet-1m.xlsx"} {
		var ue *UnreadableError
		if _, err := openBadBytes(t, name); !errors.As(err, &ue) || ue.Code != "too_large" || !strings.Contains(ue.Reason, "工作表“") {
			t.Errorf("%s: OpenBytes = %v, want too_large naming the sheet", name, err)
		}
	}
}

func TestParseRefersTo(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Ref
		ok   bool
	}{
		{"'基本信息'!$B$3", Ref{Sheet: "基本信息", Row: 3, Col: 2}, true},
		{"='基本信息'!$B$3", Ref{Sheet: "基本信息", Row: 3, Col: 2}, true},
		{"=基本信息!B3", Ref{Sheet: "基本信息", Row: 3, Col: 2}, true},
		{"绩效指标!$H4", Ref{Sheet: "绩效指标", Row: 4, Col: 8}, true},
		{"绩效指标!H$4", Ref{Sheet: "绩效指标", Row: 4, Col: 8}, true},
		{"'it''s'!$A$1", Ref{Sheet: "it's", Row: 1, Col: 1}, true},
		{"'''引号'''!C12", Ref{Sheet: "'引号'", Row: 12, Col: 3}, true},
		{"='a!b'!$AA$100", Ref{Sheet: "a!b", Row: 100, Col: 27}, true},
		{"'绩效指标'!$A$1:$B$2", Ref{}, false},
		{"'绩效指标'!$A$1,'绩效指标'!$B$2", Ref{}, false},
		{"'abc!B3", Ref{}, false},
		{"a,b!B3", Ref{}, false},
		{"'绩效指标'!#REF!", Ref{}, false},
		{"#REF!", Ref{}, false},
		{"!B3", Ref{}, false},
		{"$B$3", Ref{}, false},
		{"", Ref{}, false},
	} {
		if got, ok := ParseRefersTo(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("ParseRefersTo(%q) = %v, %v, want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestReadWideRow keeps maxCols columns of a row with a cell at XFD.
func TestReadWideRow(t *testing.T) {
	f, err := OpenBytes(seedBytes(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.SetCellValue("绩效指标", "XFD20", "x"); err != nil {
		t.Fatal(err)
	}
	r := &reader{f: f, l: Department, grids: map[string]*grid{}, styles: map[int]numKind{}, sheets: map[string]string{"绩效指标": "绩效指标"}, form: &Form{}}
	g := r.sheet("绩效指标", true)
	if got := len(g.rows[19]); got != maxCols {
		t.Errorf("row 20 keeps %d cells, want %d", got, maxCols)
	}
}

// TestReadSample reads the filled sample and finds every part of the layout.
func TestReadSample(t *testing.T) {
	f, err := OpenBytes(seedBytes(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	form := Read(f, Department)
	if len(form.Issues) != 0 {
		t.Errorf("issues: %+v", form.Issues)
	}
	if got := len(form.Indicators); got != 44 {
		t.Errorf("got %d indicators, want 44", got)
	}
	if got := len(form.Budget); got != 5 {
		t.Errorf("got %d budget rows, want 5", got)
	}
	for _, fd := range Department.Info.Fields {
		if fd.Required {
			if c, ok := form.Fields[fd.Key]; !ok || c.Empty() {
				t.Errorf("field %s not found", fd.Key)
			}
		}
	}
	if c := form.Fields["dept_name"]; c.Ref.String() != "基本信息!B3" || c.Raw != "南昌市政务服务数据管理局" {
		t.Errorf("dept_name = %+v", c)
	}
	if got := len(form.Breakdowns["by_function"]); got != 4 {
		t.Errorf("by_function has %d items, want 4", got)
	}
	if got := len(form.Breakdowns["by_economic"]); got != 4 {
		t.Errorf("by_economic has %d items, want 4", got)
	}
	in := form.Indicators[1]
	if in.Name.Raw != "扩种扩量电子证照" || in.Target.Raw != ">=290种" || in.Weight.Raw != "1.5" || !in.Level1Carried && in.Level1.Raw != "产出指标" {
		t.Errorf("indicator 1 = %+v", in)
	}
	if form.Meta["template_version"] != Department.Version {
		t.Errorf("meta = %v", form.Meta)
	}
}

// TestReadBlankTemplate is the round trip: a generated template reads back
// with every sheet, column and field found and no indicators.
func TestReadBlankTemplate(t *testing.T) {
	f, err := Generate(Department, &Data{Year: 2022})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	g, err := OpenBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	form := Read(g, Department)
	if len(form.Issues) != 0 {
		t.Errorf("issues: %+v", form.Issues)
	}
	if len(form.Indicators) != 0 {
		t.Errorf("blank template has %d indicators", len(form.Indicators))
	}
}

// FuzzRead feeds arbitrary bytes, seeded with real workbooks and their
// broken variants, to the opener and reader: every input ends either as an
// *UnreadableError or as a Form, never as a panic.
func FuzzRead(f *testing.F) {
	seed, err := os.ReadFile("../samples/nanchang-2022.xlsx")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add(seed[:len(seed)/2])
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	// The small files of the bad-input corpus; the giants would only slow
	// every mutation down.
	bad, _ := filepath.Glob("../samples/bad/*.xlsx")
	for _, name := range bad {
		if data, err := os.ReadFile(name); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	// The codes pipeline's structure check declares: a reader issue with
	// any other code would make it panic.
	issueCodes := []string{"missing_sheet", "missing_column", "missing_field", "too_large", "template_version"}
	f.Fuzz(func(t *testing.T, data []byte) {
		wb, err := OpenBytes(data)
		if err != nil {
			var ue *UnreadableError
			if !errors.As(err, &ue) || ue.Reason == "" || !slices.Contains([]string{"not_xlsx", "encrypted", "too_large"}, ue.Code) {
				t.Fatalf("OpenBytes error %v is not an *UnreadableError with a code and a reason", err)
			}
			return
		}
		defer wb.Close()
		form := Read(wb, Department)
		for _, is := range form.Issues {
			if !slices.Contains(issueCodes, is.Code) || is.Message == "" {
				t.Fatalf("issue with an unknown code or no message: %+v", is)
			}
		}
	})
}

// TestScanSheet counts what excelize's model of a worksheet would hold, with
// and without the rows after the last value.
func TestScanSheet(t *testing.T) {
	tests := []struct {
		xml  string
		want sheetSize
	}{
		{`<sheetData><row r="1"><c r="A1"/><c r="C1"/></row><row r="2"><c r="B2"/></row></sheetData>`, sheetSize{Cells: 2 + 3 + 2}},
		{`<sheetData><row r="3"><c r="H3"><v>1</v></c></row></sheetData>`, sheetSize{Cells: 3 + 8, Kept: 3 + 8, LastValue: 3}},
		{`<x:sheetData><x:row r="1"><x:c r="XFD1" s="1"/></x:row></x:sheetData>`, sheetSize{Cells: 1 + 16384}},
		{`<sheetData><row><c/><c/></row><row><c><v>1</v></c></row></sheetData>`, sheetSize{Cells: 2 + 2 + 1, Kept: 2 + 2 + 1, LastValue: 2}},
		{`<sheetData><row r="1000"/></sheetData>`, sheetSize{Cells: 1000}},
		{`<sheetData><row r='2'><c r='D2' t="s"><v>0</v></c></row></sheetData>`, sheetSize{Cells: 2 + 4, Kept: 2 + 4, LastValue: 2}},
		{`<sheetData><row r="1"><c r="A1"><is><t>&lt;c r="XFD1"&gt;</t></is></c></row></sheetData>`, sheetSize{Cells: 1 + 1, Kept: 1 + 1, LastValue: 1}},
		// What LibreOffice writes after a row is deleted: an empty last row.
		{`<sheetData><row r="2"><c r="B2"><f>1+1</f></c></row><row r="1048576" customFormat="false"></row></sheetData>`,
			sheetSize{Cells: 2 + 1048576, Kept: 2 + 2, LastValue: 2}},
		// Styled cells without values below the table do not count in Kept.
		{`<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="900000"><c r="A900000" s="3"/></row></sheetData>`,
			sheetSize{Cells: 1 + 1 + 900000, Kept: 1 + 1, LastValue: 1}},
	}
	for _, tt := range tests {
		if got := scanSheet(strings.NewReader(tt.xml), maxSheetCells); got != tt.want {
			t.Errorf("scanSheet(%s) = %+v, want %+v", tt.xml, got, tt.want)
		}
	}
	if got := scanSheet(strings.NewReader(`<row r="1048576"><c><v>1</v></c></row><row r="1"><c r="XFD1"/></row>`), 10); got.Kept <= 10 {
		t.Errorf("scanSheet stops at %+v, want Kept past the limit 10", got)
	}
}

// TestTrimRows leaves out the rows after the last value and nothing else.
func TestTrimRows(t *testing.T) {
	tests := []struct {
		in   string
		last int
		want string
	}{
		{`<ws><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576" ht="12"></row></sheetData><sheetProtection sheet="1"/></ws>`, 1,
			`<ws><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><sheetProtection sheet="1"/></ws>`},
		{`<ws><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"/><row r="3"><c r="A3"><v>x</v></c></row><row r="5"/><row r="6"><c r="B6" s="1"/></row></sheetData></ws>`, 3,
			`<ws><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"/><row r="3"><c r="A3"><v>x</v></c></row></sheetData></ws>`},
		{"<?xml version=\"1.0\"?>\n<x:ws><x:sheetData><x:row r=\"1\"><x:c><x:is><x:t>a &lt; b</x:t></x:is></x:c></x:row><x:row r=\"9\"></x:row></x:sheetData></x:ws>", 1,
			"<?xml version=\"1.0\"?>\n<x:ws><x:sheetData><x:row r=\"1\"><x:c><x:is><x:t>a &lt; b</x:t></x:is></x:c></x:row></x:sheetData></x:ws>"},
	}
	for _, tt := range tests {
		got, err := trimRows(strings.NewReader(tt.in), tt.last)
		if err != nil || string(got) != tt.want {
			t.Errorf("trimRows(%s, %d) = %s, %v\nwant %s", tt.in, tt.last, got, err, tt.want)
		}
	}
	if _, err := trimRows(strings.NewReader(`<sheetData><row r="1"><c><v>1</v></c></row><row r="2"><c`), 1); err == nil {
		t.Errorf("trimRows of a row cut short: no error")
	}
}

// TestLabelMatches: a label matches whatever width, spacing, invisible
// characters or parenthesised unit it is written with, and nothing else.
func TestLabelMatches(t *testing.T) {
	tests := []struct {
		text, label string
		want        bool
	}{
		{"三级指标", "三级指标", true},
		{" 三级 指标\n", "三级指标", true},
		{"三级指标\u200b", "三级指标", true},
		{"\ufeff产出指标", "产出指标", true},
		{"财政\u00a0拨款", "财政拨款", true},
		{"全年预算数（万元）", "全年预算数", true},
		{"全年预算数(万元)", "全年预算数（万元）", true},
		{"ＡＢＣ", "ABC", true},
		{"", "三级指标", false},
		{"二级指标", "三级指标", false},
	}
	for _, tt := range tests {
		if got := labelMatches(tt.text, tt.label); got != tt.want {
			t.Errorf("labelMatches(%q, %q) = %v, want %v", tt.text, tt.label, got, tt.want)
		}
	}
}
