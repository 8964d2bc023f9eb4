package template

import (
	"testing"

	"github.com/perfeval/perfeval/template/xlsx"
)

// TestReadTypedFormula: in a target or actual cell, a formula is a
// computation when it refers to a cell, calls a function, multiplies,
// divides or joins text; then its cached result is the value, or, without
// one, the formula is reported. Otherwise it is what a person typed after
// an equals sign.
func TestReadTypedFormula(t *testing.T) {
	tests := []struct {
		formula     string
		raw         string
		computation bool
	}{
		{"100%", "=100%", false},
		{"1项", "=1项", false},
		{"90%-95%", "=90%-95%", false}, // a range, typed
		{"9612/10000", "=9612/10000", true},
		{`3573&"次"`, `=3573&"次"`, true},
		{"ROUND(0.96,2)", "=ROUND(0.96,2)", true},
		{"E14*1", "=E14*1", true},
	}
	for _, tt := range tests {
		f, err := xlsx.Open(seedBytes(t))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellValue("绩效指标", "E15", nil); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellFormula("绩效指标", "E15", tt.formula); err != nil {
			t.Fatal(err)
		}
		c := Read(f, Department).Indicators[12].Actual
		f.Close()
		if c.Ref.Cell() != "E15" {
			t.Fatalf("indicator 12 actual is %s, want E15", c.Ref.Cell())
		}
		switch {
		case !tt.computation && (c.Raw != tt.raw || c.Formula != ""):
			t.Errorf("=%s reads Raw %q Formula %q, want the typed text %q", tt.formula, c.Raw, c.Formula, tt.raw)
		case tt.computation && c.Raw == tt.raw:
			// excelize leaves the computation without a result (its cell
			// type says an empty text); Excel's cached result is read by
			// samples/bad/formulas-cached.xlsx.
			t.Errorf("=%s reads as the typed text %q, want a computation", tt.formula, c.Raw)
		}
	}
}

// TestReadCachedComputation: computations Excel saved with their results,
// =289&"种" and =3573&"次" in the actuals of rows 4 and 13, read as those
// results.
func TestReadCachedComputation(t *testing.T) {
	form := openBad(t, "formulas-cached.xlsx")
	for i, want := range map[int]string{1: "289种", 10: "3573次"} {
		c := form.Indicators[i].Actual
		if c.Raw != want || c.Formula != "" {
			t.Errorf("%s reads Raw %q Formula %q, want the cached %q", c.Ref, c.Raw, c.Formula, want)
		}
	}
}
