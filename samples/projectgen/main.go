// Command projectgen writes the project-form samples: each published
// 项目支出绩效自评表 transcribed in samples/project/*.form.json becomes
// samples/project/*.xlsx, the form filled in on the project layout with
// every cell as published (placeholders, bare numbers, a level cell that
// holds only its weight), so that the checks meet them as a bureau would.
// A group of rows the published form merges under one 一级 or 二级 cell is
// written with the level on its first row only, as a merged cell reads.
// Run it from the repository root (go run ./samples/projectgen) or through
// go generate ./samples.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/perfeval/perfeval/pipeline/explain"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/template"
)

// published is the part of a *.form.json the workbook is made from; the
// file also carries its source, notes and the scoring analysis, which the
// golden tests read.
type published struct {
	Rulebook   string  `json:"rulebook"`
	Year       int     `json:"year"`
	Project    string  `json:"project"`
	Department *string `json:"department"`
	// DepartmentCode is the 部门编码, which published forms do not carry.
	DepartmentCode *string `json:"department_code"`
	Unit           *string `json:"unit"`
	Manager        *string `json:"manager"`
	Phone          *string `json:"phone"`
	Funds          []struct {
		Label    string  `json:"label"`
		Initial  *string `json:"initial"`
		Adjusted *string `json:"adjusted"`
		Executed *string `json:"executed"`
		Weight   *string `json:"weight"`
		Rate     *string `json:"rate"`
		Score    *string `json:"score"`
	} `json:"funds"`
	// BudgetReason is the 预算执行率偏差原因分析及改进措施, where the form
	// gives one.
	BudgetReason string `json:"budget_reason"`
	Goals        struct {
		Expected string `json:"expected"`
		Actual   string `json:"actual"`
	} `json:"goals"`
	Indicators []struct {
		Level1 *string `json:"level1"`
		Level2 *string `json:"level2"`
		Name   *string `json:"name"`
		Target *string `json:"target"`
		Actual *string `json:"actual"`
		Weight *string `json:"weight"`
		Score  *string `json:"score"`
		Reason *string `json:"reason"`
	} `json:"indicators"`
	Total struct {
		Score string `json:"score"`
	} `json:"total"`
}

func main() {
	dir := flag.String("dir", "", "the samples/project folder (default: samples/project or project, whichever exists)")
	flag.Parse()
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "projectgen:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	if dir == "" {
		dir = filepath.Join("samples", "project")
		if _, err := os.Stat(dir); err != nil {
			dir = "project"
		}
	}
	forms, err := filepath.Glob(filepath.Join(dir, "*.form.json"))
	if err != nil {
		return err
	}
	if len(forms) == 0 {
		return fmt.Errorf("no *.form.json in %s", dir)
	}
	for _, src := range forms {
		raw, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		var p published
		if err := json.Unmarshal(raw, &p); err != nil {
			return fmt.Errorf("parse %s: %w", src, err)
		}
		rb, err := rulebook.Builtin(p.Rulebook)
		if err != nil {
			return fmt.Errorf("%s: %w", src, err)
		}
		d, err := data(&p, rb)
		if err != nil {
			return fmt.Errorf("%s: %w", src, err)
		}
		out := strings.TrimSuffix(src, ".form.json") + ".xlsx"
		if err := template.WriteTemplate(out, template.Project, d); err != nil {
			return err
		}
	}
	return nil
}

// fundRows maps a published fund row label, without 其中： and a trailing
// colon, to the layout's row key.
var fundRows = map[string]string{
	"年度资金总额": template.BudgetTotal, "资金总额": template.BudgetTotal, "总额": template.BudgetTotal,
	"当年财政拨款": template.BudgetFiscal, "本年财政拨款": template.BudgetFiscal, "财政拨款": template.BudgetFiscal, "财政资金": template.BudgetFiscal,
	"上年结转资金": template.BudgetCarryover, "上年结转": template.BudgetCarryover,
	"其他资金": template.BudgetOther,
}

func data(p *published, rb *rulebook.Rulebook) (*template.Data, error) {
	d := explain.TemplateData(rb, p.Year)
	d.Fields = map[string]string{
		"project_name":   p.Project,
		"declared_total": p.Total.Score,
	}
	for key, v := range map[string]*string{"dept_name": p.Department, "dept_code": p.DepartmentCode, "unit": p.Unit, "manager": p.Manager, "phone": p.Phone} {
		if v != nil {
			d.Fields[key] = *v
		}
	}
	d.Fields["goal_expected"], d.Fields["goal_achieved"] = p.Goals.Expected, p.Goals.Actual
	if p.BudgetReason != "" {
		d.Fields["budget_reason"] = p.BudgetReason
	}
	d.Budget = map[string]map[string]string{}
	for _, f := range p.Funds {
		// Norm narrows a full-width colon: 其中：本年财政拨款 is 其中:本年财政拨款.
		label := strings.TrimRight(template.Norm(f.Label), ":")
		if i := strings.LastIndex(label, ":"); i >= 0 {
			label = label[i+1:]
		}
		key, ok := fundRows[label]
		if !ok {
			return nil, fmt.Errorf("fund row %q is not a row of the project form", f.Label)
		}
		d.Budget[key] = map[string]string{}
		for col, v := range map[string]*string{
			template.BudgetColInitial: f.Initial, template.BudgetColPlan: f.Adjusted, template.BudgetColExecution: f.Executed,
			template.BudgetColWeight: f.Weight, template.BudgetColRate: f.Rate, template.BudgetColScore: f.Score,
		} {
			if v != nil {
				d.Budget[key][col] = *v
			}
		}
	}
	var last1, last2 string
	for _, in := range p.Indicators {
		row := map[string]string{}
		l1, l2 := text(in.Level1), text(in.Level2)
		if l1 != last1 {
			row[template.ColLevel1] = l1
			last2 = "" // a new 一级 starts its 二级 afresh
		}
		if l2 != last2 {
			row[template.ColLevel2] = l2
		}
		last1, last2 = l1, l2
		for col, v := range map[string]*string{
			template.ColName: in.Name, template.ColTarget: in.Target, template.ColActual: in.Actual,
			template.ColWeight: in.Weight, template.ColSelfScore: in.Score, template.ColReason: in.Reason,
		} {
			if v != nil {
				row[col] = *v
			}
		}
		d.Indicators = append(d.Indicators, row)
	}
	return d, nil
}

func text(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
