package rulebook

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/template"
)

// Audit expressions (审核公式) are compiled by expr-lang/expr and evaluated
// in decimal.
//
// Names. An expression names cells by dotted Chinese names derived from the
// layout, never from a second list of labels:
//
//   - 资金情况.<row>.<column>: every 资金情况 row label (年度资金总额, 财政拨款, …)
//     with every numeric column, the column named by its header without the
//     unit in parentheses and without a leading 全年: 预算数, 执行数, 分值,
//     执行率 (the stated rate, a percent figure such as 91.38) and 得分; and
//     资金情况.<row>.计算执行率, execution ÷ budget as a percent figure rounded
//     to two places (as forms state it), located at the row's 执行率 cell.
//   - 基本信息.<label>: every numeric field of 基本信息 (amount, score, count),
//     the label without a leading “其中：” and without the unit in
//     parentheses: 自评总分, 核定编制, 行政编制, 实有人数, 资产总额, 流动资产, ….
//   - 决算收支.<label>: every amount of 决算收支, named the same way; and for
//     each breakdown 决算收支.<section label without 划分>合计 (决算收支.按支出功能科目合计),
//     the sum of its categories, located at the first category's amount.
//   - 复核.指标得分合计, 复核.预算执行得分, 复核.总分: the scores computed under
//     the rulebook, located at the 得分 header of 绩效指标, the 得分 cell of
//     the first 资金情况 row and the 自评总分 cell. Each is usable only when
//     everything it adds up was scored.
//
// AuditNames lists them. Functions: sum, max and min of one or more values,
// abs of one.
//
// Arithmetic. Every value is a decimal.Decimal: + - * and unary minus are
// exact, / divides to RatioPlaces places. expr parses 0.1 as a float64, so a
// patch (auditLowering, given to expr.Patch) replaces each number literal by
// a constant decimal.NewFromString of the literal's source text before type
// checking: 0.1 + 0.2 == 0.3 holds exactly, and 12345678901234567.1 keeps
// its last digit. The same patch turns operators into calls of decimal
// functions.
//
// Comparisons allow the audit's tolerance: A == B holds when |A − B| ≤ tol,
// A != B when |A − B| > tol, A <= B when A − B ≤ tol, A < B when A − B < tol,
// A >= B when B − A ≤ tol and A > B when B − A < tol.
//
// Writing. Operators, brackets, digits and spaces copied from the forms in
// full width (＞＝ （ ） ＋ ， ０), and ≤ ≥ ≠ × ÷ −, read as their ASCII
// counterparts (auditNormalise); a single = is refused with its fix. Every
// error is Chinese and placed in the expression as written.
//
// An audit that names an empty or unparseable cell, or divides by zero, is
// skipped: those cells have findings of their own.

// Internal functions that auditLowering puts in place of the operators.
const (
	auditAdd = "__add"
	auditSub = "__sub"
	auditMul = "__mul"
	auditDiv = "__div"
	auditNeg = "__neg"
	auditEq  = "__eq"
	auditNe  = "__ne"
	auditLt  = "__lt"
	auditLe  = "__le"
	auditGt  = "__gt"
	auditGe  = "__ge"
)

// auditCompare maps each comparison operator to its function.
var auditCompare = map[string]string{"==": auditEq, "!=": auditNe, "<": auditLt, "<=": auditLe, ">": auditGt, ">=": auditGe}

// auditFunctions are the functions an expression may call.
var auditFunctions = []string{"sum", "abs", "max", "min"}

var decimalType = reflect.TypeFor[decimal.Decimal]()

// errAuditDivZero stops an evaluation that divides by zero; the audit is
// skipped.
var errAuditDivZero = errors.New("division by zero")

// auditEnv is what expressions compile against: every cell name of a
// layout, typed as a decimal.
type auditEnv struct {
	layout *template.Layout
	names  []string       // in layout order, for suggestions
	typed  map[string]any // name → decimal.Decimal{}
	cells  map[string]template.CellName
}

func newAuditEnv(l *template.Layout) (*auditEnv, error) {
	cells, err := l.CellNames()
	if err != nil {
		return nil, err
	}
	env := &auditEnv{layout: l, names: make([]string, len(cells)), typed: make(map[string]any, len(cells)), cells: make(map[string]template.CellName, len(cells))}
	for i, c := range cells {
		env.names[i] = c.Name
		env.typed[c.Name] = decimal.Decimal{}
		env.cells[c.Name] = c
	}
	return env, nil
}

// AuditProgram is one compiled audit.
type AuditProgram struct {
	Audit Audit
	whole *vm.Program
	// left and right evaluate the two sides of a top-level comparison of
	// numbers, for the message; nil for any other expression.
	left, right *vm.Program
	// names are the cell names of the expression in source order; the first
	// locates a finding.
	names []string
}

// Names returns the cell names the expression uses, in source order: the
// first locates a finding.
func (a *AuditProgram) Names() []string { return a.names }

// AuditOutcome is the result of one audit on one form.
type AuditOutcome struct {
	Skipped     bool // a name is unusable or a division is by zero
	Holds       bool
	Sides       bool // Left and Right are set
	Left, Right decimal.Decimal
}

// Eval runs the audit on env, the usable values of a form by cell name,
// using machine for every run. A name missing from env (an empty or
// unparseable cell, which has a finding of its own) or a division by zero
// skips the audit.
func (a *AuditProgram) Eval(machine *vm.VM, env map[string]any) (AuditOutcome, error) {
	var out AuditOutcome
	for _, n := range a.names {
		if _, ok := env[n]; !ok {
			out.Skipped = true
			return out, nil
		}
	}
	v, err := machine.Run(a.whole, env)
	if errors.Is(err, errAuditDivZero) {
		out.Skipped = true
		return out, nil
	}
	if err != nil {
		return out, err
	}
	holds, ok := v.(bool)
	if !ok {
		return out, fmt.Errorf("result is %T, not bool", v)
	}
	out.Holds = holds
	if holds || a.left == nil {
		return out, nil
	}
	l, errL := machine.Run(a.left, env)
	r, errR := machine.Run(a.right, env)
	if errL == nil && errR == nil {
		// Both sides are typed decimal.Decimal at compile time.
		out.Left, out.Right, out.Sides = l.(decimal.Decimal), r.(decimal.Decimal), true
	}
	return out, nil
}

// AuditSet is the compiled audits of one rulebook for one layout.
type AuditSet struct {
	Layout   *template.Layout
	Programs []*AuditProgram
	// Cells is every cell name any audit uses, once.
	Cells []template.CellName
	// compiles counts the expr programs compiled, for the test that a batch
	// compiles a rulebook's audits once.
	compiles int
}

// compileAudits compiles every audit of rb for layout l.
func compileAudits(audits []Audit, l *template.Layout) (*AuditSet, error) {
	env, err := newAuditEnv(l)
	if err != nil {
		return nil, err
	}
	set := &AuditSet{Layout: l}
	seen := map[string]bool{}
	for _, a := range audits {
		p, n, err := compileAudit(a.Expr, a.Tolerance, env)
		set.compiles += n
		if err != nil {
			return nil, fmt.Errorf("audit %s: %w", a.ID, err)
		}
		p.Audit = a
		set.Programs = append(set.Programs, p)
		for _, n := range p.names {
			if !seen[n] {
				seen[n] = true
				set.Cells = append(set.Cells, env.cells[n])
			}
		}
	}
	return set, nil
}

// compileAudit compiles src with tolerance tol: the whole expression and,
// when it is a comparison of numbers, its two sides. It also returns how
// many programs it compiled.
func compileAudit(src string, tol decimal.Decimal, env *auditEnv) (*AuditProgram, int, error) {
	whole, low, err := compileAuditExpr(src, tol, env, nil)
	if err != nil {
		return nil, 1, err
	}
	if err := low.validate(whole, env); err != nil {
		return nil, 1, err
	}
	p := &AuditProgram{whole: whole, names: low.varNames()}
	if root, ok := low.root.(*ast.BinaryNode); ok && auditCompare[root.Operator] != "" {
		pick := func(b *ast.BinaryNode) ast.Node { return b.Left }
		left, _, errL := compileAuditExpr(src, tol, env, &auditSide{loc: root.Location(), pick: pick})
		pick = func(b *ast.BinaryNode) ast.Node { return b.Right }
		right, _, errR := compileAuditExpr(src, tol, env, &auditSide{loc: root.Location(), pick: pick})
		if errL == nil && errR == nil && left.Node().Type() == decimalType && right.Node().Type() == decimalType {
			p.left, p.right = left, right
		}
	}
	return p, 3, nil
}

// AuditNames returns every cell name an audit expression may use with layout
// l, in layout order (template.Layout.CellNames).
func AuditNames(l *template.Layout) ([]string, error) {
	env, err := newAuditEnv(l)
	if err != nil {
		return nil, err
	}
	return env.names, nil
}

// validateAuditExpr checks an audit expression when a rulebook is loaded: it
// must compile against the names of the department layout (the one layout
// there is: a project layout will need the rulebook's form here), name at
// least one cell, and give a boolean. The error is an *auditExprError with a
// Chinese reason.
func validateAuditExpr(src string, env *auditEnv) error {
	prog, low, err := compileAuditExpr(src, decimal.Zero, env, nil)
	if uerr := low.unknown(env); uerr != nil {
		return uerr
	}
	if err != nil {
		return err
	}
	return low.validate(prog, env)
}

// auditExprError is an audit expression that does not compile or cannot be
// used. Line is 1-based and Column 0-based within the expression as the
// officer wrote it (before auditNormalise), as in expr's file.Error; Reason
// is Chinese. Syntax marks an error of the writing (expr's parser or type
// checker), whose position is worth showing.
type auditExprError struct {
	Line, Column int
	Reason       string
	Syntax       bool
}

func (e *auditExprError) Error() string { return e.Reason }

// auditSide picks one side of the top-level comparison at loc.
type auditSide struct {
	loc  file.Location
	pick func(*ast.BinaryNode) ast.Node
}

// compileAuditExpr compiles src against the typed environment of l. With a
// side, the program evaluates that side of the top-level comparison. The
// lowering that rewrote the tree is returned even with an error, for the
// names it saw. Every error is an *auditExprError.
func compileAuditExpr(src string, tol decimal.Decimal, env *auditEnv, side *auditSide) (*vm.Program, *auditLowering, error) {
	norm := auditNormalise(src)
	low := &auditLowering{src: norm.text, norm: norm, orig: src, vars: map[*ast.IdentifierNode]bool{}, declared: map[string]bool{}, side: side}
	opts := []expr.Option{
		expr.Env(env.typed),
		expr.DisableAllBuiltins(),
		expr.Patch(low),
	}
	opts = append(opts, auditFunctionOptions(tol)...)
	prog, err := expr.Compile(string(norm.text), opts...)
	var fe *file.Error
	switch {
	case low.err != nil:
		// The patch's reason is Chinese and names the operator; the type
		// checker's, if any, would only echo it.
		err = low.err
	case errors.As(err, &fe):
		err = low.syntaxError(fe)
	case err != nil:
		err = &auditExprError{Line: 1, Reason: "公式写法有误", Syntax: true}
	}
	return prog, low, err
}

// auditNormalised is an expression with what the forms write in place of
// ASCII turned into ASCII.
type auditNormalised struct {
	text []rune
	// from maps each rune of text, and its end, to the rune of the source it
	// came from.
	from []int
	// quote is the index in text of a quote never closed, or -1; percent is
	// the index of the first % outside quotes, or -1.
	quote, percent int
}

// auditWide maps the operators officers copy from the forms to ASCII. The
// full-width forms U+FF01–U+FF5E (＞＝ （ ） ＋ ， ０ …) and the ideographic
// space are mapped by auditNormalise without this table.
var auditWide = map[rune]string{
	'≤': "<=", '≦': "<=", '≥': ">=", '≧': ">=", '≠': "!=",
	'×': "*", '÷': "/", '−': "-",
}

// auditNormalise reads operators, brackets, digits and spaces written full
// width, and ≤ ≥ ≠ × ÷ −, as their ASCII counterparts outside quoted text,
// as the value grammar does everywhere else: an officer who copies
// “（A＋B）≤ C” from a form means (A+B) <= C. A single = or ＝ stays, so
// that it is refused with its explanation.
func auditNormalise(src string) auditNormalised {
	n := auditNormalised{text: make([]rune, 0, len(src)), quote: -1, percent: -1}
	var quote rune
	escaped := false
	i := 0
	for _, r := range src {
		out := string(r)
		switch {
		case quote != 0:
		case r >= 0xFF01 && r <= 0xFF5E:
			out = string(r - 0xFEE0)
		case r == '\u3000':
			out = " "
		case auditWide[r] != "":
			out = auditWide[r]
		}
		for _, o := range out {
			switch {
			case quote != 0 && escaped:
				escaped = false
			case quote != 0 && o == '\\' && quote != '`':
				escaped = true
			case quote != 0 && o == quote:
				quote, n.quote = 0, -1
			case quote != 0:
			case o == '"' || o == '\'' || o == '`':
				quote, n.quote = o, len(n.text)
			case o == '%' && n.percent < 0:
				n.percent = len(n.text)
			}
			n.text = append(n.text, o)
			n.from = append(n.from, i)
		}
		i++
	}
	n.from = append(n.from, i)
	return n
}

// auditEpsilon is the difference below which two sides of an audit are
// equal: far below any amount or rate a form holds, far above the cut of a
// quotient.
var auditEpsilon = decimal.New(1, -10)

func dec2(f func(a, b decimal.Decimal) (any, error)) func(...any) (any, error) {
	return func(p ...any) (any, error) { return f(p[0].(decimal.Decimal), p[1].(decimal.Decimal)) }
}

// auditFunctionOptions registers the decimal operators, comparing within
// tol, and the functions of the expression language.
//
// A quotient is carried to RatioPlaces: 10 ÷ 3 × 3 is 9.99…9, not 10. So
// that such a cut is never a failed audit, sides within auditEpsilon are
// equal whatever the tolerance: ==, <=, >= hold and <, > do not.
func auditFunctionOptions(tol decimal.Decimal) []expr.Option {
	strict := tol // < and >: a − b < strict
	if tol.LessThan(auditEpsilon) {
		strict = auditEpsilon.Neg()
	}
	tol = decimal.Max(tol, auditEpsilon)
	arith := new(func(decimal.Decimal, decimal.Decimal) decimal.Decimal)
	cmp := new(func(decimal.Decimal, decimal.Decimal) bool)
	many := new(func(decimal.Decimal, ...decimal.Decimal) decimal.Decimal)
	fold := func(f func(acc, x decimal.Decimal) decimal.Decimal) func(...any) (any, error) {
		return func(p ...any) (any, error) {
			acc := p[0].(decimal.Decimal)
			for _, x := range p[1:] {
				acc = f(acc, x.(decimal.Decimal))
			}
			return acc, nil
		}
	}
	return []expr.Option{
		expr.Function(auditAdd, dec2(func(a, b decimal.Decimal) (any, error) { return a.Add(b), nil }), arith),
		expr.Function(auditSub, dec2(func(a, b decimal.Decimal) (any, error) { return a.Sub(b), nil }), arith),
		expr.Function(auditMul, dec2(func(a, b decimal.Decimal) (any, error) { return a.Mul(b), nil }), arith),
		expr.Function(auditDiv, dec2(func(a, b decimal.Decimal) (any, error) {
			if b.IsZero() {
				return nil, errAuditDivZero
			}
			return a.DivRound(b, RatioPlaces), nil
		}), arith),
		expr.Function(auditNeg, func(p ...any) (any, error) { return p[0].(decimal.Decimal).Neg(), nil }, new(func(decimal.Decimal) decimal.Decimal)),
		expr.Function(auditEq, dec2(func(a, b decimal.Decimal) (any, error) { return a.Sub(b).Abs().LessThanOrEqual(tol), nil }), cmp),
		expr.Function(auditNe, dec2(func(a, b decimal.Decimal) (any, error) { return a.Sub(b).Abs().GreaterThan(tol), nil }), cmp),
		expr.Function(auditLe, dec2(func(a, b decimal.Decimal) (any, error) { return a.Sub(b).LessThanOrEqual(tol), nil }), cmp),
		expr.Function(auditLt, dec2(func(a, b decimal.Decimal) (any, error) { return a.Sub(b).LessThan(strict), nil }), cmp),
		expr.Function(auditGe, dec2(func(a, b decimal.Decimal) (any, error) { return b.Sub(a).LessThanOrEqual(tol), nil }), cmp),
		expr.Function(auditGt, dec2(func(a, b decimal.Decimal) (any, error) { return b.Sub(a).LessThan(strict), nil }), cmp),
		expr.Function("sum", fold(decimal.Decimal.Add), many),
		expr.Function("max", fold(func(a, b decimal.Decimal) decimal.Decimal { return decimal.Max(a, b) }), many),
		expr.Function("min", fold(func(a, b decimal.Decimal) decimal.Decimal { return decimal.Min(a, b) }), many),
		expr.Function("abs", func(p ...any) (any, error) { return p[0].(decimal.Decimal).Abs(), nil }, new(func(decimal.Decimal) decimal.Decimal)),
	}
}

// auditLowering is the patch that turns expr's tree into decimal arithmetic
// over cell names, before the tree is type checked:
//   - a number literal becomes a decimal constant parsed from its source
//     text, so 0.1 is exactly one tenth and 10343.6719 keeps every digit;
//   - a chain 资金情况.年度资金总额.预算数, which expr parses as member access,
//     becomes one identifier with the dotted name, looked up in the flat
//     environment of AuditNames;
//   - + - * / become calls of the decimal functions, and so do comparisons
//     of two numbers (comparisons of text or of booleans stay expr's); unary
//     minus becomes a negation, unary plus goes;
//   - operators that have no decimal meaning (%, **, in, …) are refused.
//
// The rewriting goes by the shape of the tree, not by types, because expr's
// checker does not look again inside a call whose type it already knows:
// an operator patched by type inside abs(…) would go unchecked. Every call
// node leaves this patch untyped, so the one check that follows sees all of
// the tree. The patch records the variables it saw and the root; with a
// side, it replaces the root comparison by that side.
type auditLowering struct {
	src      []rune
	vars     map[*ast.IdentifierNode]bool // identifiers that are not callees or prefixes
	declared map[string]bool              // names bound by let
	badFunc  *ast.IdentifierNode          // the first call of a function the language does not have
	root     ast.Node                     // the last node visited, before rewriting: the root
	side     *auditSide
	err      *auditExprError // the first operator refused
	errFrom  int
	norm     auditNormalised // src is norm.text
	orig     string          // the expression as written
}

// auditArith and auditCompare map operators to the functions that replace
// them.
var auditArith = map[string]string{"+": auditAdd, "-": auditSub, "*": auditMul, "/": auditDiv}

// auditKind is what a node gives, as far as its shape tells.
type auditKind int

const (
	kindNumber auditKind = iota
	kindText
	kindBool
	kindOther
)

func (k auditKind) label() string {
	return [...]string{"数值", "文字", "成立与否", "空值"}[k]
}

func kindOf(n ast.Node) auditKind {
	switch n := n.(type) {
	case *ast.ConstantNode:
		if _, ok := n.Value.(decimal.Decimal); ok {
			return kindNumber
		}
		return kindOther
	case *ast.StringNode:
		return kindText
	case *ast.BoolNode:
		return kindBool
	case *ast.NilNode:
		return kindOther
	case *ast.CallNode:
		if id, ok := n.Callee.(*ast.IdentifierNode); ok {
			for _, fn := range auditCompare {
				if id.Value == fn {
					return kindBool
				}
			}
		}
		return kindNumber
	case *ast.UnaryNode:
		if n.Operator == "not" || n.Operator == "!" {
			return kindBool
		}
	case *ast.BinaryNode:
		// What is left after lowering: and, or, comparisons of text.
		return kindBool
	case *ast.ConditionalNode:
		return kindOf(n.Exp1)
	case *ast.VariableDeclaratorNode:
		return kindOf(n.Expr)
	}
	// Cell names, let variables.
	return kindNumber
}

func (v *auditLowering) Visit(node *ast.Node) {
	v.root = *node
	switch n := (*node).(type) {
	case *ast.IntegerNode:
		ast.Patch(node, &ast.ConstantNode{Value: v.literal(n.Location(), decimal.NewFromInt(int64(n.Value)))})
	case *ast.FloatNode:
		ast.Patch(node, &ast.ConstantNode{Value: v.literal(n.Location(), decimal.NewFromFloat(n.Value))})
	case *ast.IdentifierNode:
		v.vars[n] = true
	case *ast.MemberNode:
		id, ok1 := n.Node.(*ast.IdentifierNode)
		prop, ok2 := n.Property.(*ast.StringNode)
		if ok1 && ok2 && !n.Optional && v.vars[id] {
			delete(v.vars, id)
			full := &ast.IdentifierNode{Value: id.Value + "." + prop.Value}
			ast.Patch(node, full)
			full.SetLocation(file.Location{From: id.Location().From, To: n.Location().To})
			v.vars[full] = true
			return
		}
		// A[0], A?.b, sum(A).b: expr would look inside a decimal at run
		// time and fail.
		v.fail(n.Location(), "不支持下标和“?.”（如 […]），请直接写单元格名称")
	case *ast.SliceNode:
		v.fail(n.Location(), "不支持下标和“?.”（如 […]），请直接写单元格名称")
	case *ast.CallNode:
		if id, ok := n.Callee.(*ast.IdentifierNode); ok {
			delete(v.vars, id)
			if !slices.Contains(auditFunctions, id.Value) && (v.badFunc == nil || id.Location().From < v.badFunc.Location().From) {
				v.badFunc = id
			}
			// expr checks neither count, and panics compiling abs(a, b).
			switch {
			case id.Value == "abs" && len(n.Arguments) != 1:
				v.fail(n.Location(), "函数“abs”只能写一项，如 abs(A - B)")
			case slices.Contains(auditFunctions, id.Value) && len(n.Arguments) == 0:
				v.fail(n.Location(), "函数“%s”至少要写一项，各项之间用半角逗号分开", id.Value)
			}
		}
		// Untyped, so the checker looks inside it.
		ast.Patch(node, &ast.CallNode{Callee: n.Callee, Arguments: n.Arguments})
	case *ast.UnaryNode:
		switch n.Operator {
		case "-":
			if c, ok := n.Node.(*ast.ConstantNode); ok {
				if d, ok := c.Value.(decimal.Decimal); ok {
					ast.Patch(node, &ast.ConstantNode{Value: d.Neg()})
					return
				}
			}
			ast.Patch(node, &ast.CallNode{Callee: &ast.IdentifierNode{Value: auditNeg}, Arguments: []ast.Node{n.Node}})
		case "+":
			*node = n.Node
		}
	case *ast.VariableDeclaratorNode:
		v.declared[n.Name] = true
	case *ast.BinaryNode:
		v.binary(node, n)
	case *ast.ConditionalNode:
		if k1, k2 := kindOf(n.Exp1), kindOf(n.Exp2); k1 != k2 {
			v.fail(n.Location(), "条件式“? :”的两个结果应是同一类，这里是%s和%s", k1.label(), k2.label())
		}
	case *ast.BuiltinNode:
		v.fail(n.Location(), "没有函数“%s”（可用：%s）", n.Name, strings.Join(auditFunctions, "、"))
	case *ast.ArrayNode, *ast.MapNode:
		// An index into a list would be a decimal, which expr cannot use.
		v.fail(n.Location(), "不支持列表和映射（[…]、{…}），请直接写单元格名称")
	}
}

func (v *auditLowering) binary(node *ast.Node, n *ast.BinaryNode) {
	lk, rk := kindOf(n.Left), kindOf(n.Right)
	if fn, ok := auditArith[n.Operator]; ok {
		if lk != kindNumber || rk != kindNumber {
			v.fail(n.Location(), "“%s”两边应是数值，这里是%s和%s", n.Operator, lk.label(), rk.label())
			return
		}
		ast.Patch(node, &ast.CallNode{Callee: &ast.IdentifierNode{Value: fn}, Arguments: []ast.Node{n.Left, n.Right}})
		return
	}
	fn, ok := auditCompare[n.Operator]
	if !ok {
		switch n.Operator {
		case "and", "or", "&&", "||":
		default:
			v.fail(n.Location(), "不支持运算符“%s”，可用 + - * / 和比较 == != < <= > >=", n.Operator)
		}
		return
	}
	switch {
	case lk == kindNumber && rk == kindNumber:
		if v.side != nil && n.Location() == v.side.loc {
			*node = v.side.pick(n)
			return
		}
		ast.Patch(node, &ast.CallNode{Callee: &ast.IdentifierNode{Value: fn}, Arguments: []ast.Node{n.Left, n.Right}})
	case lk == kindNumber || rk == kindNumber:
		v.fail(n.Location(), "“%s”两边应同是数值，这里是%s和%s", n.Operator, lk.label(), rk.label())
	}
}

// fail records a refused operator; the first in the source is reported.
func (v *auditLowering) fail(loc file.Location, format string, args ...any) {
	if v.err != nil && v.errFrom <= loc.From {
		return
	}
	v.err, v.errFrom = v.errorAt(loc, format, args...), loc.From
}

// literal returns the number at loc in the source as a decimal, or def when
// the text is not a plain decimal (a hex literal, say).
func (v *auditLowering) literal(loc file.Location, def decimal.Decimal) decimal.Decimal {
	if loc.From < 0 || loc.To > len(v.src) || loc.From >= loc.To {
		return def
	}
	text := strings.ReplaceAll(string(v.src[loc.From:loc.To]), "_", "")
	d, err := decimal.NewFromString(text)
	if err != nil {
		return def
	}
	return d
}

// varNames returns the cell names of the expression in source order, once
// each.
func (v *auditLowering) varNames() []string {
	ids := make([]*ast.IdentifierNode, 0, len(v.vars))
	for id := range v.vars {
		if !v.declared[id.Value] {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b *ast.IdentifierNode) int { return a.Location().From - b.Location().From })
	var names []string
	for _, id := range ids {
		if !slices.Contains(names, id.Value) {
			names = append(names, id.Value)
		}
	}
	return names
}

// unknown returns an *auditExprError for the first name of the expression
// that l does not define, or else for a call of an unknown function, or nil.
func (v *auditLowering) unknown(env *auditEnv) error {
	var first *ast.IdentifierNode
	for id := range v.vars {
		if _, ok := env.typed[id.Value]; ok || v.declared[id.Value] {
			continue
		}
		if first == nil || id.Location().From < first.Location().From {
			first = id
		}
	}
	switch {
	case first != nil && env.layout.IsTextName(first.Value):
		return v.errorAt(first.Location(), "“%s”是文字或日期，不是数字，不能用于审核公式；可用的名称见 perfeval rules --cells", first.Value)
	case first != nil:
		return v.errorAt(first.Location(), "未知的单元格名称“%s”%s", first.Value, auditSuggest(first.Value, env.names))
	case v.badFunc != nil:
		return v.errorAt(v.badFunc.Location(), "没有函数“%s”（可用：%s）", v.badFunc.Value, strings.Join(auditFunctions, "、"))
	}
	return nil
}

// validate checks what a rulebook needs beyond compiling: known names, at
// least one, and a boolean result. whole is the compiled program.
func (v *auditLowering) validate(whole *vm.Program, env *auditEnv) error {
	if err := v.unknown(env); err != nil {
		return err
	}
	if len(v.varNames()) == 0 {
		return v.errorAt(file.Location{}, "公式中没有引用任何单元格，例如 资金情况.年度资金总额.预算数")
	}
	if t := whole.Node().Type(); t.Kind() != reflect.Bool {
		what := "数值"
		if t.Kind() == reflect.String {
			what = "文字"
		}
		return v.errorAt(file.Location{}, "公式的结果是%s，应是一个比较式（如 A == B + C、A <= B），成立或不成立", what)
	}
	return nil
}

// errorAt returns the error at loc, a location in the normalised text, with
// the line and column of the expression as written.
func (v *auditLowering) errorAt(loc file.Location, format string, args ...any) *auditExprError {
	fe := &file.Error{Location: file.Location{From: v.origIndex(loc.From), To: v.origIndex(loc.To)}}
	fe.Bind(file.NewSource(v.orig))
	return &auditExprError{Line: fe.Line, Column: fe.Column, Reason: fmt.Sprintf(format, args...)}
}

// origIndex maps an index of the normalised text to the source.
func (v *auditLowering) origIndex(i int) int {
	if len(v.norm.from) == 0 {
		return i
	}
	return v.norm.from[min(max(i, 0), len(v.norm.from)-1)]
}

// origText returns the source of the normalised runes [from, to).
func (v *auditLowering) origText(from, to int) string {
	r := []rune(v.orig)
	a, b := v.origIndex(from), v.origIndex(to)
	if a >= b || b > len(r) {
		return ""
	}
	return string(r[a:b])
}

// syntaxError puts expr's parse or type error fe, whose location is in the
// normalised text, in Chinese, with the fix for the usual slips of someone
// who copies a formula from the forms. Nothing of expr's English is kept.
func (v *auditLowering) syntaxError(fe *file.Error) *auditExprError {
	at := min(max(fe.From, 0), len(v.src))
	msg := fe.Message
	next := func(i int) rune { // the first rune from i on that is not a space
		for ; i < len(v.src); i++ {
			if v.src[i] != ' ' {
				return v.src[i]
			}
		}
		return 0
	}
	prev := func(i int) rune { // the last rune before i that is not a space
		for i--; i >= 0; i-- {
			if v.src[i] != ' ' {
				return v.src[i]
			}
		}
		return 0
	}
	reason := "公式写法有误"
	switch m := auditUnexpected.FindStringSubmatch(msg); {
	case v.norm.percent >= 0 && v.norm.percent <= at:
		// 执行率 >= 90%: % is modulo to expr, and then something is missing.
		at = v.norm.percent
		start := at
		for start > 0 && (v.src[start-1] >= '0' && v.src[start-1] <= '9' || v.src[start-1] == '.') {
			start--
		}
		if start < at {
			reason = fmt.Sprintf("公式中的百分数不带 %%，“%s”请写成 %s", v.origText(start, at+1), string(v.src[start:at]))
		} else {
			reason = "公式中不能用 %，百分数请直接写数字，如 90"
		}
	case strings.HasPrefix(msg, "literal not terminated"):
		if v.norm.quote >= 0 {
			at = v.norm.quote
		}
		reason = "引号不成对"
	case strings.HasPrefix(msg, "unexpected token EOF") || strings.HasPrefix(msg, "unexpected end of expression"):
		reason = "公式不完整，或括号不成对"
	case m != nil && m[1] == "Operator" && m[2] == "=" && at > 0 && v.src[at-1] == ' ' && strings.ContainsRune("<>=", prev(at)):
		// A < = B: the two halves of one operator, apart.
		reason = map[rune]string{'<': "小于或等于请写 <=", '>': "大于或等于请写 >=", '=': "相等请写 =="}[prev(at)] + "，中间不要空格"
	case m != nil && m[1] == "Operator" && m[2] == "!" && next(at+1) == '=':
		reason = "不等于请写 !=，中间不要空格"
	case m != nil && m[1] == "Operator" && m[2] == "=":
		switch next(at + 1) {
		case '<':
			reason = "小于或等于请写 <="
		case '>':
			reason = "大于或等于请写 >="
		default:
			reason = fmt.Sprintf("相等请写 ==，单独一个“%s”不是比较", v.origText(at, at+1))
		}
	case m != nil && m[1] == "Operator" && m[2] == ">" && prev(at) == '<':
		reason = "不等于请写 !="
	case m != nil && m[1] == "Identifier" && slices.Contains([]string{"且", "并且", "而且", "同时"}, m[2]):
		reason = "“" + m[2] + "”请写成 and"
	case m != nil && m[1] == "Identifier" && slices.Contains([]string{"或", "或者"}, m[2]):
		reason = "“" + m[2] + "”请写成 or"
	case m != nil && m[1] == "Bracket" && (m[2] == ")" || m[2] == "]") && auditUnbalanced(v.src[:at], m[2]):
		reason = "括号不成对，多了一个“" + v.origText(at, at+1) + "”"
	case m != nil:
		text := v.origText(at, min(max(fe.To, at+1), len(v.src)))
		if text == "" {
			text = m[2]
		}
		reason = "此处不应出现“" + text + "”"
	case strings.HasPrefix(msg, "unrecognized character"):
		switch c := v.origText(at, at+1); c {
		case "。":
			reason = "公式中不能用“。”，名称各段之间请用半角点 ."
		case "、":
			reason = "公式中不能用“、”，函数的各项之间请用半角逗号 ,"
		case "“", "”", "‘", "’":
			reason = "公式中不能用中文引号“" + c + "”"
		case "":
		default:
			reason = "无法识别的字符“" + c + "”"
		}
	case auditBadNumber.MatchString(msg) && strings.Contains(msg, "out of range"):
		reason = "数字“" + auditBadNumber.FindStringSubmatch(msg)[1] + "”位数太多"
	case auditBadNumber.MatchString(msg):
		reason = "数字“" + auditBadNumber.FindStringSubmatch(msg)[1] + "”写法有误"
	case strings.Contains(msg, "literal is too large"):
		reason = "数字位数太多"
	case auditLogic.MatchString(msg):
		// Arithmetic and comparisons of numbers are lowered to calls: what
		// is left mismatched is a number where a condition should be.
		reason = "“" + auditLogic.FindStringSubmatch(msg)[1] + "”只能连接比较式（如 A <= B and C > 0），不能用在数值上"
	case strings.Contains(msg, "used as condition"):
		reason = "“? :”前面应是比较式（如 A > 0 ? B : C），这里是数值"
	case auditArgs.MatchString(msg):
		reason = "函数“" + auditArgs.FindStringSubmatch(msg)[1] + "”的参数个数不对：abs 只写一项，sum、max、min 写一项或多项，用半角逗号分开"
	case strings.Contains(msg, "mismatched types") || strings.Contains(msg, "invalid operation"):
		reason = "运算两边的类型不一致：数值和文字不能一起运算或比较"
	}
	e := v.errorAt(file.Location{From: at, To: at + 1}, "%s", reason)
	e.Syntax = true
	return e
}

// auditUnexpected matches expr's message for a token out of place: its kind
// and its text.
var auditUnexpected = regexp.MustCompile(`^unexpected token (\w+)\("(.*)"\)`)

// auditBadNumber matches expr's messages for a number it cannot read.
var auditBadNumber = regexp.MustCompile(`(?:literal|syntax): (?:strconv\.\w+: parsing )?"(.*?)"`)

// auditLogic matches expr's message for and, or or not applied to a number.
var auditLogic = regexp.MustCompile(`^invalid operation: (and|or|not|&&|\|\||!) \(mismatched`)

// auditArgs matches expr's message for a call with too many or too few
// arguments.
var auditArgs = regexp.MustCompile(`(?:too many|not enough) arguments to call (\w+)`)

// auditUnbalanced reports whether closing bracket c closes more brackets
// than src opens.
func auditUnbalanced(src []rune, c string) bool {
	open := map[string]rune{")": '(', "]": '['}[c]
	closing := []rune(c)[0]
	depth := 0
	for _, r := range src {
		switch r {
		case open:
			depth++
		case closing:
			depth--
		}
	}
	return depth <= 0
}

// auditSuggest returns “，是不是“…”？（可用：…）” for an unknown name: the
// closest name when it is close, and the names under the longest known
// prefix of the unknown one.
func auditSuggest(name string, names []string) string {
	var out strings.Builder
	best, bestDist := "", 4
	for _, n := range names {
		if d := rbKeyDistance(name, n); d < bestDist {
			best, bestDist = n, d
		}
	}
	if best != "" {
		fmt.Fprintf(&out, "，是不是“%s”？", best)
	}
	segs := strings.Split(name, ".")
	for k := len(segs) - 1; k >= 0; k-- {
		prefix := strings.Join(segs[:k], ".")
		if k > 0 {
			prefix += "."
		}
		var under []string
		seen := map[string]bool{}
		for _, n := range names {
			rest, ok := strings.CutPrefix(n, prefix)
			if !ok {
				continue
			}
			// One level below the prefix: a row, not every cell of it.
			item, _, deeper := strings.Cut(rest, ".")
			item = prefix + item
			if deeper {
				item += ".…"
			}
			if !seen[item] {
				seen[item] = true
				under = append(under, item)
			}
		}
		if len(under) > 0 {
			fmt.Fprintf(&out, "（可用：%s）", strings.Join(under, "、"))
			break
		}
	}
	return out.String()
}

// auditCache holds a rulebook's compiled audits. Rulebooks are shared by
// every file of a batch, so the audits compile once; the key is their text
// and tolerances, so a rulebook whose audits were changed after loading is
// compiled again rather than run stale.
type auditCache struct {
	mu  sync.Mutex
	key string
	set *AuditSet
}

// CompiledAudits returns rb's audits compiled for layout l (the rulebook's
// own, Rulebook.Layout, unless a caller reads a form with another),
// compiling them on first use. An expression that does not compile for the
// rulebook's layout is an error of the rulebook, which ParseRulebook rules
// out.
func (rb *Rulebook) CompiledAudits(l *template.Layout) (*AuditSet, error) {
	if rb.audits == nil {
		return compileAudits(rb.Audits, l)
	}
	var b strings.Builder
	for _, a := range rb.Audits {
		fmt.Fprintf(&b, "%s\x00%s\x00%s\x00%s\x00%s\x00", a.ID, a.Expr, a.Tolerance, a.Severity, a.Message)
	}
	key := b.String()
	c := rb.audits
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.set != nil && c.key == key && c.set.Layout == l {
		return c.set, nil
	}
	set, err := compileAudits(rb.Audits, l)
	if err != nil {
		return nil, err
	}
	c.key, c.set = key, set
	return set, nil
}
