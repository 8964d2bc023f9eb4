package pipelinetest

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
)

// ParsedMail is a message read back the way a mail client reads it.
type ParsedMail struct {
	Subject     string
	To          string
	Body        string
	Attachments []MailAttachment
}

// MailAttachment is one attached file: its name as a client shows it
// (RFC 2047 decoded) and its decoded bytes.
type MailAttachment struct {
	Name string
	Data []byte
}

// ParseMail reads data as a MIME message, failing t when it does not
// parse.
func ParseMail(t testing.TB, data []byte) ParsedMail {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("read message: %v", err)
	}
	var dec mime.WordDecoder
	var p ParsedMail
	if p.Subject, err = dec.DecodeHeader(m.Header.Get("Subject")); err != nil {
		t.Fatalf("subject: %v", err)
	}
	p.To, _ = dec.DecodeHeader(m.Header.Get("To"))
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("content type: %v", err)
	}
	if !strings.HasPrefix(mt, "multipart/") {
		p.Body = string(decodePart(t, m.Header.Get("Content-Transfer-Encoding"), m.Body))
		return p
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("next part: %v", err)
		}
		body := decodePart(t, part.Header.Get("Content-Transfer-Encoding"), part)
		disp, dp, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
		if disp == "attachment" {
			name, err := dec.DecodeHeader(dp["filename"])
			if err != nil {
				t.Fatalf("attachment name %q: %v", dp["filename"], err)
			}
			p.Attachments = append(p.Attachments, MailAttachment{Name: name, Data: body})
			continue
		}
		p.Body += string(body)
	}
	return p
}

func decodePart(t testing.TB, enc string, r io.Reader) []byte {
	t.Helper()
	switch strings.ToLower(enc) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode %s part: %v", enc, err)
	}
	return b
}
