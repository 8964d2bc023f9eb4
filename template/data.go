package template

import (
	"slices"
	"strings"
)

// MinYear and MaxYear bound the evaluated year a template is made for and
// a form may state.
const (
	MinYear = 2000
	MaxYear = 2100
)

// Data is what Generate writes into a workbook: nothing but Year for a blank
// template, or a department's figures for a prefilled or sample one. Values
// are strings as a person would type them ("9452.1302", ">=16.8万件", "91.38");
// Generate stores a plain decimal number in a numeric column as a number cell
// and everything else as text, so no value passes through float64.
type Data struct {
	// Year is the evaluated budget year. It goes into every sheet title, into
	// _meta and, unless Fields sets "year", into the 评价年度 field.
	Year int
	// RulebookID is written to _meta; empty means DefaultRulebookID.
	RulebookID string
	// Fields maps Field.Key to its value, for every field sheet, the
	// 决算收支 fields and the budget reason.
	Fields map[string]string
	// Budget maps a budget row key (BudgetTotal, …) to column key → value.
	Budget map[string]map[string]string
	// Indicators holds one map per 绩效指标 row, indicator column key → value.
	Indicators []map[string]string
	// Breakdowns maps Breakdown.Key to its category/amount items, in order.
	Breakdowns map[string][]ItemData
	// Levels are the 一级指标 names and the 二级指标 allowed under each, offered
	// as dropdowns; nil means DefaultLevels.
	Levels []LevelNames
	// ScoringGuide is the 评分办法 of the 填报说明 sheet, one paragraph per
	// element, as explain.Rules words a rulebook; nil says only that
	// the bureau's rules apply.
	ScoringGuide []string
	// BudgetWeight and DeclaredTotal word, in the 填报说明 field table, the
	// budget execution's weight ("10") and what the 自评总分 may be ("可取
	// 整数"); "" means the seed's rules.
	BudgetWeight, DeclaredTotal string
	// Prefill lists the values of Fields, Budget and Year that the bureau
	// prefilled for one department (distribute). Generate locks each of
	// their cells, shades it PrefillFill, says so in 填报说明 and records
	// the value in _meta, so that a check can tell when one was changed.
	Prefill []PrefillKey
}

// PrefillKey names one prefilled value: a field (Field, a key Layout.Field
// knows, "year" included) or a 资金情况 cell (BudgetRow and BudgetCol, row
// and column keys).
type PrefillKey struct {
	Field                string
	BudgetRow, BudgetCol string
}

// metaPrefix starts the _meta key of a prefilled value.
const metaPrefix = "prefill:"

// MetaKey is the key under which _meta records the prefilled value:
// prefill:field:dept_name or prefill:budget:total:budget.
func (k PrefillKey) MetaKey() string {
	if k.Field != "" {
		return metaPrefix + "field:" + k.Field
	}
	return metaPrefix + "budget:" + k.BudgetRow + ":" + k.BudgetCol
}

// Prefilled is one value a workbook's _meta records as prefilled.
type Prefilled struct {
	Key   PrefillKey
	Value string
}

// PrefilledOf returns the prefilled values recorded in a form's _meta
// (Form.Meta), ordered by key; nil for a form that was not prefilled.
// Entries that name no field or budget cell are left out.
func PrefilledOf(meta map[string]string) []Prefilled {
	var out []Prefilled
	for k, v := range meta {
		rest, ok := strings.CutPrefix(k, metaPrefix)
		if !ok {
			continue
		}
		parts := strings.Split(rest, ":")
		switch {
		case len(parts) == 2 && parts[0] == "field" && parts[1] != "":
			out = append(out, Prefilled{Key: PrefillKey{Field: parts[1]}, Value: v})
		case len(parts) == 3 && parts[0] == "budget" && parts[1] != "" && parts[2] != "":
			out = append(out, Prefilled{Key: PrefillKey{BudgetRow: parts[1], BudgetCol: parts[2]}, Value: v})
		}
	}
	slices.SortFunc(out, func(a, b Prefilled) int { return strings.Compare(a.Key.MetaKey(), b.Key.MetaKey()) })
	return out
}

// ItemData is one category/amount row of a breakdown.
type ItemData struct {
	Label  string
	Amount string
}

// LevelNames is one 一级指标 and the 二级指标 names allowed under it.
type LevelNames struct {
	Name     string
	Children []string
}

// DefaultRulebookID is the rulebook a generated workbook names in _meta when
// Data.RulebookID is empty.
const DefaultRulebookID = "nanchang-2022"

// DefaultLevels returns the indicator levels of the seed form, a fresh copy
// on each call.
func DefaultLevels() []LevelNames {
	return []LevelNames{
		{Name: "产出指标", Children: []string{"数量指标", "质量指标", "时效指标", "成本指标"}},
		{Name: "效益指标", Children: []string{"经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"}},
		{Name: "满意度指标", Children: []string{"满意度指标"}},
	}
}
