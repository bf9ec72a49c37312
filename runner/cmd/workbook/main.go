// Command workbook is the learner's and the instructor's way into the
// workbook: run `workbook help` for what it does.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/gospawn/workbook/runner/internal/cli"
	"github.com/gospawn/workbook/runner/internal/confine"
)

func main() {
	// The grader runs each test binary of a submission through this
	// program again (its go test -exec wrapper), before anything else.
	if len(os.Args) > 1 && os.Args[1] == confine.Command {
		os.Exit(confine.Main(os.Args[2:]))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, cli.OSEnv())
	stop()
	os.Exit(code)
}
