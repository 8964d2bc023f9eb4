package annotate

import (
	"strings"

	"github.com/xuri/excelize/v2"
)

// Comments that LibreOffice or openpyxl stored where excelize cannot edit
// them are moved by xlsx.WithExcelizeComments before the annotation; each
// is added back by restoredComment, in perfeval's look.

// restoredComment is a comment as GetComments read it, to be added again:
// the same cell, author and text, in a box that shows the text.
func restoredComment(c excelize.Comment) excelize.Comment {
	runs := make([]excelize.RichTextRun, len(c.Paragraph))
	var all strings.Builder
	all.WriteString(c.Text)
	for i, r := range c.Paragraph {
		r.Font = fontColoursFixed(r.Font)
		runs[i] = r
		all.WriteString(r.Text)
	}
	w, h := commentSize(all.String())
	return excelize.Comment{Cell: c.Cell, Author: c.Author, Text: c.Text, Paragraph: runs, Width: w, Height: h}
}
