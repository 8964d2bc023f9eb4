package summary

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
)

// WriteJSON writes the summary as one JSON object, on one line: the
// figures of the workbook, decimals as strings (rates and completions
// percent figures, as in the reports), a missing figure null. The rows of
// 未达标指标 and 审核问题 are its last members, "shortfalls" and "findings",
// written one at a time as they are read back (EachShortfall,
// EachFinding).
func (s *Summary) WriteJSON(w io.Writer) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return err
	}
	head := bytes.TrimSuffix(bytes.TrimRight(buf.Bytes(), "\n"), []byte("}"))
	bw := bufio.NewWriter(w)
	bw.Write(head)
	if len(head) > 1 {
		bw.WriteByte(',')
	}
	// array writes one member's rows; fn walks them, calling row with each.
	array := func(name string, walk func(row func(v any) error) error) error {
		bw.WriteString(`"` + name + `":[`)
		first := true
		err := walk(func(v any) error {
			buf.Reset()
			if err := enc.Encode(v); err != nil {
				return err
			}
			if !first {
				bw.WriteByte(',')
			}
			first = false
			_, err := bw.Write(bytes.TrimRight(buf.Bytes(), "\n"))
			return err
		})
		bw.WriteByte(']')
		return err
	}
	if err := array("shortfalls", func(row func(any) error) error {
		return s.EachShortfall(func(sf Shortfall) error { return row(sf) })
	}); err != nil {
		return err
	}
	bw.WriteByte(',')
	if err := array("findings", func(row func(any) error) error {
		return s.EachFinding(func(f FindingRow) error { return row(f) })
	}); err != nil {
		return err
	}
	bw.WriteString("}\n")
	return bw.Flush()
}
