package value

import (
	"errors"
	"fmt"
	"strings"
)

// ErrEmpty is the cause of the *SyntaxError that Parse, ParseNumber and
// ParseDate return for a cell holding nothing but white space; test for it
// with errors.Is.
var ErrEmpty = errors.New("empty value")

// SyntaxError is the error Parse, ParseNumber and ParseDate return for text
// they cannot read.
type SyntaxError struct {
	// Input is the text as given.
	Input string
	// Reason is the Chinese explanation for the department's accountant. It
	// starts with the quoted input or with a verb, so a check may show it alone
	// or after the field label: 实际完成值“约90%”不是数字，请填写数字或百分比（如 90%）.
	Reason string

	msg string // English, for Error
	err error  // ErrEmpty or nil
}

// Error returns an English, lower-case description such as
// `parse value "约90%": not a number`.
func (e *SyntaxError) Error() string {
	msg := e.msg
	if msg == "" {
		msg = "invalid syntax"
	}
	return fmt.Sprintf("parse value %q: %s", e.Input, msg)
}

// Unwrap returns ErrEmpty for an empty input, nil otherwise.
func (e *SyntaxError) Unwrap() error { return e.err }

// maxQuoted is how many runes of the input a Reason quotes; a cell that is a
// whole paragraph is cut so the message stays readable.
const maxQuoted = 30

// quote returns the input as the accountant typed it, white space collapsed,
// between Chinese quotation marks.
func quote(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxQuoted {
		s = string(r[:maxQuoted]) + "…"
	}
	return "“" + s + "”"
}

// syntaxError builds a *SyntaxError; reason is a format whose first verb is
// the quoted input.
func syntaxError(input, msg, reason string, args ...any) *SyntaxError {
	return &SyntaxError{
		Input:  input,
		Reason: fmt.Sprintf(reason, append([]any{quote(input)}, args...)...),
		msg:    msg,
	}
}

func emptyError(input string) *SyntaxError {
	return &SyntaxError{Input: input, Reason: "未填写内容，请填写", msg: "empty value", err: ErrEmpty}
}

// The reasons, shared by the parsers. Each takes the quoted input first.
const (
	reasonNotNumber    = "%s不是数字，请填写数字或百分比（如 90%%）"
	reasonNotNumberAmt = "%s不是数字，请填写数字（如 1,234.5）"
	reasonMalformed    = "%s不是有效的数字，请检查小数点和千分位（如 1,234.5）"
	reasonRange        = "%s是一个范围，请只填写一个值（如 ≥90%%）"
	reasonNotUnit      = "%s中数字后的“%s”不是计量单位，请只填写数字和单位（如 160个）"
	reasonAfterPercent = "%s中百分号后的“%s”无法识别，请只填写百分比（如 95%%）"
	reasonOpOnly       = "%s只有比较符号，缺少数值（如 ≥95%%）"
	reasonOpConflict   = "%s前后的比较符号相互矛盾，请只保留一个（如 ≥95%%）"
	reasonOpNotAllowed = "%s含有比较符号或“以上”“以下”等字样，这里只需填写数值"
	reasonDateNotAllow = "%s是日期，这里应填写数值"
	reasonUnknown      = "%s无法识别，请填写数值（如 ≥95%%）、日期（如 2022年12月31日）或评价等级（如 达成预期指标）"
	reasonBadDate      = "%s不是有效日期，请按 2022年12月31日 或 2022-12-31 填写"
	reasonBadMonth     = "%s不是有效日期：月份应为 1 到 12"
	reasonBadDay       = "%s不是有效日期：%d年%d月没有%d日"
	reasonAfterDate    = "%s中日期后的“%s”无法识别，请只填写日期，可加“前”（如 2022年12月31日前）"
	reasonOutOfRange   = "%s超出可识别的日期范围，请按 2022年12月31日 或 2022-12-31 填写"
	reasonFake1900     = "%s对应 Excel 中不存在的日期 1900年2月29日，请重新填写日期"
)
