package grade

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/gospawn/workbook/runner/internal/confine"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/course/coursetest"
)

// TestMain lets this test binary be the grader's -exec program, as the
// workbook command is: the grader runs each test binary through its own
// executable.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == confine.Command {
		os.Exit(confine.Main(os.Args[2:]))
	}
	code := m.Run()
	if workbookDir != "" {
		os.RemoveAll(workbookDir)
	}
	os.Exit(code)
}

// workbookDir holds the workbook command workbookBinary built, if any.
var workbookDir string

// workbookBinary builds the workbook command from this module, once for
// the tests that run it as a CI job would (the GitHub Actions workflow,
// Classroom 50's autograder).
var workbookBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "workbook-bin-")
	if err != nil {
		return "", err
	}
	workbookDir = dir
	bin := filepath.Join(dir, "workbook")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/gospawn/workbook/runner/cmd/workbook").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// warmed guards warmCache.
var warmed sync.Once

// warmCache fills the instructor's build cache, once per test binary, with
// what the gradings of these tests compile and may share: every package the
// real course's exercises and their tests import (the attacks grade it
// without the race detector) and coursetest.Tiny's, with and without it.
// A grading only reads that cache and compiles what it lacks into a cache
// of its own, which it removes (confine's cache.go): on CI's empty cache,
// where go test had built only this binary's standard library, every
// grading compiled the course's own dependencies again, and every grading
// with the race detector the whole standard library. A platform's setup
// and an instructor's own go test leave the cache warm in the same way.
func warmCache(t *testing.T) {
	t.Helper()
	warmed.Do(func() {
		tiny := coursetest.Write(t, coursetest.Tiny()...)
		if err := coursetest.WarmBuildCache(tiny.ModuleDir(), true, "./..."); err != nil {
			t.Log(err)
		}
		if c, err := course.Load(workbookRoot(t)); err != nil {
			t.Log(err)
		} else if err := coursetest.WarmBuildCache(c.ModuleDir(), false, "./..."); err != nil {
			t.Log(err)
		}
	})
}
