// The saboteur, for a grading without the sandbox: it writes an assembly
// file and an object file of nonsense into its exercise's folder of the
// course's checkout (where it starts), and every file of the grader's own
// folder that it can write (the copy of the course its run was built
// from, the build cache, the scripts), found from the spec on its
// parent's command line, so that every submission graded after it fails
// to build (TestAttacksUnconfined/Checkout). It goes beside a correct solution.
package echo

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// marker names the files it adds to the checkout, put in by the test.
const marker = "@@MARKER@@"

func init() {
	for _, name := range []string{marker + ".s", marker + ".syso", marker + ".c"} {
		os.WriteFile(name, []byte("this is not code\n"), 0o644)
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", os.Getppid()))
	if err != nil {
		return
	}
	for _, arg := range bytes.Split(cmdline, []byte{0}) {
		if !bytes.HasSuffix(arg, []byte("spec.json")) {
			continue
		}
		// The grading's folder: two up from the run's.
		scratch := filepath.Dir(filepath.Dir(filepath.Dir(string(arg))))
		filepath.WalkDir(scratch, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				os.WriteFile(p, []byte("this is not code\n"), 0o644)
			}
			return nil
		})
	}
}
