package template

import (
	"slices"
	"testing"

	"github.com/perfeval/perfeval/template/xlsx"
)

// TestReadFooter: signature and note lines below the table are skipped; an
// indicator whose name starts like a label is still an indicator, and a
// row that looks like a signature line inside the table is read as what it
// holds, never dropped.
func TestReadFooter(t *testing.T) {
	tests := []struct {
		name  string
		cells map[string]string
		rows  []int // the rows read after the seed's 44 indicators
	}{
		{"signature lines", map[string]string{
			"C47": "联系电话接通率", "D47": ">=95%", "E47": "96%", "F47": "1", "G47": "1",
			"A48": "单位负责人：张三", "D48": "填表人: 李四", "G48": "联系电话：0791-86123456",
			"A49": "注：本表金额单位为万元。",
		}, []int{47}},
		{"signed and sealed", map[string]string{
			"A48": "单位负责人（签字）：", "D48": "填表人（签字）：", "A49": "财务负责人：王五", "C49": "填报单位（盖章）：",
			"A50": "填表人", "B50": "李四", "C51": "注1：金额单位为万元", "A52": "经办人 赵六", "D52": "日期：2023年3月15日",
		}, nil},
		{"a signature-like row inside the table", map[string]string{
			"A47": "单位负责人：张三", "D47": "填表人：李四",
			"C48": "新增指标", "D48": ">=1项", "E48": "1项", "F48": "1", "G48": "1",
		}, []int{47, 48}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := xlsx.Open(seedBytes(t))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			for cell, v := range tt.cells {
				if err := f.SetCellValue("绩效指标", cell, v); err != nil {
					t.Fatal(err)
				}
			}
			form := Read(f, Department)
			var rows []int
			for _, in := range form.Indicators[min(44, len(form.Indicators)):] {
				rows = append(rows, in.Row)
			}
			if len(form.Indicators) < 44 || !slices.Equal(rows, tt.rows) {
				t.Errorf("%d indicators, rows after the seed's %v, want 44 and %v", len(form.Indicators), rows, tt.rows)
			}
		})
	}
}
