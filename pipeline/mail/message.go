package mail

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/template"

	gomail "github.com/wneessen/go-mail"
)

// Message is one mail to one department.
type Message struct {
	// Key says what is sent (such as "distribute:2022:101001"); with To it
	// keys the send log.
	Key string
	// To is the recipient's address, ToName the name shown with it.
	To, ToName string
	Subject    string
	Body       string
	// Attachment is the file attached, AttachmentName the name the
	// recipient sees (Chinese allowed); "" attaches nothing.
	Attachment     string
	AttachmentName string
}

// xlsxType is the content type of an .xlsx attachment.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// build returns m as a go-mail message from from: UTF-8, base64 for the
// body and the attachment, and the attachment's name as an RFC 2047
// encoded word in both Content-Type and Content-Disposition, which
// Outlook, Foxmail, the web mails and Thunderbird all show.
func (m Message) build(from string) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingB64))
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("sender %q: %w", from, err)
	}
	if err := msg.AddToFormat(m.ToName, m.To); err != nil {
		return nil, fmt.Errorf("recipient %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	if m.Attachment != "" {
		name := m.AttachmentName
		if name == "" {
			name = m.Attachment
		}
		msg.AttachFile(m.Attachment, gomail.WithFileName(name), gomail.WithFileContentType(gomail.ContentType(xlsxType)))
	}
	msg.SetMessageID()
	msg.SetDate()
	return msg, nil
}

// ErrTemplate is returned by ParseTemplate and Template.Execute for a
// text template that cannot be used.
var ErrTemplate = errors.New("mail template")

// Template makes a subject and body from data: a Go text/template whose
// output's first line is the subject (a leading "主题：" is dropped) and
// whose lines after the first blank one are the body.
type Template struct {
	t *template.Template
}

// ParseTemplate parses text (named name in errors) as a Template; an
// error wraps ErrTemplate.
func ParseTemplate(name, text string) (*Template, error) {
	t, err := template.New(name).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrTemplate, err)
	}
	return &Template{t: t}, nil
}

// Execute returns the subject and body t makes of data; an error wraps
// ErrTemplate.
func (t *Template) Execute(data any) (subject, body string, err error) {
	var b bytes.Buffer
	if err := t.t.Execute(&b, data); err != nil {
		return "", "", fmt.Errorf("%w: %w", ErrTemplate, err)
	}
	text := strings.ReplaceAll(b.String(), "\r\n", "\n")
	subject, body, _ = strings.Cut(text, "\n")
	subject = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(subject), "主题："))
	body = strings.TrimLeft(body, "\n")
	if subject == "" {
		return "", "", fmt.Errorf("%w: %s: the first line, the subject, is empty", ErrTemplate, t.t.Name())
	}
	return subject, body, nil
}

// WriteEML writes m from from to w as an .eml file would hold it.
func (m Message) WriteEML(w io.Writer, from string) error {
	msg, err := m.build(from)
	if err != nil {
		return err
	}
	_, err = msg.WriteTo(w)
	return err
}
