package inbox

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"path/filepath"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Shard is one of Count parts of an inbox that several runners share, each
// with a root of its own, on several machines and without talking to one
// another: a runner of shard Index takes only the files whose name hashes
// to Index (ShardOf). The zero Shard is the whole inbox.
type Shard struct {
	Index, Count int
}

// Whole reports whether s is the whole inbox (no sharding).
func (s Shard) Whole() bool { return s.Count <= 1 }

// Valid reports whether s names a shard: 0 ≤ Index < Count, or the zero
// Shard.
func (s Shard) Valid() bool {
	return s == (Shard{}) || s.Count >= 1 && s.Index >= 0 && s.Index < s.Count
}

// Has reports whether the inbox file name belongs to s.
func (s Shard) Has(name string) bool {
	return s.Whole() || ShardOf(name, s.Count) == s.Index
}

// ShardOf returns the shard, of n, that an inbox file name belongs to: the
// first 8 bytes of the SHA-256 of the name (its Unicode NFC form, in UTF-8),
// as a big-endian unsigned number, modulo n. Only the name counts, never
// the content, which may still be being copied in; the same name gives the
// same shard on every machine and system (a Mac writes names decomposed,
// hence NFC), and anyone can compute it:
//
//	printf '%s' 'name.xlsx' | sha256sum   # the first 16 hex digits, mod n
func ShardOf(name string, n int) int {
	if n <= 1 {
		return 0
	}
	h := sha256.Sum256([]byte(norm.NFC.String(name)))
	return int(binary.BigEndian.Uint64(h[:8]) % uint64(n))
}

// ErrInboxIsOutput is matched by the error of Open when the inbox given in
// Options.Inbox is the root itself or one of the folders perfeval writes
// (or inside one): perfeval would take its own ledger or output for
// submissions.
var ErrInboxIsOutput = errors.New("the inbox is the root or one of its output folders")

// inboxOverlap returns the folder of f that its inbox is, or lies in, that
// must not hold submissions: the root itself or an output folder; "" when
// none.
func (f Folders) inboxOverlap() string {
	inbox := absClean(f.Inbox)
	if inbox == absClean(f.Root) {
		return f.Root
	}
	for _, d := range f.outputs() {
		if within(inbox, absClean(d)) {
			return d
		}
	}
	return ""
}

// absClean is path made absolute and clean, or only clean when it cannot
// be made absolute.
func absClean(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return filepath.Clean(path)
}

// within reports whether path is dir or lies inside it (both absolute and
// clean).
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	if err != nil {
		return false
	}
	return rel == "." || rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
