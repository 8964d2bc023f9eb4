package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/width"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/value"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

// Department is one row of the roster.
type Department struct {
	Code    string
	Name    string
	Contact string
	// Email is "" when the cell is empty or holds no valid address (a
	// finding says which).
	Email string
	Phone string
	// Budgets are the 全年预算数 the bureau holds, in 万元, by the key of
	// the 资金情况 row (template.BudgetTotal, …): only the roster's budget
	// columns, and only the cells that hold an amount.
	Budgets map[string]decimal.Decimal
	// Row is the row's 1-based number in its sheet or file.
	Row int
}

// Roster is the bureau's list of departments.
type Roster struct {
	// Source is the file it was read from.
	Source string
	// Sheet is the sheet the list was found on; for a .csv file, the file's
	// name without its extension (the sheet name Excel shows for it).
	Sheet string
	// Departments are the rows in file order. A row without a 部门编码, or
	// whose code an earlier row has, is left out (a finding says so).
	Departments []Department
	// BudgetKeys are the 资金情况 rows the roster has budget columns for, in
	// the layout's order.
	BudgetKeys []string

	byCode map[string]int
	byName map[string]int
}

// Lookup returns the roster's department with the given code, or, when the
// code is "" or not listed, the one with the given name.
func (r *Roster) Lookup(code, name string) (Department, bool) {
	if r == nil {
		return Department{}, false
	}
	if i, ok := r.byCode[normCode(code)]; ok && code != "" {
		return r.Departments[i], true
	}
	if i, ok := r.byName[template.Norm(name)]; ok && name != "" {
		return r.Departments[i], true
	}
	return Department{}, false
}

// ErrNoHeader is matched by the error of a roster in which no sheet has the
// header row (部门编码 and 部门名称 side by side in the first rows).
var ErrNoHeader = errors.New("no roster header")

// OpReadRoster names reading a roster file in an *template.OpError.
const OpReadRoster template.Op = "read roster"

// MaxFileSize bounds the roster file read.
const MaxFileSize = xlsx.MaxFileSize

// headerRows is how many rows from the top the header is looked for in.
const headerRows = 30

// Read reads the roster at path: an .xlsx workbook or a .csv file (UTF-8,
// with or without a byte-order mark, or GB18030 as Excel saves CSV on a
// Chinese Windows), told apart by content. It returns the roster and every
// problem in it as a located finding. The roster is nil, with an
// error-severity finding, when no header row is found or it lacks the
// 部门编码 or 部门名称 column; the error is for a file that cannot be read at
// all (an *template.OpError).
func Read(path string) (*Roster, finding.Findings, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, &template.OpError{Op: OpReadRoster, Path: path, Err: err}
	}
	if !info.Mode().IsRegular() {
		return nil, nil, &template.OpError{Op: OpReadRoster, Path: path, Err: errors.New("not a regular file")}
	}
	if info.Size() > MaxFileSize {
		return nil, nil, &template.OpError{Op: OpReadRoster, Path: path, Err: fmt.Errorf("larger than %d MB", MaxFileSize>>20)}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, &template.OpError{Op: OpReadRoster, Path: path, Err: err}
	}
	r, fs := Parse(filepath.Base(path), data)
	if r != nil {
		r.Source = path
	}
	return r, fs, nil
}

// Parse reads a roster from the bytes of a file called name, as Read does.
func Parse(name string, data []byte) (*Roster, finding.Findings) {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return parseXLSX(data)
	}
	sheet := strings.TrimSuffix(name, filepath.Ext(name))
	rows, err := csvRows(data)
	if err != nil {
		return nil, finding.Findings{{Code: finding.NotXlsx, Severity: finding.Error, Ref: template.Ref{Sheet: sheet},
			Message: fmt.Sprintf("名单文件无法读取：不是 .xlsx 工作簿，也不是有效的 CSV 文件（%v）；请用 Excel 另存为 .xlsx 或 CSV", err)}}
	}
	return parseRows(sheet, rows)
}

func parseXLSX(data []byte) (*Roster, finding.Findings) {
	f, err := xlsx.Open(data)
	if err != nil {
		reason := err.Error()
		var ue *xlsx.UnreadableError
		if errors.As(err, &ue) {
			reason = ue.Reason
		}
		return nil, finding.Findings{{Code: finding.NotXlsx, Severity: finding.Error, Message: "名单工作簿无法读取：" + reason}}
	}
	defer f.Close()
	var first string
	for _, sheet := range f.GetSheetList() {
		if v, err := f.GetSheetVisible(sheet); err == nil && !v {
			continue
		}
		if first == "" {
			first = sheet
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			continue
		}
		if _, ok := findHeader(rows); ok {
			return parseRows(sheet, rows)
		}
	}
	return nil, noHeader(first)
}

// csvRows decodes a CSV file: UTF-8 (a byte-order mark dropped) or, when the
// bytes are not UTF-8, GB18030.
func csvRows(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		d, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, err
		}
		data = d
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, errors.New("含有二进制内容")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	var rows [][]string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("第 %d 行：%v", pe.Line, pe.Err)
			}
			return nil, err
		}
		rows = append(rows, rec)
	}
}

// column is a roster column: the key it is read into and the headers that
// name it (after Norm, without a parenthesised unit).
type column struct {
	key      string
	label    string // the header as the README and messages name it
	headers  []string
	required bool
}

const (
	colCode    = "code"
	colName    = "name"
	colContact = "contact"
	colEmail   = "email"
	colPhone   = "phone"
)

var columns = []column{
	{colCode, "部门编码", []string{"部门编码", "部门代码", "单位编码", "单位代码", "编码"}, true},
	{colName, "部门名称", []string{"部门名称", "单位名称", "部门", "单位"}, true},
	{colContact, "联系人", []string{"联系人", "联系人姓名", "经办人"}, true},
	{colEmail, "邮箱", []string{"邮箱", "电子邮箱", "电子邮件", "邮件", "邮件地址", "email", "e-mail", "mail"}, true},
	{colPhone, "联系电话", []string{"联系电话", "电话", "手机", "手机号码", "联系方式"}, false},
}

// unitSuffix is a parenthesised unit after a header: (万元), （元）.
var unitSuffix = regexp.MustCompile(`\([^)]*\)$`)

func headerText(s string) string {
	return strings.ToLower(unitSuffix.ReplaceAllString(template.Norm(s), ""))
}

// header is where the roster's columns are: a 1-based row and, per key, a
// 1-based column; budget columns are keyed by the 资金情况 row key.
type header struct {
	row    int
	cols   map[string]int
	budget map[string]int
}

// findHeader finds the header row: the first of the top rows that names
// both the code and the name column.
func findHeader(rows [][]string) (header, bool) {
	for i, row := range rows[:min(len(rows), headerRows)] {
		h := header{row: i + 1, cols: map[string]int{}, budget: map[string]int{}}
		for j, cell := range row {
			text := headerText(cell)
			if text == "" {
				continue
			}
			for _, c := range columns {
				if _, ok := h.cols[c.key]; !ok && matches(text, c.headers) {
					h.cols[c.key] = j + 1
				}
			}
			if key, ok := budgetColumn(text); ok {
				if _, dup := h.budget[key]; !dup {
					h.budget[key] = j + 1
				}
			}
		}
		if h.cols[colCode] > 0 && h.cols[colName] > 0 {
			return h, true
		}
	}
	return header{}, false
}

func matches(text string, names []string) bool {
	for _, n := range names {
		if text == n {
			return true
		}
	}
	return false
}

// budgetColumn reports the 资金情况 row a header gives the 全年预算数 of:
// the row's label alone (年度资金总额), or with 全年预算数 or 预算数 before or
// after it; a header about execution (执行数) is none.
func budgetColumn(text string) (string, bool) {
	if strings.Contains(text, "执行") {
		return "", false
	}
	for _, r := range template.Department.Budget.Rows {
		label := template.Norm(r.Label)
		rest := strings.Replace(text, label, "", 1)
		if rest == text {
			continue
		}
		rest = strings.Trim(rest, "-_:：·/|")
		switch rest {
		case "", "全年预算数", "预算数", "全年预算", "预算":
			return r.Key, true
		}
	}
	return "", false
}

func noHeader(sheet string) finding.Findings {
	return finding.Findings{{Code: finding.MissingColumn, Severity: finding.Error, Ref: template.Ref{Sheet: sheet},
		Message: "名单中找不到表头：前 30 行内没有同时写着“部门编码”和“部门名称”的一行；请在表头行写明部门编码、部门名称、联系人、邮箱"}}
}

// parseRows reads the rows of one sheet (or CSV file) into a roster.
func parseRows(sheet string, rows [][]string) (*Roster, finding.Findings) {
	h, ok := findHeader(rows)
	if !ok {
		return nil, noHeader(sheet)
	}
	var fs finding.Findings
	at := func(row, col int) template.Ref { return template.Ref{Sheet: sheet, Row: row, Col: col} }
	for _, c := range columns {
		if c.required && h.cols[c.key] == 0 {
			fs = append(fs, finding.Finding{Code: finding.MissingColumn, Severity: finding.Error, Ref: template.Ref{Sheet: sheet, Row: h.row},
				Message: fmt.Sprintf("名单第 %d 行（表头）缺少“%s”列；请在表头行加上这一列", h.row, c.label)})
		}
	}
	r := &Roster{Sheet: sheet, byCode: map[string]int{}, byName: map[string]int{}}
	for _, b := range template.Department.Budget.Rows {
		if h.budget[b.Key] > 0 {
			r.BudgetKeys = append(r.BudgetKeys, b.Key)
		}
	}
	firstRow := map[string]int{}
	for i := h.row; i < len(rows); i++ {
		row, n := rows[i], i+1
		cell := func(key string) string {
			c := h.cols[key]
			if c == 0 || c > len(row) {
				return ""
			}
			return strings.TrimSpace(row[c-1])
		}
		if blank(row) {
			continue
		}
		d := Department{Code: normCode(cell(colCode)), Name: cell(colName),
			Contact: cell(colContact), Phone: cell(colPhone), Row: n}
		switch {
		case d.Code == "" && d.Name == "":
			fs = append(fs, finding.Finding{Code: finding.MissingField, Severity: finding.Error, Ref: at(n, h.cols[colCode]),
				Message: fmt.Sprintf("名单第 %d 行没有填写部门编码和部门名称，这一行未读取；不需要的行请删除", n)})
			continue
		case d.Code == "":
			fs = append(fs, finding.Finding{Code: finding.MissingField, Severity: finding.Error, Ref: at(n, h.cols[colCode]),
				Message: fmt.Sprintf("名单第 %d 行“%s”没有填写部门编码，这一行未读取；请填写部门编码", n, d.Name)})
			continue
		case d.Name == "":
			fs = append(fs, finding.Finding{Code: finding.MissingField, Severity: finding.Error, Ref: at(n, h.cols[colName]),
				Message: fmt.Sprintf("名单第 %d 行（部门编码 %s）没有填写部门名称；请填写部门名称", n, d.Code)})
		}
		if prev, dup := firstRow[d.Code]; dup {
			fs = append(fs, finding.Finding{Code: finding.UnparseableValue, Severity: finding.Error, Ref: at(n, h.cols[colCode]),
				Message: fmt.Sprintf("名单第 %d 行的部门编码“%s”与第 %d 行重复，无法确定是哪个部门，这一行未读取；每个部门只能有一行，请删除重复的行或改正编码", n, d.Code, prev)})
			continue
		}
		firstRow[d.Code] = n
		if h.cols[colContact] > 0 && d.Contact == "" {
			fs = append(fs, finding.Finding{Code: finding.MissingField, Severity: finding.Warning, Ref: at(n, h.cols[colContact]),
				Message: fmt.Sprintf("名单第 %d 行（%s）没有填写联系人", n, d.Name)})
		}
		if h.cols[colEmail] > 0 {
			email, problem := checkEmail(cell(colEmail))
			d.Email = email
			switch {
			case problem == "" && email == "":
				fs = append(fs, finding.Finding{Code: finding.MissingField, Severity: finding.Warning, Ref: at(n, h.cols[colEmail]),
					Message: fmt.Sprintf("名单第 %d 行（%s）没有填写邮箱，无法给这个部门发送邮件", n, d.Name)})
			case problem != "":
				fs = append(fs, finding.Finding{Code: finding.UnparseableValue, Severity: finding.Error, Ref: at(n, h.cols[colEmail]),
					Message: fmt.Sprintf("名单第 %d 行（%s）的邮箱“%s”%s；请填写一个有效的邮箱地址，如 zhangsan@example.gov.cn", n, d.Name, cell(colEmail), problem)})
			}
		}
		for _, key := range r.BudgetKeys {
			c := h.budget[key]
			if c > len(row) || strings.TrimSpace(row[c-1]) == "" {
				continue
			}
			amount, problem := parseAmount(row[c-1])
			label := budgetLabel(key)
			switch {
			case problem != "":
				fs = append(fs, finding.Finding{Code: finding.UnparseableValue, Severity: finding.Error, Ref: at(n, c),
					Message: fmt.Sprintf("名单第 %d 行（%s）“%s全年预算数”填写为“%s”，%s；请填写以万元为单位的数字", n, d.Name, label, strings.TrimSpace(row[c-1]), problem)})
				continue
			case amount.IsNegative():
				fs = append(fs, finding.Finding{Code: finding.NegativeAmount, Severity: finding.Error, Ref: at(n, c),
					Message: fmt.Sprintf("名单第 %d 行（%s）“%s全年预算数”为负数 %s；请改正", n, d.Name, label, amount)})
				continue
			}
			if d.Budgets == nil {
				d.Budgets = map[string]decimal.Decimal{}
			}
			d.Budgets[key] = amount
		}
		r.byCode[d.Code] = len(r.Departments)
		if d.Name != "" {
			if _, ok := r.byName[template.Norm(d.Name)]; !ok {
				r.byName[template.Norm(d.Name)] = len(r.Departments)
			}
		}
		r.Departments = append(r.Departments, d)
	}
	if h.cols[colCode] == 0 || h.cols[colName] == 0 {
		return nil, fs
	}
	return r, fs
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// normCode is a department code as compared: half-width, without spaces.
func normCode(s string) string { return template.Norm(s) }

func budgetLabel(key string) string {
	for _, r := range template.Department.Budget.Rows {
		if r.Key == key {
			return r.Label
		}
	}
	return key
}

// checkEmail returns the address in a cell (half-width, trimmed) and, when
// it is not one plain address, why, in Chinese.
func checkEmail(s string) (string, string) {
	s = strings.TrimSpace(width.Narrow.String(s))
	if s == "" {
		return "", ""
	}
	a, err := mail.ParseAddress(s)
	switch {
	case err != nil || a.Name != "" || a.Address != s:
		return "", "不是有效的邮箱地址"
	case !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], "."):
		return "", "缺少域名（@ 后面应有如 example.gov.cn 的域名）"
	}
	return s, ""
}

// amountPlaces is the precision amounts are kept to: 0.000001 万元, one
// fen, which also drops the binary tail of a number Excel computed.
const amountPlaces = 6

// parseAmount reads a 全年预算数 in 万元: a number, with separators, or
// written with 万元, 万 or 元 (converted to 万元). It returns why not, in
// Chinese, for anything else.
func parseAmount(s string) (decimal.Decimal, string) {
	v, err := value.ParseNumber(s)
	if err != nil || v.Kind != value.Number {
		return decimal.Decimal{}, "不是数字"
	}
	switch {
	case v.Unit == "" && v.Prefix == "":
		return v.Num.Round(amountPlaces), ""
	case v.Unit == "" || v.Unit == "元":
		// Num is in 元: 2114.68万 and 21146800元 are both 2114.68 万元.
		return v.Num.Shift(-4).Round(amountPlaces), ""
	}
	return decimal.Decimal{}, fmt.Sprintf("单位“%s”不是金额单位", v.Unit)
}
