package check

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// ErrNotBuilt is TryCommand's error when the exercise's program does not
// build; go's own messages went to the build's stderr.
var ErrNotBuilt = i18n.NewError(msgTryNotBuilt)

// TryCommand builds the program an exercise is tried with (its manifest's
// try: a package of the exercises module and its arguments) into the
// folder bin, and returns the command that runs it in the exercises
// module, the learner's language in course.TestLangEnv, to be started by
// the caller with its standard streams. go build's messages go to
// buildErr. Cancelling ctx interrupts the program (it is killed 5 s later
// if still running): built first rather than started by go run, so that
// the signal reaches the program itself and not only go.
//
// The exercise must have a try program (len(e.Try) > 0).
func (c *Checker) TryCommand(ctx context.Context, e *course.Exercise, bin string, buildErr io.Writer) (*exec.Cmd, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return nil, i18n.NewError(msgNoGo)
	}
	exe := filepath.Join(bin, "try")
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	build := exec.CommandContext(ctx, goBin, "build", "-o", exe, e.Try[0])
	build.Dir = c.Course.ModuleDir()
	build.Stdout, build.Stderr = buildErr, buildErr
	if err := build.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return nil, ErrNotBuilt
		}
		return nil, i18n.Errorf(msgTryBuild, err)
	}
	cmd := exec.CommandContext(ctx, exe, e.Try[1:]...)
	cmd.Dir = c.Course.ModuleDir()
	cmd.Env = os.Environ()
	if c.Lang != "" {
		cmd.Env = append(cmd.Env, course.TestLangEnv+"="+string(c.Lang))
	}
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	return cmd, nil
}
