package pipeline

import (
	"context"
	"strings"
	"testing"
)

// TestTotalRowReviewNote: a finding on a 合计 row is written in that row's
// 审核意见, where the accountant reads, as an indicator's is; the row has no
// completion or score of its own.
func TestTotalRowReviewNote(t *testing.T) {
	in := mutated(t, totalRow("47", "合计", 99, 87.44))
	rep, err := Process(context.Background(), in, DefaultRulebook(), Options{AnnotateDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	var msg string
	for _, f := range rep.Findings {
		if f.Code == "sum_mismatch" && f.Ref == "绩效指标!F47" {
			msg = f.Message
		}
	}
	if msg == "" {
		t.Fatalf("no sum_mismatch at 绩效指标!F47: %v", findingKeys(rep))
	}
	f := openOutput(t, rep.Annotated)
	// The review columns follow the eight of the form: 完成率 I, 复核得分 J, 审核意见 K.
	if note := cellAt(t, f, "绩效指标", 11, 47); !strings.Contains(note, msg) {
		t.Errorf("审核意见 of row 47 = %q, want it to hold %q", note, msg)
	}
	if rate, score := cellAt(t, f, "绩效指标", 9, 47), cellAt(t, f, "绩效指标", 10, 47); rate != "" || score != "" {
		t.Errorf("完成率 %q, 复核得分 %q on the 合计 row, want both empty", rate, score)
	}
}
