// Command workbook is the learner's and the instructor's way into the
// workbook: run `workbook help` for what it does.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/gospawn/workbook/runner/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, cli.OSEnv())
	stop()
	os.Exit(code)
}
