package narrative

import (
	_ "embed"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"
)

//go:embed texts.tmpl
var defaultTexts string

// projectTexts are the project report's templates (项目支出绩效自评报告),
// named p_…, in the same set as the department report's: --text overrides
// either.
//
//go:embed project.tmpl
var projectTexts string

// sourceNames are the embedded files, whose text outside any define is no
// template of the report.
var sourceNames = []string{"texts.tmpl", "project.tmpl"}

// Texts are the report's text templates: the embedded texts.tmpl, with
// any of them replaced by a file of the bureau's (LoadTexts).
type Texts struct {
	t *template.Template
}

// TextsError is a problem with a file of text templates: its path, the
// line (0 when not known) and the reason, in Chinese for the person who
// wrote the file.
type TextsError struct {
	Path   string
	Line   int
	Reason string
}

func (e *TextsError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("文字模板文件 %s 第 %d 行：%s", e.Path, e.Line, e.Reason)
	}
	return fmt.Sprintf("文字模板文件 %s：%s", e.Path, e.Reason)
}

// funcs are the functions the templates may call besides text/template's.
var funcs = template.FuncMap{
	"trimSuffix": func(s, suffix string) string { return strings.TrimSuffix(s, suffix) },
}

// DefaultTexts returns the embedded text templates.
func DefaultTexts() *Texts {
	// The embedded file is tested to parse (TestDefaultTextsParse): a
	// failure here is a build that should never have passed.
	t, err := template.New("texts.tmpl").Funcs(funcs).Parse(defaultTexts)
	if err != nil {
		panic(fmt.Sprintf("embedded texts.tmpl: %v", err))
	}
	if _, err := t.New("project.tmpl").Parse(projectTexts); err != nil {
		panic(fmt.Sprintf("embedded project.tmpl: %v", err))
	}
	return &Texts{t: t}
}

// LoadTexts returns the embedded templates with those defined in the file
// at path put in their place; "" gives the embedded ones. A define of a
// name the embedded file does not have, or a syntax error, is a
// *TextsError; the file may redefine any number of the templates.
func LoadTexts(path string) (*Texts, error) {
	base := DefaultTexts()
	if path == "" {
		return base, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read text templates: %w", err)
	}
	return base.Override(path, string(data))
}

// Override returns the templates with those defined in src replaced; name
// names src in errors.
func (tx *Texts) Override(name, src string) (*Texts, error) {
	ov, err := template.New(name).Funcs(funcs).Parse(src)
	if err != nil {
		return nil, textsError(name, err)
	}
	t, err := tx.t.Clone()
	if err != nil {
		return nil, err
	}
	var names []string
	for _, d := range ov.Templates() {
		if d.Name() == name {
			continue // the file's text outside any define
		}
		if t.Lookup(d.Name()) == nil {
			return nil, &TextsError{Path: name, Line: defineLine(src, d.Name()), Reason: fmt.Sprintf("没有名为“%s”的段；可以改写的段见内置模板（perfeval report --show-text）", d.Name())}
		}
		names = append(names, d.Name())
	}
	if len(names) == 0 {
		return nil, &TextsError{Path: name, Reason: "文件中没有 {{define \"段名\"}}…{{end}}，没有可替换的段"}
	}
	slices.Sort(names)
	for _, n := range names {
		if _, err := t.AddParseTree(n, ov.Lookup(n).Tree); err != nil {
			return nil, textsError(name, err)
		}
	}
	return &Texts{t: t}, nil
}

// Names returns the names of the templates, sorted.
func (tx *Texts) Names() []string {
	var names []string
	for _, t := range tx.t.Templates() {
		if !slices.Contains(sourceNames, t.Name()) {
			names = append(names, t.Name())
		}
	}
	slices.Sort(names)
	return names
}

// DefaultSource returns the embedded texts.tmpl and project.tmpl, for a
// bureau to copy the templates it rewrites from.
func DefaultSource() string { return defaultTexts + "\n" + projectTexts }

// execute runs the named template on data.
func (tx *Texts) execute(name string, data any) (string, error) {
	var b strings.Builder
	if err := tx.t.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("text template %q: %w", name, err)
	}
	return b.String(), nil
}

var lineOf = regexp.MustCompile(`:(\d+):`)

// textsError turns a text/template error into a TextsError with its line.
func textsError(path string, err error) *TextsError {
	msg := err.Error()
	line := 0
	if m := lineOf.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		if i := strings.Index(msg, m[0]); i >= 0 {
			msg = strings.TrimSpace(msg[i+len(m[0]):])
		}
	}
	return &TextsError{Path: path, Line: line, Reason: "模板语法有误：" + msg}
}

// defineLine returns the line of src that defines name, or 0.
func defineLine(src, name string) int {
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, `define "`+name+`"`) {
			return i + 1
		}
	}
	return 0
}
