package pipelinetest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// SMTPOptions configure StartSMTP.
type SMTPOptions struct {
	// TLS, when not nil, is offered through STARTTLS, or spoken from the
	// first byte with Implicit.
	TLS      *tls.Config
	Implicit bool
	// User and Password, when User is not "", are required through AUTH
	// PLAIN before MAIL FROM.
	User, Password string
	// Refuse, when not nil, may refuse a recipient at its try-th RCPT TO
	// (from 1) with the error it returns.
	Refuse func(rcpt string, try int) *smtp.SMTPError
}

// Mail is one message an SMTPServer accepted.
type Mail struct {
	From string
	To   []string
	Data []byte
}

// SMTPServer is a real SMTP server (emersion/go-smtp) on 127.0.0.1 at a
// port of the system's choosing, stopped when the test ends.
type SMTPServer struct {
	Host string
	Port int

	opts  SMTPOptions
	mu    sync.Mutex
	mails []Mail
	tries map[string]int
}

// StartSMTP starts an SMTPServer for t.
func StartSMTP(t testing.TB, o SMTPOptions) *SMTPServer {
	t.Helper()
	s := &SMTPServer{opts: o, tries: map[string]int{}}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &smtpSession{s: s}, nil }))
	srv.Domain = "localhost"
	srv.TLSConfig = o.TLS
	srv.AllowInsecureAuth = o.TLS == nil
	srv.ReadTimeout = time.Minute
	srv.WriteTimeout = time.Minute
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Host = "127.0.0.1"
	s.Port = l.Addr().(*net.TCPAddr).Port
	if o.Implicit {
		l = tls.NewListener(l, o.TLS)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(l) //nolint:errcheck // ends with Close
	}()
	t.Cleanup(func() {
		srv.Close()
		<-done
	})
	return s
}

// Mails returns the messages accepted so far, in order.
func (s *SMTPServer) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mails...)
}

// Tries returns how many times rcpt was given in RCPT TO.
func (s *SMTPServer) Tries(rcpt string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tries[rcpt]
}

type smtpSession struct {
	s      *SMTPServer
	authed bool
	mail   Mail
}

func (c *smtpSession) AuthMechanisms() []string {
	if c.s.opts.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (c *smtpSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != c.s.opts.User || pass != c.s.opts.Password {
			return errors.New("invalid credentials")
		}
		c.authed = true
		return nil
	}), nil
}

func (c *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if c.s.opts.User != "" && !c.authed {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "authentication required"}
	}
	c.mail = Mail{From: from}
	return nil
}

func (c *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	c.s.mu.Lock()
	c.s.tries[to]++
	try := c.s.tries[to]
	c.s.mu.Unlock()
	if c.s.opts.Refuse != nil {
		if err := c.s.opts.Refuse(to, try); err != nil {
			return err
		}
	}
	c.mail.To = append(c.mail.To, to)
	return nil
}

func (c *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	c.mail.Data = b
	c.s.mu.Lock()
	c.s.mails = append(c.s.mails, c.mail)
	c.s.mu.Unlock()
	return nil
}

func (c *smtpSession) Reset()        { c.mail = Mail{} }
func (c *smtpSession) Logout() error { return nil }

// TestCertificate returns a server configuration holding a fresh
// self-signed certificate for 127.0.0.1 and localhost, and the pool a
// client trusts it with.
func TestCertificate(t testing.TB) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "perfeval test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}}, pool
}

// ClientTLS returns a client configuration that trusts roots.
func ClientTLS(roots *x509.CertPool) *tls.Config {
	return &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
}
