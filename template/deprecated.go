package template

import (
	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template/xlsx"
)

// OpenBytes is xlsx.Open.
//
// Deprecated: use xlsx.Open. OpenBytes stays only for
// pipeline/annotate_comments.go, which is being moved on main and will
// switch to xlsx.WithExcelizeComments; delete it then.
func OpenBytes(data []byte) (*excelize.File, error) {
	return xlsx.Open(data)
}
