// Package gofiles is the one rule of which files in a folder make up its Go
// package, the rule go build itself uses, and the digest of their content.
// `workbook next`, `list`, `solution`, watch mode and the grader all ask it,
// so that they never disagree about what an exercise's code is. It only
// reads: nothing here writes a file.
package gofiles

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// Counts reports whether go build reads a file named name (a base name): a
// name ending in ".go" that does not start with "." or "_". Editors' lock
// links (".#x.go"), auto-saves ("#x.go#"), backups ("x.go~") and swap files
// (".x.go.swp") do not count, whatever is in them.
func Counts(name string) bool {
	return strings.HasSuffix(name, ".go") && len(name) > len(".go") &&
		!strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "_")
}

// Digest identifies the content of a folder's Go files: their names and
// bytes. The zero Digest stands for "unknown".
type Digest [sha256.Size]byte

// IsZero reports whether d is the zero (unknown) Digest.
func (d Digest) IsZero() bool { return d == Digest{} }

// String returns the first 12 hexadecimal digits of d, enough to tell
// contents apart on screen and in logs.
func (d Digest) String() string { return hex.EncodeToString(d[:6]) }

// Hex returns all of d in hexadecimal, as it is stored.
func (d Digest) Hex() string { return hex.EncodeToString(d[:]) }

// Snapshot is what Read saw in a folder.
type Snapshot struct {
	// Digest is the digest of the files below.
	Digest Digest
	// Sizes are the sizes of the Go files read, by name; -1 for a file
	// that could not be read.
	Sizes map[string]int64
	// Missing is true when the folder does not exist (or is not a folder).
	Missing bool
}

// MissingDigest is the Digest of a folder that does not exist.
var MissingDigest = Digest(sha256.Sum256([]byte("gofiles: folder missing")))

// Read reads the Go files (see [Counts]) directly inside dir and digests
// their names and contents. It follows symbolic links, as go build does,
// and looks into no subfolder. What is not a regular file once links are
// followed (a dangling link, a folder or a FIFO named x.go) does not count:
// go build reports it better than a digest can. A file that vanishes while
// being read counts as absent; one that cannot be read counts with its
// error, so that a change of error is a change of content. The error is
// non-nil only when dir itself cannot be listed; the Snapshot then still
// has a Digest of that error (and Missing set when dir does not exist), so
// that a folder coming back is a change.
func Read(dir string) (Snapshot, error) {
	names, err := Names(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			return Snapshot{Digest: MissingDigest, Missing: true}, fmt.Errorf("listing %s: %w", dir, err)
		}
		d := Digest(sha256.Sum256([]byte("gofiles: unreadable folder: " + err.Error())))
		return Snapshot{Digest: d}, fmt.Errorf("listing %s: %w", dir, err)
	}
	h := sha256.New()
	sizes := make(map[string]int64, len(names))
	for _, name := range names {
		n, err := hashFile(h, filepath.Join(dir, name), name)
		switch {
		case errors.Is(err, errSkip):
			continue
		case err != nil:
			sizes[name] = -1
			continue
		}
		sizes[name] = n
	}
	s := Snapshot{Sizes: sizes}
	h.Sum(s.Digest[:0])
	return s, nil
}

// Names are the names of the Go files (see [Counts]) directly inside dir,
// sorted, as os.ReadDir lists them.
func Names(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		if Counts(e.Name()) {
			names = append(names, e.Name())
		}
	}
	return names, err
}

// errSkip marks a name that does not count after all.
var errSkip = errors.New("not a regular file")

// hashFile writes to h the file's name and the digest and length of its
// bytes, or its error, and returns the number of bytes.
func hashFile(h io.Writer, path, name string) (int64, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, errSkip // gone since the listing, or a dangling link
	}
	if err == nil && !fi.Mode().IsRegular() {
		return 0, errSkip
	}
	var f *os.File
	if err == nil {
		f, err = os.Open(path)
		if errors.Is(err, fs.ErrNotExist) {
			return 0, errSkip
		}
	}
	var n int64
	if err == nil {
		defer f.Close()
		// Digest as it streams: a huge file costs time, not memory.
		body := sha256.New()
		n, err = io.Copy(body, f)
		if err == nil {
			var lenBuf [8]byte
			binary.BigEndian.PutUint64(lenBuf[:], uint64(n))
			fmt.Fprintf(h, "%s\x00", name)
			h.Write(body.Sum(nil))
			h.Write(lenBuf[:])
			return n, nil
		}
	}
	fmt.Fprintf(h, "%s\x01%s\x00", name, err)
	return 0, err
}
