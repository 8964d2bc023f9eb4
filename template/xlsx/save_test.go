package xlsx

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestSaveAtomic: the workbook lands whole, readable by all; a failure names
// the folder or the target, not the temporary file, and leaves nothing
// behind.
func TestSaveAtomic(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	dir := t.TempDir()
	out := filepath.Join(dir, "模板.xlsx")
	if err := SaveAtomic(f, out); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o644 {
		t.Fatalf("saved file mode %v, want 0644", info.Mode())
	}
	if g, err := excelize.OpenFile(out); err != nil {
		t.Errorf("saved workbook does not open: %v", err)
	} else {
		g.Close()
	}

	missing := filepath.Join(dir, "no-such-folder", "t.xlsx")
	err = SaveAtomic(f, missing)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Op != "open" || pe.Path != filepath.Dir(missing) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing folder: %v; want open %s: not exist, naming the folder", err, filepath.Dir(missing))
	}

	// A folder where the file should go: the rename fails, no temporary
	// file is left.
	blocked := filepath.Join(dir, "blocked.xlsx")
	if err := os.Mkdir(blocked, 0o755); err != nil {
		t.Fatal(err)
	}
	var le *os.LinkError
	if err := SaveAtomic(f, blocked); !errors.As(err, &le) || le.New != blocked {
		t.Errorf("onto a folder: %v; want the rename's *os.LinkError onto %s", err, blocked)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "模板.xlsx" && e.Name() != "blocked.xlsx" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestWriteFileAtomic: any other file lands whole and readable by all, over
// what was there before.
func TestWriteFileAtomic(t *testing.T) {
	out := filepath.Join(t.TempDir(), "reports.jsonl")
	for _, data := range [][]byte{[]byte("{\"a\":1}\n{\"b\":2}\n"), []byte("{\"c\":3}\n")} {
		if err := WriteFileAtomic(out, data); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(data) {
			t.Errorf("file holds %q, want %q", got, data)
		}
	}
	info, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", info.Mode())
	}
}

// TestSaveAtomicAsWriteTo: writing straight to the file (writeDirect)
// gives the bytes excelize's own buffered WriteTo gives, for a workbook
// with a streamed sheet and one held in memory.
func TestSaveAtomicAsWriteTo(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetCellStr("Sheet1", "B2", "审核结果"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("流"); err != nil {
		t.Fatal(err)
	}
	sw, err := f.NewStreamWriter("流")
	if err != nil {
		t.Fatal(err)
	}
	for r := 1; r <= 2000; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, []any{r, "第" + cell + "行", 0.5}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "汇总.xlsx")
	if err := SaveAtomic(f, out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("SaveAtomic wrote %d bytes unlike excelize's %d", len(got), want.Len())
	}
}

// TestBatch: files written into a batch are in place and whole at once,
// the batch keeps their handles (where the system renames open files) and
// one found in place, Sync makes them durable and lets them go, and Paths
// names only the files it wrote.
func TestBatch(t *testing.T) {
	dir := t.TempDir()
	var b Batch
	var paths []string
	for i, name := range []string{"a.json", "b.xlsx", "存档.xlsx"} {
		p := filepath.Join(dir, name)
		data := bytes.Repeat([]byte{byte('a' + i)}, 1000*(i+1))
		if err := WriteAtomic(p, &b, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
			t.Fatal(err)
		}
		if got, err := os.ReadFile(p); err != nil || !bytes.Equal(got, data) {
			t.Fatalf("%s: %d bytes, %v; want %d", name, len(got), err, len(data))
		}
		paths = append(paths, p)
	}
	found := filepath.Join(dir, "found.xlsx")
	if err := os.WriteFile(found, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := b.Keep(found); err != nil {
		t.Fatal(err)
	}
	if err := b.Keep(filepath.Join(dir, "missing.xlsx")); renameOpen && err == nil {
		t.Error("a file that is not there was kept")
	}
	if !slices.Equal(b.Paths(), paths) {
		t.Errorf("Paths %v, want the files written %v", b.Paths(), paths)
	}
	held := len(b.files)
	if want := map[bool]int{true: 4, false: 0}[renameOpen]; held != want {
		t.Errorf("the batch holds %d files, want %d", held, want)
	}
	if err := b.Sync(); err != nil {
		t.Fatal(err)
	}
	if len(b.files) != 0 {
		t.Errorf("%d files still held after Sync", len(b.files))
	}
	if err := b.Sync(); err != nil {
		t.Errorf("a second Sync: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("the folder holds %d entries, want the 4 files and no temporary one", len(entries))
	}
}
