package annotate

// Internals the external tests (package annotate_test) use.
var (
	CellName = cellName
)

const (
	FillReviewHeader = fillReviewHeader
	FillReviewCell   = fillReviewCell
	DraftNote        = draftNote
	MarkNamePrefix   = markNamePrefix
	AutomaticColour  = automaticColour
)
