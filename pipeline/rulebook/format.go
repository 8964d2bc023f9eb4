package rulebook

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/goccy/go-yaml"
	"github.com/shopspring/decimal"
)

// FormatRulebook prints rb in the YAML shape of DESIGN §3: percents as 95%,
// numbers as plain decimals, levels and qualitative words in rulebook order,
// every section written out. ParseRulebook reads the output back to an equal
// rulebook, which prints to the same bytes. It returns an error for a nil
// rulebook.
//
// goccy/go-yaml marshals rbDoc, a tree that mirrors the file: its flow tags
// give the one-line lists and mappings, the percent and number types print
// 95% and 0.01, and rbText supplies the quoting goccy leaves out.
func FormatRulebook(rb *Rulebook) ([]byte, error) {
	if rb == nil {
		return nil, errors.New("format rulebook: nil rulebook")
	}
	out, err := yaml.MarshalWithOptions(newRbDoc(rb), yaml.Indent(2), yaml.IndentSequence(true))
	if err != nil {
		return nil, fmt.Errorf("format rulebook: %w", err)
	}
	return out, nil
}

// MarshalYAML returns FormatRulebook(rb), so goccy/go-yaml prints a rulebook
// in its contract shape.
func (rb *Rulebook) MarshalYAML() ([]byte, error) {
	return FormatRulebook(rb)
}

// Percent prints the fraction as a percent: 0.955 is "95.5%".
func (r Ratio) Percent() string {
	return r.Shift(2).String() + "%"
}

// rbDoc is the printed rulebook, its fields in the order of the file.
type rbDoc struct {
	ID         rbText                   `yaml:"id"`
	Name       rbText                   `yaml:"name"`
	Form       string                   `yaml:"form"`
	Reviewer   rbText                   `yaml:"reviewer"`
	Levels     rbOrderedMap[rbLevelDoc] `yaml:"levels"`
	Budget     rbBudgetDoc              `yaml:"budget"`
	Indicators rbIndicatorsDoc          `yaml:"indicators"`
	Total      rbTotalDoc               `yaml:"total"`
	Grades     []rbGradeDoc             `yaml:"grades,flow"`
	Tolerances rbTolerancesDoc          `yaml:"tolerances,flow"`
	Thresholds rbThresholdsDoc          `yaml:"thresholds,flow"`
	Severity   map[string]string        `yaml:"severity,flow"` // goccy sorts the codes
	Audits     []rbAuditDoc             `yaml:"audits"`
}

// rbLevelDoc is one 一级指标, printed on one line.
type rbLevelDoc struct {
	Weight   rbNumber     `yaml:"weight"`
	Min      *rbNumber    `yaml:"min,omitempty"`
	Max      *rbNumber    `yaml:"max,omitempty"`
	Children []rbFlowText `yaml:"children"`
}

// MarshalYAML prints the level in flow style. goccy takes flow style from a
// field's tag or from an option, and a level is a value of the levels
// mapping, with no tag of its own: it is marshalled alone with yaml.Flow, and
// goccy reads the text back into the document.
func (l rbLevelDoc) MarshalYAML() ([]byte, error) {
	type plain rbLevelDoc // without this method
	return yaml.MarshalWithOptions(plain(l), yaml.Flow(true))
}

type rbBudgetDoc struct {
	Weight   rbNumber          `yaml:"weight"`
	Method   string            `yaml:"method"`
	Floor    rbPercentDoc      `yaml:"floor"`
	Bands    []rbBudgetBandDoc `yaml:"bands,flow"`
	Rounding rbRoundingDoc     `yaml:"rounding,flow"`
}

type rbBudgetBandDoc struct {
	From  rbPercentDoc `yaml:"from"`
	Score rbNumber     `yaml:"score"`
}

type rbRoundingDoc struct {
	Places int32  `yaml:"places"`
	Mode   string `yaml:"mode"`
}

type rbShareBandDoc struct {
	From  rbPercentDoc `yaml:"from"`
	Share rbPercentDoc `yaml:"share"`
}

// rbDeductDoc is {per: 1%, points: 0.5}, or {} for no deduction.
type rbDeductDoc struct {
	Per    *rbPercentDoc `yaml:"per,omitempty"`
	Points *rbNumber     `yaml:"points,omitempty"`
}

// rbOvershootDoc is {above: 130%, points: 2}, or {} for no penalty.
type rbOvershootDoc struct {
	Above  *rbPercentDoc `yaml:"above,omitempty"`
	Points *rbNumber     `yaml:"points,omitempty"`
}

type rbIndicatorsDoc struct {
	Method      string                         `yaml:"method"`
	Floor       rbPercentDoc                   `yaml:"floor"`
	Rounding    rbRoundingDoc                  `yaml:"rounding,flow"`
	Qualitative rbOrderedMap[rbQualitativeDoc] `yaml:"qualitative,flow"`
	Bands       []rbShareBandDoc               `yaml:"bands,flow"`
	Deduct      rbDeductDoc                    `yaml:"deduct,flow"`
	Overshoot   rbOvershootDoc                 `yaml:"overshoot,flow"`
	LowerBetter []rbFlowText                   `yaml:"lower_is_better,flow"`
	Overrides   []rbOverrideDoc                `yaml:"overrides,flow"`
}

// rbOverrideDoc writes only the keys the override sets; the rest it inherits.
type rbOverrideDoc struct {
	Match    rbFlowText       `yaml:"match"`
	Method   string           `yaml:"method,omitempty"`
	Floor    *rbPercentDoc    `yaml:"floor,omitempty"`
	Rounding *rbRoundingDoc   `yaml:"rounding,omitempty"`
	Bands    []rbShareBandDoc `yaml:"bands,omitempty"`
	Deduct   *rbDeductDoc     `yaml:"deduct,omitempty"`
}

type rbTotalDoc struct {
	DeclaredPlaces int32      `yaml:"declared_places"`
	CapByExecution []rbCapDoc `yaml:"cap_by_execution,flow"`
	ExcludeBudget  bool       `yaml:"exclude_budget"`
}

type rbCapDoc struct {
	Below rbPercentDoc `yaml:"below"`
	Max   rbNumber     `yaml:"max"`
}

type rbGradeDoc struct {
	From rbNumber   `yaml:"from"`
	Name rbFlowText `yaml:"name"`
}

type rbTolerancesDoc struct {
	Amount rbNumber `yaml:"amount"`
	Rate   rbNumber `yaml:"rate"`
	Score  rbNumber `yaml:"score"`
}

type rbThresholdsDoc struct {
	TargetTooLow     rbPercentDoc `yaml:"target_too_low"`
	BudgetAdjustment rbPercentDoc `yaml:"budget_adjustment"`
}

type rbAuditDoc struct {
	ID        rbText   `yaml:"id"`
	Expr      rbText   `yaml:"expr"`
	Tolerance rbNumber `yaml:"tolerance"`
	Severity  string   `yaml:"severity"`
	Message   rbText   `yaml:"message"`
}

// newRbDoc builds the printed form of rb.
func newRbDoc(rb *Rulebook) rbDoc {
	doc := rbDoc{
		ID:       rbText(rb.ID),
		Name:     rbText(rb.Name),
		Form:     rb.Form,
		Reviewer: rbText(rb.Reviewer),
		Budget: rbBudgetDoc{
			Weight:   rbNumber{rb.Budget.Weight},
			Method:   rb.Budget.Method,
			Floor:    rbPercentDoc{rb.Budget.Floor},
			Bands:    []rbBudgetBandDoc{},
			Rounding: rbRoundingDoc(rb.Budget.Rounding),
		},
		Indicators: rbIndicatorsDoc{
			Method:    rb.Indicators.Method.Method,
			Floor:     rbPercentDoc{rb.Indicators.Floor},
			Rounding:  rbRoundingDoc(rb.Indicators.Rounding),
			Bands:     newRbShareBands(rb.Indicators.Bands),
			Deduct:    newRbDeduct(rb.Indicators.Deduct),
			Overrides: []rbOverrideDoc{},
		},
		Total:  rbTotalDoc{DeclaredPlaces: rb.Total.DeclaredPlaces, CapByExecution: []rbCapDoc{}, ExcludeBudget: rb.Total.ExcludeBudget},
		Grades: []rbGradeDoc{},
		Tolerances: rbTolerancesDoc{
			Amount: rbNumber{rb.Tolerances.Amount},
			Rate:   rbNumber{rb.Tolerances.Rate},
			Score:  rbNumber{rb.Tolerances.Score},
		},
		Thresholds: rbThresholdsDoc{TargetTooLow: rbPercentDoc{rb.Thresholds.TargetTooLow}, BudgetAdjustment: rbPercentDoc{rb.Thresholds.BudgetAdjustment}},
		Severity:   map[string]string{},
		Audits:     []rbAuditDoc{},
	}
	for _, lv := range rb.Levels {
		children := make([]rbFlowText, len(lv.Children))
		for i, c := range lv.Children {
			children[i] = rbFlowText(c)
		}
		ld := rbLevelDoc{Weight: rbNumber{lv.Weight}, Children: children}
		if lv.Bounded() {
			ld.Min, ld.Max = &rbNumber{lv.Min}, &rbNumber{lv.Max}
		}
		doc.Levels = append(doc.Levels, rbEntry[rbLevelDoc]{lv.Name, ld})
	}
	for _, bb := range rb.Budget.Bands {
		doc.Budget.Bands = append(doc.Budget.Bands, rbBudgetBandDoc{rbPercentDoc{bb.From}, rbNumber{bb.Score}})
	}
	ir := rb.Indicators
	doc.Indicators.LowerBetter = []rbFlowText{}
	for _, w := range ir.LowerIsBetter {
		doc.Indicators.LowerBetter = append(doc.Indicators.LowerBetter, rbFlowText(w))
	}
	for _, q := range ir.Qualitative {
		doc.Indicators.Qualitative = append(doc.Indicators.Qualitative, rbEntry[rbQualitativeDoc]{q.Word, rbQualitativeDoc{q}})
	}
	if o := ir.Overshoot; !o.Above.IsZero() || !o.Points.IsZero() {
		doc.Indicators.Overshoot = rbOvershootDoc{&rbPercentDoc{o.Above}, &rbNumber{o.Points}}
	}
	for _, o := range ir.Overrides {
		od := rbOverrideDoc{Match: rbFlowText(o.Match), Method: o.Method.Method, Bands: newRbShareBands(o.Bands)}
		if o.FloorSet || !o.Floor.IsZero() {
			od.Floor = &rbPercentDoc{o.Floor}
		}
		if o.Rounding.Mode != "" {
			r := rbRoundingDoc(o.Rounding)
			od.Rounding = &r
		}
		if dd := newRbDeduct(o.Deduct); dd.Per != nil {
			od.Deduct = &dd
		}
		doc.Indicators.Overrides = append(doc.Indicators.Overrides, od)
	}
	for _, c := range rb.Total.CapByExecution {
		doc.Total.CapByExecution = append(doc.Total.CapByExecution, rbCapDoc{rbPercentDoc{c.Below}, rbNumber{c.Max}})
	}
	for _, g := range rb.Grades {
		doc.Grades = append(doc.Grades, rbGradeDoc{rbNumber{g.From}, rbFlowText(g.Name)})
	}
	for code, s := range rb.Severity {
		doc.Severity[string(code)] = s.String()
	}
	for _, a := range rb.Audits {
		doc.Audits = append(doc.Audits, rbAuditDoc{rbText(a.ID), rbText(a.Expr), rbNumber{a.Tolerance}, a.Severity, rbText(a.Message)})
	}
	return doc
}

func newRbShareBands(bands []ShareBand) []rbShareBandDoc {
	out := make([]rbShareBandDoc, len(bands))
	for i, sb := range bands {
		out[i] = rbShareBandDoc{rbPercentDoc{sb.From}, rbPercentDoc{sb.Share}}
	}
	return out
}

func newRbDeduct(dd Deduct) rbDeductDoc {
	if dd.Per.IsZero() && dd.Points.IsZero() {
		return rbDeductDoc{}
	}
	return rbDeductDoc{&rbPercentDoc{dd.Per}, &rbNumber{dd.Points}}
}

// rbPercentDoc is a Ratio printed as a percent: 95%. Its field is unexported
// so that omitempty omits only a nil *rbPercentDoc, never 0%.
type rbPercentDoc struct{ r Ratio }

func (p rbPercentDoc) MarshalYAML() (any, error) {
	return p.r.Percent(), nil
}

// rbQualitativeDoc is a qualitative word's share, 80%, or its band,
// {from: 60%, to: 80%}.
type rbQualitativeDoc struct{ q Qualitative }

func (d rbQualitativeDoc) MarshalYAML() (any, error) {
	if !d.q.Band {
		return d.q.Share.Percent(), nil
	}
	return struct {
		From rbPercentDoc `yaml:"from"`
		To   rbPercentDoc `yaml:"to"`
	}{rbPercentDoc{d.q.From}, rbPercentDoc{d.q.To}}, nil
}

// rbNumber is a decimal printed as a YAML number, exactly: a float64 would
// round it. Its field is unexported so that omitempty omits only a nil
// *rbNumber, never 0.
type rbNumber struct{ d decimal.Decimal }

// MarshalYAML returns the decimal's text, which is a YAML number; goccy
// parses it and prints it plain.
func (n rbNumber) MarshalYAML() ([]byte, error) {
	return []byte(n.d.String()), nil
}

// rbText is free text: an id, a name, a formula, a message. goccy/go-yaml
// quotes what YAML would read as another type or as syntax; rbText adds
// double quotes where goccy would print the text plain but the file would not
// read it back: see rbNeedsQuotes.
type rbText string

func (t rbText) MarshalYAML() (any, error) {
	if rbNeedsQuotes(string(t)) {
		return rbQuoted(t), nil
	}
	return string(t), nil
}

// rbFlowText is free text inside a flow list or mapping, where the loader
// takes a plain full-width comma, or in a list a 顿号 (、), for a mistyped
// separator: such text is quoted too.
type rbFlowText string

func (t rbFlowText) MarshalYAML() (any, error) {
	if strings.ContainsAny(string(t), "，、") {
		return rbQuoted(t), nil
	}
	return rbText(t).MarshalYAML()
}

// rbQuoted is text printed double-quoted. Go's escapes (\n, \t, \", \\,
// \x7f, \u…) are all YAML double-quoted escapes; goccy quotes the same way.
type rbQuoted string

func (q rbQuoted) MarshalYAML() ([]byte, error) {
	return []byte(strconv.Quote(string(q))), nil
}

// rbNeedsQuotes reports text that goccy/go-yaml (token.IsNeedQuoted) would
// print plain but that does not read back as the same text, or that another
// YAML reader would take for something else:
//   - a line break or other non-printing character: goccy prints a line
//     break as a literal block (|-), which is no YAML inside a flow
//     collection or as a key, and a tab or control character plain;
//   - a leading “? ” (or a lone “?”), which starts an explicit key;
//   - “<<”, which as a key is a merge key, rejected by the loader;
//   - a float of the YAML 1.2 core schema that goccy reads as text (1e3,
//     .inf, .nan).
func rbNeedsQuotes(s string) bool {
	if strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsGraphic(r) }) {
		return true
	}
	if s == "?" || strings.HasPrefix(s, "? ") || s == "<<" {
		return true
	}
	return rbCoreFloat.MatchString(s)
}

// rbCoreFloat matches the floats of the YAML 1.2 core schema (§10.3.2).
var rbCoreFloat = regexp.MustCompile(`^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)

// rbEntry is a key of a free-keyed mapping (levels, qualitative) and its value.
type rbEntry[V any] struct {
	Key   string
	Value V
}

// rbOrderedMap is a mapping printed in the rulebook's order, with each key
// quoted as rbText. yaml.MapSlice keeps the order but takes only plain string
// keys, which goccy quotes without rbText's additions; a Go map takes any key
// that marshals, and goccy prints a map's keys sorted by their fmt.Sprint
// text, which for rbOrderedKey is its position.
type rbOrderedMap[V any] []rbEntry[V]

func (m rbOrderedMap[V]) MarshalYAML() (any, error) {
	out := make(map[rbOrderedKey]V, len(m))
	for i, e := range m {
		out[rbOrderedKey{i, rbText(e.Key)}] = e.Value
	}
	return out, nil
}

// rbOrderedKey is a mapping key that goccy sorts by position and prints as
// its text.
type rbOrderedKey struct {
	pos  int
	text rbText
}

// String is the key's sort order.
func (k rbOrderedKey) String() string {
	return fmt.Sprintf("%010d", k.pos)
}

func (k rbOrderedKey) MarshalYAML() (any, error) {
	return k.text, nil
}
