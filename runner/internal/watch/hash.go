package watch

import (
	"strings"

	"github.com/gospawn/workbook/runner/internal/gofiles"
)

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

// incomplete reports whether cur looks like a save caught half way when
// compared with the previous snapshot prev: a Go file that was there is
// missing, a Go file is empty (no Go file is valid without its package
// clause), or the directory itself is gone.
func incomplete(cur, prev gofiles.Snapshot) bool {
	if cur.Missing && !prev.Missing {
		return true
	}
	for name := range prev.Sizes {
		if _, ok := cur.Sizes[name]; !ok {
			return true
		}
	}
	for _, size := range cur.Sizes {
		if size == 0 {
			return true
		}
	}
	return false
}
