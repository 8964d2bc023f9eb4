package template

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/xuri/efp"
	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template/xlsx"
)

// The reader's budget for recomputing the formulas of a form. A form has a
// few dozen formulas over a few hundred cells; a workbook made to be slow
// to recompute reaches a bound and is reported, not recomputed.
const (
	// maxRecompute is how many formula cells of the form are recomputed.
	maxRecompute = 200
	// maxRangeCells is how many cells one reference of a recomputed
	// formula may span: excelize builds a value for each.
	maxRangeCells = 10_000
	// maxCalcCells is how many cells the references of all the formulas
	// recomputed, and of those they depend on, may span together.
	maxCalcCells = 200_000
	// maxDepends is how many formulas one recomputation may involve,
	// itself included: excelize recomputes those it depends on, each
	// once, recursively.
	maxDepends = 1_000
)

// roundFunctions are the functions among calcFunctions that round.
var roundFunctions = map[string]bool{"ROUND": true, "ROUNDUP": true, "ROUNDDOWN": true, "TRUNC": true, "INT": true, "FLOOR": true, "CEILING": true, "QUOTIENT": true}

// calcFunctions are the functions the reader recomputes: deterministic,
// local to the workbook, and implemented by excelize as Excel does. A
// formula with any other function is not recomputed: TODAY and RAND change
// each time, INDIRECT and OFFSET name their cells only when computed, TEXT
// formats as Excel's locale does.
var calcFunctions = map[string]bool{
	"ABS": true, "AND": true, "AVERAGE": true, "AVERAGEA": true, "AVERAGEIF": true, "AVERAGEIFS": true,
	"CEILING": true, "CHOOSE": true, "COLUMNS": true, "CONCAT": true, "CONCATENATE": true, "COUNT": true,
	"COUNTA": true, "COUNTBLANK": true, "COUNTIF": true, "COUNTIFS": true, "DATE": true, "DAY": true,
	"EXACT": true, "FIND": true, "FLOOR": true, "HLOOKUP": true, "IF": true, "IFERROR": true, "IFNA": true,
	"IFS": true, "INDEX": true, "INT": true, "ISBLANK": true, "ISERR": true, "ISERROR": true, "ISLOGICAL": true,
	"ISNONTEXT": true, "ISNUMBER": true, "ISTEXT": true, "LARGE": true, "LEFT": true, "LEN": true,
	"LOWER": true, "MATCH": true, "MAX": true, "MAXA": true, "MAXIFS": true, "MEDIAN": true, "MID": true,
	"MIN": true, "MINA": true, "MINIFS": true, "MOD": true, "MONTH": true, "N": true, "NOT": true, "OR": true,
	"POWER": true, "PRODUCT": true, "QUOTIENT": true, "RIGHT": true, "ROUND": true, "ROUNDDOWN": true,
	"ROUNDUP": true, "ROWS": true, "SEARCH": true, "SIGN": true, "SMALL": true, "SQRT": true,
	"SUBSTITUTE": true, "SUBTOTAL": true, "SUM": true, "SUMIF": true, "SUMIFS": true, "SUMPRODUCT": true,
	"SUMSQ": true, "SWITCH": true, "T": true, "TRIM": true, "TRUNC": true, "UPPER": true, "VALUE": true,
	"VLOOKUP": true, "XLOOKUP": true, "XOR": true, "YEAR": true,
}

// calcFunction reports whether the reader recomputes a formula that calls
// the named function (with or without Excel's _xlfn. prefix).
func calcFunction(name string) bool {
	return calcFunctions[strings.TrimPrefix(strings.ToUpper(name), "_XLFN.")]
}

// calcNode is one formula cell of the workbook, as the recomputation sees it.
type calcNode struct {
	f        *xlsx.Formula
	col, row int
	// The outcome of checking it, once checked: why it cannot be
	// recomputed ("" when it can), whether it rounds, the formula cells
	// it refers to, and the cells its references span.
	checked bool
	broken  bool // it holds an error operand (#REF!): its result is the error, as on paper
	why     string
	rounds  bool
	deps    []*calcNode
	cells   int
}

// calcGraph holds the formula cells of a workbook by sheet, in row and
// column order, for finding those a reference spans.
type calcGraph struct {
	bySheet map[string][]*calcNode
	spent   int // cells charged against maxCalcCells
}

func newCalcGraph(fs []xlsx.Formula) *calcGraph {
	g := &calcGraph{bySheet: map[string][]*calcNode{}}
	for i := range fs {
		col, row, err := excelize.CellNameToCoordinates(fs[i].Cell)
		if err != nil {
			continue
		}
		g.bySheet[fs[i].Sheet] = append(g.bySheet[fs[i].Sheet], &calcNode{f: &fs[i], col: col, row: row})
	}
	for _, nodes := range g.bySheet {
		sort.Slice(nodes, func(i, j int) bool {
			if nodes[i].row != nodes[j].row {
				return nodes[i].row < nodes[j].row
			}
			return nodes[i].col < nodes[j].col
		})
	}
	return g
}

// within returns the formula cells of a sheet inside a range.
func (g *calcGraph) within(sheet string, c1, r1, c2, r2 int) []*calcNode {
	nodes := g.bySheet[sheet]
	i := sort.Search(len(nodes), func(i int) bool { return nodes[i].row >= r1 })
	var out []*calcNode
	for ; i < len(nodes) && nodes[i].row <= r2; i++ {
		if nodes[i].col >= c1 && nodes[i].col <= c2 {
			out = append(out, nodes[i])
		}
	}
	return out
}

// check settles whether one formula can be recomputed on its own terms: its
// functions, its references, and the formula cells they span.
func (g *calcGraph) check(n *calcNode) {
	if n.checked {
		return
	}
	n.checked = true
	switch {
	case n.f.Reach.Kind != xlsx.ReachNone:
		n.why = "公式引用了工作簿以外的内容"
		return
	case n.f.Kind == "array":
		n.why = "是数组公式"
		return
	case n.f.Kind == "dataTable":
		n.why = "是模拟运算表"
		return
	}
	ps := efp.ExcelParser()
	for _, t := range ps.Parse(n.f.Text) {
		switch {
		case t.TType == efp.TokenTypeFunction && t.TSubType == efp.TokenSubTypeStart:
			if !calcFunction(t.TValue) {
				name := strings.TrimPrefix(strings.ToUpper(t.TValue), "_XLFN.")
				switch name {
				case "TODAY", "NOW", "RAND", "RANDBETWEEN", "RANDARRAY":
					n.why = "用到函数 " + name + "，每次打开结果都会变"
				case "INDIRECT", "OFFSET":
					n.why = "用到函数 " + name + "，引用哪些单元格要算过才知道"
				default:
					n.why = "用到函数 " + name + "，本系统不复算它"
				}
				return
			}
			if roundFunctions[strings.ToUpper(t.TValue)] {
				n.rounds = true
			}
		case t.TType == efp.TokenTypeUnknown:
			n.why = "含有无法识别的内容“" + t.TValue + "”"
			return
		case t.TType == efp.TokenTypeOperand && t.TSubType == efp.TokenSubTypeError:
			n.why, n.broken = "含有错误引用 "+t.TValue, true
			return
		case t.TType == efp.TokenTypeOperand && t.TSubType == efp.TokenSubTypeRange:
			sheet, c1, r1, c2, r2, why := reference(t.TValue, n.f.Sheet)
			if why != "" {
				n.why = why
				return
			}
			cells := (c2 - c1 + 1) * (r2 - r1 + 1)
			if cells > maxRangeCells {
				n.why = fmt.Sprintf("引用的区域 %s 超过 %d 个单元格", t.TValue, maxRangeCells)
				return
			}
			n.cells += cells
			n.deps = append(n.deps, g.within(sheet, c1, r1, c2, r2)...)
		}
	}
}

// closure settles whether a formula can be recomputed with every formula
// it depends on: why not ("" when it can), whether any of them rounds, and
// the cells their references span together.
func (g *calcGraph) closure(root *calcNode) (why string, rounds bool, cells int) {
	seen := map[*calcNode]bool{root: true}
	stack := []*calcNode{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		g.check(n)
		if n.why != "" {
			if n == root {
				return n.why, false, 0
			}
			return "它引用的单元格 " + n.f.Cell + " 的公式" + n.why, false, 0
		}
		rounds = rounds || n.rounds
		cells += n.cells
		for _, d := range n.deps {
			if d == root {
				return "公式循环引用了自身", false, 0
			}
			if !seen[d] {
				seen[d] = true
				stack = append(stack, d)
			}
		}
		if len(seen) > maxDepends {
			return fmt.Sprintf("它依赖的公式超过 %d 个", maxDepends), false, 0
		}
	}
	return "", rounds, cells
}

// reference reads a reference as efp gives it (资金情况!B3:B7, B3, $B$3,
// quotes removed) in a formula of sheet: the sheet and the 1-based corners
// of the range, or why the reader does not recompute a formula with it: a
// defined name, a whole column or row, a reference to several sheets.
func reference(ref, sheet string) (string, int, int, int, int, string) {
	at := ref
	if i := strings.LastIndexByte(ref, '!'); i >= 0 {
		sheet, at = ref[:i], ref[i+1:]
		if strings.Contains(sheet, ":") {
			return "", 0, 0, 0, 0, "引用了多张工作表（" + ref + "）"
		}
	}
	from, to, isRange := strings.Cut(strings.ReplaceAll(at, "$", ""), ":")
	if !isRange {
		to = from
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(from)
	c2, r2, err2 := excelize.CellNameToCoordinates(to)
	switch {
	case err1 == nil && err2 == nil:
		return sheet, min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2), ""
	case isRange:
		return "", 0, 0, 0, 0, "引用了整列或整行（" + ref + "）"
	}
	return "", 0, 0, 0, 0, "引用了名称“" + ref + "”"
}

// readFormulas recomputes the formula cells of the form's sheets that
// were saved with a result, within the reader's budget, and records each
// with its saved result and what it computes (Form.Formulas). A formula
// that reaches outside the workbook is never recomputed: External reports
// it.
func (r *reader) readFormulas() {
	if r.wb == nil || len(r.wb.Formulas) == 0 {
		return
	}
	layoutName := map[string]string{} // the workbook's sheet → the layout's
	for _, sr := range r.form.Sheets {
		layoutName[sr.Name] = sr.Layout
	}
	g := newCalcGraph(r.wb.Formulas)
	recomputed := 0
	for _, sr := range r.form.Sheets {
		for _, n := range g.bySheet[sr.Name] {
			f := n.f
			if !f.Cached || f.Reach.Kind != xlsx.ReachNone {
				continue // no result to hold it to (unparseable_value), or External's
			}
			if g.check(n); n.broken {
				continue // =#REF!*F13 shows its error on paper too (unparseable_value)
			}
			ref := Ref{Sheet: layoutName[f.Sheet], Row: n.row, Col: n.col}
			if recomputed >= maxRecompute {
				if r.form.FormulasOmitted == 0 {
					r.form.OmittedAt = ref
				}
				r.form.FormulasOmitted++
				continue
			}
			recomputed++
			fc := FormulaCell{Ref: ref, Text: f.Text, Cached: cachedResult(f)}
			why, rounds, cells := g.closure(n)
			switch {
			case why != "":
				fc.Unverified = why
			case g.spent+cells > maxCalcCells:
				fc.Unverified = fmt.Sprintf("本工作簿的公式引用的单元格合计超过 %d 个，超出复算上限", maxCalcCells)
			default:
				g.spent += cells
				fc.Rounds = rounds
				v, err := "", error(nil)
				if file, openErr := r.excel(); openErr != nil {
					err = openErr
				} else {
					v, err = file.CalcCellValue(f.Sheet, f.Cell, excelize.Options{RawCellValue: true})
				}
				switch {
				case err == nil:
					fc.Computed = v
				case isExcelError(v) && err.Error() == v:
					fc.Computed = v // the formula's own result: #DIV/0!
				default:
					fc.Unverified = "本系统算不出它的结果"
				}
			}
			r.form.Formulas = append(r.form.Formulas, fc)
		}
	}
}

// cachedResult returns the result saved with a formula as FormulaCell
// gives it: a boolean as TRUE or FALSE.
func cachedResult(f *xlsx.Formula) string {
	if f.Type == "b" {
		switch strings.TrimSpace(f.Value) {
		case "1":
			return "TRUE"
		case "0":
			return "FALSE"
		}
	}
	return f.Value
}

// readExternal records what reaches outside the workbook: the formulas the
// container found (on any sheet), the defined names, and the external links
// no formula or name refers to.
func (r *reader) readExternal() {
	if r.wb == nil {
		return
	}
	layoutName := map[string]string{}
	for _, sr := range r.form.Sheets {
		layoutName[sr.Name] = sr.Layout
	}
	named := map[int]bool{} // the links formulas and names refer to, 1-based
	add := func(ref Ref, formula, name, cached string, reach xlsx.Reach) {
		e := External{Ref: ref, Formula: formula, Name: name, Cached: cached}
		switch reach.Kind {
		case xlsx.ReachDDE:
			e.Kind, e.Target = ExternalDDE, reach.Name
		case xlsx.ReachFunction:
			e.Kind, e.Target = ExternalFunction, reach.Name
		case xlsx.ReachLink:
			e.Kind, e.Target = ExternalBook, reach.Name
			if reach.Link > 0 {
				named[reach.Link] = true
				if reach.Link <= len(r.wb.Links) {
					l := r.wb.Links[reach.Link-1]
					e.Kind, e.Target = linkKind(l.Kind), linkTarget(l.Target)
				}
			}
		default:
			return
		}
		r.form.External = append(r.form.External, e)
	}
	for i := range r.wb.Reaching {
		f := &r.wb.Reaching[i]
		col, row, err := excelize.CellNameToCoordinates(f.Cell)
		if err != nil {
			continue
		}
		sheet := f.Sheet
		if l, ok := layoutName[sheet]; ok {
			sheet = l
		}
		add(Ref{Sheet: sheet, Row: row, Col: col}, f.Text, "", cachedResult(f), f.Reach)
	}
	for _, dn := range r.defined {
		add(Ref{}, strings.TrimPrefix(dn.RefersTo, "="), dn.Name, "", xlsx.FormulaReach(dn.RefersTo))
	}
	for i, l := range r.wb.Links {
		if !named[i+1] && l.Kind != "" {
			r.form.External = append(r.form.External, External{Kind: linkKind(l.Kind), Target: linkTarget(l.Target)})
		}
	}
}

// linkKind is the ExternalKind of an external link part's kind.
func linkKind(kind string) ExternalKind {
	switch kind {
	case "dde":
		return ExternalDDE
	case "ole":
		return ExternalOLE
	}
	return ExternalBook
}

// linkTarget writes an external link's target as a person reads a path:
// file:///D:/%E8%B4%A2%E5%8A%A1/a.xlsx is D:/财务/a.xlsx.
func linkTarget(t string) string {
	if u, err := url.PathUnescape(t); err == nil {
		t = u
	}
	return strings.TrimPrefix(t, "file:///")
}
