package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"sync"

	"github.com/richardlehane/mscfb"
	"github.com/xuri/excelize/v2"
)

// Limits bound what one workbook may cost to open. The reader of a form
// (template.Read) bounds the rows and text it keeps of each sheet.
const (
	// MaxFileSize is the largest file pipeline.Process reads; a larger one
	// is too_large.
	MaxFileSize = 32 << 20
	// MaxUnzipSize bounds the inflated size of all parts together; a zip bomb
	// stops here instead of filling memory.
	MaxUnzipSize = 256 << 20
	// maxUnzipXMLSize is the inflated size above which excelize streams a
	// worksheet through a temporary file instead of memory.
	maxUnzipXMLSize = 16 << 20
	// maxParts bounds the parts of a workbook's zip. A real workbook has a
	// few dozen; the zip directory costs memory per entry before anything is
	// inflated.
	maxParts = 10000
	// maxSheetCells bounds the cells of excelize's model of one worksheet.
	// excelize loads a sheet whole on the first cell lookup and fills every
	// row out to its last cell and every row up to the last one: a 30 KB
	// file with one formatted cell at column XFD in each of 1,000 rows
	// becomes 16 million cells, 3 GB. At about 200 bytes a cell this bound
	// is some 100 MB; a form sheet has a few thousand cells.
	maxSheetCells = 500_000
	// maxXMLPart bounds every XML part other than a worksheet. excelize
	// parses shared strings, styles and the rest whole, at several times
	// their size; a real workbook's are well under a megabyte.
	maxXMLPart = 16 << 20
)

// UnreadableError says why a file is not a workbook the reader can open.
// Code is not_xlsx, encrypted or too_large; Reason is Chinese.
type UnreadableError struct {
	Code   string
	Reason string
	// Sheet names the sheet at fault when one is (a sheet too large to
	// read), "" when the file as a whole is.
	Sheet string
	Err   error
}

// Error says, in English for logs, that the workbook is unreadable and why.
func (e *UnreadableError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("unreadable workbook (%s): %v", e.Code, e.Err)
	}
	return "unreadable workbook (" + e.Code + ")"
}

// Unwrap returns the error that made the workbook unreadable, if any.
func (e *UnreadableError) Unwrap() error { return e.Err }

var (
	zipMagic = []byte("PK\x03\x04")
	cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// Open opens a workbook held in memory for reading with raw cell
// values. It returns an *UnreadableError when the bytes are not an .xlsx
// workbook, are encrypted or are too large once inflated. The caller bounds
// the size of the file itself to MaxFileSize before reading it.
func Open(data []byte) (*excelize.File, error) {
	w, err := openPackage(data, false)
	if err != nil {
		return nil, err
	}
	return w.file, nil
}

// OpenWorkbook is Open, and also returns what the container saw of the
// workbook's parts while checking them: its formulas, external links and
// sheet states (Workbook).
func OpenWorkbook(data []byte) (*Workbook, error) {
	return openPackage(data, true)
}

func openPackage(data []byte, inspect bool) (*Workbook, error) {
	var w *Workbook
	if inspect {
		w = &Workbook{parts: map[string][]byte{}}
	}
	switch {
	case len(data) == 0:
		return nil, &UnreadableError{Code: "not_xlsx", Reason: "文件是空的（0 字节），请重新保存后报送"}
	case bytes.HasPrefix(data, cfbMagic):
		return nil, classifyCFB(data)
	case !bytes.HasPrefix(data, zipMagic):
		return nil, &UnreadableError{Code: "not_xlsx", Reason: notZipReason(data)}
	}
	parts, trimmed, err := scanZip(data, w)
	if err != nil {
		return nil, err
	}
	if w != nil {
		if w.book = buildBook(parts, w.parts, w); w.book != nil {
			// Read without excelize; it opens the workbook when asked
			// (Excel).
			w.data, w.trimmed, w.names = data, trimmed, parts
			w.book.parts, w.book.trimmed = w.parts, trimmed
			return w, nil
		}
	}
	f, err := openExcelize(data, trimmed, parts)
	if err != nil {
		return nil, err
	}
	if w == nil {
		w = &Workbook{}
	}
	w.file = f
	return w, nil
}

// openExcelize opens a workbook scanZip passed with excelize, with the
// trimmed worksheet parts in place of the originals.
func openExcelize(data []byte, trimmed map[string][]byte, parts []string) (*excelize.File, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    MaxUnzipSize,
		UnzipXMLSizeLimit: maxUnzipXMLSize,
	})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size exceeds") {
			// scanZip catches this first; kept in case excelize counts differently.
			return nil, &UnreadableError{Code: "too_large", Reason: fmt.Sprintf("工作簿解压后超过 %d MB，可能含有大量空行或异常内容；请删除多余内容后重新报送", MaxUnzipSize>>20), Err: err}
		}
		return nil, &UnreadableError{Code: "not_xlsx", Reason: notWorkbookReason(parts), Err: err}
	}
	if len(f.GetSheetList()) == 0 {
		f.Close()
		return nil, &UnreadableError{Code: "not_xlsx", Reason: notWorkbookReason(parts)}
	}
	// excelize reads a worksheet from its package before any temporary
	// file, so the trimmed part replaces the original.
	for name, part := range trimmed {
		f.Pkg.Store(name, part)
	}
	return f, nil
}

// openKept is openExcelize for a workbook with a Book, whose XML parts
// scanZip kept inflated (parts, the trimmed worksheets among them). Its
// worksheets and shared strings, most of a workbook's bytes, reach
// excelize as copies of the kept ones instead of being inflated a second
// time: excelize opens a zip of the file's other parts, copied as they are
// stored, with an empty entry under each of those names (opening, it
// parses the workbook, its relationships, styles, theme and calculation
// chain, and looks only for the worksheets' names), and the copies replace
// the empty entries before anything reads them. The theme, the same in
// nearly every workbook of a round, is parsed once for all of them when
// themes is not nil.
func openKept(data []byte, names []string, parts, trimmed map[string][]byte, themes *Themes) (*excelize.File, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &UnreadableError{Code: "not_xlsx", Reason: notWorkbookReason(names), Err: err}
	}
	var rest bytes.Buffer
	zw := zip.NewWriter(&rest)
	var later []string
	theme, themeKept := parts[themePart]
	donor := themes.get(theme)
	for _, zf := range zr.File {
		if zf.Name == themePart && themeKept && donor != nil {
			// Left out: excelize then parses no theme, and is given the
			// donor's.
			later = append(later, zf.Name)
			continue
		}
		if _, kept := parts[zf.Name]; kept && (worksheet(zf.Name) || zf.Name == sharedStringsPart) {
			_, err = zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Store})
			later = append(later, zf.Name)
		} else {
			err = zw.Copy(zf)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	f, err := openExcelize(rest.Bytes(), trimmed, names)
	if err != nil {
		return nil, err
	}
	for _, name := range later {
		// A copy, as excelize's own would be: the Book's parts stay as
		// read whatever excelize does with its (its bytesReplace rewrites
		// a part in place where the new text is no longer than the old).
		f.Pkg.Store(name, bytes.Clone(parts[name]))
	}
	switch {
	case donor != nil:
		f.Theme = donor.Theme
	case themeKept && f.Theme != nil:
		themes.put(theme, f)
	}
	return f, nil
}

// themePart is the theme excelize reads.
const themePart = "xl/theme/theme1.xml"

// Themes holds the themes excelize parsed for the workbooks of one run, by
// the part's bytes (Workbook.ShareThemes): a workbook whose theme is one
// of them gets the parsed theme of the workbook it was first seen in (its
// donor) instead of parsing it again. excelize reads a theme (for the
// colours GetStyle reports, and to write it back) and never changes it,
// so one parsed theme serves any number of workbooks at once. A round's
// workbooks come from one template and share one or a few themes; Themes
// keeps the first maxThemes seen, of at most maxThemePart bytes each (a
// theme Excel writes is under 10 KB).
type Themes struct {
	mu     sync.Mutex
	byPart map[string]*excelize.File
}

// NewThemes returns an empty Themes.
func NewThemes() *Themes { return &Themes{byPart: map[string]*excelize.File{}} }

const (
	maxThemes    = 16
	maxThemePart = 64 << 10
)

// get returns the donor of a theme part, or nil.
func (c *Themes) get(part []byte) *excelize.File {
	if c == nil || part == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.byPart[string(part)]
}

// put makes f the donor of a theme part, while there is room.
func (c *Themes) put(part []byte, f *excelize.File) {
	if c == nil || len(part) > maxThemePart {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.byPart) < maxThemes {
		if _, ok := c.byPart[string(part)]; !ok {
			// Only its theme is kept: the rest of the workbook goes.
			c.byPart[string(part)] = &excelize.File{Theme: f.Theme}
		}
	}
}

// scanZip inflates every part of a zip once, counting, before excelize sees
// it, and returns the part names. excelize checks only the sizes the zip
// declares and ignores a part that fails to inflate, so without this scan a
// zip bomb whose headers understate its size would be bounded only by
// archive/zip's per-part check, and a corrupt part would be read as a sheet
// cut short. A part that inflates beyond its declared size, or parts beyond
// MaxUnzipSize together, are too_large; a part that does not inflate or
// fails its checksum is not_xlsx. Memory stays at one copy buffer. When w
// is not nil, the scan fills in what it saw of the workbook (Workbook).
func scanZip(data []byte, w *Workbook) (names []string, trimmed map[string][]byte, err error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, &UnreadableError{Code: "not_xlsx", Reason: "文件已损坏或不完整（压缩包结构无法识别），无法作为 .xlsx 工作簿打开；请重新保存后报送", Err: err}
	}
	if len(zr.File) > maxParts {
		return nil, nil, &UnreadableError{Code: "too_large", Reason: fmt.Sprintf("工作簿由 %d 个部件组成，超过上限 %d，可能是异常构造的文件；请用 Excel 或 WPS 另存为 .xlsx 后报送", len(zr.File), maxParts)}
	}
	tooLarge := &UnreadableError{Code: "too_large", Reason: fmt.Sprintf("工作簿解压后超过 %d MB，可能含有大量空行或异常内容；请删除多余内容后重新报送", MaxUnzipSize>>20)}
	var declared uint64
	names = make([]string, 0, len(zr.File))
	seen := make(map[string]string, len(zr.File))
	for _, zf := range zr.File {
		// Checked term by term, so that a crafted size cannot wrap the sum.
		if zf.UncompressedSize64 > MaxUnzipSize || declared+zf.UncompressedSize64 > MaxUnzipSize {
			return nil, nil, tooLarge
		}
		declared += zf.UncompressedSize64
		names = append(names, zf.Name)
		// Two parts of one name (OPC compares part names ignoring ASCII
		// case): excelize keeps the last, another program may show the
		// first, so what the department saw cannot be known. No program
		// saves such a file; it is damaged or made to deceive.
		key := strings.ToLower(zf.Name)
		if first, dup := seen[key]; dup && !strings.HasSuffix(key, "/") {
			return nil, nil, &UnreadableError{Code: "not_xlsx", Reason: duplicateReason(first, zf.Name)}
		}
		seen[key] = zf.Name
	}
	var fs *formulaScan
	if w != nil {
		fs = newFormulaScan()
	}
	var total int64
	for _, zf := range zr.File {
		if strings.HasSuffix(zf.Name, "/") {
			continue // a folder entry carries no data
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, nil, &UnreadableError{Code: "not_xlsx", Reason: fmt.Sprintf("文件已损坏（部件“%s”无法解压），无法作为 .xlsx 工作簿打开；请重新保存后报送", zf.Name), Err: err}
		}
		in := &countReader{r: io.LimitReader(rc, MaxUnzipSize-total+1)}
		var src io.Reader = in
		keep := w != nil && xmlPart(zf.Name) && zf.UncompressedSize64 <= maxUnzipXMLSize
		if keep {
			// Inflated once, kept for the Book: archive/zip stops a part at
			// its declared size, which is bounded.
			var buf bytes.Buffer
			buf.Grow(int(zf.UncompressedSize64))
			_, _ = buf.ReadFrom(in)
			w.parts[zf.Name] = buf.Bytes()
			src = bytes.NewReader(buf.Bytes())
		}
		var size sheetSize
		if worksheet(zf.Name) {
			if fs != nil {
				fs.startPart(zf.Name)
			}
			size = scanSheetFormulas(src, maxSheetCells, fs)
			if fs != nil {
				fs.endPart()
			}
		}
		_, _ = io.Copy(io.Discard, src)
		rc.Close()
		total += in.n
		switch {
		case total > MaxUnzipSize:
			return nil, nil, tooLarge
		case errors.Is(in.err, zip.ErrFormat):
			// archive/zip stops a part at its declared size: the zip
			// understates what it holds, the mark of a zip bomb.
			return nil, nil, &UnreadableError{Code: "too_large", Reason: fmt.Sprintf("工作簿部件“%s”解压后的大小超过压缩包中声明的大小，可能是异常构造的压缩文件（压缩炸弹）；请用 Excel 或 WPS 重新保存后报送", zf.Name), Err: in.err}
		case in.err != nil:
			return nil, nil, &UnreadableError{Code: "not_xlsx", Reason: fmt.Sprintf("文件已损坏（部件“%s”解压出错或校验失败），无法作为 .xlsx 工作簿打开；请重新保存后报送", zf.Name), Err: in.err}
		case size.Kept > maxSheetCells:
			sheet := sheetOfPart(zr, zf.Name)
			return nil, nil, &UnreadableError{Code: "too_large", Sheet: sheet, Reason: fmt.Sprintf("工作表“%s”的使用范围超过 %d 万个单元格（常见原因：表格下方或右侧很远处有内容或格式，或整行整列设置了格式）；请删除多余的行和列后重新报送", sheet, maxSheetCells/10000)}
		case !worksheet(zf.Name) && in.n > maxXMLPart && xmlPart(zf.Name):
			return nil, nil, &UnreadableError{Code: "too_large", Reason: fmt.Sprintf("工作簿部件“%s”解压后超过 %d MB，可能含有大量异常内容；请用 Excel 或 WPS 重新保存后报送", zf.Name, maxXMLPart>>20)}
		case size.Cells > maxSheetCells:
			// Empty rows far below the table: read the sheet without them.
			part, err := trimPart(zf, size.LastValue)
			if err != nil {
				sheet := sheetOfPart(zr, zf.Name)
				return nil, nil, &UnreadableError{Code: "too_large", Sheet: sheet, Reason: fmt.Sprintf("工作表“%s”的使用范围超过 %d 万个单元格（常见原因：表格下方或右侧很远处有内容或格式，或整行整列设置了格式）；请删除多余的行和列后重新报送", sheet, maxSheetCells/10000), Err: err}
			}
			if trimmed == nil {
				trimmed = map[string][]byte{}
			}
			trimmed[zf.Name] = part
			if w != nil {
				w.parts[zf.Name] = part
			}
		}
	}
	if fs != nil {
		fs.workbook(w)
	}
	return names, trimmed, nil
}

// duplicateReason says in Chinese why a zip with two parts of one name is
// refused.
func duplicateReason(first, second string) string {
	name := "“" + first + "”"
	if second != first {
		name = "“" + first + "”和“" + second + "”（名称只差大小写，按规范是同一个部件）"
	}
	return "工作簿压缩包中有两个同名部件" + name + "，Excel、WPS 和本系统可能各读其中一个，无法确定部门看到的是哪份内容；这不是正常保存的文件，可能已损坏或被改动过。请用 Excel 或 WPS 打开核对后另存为 .xlsx 再报送"
}

// trimPart reads a worksheet part again without its rows after last.
func trimPart(zf *zip.File, last int) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return trimRows(io.LimitReader(rc, MaxUnzipSize), last)
}

// countReader counts the bytes read through it and keeps the first error
// other than io.EOF, so that a zip error is told from an XML one.
type countReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF && c.err == nil {
		c.err = err
	}
	return n, err
}

// worksheet reports whether a zip part is a worksheet, as excelize tells.
func worksheet(name string) bool {
	return strings.HasPrefix(strings.ToLower(name), "xl/worksheets/sheet")
}

func xmlPart(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".xml") || strings.HasSuffix(n, ".rels") || strings.HasSuffix(n, ".vml")
}

// refAttr returns the value of a tag's r attribute, or nil.
func refAttr(tag []byte) []byte {
	for i := 1; i+2 < len(tag); i++ {
		switch tag[i-1] {
		case ' ', '\t', '\r', '\n':
		default:
			continue
		}
		if tag[i] != 'r' || tag[i+1] != '=' || (tag[i+2] != '"' && tag[i+2] != '\'') {
			continue
		}
		v := tag[i+3:]
		if j := bytes.IndexByte(v, tag[i+2]); j >= 0 {
			return v[:j]
		}
		return nil
	}
	return nil
}

// sheetOfPart returns the name of the sheet a worksheet part holds, from
// xl/workbook.xml and its relationships, or the part name.
func sheetOfPart(zr *zip.Reader, part string) string {
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
			return part
		}
		err = xml.NewDecoder(io.LimitReader(f, maxXMLPart)).Decode(p.v)
		f.Close()
		if err != nil {
			return part
		}
	}
	for _, s := range wb.Sheets {
		for _, rel := range rels.Rel {
			target := strings.TrimPrefix(rel.Target, "/")
			if !strings.HasPrefix(target, "xl/") {
				target = path.Join("xl", target)
			}
			if rel.ID == s.RID && strings.EqualFold(target, part) {
				return s.Name
			}
		}
	}
	return part
}

// notZipReason says in Chinese what a file that is not a zip seems to be.
// Business systems often "export to Excel" as HTML or XML under an Excel
// name, so those get their own advice.
func notZipReason(data []byte) string {
	head := data[:min(len(data), 4096)]
	lower := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n"))
	switch {
	case bytes.HasPrefix(head, []byte("%PDF")):
		return "文件是 PDF 文档，不是 Excel 工作簿；请报送 .xlsx 格式的工作簿"
	case bytes.Contains(lower, []byte("urn:schemas-microsoft-com:office:spreadsheet")):
		return "文件是 Excel 2003 XML 表格，不是 .xlsx 工作簿；请用 Excel 或 WPS 打开后另存为 .xlsx 再报送"
	case bytes.HasPrefix(lower, []byte("<")) && (bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<table"))):
		return "文件是网页（HTML）格式，常见于业务系统“导出 Excel”得到的文件，不是 .xlsx 工作簿；请用 Excel 或 WPS 打开后另存为 .xlsx 再报送"
	}
	return "文件不是 Excel 工作簿（.xlsx），可能是文本或其他格式改了扩展名；请用 Excel 或 WPS 另存为 .xlsx 后报送"
}

// notWorkbookReason says in Chinese what a zip that holds no workbook seems
// to be, from the names of its parts.
func notWorkbookReason(parts []string) string {
	has := func(name string) bool {
		for _, p := range parts {
			if strings.EqualFold(p, name) {
				return true
			}
		}
		return false
	}
	switch {
	case has("xl/workbook.bin"):
		return "文件是 Excel 二进制工作簿（.xlsb），不是 .xlsx 工作簿；请用 Excel 另存为 .xlsx 后报送"
	case has("content.xml") && has("mimetype"):
		return "文件是 OpenDocument 表格（.ods），不是 .xlsx 工作簿；请用 Excel、WPS 或 LibreOffice 另存为 .xlsx 后报送"
	case has("word/document.xml"):
		return "文件是 Word 文档，不是 Excel 工作簿；请报送 .xlsx 格式的自评表"
	case has("xl/workbook.xml"):
		return "文件已损坏，工作簿结构无法识别，无法作为 .xlsx 工作簿打开；请用 Excel 或 WPS 重新保存后报送"
	}
	return "文件是压缩包，但其中没有 Excel 工作簿，无法审核；请报送 .xlsx 格式的工作簿"
}

// classifyCFB tells an encrypted .xlsx (an OLE container holding an
// EncryptedPackage stream) from a legacy .xls or WPS .et workbook.
func classifyCFB(data []byte) error {
	r, err := mscfb.New(bytes.NewReader(data))
	if err == nil {
		for entry, err := r.Next(); err == nil; entry, err = r.Next() {
			if entry.Name == "EncryptedPackage" || entry.Name == "EncryptionInfo" {
				return &UnreadableError{Code: "encrypted", Reason: "工作簿设置了打开密码，无法审核；请取消密码（文件→信息→保护工作簿）后重新报送"}
			}
		}
	}
	return &UnreadableError{Code: "not_xlsx", Reason: "这是旧版 .xls 或 WPS .et 格式的文件，请用 Excel 或 WPS 另存为 .xlsx 后报送"}
}
