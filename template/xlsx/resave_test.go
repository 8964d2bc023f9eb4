package xlsx

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

// storedPart is one part of a zip: its name, inflated contents, and stored
// (compressed) bytes.
type storedPart struct {
	name        string
	data, store []byte
	method      uint16
}

func storedParts(t testing.TB, data []byte) []storedPart {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out []storedPart
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatalf("%s: %v", zf.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", zf.Name, err)
		}
		raw, err := zf.OpenRaw()
		if err != nil {
			t.Fatal(err)
		}
		s, err := io.ReadAll(raw)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, storedPart{name: zf.Name, data: b, store: s, method: zf.Method})
	}
	return out
}

// TestSaveAtomicFrom: the copy holds the parts SaveAtomic writes, in its
// order, with the same contents; a part excelize writes as the original
// holds it is the original's stored bytes, every other part is compressed
// anew; without the original every part is.
func TestSaveAtomicFrom(t *testing.T) {
	orig := seedBytes(t)
	change := func(f *excelize.File) {
		t.Helper()
		if err := f.SetCellStr("基本信息", "A1", "改过的标题"); err != nil {
			t.Fatal(err)
		}
	}
	open := func() *excelize.File {
		t.Helper()
		f, err := Open(orig)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		change(f)
		return f
	}
	dir := t.TempDir()
	plain, reused, none := filepath.Join(dir, "plain.xlsx"), filepath.Join(dir, "reused.xlsx"), filepath.Join(dir, "none.xlsx")
	if err := SaveAtomic(open(), plain); err != nil {
		t.Fatal(err)
	}
	if err := SaveAtomicFrom(open(), reused, orig, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := SaveAtomicFrom(open(), none, nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	// With the one pass's Book, whose inflated parts are compared as they
	// are: the same file.
	booked := filepath.Join(dir, "booked.xlsx")
	wb, err := OpenWorkbook(orig)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	bf, err := wb.Excel()
	if err != nil {
		t.Fatal(err)
	}
	change(bf)
	if wb.Book() == nil {
		t.Fatal("the seed form is not read as a Book")
	}
	if err := SaveAtomicFrom(bf, booked, orig, wb.Book(), nil); err != nil {
		t.Fatal(err)
	}
	read := func(path string) []storedPart {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v (%v), want 0644", path, info.Mode(), err)
		}
		return storedParts(t, data)
	}
	want := read(plain)
	before := map[string]storedPart{}
	for _, p := range storedParts(t, orig) {
		before[p.name] = p
	}
	for _, c := range []struct {
		path   string
		reused bool
	}{{reused, true}, {none, false}, {booked, true}} {
		got := read(c.path)
		names := func(ps []storedPart) []string {
			var out []string
			for _, p := range ps {
				out = append(out, p.name)
			}
			return out
		}
		if !slices.Equal(names(got), names(want)) {
			t.Fatalf("%s: parts %v, want SaveAtomic's %v", c.path, names(got), names(want))
		}
		copied := 0
		for i, p := range got {
			if !bytes.Equal(p.data, want[i].data) {
				t.Errorf("%s: part %s differs from SaveAtomic's", c.path, p.name)
			}
			o, ok := before[p.name]
			same := ok && bytes.Equal(o.data, p.data)
			asStored := ok && o.method == p.method && bytes.Equal(o.store, p.store)
			switch {
			case c.reused && same && !asStored:
				t.Errorf("%s: unchanged part %s compressed again, want the original's stored bytes", c.path, p.name)
			case p.name == "xl/worksheets/sheet2.xml" && (same || asStored):
				t.Errorf("%s: changed part %s is the original's", c.path, p.name)
			case !c.reused && asStored && len(p.data) > 0:
				t.Errorf("%s: without the original, part %s is still the original's stored bytes", c.path, p.name)
			}
			if asStored {
				copied++
			}
		}
		if c.reused && copied == 0 {
			t.Errorf("%s: no part copied as stored", c.path)
		}
	}
	if g, err := excelize.OpenFile(reused); err != nil {
		t.Errorf("copy does not open: %v", err)
	} else {
		defer g.Close()
		if v, _ := g.GetCellValue("基本信息", "A1"); v != "改过的标题" {
			t.Errorf("基本信息!A1 = %q, want the change", v)
		}
	}
}

// TestSaveAtomicFromNotSame: a part whose size and checksum agree with what
// the original's header says, but that inflates to other bytes, is
// compressed anew; a stored (uncompressed) part that is the same is copied
// stored, and a part the original lacks is compressed.
func TestSaveAtomicFromNotSame(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range []struct {
		name   string
		data   string
		method uint16
	}{{"a.xml", "<a>same</a>", zip.Deflate}, {"b.xml", "<b>stored</b>", zip.Store}, {"c.xml", "<c>other</c>", zip.Deflate}} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: p.method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, p.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	orig := buf.Bytes()
	zr, err := zip.NewReader(bytes.NewReader(orig), int64(len(orig)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]*zip.File{}
	for _, zf := range zr.File {
		parts[zf.Name] = zf
	}
	// c.xml's header claims the contents written below.
	parts["c.xml"].CRC32 = crc32.ChecksumIEEE([]byte("<c>new!!</c>"))
	var out bytes.Buffer
	z := newReusingZip(&out, orig, parts)
	for _, p := range []struct{ name, data string }{{"a.xml", "<a>same</a>"}, {"b.xml", "<b>stored</b>"}, {"c.xml", "<c>new!!</c>"}, {"d.xml", "<d/>"}} {
		w, err := z.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, p.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	got := storedParts(t, out.Bytes())
	want := map[string]string{"a.xml": "<a>same</a>", "b.xml": "<b>stored</b>", "c.xml": "<c>new!!</c>", "d.xml": "<d/>"}
	methods := map[string]uint16{"a.xml": zip.Deflate, "b.xml": zip.Store, "c.xml": zip.Deflate, "d.xml": zip.Deflate}
	if len(got) != len(want) {
		t.Fatalf("%d parts, want %d", len(got), len(want))
	}
	for _, p := range got {
		if string(p.data) != want[p.name] || p.method != methods[p.name] {
			t.Errorf("%s = %q (method %d), want %q (method %d)", p.name, p.data, p.method, want[p.name], methods[p.name])
		}
	}
}
