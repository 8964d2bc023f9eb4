package check

import (
	"strings"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/pipeline/score"
	"github.com/perfeval/perfeval/pipeline/value"
)

// UnparseableValue reports cells whose content is not a number, percent,
// date or qualitative word where one is expected.
var UnparseableValue = &Check{
	Name:  "unparseable_value",
	Codes: []finding.Code{finding.UnparseableValue},
	Forms: allForms,
	Run:   runUnparseableValue,
}

func runUnparseableValue(p *Pass) error {
	for _, n := range p.Form.AllNumbers() {
		if n.Err != "" {
			p.Reportf(finding.UnparseableValue, n.Cell.Ref, "“%s”：%s", n.Label, n.Err)
		}
	}
	for _, l := range p.Form.Lines {
		for _, q := range []score.Quantity{l.Target, l.Actual} {
			if q.Err != "" {
				p.Reportf(finding.UnparseableValue, q.Cell.Ref, "指标“%s”的%s：%s", l.Title(), q.Label, q.Err)
			}
		}
		if l.Weight.OK && l.Target.OK && l.Actual.OK && !l.Scored && l.Actual.Value.Kind == value.Word && l.Target.Value.Kind == value.Date {
			p.Reportf(finding.UnparseableValue, l.Actual.Cell.Ref, "指标“%s”的指标值是期限（%s），实际完成值“%s”看不出是否按期完成，无法评分；请填写实际完成日期（如 2022年12月20日），或填写“按时完成”“未按时完成”", l.Title(), l.Target.Shown(), l.Actual.Cell.Raw)
			continue
		}
		// A grade against a number is unit_mismatch's: the number is due.
		if l.Weight.OK && l.Target.OK && l.Actual.OK && !l.Scored && l.Actual.Value.Kind == value.Word && l.Target.Value.Kind == value.Word {
			p.Reportf(finding.UnparseableValue, l.Actual.Cell.Ref, "指标“%s”的实际完成值“%s”不是评分规则认可的定性评价（%s），无法评分", l.Title(), l.Actual.Cell.Raw, qualitativeWords(p.Rules))
		}
	}
	return nil
}

func qualitativeWords(rb *rulebook.Rulebook) string {
	var words []string
	for _, q := range rb.Indicators.Qualitative {
		words = append(words, q.Word)
	}
	return strings.Join(words, "、")
}
