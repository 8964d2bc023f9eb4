package corpus

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"

	"github.com/xuri/excelize/v2"
)

// The builders of the cases of silent acceptances (issue #11, item 6).

// duplicatePart returns a build that appends to the seed's zip a second
// part with the same name as the worksheet of sheet, its cells edited: two
// versions of one sheet, of which excelize reads the last.
func duplicatePart(sheet string, edits ...cellEdit) func([]byte) ([]byte, error) {
	return func(seed []byte) ([]byte, error) {
		part, err := sheetPart(seed, sheet)
		if err != nil {
			return nil, err
		}
		other, err := partBytes(seed, part)
		if err != nil {
			return nil, err
		}
		for _, e := range edits {
			if other, err = setCellXML(other, e); err != nil {
				return nil, err
			}
		}
		zr, err := zipReader(seed)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(w, flate.BestCompression)
		})
		for _, zf := range zr.File {
			data, err := readPart(zf)
			if err != nil {
				return nil, err
			}
			if err := putPart(zw, zf.Name, data); err != nil {
				return nil, err
			}
		}
		if err := putPart(zw, part, other); err != nil {
			return nil, err
		}
		if err := zw.Close(); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
}

func hideCol(sheet, col string) func(*excelize.File) error {
	return func(f *excelize.File) error { return f.SetColVisible(sheet, col, false) }
}

// hideSheet hides a sheet, very hidden if very; the first sheet is made
// the active one, which Excel cannot hide.
func hideSheet(sheet string, very bool) func(*excelize.File) error {
	return func(f *excelize.File) error {
		f.SetActiveSheet(0)
		return f.SetSheetVisible(sheet, false, very)
	}
}

// copySheet adds a copy of a sheet, values and formats, at the end.
func copySheet(from, to string) func(*excelize.File) error {
	return func(f *excelize.File) error {
		i, err := f.NewSheet(to)
		if err != nil {
			return err
		}
		j, err := f.GetSheetIndex(from)
		if err != nil {
			return err
		}
		return f.CopySheet(j, i)
	}
}

// dateFormat gives a cell a built-in date number format (14 yyyy/m/d, 57
// yyyy"年"m"月"), keeping its value.
func dateFormat(sheet, cell string, numFmt int) func(*excelize.File) error {
	return func(f *excelize.File) error {
		st, err := f.NewStyle(&excelize.Style{NumFmt: numFmt})
		if err != nil {
			return err
		}
		return f.SetCellStyle(sheet, cell, cell, st)
	}
}
