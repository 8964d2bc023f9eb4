package corpus

import (
	"archive/zip"
	"bytes"
	"fmt"
)

// The parts an .xlsm saved by Excel carries for its macros, as
// MS-OFFMACRO2 and MS-CUSTOMUI describe them.
const (
	relVBAProject   = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
	relVBASignature = "http://schemas.microsoft.com/office/2006/relationships/vbaProjectSignature"
	relCustomUI     = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
	relImage        = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
	typeMacroBook   = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
	typeSheetBook   = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
)

// macroEnabled turns the seed into the .xlsm a department saves when its
// copy of the form has a macro: a VBA project (a compound file with the
// streams a project holds) with its digital signature, a ribbon tab whose
// button runs a macro (customUI, with its icon), the relationships to each,
// and the macro-enabled content type of the workbook.
func macroEnabled(seed []byte) ([]byte, error) {
	rel := func(id, typ, target string) string {
		return fmt.Sprintf(`<Relationship Id="%s" Type="%s" Target="%s"/>`, id, typ, target)
	}
	insertBefore := func(end string, add string) writePart {
		return replaced(func(old []byte) ([]byte, error) {
			i := bytes.LastIndex(old, []byte(end))
			if i < 0 {
				return nil, fmt.Errorf("no %s", end)
			}
			return slicesConcat(old[:i], []byte(add), old[i:]), nil
		})
	}
	data, err := rebuild(seed, map[string]writePart{
		"[Content_Types].xml": replaced(func(old []byte) ([]byte, error) {
			if !bytes.Contains(old, []byte(typeSheetBook)) {
				return nil, fmt.Errorf("no workbook content type")
			}
			old = bytes.Replace(old, []byte(typeSheetBook), []byte(typeMacroBook), 1)
			i := bytes.LastIndex(old, []byte("</Types>"))
			return slicesConcat(old[:i], []byte(`<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>`+
				`<Default Extension="png" ContentType="image/png"/>`+
				`<Override PartName="/xl/vbaProjectSignature.bin" ContentType="application/vnd.ms-office.vbaProjectSignature"/>`), old[i:]), nil
		}),
		"_rels/.rels":                insertBefore("</Relationships>", rel("rIdUI", relCustomUI, "customUI/customUI.xml")),
		"xl/_rels/workbook.xml.rels": insertBefore("</Relationships>", rel("rIdVBA", relVBAProject, "vbaProject.bin")),
	})
	if err != nil {
		return nil, err
	}
	module := []byte("Attribute VB_Name = \"Module1\"\r\nSub Auto_Open()\r\n    Shell \"cmd /c echo pwned\"\r\nEnd Sub\r\n")
	return addParts(data, []part{
		{"xl/vbaProject.bin", compoundFile([]cfbStream{{"dir", []byte("VBA dir stream")}, {"Module1", module}, {"PROJECT", []byte("ID=\"{00000000-0000-0000-0000-000000000000}\"\r\nModule=Module1\r\n")}})},
		{"xl/_rels/vbaProject.bin.rels", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rel("rId1", relVBASignature, "vbaProjectSignature.bin") + `</Relationships>`)},
		{"xl/vbaProjectSignature.bin", []byte("PKCS#7 signature of the VBA project")},
		{"customUI/customUI.xml", []byte(`<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui"><ribbon><tabs><tab id="perfeval" label="自评"><group id="g" label="自评">` +
			`<button id="b" label="一键填报" image="icon" onAction="Auto_Open"/></group></tab></tabs></ribbon></customUI>`)},
		{"customUI/_rels/customUI.xml.rels", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rel("icon", relImage, "images/icon.png") + `</Relationships>`)},
		{"customUI/images/icon.png", []byte("\x89PNG\r\n\x1a\n")},
	})
}

// part is a zip part to add.
type part struct {
	name string
	data []byte
}

// addParts copies a zip and adds parts after its own, in order.
func addParts(data []byte, parts []part) ([]byte, error) {
	zr, err := zipReader(data)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		if err := zw.Copy(zf); err != nil {
			return nil, err
		}
	}
	for _, p := range parts {
		if err := putPart(zw, p.name, p.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
