package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/perfeval/perfeval/template/xlsx/xlsxtest"
	"github.com/richardlehane/mscfb"
	"github.com/xuri/excelize/v2"
)

// seedBytes returns the bytes of the filled sample workbook.
func seedBytes(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("../../samples/nanchang-2022.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// openBadBytes opens a workbook of the bad-input corpus through Open.
func openBadBytes(t testing.TB, name string) (*excelize.File, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../../samples/bad", name))
	if err != nil {
		t.Fatal(err)
	}
	return Open(data)
}

func TestOpenUnreadable(t *testing.T) {
	seed := seedBytes(t)
	encrypted := func() []byte {
		f, err := excelize.OpenReader(bytes.NewReader(seed))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "locked.xlsx")
		if err := f.SaveAs(path, excelize.Options{Password: "123456"}); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}()
	var zipNoWorkbook bytes.Buffer
	zw := zip.NewWriter(&zipNoWorkbook)
	w, _ := zw.Create("hello.txt")
	w.Write([]byte("不是工作簿"))
	zw.Close()

	tests := []struct {
		name   string
		data   []byte
		code   string
		reason string // a part of the reason
	}{
		{"empty file", nil, "not_xlsx", "空"},
		{"text renamed .xlsx", []byte("部门,得分\n南昌,94\n"), "not_xlsx", "文本"},
		{"HTML export", []byte("\ufeff <HTML><body><table><tr><td>1</td></tr></table></body></HTML>"), "not_xlsx", "网页"},
		{"Excel 2003 XML", []byte(`<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>`), "not_xlsx", "2003"},
		{"PDF", []byte("%PDF-1.7\n"), "not_xlsx", "PDF"},
		{"truncated", seed[:len(seed)/3], "not_xlsx", "损坏"},
		{"legacy .xls container", append(bytes.Clone(cfbMagic), make([]byte, 1024)...), "not_xlsx", ".xls"},
		{"zip without a workbook", zipNoWorkbook.Bytes(), "not_xlsx", "没有"},
		{"OpenDocument", zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}), "not_xlsx", ".ods"},
		{"binary workbook", zipOf(t, map[string]string{"xl/workbook.bin": "x"}), "not_xlsx", ".xlsb"},
		{"part that does not inflate", corruptPart(t, seed), "not_xlsx", "损坏"},
		{"part larger than declared", understated(t), "too_large", "声明"},
		{"too many parts", manyParts(t, maxParts+1), "too_large", "部件"},
		{"password encrypted", encrypted, "encrypted", "密码"},
		{"two parts of one name", duplicatePart(t, seed, "xl/worksheets/sheet5.xml"), "not_xlsx", "同名"},
		{"two parts whose names differ in case only", duplicatePart(t, seed, "xl/worksheets/Sheet5.xml"), "not_xlsx", "同名"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Open(tt.data)
			var ue *UnreadableError
			if !errors.As(err, &ue) {
				if f != nil {
					f.Close()
				}
				t.Fatalf("Open = %v, want an *UnreadableError", err)
			}
			if ue.Code != tt.code || !strings.Contains(ue.Reason, tt.reason) {
				t.Errorf("code %q reason %q, want code %q and a reason with %q", ue.Code, ue.Reason, tt.code, tt.reason)
			}
		})
	}
}

// zipOf returns a zip of the given parts, in name order.
func zipOf(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(parts)) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, parts[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// corruptPart flips bytes inside the compressed data of the seed's largest
// part, leaving the zip directory intact.
func corruptPart(t testing.TB, seed []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(seed), int64(len(seed)))
	if err != nil {
		t.Fatal(err)
	}
	var big *zip.File
	for _, zf := range zr.File {
		if big == nil || zf.CompressedSize64 > big.CompressedSize64 {
			big = zf
		}
	}
	off, err := big.DataOffset()
	if err != nil {
		t.Fatal(err)
	}
	// Which flipped bytes break the deflate stream, rather than make it
	// inflate to more than declared, depends on the sample: the first
	// place, from the middle on, whose part fails to inflate is used.
	for at := off + int64(big.CompressedSize64)/2; at+8 < off+int64(big.CompressedSize64); at += 8 {
		out := bytes.Clone(seed)
		for i := range int64(8) {
			out[at+i] ^= 0xFF
		}
		r := flate.NewReader(bytes.NewReader(out[off : off+int64(big.CompressedSize64)]))
		n, err := io.Copy(io.Discard, io.LimitReader(r, int64(big.UncompressedSize64)+1))
		if err != nil && n <= int64(big.UncompressedSize64) {
			return out
		}
	}
	t.Fatal("no corruption of the seed's largest part fails to inflate")
	return nil
}

// understated returns a zip whose only part inflates to 64 KB but is
// declared as 100 bytes, with a true CRC: the shape of a zip bomb that
// lies to excelize's size limit.
func understated(t testing.TB) []byte {
	t.Helper()
	content := bytes.Repeat([]byte("<row/>"), 64<<10/6)
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write(content)
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CRC32: crc32.ChecksumIEEE(content), CompressedSize64: uint64(comp.Len()), UncompressedSize64: 100})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// duplicatePart returns the seed with one more part named name, appended
// after the others: a second 绩效指标 sheet (xl/worksheets/sheet5.xml) with
// other figures, under the same name or one that differs in case only.
// excelize keeps the last of two parts of one name; another program may
// show the first.
func duplicatePart(t testing.TB, seed []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(seed), int64(len(seed)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var sheet []byte
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if zf.Name == "xl/worksheets/sheet5.xml" {
			sheet = data
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if sheet == nil {
		t.Fatal("the seed has no xl/worksheets/sheet5.xml")
	}
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(bytes.ReplaceAll(sheet, []byte("289"), []byte("290")))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func manyParts(t testing.TB, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := range n {
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: strconv.Itoa(i), Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestLegacyContainers makes sure the corpus's .xls and .et files are
// compound files that mscfb parses, with a Workbook stream, so that they
// test the reader's tell between a legacy workbook and an encrypted one,
// not only its check of the magic number.
func TestLegacyContainers(t *testing.T) {
	for _, name := range []string{"legacy-xls.xlsx", "wps-et.xlsx"} {
		data, err := os.ReadFile(filepath.Join("../../samples/bad", name))
		if err != nil {
			t.Fatal(err)
		}
		r, err := mscfb.New(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: mscfb: %v", name, err)
		}
		var streams []string
		for e, err := r.Next(); err == nil; e, err = r.Next() {
			streams = append(streams, e.Name)
		}
		if !slices.Contains(streams, "Workbook") {
			t.Errorf("%s has streams %q, want a Workbook stream", name, streams)
		}
		var ue *UnreadableError
		if _, err := Open(data); !errors.As(err, &ue) || ue.Code != "not_xlsx" || !strings.Contains(ue.Reason, ".xls") {
			t.Errorf("%s: Open = %v, want not_xlsx naming .xls", name, err)
		}
	}
}

// TestOpenTooLarge: a sheet past maxSheetCells, with values far below or
// right of the table, is not opened at all, and the reason names it.
func TestOpenTooLarge(t *testing.T) {
	for _, name := range []string{"rows-1m.xlsx", "wide-cells.xlsx", "extra-sheet-1m.xlsx"} {
		var ue *UnreadableError
		if _, err := openBadBytes(t, name); !errors.As(err, &ue) || ue.Code != "too_large" || !strings.Contains(ue.Reason, "工作表“") {
			t.Errorf("%s: Open = %v, want too_large naming the sheet", name, err)
		}
	}
}

// TestOpenKeptAsExcelize opens every sample and bad-input workbook that has
// a Book the way Workbook.Excel does (the kept worksheets and shared
// strings handed to excelize as copies) and with excelize reading the whole
// zip: the two must agree on the sheets, every sheet's rows, every cell
// style (whose theme colours GetStyle resolves), and every part of the
// saved workbook, the theme among them; most are given the parsed theme
// of a workbook opened before. The Book's parts must stay as they were,
// with a strict-namespace sheet too, which excelize rewrites as it reads
// it.
func TestOpenKeptAsExcelize(t *testing.T) {
	var paths []string
	for _, glob := range []string{"../../samples/*.xlsx", "../../samples/project/*.xlsx", "../../samples/bad/*.xls[xm]"} {
		found, _ := filepath.Glob(glob)
		paths = append(paths, found...)
	}
	type workbook struct {
		name string
		data []byte
	}
	var books []workbook
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		books = append(books, workbook{filepath.Base(path), data})
	}
	const transitional, strict = "http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"
	books = append(books, workbook{"strict", xlsxtest.Rezip(t, seedBytes(t), map[string][][2]string{
		"xl/worksheets/sheet1.xml": {{transitional, strict}},
		"xl/sharedStrings.xml":     {{transitional, strict}},
	}, nil)})
	opened, donated := 0, 0
	themes := NewThemes()
	for _, b := range books {
		t.Run(b.name, func(t *testing.T) {
			wb, err := OpenWorkbook(b.data)
			if err != nil || wb.Book() == nil {
				if b.name == "strict" {
					t.Fatalf("the strict-namespace workbook has no Book (%v)", err)
				}
				return // unreadable, or opened by excelize alone (openPackage)
			}
			defer wb.Close()
			opened++
			wb.ShareThemes(themes)
			if themes.get(wb.parts[themePart]) != nil {
				donated++
			}
			before := maps.Clone(wb.parts)
			for name, part := range before {
				before[name] = bytes.Clone(part)
			}
			f, err := wb.Excel()
			if err != nil {
				t.Fatal(err)
			}
			ref, err := openExcelize(b.data, wb.trimmed, wb.names)
			if err != nil {
				t.Fatal(err)
			}
			defer ref.Close()
			if f.SheetCount != ref.SheetCount || !slices.Equal(f.GetSheetList(), ref.GetSheetList()) {
				t.Fatalf("sheets %d %q, excelize %d %q", f.SheetCount, f.GetSheetList(), ref.SheetCount, ref.GetSheetList())
			}
			for _, sheet := range ref.GetSheetList() {
				got, err1 := f.GetRows(sheet)
				want, err2 := ref.GetRows(sheet)
				if !slices.EqualFunc(got, want, slices.Equal) || (err1 == nil) != (err2 == nil) {
					t.Fatalf("%s: rows %q (%v), excelize %q (%v)", sheet, got, err1, want, err2)
				}
			}
			for id := 0; ; id++ {
				got, err1 := f.GetStyle(id)
				want, err2 := ref.GetStyle(id)
				if !reflect.DeepEqual(got, want) || (err1 == nil) != (err2 == nil) {
					t.Fatalf("style %d: %+v (%v), excelize %+v (%v)", id, got, err1, want, err2)
				}
				if err2 != nil {
					break
				}
			}
			for name, part := range before {
				if !bytes.Equal(wb.parts[name], part) {
					t.Errorf("the Book's %s changed as excelize read it", name)
				}
			}
			got, want := savedParts(t, f), savedParts(t, ref)
			if !maps.EqualFunc(got, want, bytes.Equal) {
				for name := range want {
					if !bytes.Equal(got[name], want[name]) {
						t.Errorf("saved %s differs:\n%.300s\nexcelize:\n%.300s", name, got[name], want[name])
					}
				}
				t.Errorf("saved parts %q, excelize %q", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
			}
		})
	}
	if opened < 20 || donated < opened/2 {
		t.Errorf("only %d workbooks opened with a Book, %d of them with a parsed theme", opened, donated)
	}
}

// savedParts saves f in memory and returns its parts, inflated, by name.
func savedParts(t *testing.T, f *excelize.File) map[string][]byte {
	t.Helper()
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, p := range storedParts(t, buf.Bytes()) {
		parts[p.name] = p.data
	}
	return parts
}
