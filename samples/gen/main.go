// Command gen writes the sample workbooks from the seed form: the Nanchang
// 政务服务数据管理局 2022 self-evaluation, filled in (nanchang-2022.xlsx);
// the same data as a fictional department's form with the mistakes most
// often returned (example-returned-2022.xlsx); and a blank 2022 template
// (blank-2022.xlsx). Run it from the repository root (go run ./samples/gen)
// or through go generate ./samples.
//
// The seed document gives no department code; the filled-in sample uses the
// invented code 101001.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/explain"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/template"
)

// deptCode is invented: the seed document does not state one.
const deptCode = "101001"

// seed is the form object of nanchang-2022.form.json.
type seed struct {
	Form struct {
		Header struct {
			DeptName      string `json:"dept_name"`
			Year          int    `json:"year"`
			SubUnits      int    `json:"sub_units"`
			DeclaredTotal string `json:"declared_total"`
			Staffing      struct {
				AuthorizedTotal       int            `json:"authorized_total"`
				AuthorizedAdmin       int            `json:"authorized_admin"`
				AuthorizedInstitution int            `json:"authorized_institution"`
				ActualTotal           int            `json:"actual_total"`
				ActualBreakdown       map[string]int `json:"actual_breakdown"`
			} `json:"staffing"`
			Assets struct {
				Total      string `json:"total"`
				Current    string `json:"current"`
				NonCurrent string `json:"non_current"`
			} `json:"assets"`
		} `json:"header"`
		Budget struct {
			Rows []struct {
				Row       string `json:"row"`
				Budget    string `json:"annual_budget"`
				Execution string `json:"annual_execution"`
				Weight    string `json:"weight"`
				Rate      string `json:"rate"`
				Score     string `json:"score"`
			} `json:"rows"`
			DeviationReason string `json:"deviation_reason"`
		} `json:"budget"`
		Goals struct {
			Expected string `json:"expected"`
			Achieved string `json:"achieved"`
		} `json:"goals"`
		// Narrative is the seed's prose that no figure gives, for the
		// 报告素材 sheet.
		Narrative struct {
			Duties       string `json:"duties"`
			Organization string `json:"organization"`
			AnnualGoal   string `json:"annual_goal"`
			KeyTasks     string `json:"key_tasks"`
			PerfMgmt     string `json:"perf_mgmt"`
			Problems     string `json:"problems"`
			Measures     string `json:"measures"`
		} `json:"narrative"`
		Indicators []struct {
			Level1    string `json:"level1"`
			Level2    string `json:"level2"`
			Name      string `json:"name"`
			Target    string `json:"target"`
			Actual    string `json:"actual"`
			Weight    string `json:"weight"`
			SelfScore string `json:"self_score"`
			Reason    string `json:"deviation_reason"`
		} `json:"indicators"`
		Accounts struct {
			Income     map[string]string `json:"income"`
			Opening    map[string]string `json:"opening_carryover"`
			Basic      map[string]string `json:"basic"`
			Project    string            `json:"project"`
			Total      string            `json:"total_expenditure"`
			Closing    map[string]string `json:"closing_carryover"`
			ByFunction json.RawMessage   `json:"by_function"`
			ByEconomic json.RawMessage   `json:"by_economic"`
		} `json:"final_accounts"`
	} `json:"form"`
}

func main() {
	dir := flag.String("dir", "", "samples folder (default: ./samples or . , whichever holds the seed form)")
	flag.Parse()
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	if dir == "" {
		dir = "samples"
		if _, err := os.Stat(filepath.Join(dir, "nanchang-2022.form.json")); err != nil {
			dir = "."
		}
	}
	src := filepath.Join(dir, "nanchang-2022.form.json")
	raw, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("read seed form: %w", err)
	}
	var s seed
	if err := json.Unmarshal(raw, &s); err != nil {
		return fmt.Errorf("parse seed form %q: %w", src, err)
	}
	d, err := seedData(&s)
	if err != nil {
		return fmt.Errorf("seed form %q: %w", src, err)
	}
	l := template.Department
	if err := template.WriteTemplate(filepath.Join(dir, "nanchang-2022.xlsx"), l, d); err != nil {
		return err
	}
	// A second, independent copy of the seed's data, broken the ways real
	// submissions are, so the demo shows a returned form.
	r, err := seedData(&s)
	if err != nil {
		return fmt.Errorf("seed form %q: %w", src, err)
	}
	returned(r)
	if err := template.WriteTemplate(filepath.Join(dir, "example-returned-2022.xlsx"), l, r); err != nil {
		return err
	}
	return template.WriteTemplate(filepath.Join(dir, "blank-2022.xlsx"), l, explain.TemplateData(rulebook.DefaultRulebook(), d.Year))
}

// returned turns the seed's data into a fictional department's form, one
// whose work is the seed's (政务服务), with the mistakes finance bureaus see
// most: a placeholder for a reason, a stated
// rate that does not match its amounts, an amount in 元, a generous
// self-score and a declared total that does not follow.
func returned(d *template.Data) {
	d.Fields["dept_name"] = "示例区行政审批服务局（演示用：含常见填报问题）"
	d.Fields["dept_code"] = "109901"
	d.Fields["declared_total"] = "96"
	d.Budget["other"]["rate"] = "95.00"
	d.Budget["project"]["execution"] = "48916222元"
	d.Fields["budget_reason"] = "/"
	// A department that has not written its report's texts: the draft
	// marks each 【待补充】.
	for _, fd := range template.Department.Narrative.Fields {
		delete(d.Fields, fd.Key)
	}
	for _, in := range d.Indicators {
		switch in["name"] {
		case "扩种扩量电子证照":
			in["reason"] = "无"
		case "交易中心开标":
			in["self_score"] = "1"
		}
	}
}

// seedData maps the seed form onto the layout's keys.
func seedData(s *seed) (*template.Data, error) {
	h := s.Form.Header
	st := h.Staffing
	itoa := strconv.Itoa
	// 事业人员 are the three institution categories of the seed's 部门概况.
	inst := st.ActualBreakdown["专业技术岗人员"] + st.ActualBreakdown["管理岗人员"] + st.ActualBreakdown["全部补助事业人员"]
	fields := map[string]string{
		"dept_name":              h.DeptName,
		"dept_code":              deptCode,
		"year":                   itoa(h.Year),
		"sub_units":              itoa(h.SubUnits),
		"declared_total":         h.DeclaredTotal,
		"staff_authorized":       itoa(st.AuthorizedTotal),
		"staff_authorized_admin": itoa(st.AuthorizedAdmin),
		"staff_authorized_inst":  itoa(st.AuthorizedInstitution),
		"staff_actual":           itoa(st.ActualTotal),
		"staff_actual_admin":     itoa(st.ActualBreakdown["行政人员"]),
		"staff_actual_worker":    itoa(st.ActualBreakdown["工勤人员"]),
		"staff_actual_inst":      itoa(inst),
		"assets_total":           h.Assets.Total,
		"assets_current":         h.Assets.Current,
		"assets_noncurrent":      h.Assets.NonCurrent,
		"goal_expected":          s.Form.Goals.Expected,
		"goal_achieved":          s.Form.Goals.Achieved,
		"budget_reason":          s.Form.Budget.DeviationReason,
	}
	n := s.Form.Narrative
	for k, v := range map[string]string{
		template.NarrDuties: n.Duties, template.NarrOrganization: n.Organization,
		template.NarrAnnualGoal: n.AnnualGoal, template.NarrTasks: n.KeyTasks,
		template.NarrPerfMgmt: n.PerfMgmt, template.NarrProblems: n.Problems,
		template.NarrMeasures: n.Measures,
	} {
		if v != "" {
			fields[k] = v
		}
	}

	budget := map[string]map[string]string{}
	for _, r := range s.Form.Budget.Rows {
		key := ""
		for _, br := range template.Department.Budget.Rows {
			if br.Label == r.Row {
				key = br.Key
			}
		}
		if key == "" {
			return nil, fmt.Errorf("budget row %q is not in the layout", r.Row)
		}
		cols := map[string]string{
			template.BudgetColPlan:      r.Budget,
			template.BudgetColExecution: r.Execution,
			template.BudgetColRate:      r.Rate,
		}
		if r.Weight != "" {
			cols[template.BudgetColWeight] = r.Weight
		}
		if r.Score != "" {
			cols[template.BudgetColScore] = r.Score
		}
		budget[key] = cols
	}

	var inds []map[string]string
	for _, in := range s.Form.Indicators {
		inds = append(inds, map[string]string{
			template.ColLevel1:    in.Level1,
			template.ColLevel2:    in.Level2,
			template.ColName:      in.Name,
			template.ColTarget:    in.Target,
			template.ColActual:    in.Actual,
			template.ColWeight:    in.Weight,
			template.ColSelfScore: in.SelfScore,
			template.ColReason:    in.Reason,
		})
	}

	a := s.Form.Accounts
	or0 := func(v string) string {
		if v == "" {
			return "0"
		}
		return v
	}
	income := map[string]string{
		"income_general": or0(a.Income["一般公共预算财政拨款收入"]),
		"income_fund":    or0(a.Income["政府性基金预算财政拨款收入"]),
		"income_other":   or0(a.Income["其他收入"]),
	}
	incomeTotal, err := sum(income["income_general"], income["income_fund"], income["income_other"])
	if err != nil {
		return nil, fmt.Errorf("income: %w", err)
	}
	basic, err := sum(a.Basic["人员经费"], a.Basic["公用经费"])
	if err != nil {
		return nil, fmt.Errorf("basic expenditure: %w", err)
	}
	for k, v := range income {
		fields[k] = v
	}
	for k, v := range map[string]string{
		"income_total":   incomeTotal,
		"opening_fiscal": or0(a.Opening["财政拨款结转（结余）"]),
		"opening_other":  or0(a.Opening["其他资金结转（结余）"]),
		"exp_personnel":  a.Basic["人员经费"],
		"exp_public":     a.Basic["公用经费"],
		"exp_basic":      basic,
		"exp_project":    a.Project,
		"exp_total":      a.Total,
		"closing_fiscal": or0(a.Closing["财政拨款结转（结余）"]),
		"closing_other":  or0(a.Closing["其他资金结转（结余）"]),
	} {
		fields[k] = v
	}

	byFunction, err := orderedItems(a.ByFunction)
	if err != nil {
		return nil, fmt.Errorf("by_function: %w", err)
	}
	byEconomic, err := orderedItems(a.ByEconomic)
	if err != nil {
		return nil, fmt.Errorf("by_economic: %w", err)
	}
	// The form explains, and names in _meta, the rules it is checked by.
	d := explain.TemplateData(rulebook.DefaultRulebook(), h.Year)
	d.Fields, d.Budget, d.Indicators = fields, budget, inds
	d.Breakdowns = map[string][]template.ItemData{"by_function": byFunction, "by_economic": byEconomic}
	return d, nil
}

// sum adds decimal strings and returns the sum as written by decimal.
func sum(vs ...string) (string, error) {
	t := decimal.Zero
	for _, v := range vs {
		d, err := decimal.NewFromString(v)
		if err != nil {
			return "", err
		}
		t = t.Add(d)
	}
	return t.String(), nil
}

// orderedItems reads a JSON object of category → amount keeping the order of
// its keys, which is the order of the seed's table.
func orderedItems(raw json.RawMessage) ([]template.ItemData, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("want a JSON object")
	}
	var items []template.ItemData
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var v string
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		items = append(items, template.ItemData{Label: kt.(string), Amount: v})
	}
	return items, nil
}
