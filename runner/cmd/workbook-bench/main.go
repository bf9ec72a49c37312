// Command workbook-bench measures the workbook's speed against raw go test,
// side by side in one run, and prints a Markdown table: run it from the
// workbook root with `go run ./runner/cmd/workbook-bench`.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"github.com/gospawn/workbook/runner/internal/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := bench.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "workbook-bench:", err)
		os.Exit(1)
	}
}
