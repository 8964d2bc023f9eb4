package distribute

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"

	"github.com/perfeval/perfeval/pipeline/roster"
	"github.com/perfeval/perfeval/template"
)

// OpCreateFolder names creating the output folder in a *template.OpError.
const OpCreateFolder template.Op = "create distribute folder"

// Form is one department's prefilled workbook, written.
type Form struct {
	Department roster.Department
	// Path is where it was written: a file of the output folder.
	Path string
}

// Data returns base (the year, the rulebook's levels and guide) prefilled
// for d: name, code, year and every 全年预算数 the roster holds for d, each
// listed in Prefill. base is not changed.
func Data(base *template.Data, d roster.Department) *template.Data {
	out := *base
	out.Fields = maps.Clone(base.Fields)
	if out.Fields == nil {
		out.Fields = map[string]string{}
	}
	out.Fields["dept_name"] = d.Name
	out.Fields["dept_code"] = d.Code
	out.Prefill = []template.PrefillKey{{Field: "dept_name"}, {Field: "dept_code"}}
	if base.Year > 0 {
		out.Prefill = append(out.Prefill, template.PrefillKey{Field: "year"})
	}
	out.Budget = map[string]map[string]string{}
	for k, cols := range base.Budget {
		out.Budget[k] = maps.Clone(cols)
	}
	for _, r := range template.Department.Budget.Rows {
		amount, ok := d.Budgets[r.Key]
		if !ok {
			continue
		}
		if out.Budget[r.Key] == nil {
			out.Budget[r.Key] = map[string]string{}
		}
		out.Budget[r.Key][template.BudgetColPlan] = amount.String()
		out.Prefill = append(out.Prefill, template.PrefillKey{BudgetRow: r.Key, BudgetCol: template.BudgetColPlan})
	}
	return &out
}

// FileName is the name of d's workbook: 101001-南昌市政务服务数据管理局-2022-自评表.xlsx,
// one plain file name valid on Windows whatever the code and name hold.
func FileName(d roster.Department, year int) string {
	var parts []string
	for _, p := range []string{d.Code, d.Name} {
		if p = template.SafeFileName(p, 40); p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		parts = append(parts, fmt.Sprintf("第%d行", d.Row))
	}
	if year > 0 {
		parts = append(parts, fmt.Sprint(year))
	}
	return strings.Join(parts, "-") + "-自评表.xlsx"
}

// Write writes the prefilled workbook of every department of r into the
// folder out (created when missing), base giving what all share, and
// returns them in roster order. Two departments whose names come out the
// same on disk (a/b and a_b; names that differ in case only, as Windows
// sees them) get (2), (3)… before the extension. An existing file of the
// same name is replaced. It stops between workbooks once ctx is done.
func Write(ctx context.Context, l *template.Layout, base *template.Data, r *roster.Roster, out string) ([]Form, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, &template.OpError{Op: OpCreateFolder, Path: out, Err: err}
	}
	taken := map[string]bool{}
	var forms []Form
	for _, d := range r.Departments {
		if err := ctx.Err(); err != nil {
			return forms, err
		}
		name := unique(FileName(d, base.Year), taken)
		path := filepath.Join(out, name)
		if err := template.WriteTemplate(path, l, Data(base, d)); err != nil {
			return forms, err
		}
		forms = append(forms, Form{Department: d, Path: path})
	}
	return forms, nil
}

// unique returns name, or name with (2), (3)… before its extension, so
// that no two names of taken are the same for a case-blind file system.
func unique(name string, taken map[string]bool) string {
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	candidate := name
	for i := 2; taken[strings.ToLower(candidate)]; i++ {
		candidate = fmt.Sprintf("%s(%d)%s", stem, i, ext)
	}
	taken[strings.ToLower(candidate)] = true
	return candidate
}
