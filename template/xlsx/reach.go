package xlsx

import (
	"strconv"
	"strings"
	"unicode"
)

// ReachKind says how a formula reaches outside its workbook.
type ReachKind int

const (
	// ReachNone: the formula uses the workbook's own cells only.
	ReachNone ReachKind = iota
	// ReachFunction: a function that fetches or runs something outside
	// the workbook, such as WEBSERVICE or RTD.
	ReachFunction
	// ReachLink: a reference into another workbook, [1]Sheet1!A1 or a
	// path written out, 'C:\财务\[决算.xlsx]Sheet1'!A1.
	ReachLink
	// ReachDDE: a DDE call, program|topic!item, such as
	// cmd|' /C calc'!A0, which starts a program when links are updated.
	ReachDDE
)

// Reach is what in a formula reaches outside its workbook: the worst of
// what it holds, DDE before a link before a function.
type Reach struct {
	Kind ReachKind
	// Link is, for ReachLink, the number of the external link the
	// formula names ([1] is 1: Workbook.Links[0]), or 0 for a path
	// written out.
	Link int
	// Name is the function (WEBSERVICE), the DDE program (cmd) or the
	// path written out.
	Name string
}

// outsideFunctions are the worksheet functions that fetch data from, or
// run, something outside the workbook: a web service, a real-time data
// server, a DLL, an online image or quote.
var outsideFunctions = map[string]bool{
	"WEBSERVICE": true, "RTD": true, "CALL": true, "REGISTER": true, "REGISTER.ID": true,
	"EXEC": true, "IMAGE": true, "STOCKHISTORY": true, "SQL.REQUEST": true,
}

// FormulaReach returns what in a formula (with or without its "=")
// reaches outside the workbook, or a Reach of kind ReachNone. It reads the
// formula's text: string literals are skipped, a | outside them is DDE
// (Excel's formula language has no other use for it), a [n] or a [file.xlsx]
// starting a reference is an external workbook, and a bracket after a name
// is a table's structured reference (Table1[金额]), which stays inside.
func FormulaReach(formula string) Reach {
	var best Reach
	better := func(r Reach) {
		if r.Kind > best.Kind {
			best = r
		}
	}
	rs := []rune(formula)
	quoted := false // inside a single-quoted sheet name
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; {
		case c == '"' && !quoted:
			// A string literal; "" inside it is one quote.
			for i++; i < len(rs); i++ {
				if rs[i] == '"' {
					if i+1 < len(rs) && rs[i+1] == '"' {
						i++
						continue
					}
					break
				}
			}
		case c == '\'':
			if quoted && i+1 < len(rs) && rs[i+1] == '\'' {
				i++ // '' inside a quoted name is one quote
				continue
			}
			quoted = !quoted
		case c == '|' && !quoted:
			better(Reach{Kind: ReachDDE, Name: ddeProgram(rs[:i])})
		case c == '[':
			j := i + 1
			for j < len(rs) && rs[j] != ']' {
				j++
			}
			inner := string(rs[i+1 : min(j, len(rs))])
			after := i > 0 && (unicode.IsLetter(rs[i-1]) || unicode.IsDigit(rs[i-1]) || rs[i-1] == '_' || rs[i-1] == ']')
			switch {
			case quoted && bookName(inner):
				// 'C:\dir\[book.xlsx]Sheet1'!A1: the path runs from the
				// opening quote.
				start := i
				for start > 0 && rs[start-1] != '\'' {
					start--
				}
				better(Reach{Kind: ReachLink, Name: string(rs[start:i]) + inner})
			case after:
				// Table1[金额], Table1[[#This Row],[金额]]: a table.
			case allDigits(inner):
				n, _ := strconv.Atoi(inner)
				better(Reach{Kind: ReachLink, Link: n})
			case bookName(inner):
				better(Reach{Kind: ReachLink, Name: inner})
			}
			if j > i {
				i = j
			}
		case c == '(' && !quoted:
			j := i
			for j > 0 && (unicode.IsLetter(rs[j-1]) || unicode.IsDigit(rs[j-1]) || rs[j-1] == '.' || rs[j-1] == '_') {
				j--
			}
			name := strings.ToUpper(string(rs[j:i]))
			for _, prefix := range []string{"_XLFN.", "_XLWS."} {
				name = strings.TrimPrefix(name, prefix)
			}
			if outsideFunctions[name] {
				better(Reach{Kind: ReachFunction, Name: name})
			}
		}
	}
	return best
}

// ddeProgram returns the program of a DDE call, the name before its |:
// cmd for cmd|' /C calc'!A0.
func ddeProgram(before []rune) string {
	j := len(before)
	for j > 0 && !strings.ContainsRune("=+-*/^&(,;<> ", before[j-1]) {
		j--
	}
	return strings.Trim(string(before[j:]), "'\"")
}

// bookName reports whether bracketed text names a workbook file.
func bookName(s string) bool {
	s = strings.ToLower(s)
	for _, ext := range []string{".xls", ".xlsx", ".xlsm", ".xlsb", ".csv", ".et", ".ods"} {
		if strings.HasSuffix(s, ext) {
			return true
		}
	}
	return strings.ContainsAny(s, `\/`)
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
