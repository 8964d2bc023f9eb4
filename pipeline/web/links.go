package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/perfeval/perfeval/template"
)

// SecretName is the file name of the secret that signs department links,
// in the root folder. Deleting it revokes every link given out.
const SecretName = "perfeval-web.key"

// secretSize is the secret's length in bytes.
const secretSize = 32

// OpSecret names reading or creating the secret in an *template.OpError.
const OpSecret template.Op = "department link secret"

// LoadSecret returns the secret at path, creating it on first use with
// mode 0600 (readable by the account perfeval runs as only).
func LoadSecret(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		if len(b) < secretSize {
			return nil, &template.OpError{Op: OpSecret, Path: path, Err: fmt.Errorf("%d bytes, want %d: damaged; delete it to make a new one (links given out stop working)", len(b), secretSize)}
		}
		return b, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, &template.OpError{Op: OpSecret, Path: path, Err: err}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return LoadSecret(path) // another server made it meanwhile
	}
	if err != nil {
		return nil, &template.OpError{Op: OpSecret, Path: path, Err: err}
	}
	b = make([]byte, secretSize)
	if _, err := io.ReadFull(rand.Reader, b); err != nil {
		f.Close()
		os.Remove(path)
		return nil, &template.OpError{Op: OpSecret, Path: path, Err: err}
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, &template.OpError{Op: OpSecret, Path: path, Err: err}
	}
	return b, nil
}

// Links signs and verifies department links: a token that names a
// department code and an expiry, signed with HMAC-SHA256.
type Links struct {
	secret []byte
}

// NewLinks returns the links of a secret (LoadSecret).
func NewLinks(secret []byte) Links { return Links{secret: secret} }

// Errors of Links.Verify.
var (
	// ErrLinkInvalid is a token that is malformed or not signed by this
	// root's secret.
	ErrLinkInvalid = errors.New("invalid department link")
	// ErrLinkExpired is a genuine token past its expiry.
	ErrLinkExpired = errors.New("department link expired")
)

// Sign returns the token of code, valid until expires.
func (l Links) Sign(code string, expires time.Time) string {
	payload := base64.RawURLEncoding.EncodeToString([]byte(code)) + "." + strconv.FormatInt(expires.Unix(), 10)
	return payload + "." + base64.RawURLEncoding.EncodeToString(l.mac(payload))
}

// Verify returns the code and expiry of a token; the error matches
// ErrLinkInvalid or ErrLinkExpired.
func (l Links) Verify(token string, now time.Time) (code string, expires time.Time, err error) {
	i := strings.LastIndexByte(token, '.')
	if i < 0 || len(token) > 512 {
		return "", time.Time{}, ErrLinkInvalid
	}
	payload := token[:i]
	sig, err := base64.RawURLEncoding.DecodeString(token[i+1:])
	if err != nil || !hmac.Equal(sig, l.mac(payload)) {
		return "", time.Time{}, ErrLinkInvalid
	}
	codePart, expPart, ok := strings.Cut(payload, ".")
	if !ok {
		return "", time.Time{}, ErrLinkInvalid
	}
	raw, err := base64.RawURLEncoding.DecodeString(codePart)
	if err != nil || len(raw) == 0 {
		return "", time.Time{}, ErrLinkInvalid
	}
	sec, err := strconv.ParseInt(expPart, 10, 64)
	if err != nil {
		return "", time.Time{}, ErrLinkInvalid
	}
	expires = time.Unix(sec, 0)
	if !now.Before(expires) {
		return string(raw), expires, ErrLinkExpired
	}
	return string(raw), expires, nil
}

// mac is the signature of a payload; the domain string keeps it from
// ever matching another use of the secret.
func (l Links) mac(payload string) []byte {
	m := hmac.New(sha256.New, l.secret)
	m.Write([]byte("perfeval department link v1\x00"))
	m.Write([]byte(payload))
	return m.Sum(nil)
}
