package template

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"unicode"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"github.com/perfeval/perfeval/template/xlsx"
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

// openBadBytes opens a workbook of the bad-input corpus through xlsx.Open.
func openBadBytes(t testing.TB, name string) (*excelize.File, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../samples/bad", name))
	if err != nil {
		t.Fatal(err)
	}
	return xlsx.Open(data)
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

	f, err := xlsx.Open(seedBytes(t))
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
// issue and still reads the table above. (One past xlsx's bound on a
// sheet's cells is not opened at all: xlsx.TestOpenTooLarge.)
func TestReadManyRows(t *testing.T) {
	form := openBad(t, "rows-20k.xlsx")
	if len(form.Issues) != 1 || form.Issues[0].Code != "too_large" || form.Issues[0].Ref.Sheet != "绩效指标" {
		t.Errorf("issues %+v, want one too_large on 绩效指标", form.Issues)
	}
	if len(form.Indicators) != 44 {
		t.Errorf("%d indicators, want 44", len(form.Indicators))
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
	f, err := xlsx.Open(seedBytes(t))
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
	f, err := xlsx.Open(seedBytes(t))
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
	g, err := xlsx.Open(buf.Bytes())
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
// *xlsx.UnreadableError or as a Form, never as a panic.
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
		wb, err := xlsx.Open(data)
		if err != nil {
			var ue *xlsx.UnreadableError
			if !errors.As(err, &ue) || ue.Reason == "" || !slices.Contains([]string{"not_xlsx", "encrypted", "too_large"}, ue.Code) {
				t.Fatalf("xlsx.Open error %v is not an *xlsx.UnreadableError with a code and a reason", err)
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

// TestReadReviewColumns: the review columns an earlier annotation appended
// are found by their headers, right after the table or past a column the
// department inserted before them; a form without them has none.
func TestReadReviewColumns(t *testing.T) {
	for _, tt := range []struct {
		name  string
		shift int // columns between the table and the review columns; -1 for none
	}{
		{"no review columns", -1},
		{"right after the table", 0},
		{"past a column of the department's", 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := xlsx.Open(seedBytes(t))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			plain := Read(f, Department)
			if tt.shift >= 0 {
				for i, c := range Department.ReviewHeader {
					cell, _ := excelize.CoordinatesToCellName(plain.LastCol+1+tt.shift+i, plain.HeaderRow)
					if err := f.SetCellValue(Department.Indicators.Name, cell, c.Header); err != nil {
						t.Fatal(err)
					}
				}
			}
			form := Read(f, Department)
			want := 0
			if tt.shift >= 0 {
				want = plain.LastCol + 1 + tt.shift
			}
			if form.ReviewCol != want {
				t.Errorf("ReviewCol = %d, want %d (last column %d)", form.ReviewCol, want, plain.LastCol)
			}
		})
	}
}

// TestHasWide: Norm skips width.Narrow for a string it would not change;
// every rune is tried.
func TestHasWide(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		s := string(r)
		if changes := width.Narrow.String(s) != s; changes != hasWide(s) {
			t.Errorf("%U: width.Narrow changes it: %v, hasWide: %v", r, changes, hasWide(s))
		}
	}
}

// TestWithoutBrackets: withoutBrackets removes what the pattern it stands
// for replaces, on cases and on fuzzed text.
func TestWithoutBrackets(t *testing.T) {
	for _, s := range []string{"", "全年预算数(万元)", "(", ")", "a(b", "a)b(c)d", "((a)b)", "[x](y)[", "指标[权重](分)值", "((", "([)]", "（全角）", "a[b)c]d"} {
		if got, want := withoutBrackets(s), bracketsPattern.ReplaceAllString(s, ""); got != want {
			t.Errorf("withoutBrackets(%q) = %q, want %q", s, got, want)
		}
	}
}

// bracketsPattern is what withoutBrackets does, as a pattern.
var bracketsPattern = regexp.MustCompile(`\([^)]*\)|\[[^\]]*\]`)

func FuzzWithoutBrackets(f *testing.F) {
	for _, s := range []string{"全年预算数(万元)", "a[b)c]d", "((a)b)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := withoutBrackets(s), bracketsPattern.ReplaceAllString(s, ""); got != want {
			t.Errorf("withoutBrackets(%q) = %q, want %q", s, got, want)
		}
	})
}
