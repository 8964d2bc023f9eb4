package template

import (
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// prefillData is what distribute writes for one department: name, code,
// year and two budget figures, all prefilled.
func prefillData() *Data {
	return &Data{
		Year:   2022,
		Fields: map[string]string{"dept_name": "南昌市政务服务数据管理局", "dept_code": "101001"},
		Budget: map[string]map[string]string{
			BudgetTotal:  {BudgetColPlan: "10343.6719"},
			BudgetFiscal: {BudgetColPlan: "9617.6719"},
		},
		Prefill: []PrefillKey{{Field: "dept_name"}, {Field: "dept_code"}, {Field: "year"},
			{BudgetRow: BudgetTotal, BudgetCol: BudgetColPlan}, {BudgetRow: BudgetFiscal, BudgetCol: BudgetColPlan}},
	}
}

// TestPrefillRecorded: the prefilled values are in _meta, and the reader
// gives them back.
func TestPrefillRecorded(t *testing.T) {
	f, err := Generate(Department, prefillData())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	form := Read(f, Department)
	got := PrefilledOf(form.Meta)
	want := []Prefilled{
		{PrefillKey{BudgetRow: BudgetFiscal, BudgetCol: BudgetColPlan}, "9617.6719"},
		{PrefillKey{BudgetRow: BudgetTotal, BudgetCol: BudgetColPlan}, "10343.6719"},
		{PrefillKey{Field: "dept_code"}, "101001"},
		{PrefillKey{Field: "dept_name"}, "南昌市政务服务数据管理局"},
		{PrefillKey{Field: "year"}, "2022"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("PrefilledOf = %v, want %v", got, want)
	}
	if form.Fields["dept_code"].Raw != "101001" || form.Budget[0].Cells[BudgetColPlan].Raw != "10343.6719" {
		t.Errorf("prefilled values read back as %q and %q", form.Fields["dept_code"].Raw, form.Budget[0].Cells[BudgetColPlan].Raw)
	}
	if PrefilledOf(map[string]string{MetaYear: "2022", "prefill:budget:total": "1", "prefill:field:": "x"}) != nil {
		t.Error("PrefilledOf read malformed or foreign keys")
	}
}

// TestPrefillLockedAndMarked: a prefilled cell is locked and shaded
// PrefillFill; the cells left to the department stay unlocked input cells,
// and 填报说明 explains the shading.
func TestPrefillLockedAndMarked(t *testing.T) {
	f, err := Generate(Department, prefillData())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	style := func(sheet, cell string) *excelize.Style {
		t.Helper()
		id, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	locked := func(st *excelize.Style) bool { return st.Protection == nil || st.Protection.Locked }
	fill := func(st *excelize.Style) string {
		if len(st.Fill.Color) == 0 {
			return ""
		}
		c := strings.ToUpper(st.Fill.Color[0])
		if len(c) == 8 { // ARGB
			c = c[2:]
		}
		return c
	}
	// 基本信息 B3 name, B4 code, B5 year; 资金情况 B3 total, B4 fiscal.
	for _, c := range [][2]string{{"基本信息", "B3"}, {"基本信息", "B4"}, {"基本信息", "B5"}, {"资金情况", "B3"}, {"资金情况", "B4"}} {
		st := style(c[0], c[1])
		if !locked(st) || fill(st) != PrefillFill {
			t.Errorf("%s!%s: locked %v, fill %q; want locked and %s", c[0], c[1], locked(st), fill(st), PrefillFill)
		}
	}
	for _, c := range [][2]string{{"基本信息", "B6"}, {"资金情况", "B5"}, {"资金情况", "C3"}} {
		st := style(c[0], c[1])
		if locked(st) || fill(st) != InputFill {
			t.Errorf("%s!%s: locked %v, fill %q; want an unlocked input cell", c[0], c[1], locked(st), fill(st))
		}
	}
	rows, err := f.GetRows("填报说明")
	if err != nil {
		t.Fatal(err)
	}
	var guide strings.Builder
	for _, r := range rows {
		guide.WriteString(strings.Join(r, " "))
	}
	if !strings.Contains(guide.String(), "浅蓝色底纹的单元格") {
		t.Error("填报说明 does not explain the prefilled cells")
	}
}

// TestPrefillNeedsValue: a prefill key without a value, or outside the
// layout, is a generation error.
func TestPrefillNeedsValue(t *testing.T) {
	for _, k := range []PrefillKey{{Field: "filler"}, {Field: "nonsense"}, {BudgetRow: BudgetOther, BudgetCol: BudgetColPlan}, {BudgetRow: "x", BudgetCol: BudgetColPlan}} {
		d := prefillData()
		d.Prefill = append(d.Prefill, k)
		if f, err := Generate(Department, d); err == nil {
			f.Close()
			t.Errorf("Generate with prefill %s: no error", k.MetaKey())
		}
	}
}

// TestBudgetWeightOffered: the blank form offers the rulebook's budget
// weight on the 年度资金总额 row (10 by the seed's rules) in an unlocked
// input cell the department may change; a weight in the data wins, and a
// rulebook without one leaves the cell empty.
func TestBudgetWeightOffered(t *testing.T) {
	for _, tc := range []struct {
		name string
		l    *Layout
		d    *Data
		want string
	}{
		{"seed's rules", Department, &Data{Year: 2022}, "10"},
		{"project form", Project, &Data{Year: 2022}, "10"},
		{"rulebook's weight", Department, &Data{Year: 2022, BudgetWeight: "8"}, "8"},
		{"no weight", Department, &Data{Year: 2022, BudgetWeight: "0"}, ""},
		{"data wins", Department, &Data{Year: 2022, Budget: map[string]map[string]string{BudgetTotal: {BudgetColWeight: "12"}}}, "12"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Generate(tc.l, tc.d)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			col := 0
			for i, c := range tc.l.Budget.Columns {
				if c.Key == BudgetColWeight {
					col = i + 1
				}
			}
			cell := cellName(col, FirstDataRow)
			v, err := f.GetCellValue(tc.l.Budget.Name, cell)
			if err != nil {
				t.Fatal(err)
			}
			if v != tc.want {
				t.Errorf("%s!%s = %q, want %q", tc.l.Budget.Name, cell, v, tc.want)
			}
			id, err := f.GetCellStyle(tc.l.Budget.Name, cell)
			if err != nil {
				t.Fatal(err)
			}
			st, err := f.GetStyle(id)
			if err != nil {
				t.Fatal(err)
			}
			if st.Protection == nil || st.Protection.Locked || len(st.Fill.Color) == 0 || !strings.HasSuffix(strings.ToUpper(st.Fill.Color[0]), InputFill) {
				t.Errorf("%s!%s is not an unlocked input cell: %+v %+v", tc.l.Budget.Name, cell, st.Protection, st.Fill)
			}
		})
	}
}
