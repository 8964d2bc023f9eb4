package xlsxtest

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Describe is what TestAnnotatedCopyGolden compares, and what tests of
// the workbook packages compare when two ways of writing a workbook must
// give the same to its readers.
// Describe writes out what a reader finds in a workbook, through
// excelize and, for what excelize has no getter for, the sheet parts.
func Describe(t testing.TB, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	parts := sheetParts(t, path, f)
	var b strings.Builder
	styles := map[string]int{} // style definition → its number in the list below
	var styleList []string
	styleOf := func(id int) string {
		if id == 0 {
			return "-"
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal(st)
		n, ok := styles[string(js)]
		if !ok {
			n = len(styleList) + 1
			styles[string(js)] = n
			styleList = append(styleList, string(js))
		}
		return fmt.Sprint("s", n)
	}
	fmt.Fprintf(&b, "active sheet: %s\n", f.GetSheetName(f.GetActiveSheetIndex()))
	for _, dn := range f.GetDefinedName() {
		fmt.Fprintf(&b, "defined name %s [%s] = %s\n", dn.Name, dn.Scope, dn.RefersTo)
	}
	for _, sheet := range f.GetSheetList() {
		visible, _ := f.GetSheetVisible(sheet)
		fmt.Fprintf(&b, "\n== sheet %s (visible %v)\n", sheet, visible)
		setting := func(label string, v any, err error) {
			if err == nil {
				js, _ := json.Marshal(v)
				fmt.Fprintf(&b, "%s %s\n", label, js)
			}
		}
		props, err := f.GetSheetProps(sheet)
		setting("props", props, err)
		view, err := f.GetSheetView(sheet, 0)
		setting("view", view, err)
		panes, err := f.GetPanes(sheet)
		setting("panes", panes, err)
		layout, err := f.GetPageLayout(sheet)
		setting("page", layout, err)
		margins, err := f.GetPageMargins(sheet)
		setting("margins", margins, err)
		hf, err := f.GetHeaderFooter(sheet)
		setting("header/footer", hf, err)
		for _, line := range rawSheetFacts(parts[sheet]) {
			fmt.Fprintf(&b, "%s\n", line)
		}
		merges, err := f.GetMergeCells(sheet)
		if err != nil {
			t.Fatal(err)
		}
		var ms []string
		for _, m := range merges {
			ms = append(ms, m.GetStartAxis()+":"+m.GetEndAxis())
		}
		slices.Sort(ms)
		fmt.Fprintf(&b, "merged %s\n", strings.Join(ms, " "))
		cols, err := f.GetCols(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for c := 1; c <= max(len(cols), 12); c++ {
			name, _ := excelize.ColumnNumberToName(c)
			w, _ := f.GetColWidth(sheet, name)
			visible, _ := f.GetColVisible(sheet, name)
			fmt.Fprintf(&b, "col %s width %g visible %v\n", name, w, visible)
		}
		comments, _ := f.GetComments(sheet)
		byCell := map[string]excelize.Comment{}
		for _, c := range comments {
			byCell[c.Cell] = c
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r := 1; r <= len(rows)+2; r++ {
			h, _ := f.GetRowHeight(sheet, r)
			visible, _ := f.GetRowVisible(sheet, r)
			fmt.Fprintf(&b, "row %d height %g visible %v\n", r, h, visible)
			for c := 1; c <= max(len(cols), 12); c++ {
				cell, _ := excelize.CoordinatesToCellName(c, r)
				// The value as the cell holds it (GetCellValue gives every
				// cell of a merge the first one's), shared or inline text
				// alike.
				v := ""
				if r <= len(rows) && c <= len(rows[r-1]) {
					v = rows[r-1][c-1]
				}
				typ := "-"
				if v != "" {
					ct, _ := f.GetCellType(sheet, cell)
					typ = cellTypes[ct]
				}
				style, _ := f.GetCellStyle(sheet, cell)
				formula, _ := f.GetCellFormula(sheet, cell)
				link, target, _ := f.GetCellHyperLink(sheet, cell)
				cm, hasComment := byCell[cell]
				if v == "" && style == 0 && formula == "" && !link && !hasComment {
					continue
				}
				fmt.Fprintf(&b, "  %s %q %s style %s", cell, v, typ, styleOf(style))
				if formula != "" {
					fmt.Fprintf(&b, " formula %q", formula)
				}
				if link {
					fmt.Fprintf(&b, " link %q", target)
				}
				if hasComment {
					var text strings.Builder
					for _, p := range cm.Paragraph {
						text.WriteString(p.Text)
					}
					fmt.Fprintf(&b, " comment by %q %dx%d %q", cm.Author, cm.Width, cm.Height, text.String())
				}
				b.WriteByte('\n')
			}
		}
	}
	b.WriteString("\n== styles\n")
	for i, s := range styleList {
		fmt.Fprintf(&b, "s%d %s\n", i+1, s)
	}
	return b.String()
}

var cellTypes = map[excelize.CellType]string{
	excelize.CellTypeUnset: "unset", excelize.CellTypeBool: "bool", excelize.CellTypeDate: "date", excelize.CellTypeError: "error",
	excelize.CellTypeFormula: "formula", excelize.CellTypeInlineString: "text", excelize.CellTypeNumber: "number", excelize.CellTypeSharedString: "text",
}

// Parts returns every part of the workbook file at path, inflated, by name.
func Parts(t testing.TB, path string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	parts := map[string][]byte{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[zf.Name] = data
	}
	return parts
}

// sheetParts returns each sheet's part as the file holds it.
func sheetParts(t testing.TB, path string, f *excelize.File) map[string][]byte {
	t.Helper()
	files := Parts(t, path)
	rels := string(files["xl/_rels/workbook.xml.rels"])
	wb := string(files["xl/workbook.xml"])
	out := map[string][]byte{}
	for _, sheet := range f.GetSheetList() {
		m := regexp.MustCompile(`<sheet [^>]*name="` + regexp.QuoteMeta(xmlEscape(sheet)) + `"[^>]*r:id="([^"]+)"`).FindStringSubmatch(wb)
		if m == nil {
			t.Fatalf("sheet %s not in workbook.xml", sheet)
		}
		r := regexp.MustCompile(`<Relationship [^>]*Id="` + m[1] + `"[^>]*Target="([^"]+)"|<Relationship [^>]*Target="([^"]+)"[^>]*Id="` + m[1] + `"`).FindStringSubmatch(rels)
		if r == nil {
			t.Fatalf("relationship %s of sheet %s not found", m[1], sheet)
		}
		target := r[1] + r[2]
		if !strings.HasPrefix(target, "/") {
			target = "xl/" + target
		}
		out[sheet] = files[strings.TrimPrefix(target, "/")]
	}
	return out
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace(s)
}

var (
	reBreak      = regexp.MustCompile(`<(?:\w+:)?brk [^>]*id="(\d+)"`)
	reProtection = regexp.MustCompile(`<(?:\w+:)?sheetProtection ([^>]*?)/?>`)
	reAttr       = regexp.MustCompile(`(\w+)="([^"]*)"`)
	reFilter     = regexp.MustCompile(`<(?:\w+:)?autoFilter [^>]*ref="([^"]+)"`)
	reRowBreaks  = regexp.MustCompile(`<(?:\w+:)?rowBreaks[ >].*?</(?:\w+:)?rowBreaks>`)
	reColBreaks  = regexp.MustCompile(`<(?:\w+:)?colBreaks[ >].*?</(?:\w+:)?colBreaks>`)
	reSelected   = regexp.MustCompile(`<(?:\w+:)?sheetView [^>]*tabSelected="(?:1|true)"`)
)

// rawSheetFacts reads from a sheet's part what excelize has no getter for:
// the page breaks, the protection (its flags as booleans), the filter, and
// whether its tab is selected (two selected tabs are grouped sheets, and a
// value typed into one goes into both).
func rawSheetFacts(part []byte) []string {
	s := string(part)
	var out []string
	for _, kind := range []struct {
		name string
		re   *regexp.Regexp
	}{{"row breaks", reRowBreaks}, {"column breaks", reColBreaks}} {
		var ids []string
		for _, m := range reBreak.FindAllStringSubmatch(kind.re.FindString(s), -1) {
			ids = append(ids, m[1])
		}
		out = append(out, kind.name+" "+strings.Join(ids, " "))
	}
	if m := reProtection.FindStringSubmatch(s); m != nil {
		var flags []string
		for _, a := range reAttr.FindAllStringSubmatch(m[1], -1) {
			v := a[2]
			switch v {
			case "true":
				v = "1"
			case "false":
				v = "0"
			}
			flags = append(flags, a[1]+"="+v)
		}
		slices.Sort(flags)
		out = append(out, "protection "+strings.Join(flags, " "))
	}
	if m := reFilter.FindStringSubmatch(s); m != nil {
		out = append(out, "filter "+strings.ReplaceAll(m[1], "$", ""))
	}
	if reSelected.MatchString(s) {
		out = append(out, "tab selected")
	}
	return out
}
