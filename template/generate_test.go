package template

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// filledData is a small prefilled form touching every part of the layout.
func filledData() *Data {
	return &Data{
		Year: 2022,
		Fields: map[string]string{
			"dept_name":      "南昌市政务服务数据管理局",
			"dept_code":      "001001",
			"declared_total": "94",
			"sub_units":      "2",
			"phone":          "13800000000",
			"assets_total":   "17570.36",
			"goal_expected":  "推动落实①完善南昌市数字政府改革及配套文件",
			"budget_reason":  "主要由于部分资金尚未达到支付要求。",
			"exp_total":      "9452.13",
		},
		Budget: map[string]map[string]string{
			BudgetTotal: {BudgetColPlan: "10343.6719", BudgetColExecution: "9452.1302", BudgetColWeight: "10", BudgetColRate: "91.38", BudgetColScore: "7"},
			BudgetOther: {BudgetColPlan: "726", BudgetColExecution: "680.69", BudgetColRate: "93.76"},
		},
		Indicators: []map[string]string{
			{ColLevel1: "产出指标", ColLevel2: "数量指标", ColName: "网上业务办理", ColTarget: ">=16.8万件", ColActual: "200万件", ColWeight: "3", ColSelfScore: "3"},
			{ColName: "扩种扩量电子证照", ColTarget: ">=290种", ColActual: "289种", ColWeight: "1.5", ColSelfScore: "1.49", ColReason: "目标调整不够及时"},
		},
		Breakdowns: map[string][]ItemData{
			"by_function": {{Label: "一般公共服务支出", Amount: "6239.5"}, {Label: "住房保障支出", Amount: "471.87"}},
		},
	}
}

// writeAndOpen generates a workbook, writes it through WriteTemplate and
// reopens it raw, as the reader does.
func writeAndOpen(t testing.TB, d *Data) (*excelize.File, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "form.xlsx")
	if err := WriteTemplate(path, Department, d); err != nil {
		t.Fatalf("WriteTemplate: %v", err)
	}
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("reopen %s: %v", path, err)
	}
	t.Cleanup(func() { f.Close() })
	return f, path
}

func value(t testing.TB, f *excelize.File, sheet string, col, row int) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cellName(col, row))
	if err != nil {
		t.Fatalf("GetCellValue(%s, %s): %v", sheet, cellName(col, row), err)
	}
	return v
}

// zipPart returns one part of the written package.
func zipPart(t testing.TB, path, name string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		if zf.Name == name {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("%s has no part %s", path, name)
	return ""
}

// sheetStates returns each sheet's state attribute from workbook.xml.
func sheetStates(t testing.TB, path string) map[string]string {
	t.Helper()
	var wb struct {
		Sheets []struct {
			Name  string `xml:"name,attr"`
			State string `xml:"state,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal([]byte(zipPart(t, path, "xl/workbook.xml")), &wb); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, s := range wb.Sheets {
		out[s.Name] = s.State
	}
	return out
}

var absRef = regexp.MustCompile(`^'([^']+)'!\$([A-Z]+)\$([0-9]+)$`)

// resolve returns the sheet, column and row a single-cell defined name
// points at.
func resolve(t testing.TB, names map[string]string, name string) (string, int, int) {
	t.Helper()
	ref, ok := names[name]
	if !ok {
		t.Fatalf("defined name %s is missing", name)
	}
	m := absRef.FindStringSubmatch(ref)
	if m == nil {
		t.Fatalf("defined name %s = %q, want 'Sheet'!$C$n", name, ref)
	}
	col, err := excelize.ColumnNameToNumber(m[2])
	if err != nil {
		t.Fatal(err)
	}
	row, _ := strconv.Atoi(m[3])
	return m[1], col, row
}

func workbookNames(f *excelize.File) map[string]string {
	names := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Scope == "Workbook" || dn.Scope == "" {
			names[dn.Name] = dn.RefersTo
		}
	}
	return names
}

func TestGenerateStructure(t *testing.T) {
	for _, tc := range []struct {
		name string
		data *Data
	}{
		{"blank", &Data{Year: 2022}},
		{"filled", filledData()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := Department
			f, path := writeAndOpen(t, tc.data)

			want := append(l.Sheets(), l.ListSheet, l.MetaSheet)
			if got := f.GetSheetList(); !slices.Equal(got, want) {
				t.Fatalf("sheets = %v, want %v", got, want)
			}
			states := sheetStates(t, path)
			for _, s := range l.Sheets() {
				if states[s] != "" {
					t.Errorf("sheet %s state = %q, want visible", s, states[s])
				}
			}
			if states[l.ListSheet] != "hidden" {
				t.Errorf("sheet %s state = %q, want hidden", l.ListSheet, states[l.ListSheet])
			}
			if states[l.MetaSheet] != "veryHidden" {
				t.Errorf("sheet %s state = %q, want veryHidden", l.MetaSheet, states[l.MetaSheet])
			}

			// Titles and headers.
			for _, s := range l.DataSheets() {
				if title := value(t, f, s, 1, TitleRow); !strings.HasPrefix(title, "部门整体支出绩效自评表（2022年度）") {
					t.Errorf("%s title = %q", s, title)
				}
			}
			checkHeaders := func(sheet string, want []string) {
				t.Helper()
				for i, h := range want {
					if got := value(t, f, sheet, i+1, HeaderRow); got != h {
						t.Errorf("%s header %d = %q, want %q", sheet, i+1, got, h)
					}
				}
			}
			checkHeaders(l.Info.Name, []string{FieldLabelHeader, FieldValueHeader})
			checkHeaders(l.Goals.Name, []string{FieldLabelHeader, FieldValueHeader})
			checkHeaders(l.Accounts.Name, []string{FieldLabelHeader, AccountsAmountHeader})
			bh, _ := columnHeaders(l.Budget.Columns)
			checkHeaders(l.Budget.Name, bh)
			ih, _ := columnHeaders(l.Indicators.Columns)
			checkHeaders(l.Indicators.Name, ih)

			// Every field's defined name points at column B of its label's row.
			names := workbookNames(f)
			var fields []struct {
				sheet string
				fd    Field
			}
			for _, fs := range []FieldSheet{l.Info, l.Goals, {Name: l.Accounts.Name, Fields: l.Accounts.Fields}, {Name: l.Budget.Name, Fields: []Field{l.Budget.Reason}}} {
				for _, fd := range fs.Fields {
					fields = append(fields, struct {
						sheet string
						fd    Field
					}{fs.Name, fd})
				}
			}
			for _, x := range fields {
				sheet, col, row := resolve(t, names, x.fd.Name)
				if sheet != x.sheet || col != 2 {
					t.Errorf("%s → %s column %d, want %s column 2", x.fd.Name, sheet, col, x.sheet)
				}
				if got := value(t, f, sheet, 1, row); got != x.fd.Label {
					t.Errorf("%s → row %d labelled %q, want %q", x.fd.Name, row, got, x.fd.Label)
				}
			}
			if _, _, row := resolve(t, names, l.Budget.Reason.Name); row != FirstDataRow+len(l.Budget.Rows)+1 {
				t.Errorf("budget reason at row %d, want %d", row, FirstDataRow+len(l.Budget.Rows)+1)
			}
			for i, br := range l.Budget.Rows {
				for j, c := range l.Budget.Columns[1:] {
					sheet, col, row := resolve(t, names, br.Name+"_"+c.Key)
					if sheet != l.Budget.Name || row != FirstDataRow+i || col != j+2 {
						t.Errorf("%s_%s → %s!%s, want %s", br.Name, c.Key, sheet, cellName(col, row), cellName(j+2, FirstDataRow+i))
					}
					if got := value(t, f, sheet, 1, row); got != br.Label {
						t.Errorf("%s_%s row label %q, want %q", br.Name, c.Key, got, br.Label)
					}
					if got := value(t, f, sheet, col, HeaderRow); got != c.Header {
						t.Errorf("%s_%s column header %q, want %q", br.Name, c.Key, got, c.Header)
					}
				}
			}
			if got := names["BudgetTotal_budget"]; got != "'资金情况'!$B$3" {
				t.Errorf("BudgetTotal_budget = %q, want '资金情况'!$B$3", got)
			}

			// Dropdowns reference the list sheet, and the lists hold the levels.
			dvs, err := f.GetDataValidations(l.Indicators.Name)
			if err != nil {
				t.Fatal(err)
			}
			lastRow := FirstDataRow + len(tc.data.Indicators) + spareIndicatorRows - 1
			if len(tc.data.Indicators) == 0 {
				lastRow = FirstDataRow + l.Indicators.InputRows - 1
			}
			lists := map[string]string{}
			for _, dv := range dvs {
				if dv.Type == "list" {
					lists[dv.Sqref] = dv.Formula1
				}
			}
			level1 := lists["A3:A"+strconv.Itoa(lastRow)]
			level2 := lists["B3:B"+strconv.Itoa(lastRow)]
			if !strings.Contains(level1, "'_lists'!") || !strings.Contains(level2, "'_lists'!") {
				t.Fatalf("level dropdowns = %v, want ranges on _lists over rows 3..%d", lists, lastRow)
			}
			if got := listValues(t, f, level1); !slices.Equal(got, []string{"产出指标", "效益指标", "满意度指标"}) {
				t.Errorf("一级指标 list = %v", got)
			}
			if got := listValues(t, f, everyLevel2(level2)); len(got) != 9 || got[0] != "数量指标" || got[8] != "满意度指标" {
				t.Errorf("二级指标 list = %v", got)
			}

			// Number validations on amounts, scores and counts.
			wantDV := map[string]string{
				l.Indicators.Name: "F3:F" + strconv.Itoa(lastRow),
				l.Budget.Name:     "B3:B7",
			}
			for sheet, sqref := range wantDV {
				dvs, err := f.GetDataValidations(sheet)
				if err != nil {
					t.Fatal(err)
				}
				found := false
				for _, dv := range dvs {
					if dv.Sqref == sqref && dv.Type == "decimal" && dv.Operator == "greaterThanOrEqual" && dv.Error != nil && *dv.Error != "" {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: no decimal ≥ 0 validation with a message on %s", sheet, sqref)
				}
			}

			// 评价年度: a whole year between MinYear and MaxYear.
			infoDVs, err := f.GetDataValidations(l.Info.Name)
			if err != nil {
				t.Fatal(err)
			}
			yearOK := false
			for _, dv := range infoDVs {
				if dv.Sqref == "B5" && dv.Type == "whole" && dv.Operator == "between" && dv.Formula1 == strconv.Itoa(MinYear) && dv.Formula2 == strconv.Itoa(MaxYear) {
					yearOK = true
				}
			}
			if !yearOK {
				t.Errorf("%s!B5: no whole-number validation between %d and %d", l.Info.Name, MinYear, MaxYear)
			}

			// Protection without a password, rows may be inserted and deleted.
			for _, s := range l.DataSheets() {
				p, err := f.GetSheetProtection(s)
				if err != nil {
					t.Fatal(err)
				}
				if !p.InsertRows || !p.DeleteRows || !p.FormatCells || !p.AutoFilter || p.InsertColumns {
					t.Errorf("%s protection = %+v", s, p)
				}
				idx, _ := f.GetSheetIndex(s)
				x := zipPart(t, path, "xl/worksheets/sheet"+strconv.Itoa(idx+1)+".xml")
				if !strings.Contains(x, `<sheetProtection`) || strings.Contains(x, "password=") || strings.Contains(x, "hashValue=") {
					t.Errorf("%s: want sheet protection without a password", s)
				}
			}
			checkLocked(t, f, l.Info.Name, "A3", true)
			checkLocked(t, f, l.Info.Name, "B3", false)
			checkLocked(t, f, l.Indicators.Name, "A2", true)
			checkLocked(t, f, l.Indicators.Name, cellName(8, lastRow), false)
			// The rest of an indicator row is unlocked too, so Excel lets a
			// protected row be deleted.
			checkLocked(t, f, l.Indicators.Name, cellName(20, lastRow), false)

			// Print titles and frozen header rows.
			titles := map[string]string{}
			for _, dn := range f.GetDefinedName() {
				if dn.Name == "_xlnm.Print_Titles" {
					titles[dn.Scope] = dn.RefersTo
				}
			}
			for _, s := range l.DataSheets() {
				if want := "'" + s + "'!$1:$2"; titles[s] != want {
					t.Errorf("%s print titles = %q, want %q", s, titles[s], want)
				}
				p, err := f.GetPanes(s)
				if err != nil {
					t.Fatal(err)
				}
				if !p.Freeze || p.YSplit != 2 || p.TopLeftCell != "A3" {
					t.Errorf("%s panes = %+v, want frozen above A3", s, p)
				}
				pl, err := f.GetPageLayout(s)
				if err != nil {
					t.Fatal(err)
				}
				// 决算收支, two columns, prints in portrait; the tables in
				// landscape, as the form is printed and signed.
				orient := "landscape"
				if s == l.Accounts.Name {
					orient = "portrait"
				}
				if pl.Size == nil || *pl.Size != 9 || pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.Orientation == nil || *pl.Orientation != orient {
					t.Errorf("%s page layout = %+v, want A4 %s fitted to width", s, pl, orient)
				}
			}

			// Meta.
			meta := map[string]string{}
			rows, err := f.GetRows(l.MetaSheet)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				if len(r) >= 2 {
					meta[r[0]] = r[1]
				}
			}
			wantMeta := map[string]string{MetaTemplateVersion: l.Version, MetaFormKind: "department", MetaYear: "2022", MetaRulebookID: DefaultRulebookID}
			for k, v := range wantMeta {
				if meta[k] != v {
					t.Errorf("_meta %s = %q, want %q", k, meta[k], v)
				}
			}

			// The year is prefilled in a blank template too.
			_, col, row := resolve(t, names, "EvalYear")
			if got := value(t, f, l.Info.Name, col, row); got != "2022" {
				t.Errorf("EvalYear = %q, want 2022", got)
			}
		})
	}
}

func listValues(t testing.TB, f *excelize.File, ref string) []string {
	t.Helper()
	m := regexp.MustCompile(`^'([^']+)'!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$`).FindStringSubmatch(ref)
	if m == nil {
		t.Fatalf("list source %q is not a range", ref)
	}
	col, _ := excelize.ColumnNameToNumber(m[2])
	r1, _ := strconv.Atoi(m[3])
	r2, _ := strconv.Atoi(m[5])
	var out []string
	for r := r1; r <= r2; r++ {
		out = append(out, value(t, f, m[1], col, r))
	}
	return out
}

func checkLocked(t testing.TB, f *excelize.File, sheet, cellRef string, want bool) {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cellRef)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	locked := st.Protection == nil || st.Protection.Locked
	if locked != want {
		t.Errorf("%s!%s locked = %v, want %v", sheet, cellRef, locked, want)
	}
}

func TestGenerateValues(t *testing.T) {
	l := Department
	f, _ := writeAndOpen(t, filledData())
	names := workbookNames(f)
	at := func(name string) (string, string) {
		sheet, col, row := resolve(t, names, name)
		return sheet, cellName(col, row)
	}
	checkNumber := func(name, want string) {
		t.Helper()
		sheet, c := at(name)
		v, _ := f.GetCellValue(sheet, c)
		typ, _ := f.GetCellType(sheet, c)
		if v != want || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
			t.Errorf("%s = %q (type %v), want the number %s", name, v, typ, want)
		}
	}
	checkText := func(sheet, c, want string) {
		t.Helper()
		v, _ := f.GetCellValue(sheet, c)
		typ, _ := f.GetCellType(sheet, c)
		if v != want || (typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString) {
			t.Errorf("%s!%s = %q (type %v), want the text %q", sheet, c, v, typ, want)
		}
	}
	checkNumber("BudgetTotal_execution", "9452.1302")
	checkNumber("BudgetTotal_budget", "10343.6719")
	checkNumber("BudgetTotal_rate", "91.38")
	checkNumber("AssetsTotal", "17570.36")
	checkNumber("DeclaredTotal", "94")
	checkNumber("ExpTotal", "9452.13")
	// Codes and phone numbers are text fields: leading zeros survive.
	s, c := at("DeptCode")
	checkText(s, c, "001001")
	s, c = at("Phone")
	checkText(s, c, "13800000000")

	ind := l.Indicators.Name
	checkText(ind, "D3", ">=16.8万件")
	checkText(ind, "E3", "200万件")
	if v := value(t, f, ind, 1, 4); v != "" {
		t.Errorf("%s!A4 = %q, want empty (carried forward)", ind, v)
	}
	if v, _ := f.GetCellValue(ind, "G4"); v != "1.49" {
		t.Errorf("%s!G4 = %q, want 1.49", ind, v)
	}
	checkText(ind, "H4", "目标调整不够及时")

	// Targets and actuals are text-formatted, so a typed =100% stays text;
	// amounts show the seed's four decimals.
	styleOf := func(sheet, c string) *excelize.Style {
		t.Helper()
		id, err := f.GetCellStyle(sheet, c)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := styleOf(ind, "D5"); st.NumFmt != 49 && (st.CustomNumFmt == nil || *st.CustomNumFmt != "@") {
		t.Errorf("%s!D5 number format %d %v, want text (49 or @)", ind, st.NumFmt, st.CustomNumFmt)
	}
	if st := styleOf(l.Budget.Name, "B3"); st.CustomNumFmt == nil || *st.CustomNumFmt != "0.0000" {
		t.Errorf("%s!B3 number format %v, want 0.0000", l.Budget.Name, st.CustomNumFmt)
	}

	// Breakdowns: section label, then the items, padded with input rows.
	rows, err := f.GetRows(l.Accounts.Name)
	if err != nil {
		t.Fatal(err)
	}
	sec := -1
	for i, r := range rows {
		if len(r) > 0 && r[0] == l.Accounts.Breakdowns[0].Label {
			sec = i
		}
	}
	if sec < 0 {
		t.Fatalf("no section row %q", l.Accounts.Breakdowns[0].Label)
	}
	if got := rows[sec+1]; len(got) < 2 || got[0] != "一般公共服务支出" || got[1] != "6239.5" {
		t.Errorf("first by_function item = %v", got)
	}
	next := sec + 1 + l.Accounts.Breakdowns[0].InputRows
	if got := rows[next]; len(got) == 0 || got[0] != l.Accounts.Breakdowns[1].Label {
		t.Errorf("row %d = %v, want the section %q after %d input rows", next+1, got, l.Accounts.Breakdowns[1].Label, l.Accounts.Breakdowns[0].InputRows)
	}
}

func TestGenerateGuide(t *testing.T) {
	l := Department
	d := &Data{Year: 2024, ScoringGuide: []string{"按本地规则计分：完成即得分。"}, BudgetWeight: "20", DeclaredTotal: "保留 1 位小数"}
	f, _ := writeAndOpen(t, d)
	rows, err := f.GetRows(l.GuideSheet)
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, r := range rows {
		all.WriteString(strings.Join(r, "\t"))
		all.WriteString("\n")
	}
	text := all.String()
	var helps []string
	for _, fd := range l.Info.Fields {
		helps = append(helps, fd.Label, fd.Help)
	}
	for _, c := range l.Indicators.Columns {
		helps = append(helps, c.Header, c.Help)
	}
	for _, c := range l.Budget.Columns[1:] {
		helps = append(helps, c.Header, c.Help)
	}
	for _, fd := range l.Accounts.Fields {
		helps = append(helps, fd.Label, fd.Help)
	}
	for _, b := range l.Accounts.Breakdowns {
		helps = append(helps, b.Label, b.Help)
	}
	helps = append(helps, l.Budget.Reason.Help, l.Goals.Fields[0].Help, "按本地规则计分：完成即得分。", "不要修改工作表名称")
	// The help follows the template's year and rules.
	fill := strings.NewReplacer("{year}", "2024", "{next}", "2025", "{budget_weight}", "20", "{declared}", "保留 1 位小数")
	for _, h := range helps {
		if !strings.Contains(text, fill.Replace(h)) {
			t.Errorf("guide lacks %q", fill.Replace(h))
		}
	}
	for _, want := range []string{"如 2024。", "如 2025年3月15日", "2024年12月31日前", "（20 分）", "保留 1 位小数"} {
		if !strings.Contains(text, want) {
			t.Errorf("guide lacks %q", want)
		}
	}
	if strings.Contains(text, "{") {
		t.Errorf("guide keeps a placeholder:\n%s", text)
	}
	if strings.Contains(text, "≥95% 得 10 分") {
		t.Errorf("guide keeps the default scoring text despite ScoringGuide")
	}

	// Without a rulebook's rules the guide states none of its own.
	f2, _ := writeAndOpen(t, &Data{Year: 2022})
	rows, _ = f2.GetRows(l.GuideSheet)
	found := false
	for _, r := range rows {
		found = found || (len(r) > 0 && r[0] == noScoringGuide)
		if len(r) > 0 && strings.Contains(r[0], "完成率") && strings.Contains(r[0], "得分 =") {
			t.Errorf("guide without rules states a scoring rule: %s", r[0])
		}
	}
	if !found {
		t.Errorf("guide without rules lacks %q", noScoringGuide)
	}
}

func TestGenerateLevels(t *testing.T) {
	d := &Data{Year: 2023, Levels: []LevelNames{
		{Name: "产出指标", Children: []string{"数量指标", "质量指标"}},
		{Name: "效益指标", Children: []string{"社会效益指标", "质量指标"}},
	}}
	f, _ := writeAndOpen(t, d)
	dvs, err := f.GetDataValidations(Department.Indicators.Name)
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, dv := range dvs {
		if dv.Type == "list" {
			got = append(got, listValues(t, f, everyLevel2(dv.Formula1)))
		}
	}
	want := [][]string{{"产出指标", "效益指标"}, {"数量指标", "质量指标", "社会效益指标"}}
	if len(got) != 2 || !slices.Equal(got[0], want[0]) || !slices.Equal(got[1], want[1]) {
		t.Errorf("dropdown lists = %v, want %v", got, want)
	}
}

func TestGenerateUnknownKey(t *testing.T) {
	for _, d := range []*Data{
		{Fields: map[string]string{"dept_nmae": "x"}},
		{Budget: map[string]map[string]string{"totl": {}}},
		{Budget: map[string]map[string]string{BudgetTotal: {"label": "x"}}},
		{Indicators: []map[string]string{{"nmae": "x"}}},
		{Breakdowns: map[string][]ItemData{"by_fn": nil}},
	} {
		if f, err := Generate(Department, d); err == nil {
			f.Close()
			t.Errorf("Generate(%+v) = nil error, want an unknown key error", d)
		}
	}
}

func TestWriteTemplateReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "blank.xlsx")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteTemplate(path, Department, &Data{Year: 2022}); err != nil {
		t.Fatalf("WriteTemplate: %v", err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 1 || ents[0].Name() != "blank.xlsx" {
		t.Errorf("folder holds %v, want only blank.xlsx", ents)
	}
	if _, err := excelize.OpenFile(path); err != nil {
		t.Errorf("reopen: %v", err)
	}
	// A failing generation leaves the existing file alone.
	if err := WriteTemplate(path, Department, &Data{Fields: map[string]string{"nope": "x"}}); err == nil {
		t.Errorf("WriteTemplate with an unknown key = nil error")
	}
	if _, err := excelize.OpenFile(path); err != nil {
		t.Errorf("existing file damaged: %v", err)
	}
	if err := WriteTemplate(filepath.Join(dir, "missing", "x.xlsx"), Department, &Data{}); err == nil {
		t.Errorf("WriteTemplate into a missing folder = nil error")
	}
}

// TestWriteTemplateFails: a failure to save is an *OpError of
// OpWriteTemplate on the path asked for, around the system's error, which
// names the folder rather than the temporary file when the folder is missing.
func TestWriteTemplateFails(t *testing.T) {
	dir := t.TempDir()
	blocked := filepath.Join(dir, "blocked.xlsx")
	if err := os.Mkdir(blocked, 0o755); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing", "x.xlsx")
	tests := []struct {
		name string
		path string
		want func(error) bool
	}{
		{"missing folder", missing, func(err error) bool {
			var pe *fs.PathError
			return errors.As(err, &pe) && pe.Path == filepath.Dir(missing) && errors.Is(err, fs.ErrNotExist)
		}},
		{"onto a folder", blocked, func(err error) bool {
			var le *os.LinkError
			return errors.As(err, &le)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := WriteTemplate(tt.path, Department, &Data{Year: 2022})
			var op *OpError
			if !errors.As(err, &op) || op.Op != OpWriteTemplate || op.Path != tt.path || !tt.want(op.Err) {
				t.Errorf("WriteTemplate(%s) = %v; want write template %s around the system's error", tt.path, err, tt.path)
			}
		})
	}
}

func TestGenerateDeterministic(t *testing.T) {
	var out [2][]byte
	for i := range out {
		f, err := Generate(Department, filledData())
		if err != nil {
			t.Fatal(err)
		}
		b, err := f.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		out[i] = b.Bytes()
		f.Close()
	}
	if !slices.Equal(out[0], out[1]) {
		t.Errorf("two generations of the same data differ")
	}
}

func TestPlainDecimal(t *testing.T) {
	for in, want := range map[string]bool{
		"9452.1302": true, "1.5": true, "-3": true, "0": true, "0.75": true,
		"007": false, ">=16.8万件": false, "96.12%": false, "1e5": false, ".5": false, "1,000": false, "": false, "+3": false,
	} {
		if got := plainDecimal.MatchString(in); got != want {
			t.Errorf("plainDecimal(%q) = %v, want %v", in, got, want)
		}
	}
}

// everyLevel2 returns the range of a level dropdown's source that lists
// every 二级指标, offered while the row's 一级 is blank (level2Source), or
// the source itself when it is a range.
func everyLevel2(src string) string {
	if !strings.HasPrefix(src, "IF(ISNA(") {
		return src
	}
	rest := src[strings.Index(src, ")),")+3:]
	return rest[:strings.Index(rest, ",OFFSET(")]
}
