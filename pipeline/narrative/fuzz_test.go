package narrative_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/perfeval/perfeval/pipeline/narrative"
)

// FuzzTexts: any file of text templates either replaces some of the
// embedded ones or is refused with a TextsError; it never panics, and a
// file that loads keeps every embedded name.
func FuzzTexts(f *testing.F) {
	f.Add(`{{define "staff"}}{{.Self}}共有编制{{.Staff.Authorized}}名。{{end}}`)
	f.Add(`{{define "nope"}}x{{end}}`)
	f.Add(`{{define "staff"}}{{.Self{{end}}`)
	f.Add(`{{define "title"}}{{template "title"}}{{end}}`)
	f.Add("只有文字")
	base := narrative.DefaultTexts()
	want := strings.Join(base.Names(), ",")
	f.Fuzz(func(t *testing.T, src string) {
		tx, err := base.Override("fuzz.tmpl", src)
		if err != nil {
			var te *narrative.TextsError
			if !errors.As(err, &te) {
				t.Fatalf("Override error %v is no TextsError", err)
			}
			return
		}
		if got := strings.Join(tx.Names(), ","); got != want {
			t.Fatalf("names %s, want %s", got, want)
		}
	})
}
