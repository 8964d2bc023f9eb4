package summary

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/report"
)

// TestShortfallOf: a 未达标指标 row says the department's reason when it is
// one, 未说明 when it is blank, and what was written when it says nothing;
// it loses weight − score, never less than 0.
func TestShortfallOf(t *testing.T) {
	dec := func(s string) decimal.NullDecimal {
		return decimal.NullDecimal{Decimal: decimal.RequireFromString(s), Valid: true}
	}
	for _, c := range []struct {
		name, reason, weight, score string
		wantReason, wantLost        string
		explained                   bool
	}{
		{"explained", "疫情影响，已调整目标", "10", "8.5", "疫情影响，已调整目标", "1.5", true},
		{"blank", "  ", "10", "8", "未说明", "2", false},
		{"placeholder", "无", "2", "1.25", "未说明（填写的是“无”）", "0.75", false},
		{"above weight", "", "5", "6", "未说明", "0", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := report.IndicatorReport{Ref: "绩效指标!C9", Level1: "产出指标", Name: "指标", Reason: c.reason, Weight: dec(c.weight), Score: dec(c.score),
				Completion: report.Percent{NullDecimal: dec("90")}}
			sf := shortfallOf(in)
			if sf.Reason != c.wantReason || sf.Explained != c.explained || sf.Lost.Decimal.String() != c.wantLost || !sf.Lost.Valid {
				t.Errorf("reason %q, explained %v, lost %s; want %q, %v, %s", sf.Reason, sf.Explained, sf.Lost.Decimal, c.wantReason, c.explained, c.wantLost)
			}
			if sf.Ref != in.Ref || sf.Completion.Decimal.String() != "90" || sf.Weight != in.Weight || sf.Score != in.Score {
				t.Errorf("row %+v does not carry the indicator's figures", sf)
			}
		})
	}
}
