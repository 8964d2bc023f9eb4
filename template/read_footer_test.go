package template

import "testing"

// TestReadFooter: signature and note lines below the table are skipped; an
// indicator whose name starts like a label is still an indicator.
func TestReadFooter(t *testing.T) {
	f, err := OpenBytes(seedBytes(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for cell, v := range map[string]string{
		"A48": "单位负责人：张三", "D48": "填表人: 李四", "G48": "联系电话：0791-86123456",
		"A49": "注：本表金额单位为万元。",
		"C50": "联系电话接通率", "D50": ">=95%", "E50": "96%", "F50": "1", "G50": "1",
	} {
		if err := f.SetCellValue("绩效指标", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	form := Read(f, Department)
	if n := len(form.Indicators); n != 45 {
		t.Fatalf("%d indicators, want the seed's 44 and 联系电话接通率", n)
	}
	if last := form.Indicators[44]; last.Row != 50 || last.Name.Raw != "联系电话接通率" {
		t.Errorf("last indicator is row %d %q, want row 50 联系电话接通率", last.Row, last.Name.Raw)
	}
}
