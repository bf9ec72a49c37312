// The filler: as many bytes as it can write, 600 MiB at most, into every
// folder it can find (where it starts, its temporary folder, its home, the
// folder of its own executable, the root), in files named by a word unique
// to the test's run (TestAttacks/Disk). It goes beside a correct solution.
package echo

import (
	"os"
	"path/filepath"
)

// marker names the files, put in by the test.
const marker = "@@MARKER@@"

func init() {
	dirs := []string{os.TempDir(), "/"}
	if wd, err := os.Getwd(); err == nil {
		dirs = append(dirs, wd)
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, home)
	}
	if exe, err := os.Executable(); err == nil {
		dirs = append(dirs, filepath.Dir(exe))
	}
	chunk := make([]byte, 1<<20)
	for _, dir := range dirs {
		f, err := os.Create(filepath.Join(dir, marker))
		if err != nil {
			continue
		}
		for range 600 {
			if _, err := f.Write(chunk); err != nil {
				break
			}
		}
		f.Close()
	}
}
