package pipeline_test

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/perfeval/perfeval"

// layers is the stack of the module's packages, lowest first (README, code
// map). A package imports only packages of lower layers: nothing imports
// upwards or sideways, so check never sees annotate or report, and nothing
// below the driver imports pipeline. A new package joins a layer here, or
// the test fails.
var layers = [][]string{
	{"internal/cputime", "template/xlsx/xlsxtest"}, // test support, below everything its tests use
	{"template/xlsx"},
	{"template"},
	{"pipeline/value"},
	{"pipeline/finding"},
	// The roster is the bureau's own list, read like a form (header by
	// text, located findings): it needs finding, template and value only, and
	// both the summary and distribute read it.
	{"pipeline/rulebook", "pipeline/roster"},
	{"pipeline/score"},
	{"pipeline/draft", "pipeline/explain"},
	{"pipeline/check"},
	{"pipeline/report"},
	{"pipeline/annotate"},
	{"pipeline"},
	// The technology packages (see technology) sit here, above the driver.
	{"pipeline/ledger"},
	{"pipeline/inbox", "pipeline/summary", "pipeline/mail", "pipeline/narrative", "pipeline/distribute"},
	{"pipeline/web"},
	{"pipeline/pipelinetest", "samples", "samples/badgen/corpus"},
	{"cmd/perfeval", "samples/gen", "samples/badgen", "samples/projectgen", "samples/benchgen"},
}

// technology are the packages that do something with finished reports:
// the ledger, the inbox (run and watch), the summary, mail, the Word
// report, the web page. They talk to the rest only through report.Report, finding and
// template types, and the driver that makes reports; never to the insides
// of the checks, the scorer, the rulebook or the annotation, nor to each
// other's. Packages to come join the list above and are held to it.
var technology = map[string][]string{
	"pipeline/ledger":     nil,
	"pipeline/inbox":      {"pipeline/ledger"},
	"pipeline/summary":    {"pipeline/ledger", "pipeline/roster"},
	"pipeline/mail":       {"pipeline/ledger", "pipeline/roster"},
	"pipeline/distribute": {"pipeline/roster"},
	"pipeline/narrative":  nil,
	"pipeline/web":        {"pipeline/ledger", "pipeline/summary", "pipeline/inbox", "pipeline/roster"},
}

// technologyMay are the packages every technology package may import: the
// types reports and findings are made of, the driver that makes them, and
// the rulebook a bureau hands the driver.
var technologyMay = []string{"template/xlsx", "template", "pipeline/finding", "pipeline/report", "pipeline/rulebook", "pipeline"}

// listedPackage is what go list says of a package.
type listedPackage struct {
	ImportPath string
	Imports    []string
}

// modulePackages lists the module's packages with their non-test imports.
func modulePackages(t *testing.T) []listedPackage {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", module+"/...")
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found %d packages: the listing is broken", len(pkgs))
	}
	return pkgs
}

// TestImportLayers holds every package to its layer.
func TestImportLayers(t *testing.T) {
	layerOf := map[string]int{}
	for i, l := range layers {
		for _, p := range l {
			layerOf[p] = i
		}
	}
	for _, p := range modulePackages(t) {
		name := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		at, ok := layerOf[name]
		if !ok {
			t.Errorf("package %s is in no layer: give it one in layers (and in the README's code map)", name)
			continue
		}
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, module+"/") {
				continue
			}
			dep := strings.TrimPrefix(imp, module+"/")
			if layerOf[dep] >= at {
				t.Errorf("%s imports %s, which is not below it", name, dep)
			}
			if may, ok := technology[name]; ok && !slices.Contains(technologyMay, dep) && !slices.Contains(may, dep) {
				t.Errorf("%s imports %s: a technology package talks only through report, finding and template types and the driver", name, dep)
			}
		}
	}
}

// TestImportLayersCatch: the rule is not vacuous. The check package is
// held below report and annotate, and the driver above everything it runs.
func TestImportLayersCatch(t *testing.T) {
	layerOf := map[string]int{}
	for i, l := range layers {
		for _, p := range l {
			layerOf[p] = i
		}
	}
	for _, bad := range [][2]string{
		{"pipeline/check", "pipeline/annotate"},
		{"pipeline/check", "pipeline/report"},
		{"pipeline/score", "pipeline"},
		{"template", "pipeline/finding"},
		{"pipeline/draft", "pipeline/explain"},
	} {
		if layerOf[bad[1]] < layerOf[bad[0]] {
			t.Errorf("%s may import %s", bad[0], bad[1])
		}
	}
	for name := range technology {
		if _, ok := layerOf[name]; !ok {
			t.Errorf("technology package %s has no layer", name)
		}
	}
}
