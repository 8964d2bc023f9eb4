package annotate_test

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/pipeline/annotate"
	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
	"github.com/perfeval/perfeval/pipeline/report"
)

// The seed's 绩效指标 ends with the header and eight columns A..H; the
// review columns follow: 完成率 I, 复核得分 J, 审核意见 K. Row 47 is below
// the indicators.
const (
	totalRowNo    = 47
	totalRowText  = "47"
	totalWrongF   = "绩效指标!F47"
	totalRateCol  = 9
	totalScoreCol = 10
	totalNoteCol  = 11
)

// annotateTotal processes in with an annotated copy and returns the report
// and the message of its sum_mismatch at 绩效指标!F47, failing when there is
// none.
func annotateTotal(t *testing.T, in string) (*report.Report, report.FindingReport) {
	t.Helper()
	rep := pipelinetest.ProcessAnnotated(t, in)
	for _, f := range rep.Findings {
		if f.Code == "sum_mismatch" && f.Ref == totalWrongF {
			return rep, f
		}
	}
	t.Fatalf("no sum_mismatch at %s: %v", totalWrongF, pipelinetest.FindingKeys(rep))
	return nil, report.FindingReport{}
}

// TestTotalRowReviewNote: a finding on a 合计 row is written in that row's
// 审核意见, where the accountant reads, as an indicator's is, with its
// severity's fill; the row has no completion or score of its own.
func TestTotalRowReviewNote(t *testing.T) {
	rep, fd := annotateTotal(t, pipelinetest.Mutated(t, pipelinetest.TotalRow(totalRowText, "合计", 99, 87.44)))
	f := pipelinetest.OpenOutput(t, rep.Annotated)
	note := pipelinetest.CellAt(t, f, "绩效指标", totalNoteCol, totalRowNo)
	sev, ok := fd.Severity, fd.Severity != finding.SeverityInvalid
	if !ok {
		t.Fatalf("severity %q not recognised", fd.Severity)
	}
	if want := "【" + sev.Label() + "】" + fd.Message; !strings.Contains(note, want) {
		t.Errorf("审核意见 of row 47 = %q, want it to hold %q", note, want)
	}
	if got, want := pipelinetest.FillColor(pipelinetest.StyleAt(t, f, "绩效指标", totalNoteCol, totalRowNo)), annotate.FillOf(sev); got != want && got != "FF"+want {
		t.Errorf("审核意见 of row 47 filled %s, want %s (%s)", got, want, fd.Severity)
	}
	if rate, score := pipelinetest.CellAt(t, f, "绩效指标", totalRateCol, totalRowNo), pipelinetest.CellAt(t, f, "绩效指标", totalScoreCol, totalRowNo); rate != "" || score != "" {
		t.Errorf("完成率 %q, 复核得分 %q on the 合计 row, want both empty", rate, score)
	}
	// The finding stays on its cell too.
	if _, ok := pipelinetest.CommentsBy(t, f, "绩效指标")["F47"]; !ok {
		t.Error("no comment on F47")
	}
	// A correct 合计 row has nothing to say.
	rep = pipelinetest.ProcessAnnotated(t, pipelinetest.Mutated(t, pipelinetest.TotalRow(totalRowText, "合计", 90, 87.44)))
	f = pipelinetest.OpenOutput(t, rep.Annotated)
	if note := pipelinetest.CellAt(t, f, "绩效指标", totalNoteCol, totalRowNo); note != "" {
		t.Errorf("审核意见 of a correct 合计 row = %q, want it empty", note)
	}
}

// TestTotalRowReviewNoteKeepsDepartmentCell: a department's text after the
// table on the 合计 row only, where the 审核意见 column would go, is moved
// right with the columns rather than overwritten by the note.
func TestTotalRowReviewNoteKeepsDepartmentCell(t *testing.T) {
	const own = "含预算执行分值"
	in := pipelinetest.Mutated(t, pipelinetest.InOrder(pipelinetest.TotalRow(totalRowText, "合计", 99, 87.44), pipelinetest.Set("绩效指标", "K47", own)))
	rep, fd := annotateTotal(t, in)
	f := pipelinetest.OpenOutput(t, rep.Annotated)
	if note := pipelinetest.CellAt(t, f, "绩效指标", totalNoteCol, totalRowNo); !strings.Contains(note, fd.Message) {
		t.Errorf("审核意见 of row 47 = %q, want it to hold %q", note, fd.Message)
	}
	if got := pipelinetest.CellAt(t, f, "绩效指标", totalNoteCol+3, totalRowNo); got != own {
		t.Errorf("N47 = %q, want the department's %q moved right", got, own)
	}
}

// TestTotalRowReviewNoteAnnotatedAgain: an annotated copy whose 合计 row has
// been corrected, annotated again, loses the note on that row; one still
// wrong keeps a single note.
func TestTotalRowReviewNoteAnnotatedAgain(t *testing.T) {
	rep, fd := annotateTotal(t, pipelinetest.Mutated(t, pipelinetest.TotalRow(totalRowText, "合计", 99, 87.44)))
	again := func(weight int) *excelize.File {
		t.Helper()
		f, err := excelize.OpenFile(rep.Annotated)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.SetCellValue("绩效指标", "F47", weight); err != nil {
			t.Fatal(err)
		}
		in := filepath.Join(t.TempDir(), "resent.xlsx")
		if err := f.SaveAs(in); err != nil {
			t.Fatal(err)
		}
		return pipelinetest.OpenOutput(t, pipelinetest.ProcessAnnotated(t, in).Annotated)
	}

	f := again(99)
	if note := pipelinetest.CellAt(t, f, "绩效指标", totalNoteCol, totalRowNo); strings.Count(note, fd.Message) != 1 {
		t.Errorf("审核意见 of row 47 annotated again = %q, want %q once", note, fd.Message)
	}
	if got := pipelinetest.CellAt(t, f, "绩效指标", totalNoteCol+1, 2); got != "" {
		t.Errorf("L2 = %q: the review columns were added twice", got)
	}

	f = again(90)
	if note := pipelinetest.CellAt(t, f, "绩效指标", totalNoteCol, totalRowNo); note != "" {
		t.Errorf("审核意见 of the corrected 合计 row = %q, want it emptied", note)
	}
	if got := pipelinetest.FillColor(pipelinetest.StyleAt(t, f, "绩效指标", totalNoteCol, totalRowNo)); got != annotate.FillReviewCell && got != "FF"+annotate.FillReviewCell {
		t.Errorf("审核意见 of the corrected 合计 row filled %s, want the plain %s", got, annotate.FillReviewCell)
	}
}

// TestReviewNoteWithoutFindings: an indicator without findings reads 符合
// when it has full marks and says its shortfall is explained when it has
// not, so that 符合 is never read as a target met.
func TestReviewNoteWithoutFindings(t *testing.T) {
	rep := pipelinetest.ProcessAnnotated(t, pipelinetest.SeedWorkbook)
	f := pipelinetest.OpenOutput(t, rep.Annotated)
	for _, tt := range []struct {
		row  int
		want string
	}{
		{11, "未满分，已填写偏差原因"}, // “南昌赣通码”平台运行维护天数: 1.04 of 2, explained
		{45, "未满分，已填写偏差原因"}, // 政务服务工作效率可持续提升: 8.68 of 10, explained
		{20, "符合"}, // 即办事项办件率: full marks
	} {
		if got := pipelinetest.CellAt(t, f, "绩效指标", totalNoteCol, tt.row); got != tt.want {
			t.Errorf("审核意见 of row %d = %q, want %q", tt.row, got, tt.want)
		}
	}
}

// TestAnnotateReasonMergedSideways: a department that widened the reason
// column by merging H with I on every row keeps its reasons; the review
// columns go to the right of the merged cells, also when the annotated
// copy is annotated again.
func TestAnnotateReasonMergedSideways(t *testing.T) {
	in := pipelinetest.Mutated(t, func(f *excelize.File) error {
		for r := 2; r <= 46; r++ {
			if err := f.MergeCell("绩效指标", "H"+strconv.Itoa(r), "I"+strconv.Itoa(r)); err != nil {
				return err
			}
		}
		return nil
	})
	orig, err := excelize.OpenFile(in)
	if err != nil {
		t.Fatal(err)
	}
	defer orig.Close()
	reason := pipelinetest.CellAt(t, orig, "绩效指标", 8, 11)
	if reason == "" {
		t.Fatal("the seed has no reason at 绩效指标!H11")
	}
	for round, path := 1, in; round <= 2; round++ {
		rep := pipelinetest.ProcessAnnotated(t, path)
		f := pipelinetest.OpenOutput(t, rep.Annotated)
		for col, want := range map[int]string{8: "偏差原因分析及改进措施", 10: "完成率", 11: "复核得分", 12: "审核意见"} {
			if got := pipelinetest.CellAt(t, f, "绩效指标", col, 2); got != want {
				t.Errorf("round %d: header %s = %q, want %q", round, annotate.CellName(col, 2), got, want)
			}
		}
		if got := pipelinetest.CellAt(t, f, "绩效指标", 8, 11); got != reason {
			t.Errorf("round %d: 绩效指标!H11 = %q, want the department's reason %q", round, got, reason)
		}
		if got := pipelinetest.CellAt(t, f, "绩效指标", 12, 11); got != "未满分，已填写偏差原因" {
			t.Errorf("round %d: 审核意见 of row 11 = %q", round, got)
		}
		merges, err := f.GetMergeCells("绩效指标")
		if err != nil {
			t.Fatal(err)
		}
		title := false
		for _, mc := range merges {
			title = title || mc.GetStartAxis()+":"+mc.GetEndAxis() == "A1:L1"
			if s, e := mc.GetStartAxis(), mc.GetEndAxis(); strings.HasPrefix(s, "H") && e != "I"+s[1:] {
				t.Errorf("round %d: merge %s:%s, want H:I kept", round, s, e)
			}
		}
		if !title {
			t.Errorf("round %d: no title merge A1:L1 over the table and the review columns", round)
		}
		path = rep.Annotated
	}
}
