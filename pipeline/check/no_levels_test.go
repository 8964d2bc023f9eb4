package check_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/rulebook"
)

// TestFormWithoutLevels: a form that lists its indicators without 一级 and
// 二级指标 columns, as some published forms do, is read and scored under a
// rulebook that says levels: {}; under the default rulebook its missing
// columns are errors as before.
func TestFormWithoutLevels(t *testing.T) {
	// The 一级 and 二级 columns emptied, headers and all.
	path := pipelinetest.Mutated(t, func(f *excelize.File) error {
		for row := 2; row <= 100; row++ {
			for _, col := range []string{"A", "B"} {
				if err := f.SetCellValue("绩效指标", col+strconv.Itoa(row), ""); err != nil {
					return err
				}
			}
		}
		return nil
	})
	rb, err := rulebook.ParseRulebook("nl.yaml", []byte("id: nl\nname: 不分级\nlevels: {}\n"))
	if err != nil {
		t.Fatal(err)
	}
	rep := pipelinetest.ProcessFile(t, path, rb)
	for _, k := range pipelinetest.FindingKeys(rep) {
		if strings.HasPrefix(k, "missing_column") || strings.HasPrefix(k, "unknown_level") || strings.HasPrefix(k, "missing_field") || strings.HasPrefix(k, "weight_sum_mismatch") {
			t.Errorf("without levels: %s", k)
		}
	}
	if !rep.Total.Valid || rep.Total.Decimal.String() != "94.44" {
		t.Errorf("total = %s, want the seed's 94.44", rep.Total.Decimal)
	}
	def := pipelinetest.FindingKeys(pipelinetest.ProcessFile(t, path, nil))
	if !slices.Contains(def, "missing_column 绩效指标!2:2") {
		t.Errorf("under the default rulebook the level columns are missing: %v", def)
	}
}
