package mail

import (
	"crypto/tls"
	"errors"
	"fmt"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// TLSMode says how the connection to the SMTP server is protected.
type TLSMode string

// The TLS modes.
const (
	// TLSNone is a plain connection: nothing is encrypted.
	TLSNone TLSMode = "none"
	// TLSStartTLS upgrades a plain connection with STARTTLS, and refuses a
	// server that does not offer it.
	TLSStartTLS TLSMode = "starttls"
	// TLSImplicit speaks TLS from the first byte (port 465).
	TLSImplicit TLSMode = "tls"
)

// ErrTLSMode is returned by ParseTLSMode for a word that names no mode.
var ErrTLSMode = errors.New("unknown tls mode")

// ParseTLSMode returns the mode s names ("none", "starttls" or "tls"), or
// ErrTLSMode.
func ParseTLSMode(s string) (TLSMode, error) {
	switch m := TLSMode(s); m {
	case TLSNone, TLSStartTLS, TLSImplicit:
		return m, nil
	}
	return "", fmt.Errorf("%w: %q", ErrTLSMode, s)
}

// DefaultPort is the usual port of mode: 25, 587 or 465.
func (m TLSMode) DefaultPort() int {
	switch m {
	case TLSNone:
		return 25
	case TLSImplicit:
		return 465
	}
	return 587
}

// Settings say how to reach the SMTP server and who sends.
type Settings struct {
	Host string
	// Port is the server's port; 0 is the mode's DefaultPort.
	Port int
	TLS  TLSMode
	// User is the login; "" sends without AUTH.
	User     string
	Password string
	// From is the sender's address.
	From string
	// TLSConfig, when not nil, is used for STARTTLS and implicit TLS (tests
	// trust their own certificate with it); its ServerName defaults to Host.
	TLSConfig *tls.Config
	// Timeout bounds each connection and command; 0 is 30 seconds.
	Timeout time.Duration
}

// client returns a go-mail client for s.
func (s Settings) client() (*gomail.Client, error) {
	port := s.Port
	if port == 0 {
		port = s.TLS.DefaultPort()
	}
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	opts := []gomail.Option{gomail.WithPort(port), gomail.WithTimeout(timeout)}
	switch s.TLS {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	default:
		return nil, fmt.Errorf("%w: %q", ErrTLSMode, s.TLS)
	}
	if s.TLSConfig != nil {
		cfg := s.TLSConfig.Clone()
		if cfg.ServerName == "" {
			cfg.ServerName = s.Host
		}
		opts = append(opts, gomail.WithTLSConfig(cfg))
	}
	if s.User != "" {
		auth := gomail.SMTPAuthPlain
		if s.TLS == TLSNone {
			// The bureau chose a plain connection; PLAIN would refuse it.
			auth = gomail.SMTPAuthPlainNoEnc
		}
		opts = append(opts, gomail.WithSMTPAuth(auth), gomail.WithUsername(s.User), gomail.WithPassword(s.Password))
	}
	c, err := gomail.NewClient(s.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("smtp client for %s: %w", s.Host, err)
	}
	return c, nil
}
