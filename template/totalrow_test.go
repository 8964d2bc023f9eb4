package template

import (
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template/xlsx"
)

// readSeedWith reads the seed workbook after the given changes.
func readSeedWith(t *testing.T, changes ...func(*excelize.File) error) *Form {
	t.Helper()
	f, err := xlsx.Open(seedBytes(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, c := range changes {
		if err := c(f); err != nil {
			t.Fatal(err)
		}
	}
	return Read(f, Department)
}

func setCell(cell string, v any) func(*excelize.File) error {
	return func(f *excelize.File) error { return f.SetCellValue("绩效指标", cell, v) }
}

// TestReadTotalRows: a 合计 row is kept in Form.Totals with its cells and
// their places, wherever it stands and whichever column says 合计, and is
// not an indicator.
func TestReadTotalRows(t *testing.T) {
	if form := readSeedWith(t); len(form.Totals) != 0 {
		t.Errorf("seed: totals %+v, want none", form.Totals)
	}
	form := readSeedWith(t,
		func(f *excelize.File) error { return f.InsertRows("绩效指标", 3, 1) },
		setCell("A3", "合  计"), setCell("F3", 0), setCell("G3", 0), // above the indicators
		setCell("C48", "总分"), setCell("F48", "100"), // in the 三级 column, 得分 blank
	)
	if len(form.Indicators) != 44 {
		t.Errorf("%d indicators, want 44", len(form.Indicators))
	}
	if len(form.Totals) != 2 {
		t.Fatalf("totals %+v, want two", form.Totals)
	}
	for i, want := range []struct{ label, weight, score, weightRaw, scoreRaw string }{
		{"绩效指标!A3", "绩效指标!F3", "绩效指标!G3", "0", "0"},
		{"绩效指标!C48", "绩效指标!F48", "绩效指标!G48", "100", ""},
	} {
		got := form.Totals[i]
		if got.Label.Ref.String() != want.label || got.Weight.Ref.String() != want.weight || got.SelfScore.Ref.String() != want.score ||
			got.Weight.Raw != want.weightRaw || got.SelfScore.Raw != want.scoreRaw {
			t.Errorf("total %d = %+v, want label %s, 分值 %s %q, 得分 %s %q", i, got, want.label, want.weight, want.weightRaw, want.score, want.scoreRaw)
		}
	}
	// The first indicator still carries its levels: the total row above it
	// is not a level heading.
	if in := form.Indicators[0]; in.Level1.Raw != "产出指标" || in.Level1Carried {
		t.Errorf("first indicator level1 %q carried %v", in.Level1.Raw, in.Level1Carried)
	}
}

// TestReadUnnamedLevel: a level cell that holds only a weight is never
// carried in silence: the written cell is kept, and the 一级 is inferred
// from the row's own 二级 through the workbook's dropdown lists when they
// allow one 一级 only, or else carried from the row above.
func TestReadUnnamedLevel(t *testing.T) {
	type want struct {
		level1             string
		unnamed            string // ref of Level1Unnamed, "" for none
		inferred, carried  bool
		level2, unnamed2Of string
	}
	check := func(t *testing.T, form *Form, row int, w want) {
		t.Helper()
		for _, in := range form.Indicators {
			if in.Row != row {
				continue
			}
			unnamed := ""
			if !in.Level1Unnamed.Empty() {
				unnamed = in.Level1Unnamed.Ref.String()
			}
			unnamed2 := ""
			if !in.Level2Unnamed.Empty() {
				unnamed2 = in.Level2Unnamed.Ref.String()
			}
			if in.Level1.Raw != w.level1 || unnamed != w.unnamed || in.Level1Inferred != w.inferred || in.Level1Carried != w.carried ||
				w.level2 != "" && in.Level2.Raw != w.level2 || unnamed2 != w.unnamed2Of {
				t.Errorf("row %d: level1 %q unnamed %q inferred %v carried %v level2 %q unnamed2 %q, want %+v",
					row, in.Level1.Raw, unnamed, in.Level1Inferred, in.Level1Carried, in.Level2.Raw, unnamed2, w)
			}
			return
		}
		t.Errorf("no indicator on row %d", row)
	}
	t.Run("inferred from the 二级", func(t *testing.T) {
		form := readSeedWith(t, setCell("A40", "（40分）"), setCell("A41", ""))
		check(t, form, 40, want{level1: "效益指标", unnamed: "绩效指标!A40", inferred: true})
		// Blank below the label: the same label, inferred again.
		check(t, form, 41, want{level1: "效益指标", unnamed: "绩效指标!A40", inferred: true})
		check(t, form, 42, want{level1: "效益指标"})
		if u := form.Indicators[37].Level1Unnamed; u.Raw != "（40分）" {
			t.Errorf("unnamed cell = %+v, want the text as written", u)
		}
	})
	t.Run("no lists to infer from", func(t *testing.T) {
		form := readSeedWith(t, func(f *excelize.File) error { return f.DeleteSheet("_lists") }, setCell("A40", "(40分)"))
		check(t, form, 40, want{level1: "产出指标", unnamed: "绩效指标!A40", carried: true})
	})
	t.Run("二级 carried, so nothing to infer from", func(t *testing.T) {
		form := readSeedWith(t, setCell("A40", "（40分）"), setCell("B40", ""))
		check(t, form, 40, want{level1: "产出指标", unnamed: "绩效指标!A40", carried: true, level2: "成本指标"})
	})
	t.Run("merged label", func(t *testing.T) {
		form := readSeedWith(t, setCell("A40", "（40分）"), func(f *excelize.File) error { return f.MergeCell("绩效指标", "A40", "A45") })
		for row := 40; row <= 45; row++ {
			check(t, form, row, want{level1: "效益指标", unnamed: "绩效指标!A40", inferred: true})
		}
	})
	t.Run("二级 only its weight", func(t *testing.T) {
		form := readSeedWith(t, setCell("B4", "（20分）"))
		check(t, form, 4, want{level1: "产出指标", level2: "数量指标", unnamed2Of: "绩效指标!B4"})
	})
	t.Run("weights written into named levels", func(t *testing.T) {
		form := readSeedWith(t, setCell("A3", "产出指标（40分）"), setCell("B3", "数量指标 (20分)"))
		check(t, form, 3, want{level1: "产出指标", level2: "数量指标"})
	})
}
