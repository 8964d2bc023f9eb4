package corpus

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// mutate returns a build that opens the seed with excelize, applies change
// and saves it. excelize writes every part with a zero time and in a fixed
// order, so the bytes are the same each time.
func mutate(change func(f *excelize.File) error) func([]byte) ([]byte, error) {
	return func(seed []byte) ([]byte, error) {
		f, err := excelize.OpenReader(bytes.NewReader(seed))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if err := change(f); err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if _, err := f.WriteTo(&buf); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
}

// all runs changes in order.
func all(changes ...func(f *excelize.File) error) func(f *excelize.File) error {
	return func(f *excelize.File) error {
		for _, c := range changes {
			if err := c(f); err != nil {
				return err
			}
		}
		return nil
	}
}

func set(sheet, cell string, v any) func(*excelize.File) error {
	return func(f *excelize.File) error { return f.SetCellValue(sheet, cell, v) }
}

// writePart writes one part of a rebuilt zip.
type writePart func(zw *zip.Writer, name string, old []byte) error

// rebuild copies a zip part by part, in order, replacing the parts named in
// parts. Every entry has a zero time, so the bytes are the same each time.
func rebuild(data []byte, parts map[string]writePart) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	done := map[string]bool{}
	for _, zf := range zr.File {
		old, err := readPart(zf)
		if err != nil {
			return nil, err
		}
		if write, ok := parts[zf.Name]; ok {
			done[zf.Name] = true
			if err := write(zw, zf.Name, old); err != nil {
				return nil, fmt.Errorf("part %s: %w", zf.Name, err)
			}
			continue
		}
		if err := putPart(zw, zf.Name, old); err != nil {
			return nil, err
		}
	}
	for name := range parts {
		if !done[name] {
			return nil, fmt.Errorf("no part %s", name)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func zipReader(data []byte) (*zip.Reader, error) {
	return zip.NewReader(bytes.NewReader(data), int64(len(data)))
}

func readPart(zf *zip.File) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

func putPart(zw *zip.Writer, name string, data []byte) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// replaced writes a part edited by edit.
func replaced(edit func(old []byte) ([]byte, error)) writePart {
	return func(zw *zip.Writer, name string, old []byte) error {
		data, err := edit(old)
		if err != nil {
			return err
		}
		return putPart(zw, name, data)
	}
}

// sheetPart returns the zip part of the named worksheet, following
// xl/workbook.xml and its relationships.
func sheetPart(data []byte, sheet string) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", err
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	for _, p := range []struct {
		name string
		v    any
	}{{"xl/workbook.xml", &wb}, {"xl/_rels/workbook.xml.rels", &rels}} {
		f, err := zr.Open(p.name)
		if err != nil {
			return "", err
		}
		err = xml.NewDecoder(f).Decode(p.v)
		f.Close()
		if err != nil {
			return "", fmt.Errorf("%s: %w", p.name, err)
		}
	}
	for _, s := range wb.Sheets {
		if s.Name != sheet {
			continue
		}
		for _, r := range rels.Rel {
			if r.ID == s.RID {
				if strings.HasPrefix(r.Target, "/") {
					return strings.TrimPrefix(r.Target, "/"), nil
				}
				return path.Join("xl", r.Target), nil
			}
		}
	}
	return "", fmt.Errorf("no worksheet %s", sheet)
}

// cellEdit replaces one cell element of a worksheet: attrs are added after
// r and the cell's own style, inner is the element's content.
type cellEdit struct {
	ref, attrs, inner string
}

// editCells returns a build that rewrites cells of one worksheet of the
// seed at the XML level, for what excelize cannot write: a formula without
// a cached value (as openpyxl saves it), a cached error value.
func editCells(sheet string, edits ...cellEdit) func([]byte) ([]byte, error) {
	return func(seed []byte) ([]byte, error) {
		part, err := sheetPart(seed, sheet)
		if err != nil {
			return nil, err
		}
		return rebuild(seed, map[string]writePart{part: replaced(func(old []byte) ([]byte, error) {
			for _, e := range edits {
				if old, err = setCellXML(old, e); err != nil {
					return nil, err
				}
			}
			return old, nil
		})})
	}
}

// breakSheetXML returns a build that puts a stray end tag into one
// worksheet of the seed, after its dimension element: XML no parser accepts,
// which excelize's row reader takes for the end of the sheet.
func breakSheetXML(sheet string) func([]byte) ([]byte, error) {
	return func(seed []byte) ([]byte, error) {
		part, err := sheetPart(seed, sheet)
		if err != nil {
			return nil, err
		}
		return rebuild(seed, map[string]writePart{part: replaced(func(old []byte) ([]byte, error) {
			dim := regexp.MustCompile(`<dimension [^>]*?(/>|></dimension>)`)
			loc := dim.FindIndex(old)
			if loc == nil {
				return nil, fmt.Errorf("%s: no dimension element", part)
			}
			return slicesConcat(old[:loc[1]], []byte("</dimension>"), old[loc[1]:]), nil
		})})
	}
}

var styleAttr = regexp.MustCompile(` s="[0-9]+"`)

func setCellXML(sheet []byte, e cellEdit) ([]byte, error) {
	re := regexp.MustCompile(`(?s)<c r="` + regexp.QuoteMeta(e.ref) + `"([^>]*?)(/>|>.*?</c>)`)
	m := re.FindSubmatchIndex(sheet)
	if m == nil {
		return nil, fmt.Errorf("no cell %s", e.ref)
	}
	style := string(styleAttr.Find(sheet[m[2]:m[3]]))
	elem := fmt.Sprintf(`<c r="%s"%s%s>%s</c>`, e.ref, style, e.attrs, e.inner)
	return slicesConcat(sheet[:m[0]], []byte(elem), sheet[m[1]:]), nil
}

func slicesConcat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// lastRow returns the number of the last <row r="N"> of a worksheet.
func lastRow(sheet []byte) (int, error) {
	ms := regexp.MustCompile(`<row r="([0-9]+)"`).FindAllSubmatch(sheet, -1)
	if len(ms) == 0 {
		return 0, errors.New("worksheet has no rows")
	}
	return strconv.Atoi(string(ms[len(ms)-1][1]))
}

var dimension = regexp.MustCompile(`<dimension ref="[^"]*"/>`)

// appendRows returns a build that appends rows to a worksheet of the seed,
// streaming them into the zip so that a part of hundreds of megabytes never
// sits in memory. row(n) is the XML of the n-th appended row (0-based); it
// is called count times. dim, if set, replaces the sheet's dimension.
// lie, if not zero, is the uncompressed size the zip declares for the part
// instead of the true one.
func appendRows(sheet string, count int, dim string, lie uint64, row func(n int) []byte) func([]byte) ([]byte, error) {
	return func(seed []byte) ([]byte, error) {
		part, err := sheetPart(seed, sheet)
		if err != nil {
			return nil, err
		}
		return rebuild(seed, map[string]writePart{part: func(zw *zip.Writer, name string, old []byte) error {
			if dim != "" {
				old = dimension.ReplaceAll(old, []byte(`<dimension ref="`+dim+`"/>`))
			}
			i := bytes.LastIndex(old, []byte("</sheetData>"))
			if i < 0 {
				return errors.New("no sheetData")
			}
			write := func(w io.Writer) error {
				if _, err := w.Write(old[:i]); err != nil {
					return err
				}
				// Rows go out in batches of about 64 KB.
				var batch []byte
				for n := range count {
					batch = append(batch, row(n)...)
					if len(batch) >= 64<<10 {
						if _, err := w.Write(batch); err != nil {
							return err
						}
						batch = batch[:0]
					}
				}
				if _, err := w.Write(batch); err != nil {
					return err
				}
				_, err := w.Write(old[i:])
				return err
			}
			if lie == 0 {
				w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
				if err != nil {
					return err
				}
				return write(w)
			}
			// The part is deflated here and stored raw, with a CRC and
			// compressed size that are true and an uncompressed size that
			// is not: excelize's UnzipSizeLimit trusts that field.
			var comp bytes.Buffer
			fw, err := flate.NewWriter(&comp, flate.BestCompression)
			if err != nil {
				return err
			}
			crc := crc32.NewIEEE()
			if err := write(io.MultiWriter(fw, crc)); err != nil {
				return err
			}
			if err := fw.Close(); err != nil {
				return err
			}
			w, err := zw.CreateRaw(&zip.FileHeader{
				Name:               name,
				Method:             zip.Deflate,
				CRC32:              crc.Sum32(),
				CompressedSize64:   uint64(comp.Len()),
				UncompressedSize64: lie,
			})
			if err != nil {
				return err
			}
			_, err = w.Write(comp.Bytes())
			return err
		}})
	}
}

// flipBytes returns a build that corrupts the compressed data of one
// worksheet of the seed in its middle, leaving the zip's structure intact:
// the part no longer inflates, or fails its checksum.
func flipBytes(sheet string, n int) func([]byte) ([]byte, error) {
	return func(seed []byte) ([]byte, error) {
		part, err := sheetPart(seed, sheet)
		if err != nil {
			return nil, err
		}
		zr, err := zip.NewReader(bytes.NewReader(seed), int64(len(seed)))
		if err != nil {
			return nil, err
		}
		for _, zf := range zr.File {
			if zf.Name != part {
				continue
			}
			off, err := zf.DataOffset()
			if err != nil {
				return nil, err
			}
			out := bytes.Clone(seed)
			mid := off + int64(zf.CompressedSize64)/2
			for i := range int64(n) {
				out[mid+i] ^= 0xFF
			}
			return out, nil
		}
		return nil, fmt.Errorf("no part %s", part)
	}
}

// Compound File Binary (OLE) constants, MS-CFB §2.
const (
	cfbSector     = 512
	cfbFreeSect   = 0xFFFFFFFF
	cfbEndOfChain = 0xFFFFFFFE
	cfbFATSect    = 0xFFFFFFFD
	cfbNoStream   = 0xFFFFFFFF
	cfbCutoff     = 4096
)

// cfbStream is one stream of a compound file.
type cfbStream struct {
	name string
	data []byte
}

// compoundFile assembles a version 3 compound file: the container of
// legacy .xls, WPS .et and encrypted .xlsx files. Each stream is padded to
// at least the mini-stream cutoff, so that every stream lives in regular
// sectors and the file needs no mini stream. Sector 0 is the FAT, then the
// directory, then the streams in order.
func compoundFile(streams []cfbStream) []byte {
	dirEntries := 1 + len(streams)
	dirSectors := (dirEntries*128 + cfbSector - 1) / cfbSector
	var body [][]byte
	var starts []uint32
	next := uint32(1 + dirSectors)
	for _, s := range streams {
		data := s.data
		size := max(len(data), cfbCutoff)
		size = (size + cfbSector - 1) / cfbSector * cfbSector
		padded := make([]byte, size)
		copy(padded, data)
		body = append(body, padded)
		starts = append(starts, next)
		next += uint32(size / cfbSector)
	}
	total := int(next)
	if total > cfbSector/4 {
		panic("compoundFile: more sectors than one FAT sector maps")
	}
	le := binary.LittleEndian

	header := make([]byte, cfbSector)
	copy(header, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le.PutUint16(header[24:], 0x003E) // minor version
	le.PutUint16(header[26:], 0x0003) // major version 3: 512-byte sectors
	le.PutUint16(header[28:], 0xFFFE) // little-endian
	le.PutUint16(header[30:], 9)      // sector shift: 512
	le.PutUint16(header[32:], 6)      // mini sector shift: 64
	le.PutUint32(header[44:], 1)      // FAT sectors
	le.PutUint32(header[48:], 1)      // first directory sector
	le.PutUint32(header[56:], cfbCutoff)
	le.PutUint32(header[60:], cfbEndOfChain) // no mini FAT
	le.PutUint32(header[68:], cfbEndOfChain) // no DIFAT sectors
	for i := range 109 {
		le.PutUint32(header[76+4*i:], cfbFreeSect)
	}
	le.PutUint32(header[76:], 0) // the FAT is sector 0

	fat := make([]byte, cfbSector)
	for i := range cfbSector / 4 {
		le.PutUint32(fat[4*i:], cfbFreeSect)
	}
	le.PutUint32(fat[0:], cfbFATSect)
	chain := func(start uint32, n int) {
		for i := range n {
			v := uint32(cfbEndOfChain)
			if i < n-1 {
				v = start + uint32(i) + 1
			}
			le.PutUint32(fat[4*(int(start)+i):], v)
		}
	}
	chain(1, dirSectors)
	for i, b := range body {
		chain(starts[i], len(b)/cfbSector)
	}

	dir := make([]byte, dirSectors*cfbSector)
	entry := func(i int, name string, typ byte, child, right uint32, start uint32, size uint64) {
		e := dir[i*128 : (i+1)*128]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le.PutUint16(e[2*j:], c)
		}
		le.PutUint16(e[64:], uint16(2*(len(u)+1)))
		e[66] = typ
		e[67] = 1 // black
		le.PutUint32(e[68:], cfbNoStream)
		le.PutUint32(e[72:], right)
		le.PutUint32(e[76:], child)
		le.PutUint32(e[116:], start)
		le.PutUint64(e[120:], size)
	}
	for i := dirEntries; i < dirSectors*4; i++ {
		e := dir[i*128 : (i+1)*128]
		le.PutUint32(e[68:], cfbNoStream)
		le.PutUint32(e[72:], cfbNoStream)
		le.PutUint32(e[76:], cfbNoStream)
	}
	// The root's child is the first stream; the others hang off it as
	// right siblings, so streams must be given in the directory's order
	// (shorter names first, then by upper-case name).
	entry(0, "Root Entry", 5, 1, cfbNoStream, cfbEndOfChain, 0)
	for i, s := range streams {
		right := uint32(cfbNoStream)
		if i < len(streams)-1 {
			right = uint32(i + 2)
		}
		// The declared size is the padded one: a stream declared smaller
		// than the cutoff would be looked for in the mini stream.
		entry(i+1, s.name, 2, cfbNoStream, right, starts[i], uint64(len(body[i])))
	}
	return slicesConcat(append([][]byte{header, fat, dir}, body...)...)
}

// biffWorkbook returns a BIFF8 workbook stream reduced to its BOF and EOF
// records: what a .xls or .et file's Workbook stream starts and ends with.
func biffWorkbook(build, year uint16) []byte {
	le := binary.LittleEndian
	b := make([]byte, 0, 24)
	b = le.AppendUint16(b, 0x0809) // BOF
	b = le.AppendUint16(b, 16)
	b = le.AppendUint16(b, 0x0600) // BIFF8
	b = le.AppendUint16(b, 0x0005) // workbook globals
	b = le.AppendUint16(b, build)
	b = le.AppendUint16(b, year)
	b = le.AppendUint32(b, 0)
	b = le.AppendUint32(b, 0x06)
	b = le.AppendUint16(b, 0x000A) // EOF
	b = le.AppendUint16(b, 0)
	return b
}

// odsFile returns a minimal OpenDocument spreadsheet: a zip that is not an
// OOXML workbook.
func odsFile() ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	// The mimetype comes first and is stored, as the ODF packaging rules say.
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	if err != nil {
		return nil, err
	}
	io.WriteString(w, "application/vnd.oasis.opendocument.spreadsheet")
	for _, p := range []struct{ name, body string }{
		{"META-INF/manifest.xml", `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`},
		{"content.xml", `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="绩效指标"><table:table-row><table:table-cell office:value-type="string"><text:p>一级指标</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`},
	} {
		if err := putPart(zw, p.name, []byte(p.body)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
