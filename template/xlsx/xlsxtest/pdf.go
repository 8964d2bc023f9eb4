package xlsxtest

import (
	"context"
	"encoding/xml"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// RequireTool skips a test when an outside program is missing, unless
// PERFEVAL_REQUIRE_TOOLS is set, where it fails instead.
func RequireTool(t testing.TB, name string, args ...string) {
	t.Helper()
	if err := exec.Command(name, args...).Run(); err != nil {
		if os.Getenv("PERFEVAL_REQUIRE_TOOLS") != "" {
			t.Fatalf("%s is required (PERFEVAL_REQUIRE_TOOLS is set): %v", name, err)
		}
		t.Skipf("%s not available: %v", name, err)
	}
}

// PrintPDF prints a workbook to PDF through LibreOffice, as a person
// printing it would get it, and returns the PDF's path in a temporary
// folder of the test. It skips the test when soffice or poppler's tools
// are missing (RequireTool).
func PrintPDF(t testing.TB, src string) string {
	t.Helper()
	RequireTool(t, "soffice", "--version")
	RequireTool(t, "pdftotext", "-v")
	RequireTool(t, "pdftohtml", "-v")
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "soffice", "--headless", "--norestore",
		"-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "pdf", "--outdir", dir, src)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	pdf := filepath.Join(dir, strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))+".pdf")
	if _, err := os.Stat(pdf); err != nil {
		t.Fatalf("soffice wrote no PDF: %v", err)
	}
	return pdf
}

// Page is one printed page of a PDF.
type Page struct {
	// Text is the page's text laid out as printed (pdftotext -layout).
	Text string
	// MinFont is the size, in points on paper, of the smallest text on
	// the page, to a third of a point; Smallest is some text in that size.
	MinFont  float64
	Smallest string
}

// PDFTexts returns the text of each page of a PDF, laid out as printed
// (pdftotext -layout).
func PDFTexts(t testing.TB, pdf string) []string {
	t.Helper()
	b, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	texts := strings.Split(string(b), "\f")
	if n := len(texts); n > 0 && strings.TrimSpace(texts[n-1]) == "" {
		texts = texts[:n-1]
	}
	return texts
}

// PDFPages returns the pages of a PDF with their text and the size of
// their smallest text.
func PDFPages(t testing.TB, pdf string) []Page {
	t.Helper()
	texts := PDFTexts(t, pdf)
	// pdftohtml gives each run of text its font size in pixels at the
	// zoom, rounded; at its largest zoom, 3, that is a third of a point.
	x, err := exec.Command("pdftohtml", "-xml", "-i", "-q", "-zoom", "3", "-stdout", pdf).Output()
	if err != nil {
		t.Fatalf("pdftohtml: %v", err)
	}
	var doc struct {
		Pages []struct {
			Width  float64 `xml:"width,attr"`
			Height float64 `xml:"height,attr"`
			Fonts  []struct {
				ID   string `xml:"id,attr"`
				Size string `xml:"size,attr"`
			} `xml:"fontspec"`
			Texts []struct {
				Font  string `xml:"font,attr"`
				Inner string `xml:",innerxml"`
			} `xml:"text"`
		} `xml:"page"`
	}
	// pdftohtml's XML has no encoding problems to speak of, but may carry
	// a DOCTYPE the decoder need not resolve.
	dec := xml.NewDecoder(strings.NewReader(string(x)))
	dec.Strict = false
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("read pdftohtml output: %v", err)
	}
	if len(doc.Pages) != len(texts) {
		t.Fatalf("pdftohtml found %d pages, pdftotext %d", len(doc.Pages), len(texts))
	}
	sizes := map[string]float64{}
	pages := make([]Page, len(texts))
	for i, p := range doc.Pages {
		// The zoom, from the page's size on an A4 sheet either way round.
		zoom := math.Max(p.Width, p.Height) / 841.89
		for _, f := range p.Fonts {
			v, err := strconv.ParseFloat(f.Size, 64)
			if err != nil {
				t.Fatalf("font size %q: %v", f.Size, err)
			}
			sizes[f.ID] = v
		}
		pages[i].Text = texts[i]
		for _, tx := range p.Texts {
			s := strings.TrimSpace(stripTags(tx.Inner))
			if s == "" {
				continue
			}
			size := math.Round(sizes[tx.Font]/zoom*100) / 100
			if pages[i].MinFont == 0 || size < pages[i].MinFont {
				pages[i].MinFont, pages[i].Smallest = size, s
			}
		}
	}
	return pages
}

// stripTags removes the <b> and <i> elements pdftohtml wraps runs in.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}
