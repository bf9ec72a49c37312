package watch

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// Hash identifies the content of a directory's Go files: their names and
// bytes (see [HashDir]). The zero Hash stands for "unknown".
type Hash [sha256.Size]byte

// IsZero reports whether h is the zero (unknown) Hash.
func (h Hash) IsZero() bool { return h == Hash{} }

// String returns the first 12 hexadecimal digits of h, enough to tell
// contents apart on screen and in logs.
func (h Hash) String() string { return hex.EncodeToString(h[:6]) }

// Relevant reports whether a file named name (a base name) is one whose
// content counts for an exercise: a Go source file the go tool would build
// or test, that is a name ending in ".go" that does not start with "." or
// "_" (the go tool ignores those).
func Relevant(name string) bool {
	return strings.HasSuffix(name, ".go") && len(name) > len(".go") &&
		!strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "_")
}

// Ignored reports whether a file named name (a base name) is an editor's
// temporary, backup, swap or lock file, or operating-system litter, whose
// changes the Watcher ignores:
//
//   - vim: swap files (".x.go.swp", ".swo", ".swx", …), backups ("x.go~")
//     and its write-permission probe ("4913", or any name made of digits);
//   - emacs: auto-save files ("#x.go#") and lock links (".#x.go");
//   - JetBrains safe write: "x.go___jb_tmp___", "x.go___jb_old___";
//   - temporary names used by VS Code-style atomic writes and other tools:
//     "x.go.tmp", "x.go.tmp.1234", ".x.go.tmp123", "x.go.tmp-abc",
//     ".goutputstream-XXXXXX" (gedit), "x.go.crswap", "x.go.kate-swp",
//     "x.go.save", "x.go.bak", "x.go.orig", "x.go.part";
//   - ".DS_Store", "._x.go" (macOS), "Thumbs.db", "desktop.ini".
func Ignored(name string) bool {
	if name == "" || name == "." || name == ".." {
		return true
	}
	switch name {
	case ".DS_Store", "Thumbs.db", "desktop.ini", ".directory":
		return true
	}
	if allDigits(name) { // vim's 4913 probe and its successors
		return true
	}
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(name, "~"), // vim/emacs backups
		strings.HasPrefix(name, ".#"),                                // emacs lock
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"), // emacs auto-save
		strings.HasPrefix(name, "._"),                                // macOS resource forks
		strings.HasPrefix(name, ".goutputstream-"),                   // GIO (gedit)
		strings.HasSuffix(name, "___jb_tmp___"),                      // JetBrains
		strings.HasSuffix(name, "___jb_old___"),                      // JetBrains
		strings.HasSuffix(name, "___jb_bak___"),                      // JetBrains
		isVimSwap(name),                                              // vim swap
		hasTempMarker(lower),                                         // x.go.tmp, .x.go.tmp123, x.go.tmp.4567
		strings.HasSuffix(lower, ".crswap"),
		strings.HasSuffix(lower, ".kate-swp"),
		strings.HasSuffix(lower, ".swp"),
		strings.HasSuffix(lower, ".save"),
		strings.HasSuffix(lower, ".bak"),
		strings.HasSuffix(lower, ".orig"),
		strings.HasSuffix(lower, ".part"):
		return true
	}
	return false
}

// isVimSwap reports whether name looks like a vim swap file: ".NAME.sw?"
// (".swp", ".swo", …, ".swa") or the ".swx" name vim probes with.
func isVimSwap(name string) bool {
	if !strings.HasPrefix(name, ".") || len(name) < 5 {
		return false
	}
	ext := name[len(name)-4:]
	return ext[:3] == ".sw" && ext[3] >= 'a' && ext[3] <= 'z'
}

// hasTempMarker reports whether a lower-cased name contains ".tmp" or
// ".temp" not followed by a letter: "x.go.tmp", "x.go.tmp.12", ".x.tmp3",
// "x.go.temp-ab"; but not "render.tmpl.go" or "x.template.go".
func hasTempMarker(lower string) bool {
	for _, marker := range []string{".tmp", ".temp"} {
		for rest := lower; ; {
			i := strings.Index(rest, marker)
			if i < 0 {
				break
			}
			rest = rest[i+len(marker):]
			if rest == "" || rest[0] < 'a' || rest[0] > 'z' {
				return true
			}
		}
	}
	return false
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// HashDir returns the Hash of the relevant files (see [Relevant]) directly
// inside dir: their names and contents, read now. Symbolic links are
// followed; subdirectories are not looked into. A file that vanishes while
// being read counts as absent; one that cannot be read counts with its
// error, so that a change of error is a change of content. The error is
// non-nil only when dir itself cannot be listed (fs.ErrNotExist when it
// does not exist).
func HashDir(dir string) (Hash, error) {
	st := scanDir(dir)
	if st.err != nil {
		return Hash{}, st.err
	}
	return st.hash, nil
}

// dirState is what scanDir saw in a directory.
type dirState struct {
	hash  Hash
	files map[string]int64 // relevant file name → size
	// missing: the directory does not exist (or is not a directory).
	missing bool
	// err: the directory could not be listed.
	err error
}

// missingHash is the hash of a directory that does not exist.
var missingHash = Hash(sha256.Sum256([]byte("watch: directory missing")))

// scanDir reads the relevant files of dir and hashes them.
func scanDir(dir string) dirState {
	entries, err := os.ReadDir(dir)
	if err != nil {
		st := dirState{err: fmt.Errorf("watch: listing %s: %w", dir, err)}
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			st.missing = true
			st.hash = missingHash
		} else {
			st.hash = Hash(sha256.Sum256([]byte("watch: unreadable directory: " + err.Error())))
		}
		return st
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if Relevant(e.Name()) {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)

	h := sha256.New()
	files := make(map[string]int64, len(names))
	var lenBuf [8]byte
	for _, name := range names {
		path := filepath.Join(dir, name)
		fi, err := os.Stat(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue // gone since the listing, or a dangling link
		}
		if err == nil && !fi.Mode().IsRegular() {
			continue // a directory or device named *.go
		}
		var data []byte
		if err == nil {
			data, err = os.ReadFile(path)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
		}
		h.Write([]byte(name))
		if err != nil {
			h.Write([]byte{1})
			h.Write([]byte(err.Error()))
			h.Write([]byte{0})
			files[name] = -1
			continue
		}
		h.Write([]byte{0})
		binary.BigEndian.PutUint64(lenBuf[:], uint64(len(data)))
		h.Write(lenBuf[:])
		h.Write(data)
		files[name] = int64(len(data))
	}
	var st dirState
	h.Sum(st.hash[:0])
	st.files = files
	return st
}

// incomplete reports whether st looks like a save caught half way when
// compared with the previous state prev: a Go file that was there is
// missing, a Go file is empty (no Go file is valid without its package
// clause), or the directory itself is gone.
func (st dirState) incomplete(prev dirState) bool {
	if st.missing && !prev.missing {
		return true
	}
	for name := range prev.files {
		if _, ok := st.files[name]; !ok {
			return true
		}
	}
	for _, size := range st.files {
		if size == 0 {
			return true
		}
	}
	return false
}
