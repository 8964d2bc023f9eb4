// Package xlsxtest holds what tests of the workbook packages share: building
// workbooks excelize cannot write, by editing a package's parts directly,
// describing what a reader finds in a workbook (Describe), and printing
// workbooks to PDF through LibreOffice to look at the pages.
// Like net/http/httptest, it is for tests only, and it imports nothing of
// perfeval, so that the tests of template/xlsx itself can use it.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
)

// Rezip returns the workbook data with its parts edited: in each part
// named in edits, each old text replaced by the new once (the test fails
// when a part lacks it), and the parts in added written as well.
func Rezip(t testing.TB, data []byte, edits map[string][][2]string, added map[string]string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		part, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range edits[zf.Name] {
			if !bytes.Contains(part, []byte(e[0])) {
				t.Fatalf("%s has no %q", zf.Name, e[0])
			}
			part = bytes.Replace(part, []byte(e[0]), []byte(e[1]), 1)
		}
		if err := write(zw, zf.Name, part); err != nil {
			t.Fatal(err)
		}
	}
	for name, text := range added {
		if err := write(zw, name, []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func write(zw *zip.Writer, name string, data []byte) error {
	w, err := zw.Create(name)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}
