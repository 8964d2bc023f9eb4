package summary

import (
	"encoding/json"
	"io"
)

// WriteJSON writes the summary as one JSON object: the figures of the
// workbook, decimals as strings (rates and completions percent figures, as
// in the reports), a missing figure null.
func (s *Summary) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(s)
}
