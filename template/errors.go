package template

// OpError is a failure of the program or the machine, not of a workbook's
// content, while doing Op on Path: reading a file, writing a copy. Its Error
// is English, for logs and for callers; the command line words it in Chinese
// for the person at the terminal (see cmd/perfeval describeError). Problems in
// a workbook are findings, never errors.
type OpError struct {
	Op   Op
	Path string // "" when the operation has no file of its own
	Err  error
}

func (e *OpError) Error() string {
	if e.Path == "" {
		return string(e.Op) + ": " + e.Err.Error()
	}
	return string(e.Op) + " " + e.Path + ": " + e.Err.Error()
}

func (e *OpError) Unwrap() error { return e.Err }

// Op names what was being done when an OpError happened.
type Op string

// The operations of perfeval that can fail on the machine.
const (
	OpOpenWorkbook     Op = "open workbook"
	OpGenerateWorkbook Op = "generate workbook"
	OpWriteTemplate    Op = "write template"
	OpCheck            Op = "check"
	OpAnnotate         Op = "annotate"
	OpBuildAnnotated   Op = "build annotated copy"
	OpWriteAnnotated   Op = "write annotated copy"
	OpCreateFolder     Op = "create folder"
	OpReadSample       Op = "read sample"
	OpWriteSample      Op = "write sample"
	OpWriteReport      Op = "write report"
	OpReadRulebook     Op = "read rulebook"
)

// Ops lists every Op, for the tests that hold each to a Chinese wording.
var Ops = []Op{OpOpenWorkbook, OpGenerateWorkbook, OpWriteTemplate, OpCheck, OpAnnotate,
	OpBuildAnnotated, OpWriteAnnotated, OpCreateFolder, OpReadSample, OpWriteSample, OpWriteReport, OpReadRulebook}
