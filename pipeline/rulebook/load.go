package rulebook

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
	"github.com/shopspring/decimal"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/template"
)

//go:embed default.yaml
var defaultRulebookYAML []byte

// defaultRulebookFile names the embedded default in the errors of a broken build.
const defaultRulebookFile = "default.yaml"

// ErrRulebook is matched (errors.Is) by every error that a rulebook file
// causes: bad YAML, an unknown key, a value out of range. Each such error is a
// *RulebookError.
var ErrRulebook = errors.New("invalid rulebook")

// RulebookError is one problem in a rulebook file. Line is 1-based, or 0
// for a problem of the file as a whole (a device or a pipe, a file over
// MaxRulebookSize); Reason is Chinese, for the finance officer who wrote the
// file.
type RulebookError struct {
	File   string
	Line   int
	Reason string
}

// Error returns "file:line: reason", or "file: reason" for Line 0.
func (e *RulebookError) Error() string {
	if e.Line == 0 {
		return e.File + ": " + e.Reason
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
}

// Is reports whether target is ErrRulebook.
func (e *RulebookError) Is(target error) bool {
	return target == ErrRulebook
}

// DefaultRulebookYAML returns the text of the embedded default rulebook, with
// its Chinese comments, as `perfeval rules` prints it.
func DefaultRulebookYAML() []byte {
	return bytes.Clone(defaultRulebookYAML)
}

// DefaultRulebook returns a fresh copy of the embedded default rulebook, the
// rules of the seed (Nanchang 2022). Its Source is "". It panics only if the
// embedded file is broken, which the package tests rule out.
func DefaultRulebook() *Rulebook {
	rb, err := parseRulebook(defaultRulebookFile, defaultRulebookYAML, &Rulebook{})
	if err != nil {
		panic(fmt.Sprintf("embedded default rulebook: %v", err))
	}
	rb.Source = ""
	return rb
}

// LoadRulebook reads and parses the rulebook file at path (see ParseRulebook).
// A file that cannot be read gives a wrapped os error; a file with bad
// content gives errors matching ErrRulebook. So does a path that is neither
// a regular file nor a folder (a device such as /dev/zero, a named pipe),
// and a file over MaxRulebookSize: both are refused before any read, so
// loading never blocks on a pipe nobody writes to nor reads without end. A
// folder is refused as reading it fails (syscall.EISDIR).
func LoadRulebook(path string) (*Rulebook, error) {
	fh, info, err := openRegular(path)
	if err != nil {
		return nil, &template.OpError{Op: OpReadRulebook, Path: path, Err: err}
	}
	switch {
	case info.IsDir():
		// What reading it would have said, without trying.
		return nil, &template.OpError{Op: OpReadRulebook, Path: path, Err: &fs.PathError{Op: "read", Path: path, Err: syscall.EISDIR}}
	case fh == nil:
		return nil, &RulebookError{File: path, Reason: "这不是普通文件（而是设备、管道等），不能作为评分规则文件读取；请指定 .yaml 文件"}
	}
	defer fh.Close()
	if info.Size() > MaxRulebookSize {
		return nil, rbTooLarge(path)
	}
	// Bounded again: the file may grow after Stat.
	data, err := io.ReadAll(io.LimitReader(fh, MaxRulebookSize+1))
	if err != nil {
		return nil, &template.OpError{Op: OpReadRulebook, Path: path, Err: err}
	}
	return ParseRulebook(path, data)
}

func rbTooLarge(file string) *RulebookError {
	return &RulebookError{File: file, Reason: fmt.Sprintf("文件超过 %d KB，不像是评分规则文件（默认规则连同注释不到 10 KB）；请确认指定的是评分规则文件", MaxRulebookSize>>10)}
}

// ParseRulebook parses a rulebook in the YAML shape of DESIGN §3. name is the
// file name used in errors and kept as Source.
//
// Sections and keys that the file leaves out take the values of the
// built-in rulebook of its form (DefaultFor: DefaultRulebook for form:
// department, the Ministry's project rules for form: project), except id
// and name, which are required. Keyed sections
// (budget, indicators, total, tolerances, thresholds, rounding) are merged key
// by key, and an override's rounding with indicators.rounding; lists and
// free-keyed maps (levels, bands, qualitative, overrides, cap_by_execution,
// grades, severity, audits) and deduct and overshoot replace the default as a
// whole. An item of a list, and a deduct or overshoot that is not {}, must
// write all its keys.
//
// The returned error is a *RulebookError (file, 1-based line, Chinese
// reason), or several of them joined with errors.Join, in line order; every
// one matches ErrRulebook.
func ParseRulebook(name string, data []byte) (*Rulebook, error) {
	return parseRulebook(name, data, DefaultFor(peekForm(data)))
}

// parseRulebook decodes data onto base, validates the result and returns it.
func parseRulebook(name string, data []byte, base *Rulebook) (*Rulebook, error) {
	d := &rulebookDecoder{file: name, keyLine: map[string]int{}, anchors: map[string]ast.Node{}, commas: map[ast.Node]bool{}, root: 1}
	root, err := d.parse(data)
	if err != nil {
		return nil, err
	}
	rb := base
	rb.Source = name
	sum := sha256.Sum256(data)
	rb.SHA256 = hex.EncodeToString(sum[:])
	d.rulebook(root, rb)
	d.compileAudits(rb)
	if len(d.errs) == 0 {
		// Cross-field checks only on a file whose fields all decoded, so a
		// bad value does not echo as a bogus sum or a missing band.
		d.validate(rb)
	}
	if len(d.errs) > 0 {
		return nil, d.err()
	}
	return rb, nil
}

// Grade returns the name of the first grade whose From the total reaches,
// or "" when it reaches none.
func (rb *Rulebook) Grade(total decimal.Decimal) string {
	for _, g := range rb.Grades {
		if total.GreaterThanOrEqual(g.From) {
			return g.Name
		}
	}
	return ""
}

// SeverityFor returns the rulebook's severity for code, or def when the
// rulebook does not override it.
func (rb *Rulebook) SeverityFor(code finding.Code, def finding.Severity) finding.Severity {
	if rb == nil {
		return def
	}
	if s, ok := rb.Severity[code]; ok {
		return s
	}
	return def
}

// OpReadRulebook is the operation of an error reading a rulebook file.
const OpReadRulebook template.Op = "read rulebook"

var (
	one     = decimal.NewFromInt(1)
	hundred = decimal.NewFromInt(100)
)

var (
	rbFormKinds        = []string{template.FormDepartment, template.FormProject}
	rbBudgetMethods    = []string{"bands", "proportional", "linear"}
	rbIndicatorMethods = []string{"linear", "proportional", "bands", "deduct", "pass_fail"}
	rbRoundingModes    = []string{"half_up", "floor", "ceil"}
	rbSeverities       = []string{"info", "warning", "error"}
)

// rbMaxPlaces is the most decimal places a score or total may be rounded to.
const rbMaxPlaces = 4

// rulebookDecoder walks the YAML syntax tree, so every value keeps its line.
type rulebookDecoder struct {
	file    string
	data    []byte // the file as parsed, for the text of a line
	errs    []*RulebookError
	commas  map[ast.Node]bool // scalars split by a full-width comma, already reported
	anchors map[string]ast.Node
	keyLine map[string]int // path of each key or list item in the file → its line
	root    int            // line of the top-level mapping
	cur     int            // line of the key being decoded, for nodes without one
	exprs   []auditExpr    // the file's audit expressions, compiled last
}

// rbField decodes the value of one known key at path.
type rbField struct {
	key    string
	decode func(path string, v ast.Node)
}

func (d *rulebookDecoder) errorf(line int, format string, args ...any) {
	if line < 1 {
		line = d.root
	}
	d.errs = append(d.errs, &RulebookError{File: d.file, Line: line, Reason: fmt.Sprintf(format, args...)})
}

func (d *rulebookDecoder) err() error {
	slices.SortStableFunc(d.errs, func(a, b *RulebookError) int { return a.Line - b.Line })
	if len(d.errs) == 1 {
		return d.errs[0]
	}
	errs := make([]error, len(d.errs))
	for i, e := range d.errs {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// parse turns data into the root node, or returns a *RulebookError.
func (d *rulebookDecoder) parse(data []byte) (ast.Node, error) {
	if len(data) > MaxRulebookSize {
		return nil, rbTooLarge(d.file)
	}
	if rbUTF16(data) {
		return nil, &RulebookError{File: d.file, Line: 1,
			Reason: "文件是 UTF-16 编码（记事本中的“Unicode”），请在记事本中“另存为”并选择 UTF-8 编码"}
	}
	// Windows Notepad writes a byte-order mark.
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	d.data = data
	if !utf8.Valid(data) {
		// No valid UTF-8 sequence holds a '\n' byte, so the first invalid
		// line holds the first invalid byte.
		n := 1
		for line := range bytes.Lines(data) {
			if !utf8.Valid(line) {
				break
			}
			n++
		}
		return nil, &RulebookError{File: d.file, Line: n,
			Reason: "文件不是 UTF-8 编码（可能是 GBK），请在记事本中“另存为”并选择 UTF-8 编码"}
	}
	// goccy takes a carriage return without a line feed for a line break,
	// which would put errors on lines the officer's editor may not show.
	n := 0
	for line := range bytes.Lines(data) {
		n++
		if bytes.ContainsRune(bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r")), '\r') {
			return nil, &RulebookError{File: d.file, Line: n,
				Reason: "这一行中有单独的回车符（CR，旧式苹果电脑的换行），请把文件的换行改为 Windows（CRLF）或 Unix（LF）格式后再试"}
		}
	}
	// A line indented with a full-width or no-break space would read as a
	// key or text starting with that space, at the wrong level.
	var indent []*RulebookError
	n = 0
	for line := range bytes.Lines(data) {
		n++
		if reason, bad := rbBadIndent(string(line), true); bad {
			indent = append(indent, &RulebookError{File: d.file, Line: n, Reason: fmt.Sprintf(reason, n)})
		}
	}
	if len(indent) > 0 {
		d.errs = indent
		return nil, d.err()
	}
	tokens := lexer.Tokenize(string(data))
	if err := d.checkTokens(tokens); err != nil {
		return nil, err
	}
	f, err := parser.Parse(tokens, 0)
	if err != nil {
		return nil, d.syntaxError(err, data)
	}
	var docs []*ast.DocumentNode
	for _, doc := range f.Docs {
		if doc.Body != nil {
			if _, comment := doc.Body.(*ast.CommentGroupNode); !comment {
				docs = append(docs, doc)
			}
		}
	}
	if len(docs) == 0 {
		return nil, &RulebookError{File: d.file, Line: 1, Reason: "规则文件是空的，至少要写 id 和 name"}
	}
	if len(docs) > 1 {
		return nil, &RulebookError{File: d.file, Line: rbLine(docs[1].Body),
			Reason: "规则文件只能有一份规则，请删去“---”分隔线及其后的内容"}
	}
	root := docs[0].Body
	if l := rbLine(root); l > 0 {
		d.root = l
	}
	// Every anchor of the file, so an alias may refer to an anchor in a
	// section decoded later.
	for _, n := range ast.Filter(ast.AnchorType, root) {
		if a := n.(*ast.AnchorNode); a.Name != nil {
			d.anchors[a.Name.GetToken().Value] = a.Value
		}
	}
	d.fullWidthCommas(root)
	d.enumerationCommas(root)
	if len(d.errs) > 0 {
		return nil, d.err()
	}
	return root, nil
}

// rbUTF16 reports whether data is UTF-16 text: with a byte-order mark, as
// Notepad's "Unicode" and "Unicode big endian" write it, or without one, when
// exactly one of the first two bytes is 0 (an ASCII character).
func rbUTF16(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return true
	}
	return len(data) >= 2 && (data[0] == 0) != (data[1] == 0)
}

// rbBadIndent reports a line whose indentation holds a full-width space
// (U+3000) or a no-break space (U+00A0), with the reason as a format taking
// the line number. With atStart, only a line that starts with one counts:
// a line indented with spaces may hold such a space as text (in a block
// scalar); the decoder checks those lines when they give an unknown key.
func rbBadIndent(line string, atStart bool) (string, bool) {
	rest := strings.TrimLeft(line, " ")
	if atStart && len(rest) != len(line) {
		return "", false
	}
	lead := rest[:len(rest)-len(strings.TrimLeft(rest, " \t\u3000\u00a0"))]
	if strings.TrimSpace(rest[len(lead):]) == "" {
		return "", false // a blank line
	}
	switch {
	case strings.ContainsRune(lead, '\u3000'):
		return "第 %d 行用全角空格缩进，请改用半角空格", true
	case strings.ContainsRune(lead, '\u00a0'):
		return "第 %d 行用不换行空格缩进（常见于从网页或 Word 复制的文字），请改用半角空格", true
	}
	return "", false
}

// rbTextKeys are the keys whose values are free text, where a full-width
// comma is part of the text.
var rbTextKeys = []string{"id", "name", "reviewer", "match", "expr", "message"}

// rbFullWidthComma is the reason given for a full-width comma in a flow
// mapping or list.
const rbFullWidthComma = "用了全角逗号“，”，请改为半角“,”"

// fullWidthCommas reports the plain scalars of flow mappings and lists that a
// full-width comma makes one value of several: any item of a flow list, and a
// value of a flow mapping whose text after the comma looks like a key, or
// before it like a number. Quoted text, and the value of a key that holds
// free text (name, message, …), is taken as written.
func (d *rulebookDecoder) fullWidthCommas(root ast.Node) {
	check := func(n ast.Node, inList bool) {
		if n == nil {
			return
		}
		tk := n.GetToken()
		if tk == nil || tk.Type == token.DoubleQuoteType || tk.Type == token.SingleQuoteType {
			return
		}
		if _, scalar := n.(ast.ScalarNode); !scalar {
			return
		}
		before, after, ok := strings.Cut(tk.Value, "，")
		if !ok {
			return
		}
		_, numErr := decimal.NewFromString(strings.TrimRight(rbStripSpaces(before), "%％"))
		if inList || strings.ContainsAny(after, ":：") || numErr == nil {
			d.commas[n] = true
			d.errorf(rbLine(n), rbFullWidthComma)
		}
	}
	for _, n := range ast.Filter(ast.SequenceType, root) {
		if s := n.(*ast.SequenceNode); s.IsFlowStyle {
			for _, v := range s.Values {
				check(v, true)
			}
		}
	}
	for _, n := range ast.Filter(ast.MappingType, root) {
		if m := n.(*ast.MappingNode); m.IsFlowStyle {
			for _, mv := range m.Values {
				if !slices.Contains(rbTextKeys, rbKeyText(mv.Key)) {
					check(mv.Value, false)
				}
			}
		}
	}
}

// enumerationCommas reports a list item that a 顿号 (、) makes several, as a
// Chinese list of names is written: [数量指标、质量指标] is one 二级指标 by
// that name, not two. A name that really holds one is quoted, and quoted
// text is taken as written.
func (d *rulebookDecoder) enumerationCommas(root ast.Node) {
	for _, n := range ast.Filter(ast.SequenceType, root) {
		for _, v := range n.(*ast.SequenceNode).Values {
			tk := v.GetToken()
			if _, scalar := v.(ast.ScalarNode); !scalar || tk == nil || tk.Type == token.DoubleQuoteType || tk.Type == token.SingleQuoteType {
				continue
			}
			if strings.Contains(tk.Value, "、") && !d.commas[v] {
				d.errorf(rbLine(v), "“%s”用顿号“、”分隔了几项；列表中的各项要用半角逗号分隔，如 [%s]；若本来就是一个名称，请加引号，如 \"%s\"", tk.Value, strings.ReplaceAll(tk.Value, "、", ", "), tk.Value)
			}
		}
	}
}

// duplicateKey matches goccy's message for a key given twice.
var duplicateKey = regexp.MustCompile(`mapping key "(.*)" already defined at \[(\d+):`)

// syntaxError turns a goccy parse error into a *RulebookError.
func (d *rulebookDecoder) syntaxError(err error, data []byte) error {
	line, msg := 1, err.Error()
	var ye yaml.Error
	if errors.As(err, &ye) {
		msg = ye.GetMessage()
		if tk := ye.GetToken(); tk != nil && tk.Position != nil && tk.Position.Line > 0 {
			line = tk.Position.Line
		}
	}
	reason := "YAML 格式错误：请检查缩进、冒号后的空格以及括号和引号是否成对"
	text := rbLineText(data, line)
	switch {
	case duplicateKey.MatchString(msg):
		m := duplicateKey.FindStringSubmatch(msg)
		reason = "YAML 格式错误：键“" + m[1] + "”重复出现（第 " + m[2] + " 行已有），同一层中每个键只能写一次"
	case strings.ContainsRune(text, '，') && strings.ContainsAny(text, "{["):
		reason = "YAML 格式错误：" + rbFullWidthComma
	case strings.Contains(msg, "flow mapping") || strings.Contains(msg, "or '}'"):
		reason = "YAML 格式错误：花括号 { } 不成对"
	case strings.Contains(msg, "flow sequence") || strings.Contains(msg, "sequence end token") || strings.Contains(msg, "or ']'"):
		reason = "YAML 格式错误：方括号 [ ] 不成对"
	case strings.Contains(msg, "quoted text"):
		reason = "YAML 格式错误：引号不成对"
	case strings.ContainsRune(text, '：'):
		reason = "YAML 格式错误：这一行用了全角冒号“：”，请改用半角冒号“:”，并在冒号后加一个空格"
	case strings.Contains(msg, "'\t'"):
		reason = "YAML 格式错误：缩进中有 Tab 字符，请全部改用空格缩进"
	default:
		if extra, ok := overIndented(text, rbLineText(data, line+1)); ok {
			// weight: 10 over "   method: bands": goccy blames the line
			// whose value the next one seems to continue.
			line, reason = line+1, fmt.Sprintf("YAML 格式错误：这一行比上一行多缩进了 %d 个空格；同一层的键要左对齐", extra)
		}
	}
	return &RulebookError{File: d.file, Line: line, Reason: reason}
}

// overIndented reports whether next, a "key: value" line, is indented
// deeper than line, a key with its value on the same line, so that it can
// only be a key indented too far; extra is by how many spaces.
func overIndented(line, next string) (extra int, ok bool) {
	indent := func(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
	key, value, found := strings.Cut(strings.TrimSpace(line), ": ")
	nextKey, _, nextFound := strings.Cut(strings.TrimSpace(next), ":")
	if !found || key == "" || strings.HasPrefix(key, "-") || strings.TrimSpace(value) == "" || !nextFound || nextKey == "" || strings.ContainsAny(nextKey, " {[#-") {
		// A list item's line, or a next line that is none of a key: the
		// error is of the line goccy names.
		return 0, false
	}
	extra = indent(next) - indent(line)
	return extra, extra > 0
}

// rulebook decodes the top-level mapping onto rb.
func (d *rulebookDecoder) rulebook(root ast.Node, rb *Rulebook) {
	d.mapping("", root,
		rbField{"id", d.setText(&rb.ID)},
		rbField{"name", d.setText(&rb.Name)},
		rbField{"form", d.setWord(&rb.Form, rbFormKinds)},
		rbField{"reviewer", d.setText(&rb.Reviewer)},
		rbField{"levels", func(p string, v ast.Node) { rb.Levels = d.levels(p, v) }},
		rbField{"budget", func(p string, v ast.Node) { d.budget(p, v, &rb.Budget) }},
		rbField{"indicators", func(p string, v ast.Node) { d.indicators(p, v, &rb.Indicators) }},
		rbField{"total", func(p string, v ast.Node) { d.total(p, v, &rb.Total) }},
		rbField{"grades", func(p string, v ast.Node) { rb.Grades = d.grades(p, v) }},
		rbField{"tolerances", func(p string, v ast.Node) {
			t := &rb.Tolerances
			d.mapping(p, v,
				rbField{"amount", d.setDecimal(&t.Amount)},
				rbField{"rate", d.setDecimal(&t.Rate)},
				rbField{"score", d.setDecimal(&t.Score)})
		}},
		rbField{"thresholds", func(p string, v ast.Node) {
			d.mapping(p, v,
				rbField{"target_too_low", d.setRatio(&rb.Thresholds.TargetTooLow, rbAbove100)},
				rbField{"budget_adjustment", d.setRatio(&rb.Thresholds.BudgetAdjustment, rbUpTo100)})
		}},
		rbField{"severity", func(p string, v ast.Node) { rb.Severity = d.severity(p, v) }},
		rbField{"audits", func(p string, v ast.Node) { rb.Audits = d.audits(p, v) }},
	)
}

func (d *rulebookDecoder) levels(path string, n ast.Node) []Level {
	entries, _ := d.entries(path, n)
	out := []Level{}
	for _, e := range entries {
		name := strings.TrimSpace(rbKeyText(e.Key))
		p := path + "." + name
		d.keyLine[p] = rbLine(e.Key)
		lv := Level{Name: name}
		d.mapping(p, e.Value,
			rbField{"weight", d.setDecimal(&lv.Weight)},
			rbField{"min", d.setDecimal(&lv.Min)},
			rbField{"max", d.setDecimal(&lv.Max)},
			rbField{"children", func(p string, v ast.Node) { lv.Children = d.texts(p, v) }})
		out = append(out, lv)
	}
	return out
}

func (d *rulebookDecoder) budget(path string, n ast.Node, b *BudgetRule) {
	d.mapping(path, n,
		rbField{"weight", d.setDecimal(&b.Weight)},
		rbField{"method", d.setWord(&b.Method, rbBudgetMethods)},
		rbField{"floor", d.setRatio(&b.Floor, rbBelow100)},
		rbField{"bands", func(p string, v ast.Node) {
			b.Bands = []BudgetBand{}
			for i, item := range d.items(p, v) {
				var bb BudgetBand
				ip := rbItem(p, i)
				if d.mapping(ip, item,
					rbField{"from", d.setRatio(&bb.From, rbUpTo100)},
					rbField{"score", d.setDecimal(&bb.Score)}) {
					d.requireKeys(ip, fmt.Sprintf("%s 第 %d 档", p, i+1), "{from: 95%, score: 10}",
						rbKey{"from", "执行率达到此值即得 score 分"}, rbKey{"score", "执行率达到 from 时的得分"})
				}
				b.Bands = append(b.Bands, bb)
			}
		}},
		rbField{"rounding", d.setRounding(&b.Rounding)},
	)
}

// methodFields are the keys shared by the indicator rule and its overrides.
func (d *rulebookDecoder) methodFields(m *Method) []rbField {
	return []rbField{
		{"method", d.setWord(&m.Method, rbIndicatorMethods)},
		{"floor", d.setRatio(&m.Floor, rbBelow100)},
		{"rounding", d.setRounding(&m.Rounding)},
		{"bands", func(p string, v ast.Node) {
			m.Bands = []ShareBand{}
			for i, item := range d.items(p, v) {
				var sb ShareBand
				ip := rbItem(p, i)
				if d.mapping(ip, item,
					rbField{"from", d.setRatio(&sb.From, rbUpTo100)},
					rbField{"share", d.setRatio(&sb.Share, rbUpTo100)}) {
					d.requireKeys(ip, fmt.Sprintf("%s 第 %d 档", p, i+1), "{from: 80%, share: 100%}",
						rbKey{"from", "完成率达到此值即得分值的 share"}, rbKey{"share", "完成率达到 from 时得分值的几成"})
				}
				m.Bands = append(m.Bands, sb)
			}
		}},
		{"deduct", func(p string, v ast.Node) {
			m.Deduct = Deduct{}
			clean := d.mapping(p, v,
				rbField{"per", d.setRatio(&m.Deduct.Per, rbPoints)},
				rbField{"points", d.setDecimal(&m.Deduct.Points)})
			// {} is no deduction; one key alone would silently be 0.
			if clean && (d.has(p+".per") || d.has(p+".points")) {
				d.requireKeys(p, p+" ", "{per: 1%, points: 0.5}",
					rbKey{"per", "完成率每差多少扣一次分"}, rbKey{"points", "每差 per 扣几分"})
			}
		}},
	}
}

func (d *rulebookDecoder) indicators(path string, n ast.Node, ir *IndicatorRule) {
	fields := append(d.methodFields(&ir.Method),
		rbField{"qualitative", func(p string, v ast.Node) {
			entries, _ := d.entries(p, v)
			ir.Qualitative = []Qualitative{}
			for _, e := range entries {
				word := strings.TrimSpace(rbKeyText(e.Key))
				line := rbLine(e.Key)
				d.keyLine[p+"."+word] = line
				q := Qualitative{Word: word}
				switch v, ok := d.resolve(e.Value); {
				case !ok:
				case v.Type() == ast.NullType:
					d.errorf(line, "%s 中“%s”缺少得分比例，如 %s: 80%% 或 %s: {from: 80%%, to: 100%%}", p, word, word, word)
				case v.Type() == ast.MappingType:
					// A band: {from: 60%, to: 80%}.
					q.Band = true
					qp := p + "." + word
					if d.mapping(qp, v,
						rbField{"from", d.setRatio(&q.From, rbUpTo100)},
						rbField{"to", d.setRatio(&q.To, rbUpTo100)}) {
						d.requireKeys(qp, "定性指标“"+word+"”的得分区间", "{from: 60%, to: 80%}",
							rbKey{"from", "区间下限"}, rbKey{"to", "区间上限"})
					}
				default:
					d.setRatio(&q.Share, rbUpTo100)(p+"."+word, v)
				}
				ir.Qualitative = append(ir.Qualitative, q)
			}
		}},
		rbField{"lower_is_better", func(p string, v ast.Node) { ir.LowerIsBetter = d.texts(p, v) }},
		rbField{"overshoot", func(p string, v ast.Node) {
			ir.Overshoot = Overshoot{}
			clean := d.mapping(p, v,
				rbField{"above", d.setRatio(&ir.Overshoot.Above, rbAbove100)},
				rbField{"points", d.setDecimal(&ir.Overshoot.Points)})
			// {} is no penalty; one key alone would silently be 0.
			if clean && (d.has(p+".above") || d.has(p+".points")) {
				d.requireKeys(p, p+" ", "{above: 130%, points: 2}",
					rbKey{"above", "完成率超过此值即扣分"}, rbKey{"points", "扣几分"})
			}
		}},
		rbField{"overrides", func(p string, v ast.Node) {
			ir.Overrides = []Override{}
			for i, item := range d.items(p, v) {
				var o Override
				fs := append([]rbField{{"match", d.setText(&o.Match)}}, d.methodFields(&o.Method)...)
				d.mapping(rbItem(p, i), item, fs...)
				d.uniqueMatch(p, i, o.Match, ir.Overrides)
				ir.Overrides = append(ir.Overrides, o)
			}
		}},
	)
	d.mapping(path, n, fields...)
	// An override's rounding takes the keys it leaves out from the
	// indicators' rounding (itself merged with the default's), which is
	// known only now: the file may write it after the overrides.
	for i := range ir.Overrides {
		ir.Overrides[i].FloorSet = d.has(rbItem(path+".overrides", i) + ".floor")
		ip := rbItem(path+".overrides", i) + ".rounding"
		if !d.has(ip) {
			continue // no rounding: the whole of the indicators' applies
		}
		r := &ir.Overrides[i].Rounding
		if !d.has(ip + ".places") {
			r.Places = ir.Rounding.Places
		}
		if !d.has(ip + ".mode") {
			r.Mode = ir.Rounding.Mode
		}
	}
}

// uniqueMatch reports the i-th override at path when an earlier one's match
// is the same as its match, or a part of it, after rbMatchNorm: MethodFor
// takes the first override that matches, so the i-th would never apply.
func (d *rulebookDecoder) uniqueMatch(path string, i int, match string, earlier []Override) {
	m := rbMatchNorm(match)
	if m == "" {
		return
	}
	ip := rbItem(path, i)
	for j, o := range earlier {
		e := rbMatchNorm(o.Match)
		switch {
		case e == "" || !strings.Contains(m, e):
			continue
		case e == m && o.Match == match:
			d.errorf(d.lineOf(ip+".match", ip), "%s 第 %d 项的 match“%s”与第 %d 项相同，第 %d 项永远用不到，请删去或与第 %d 项合并",
				path, i+1, match, j+1, i+1, j+1)
		case e == m:
			d.errorf(d.lineOf(ip+".match", ip), "%s 第 %d 项的 match“%s”与第 %d 项相同（不计全角半角、空格和引号的差别），第 %d 项永远用不到，请删去或与第 %d 项合并",
				path, i+1, match, j+1, i+1, j+1)
		default:
			d.errorf(d.lineOf(ip+".match", ip), "%s 第 %d 项的 match“%s”含有第 %d 项的“%s”：这些指标总是先按第 %d 项计分，第 %d 项永远用不到；请把第 %d 项移到第 %d 项之前",
				path, i+1, match, j+1, o.Match, j+1, i+1, i+1, j+1)
		}
		return
	}
}

func (d *rulebookDecoder) total(path string, n ast.Node, t *TotalRule) {
	d.mapping(path, n,
		rbField{"declared_places", d.setPlaces(&t.DeclaredPlaces)},
		rbField{"exclude_budget", d.setBool(&t.ExcludeBudget)},
		rbField{"cap_by_execution", func(p string, v ast.Node) {
			t.CapByExecution = []Cap{}
			for i, item := range d.items(p, v) {
				var c Cap
				ip := rbItem(p, i)
				if d.mapping(ip, item,
					rbField{"below", d.setRatio(&c.Below, rbAbove0UpTo100)},
					rbField{"max", d.setDecimal(&c.Max)}) {
					d.requireKeys(ip, fmt.Sprintf("%s 第 %d 项", p, i+1), "{below: 60%, max: 59}",
						rbKey{"below", "执行率低于此值时总分封顶"}, rbKey{"max", "总分上限"})
				}
				t.CapByExecution = append(t.CapByExecution, c)
			}
		}},
	)
}

func (d *rulebookDecoder) grades(path string, n ast.Node) []Grade {
	out := []Grade{}
	seen := map[string]int{} // name → its grade, 1-based
	for i, item := range d.items(path, n) {
		var g Grade
		ip := rbItem(path, i)
		if d.mapping(ip, item,
			rbField{"from", d.setDecimal(&g.From)},
			rbField{"name", d.setText(&g.Name)}) {
			d.requireKeys(ip, fmt.Sprintf("%s 第 %d 档", path, i+1), "{from: 60, name: 合格}",
				rbKey{"from", "总分达到此值即为该等级"}, rbKey{"name", "等级名称"})
		}
		if g.Name != "" {
			if first, dup := seen[g.Name]; dup {
				d.errorf(d.lineOf(ip+".name", ip), "%s 第 %d 档的名称“%s”与第 %d 档重复，每个等级名称只能用一次", path, i+1, g.Name, first)
			} else {
				seen[g.Name] = i + 1
			}
		}
		out = append(out, g)
	}
	return out
}

// rbKey is a key an item must have, with what it means.
type rbKey struct{ key, what string }

// requireKeys reports, on the line of the item or mapping at path, the keys
// it leaves out, which would otherwise silently be 0: “label缺少 max（总分上
// 限），如 example”.
func (d *rulebookDecoder) requireKeys(path, label, example string, keys ...rbKey) {
	var missing []string
	for _, k := range keys {
		if !d.has(path + "." + k.key) {
			missing = append(missing, k.key+"（"+k.what+"）")
		}
	}
	if len(missing) > 0 {
		d.errorf(d.lineOf(path), "%s缺少 %s，如 %s", label, strings.Join(missing, "和 "), example)
	}
}

func (d *rulebookDecoder) severity(path string, n ast.Node) map[finding.Code]finding.Severity {
	entries, _ := d.entries(path, n)
	out := map[finding.Code]finding.Severity{}
	for _, e := range entries {
		code := strings.TrimSpace(rbKeyText(e.Key))
		line := rbLine(e.Key)
		d.cur = line
		if !finding.Code(code).Known() {
			d.errorf(line, "severity 中的“%s”不是已知的问题代码，全部代码可用 perfeval codes 查看", code)
			continue
		}
		var word string
		d.setWord(&word, rbSeverities)(path+"."+code, e.Value)
		if s, ok := finding.ParseSeverity(word); ok {
			out[finding.Code(code)] = s
		}
	}
	return out
}

func (d *rulebookDecoder) audits(path string, n ast.Node) []Audit {
	out := []Audit{}
	seen := map[string]int{}
	items := d.items(path, n)
	if len(items) > MaxAudits {
		// Refused before compiling: each costs a few expr programs.
		d.errorf(d.lineOf(path), "audits 有 %d 条审核公式，超过上限 %d 条；请删去重复或不需要的公式", len(items), MaxAudits)
		return out
	}
	for i, item := range items {
		p := rbItem(path, i)
		a := Audit{Severity: "error", Line: d.keyLine[p]}
		var exprNode ast.Node
		d.mapping(p, item,
			rbField{"id", d.setText(&a.ID)},
			rbField{"expr", func(p string, v ast.Node) {
				exprNode = v
				d.setText(&a.Expr)(p, v)
			}},
			rbField{"tolerance", d.setDecimal(&a.Tolerance)},
			rbField{"severity", d.setWord(&a.Severity, rbSeverities)},
			rbField{"message", d.setText(&a.Message)},
		)
		label := fmt.Sprintf("audits 第 %d 条", i+1)
		if a.ID != "" {
			label = "审核公式 " + a.ID
		}
		for _, k := range []struct{ key, what string }{
			{"id", "编号，如 A01"},
			{"expr", "公式"},
			{"message", "公式不成立时给填报人看的说明"},
		} {
			if !d.has(p + "." + k.key) {
				d.errorf(a.Line, "%s 缺少 %s（%s）", label, k.key, k.what)
			}
		}
		if a.ID != "" {
			if first, dup := seen[a.ID]; dup {
				d.errorf(d.lineOf(p+".id", p), "审核公式编号“%s”重复：第 %d 行已经用过", a.ID, first)
			} else {
				seen[a.ID] = d.lineOf(p+".id", p)
			}
		}
		switch chars := utf8.RuneCountInString(a.Expr); {
		case chars > MaxAuditExpr:
			d.errorf(d.line(exprNode), "%s 的 expr 有 %d 个字符，超过上限 %d 个字符；请把它拆成几条审核公式", label, chars, MaxAuditExpr)
		case chars > 0:
			d.exprs = append(d.exprs, auditExpr{index: len(out), label: label, node: exprNode})
		}
		out = append(out, a)
	}
	return out
}

// auditExpr is an audit expression of the file, kept for compiling once the
// whole file (its form: among the rest) is decoded.
type auditExpr struct {
	index int // in Rulebook.Audits
	label string
	node  ast.Node
}

// compileAudits compiles the file's audit expressions for the rulebook's
// layout, reporting each that does not compile at its line; the rulebook
// keeps the programs.
func (d *rulebookDecoder) compileAudits(rb *Rulebook) {
	env, err := newAuditEnv(rb.Layout())
	if err != nil {
		// A layout bug, caught by the template tests.
		d.errorf(d.root, "模板的单元格名称有误：%v", err)
		return
	}
	for _, e := range d.exprs {
		if err := validateAuditExpr(rb.Audits[e.index].Expr, env); err != nil {
			d.exprError(e.label, e.node, err)
		}
	}
	rb.audits = &auditCache{}
}

// exprError reports an audit expression that does not compile, on the line
// of the expression where the error is; for an error of the writing, with
// the character.
func (d *rulebookDecoder) exprError(label string, n ast.Node, err error) {
	line := rbLine(n)
	// A literal block (expr: |) starts on the line after its key.
	_, literal := n.(*ast.LiteralNode)
	var ae *auditExprError
	if !errors.As(err, &ae) {
		// validateAuditExpr gives only *auditExprError; expr's English
		// stays out whatever it is.
		d.errorf(line, "%s 的 expr 写法有误：公式写法有误", label)
		return
	}
	if literal && ae.Line > 0 {
		line += ae.Line
	}
	if !ae.Syntax {
		d.errorf(line, "%s 有误：%s", label, ae.Reason)
		return
	}
	where := fmt.Sprintf("（第 %d 个字符附近）", ae.Column+1)
	if literal {
		where = fmt.Sprintf("（公式第 %d 行第 %d 个字符附近）", ae.Line, ae.Column+1)
	}
	d.errorf(line, "%s 的 expr 写法有误%s：%s", label, where, ae.Reason)
}

// validate checks ranges, orders and sums across the decoded rulebook.
func (d *rulebookDecoder) validate(rb *Rulebook) {
	// A file's own id and name are required: the default's would mislabel it.
	for _, k := range []struct{ key, example string }{{"id", "nanchang-2022"}, {"name", "南昌市部门整体支出绩效自评（2022年度）"}} {
		if !d.has(k.key) {
			d.errorf(d.root, "缺少 %s，请在文件开头写上，例如 %s: %s", k.key, k.key, k.example)
		}
	}
	if rb.Form == "" {
		d.errorf(d.root, "缺少 form，应为 %s 之一", rbOneOf(rbFormKinds))
	}
	if r := []rune(rb.Reviewer); strings.TrimSpace(rb.Reviewer) == "" || len(r) > maxReviewer || strings.ContainsAny(rb.Reviewer, "\r\n") {
		d.errorf(d.lineOf("reviewer", ""), "reviewer（批注署名）应为一行、不超过 %d 个字的文字，例如 reviewer: 财政局复核", maxReviewer)
	}
	d.validateLevels(rb)
	d.validateBudget(&rb.Budget)
	d.validateIndicators(&rb.Indicators)

	for i, c := range rb.Total.CapByExecution {
		p := rbItem("total.cap_by_execution", i)
		if c.Below.Sign() <= 0 || c.Below.GreaterThan(one) {
			d.errorf(d.lineOf(p+".below", p, "total.cap_by_execution"), "%s 的 below 应大于 0%% 且不超过 100%%，实际是 %s", p, c.Below.Percent())
		}
		if c.Max.GreaterThan(hundred) {
			d.errorf(d.lineOf(p+".max", p, "total.cap_by_execution"), "%s 的 max 不能超过 100 分，实际是 %s", p, c.Max)
		}
	}

	if len(rb.Grades) == 0 {
		d.errorf(d.lineOf("grades"), "grades 至少要有一个等级，例如 [{from: 60, name: 合格}, {from: 0, name: 不合格}]")
	}
	for i, g := range rb.Grades {
		p := rbItem("grades", i)
		line := d.lineOf(p+".from", p, "grades")
		if g.From.GreaterThan(hundred) {
			d.errorf(line, "grades 第 %d 档的 from 不能超过 100 分，实际是 %s", i+1, g.From)
		}
		if i > 0 && g.From.GreaterThanOrEqual(rb.Grades[i-1].From) {
			d.errorf(line, "grades 应按 from 从高到低排列：第 %d 档“%s”的 %s 分不低于上一档“%s”的 %s 分",
				i+1, g.Name, g.From, rb.Grades[i-1].Name, rb.Grades[i-1].From)
		}
		if i == len(rb.Grades)-1 && !g.From.IsZero() {
			d.errorf(line, "grades 的最后一档应从 0 分起（from: 0），否则低于 %s 分的总分没有等级", g.From)
		}
	}

	if !rb.Thresholds.TargetTooLow.GreaterThan(one) {
		d.errorf(d.lineOf("thresholds.target_too_low", "thresholds"),
			"thresholds.target_too_low 应大于 100%%（完成率超过此值视为指标值定得过低），实际是 %s", rb.Thresholds.TargetTooLow.Percent())
	}
}

func (d *rulebookDecoder) validateLevels(rb *Rulebook) {
	if len(rb.Levels) == 0 {
		if !d.has("levels") {
			d.errorf(d.lineOf("levels"), "levels 至少要有一个一级指标，例如 产出指标: {weight: 40, children: [数量指标, 质量指标]}")
		}
		// levels: {} is a form without 一级/二级指标: its indicators'
		// weights and the budget's add up to 100 on the form.
		return
	}
	owner := map[string]string{}
	sum := rb.Budget.Weight
	if rb.Total.ExcludeBudget {
		sum = decimal.Zero
	}
	parts := make([]string, 0, len(rb.Levels)+1)
	for _, lv := range rb.Levels {
		p := "levels." + lv.Name
		line := d.lineOf(p, "levels")
		switch {
		case lv.Name == "":
			d.errorf(line, "levels 中有一个一级指标没有名称")
		case !d.has(p+".weight") && d.has(p):
			d.errorf(line, "一级指标“%s”缺少 weight（分值）", lv.Name)
		case lv.Weight.Sign() <= 0:
			d.errorf(d.lineOf(p+".weight", p, "levels"), "一级指标“%s”的 weight（分值）应大于 0", lv.Name)
		}
		if d.has(p+".min") || d.has(p+".max") {
			switch {
			case !d.has(p+".min") || !d.has(p+".max"):
				d.errorf(d.lineOf(p+".min", p+".max", p), "一级指标“%s”的分值范围要同时写 min 和 max，如 {weight: 50, min: 40, max: 70}", lv.Name)
			case lv.Min.GreaterThan(lv.Weight) || lv.Max.LessThan(lv.Weight):
				d.errorf(d.lineOf(p+".min", p), "一级指标“%s”的分值范围 %s–%s 应包含其 weight %s", lv.Name, lv.Min, lv.Max, lv.Weight)
			}
		}
		if len(lv.Children) == 0 {
			d.errorf(d.lineOf(p+".children", p, "levels"), "一级指标“%s”缺少 children（其下的二级指标），例如 children: [数量指标, 质量指标]", lv.Name)
		}
		for _, c := range lv.Children {
			if prev, ok := owner[c]; ok {
				d.errorf(d.lineOf(p+".children", p, "levels"), "二级指标“%s”同时列在“%s”和“%s”之下，每个二级指标只能属于一个一级指标", c, prev, lv.Name)
				continue
			}
			owner[c] = lv.Name
		}
		sum = sum.Add(lv.Weight)
		parts = append(parts, lv.Name+" "+lv.Weight.String())
	}
	if !sum.Equal(hundred) && rb.Total.ExcludeBudget {
		d.errorf(d.lineOf("levels", "total.exclude_budget", "total"),
			"total.exclude_budget 为 true（总分不含预算执行得分），各一级指标分值之和应为 100，实际为 %s（%s）", sum, strings.Join(parts, " + "))
	} else if !sum.Equal(hundred) {
		parts = append(parts, "预算执行 "+rb.Budget.Weight.String())
		inherited := ""
		if !d.has("levels") {
			inherited = fmt.Sprintf("；本文件没有写 levels，各一级指标分值是默认规则的，请写出本文件自己的 levels，使其分值之和为 %s", hundred.Sub(rb.Budget.Weight))
		}
		d.errorf(d.lineOf("levels", "budget.weight", "budget"),
			"各一级指标分值与预算执行分值（budget.weight）之和为 %s（%s），应为 100%s", sum, strings.Join(parts, " + "), inherited)
	}
}

func (d *rulebookDecoder) validateBudget(b *BudgetRule) {
	const p = "budget"
	if b.Method == "" {
		d.errorf(d.lineOf(p), "budget 缺少 method，应为 %s 之一", rbOneOf(rbBudgetMethods))
	}
	if b.Method == "bands" && len(b.Bands) == 0 {
		d.errorf(d.lineOf(p+".bands", p+".method", p), "budget.method 为 bands 时须填写 budget.bands，例如 [{from: 95%%, score: 10}, {from: 0%%, score: 0}]")
	}
	// Bands the file did not write are the default's: an error in them is
	// the file's weight or method, and the fix is the file's own bands.
	inherited := !d.has(p + ".bands")
	for i, bb := range b.Bands {
		ip := rbItem(p+".bands", i)
		line := d.lineOf(ip, p+".bands", p)
		if bb.From.GreaterThan(one) {
			d.errorf(line, "budget.bands 第 %d 档的 from 不能超过 100%%，实际是 %s", i+1, bb.From.Percent())
		}
		// Only the bands method scores by the bands.
		switch {
		case b.Method != "bands" || !bb.Score.GreaterThan(b.Weight):
		case inherited:
			if i == slices.IndexFunc(b.Bands, func(x BudgetBand) bool { return x.Score.GreaterThan(b.Weight) }) {
				d.errorf(d.lineOf(p+".weight", p), "budget.bands 第 %d 档的 score %s 超过了预算执行分值 %s：这些分档是默认规则的，本文件没有写 bands；"+
					"请在 budget 下写出本文件自己的 bands（各档 score 不超过 %s），如 bands: [{from: 95%%, score: %s}, {from: 0%%, score: 0}]，或改用 method: proportional",
					i+1, bb.Score, b.Weight, b.Weight, b.Weight)
			}
		default:
			d.errorf(line, "budget.bands 第 %d 档的 score %s 超过了预算执行分值 %s", i+1, bb.Score, b.Weight)
		}
		if i > 0 && bb.From.GreaterThanOrEqual(b.Bands[i-1].From.Decimal) {
			d.errorf(line, "budget.bands 应按 from 从高到低排列：第 %d 档的 %s 不低于上一档的 %s", i+1, bb.From.Percent(), (b.Bands[i-1].From).Percent())
		}
	}
	if b.Floor.GreaterThanOrEqual(one) {
		d.errorf(d.lineOf(p+".floor", p), "budget.floor 应低于 100%%，实际是 %s", b.Floor.Percent())
	}
	d.validateRounding(p+".rounding", b.Rounding, false)
}

func (d *rulebookDecoder) validateIndicators(ir *IndicatorRule) {
	const p = "indicators"
	if ir.Method.Method == "" {
		d.errorf(d.lineOf(p), "indicators 缺少 method，应为 %s 之一", rbOneOf(rbIndicatorMethods))
	}
	d.validateMethod(p, ir.Method, ir.Method)
	for _, q := range ir.Qualitative {
		if q.Word == "" {
			d.errorf(d.lineOf(p+".qualitative", p), "indicators.qualitative 中有一项没有文字")
		}
		if q.Share.GreaterThan(one) {
			d.errorf(d.lineOf(p+".qualitative."+q.Word, p+".qualitative", p), "定性指标“%s”的得分比例不能超过 100%%，实际是 %s", q.Word, q.Share.Percent())
		}
		if q.Band && q.To.GreaterThan(one) {
			d.errorf(d.lineOf(p+".qualitative."+q.Word+".to", p+".qualitative."+q.Word, p+".qualitative", p), "定性指标“%s”的得分区间上限 to 不能超过 100%%，实际是 %s", q.Word, q.To.Percent())
		}
		if q.Band && q.From.GreaterThan(q.To.Decimal) {
			d.errorf(d.lineOf(p+".qualitative."+q.Word+".from", p+".qualitative."+q.Word, p+".qualitative", p), "定性指标“%s”的得分区间下限 %s 高于上限 %s", q.Word, q.From.Percent(), q.To.Percent())
		}
	}
	if o := ir.Overshoot; !o.Above.IsZero() || !o.Points.IsZero() {
		line := d.lineOf(p+".overshoot", p)
		if !o.Above.GreaterThan(one) {
			d.errorf(line, "indicators.overshoot 的 above 应大于 100%%（如 130%%），实际是 %s", o.Above.Percent())
		}
		if o.Points.Sign() <= 0 {
			d.errorf(line, "indicators.overshoot 的 points（扣分）应大于 0")
		}
	}
	for i, o := range ir.Overrides {
		ip := rbItem(p+".overrides", i)
		if strings.TrimSpace(o.Match) == "" {
			d.errorf(d.lineOf(ip, p+".overrides"), "indicators.overrides 第 %d 项缺少 match（三级指标名称中含有的文字）", i+1)
		}
		d.validateMethod(ip, o.Method, ir.Method)
	}
}

// validateMethod checks m at path; base is the indicator rule an override
// inherits from (m itself for the rule).
func (d *rulebookDecoder) validateMethod(path string, m, base Method) {
	method := cmp.Or(m.Method, base.Method)
	bands := m.Bands
	if len(bands) == 0 {
		bands = base.Bands
	}
	if method == "bands" && len(bands) == 0 {
		d.errorf(d.lineOf(path+".bands", path+".method", path),
			"%s 的 method 为 bands 时须填写 bands，例如 [{from: 80%%, share: 100%%}, {from: 60%%, share: 80%%}, {from: 0%%, share: 0%%}]", path)
	}
	deduct := m.Deduct
	if deduct.Per.IsZero() && deduct.Points.IsZero() {
		deduct = base.Deduct
	}
	if method == "deduct" && (deduct.Per.Sign() <= 0 || deduct.Points.Sign() <= 0) {
		d.errorf(d.lineOf(path+".deduct", path+".method", path),
			"%s 的 method 为 deduct 时须填写 deduct，per 和 points 都应大于 0，例如 {per: 1%%, points: 0.5}", path)
	}
	for i, sb := range m.Bands {
		ip := rbItem(path+".bands", i)
		line := d.lineOf(ip, path+".bands", path)
		if sb.From.GreaterThan(one) || sb.Share.GreaterThan(one) {
			d.errorf(line, "%s.bands 第 %d 档的 from 和 share 都不能超过 100%%", path, i+1)
		}
		if i > 0 && sb.From.GreaterThanOrEqual(m.Bands[i-1].From.Decimal) {
			d.errorf(line, "%s.bands 应按 from 从高到低排列：第 %d 档的 %s 不低于上一档的 %s", path, i+1, sb.From.Percent(), (m.Bands[i-1].From).Percent())
		}
	}
	if m.Floor.GreaterThanOrEqual(one) {
		d.errorf(d.lineOf(path+".floor", path), "%s.floor 应低于 100%%，实际是 %s", path, m.Floor.Percent())
	}
	// An override may leave rounding out and inherit it.
	d.validateRounding(path+".rounding", m.Rounding, path != "indicators" && !d.has(path+".rounding"))
}

func (d *rulebookDecoder) validateRounding(path string, r Rounding, inherited bool) {
	if inherited {
		return
	}
	if r.Mode == "" {
		d.errorf(d.lineOf(path, rbParent(path)), "%s 缺少 mode，应为 %s 之一", path, rbOneOf(rbRoundingModes))
	}
}

// mapping decodes the entries of the mapping n with fields; a key that is not
// among them is an error. It reports whether n is a mapping (or null) with
// no unknown key, so that a caller asks for a missing key only when the
// writer did not misspell it.
func (d *rulebookDecoder) mapping(path string, n ast.Node, fields ...rbField) bool {
	entries, ok := d.entries(path, n)
	for _, e := range entries {
		key := rbKeyText(e.Key)
		line := rbLine(e.Key)
		d.cur = line
		i := slices.IndexFunc(fields, func(f rbField) bool { return f.key == key })
		if i < 0 {
			d.unknownKey(path, key, line, fields)
			ok = false
			continue
		}
		p := key
		if path != "" {
			p = path + "." + key
		}
		d.keyLine[p] = line
		fields[i].decode(p, e.Value)
	}
	return ok
}

func (d *rulebookDecoder) unknownKey(path, key string, line int, fields []rbField) {
	if reason, bad := rbBadIndent(rbLineText(d.data, line), false); bad {
		d.errorf(line, reason, line)
		return
	}
	where := rbWhere(path)
	keys := make([]string, len(fields))
	best, bestDist := "", 0
	for i, f := range fields {
		keys[i] = f.key
		// A suggestion must be near in proportion to the key: “base” is two
		// letters from “name”, but no slip of the keyboard.
		limit := 2
		if min(utf8.RuneCountInString(key), utf8.RuneCountInString(f.key)) <= 4 {
			limit = 1
		}
		if dist := rbKeyDistance(key, f.key); dist <= limit && (best == "" || dist < bestDist) {
			best, bestDist = f.key, dist
		}
	}
	reason := fmt.Sprintf("%s没有“%s”这一项", where, key)
	switch {
	case strings.ContainsRune(key, '：'):
		reason += "：冒号请用半角“:”，并在冒号后加一个空格"
	case best != "":
		reason += fmt.Sprintf("，是不是“%s”？", best)
	}
	d.errorf(line, "%s（可写的有：%s）", reason, strings.Join(keys, "、"))
}

// rbWhere names the mapping at path for an error: “budget 下”.
func rbWhere(path string) string {
	if path == "" {
		return "规则文件顶层"
	}
	return path + " 下"
}

// entries returns the key/value pairs of a mapping; null is an empty mapping.
// A YAML merge key (<<) is reported and left out.
func (d *rulebookDecoder) entries(path string, n ast.Node) ([]*ast.MappingValueNode, bool) {
	n, ok := d.resolve(n)
	if !ok {
		return nil, false
	}
	switch n := n.(type) {
	case *ast.NullNode:
		return nil, true
	case *ast.MappingNode:
		return d.withoutMergeKeys(path, n.Values), true
	case *ast.MappingValueNode:
		return d.withoutMergeKeys(path, []*ast.MappingValueNode{n}), true
	}
	what := "规则文件"
	if path != "" {
		what = path + " "
	}
	hint := ""
	switch s := n.GetToken().Value; {
	case n.Type() == ast.SequenceType:
		hint = "，而不是列表"
	case strings.ContainsRune(s, '：'):
		hint = "：冒号请用半角“:”，并在冒号后加一个空格"
	case strings.Contains(s, ":"):
		hint = "：冒号后面要加一个空格"
	}
	d.errorf(d.line(n), "%s应写成“键: 值”的形式%s", what, hint)
	return nil, false
}

// withoutMergeKeys returns values without the merge keys, each reported: the
// rulebook's merging is its own (a file's keys over the default's), and a
// merge would hide which keys a section has.
func (d *rulebookDecoder) withoutMergeKeys(path string, values []*ast.MappingValueNode) []*ast.MappingValueNode {
	out := values[:0:0]
	for _, mv := range values {
		if _, merge := mv.Key.(*ast.MergeKeyNode); merge {
			d.errorf(rbLine(mv.Key), "%s用了合并键“<<”，规则文件不支持合并键，请把要沿用的键逐项写出", rbWhere(path))
			continue
		}
		out = append(out, mv)
	}
	return out
}

// items returns the entries of a list, each recorded with its line; null is an
// empty list.
func (d *rulebookDecoder) items(path string, n ast.Node) []ast.Node {
	n, ok := d.resolve(n)
	if !ok {
		return nil
	}
	switch n := n.(type) {
	case *ast.NullNode:
		return nil
	case *ast.SequenceNode:
		for i, v := range n.Values {
			d.keyLine[rbItem(path, i)] = d.line(v)
		}
		return n.Values
	}
	d.errorf(d.line(n), "%s 应为列表，例如 [{…}, {…}]，或每行以“- ”开头", path)
	return nil
}

// texts decodes a list of non-empty strings.
func (d *rulebookDecoder) texts(path string, n ast.Node) []string {
	out := []string{}
	for i, item := range d.items(path, n) {
		var s string
		d.setText(&s)(rbItem(path, i), item)
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// resolve follows anchors, aliases and tags to the value node. It returns
// false, with an error recorded, for an alias to an unknown anchor.
func (d *rulebookDecoder) resolve(n ast.Node) (ast.Node, bool) {
	for range 100 {
		switch v := n.(type) {
		case nil:
			return &ast.NullNode{}, true
		case *ast.AnchorNode:
			n = v.Value
		case *ast.TagNode:
			n = v.Value
		case *ast.AliasNode:
			name := v.Value.GetToken().Value
			target, ok := d.anchors[name]
			if !ok {
				d.errorf(d.line(v), "引用了未定义的锚点“*%s”", name)
				return nil, false
			}
			n = target
		default:
			return n, true
		}
	}
	d.errorf(d.cur, "锚点引用层数过多")
	return nil, false
}

// scalar returns the text of a single value.
func (d *rulebookDecoder) scalar(path string, n ast.Node) (string, bool) {
	if d.commas[n] {
		return "", false // reported by fullWidthCommas
	}
	n, ok := d.resolve(n)
	if !ok {
		return "", false
	}
	switch v := n.(type) {
	case *ast.NullNode:
		d.errorf(d.line(n), "%s 缺少值", path)
		return "", false
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		return v.Value.Value, true
	case *ast.MappingNode, *ast.MappingValueNode:
		d.errorf(d.line(n), "%s 应为单个值，而不是“键: 值”", path)
		return "", false
	case *ast.SequenceNode:
		d.errorf(d.line(n), "%s 应为单个值，而不是列表", path)
		return "", false
	case ast.ScalarNode:
		return v.GetToken().Value, true
	}
	d.errorf(d.line(n), "%s 应为单个值", path)
	return "", false
}

// setText decodes a text that must not be empty, without outer spaces.
func (d *rulebookDecoder) setText(dst *string) func(string, ast.Node) {
	return func(path string, n ast.Node) {
		s, ok := d.scalar(path, n)
		if !ok {
			return
		}
		if s = strings.TrimSpace(s); s == "" {
			d.errorf(d.line(n), "%s 不能为空", path)
			return
		}
		*dst = s
	}
}

func (d *rulebookDecoder) setWord(dst *string, allowed []string) func(string, ast.Node) {
	return func(path string, n ast.Node) {
		s, ok := d.scalar(path, n)
		if !ok {
			return
		}
		s = strings.TrimSpace(s)
		if !slices.Contains(allowed, s) {
			d.errorf(d.line(n), "%s 的值“%s”无效，应为 %s 之一", path, s, rbOneOf(allowed))
			return
		}
		*dst = s
	}
}

// setBool decodes true or false.
func (d *rulebookDecoder) setBool(dst *bool) func(string, ast.Node) {
	return func(path string, n ast.Node) {
		s, ok := d.scalar(path, n)
		if !ok {
			return
		}
		switch strings.TrimSpace(s) {
		case "true":
			*dst = true
		case "false":
			*dst = false
		default:
			d.errorf(d.line(n), "%s 的值“%s”无效，应为 true（是）或 false（否）", path, s)
		}
	}
}

// setDecimal decodes a non-negative plain number; every number in a rulebook
// (weights, scores, tolerances) is one.
func (d *rulebookDecoder) setDecimal(dst *decimal.Decimal) func(string, ast.Node) {
	return func(path string, n ast.Node) {
		s, ok := d.scalar(path, n)
		if !ok {
			return
		}
		t := rbStripSpaces(s)
		if strings.HasSuffix(t, "%") || strings.HasSuffix(t, "％") {
			d.errorf(d.line(n), "%s 应为普通数字，不带百分号，实际是“%s”", path, s)
			return
		}
		v, err := decimal.NewFromString(t)
		if err != nil {
			d.errorf(d.line(n), "%s 的值“%s”不是数字", path, s)
			return
		}
		if v.Sign() < 0 {
			d.errorf(d.line(n), "%s 不能为负数，实际是 %s", path, s)
			return
		}
		*dst = v
	}
}

// rbRange is the range of percents a key accepts, so that the hint for a
// number written without % suggests a value the key takes.
type rbRange int

const (
	rbUpTo100       rbRange = iota // 0% to 100%: bands, shares
	rbBelow100                     // 0% up to, not including, 100%: floor
	rbAbove100                     // above 100%: thresholds, overshoot
	rbAbove0UpTo100                // above 0% up to 100%: cap_by_execution.below
	rbPoints                       // deduct.per: percentage points, above 0%
)

// accepts reports whether the fraction f is in the range.
func (r rbRange) accepts(f decimal.Decimal) bool {
	switch r {
	case rbBelow100:
		return f.Sign() >= 0 && f.LessThan(one)
	case rbAbove100:
		return f.GreaterThan(one)
	case rbAbove0UpTo100:
		return f.Sign() > 0 && f.LessThanOrEqual(one)
	case rbPoints:
		return f.Sign() > 0
	}
	return f.Sign() >= 0 && f.LessThanOrEqual(one)
}

// example returns a value the range accepts and the range in words.
func (r rbRange) example() (string, string) {
	switch r {
	case rbBelow100:
		return "60%", "此项应低于 100%"
	case rbAbove100:
		return "150%", "此项应大于 100%"
	case rbAbove0UpTo100:
		return "60%", "此项应大于 0% 且不超过 100%"
	case rbPoints:
		return "1%", "此项应大于 0%"
	}
	return "100%", "此项不能超过 100%"
}

// hint suggests how to write the number num (v), written without %, as a
// percent the range accepts: as num% (60 is 60%), or as a fraction (0.6 is
// 60%, and 1.5 is 150% where the range is above 100%), or both when both
// fit; otherwise a value of the range. deduct.per counts percentage points,
// so there 1 is 1%, never 100%.
func (r rbRange) hint(num string, v decimal.Decimal) string {
	pct := v.Shift(-2)
	asPct := r.accepts(pct)
	// A fraction above 10 (1000%) is no one's meaning.
	asFrac := r != rbPoints && !v.Equal(pct) && r.accepts(v) && v.LessThanOrEqual(decimal.NewFromInt(10))
	switch {
	case asPct && asFrac && v.Equal(one):
		return fmt.Sprintf("%s%%（若 %s 指 100%%，写 100%%）", num, num)
	case asFrac:
		return fmt.Sprintf("%s%%（%s 即 %s%%）", v.Shift(2), num, v.Shift(2))
	case asPct:
		return num + "%"
	}
	example, rng := r.example()
	return fmt.Sprintf("%s（%s）", example, rng)
}

// setRatio decodes a non-negative percent such as 95% into the fraction 0.95;
// rng is the range the key accepts, for the hint on a number without %.
func (d *rulebookDecoder) setRatio(dst *Ratio, rng rbRange) func(string, ast.Node) {
	return func(path string, n ast.Node) {
		s, ok := d.scalar(path, n)
		if !ok {
			return
		}
		t := rbStripSpaces(s)
		num, pct := strings.CutSuffix(t, "%")
		if !pct {
			num, pct = strings.CutSuffix(t, "％")
		}
		v, err := decimal.NewFromString(num)
		switch {
		case !pct && err == nil:
			// The officer most likely left out the % sign.
			d.errorf(d.line(n), "%s 应写成百分数，请加上百分号，如 %s，实际是“%s”", path, rng.hint(num, v), s)
			return
		case err != nil:
			d.errorf(d.line(n), "%s 的值“%s”不是百分数，应写成如 95%% 的形式", path, s)
			return
		case v.Sign() < 0:
			d.errorf(d.line(n), "%s 不能为负数，实际是 %s", path, s)
			return
		}
		*dst = Ratio{v.Shift(-2)}
	}
}

func (d *rulebookDecoder) setPlaces(dst *int32) func(string, ast.Node) {
	return func(path string, n ast.Node) {
		s, ok := d.scalar(path, n)
		if !ok {
			return
		}
		v, err := strconv.Atoi(rbStripSpaces(s))
		if err != nil || v < 0 || v > rbMaxPlaces {
			d.errorf(d.line(n), "%s 应为 0 到 %d 的整数（保留的小数位数，0 为取整），实际是“%s”", path, rbMaxPlaces, s)
			return
		}
		*dst = int32(v)
	}
}

func (d *rulebookDecoder) setRounding(dst *Rounding) func(string, ast.Node) {
	return func(path string, n ast.Node) {
		d.mapping(path, n,
			rbField{"places", d.setPlaces(&dst.Places)},
			rbField{"mode", d.setWord(&dst.Mode, rbRoundingModes)})
	}
}

// line returns the line of n, or of the key being decoded when n has none.
func (d *rulebookDecoder) line(n ast.Node) int {
	if l := rbLine(n); l > 0 {
		return l
	}
	return d.cur
}

// lineOf returns the line of the first path present in the file, or the line
// of the top-level mapping.
func (d *rulebookDecoder) lineOf(paths ...string) int {
	for _, p := range paths {
		if l, ok := d.keyLine[p]; ok {
			return l
		}
	}
	return d.root
}

func (d *rulebookDecoder) has(path string) bool {
	_, ok := d.keyLine[path]
	return ok
}

func rbLine(n ast.Node) int {
	if n == nil {
		return 0
	}
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return tk.Position.Line
	}
	return 0
}

// rbLineText returns the 1-based line n of data.
func rbLineText(data []byte, n int) string {
	lines := bytes.Split(data, []byte("\n"))
	if n < 1 || n > len(lines) {
		return ""
	}
	return string(lines[n-1])
}

func rbKeyText(k ast.MapKeyNode) string {
	switch k := k.(type) {
	case *ast.StringNode:
		return k.Value
	case *ast.MappingKeyNode:
		if s, ok := k.Value.(*ast.StringNode); ok {
			return s.Value
		}
		return k.Value.GetToken().Value
	}
	return k.GetToken().Value
}

// rbItem is the path of the i-th (0-based) list item, printed 1-based.
func rbItem(path string, i int) string {
	return fmt.Sprintf("%s[%d]", path, i+1)
}

func rbParent(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i]
	}
	return ""
}

// rbOneOf lists words as “a、b 或 c”.
func rbOneOf(words []string) string {
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], "、") + " 或 " + words[len(words)-1]
}

func rbStripSpaces(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// rbKeyDistance is the edit distance of a and b by rune, counting two
// neighbouring letters swapped (form for from) as one edit. It ranks the
// "did you mean" of a rulebook key and of an audit's cell name.
func rbKeyDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	dist := make([][]int, len(ra)+1)
	for i := range dist {
		dist[i] = make([]int, len(rb)+1)
		dist[i][0] = i
	}
	for j := range dist[0] {
		dist[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			dist[i][j] = min(dist[i-1][j]+1, dist[i][j-1]+1, dist[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				dist[i][j] = min(dist[i][j], dist[i-2][j-2]+1)
			}
		}
	}
	return dist[len(ra)][len(rb)]
}

// rbMatchNorm normalises an override's match and an indicator's name the way
// the form reader compares text (template.Norm: full-width to half-width, no
// spaces), with typographic quotes as straight ones, so that “完成时间(2022年)”
// matches 完成时间（2022年）.
func rbMatchNorm(s string) string {
	return rbQuotes.Replace(template.Norm(s))
}

var rbQuotes = strings.NewReplacer("‘", "'", "’", "'", "‚", "'", "‛", "'", "“", "\"", "”", "\"", "„", "\"", "‟", "\"")
