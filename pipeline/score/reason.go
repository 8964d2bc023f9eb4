package score

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/perfeval/perfeval/pipeline/value"
	"github.com/perfeval/perfeval/template"
)

// The words of a drafted reason live here, beside Meaningful: a form sent
// back with a draft's blanks unfilled, or its prompts kept, still gives no
// reason, so reading a reason must know them. Package draft writes drafts
// with them.

// DraftMark starts every explanation perfeval drafts, so that nobody takes
// it for the department's own words (DESIGN §3, annotated copies).
const DraftMark = "【草拟】"

// DraftBlank is the gap a draft leaves for the department to fill; the
// prompt after it says with what.
const DraftBlank = "＿＿＿＿"

// Blanks of a draft: the cause, the cause of a budget shortfall, the cause of
// a self-deduction and the remedy.
const (
	BlankCause       = DraftBlank + "（请填写原因）"
	BlankBudgetCause = DraftBlank + "（请填写资金未执行的原因）"
	BlankSelfCause   = DraftBlank + "（请填写自评扣分的原因）"
	BlankTargetCause = DraftBlank + "（请说明目标偏低的原因）"
	BlankRemedy      = DraftBlank + "（请填写改进措施）"
)

// Meaningful reports whether a reason says anything: empty text, the
// placeholders departments type to fill the cell (0, 无, /, ——, 无。, （无）,
// 暂无, 略, 不适用 …), a lone number and a perfeval draft sent back with its
// blanks unfilled do not.
func Meaningful(reason string) bool {
	if IsUnfinishedDraft(reason) {
		return false
	}
	core := strings.TrimFunc(value.Normalize(reason), func(r rune) bool {
		return unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)
	})
	if _, err := value.ParseNumber(core); err == nil {
		return false // 0, 0.0, 100%: a figure, not a reason
	}
	_, placeholder := placeholders[strings.ToLower(core)]
	return core != "" && !placeholder
}

// placeholders are the words that stand in a reason cell for no reason,
// as they are left once the punctuation around them is trimmed.
var placeholders = map[string]struct{}{
	"无": {}, "无偏差": {}, "没有": {}, "暂无": {}, "略": {}, "不适用": {}, "不涉及": {},
	"n/a": {}, "na": {}, "null": {}, "none": {},
}

// IsUnfinishedDraft reports whether a reason is a draft perfeval wrote that
// is still unfinished: marked 【草拟】 with a blank left (＿＿＿＿, or a run
// of underscores typed over it), a blank where the draft puts one (after
// 主要由于 or 后期将), or a prompt in brackets such as （请填写原因） with the
// blank before it deleted. A department that sends the annotated copy back
// so has still given no reason. A department's own text with a blank in it
// (编号为___的目录) is not a draft.
func IsUnfinishedDraft(reason string) bool {
	n := template.Norm(reason)
	for _, p := range draftPrompts {
		if strings.Contains(n, p) {
			return true
		}
	}
	blank := strings.Contains(reason, "＿＿") || strings.Contains(reason, "___")
	if blank && strings.HasPrefix(strings.TrimSpace(reason), DraftMark) {
		return true
	}
	// The words first: most reasons have neither, and the pattern costs more.
	return (strings.Contains(reason, "主要由于") || strings.Contains(reason, "后期将")) && DraftBlankAt.MatchString(reason)
}

// DraftBlankAt matches a blank where a draft leaves one for the cause and
// the remedy.
var DraftBlankAt = regexp.MustCompile(`(主要由于|后期将)\s*(＿{2,}|_{3,})`)

// draftPrompts are the prompts after a draft's blanks, normalised as
// template.Norm reads text: (请填写原因) and the like.
var draftPrompts = func() []string {
	var ps []string
	for _, b := range []string{BlankCause, BlankBudgetCause, BlankSelfCause, BlankTargetCause, BlankRemedy} {
		ps = append(ps, template.Norm(strings.TrimPrefix(b, DraftBlank)))
	}
	return ps
}()
