package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
	_ "modernc.org/sqlite" // the database/sql driver "sqlite", pure Go

	"github.com/perfeval/perfeval/pipeline/ledger"
	"github.com/perfeval/perfeval/template"
)

// StoreName is the file name of the accounts and sessions in a root
// folder.
const StoreName = "perfeval-web.db"

// Store holds the bureau's local accounts and their sessions.
type Store struct {
	db *sql.DB
	// dummy is a hash compared against when the account does not exist,
	// so that a wrong name takes as long as a wrong password.
	dummy []byte
}

// storeMigrations are the store's schema versions, append-only as the
// ledger's are.
var storeMigrations = []string{
	`CREATE TABLE users (
		name       TEXT PRIMARY KEY,
		hash       TEXT NOT NULL,
		created_at TEXT NOT NULL,
		changed_at TEXT NOT NULL
	);
	CREATE TABLE sessions (
		id_hash    TEXT PRIMARY KEY,
		user       TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
		created_at TEXT NOT NULL,
		expires_at TEXT NOT NULL
	);`,
}

// ErrNewerStore is matched by the error of opening a store a newer
// perfeval wrote.
var ErrNewerStore = errors.New("account store written by a newer perfeval")

// OpOpenStore names opening the store in an *template.OpError.
const OpOpenStore template.Op = "open account store"

// OpenStore opens the store at path, creating it when missing, and brings
// its schema up to date.
func OpenStore(ctx context.Context, path string) (*Store, error) {
	// The file holds password hashes: readable by this account only.
	// SQLite gives its journal files the database's mode.
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrExist) {
		return nil, &template.OpError{Op: OpOpenStore, Path: path, Err: err}
	}
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)"} {
		q.Add("_pragma", p)
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return nil, &template.OpError{Op: OpOpenStore, Path: path, Err: err}
	}
	db.SetMaxOpenConns(1)
	if err := ledger.Migrate(ctx, db, storeMigrations, ErrNewerStore); err != nil {
		db.Close()
		return nil, &template.OpError{Op: OpOpenStore, Path: path, Err: err}
	}
	dummy, err := bcrypt.GenerateFromPassword([]byte("no such account"), bcrypt.DefaultCost)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("hash password: %w", err)
	}
	return &Store{db: db, dummy: dummy}, nil
}

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// User is a bureau account.
type User struct {
	Name      string
	CreatedAt time.Time
	ChangedAt time.Time
}

// Password limits: bcrypt reads at most 72 bytes.
const (
	MinPassword = 8
	MaxPassword = 72
)

// ErrBadUser and ErrBadPassword are matched by the error of SetPassword for
// a name or a password it does not take; the message says why in Chinese.
var (
	ErrBadUser     = errors.New("invalid user name")
	ErrBadPassword = errors.New("invalid password")
)

// CheckUserName returns an error matching ErrBadUser, worded in Chinese,
// when name cannot be an account name.
func CheckUserName(name string) error {
	switch {
	case name == "" || strings.TrimSpace(name) != name:
		return fmt.Errorf("%w: 账户名不能为空，也不能以空格开头或结尾", ErrBadUser)
	case utf8.RuneCountInString(name) > 64:
		return fmt.Errorf("%w: 账户名不能超过 64 个字符", ErrBadUser)
	case strings.ContainsFunc(name, template.Escaped) || !utf8.ValidString(name):
		return fmt.Errorf("%w: 账户名不能含有控制字符或不可见字符", ErrBadUser)
	}
	return nil
}

// CheckPassword returns an error matching ErrBadPassword, worded in
// Chinese, when password is too short or too long.
func CheckPassword(password string) error {
	switch {
	case utf8.RuneCountInString(password) < MinPassword:
		return fmt.Errorf("%w: 密码至少 %d 个字符", ErrBadPassword, MinPassword)
	case len(password) > MaxPassword:
		return fmt.Errorf("%w: 密码不能超过 %d 个字节（约 %d 个汉字）", ErrBadPassword, MaxPassword, MaxPassword/3)
	}
	return nil
}

// SetPassword creates the account name with password, or changes its
// password, and ends the account's sessions. created says which.
func (s *Store) SetPassword(ctx context.Context, name, password string) (created bool, err error) {
	if err := CheckUserName(name); err != nil {
		return false, err
	}
	if err := CheckPassword(password); err != nil {
		return false, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return false, fmt.Errorf("hash password: %w", err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	now := timeText(time.Now())
	res, err := tx.ExecContext(ctx, `UPDATE users SET hash = ?, changed_at = ? WHERE name = ?`, string(hash), now, name)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (name, hash, created_at, changed_at) VALUES (?, ?, ?, ?)`, name, string(hash), now, now); err != nil {
			return false, err
		}
		created = true
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user = ?`, name); err != nil {
		return false, err
	}
	return created, tx.Commit()
}

// RemoveUser removes an account and its sessions; ok is false when there
// was none.
func (s *Store) RemoveUser(ctx context.Context, name string) (ok bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user = ?`, name); err != nil {
		return false, err
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM users WHERE name = ?`, name)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, tx.Commit()
}

// Users returns the accounts in name order.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, created_at, changed_at FROM users ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		var created, changed string
		if err := rows.Scan(&u.Name, &created, &changed); err != nil {
			return nil, err
		}
		u.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
		u.ChangedAt, _ = time.Parse(time.RFC3339Nano, changed)
		out = append(out, u)
	}
	return out, rows.Err()
}

// Authenticate reports whether password is name's.
func (s *Store) Authenticate(ctx context.Context, name, password string) (bool, error) {
	var hash string
	err := s.db.QueryRowContext(ctx, `SELECT hash FROM users WHERE name = ?`, name).Scan(&hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_ = bcrypt.CompareHashAndPassword(s.dummy, []byte(password))
		return false, nil
	case err != nil:
		return false, err
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil, nil
}

// NewSession starts a session for user, valid for ttl, and returns its id:
// 256 random bits, of which the store keeps only the SHA-256.
func (s *Store) NewSession(ctx context.Context, user string, ttl time.Duration) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	id := base64.RawURLEncoding.EncodeToString(b)
	now := time.Now()
	// Expired sessions go when new ones come.
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, timeText(now)); err != nil {
		return "", err
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (id_hash, user, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		idHash(id), user, timeText(now), timeText(now.Add(ttl)))
	return id, err
}

// Session returns the user of a live session; ok is false for an unknown
// or expired id.
func (s *Store) Session(ctx context.Context, id string) (user string, ok bool, err error) {
	if id == "" {
		return "", false, nil
	}
	var expires string
	err = s.db.QueryRowContext(ctx, `SELECT user, expires_at FROM sessions WHERE id_hash = ?`, idHash(id)).Scan(&user, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	t, err := time.Parse(time.RFC3339Nano, expires)
	if err != nil || time.Now().After(t) {
		return "", false, nil
	}
	return user, true, nil
}

// EndSession ends a session.
func (s *Store) EndSession(ctx context.Context, id string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = ?`, idHash(id))
	return err
}

func idHash(id string) string {
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:])
}

func timeText(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
