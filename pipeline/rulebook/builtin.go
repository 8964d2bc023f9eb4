package rulebook

import (
	"embed"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/perfeval/perfeval/template"
)

// bundled holds the rulebooks that ship with perfeval besides the default:
// the Ministry of Finance's project form and the variants found in
// published forms. Each one writes every key.
//
//go:embed bundled/*.yaml
var bundled embed.FS

// ProjectDefaultID is the built-in rulebook of the project form
// (财预〔2020〕10号): a project rulebook file takes the keys it leaves out
// from it, and a project workbook checked without --rules is scored by it.
const ProjectDefaultID = "mof-project-2020"

// BuiltinInfo describes one built-in rulebook.
type BuiltinInfo struct {
	ID, Name, Form string
}

// Builtins lists the built-in rulebooks, the default first, then the
// bundled ones by id.
func Builtins() []BuiltinInfo {
	def := DefaultRulebook()
	out := []BuiltinInfo{{def.ID, def.Name, def.Form}}
	for _, id := range bundledIDs() {
		rb, err := Builtin(id)
		if err != nil {
			panic(err) // the package tests load every bundled file
		}
		out = append(out, BuiltinInfo{rb.ID, rb.Name, rb.Form})
	}
	return out
}

func bundledIDs() []string {
	entries, _ := bundled.ReadDir("bundled")
	var ids []string
	for _, e := range entries {
		ids = append(ids, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	slices.Sort(ids)
	return ids
}

// IsBuiltin reports whether id names a built-in rulebook.
func IsBuiltin(id string) bool {
	return id == template.DefaultRulebookID || slices.Contains(bundledIDs(), id)
}

// Builtin returns a fresh copy of the built-in rulebook with the given id.
// Its Source is "" for the default and the id for a bundled one. An
// unknown id is an error matching ErrRulebook.
func Builtin(id string) (*Rulebook, error) {
	if id == template.DefaultRulebookID {
		return DefaultRulebook(), nil
	}
	data, err := bundled.ReadFile(path.Join("bundled", id+".yaml"))
	if err != nil || strings.ContainsAny(id, `/\`) {
		return nil, &RulebookError{File: id, Reason: fmt.Sprintf("没有编号为“%s”的内置评分规则；内置规则有：%s", id, strings.Join(builtinIDs(), "、"))}
	}
	rb, err := parseRulebook(id, data, DefaultRulebook())
	if err != nil {
		return nil, fmt.Errorf("bundled rulebook %s: %w", id, err)
	}
	return rb, nil
}

func builtinIDs() []string {
	return append([]string{template.DefaultRulebookID}, bundledIDs()...)
}

// DefaultFor returns the rulebook a form kind is checked by when no file is
// given: the default for the department form, ProjectDefaultID for the
// project form.
func DefaultFor(form string) *Rulebook {
	if form == template.FormProject {
		rb, err := Builtin(ProjectDefaultID)
		if err != nil {
			panic(err) // the package tests load every bundled file
		}
		return rb
	}
	return DefaultRulebook()
}

// peekForm returns the form: key of a rulebook's text, or "" when the text
// has none or does not parse (the full parse then says why).
func peekForm(data []byte) string {
	var head struct {
		Form string `yaml:"form"`
	}
	if err := yaml.Unmarshal(data, &head); err != nil {
		return ""
	}
	return strings.TrimSpace(head.Form)
}
