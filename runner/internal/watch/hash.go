package watch

import (
	"fmt"
	"strings"

	"github.com/gospawn/workbook/runner/internal/gofiles"
)

// Hash identifies the content of a directory's Go files: the digest of
// [gofiles.Read], the one definition of an exercise's files. The zero Hash
// stands for "unknown".
type Hash = gofiles.Digest

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

// HashDir returns the Hash of dir's Go files (see [gofiles.Read]), read
// now. The error is non-nil only when dir itself cannot be listed
// (fs.ErrNotExist when it does not exist).
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
	files map[string]int64 // Go file name → size
	// missing: the directory does not exist (or is not a directory).
	missing bool
	// err: the directory could not be listed.
	err error
}

// missingHash is the hash of a directory that does not exist.
var missingHash = gofiles.MissingDigest

// scanDir reads the Go files of dir and hashes them.
func scanDir(dir string) dirState {
	s, err := gofiles.Read(dir)
	st := dirState{hash: s.Digest, files: s.Sizes, missing: s.Missing}
	if err != nil {
		st.err = fmt.Errorf("watch: %w", err)
	}
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
