package summary

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

// ErrNotSummary is matched by the error of ReadPrevious for a file that is
// no summary: neither a summary workbook (a 汇总 sheet with 部门编码 and
// 复核总分 headers) nor perfeval summary --json output.
var ErrNotSummary = errors.New("not a perfeval summary")

// ReadPrevious reads last year's figures from a previous summary: the
// workbook perfeval summary wrote (its 汇总 sheet, read raw) or the JSON of
// perfeval summary --json. It returns the year the summary is for (0 when
// the workbook does not say).
func ReadPrevious(path string) ([]Previous, int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, fmt.Errorf("read previous summary %s: %w", path, err)
	}
	if !bytes.HasPrefix(data, []byte("PK")) {
		var s struct {
			Year        int `json:"year"`
			Departments []struct {
				Code   string              `json:"code"`
				Name   string              `json:"name"`
				Status string              `json:"status"`
				Total  decimal.NullDecimal `json:"total"`
				Rate   decimal.NullDecimal `json:"rate"`
			} `json:"departments"`
		}
		if err := json.Unmarshal(data, &s); err != nil || s.Departments == nil {
			return nil, 0, fmt.Errorf("read previous summary %s: %w", path, ErrNotSummary)
		}
		out := []Previous{}
		for _, d := range s.Departments {
			if d.Status != string(Missing) {
				out = append(out, Previous{Code: d.Code, Name: d.Name, Total: d.Total, Rate: d.Rate})
			}
		}
		return out, s.Year, nil
	}
	f, err := xlsx.Open(data)
	if err != nil {
		return nil, 0, fmt.Errorf("read previous summary %s: %w", path, err)
	}
	defer f.Close()
	rows, err := f.GetRows(SheetSummary, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, 0, fmt.Errorf("read previous summary %s: %w", path, ErrNotSummary)
	}
	year := 0
	if len(rows) > 0 && len(rows[0]) > 0 {
		fmt.Sscanf(rows[0][0], "%d", &year)
	}
	for i, row := range rows[:min(len(rows), 10)] {
		col := map[string]int{}
		for j, h := range row {
			col[template.Norm(h)] = j
		}
		code, okCode := col["部门编码"]
		total, okTotal := col["复核总分"]
		if !okCode || !okTotal {
			continue
		}
		name, rate := col["部门名称"], -1
		if j, ok := col["执行率"]; ok {
			rate = j
		}
		out := []Previous{}
		for _, r := range rows[i+1:] {
			at := func(j int) string {
				if j < 0 || j >= len(r) {
					return ""
				}
				return strings.TrimSpace(r[j])
			}
			if at(code) == "" && at(name) == "" || strings.HasPrefix(at(name), "全市合计") {
				break // the totals below the table
			}
			if at(col["状态"]) == StatusLabel(Missing) {
				continue
			}
			p := Previous{Code: at(code), Name: at(name), Total: parseNull(at(total))}
			if rate >= 0 {
				if v := parseNull(at(rate)); v.Valid {
					// Stored as a fraction under a percent format.
					p.Rate = decimal.NullDecimal{Decimal: v.Decimal.Shift(2), Valid: true}
				}
			}
			out = append(out, p)
		}
		return out, year, nil
	}
	return nil, 0, fmt.Errorf("read previous summary %s: %w", path, ErrNotSummary)
}

func parseNull(s string) decimal.NullDecimal {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: d, Valid: true}
}
