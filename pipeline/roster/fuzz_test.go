package roster

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/perfeval/perfeval/pipeline/finding"
)

// FuzzParse feeds any bytes to the roster reader, as a .csv and as an
// .xlsx: it never panics, every problem is a finding with a code, a
// severity and a Chinese message, and every department it returns has a
// code or a name.
func FuzzParse(f *testing.F) {
	f.Add("名单.csv", []byte("部门编码,部门名称,联系人,邮箱\n101001,南昌市政务服务数据管理局,张三,zhang@example.com\n"))
	f.Add("名单.csv", []byte("部门编码,部门名称,联系人,邮箱,全年预算数\n101001,甲,乙,bad-mail,十万\n101001,丙,,a@b.cn,1\n"))
	f.Add("名单.csv", []byte("\xef\xbb\xbf部门编码;部门名称\n\"1\"\"0\",x\n"))
	f.Add("名单.xlsx", []byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if !strings.HasSuffix(name, ".csv") && !strings.HasSuffix(name, ".xlsx") {
			name += ".csv"
		}
		r, fs := Parse(name, data)
		for _, fd := range fs {
			if !fd.Code.Known() || fd.Severity == finding.SeverityInvalid || fd.Message == "" || !utf8.ValidString(fd.Message) {
				t.Fatalf("finding %+v", fd)
			}
		}
		if r == nil {
			return
		}
		for _, d := range r.Departments {
			if d.Code == "" && d.Name == "" {
				t.Fatalf("a department with neither code nor name: %+v", d)
			}
		}
	})
}
