package grade

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/gospawn/workbook/runner/internal/confine"
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
