package cli

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// runTry builds and runs the exercise's try program with the terminal's
// streams, and exits as it does.
func runTry(ctx context.Context, s *session) int {
	e, ok := s.exerciseArg(false)
	if !ok {
		return exitUsage
	}
	if len(e.Try) == 0 {
		var have []string
		for _, x := range s.course.Exercises {
			if len(x.Try) > 0 {
				have = append(have, strconv.Itoa(x.Number))
			}
		}
		if len(have) == 0 {
			return s.fail(msgNoTryAtAll.In(s.ui))
		}
		return s.fail(msgNoTry.F(s.ui, e.Number, strings.Join(have, ", ")))
	}
	bin, err := os.MkdirTemp("", "workbook-try-")
	if err != nil {
		return s.fail(msgTryTemp.F(s.ui, err))
	}
	defer os.RemoveAll(bin)
	cmd, err := s.checker().TryCommand(ctx, e, bin, s.env.Stderr)
	if err != nil {
		return s.failErr(err)
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = s.env.Stdin, s.env.Stdout, s.env.Stderr
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return s.fail(msgTryStopped.In(s.ui))
	case errors.As(err, &exit):
		return s.fail(msgTryFailed.F(s.ui, e.Number, exit.ExitCode()))
	case err != nil:
		return s.failErr(err)
	}
	return exitOK
}
