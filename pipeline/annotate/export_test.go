package annotate

// Internals the external tests (package annotate_test) use.
var (
	CellName        = cellName
	CommentsForeign = commentsForeign
)

const (
	FillReviewHeader = fillReviewHeader
	FillReviewCell   = fillReviewCell
	DraftNote        = draftNote
	MarkNamePrefix   = markNamePrefix
	AutomaticColour  = automaticColour
)
