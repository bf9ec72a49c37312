//go:build unix

package grade

import (
	"os"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// leakToChildren gives f a descriptor without close-on-exec, which every
// process the grading starts inherits, until the returned function closes
// it.
func leakToChildren(t *testing.T, f *os.File) func() {
	fd, err := syscall.Dup(int(f.Fd()))
	require.NoError(t, err)
	return func() { syscall.Close(fd) }
}
