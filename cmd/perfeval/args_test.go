package main

import (
	"encoding/json"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestFlagsFirst(t *testing.T) {
	app := newApp(io.Discard, io.Discard)
	tests := []struct {
		args, want string
	}{
		{"perfeval check a.xlsx --json", "perfeval check --json -- a.xlsx"},
		{"perfeval check a.xlsx --rules r.yaml b.xlsx", "perfeval check --rules r.yaml -- a.xlsx b.xlsx"},
		{"perfeval check a.xlsx --rules=r.yaml", "perfeval check --rules=r.yaml -- a.xlsx"},
		{"perfeval --log-level debug check a.xlsx --annotate out", "perfeval --log-level debug check --annotate out -- a.xlsx"},
		{"perfeval check --json a.xlsx", "perfeval check --json -- a.xlsx"},
		{"perfeval check a.xlsx -- --json -", "perfeval check -- a.xlsx --json -"},
		{"perfeval check a.xlsx --jsn", "perfeval check --jsn -- a.xlsx"}, // left for the parser to reject
		{"perfeval template -o t.xlsx --year 2022", "perfeval template -o t.xlsx --year 2022"},
		{"perfeval frobnicate --x", "perfeval frobnicate --x"},
		{"perfeval", "perfeval"},
	}
	for _, tt := range tests {
		got := strings.Join(flagsFirst(app, strings.Fields(tt.args)), " ")
		if got != tt.want {
			t.Errorf("flagsFirst(%s) = %s, want %s", tt.args, got, tt.want)
		}
	}
}

// TestCheckOptionsAfterFiles: options after the file names count, so a
// script asking for JSON gets JSON.
func TestCheckOptionsAfterFiles(t *testing.T) {
	code, out, errOut := perfeval(t, "check", seed, "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, out)
	}
	if rep["total"] != "94.44" {
		t.Errorf("total = %v, want 94.44", rep["total"])
	}
	code, _, errOut = perfeval(t, "check", seed, "--jsn")
	if code != exitFailure || !slices.Contains(strings.Split(errOut, "\n"), "perfeval: 没有 --jsn 这个选项；用法见 perfeval check --help") {
		t.Errorf("unknown option after a file: exit %d, stderr %q", code, errOut)
	}
}

func TestExpandPatterns(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b.xlsx", "a.xlsx", "c.txt", "[1].xlsx"} {
		writeFile(t, filepath.Join(dir, name), nil)
	}
	j := func(names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, filepath.Join(dir, n))
		}
		return out
	}
	tests := []struct {
		args, want []string
	}{
		{j("*.xlsx"), j("[1].xlsx", "a.xlsx", "b.xlsx")},
		{j("?.xlsx", "c.txt"), j("a.xlsx", "b.xlsx", "c.txt")},
		{j("[1].xlsx"), j("[1].xlsx")}, // an existing name, not a pattern
		{j("*.xls"), j("*.xls")},       // nothing matches: reported as not found
		{j("nosuch.xlsx"), j("nosuch.xlsx")},
	}
	for _, tt := range tests {
		if got := expandPatterns(tt.args); !slices.Equal(got, tt.want) {
			t.Errorf("expandPatterns(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}
