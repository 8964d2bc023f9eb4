package summary

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/perfeval/perfeval/template/xlsx"
)

// chartSize is a chart's size in pixels (at 96 a inch, as excelize's
// Dimension), in the order the charts are added.
type chartSize struct{ width, height uint }

// emuPerPixel is how many English Metric Units a pixel is at 96 an inch.
const emuPerPixel = 9525

// oneCellZip is the zip writer the summary workbook is saved through. It
// anchors the charts by their top-left cell and their own size (a
// oneCellAnchor), where excelize anchors a chart by two cells, its
// top-left and its bottom-right: Excel and LibreOffice measure a column
// differently (LibreOffice about 1.3 times wider), so a chart anchored by
// two cells is as wide as its columns in each, which is not the same size,
// and LibreOffice draws it past the page it was planned on. Anchored by
// one cell, a chart is its own size in both, and its top is where its
// row's height in points, the same in both, puts it.
//
// It also puts the rows of the sheets written row by row (book.rows) into
// the parts excelize writes for them.
type oneCellZip struct {
	*zip.Writer
	// sizes are the charts' sizes, in the order their anchors are written.
	sizes []chartSize
	// rows are the sheets' rows by part, spliced those written, and their
	// links' relationships parts written.
	rows    map[string]*xlsx.Rows
	spliced map[string]bool
	related map[string]bool
	// part is the drawing or sheet being written into buf, "" none.
	part string
	buf  bytes.Buffer
}

// Create starts a part of the package; a drawing, or a sheet whose rows
// are in rows, is held until the next part or Close, to anchor its charts
// by one cell or to put its rows in.
func (z *oneCellZip) Create(name string) (io.Writer, error) {
	if err := z.flush(); err != nil {
		return nil, err
	}
	if strings.HasPrefix(name, "xl/drawings/drawing") && strings.HasSuffix(name, ".xml") || z.rows[name] != nil || z.linksOf(name) != nil {
		z.part = name
		z.buf.Reset()
		return &z.buf, nil
	}
	return z.Writer.Create(name)
}

// Close writes the part held, if any, and ends the package; it fails if a
// chart's size was never written, which would be a chart anchored by two
// cells, or a sheet's rows were not.
func (z *oneCellZip) Close() error {
	if err := z.flush(); err != nil {
		return err
	}
	if len(z.sizes) > 0 {
		return fmt.Errorf("%d charts were not anchored by their size", len(z.sizes))
	}
	for part, rows := range z.rows {
		if !z.spliced[part] {
			return fmt.Errorf("the rows of %s were not written: no such part", part)
		}
		if rels := xlsx.RelsPart(part); rows.HasLinks() && !z.related[rels] {
			// excelize wrote no relationships for the sheet: its links'
			// are all it has.
			w, err := z.Writer.Create(rels)
			if err != nil {
				return err
			}
			if err := rows.WriteRels(w, nil); err != nil {
				return fmt.Errorf("%s: %w", rels, err)
			}
			z.related[rels] = true
		}
	}
	return z.Writer.Close()
}

// linksOf returns the rows whose links go in name, a sheet's
// relationships part; nil for any other part.
func (z *oneCellZip) linksOf(name string) *xlsx.Rows {
	if !strings.HasSuffix(name, ".rels") {
		return nil
	}
	for part, rows := range z.rows {
		if rows.HasLinks() && xlsx.RelsPart(part) == name {
			return rows
		}
	}
	return nil
}

func (z *oneCellZip) flush() error {
	if z.part == "" {
		return nil
	}
	name := z.part
	z.part = ""
	if rows := z.linksOf(name); rows != nil {
		w, err := z.Writer.Create(name)
		if err != nil {
			return err
		}
		z.related[name] = true
		if err := rows.WriteRels(w, z.buf.Bytes()); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	}
	if rows := z.rows[name]; rows != nil {
		w, err := z.Writer.Create(name)
		if err != nil {
			return err
		}
		z.spliced[name] = true
		if err := rows.Splice(w, z.buf.Bytes()); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	}
	data, rest, err := oneCellAnchors(z.buf.Bytes(), z.sizes)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	z.sizes = rest
	w, err := z.Writer.Create(name)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// oneCellAnchors turns each two-cell anchor of drawing into a one-cell
// anchor of the next of sizes: its top-left cell kept, its bottom-right
// cell replaced by its size. It returns the sizes left.
func oneCellAnchors(drawing []byte, sizes []chartSize) ([]byte, []chartSize, error) {
	const (
		open, end     = "<xdr:twoCellAnchor", "</xdr:twoCellAnchor>"
		toOpen, toEnd = "<xdr:to>", "</xdr:to>"
	)
	var out bytes.Buffer
	s := string(drawing)
	for {
		i := strings.Index(s, open)
		if i < 0 {
			out.WriteString(s)
			return out.Bytes(), sizes, nil
		}
		out.WriteString(s[:i])
		s = s[i:]
		tagEnd := strings.IndexByte(s, '>')
		j := strings.Index(s, end)
		if tagEnd < 0 || j < 0 {
			return nil, nil, errors.New("an anchor is not closed")
		}
		anchor := s[tagEnd+1 : j]
		s = s[j+len(end):]
		a, b := strings.Index(anchor, toOpen), strings.Index(anchor, toEnd)
		if a < 0 || b < a {
			return nil, nil, errors.New("an anchor has no bottom-right cell")
		}
		if len(sizes) == 0 {
			return nil, nil, errors.New("more anchors than charts")
		}
		size := sizes[0]
		sizes = sizes[1:]
		fmt.Fprintf(&out, `<xdr:oneCellAnchor>%s<xdr:ext cx="%d" cy="%d"></xdr:ext>%s</xdr:oneCellAnchor>`,
			anchor[:a], size.width*emuPerPixel, size.height*emuPerPixel, anchor[b+len(toEnd):])
	}
}
