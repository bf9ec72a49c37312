package watch

import (
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/gospawn/workbook/runner/internal/gofiles"
)

// racyWindow: content read less than this long after the file's
// modification time is read again at the next poll, because a file system
// with coarse time stamps (FAT: 2 s, some network file systems: 1 s) could
// record a second write in the same time stamp without changing the size.
const racyWindow = 2 * time.Second

// pollEntry is what the poller remembers of one file.
type pollEntry struct {
	size  int64
	mtime time.Time
	mode  fs.FileMode
	sum   [sha256.Size]byte
	read  time.Time // when the content was read
}

// poller computes cheap fingerprints of directories: it stats the relevant
// files and reads only those whose size, time stamp or mode changed, or
// whose last read was too close to their time stamp to be trusted.
type poller struct {
	files map[string]*pollEntry // by path
}

func newPoller() *poller { return &poller{files: make(map[string]*pollEntry)} }

// fingerprint returns a digest that changes whenever the relevant files of
// dir change. It is not the same value as gofiles.Read's.
func (p *poller) fingerprint(dir string, now time.Time) gofiles.Digest {
	names, err := gofiles.Names(dir)
	if err != nil {
		p.forget(dir, nil)
		return gofiles.Digest(sha256.Sum256([]byte("watch: poll error: " + err.Error())))
	}
	h := sha256.New()
	seen := make(map[string]bool, len(names))
	for _, name := range names {
		path := filepath.Join(dir, name)
		fi, err := os.Stat(path)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		seen[path] = true
		e := p.files[path]
		if e == nil || e.size != fi.Size() || !e.mtime.Equal(fi.ModTime()) ||
			e.mode != fi.Mode() || e.read.Sub(e.mtime) < racyWindow {
			data, err := os.ReadFile(path)
			if err != nil {
				delete(p.files, path)
				continue
			}
			e = &pollEntry{size: fi.Size(), mtime: fi.ModTime(), mode: fi.Mode(),
				sum: sha256.Sum256(data), read: now}
			p.files[path] = e
		}
		h.Write([]byte(name))
		h.Write([]byte{0})
		h.Write(e.sum[:])
	}
	p.forget(dir, seen)
	var fp gofiles.Digest
	h.Sum(fp[:0])
	return fp
}

// forget drops the entries of files in dir not in keep.
func (p *poller) forget(dir string, keep map[string]bool) {
	for path := range p.files {
		if filepath.Dir(path) == dir && !keep[path] {
			delete(p.files, path)
		}
	}
}
