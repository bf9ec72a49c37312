package confine

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// maxToolStderr bounds what buildMain keeps of a program's standard error.
const maxToolStderr = 1 << 20

// buildMain runs one program of a build (the compiler, the linker, vet:
// go's -toolexec) within args[0] bytes of memory, args[1] being the
// language of its message ("en", "zh" or "both") when it goes past, and
// args[2:] the program and its arguments. The learner's files go through
// the compiler outside the sandbox: a few lines can make it use gigabytes
// (a constant string that doubles on every line). The program's memory is
// read every pollEvery, and a program past its bound is killed and ends
// with one sentence rather than the Go runtime's dump of its goroutines;
// twice the bound is a hard one (RLIMIT_DATA, which a Go program's heap
// counts), for a program that allocates faster than it is watched.
func buildMain(args []string) int {
	if len(args) < 3 {
		return Main(nil)
	}
	limit, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || limit <= 0 {
		return Main(nil)
	}
	cmd := exec.Command(args[2], args[3:]...)
	cmd.Stdin, cmd.Stdout = os.Stdin, os.Stdout
	var stderr bytes.Buffer
	cmd.Stderr = &capped{w: &stderr, max: maxToolStderr}
	// This process allocates little; what it starts inherits the bound.
	limitData(2 * limit)
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	stop, watched := make(chan struct{}), make(chan struct{})
	var peak int64
	var over bool
	go func() {
		defer close(watched)
		tick := time.NewTicker(pollEvery)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
			case <-stop:
				return
			}
			m, _ := usage(cmd.Process.Pid)
			peak = max(peak, m)
			if m > limit {
				over = true
				cmd.Process.Kill()
				return
			}
		}
	}()
	err = cmd.Wait()
	close(stop)
	<-watched
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	// The Go runtime's fatal errors when it runs out of memory.
	oom := bytes.Contains(stderr.Bytes(), []byte("fatal error: runtime: out of memory")) ||
		bytes.Contains(stderr.Bytes(), []byte("fatal error: runtime: cannot allocate memory")) ||
		bytes.Contains(stderr.Bytes(), []byte("fatal error: out of memory"))
	if over || err != nil && (oom || peak > limit/2) {
		fmt.Fprintln(os.Stderr, msgBuildMemory.F(i18n.Lang(args[1]), filepath.Base(args[2]), FormatBytes(limit)))
		return 1
	}
	os.Stderr.Write(stderr.Bytes())
	if ee != nil {
		return max(ee.ExitCode(), 1)
	}
	return 0
}

// capped writes on to w up to max bytes and drops the rest.
type capped struct {
	w   *bytes.Buffer
	max int
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - c.w.Len(); room > 0 {
		c.w.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
