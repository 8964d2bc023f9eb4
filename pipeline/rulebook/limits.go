package rulebook

import (
	"fmt"

	"github.com/goccy/go-yaml/token"
)

// Limits bound what loading one rulebook file may cost. A real rulebook is a
// few kilobytes with a handful of audits (the default, with its comments,
// is under 10 KB with four); each limit is far above that and far below
// what would tie up the machine. The YAML parser holds some 200 bytes for
// every token of the file, and its time grows with the square of the keys
// of one mapping or of what one line nests ("a: b: c: …", "[[[…"), so the
// size bounds the memory and the tokens bound the time.
const (
	// MaxRulebookSize is the largest rulebook file read, in bytes.
	MaxRulebookSize = 256 << 10
	// MaxAudits is the most audit formulas a rulebook may hold.
	MaxAudits = 500
	// MaxAuditExpr is the longest audit formula, in characters.
	MaxAuditExpr = 2000
	// maxRulebookTokens is the most YAML tokens (keys, values, colons, list
	// dashes, brackets; comments are free) a rulebook may hold. MaxAudits
	// audits with every key written take some 8,000.
	maxRulebookTokens = 20_000
	// maxRulebookDepth is how deep [ ] and { } may nest: a real rulebook
	// nests them three deep, and ten thousand cost the parser 200 MB.
	maxRulebookDepth = 32
	// maxReviewer is the longest reviewer name, in characters: it heads a
	// comment box on one line.
	maxReviewer = 20
)

// checkTokens refuses a file of more than maxRulebookTokens tokens, or with
// brackets nested deeper than maxRulebookDepth, before the YAML parser
// spends its time on them, at the line where the excess begins.
func (d *rulebookDecoder) checkTokens(tokens token.Tokens) *RulebookError {
	n, depth := 0, 0
	for _, tk := range tokens {
		line := 1
		if tk.Position != nil {
			line = tk.Position.Line
		}
		switch tk.Type {
		case token.CommentType:
			continue
		case token.SequenceStartType, token.MappingStartType:
			if depth++; depth > maxRulebookDepth {
				return &RulebookError{File: d.file, Line: line, Reason: fmt.Sprintf("方括号 [ ] 或花括号 { } 嵌套超过 %d 层，请检查括号是否成对", maxRulebookDepth)}
			}
		case token.SequenceEndType, token.MappingEndType:
			depth = max(depth-1, 0)
		}
		if n++; n > maxRulebookTokens {
			return &RulebookError{File: d.file, Line: line, Reason: fmt.Sprintf("规则文件的内容过多：到这一行已超过 %d 项（键、值、列表项和括号），不像是评分规则文件；请确认指定的是评分规则文件", maxRulebookTokens)}
		}
	}
	return nil
}
