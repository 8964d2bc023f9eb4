// Command badgen writes samples/bad: workbooks broken the ways real
// submissions are (not workbooks at all, encrypted, zip bombs, a million
// rows, renamed sheets and headers, merged cells, formulas without results,
// error values, odd dates, amounts and units), each a mutation of the seed
// workbook or raw bytes, and samples/bad/expectations.json with the
// findings each must produce. Run it from the repository root (go run
// ./samples/badgen) or through go generate ./samples, after ./gen: the
// cases are built from samples/nanchang-2022.xlsx.
//
// Cases too large to commit are listed in the expectations but built by
// pipeline's bad-input test.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/perfeval/perfeval/samples/badgen/corpus"
)

func main() {
	dir := flag.String("dir", "", "samples folder (default: ./samples or . , whichever holds the seed workbook)")
	flag.Parse()
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "badgen:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	if dir == "" {
		dir = "samples"
		if _, err := os.Stat(filepath.Join(dir, "nanchang-2022.xlsx")); err != nil {
			dir = "."
		}
	}
	seed, err := os.ReadFile(filepath.Join(dir, "nanchang-2022.xlsx"))
	if err != nil {
		return fmt.Errorf("read seed workbook: %w", err)
	}
	return corpus.Write(filepath.Join(dir, "bad"), seed)
}
