package confine

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buildTool runs this test binary as the build's -toolexec program, with
// a memory bound, on tool and its arguments.
func buildTool(t *testing.T, limit string, tool ...string) (code int, stdout, stderr string) {
	t.Helper()
	self, err := os.Executable()
	require.NoError(t, err)
	cmd := exec.Command(self, append([]string{Command, "build", limit, "en"}, tool...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errb.String()
	}
	require.NoError(t, err)
	return 0, out.String(), errb.String()
}

// TestBuildBoundsEachProgram: a program of the build that needs more than
// its bound is stopped, with one sentence instead of the Go runtime's dump;
// one within it is passed through untouched.
func TestBuildBoundsEachProgram(t *testing.T) {
	self, err := os.Executable()
	require.NoError(t, err)
	code, _, stderr := buildTool(t, "134217728", self, "alloc")
	assert.Equal(t, 1, code)
	assert.Equal(t, "workbook grade: "+filepath.Base(self)+" used more than 128 MiB of memory, the grader's limit for one program of the build, and was stopped\n", stderr)

	code, stdout, stderr := buildTool(t, "134217728", "/bin/sh", "-c", "echo out; echo err >&2; exit 3")
	assert.Equal(t, 3, code)
	assert.Equal(t, "out\n", stdout)
	assert.Equal(t, "err\n", stderr)
}
