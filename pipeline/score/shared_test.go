package score

import "testing"

// TestMeaningful: what departments type into a reason cell to fill it is no
// reason; anything that says something is.
func TestMeaningful(t *testing.T) {
	for _, s := range []string{
		"", " ", "0", "0.0", "０", "无", "无。", "暂无。", "（无）", "(无)", "【无】", "/", "／", "\\", "-", "—", "——", "--",
		"……", "...", "。", "略", "不适用", "无偏差", "没有", "N/A", "n/a", "NA", "无;", " 无 ", "100%",
		"【草拟】年度指标值 >=290种，实际完成 289种。主要由于＿＿＿＿（请填写原因），导致未达到预期目标；后期将＿＿＿＿（请填写改进措施）。",
	} {
		if Meaningful(s) {
			t.Errorf("Meaningful(%q) = true, want false", s)
		}
	}
	for _, s := range []string{
		"部分证照的数据源单位未完成对接，下一年度督促加快对接。",
		"同上", "疫情影响", "无法按期完成，因设备延期到货", "受3个项目延期影响", "年底资金到位晚",
	} {
		if !Meaningful(s) {
			t.Errorf("Meaningful(%q) = false, want true", s)
		}
	}
}
