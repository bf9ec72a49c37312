// The scribbling: files written where the instructor's files are
// (TestAttacks/Scribble). It goes beside a correct solution.
package echo

import (
	"os"
	"os/user"
	"path/filepath"
)

// marker names every file written, unique to one run of the test
// (TestAttacks/Scribble).
const marker = "@@MARKER@@"

// The scribbling: a file in the home folder ($HOME, and the one the user
// database gives), in the shared temporary folder (os.TempDir and /tmp),
// and at the top of the course's checkout, found from the working
// directory (the test binary runs in its exercises/01_echo). Errors are
// ignored: a sandbox refuses some of these, and the solution still works.
func init() {
	var dirs []string
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, home)
	}
	if u, err := user.Current(); err == nil {
		dirs = append(dirs, u.HomeDir)
	}
	dirs = append(dirs, os.TempDir(), "/tmp")
	if wd, err := os.Getwd(); err == nil {
		for dir := wd; filepath.Dir(dir) != dir; dir = filepath.Dir(dir) {
			if _, err := os.Stat(filepath.Join(dir, "workbook.toml")); err == nil {
				dirs = append(dirs, dir)
				break
			}
		}
	}
	for _, dir := range dirs {
		_ = os.WriteFile(filepath.Join(dir, marker), []byte("scribbled\n"), 0o644)
	}
}
