package template

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

func ExampleRef_String() {
	fmt.Println(Ref{Sheet: "绩效指标", Row: 12, Col: 5})
	fmt.Println(Ref{Sheet: "绩效指标", Row: 2})
	fmt.Println(Ref{Sheet: "决算收支"})
	// Output:
	// 绩效指标!E12
	// 绩效指标!2:2
	// 决算收支
}

// seedBytes returns the bytes of the filled sample workbook.
func seedBytes(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("../samples/nanchang-2022.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestOpenUnreadable(t *testing.T) {
	seed := seedBytes(t)
	encrypted := func() []byte {
		f, err := excelize.OpenReader(bytes.NewReader(seed))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "locked.xlsx")
		if err := f.SaveAs(path, excelize.Options{Password: "123456"}); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}()
	var zipNoWorkbook bytes.Buffer
	zw := zip.NewWriter(&zipNoWorkbook)
	w, _ := zw.Create("hello.txt")
	w.Write([]byte("不是工作簿"))
	zw.Close()

	tests := []struct {
		name string
		data []byte
		code string
	}{
		{"empty file", nil, "not_xlsx"},
		{"text renamed .xlsx", []byte("部门,得分\n南昌,94\n"), "not_xlsx"},
		{"truncated", seed[:len(seed)/3], "not_xlsx"},
		{"legacy .xls container", append(bytes.Clone(cfbMagic), make([]byte, 1024)...), "not_xlsx"},
		{"zip without a workbook", zipNoWorkbook.Bytes(), "not_xlsx"},
		{"password encrypted", encrypted, "encrypted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := OpenBytes(tt.data)
			var ue *UnreadableError
			if !errors.As(err, &ue) {
				if f != nil {
					f.Close()
				}
				t.Fatalf("OpenBytes = %v, want an *UnreadableError", err)
			}
			if ue.Code != tt.code || ue.Reason == "" {
				t.Errorf("code %q reason %q, want code %q and a reason", ue.Code, ue.Reason, tt.code)
			}
		})
	}
}

func TestOpenTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.xlsx")
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	fh.Write(zipMagic)
	if err := fh.Truncate(MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	_, err = Open(path)
	var ue *UnreadableError
	if !errors.As(err, &ue) || ue.Code != "too_large" {
		t.Fatalf("Open = %v, want too_large", err)
	}
}

// TestReadSample reads the filled sample and finds every part of the layout.
func TestReadSample(t *testing.T) {
	f, err := OpenBytes(seedBytes(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	form := Read(f, Department)
	if len(form.Issues) != 0 {
		t.Errorf("issues: %+v", form.Issues)
	}
	if got := len(form.Indicators); got != 44 {
		t.Errorf("got %d indicators, want 44", got)
	}
	if got := len(form.Budget); got != 5 {
		t.Errorf("got %d budget rows, want 5", got)
	}
	for _, fd := range Department.Info.Fields {
		if fd.Required {
			if c, ok := form.Fields[fd.Key]; !ok || c.Empty() {
				t.Errorf("field %s not found", fd.Key)
			}
		}
	}
	if c := form.Fields["dept_name"]; c.Ref.String() != "基本信息!B3" || c.Raw != "南昌市政务服务数据管理局" {
		t.Errorf("dept_name = %+v", c)
	}
	if got := len(form.Breakdowns["by_function"]); got != 4 {
		t.Errorf("by_function has %d items, want 4", got)
	}
	if got := len(form.Breakdowns["by_economic"]); got != 4 {
		t.Errorf("by_economic has %d items, want 4", got)
	}
	in := form.Indicators[1]
	if in.Name.Raw != "扩种扩量电子证照" || in.Target.Raw != ">=290种" || in.Weight.Raw != "1.5" || !in.Level1Carried && in.Level1.Raw != "产出指标" {
		t.Errorf("indicator 1 = %+v", in)
	}
	if form.Meta["template_version"] != Department.Version {
		t.Errorf("meta = %v", form.Meta)
	}
}

// TestReadBlankTemplate is the round trip: a generated template reads back
// with every sheet, column and field found and no indicators.
func TestReadBlankTemplate(t *testing.T) {
	f, err := Generate(Department, &Data{Year: 2022})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	g, err := OpenBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	form := Read(g, Department)
	if len(form.Issues) != 0 {
		t.Errorf("issues: %+v", form.Issues)
	}
	if len(form.Indicators) != 0 {
		t.Errorf("blank template has %d indicators", len(form.Indicators))
	}
}

// FuzzRead feeds arbitrary bytes, seeded with real workbooks and their
// broken variants, to the opener and reader: every input ends either as an
// *UnreadableError or as a Form, never as a panic.
func FuzzRead(f *testing.F) {
	seed, err := os.ReadFile("../samples/nanchang-2022.xlsx")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add(seed[:len(seed)/2])
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		wb, err := OpenBytes(data)
		if err != nil {
			var ue *UnreadableError
			if !errors.As(err, &ue) || ue.Reason == "" {
				t.Fatalf("OpenBytes error %v is not an *UnreadableError with a reason", err)
			}
			return
		}
		defer wb.Close()
		form := Read(wb, Department)
		for _, is := range form.Issues {
			if is.Code == "" || is.Message == "" {
				t.Fatalf("issue without code or message: %+v", is)
			}
		}
	})
}
