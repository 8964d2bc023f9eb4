package check

import (
	"strings"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/score"
)

// ProvisionalScore reports each indicator that could not be scored but
// counts in the total at its self-score (score.Form.Provisional): the
// total stands, provisionally, and the row says why it is in doubt
// beside the findings that say what is wrong with it.
var ProvisionalScore = &Check{
	Name:  "provisional_score",
	Codes: []finding.Code{finding.ProvisionalScore},
	Forms: allForms,
	Run:   runProvisionalScore,
}

func runProvisionalScore(p *Pass) error {
	for _, i := range p.Form.Provisional {
		l := p.Form.Lines[i]
		counted := l.SelfScore.Value
		if l.Weight.OK && counted.GreaterThan(l.Weight.Value) {
			counted = l.Weight.Value
		}
		p.Reportf(finding.ProvisionalScore, l.SelfScore.Cell.Ref, "指标“%s”无法按评分规则复核（%s），总分暂按其自评得分 %s 分计算，复核总分为暂定结果；请补全或改正该行后重新报送", l.Title(), whyUnscored(l), counted)
	}
	return nil
}

// whyUnscored says in a few words why an indicator could not be scored.
func whyUnscored(l score.Line) string {
	var why []string
	for _, q := range []score.Quantity{l.Target, l.Actual} {
		switch {
		case q.OK:
		case q.Cell.Empty():
			why = append(why, q.Label+"未填写")
		default:
			why = append(why, q.Label+"无法识别")
		}
	}
	switch {
	case len(why) > 0:
	case !l.Weight.OK:
		why = append(why, "分值未填写或无法识别")
	default:
		why = append(why, "实际完成值与年度指标值无法比较")
	}
	return strings.Join(why, "，")
}
