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

// The operations of template that can fail on the machine. Other packages
// declare their own Op values beside the code that fails (rulebook's
// OpReadRulebook, pipeline's OpCheck, …); the command line words them all.
const (
	OpOpenWorkbook     Op = "open workbook"
	OpGenerateWorkbook Op = "generate workbook"
	OpWriteTemplate    Op = "write template"
)
