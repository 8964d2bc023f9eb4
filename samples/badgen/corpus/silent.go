package corpus

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"maps"
	"slices"

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

// externalBook returns a build that adds an external link to another
// workbook at path, holding a sheet named sheet: the link part, its
// relationship to the file, and the workbook's reference to it, [1].
func externalBook(path, sheet string) func([]byte) ([]byte, error) {
	return func(seed []byte) ([]byte, error) {
		data, err := rebuild(seed, map[string]writePart{
			"xl/workbook.xml": replaced(func(old []byte) ([]byte, error) {
				return replaceOnce(old, "</sheets>", `</sheets><externalReferences><externalReference r:id="rIdLink1"/></externalReferences>`)
			}),
			"xl/_rels/workbook.xml.rels": replaced(func(old []byte) ([]byte, error) {
				return replaceOnce(old, "</Relationships>", `<Relationship Id="rIdLink1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>`)
			}),
			"[Content_Types].xml": replaced(func(old []byte) ([]byte, error) {
				return replaceOnce(old, "</Types>", `<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>`)
			}),
		})
		if err != nil {
			return nil, err
		}
		return appendParts(data, map[string]string{
			"xl/externalLinks/externalLink1.xml":            `<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><externalBook r:id="rId1"><sheetNames><sheetName val="` + sheet + `"/></sheetNames></externalBook></externalLink>`,
			"xl/externalLinks/_rels/externalLink1.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="` + path + `" TargetMode="External"/></Relationships>`,
		})
	}
}

// replaceOnce replaces the first old in data with new, or fails.
func replaceOnce(data []byte, old, new string) ([]byte, error) {
	if !bytes.Contains(data, []byte(old)) {
		return nil, fmt.Errorf("no %q", old)
	}
	return bytes.Replace(data, []byte(old), []byte(new), 1), nil
}

// appendParts copies a zip and appends parts, in name order.
func appendParts(data []byte, parts map[string]string) ([]byte, error) {
	zr, err := zipReader(data)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, zf := range zr.File {
		old, err := readPart(zf)
		if err != nil {
			return nil, err
		}
		if err := putPart(zw, zf.Name, old); err != nil {
			return nil, err
		}
	}
	for _, name := range slices.Sorted(maps.Keys(parts)) {
		if err := putPart(zw, name, []byte(parts[name])); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
