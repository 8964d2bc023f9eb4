package narrative_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/perfeval/perfeval/pipeline/narrative"
	"github.com/perfeval/perfeval/pipeline/pipelinetest"
)

// sampleDocs are the reports of the samples: the seed's, the returned
// sample's draft and the published project forms'.
func sampleDocs(t testing.TB) map[string]*narrative.Document {
	t.Helper()
	docs := map[string]*narrative.Document{
		"nanchang-2022":         build(t, "nanchang-2022.xlsx", narrative.Options{}),
		"example-returned-2022": build(t, "example-returned-2022.xlsx", narrative.Options{Draft: true}),
	}
	for _, n := range []string{"tianchang-2022", "zhongjiang-2022"} {
		docs[n], _, _ = buildProject(t, n)
	}
	return docs
}

// edgeDoc has every kind of block, and texts that test the writer's
// escaping and marks: XML's special characters, control characters,
// invalid UTF-8, spaces at the ends, marks at both ends, an empty table.
func edgeDoc() *narrative.Document {
	texts := []string{
		"", " ", "　全角空格　", "a & b < c > d \"e\" 'f'", "tab\there\r\nline", "\x01\x7f\uFFFD\xff\xfe",
		narrative.MarkMissing + "中" + narrative.MarkDoubtful, narrative.MarkDoubtful + narrative.MarkDoubtful,
		" 前导空格", "尾随空格 ", "多行\n文字" + narrative.MarkDoubtful + "\n", "\U0001F600 emoji",
	}
	d := &narrative.Document{Title: `标题 & "引号" <x>`}
	kinds := []narrative.Kind{narrative.Title, narrative.Heading1, narrative.Heading2, narrative.Heading3,
		narrative.Body, narrative.Centered, narrative.Right, 0, 99}
	for i, s := range texts {
		d.Blocks = append(d.Blocks, narrative.Block{Kind: kinds[i%len(kinds)], Text: s})
	}
	d.Blocks = append(d.Blocks,
		narrative.Block{Kind: narrative.PageBreak},
		narrative.Block{Kind: narrative.TableBlock},
		narrative.Block{Kind: narrative.TableBlock, Table: &narrative.Table{}},
		narrative.Block{Kind: narrative.SectionBreak, Landscape: true},
	)
	tb := &narrative.Table{Widths: []int{1000, 2000, 3000}, Header: 1}
	for i, s := range texts {
		tb.Rows = append(tb.Rows, []narrative.Cell{
			{Text: s, Bold: i%2 == 0, Center: i%3 == 0},
			{Text: s, Span: 2, Merge: i%4 == 1},
		})
	}
	long := ""
	for range 130 {
		long += "长"
	}
	tb.Rows = append(tb.Rows, []narrative.Cell{{Text: long, Span: 9}}, []narrative.Cell{{Merge: true}})
	d.Blocks = append(d.Blocks, narrative.Block{Kind: narrative.TableBlock, Table: tb},
		narrative.Block{Kind: narrative.SectionBreak}, narrative.Block{Kind: narrative.Body, Text: "结尾"})
	return d
}

// TestBodyMatchesGodocx expects the body writer to write word/document.xml
// byte for byte as godocx's types marshal it, for every sample's report
// and for a document of awkward texts.
func TestBodyMatchesGodocx(t *testing.T) {
	docs := sampleDocs(t)
	docs["edge"] = edgeDoc()
	for name, d := range docs {
		want, err := narrative.GodocxDocumentXML(d)
		if err != nil {
			t.Fatal(err)
		}
		if got := narrative.DocumentXML(d); !bytes.Equal(got, want) {
			t.Errorf("%s: document.xml differs from godocx's at byte %d:\n got …%s…\nwant …%s…", name, diffAt(got, want), around(got, diffAt(got, want)), around(want, diffAt(got, want)))
		}
	}
}

// TestWriterMatchesGodocx expects a shared Writer to write every sample's
// report as the package godocx writes on its own: the same parts in the
// same order with the same headers and, inflated, the same bytes. Only the
// deflated bytes of the document's own parts differ (deflateLevel); the
// shared ones are godocx's, byte for byte.
func TestWriterMatchesGodocx(t *testing.T) {
	w, err := narrative.NewWriter()
	if err != nil {
		t.Fatal(err)
	}
	docs := sampleDocs(t)
	docs["edge"] = edgeDoc()
	for name, d := range docs {
		var want, got bytes.Buffer
		if err := narrative.GodocxDocx(d, &want); err != nil {
			t.Fatal(err)
		}
		if err := w.WriteDocx(d, &got); err != nil {
			t.Fatal(err)
		}
		gz, wz := openZip(t, got.Bytes()), openZip(t, want.Bytes())
		if len(gz.File) != len(wz.File) {
			t.Fatalf("%s: %d parts, godocx writes %d", name, len(gz.File), len(wz.File))
		}
		for i, g := range gz.File {
			wf := wz.File[i]
			gh, wh := g.FileHeader, wf.FileHeader
			if g.Name == "word/document.xml" || g.Name == "docProps/core.xml" {
				gh.CompressedSize, gh.CompressedSize64 = wh.CompressedSize, wh.CompressedSize64
			}
			if !reflect.DeepEqual(gh, wh) {
				t.Errorf("%s: part %d's header is\n%+v,\ngodocx's\n%+v", name, i, gh, wh)
			}
			if gb, wb := pipelinetest.ZipPart(t, g), pipelinetest.ZipPart(t, wf); !bytes.Equal(gb, wb) {
				t.Errorf("%s: %s differs from godocx's at byte %d", name, g.Name, diffAt(gb, wb))
			}
		}
	}
}

func openZip(t *testing.T, b []byte) *zip.Reader {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return z
}

// TestWriterConcurrent shares one Writer between goroutines, as run's
// workers do: each document comes out as written alone.
func TestWriterConcurrent(t *testing.T) {
	w, err := narrative.NewWriter()
	if err != nil {
		t.Fatal(err)
	}
	docs := sampleDocs(t)
	want := map[string][]byte{}
	for name, d := range docs {
		var b bytes.Buffer
		if err := d.WriteDocx(&b); err != nil {
			t.Fatal(err)
		}
		want[name] = b.Bytes()
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(docs))
	for i := range 4 {
		for name, d := range docs {
			wg.Go(func() {
				var b bytes.Buffer
				if err := w.WriteDocx(d, &b); err != nil {
					errs <- err
					return
				}
				if !bytes.Equal(b.Bytes(), want[name]) {
					errs <- fmt.Errorf("round %d: %s differs", i, name)
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// FuzzBody writes any text in every kind of paragraph and in table cells,
// and expects godocx's bytes.
func FuzzBody(f *testing.F) {
	for _, b := range edgeDoc().Blocks {
		f.Add(b.Text, true)
	}
	f.Add("【待补充】【待核实】", false)
	f.Fuzz(func(t *testing.T, s string, bold bool) {
		d := &narrative.Document{Title: s}
		for k := narrative.Title; k <= narrative.Right; k++ {
			d.Blocks = append(d.Blocks, narrative.Block{Kind: k, Text: s})
		}
		d.Blocks = append(d.Blocks, narrative.Block{Kind: narrative.TableBlock, Table: &narrative.Table{
			Widths: []int{100, 200}, Header: 1,
			Rows: [][]narrative.Cell{{{Text: s, Bold: bold}, {Text: s, Center: !bold}}, {{Text: s, Span: 2, Merge: bold}}},
		}})
		want, err := narrative.GodocxDocumentXML(d)
		if err != nil {
			t.Skip() // text encoding/xml itself refuses
		}
		if got := narrative.DocumentXML(d); !bytes.Equal(got, want) {
			at := diffAt(got, want)
			t.Errorf("document.xml of %q differs from godocx's at byte %d:\n got …%s…\nwant …%s…", s, at, around(got, at), around(want, at))
		}
	})
}

// diffAt returns the first byte at which a and b differ.
func diffAt(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// around returns the bytes of b near at.
func around(b []byte, at int) string {
	return string(b[max(at-120, 0):min(at+120, len(b))])
}
