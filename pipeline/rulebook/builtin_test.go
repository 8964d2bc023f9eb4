package rulebook

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/perfeval/perfeval/template"
)

// TestBuiltins loads every built-in rulebook, checks that its audits
// compile against its form's layout and that it prints back to itself.
func TestBuiltins(t *testing.T) {
	infos := Builtins()
	if len(infos) < 2 || infos[0].ID != DefaultRulebook().ID {
		t.Fatalf("Builtins() = %+v, want the default first and the bundled ones after it", infos)
	}
	for _, info := range infos {
		t.Run(info.ID, func(t *testing.T) {
			rb, err := Builtin(info.ID)
			if err != nil {
				t.Fatal(err)
			}
			if rb.ID != info.ID {
				t.Errorf("file %s.yaml has id %q", info.ID, rb.ID)
			}
			if template.LayoutFor(rb.Form) == nil {
				t.Errorf("form %q has no layout", rb.Form)
			}
			if _, err := rb.CompiledAudits(rb.Layout()); err != nil {
				t.Errorf("audits: %v", err)
			}
			out, err := FormatRulebook(rb)
			if err != nil {
				t.Fatal(err)
			}
			again, err := ParseRulebook("printed.yaml", out)
			if err != nil {
				t.Fatalf("printed rulebook does not parse: %v\n%s", err, out)
			}
			out2, _ := FormatRulebook(again)
			if !bytes.Equal(out, out2) {
				t.Errorf("printing is not stable:\n%s\n---\n%s", out, out2)
			}
		})
	}
	if _, err := Builtin("../default"); !errors.Is(err, ErrRulebook) {
		t.Errorf("Builtin(../default) = %v, want ErrRulebook", err)
	}
}

// TestProjectFileInheritsProjectRules: a project rulebook takes the keys it
// leaves out from the Ministry's project rules, not from the department
// default (whose audits name 决算收支 cells a project form does not have).
func TestProjectFileInheritsProjectRules(t *testing.T) {
	rb, err := ParseRulebook("p.yaml", []byte("id: p\nname: 测试项目规则\nform: project\nbudget:\n  rounding: {places: 0, mode: half_up}\n"))
	if err != nil {
		t.Fatal(err)
	}
	def := DefaultFor(template.FormProject)
	if rb.Budget.Method != def.Budget.Method || len(rb.Levels) != len(def.Levels) || !rb.Levels[0].Weight.Equal(def.Levels[0].Weight) {
		t.Errorf("project file did not inherit the project rules: budget %s, levels %+v", rb.Budget.Method, rb.Levels)
	}
	if rb.Budget.Rounding.Places != 0 {
		t.Errorf("rounding places = %d, want the file's 0", rb.Budget.Rounding.Places)
	}
	if rb.Layout() != template.Project {
		t.Errorf("layout = %s, want project", rb.Layout().Kind)
	}
}

func TestQualitativeBands(t *testing.T) {
	rb := DefaultFor(template.FormProject)
	var band *Qualitative
	for i := range rb.Indicators.Qualitative {
		if rb.Indicators.Qualitative[i].Word == "部分达成" {
			band = &rb.Indicators.Qualitative[i]
		}
	}
	if band == nil || !band.Band || band.From.Percent() != "60%" || band.To.Percent() != "80%" {
		t.Fatalf("部分达成 = %+v, want a band from 60%% to 80%%", band)
	}
	for _, tc := range []struct{ name, yaml, want string }{
		{"from above to", "    达成: {from: 90%, to: 80%}\n", "下限 90% 高于上限 80%"},
		{"to missing", "    达成: {from: 80%}\n", "缺少 to（区间上限）"},
		{"above 100", "    达成: {from: 80%, to: 120%}\n", "上限 to 不能超过 100%"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRulebook("q.yaml", []byte("id: q\nname: 测试\nform: project\nindicators:\n  qualitative:\n"+tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}
