package xlsx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"path"
	"strings"
)

// Relationship types of a sheet's comments and its VML drawing, transitional
// or strict: matched by their last segment.
const (
	relComments   = "/comments"
	relVMLDrawing = "/vmlDrawing"
)

// opcRels is a relationships part. Its XMLName, namespace included, is
// what it was read with, so it is written back the same.
type opcRels struct {
	XMLName xml.Name
	Rels    []opcRel `xml:"Relationship"`
}

type opcRel struct {
	ID         string `xml:"Id,attr"`
	Type       string `xml:"Type,attr"`
	Target     string `xml:"Target,attr"`
	TargetMode string `xml:"TargetMode,attr,omitempty"`
}

// opcTypes is [Content_Types].xml, read and written like opcRels.
type opcTypes struct {
	XMLName   xml.Name
	Defaults  []opcDefault  `xml:"Default"`
	Overrides []opcOverride `xml:"Override"`
}

type opcDefault struct {
	Extension   string `xml:"Extension,attr"`
	ContentType string `xml:"ContentType,attr"`
}

type opcOverride struct {
	PartName    string `xml:"PartName,attr"`
	ContentType string `xml:"ContentType,attr"`
}

const contentTypesPart = "[Content_Types].xml"

// sheetRelsPart reports whether name is the relationships part of a sheet
// where excelize looks for it, and returns the sheet's part.
func sheetRelsPart(name string) (string, bool) {
	const dir = "xl/worksheets/_rels/"
	if !strings.HasPrefix(name, dir) || !strings.HasSuffix(name, ".xml.rels") || strings.Contains(name[len(dir):], "/") {
		return "", false
	}
	return "xl/worksheets/" + strings.TrimSuffix(name[len(dir):], ".rels"), true
}

// resolveTarget returns the part a sheet's relationship target names.
func resolveTarget(target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Join("xl/worksheets", target)
}

// decodeXML decodes a part leniently, as excelize reads VML: old VML holds
// HTML such as an unclosed <br>.
func decodeXML(data []byte, v any) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict, d.AutoClose = false, xml.HTMLAutoClose
	return d.Decode(v)
}

// sheetNames maps each sheet's part to its name, from the workbook and its
// relationships.
func sheetNames(read func(string) ([]byte, error)) (map[string]string, error) {
	b, err := read("xl/workbook.xml")
	if err != nil {
		return nil, err
	}
	var wb struct {
		Sheets []struct {
			Name string     `xml:"name,attr"`
			Attr []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := decodeXML(b, &wb); err != nil {
		return nil, fmt.Errorf("xl/workbook.xml: %w", err)
	}
	if b, err = read("xl/_rels/workbook.xml.rels"); err != nil {
		return nil, err
	}
	var rels opcRels
	if err := decodeXML(b, &rels); err != nil {
		return nil, fmt.Errorf("xl/_rels/workbook.xml.rels: %w", err)
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		if strings.HasPrefix(r.Target, "/") {
			targets[r.ID] = strings.TrimPrefix(r.Target, "/")
		} else {
			targets[r.ID] = path.Join("xl", r.Target)
		}
	}
	names := map[string]string{}
	for _, s := range wb.Sheets {
		for _, a := range s.Attr {
			if a.Name.Local == "id" && strings.HasSuffix(a.Name.Space, "relationships") {
				names[targets[a.Value]] = s.Name
			}
		}
	}
	return names, nil
}
