package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/gospawn/workbook/runner/internal/state"
)

// shipped copies the course as it ships (every stub untouched, no state)
// into the benchmark's folder, once, and returns the copy's root.
func (b *bench) shipped() (string, error) {
	dir := filepath.Join(b.tmp, "shipped")
	if _, err := os.Stat(dir); err == nil {
		return dir, nil
	}
	for _, sub := range []string{"exercises", "book"} {
		if err := copyTree(filepath.Join(b.root, sub), filepath.Join(dir, sub)); err != nil {
			return "", err
		}
	}
	return dir, copyFile(filepath.Join(b.root, "workbook.toml"), filepath.Join(dir, "workbook.toml"))
}

// fresh is section 9: the learner's first `workbook next` (the shipped
// stubs, no state) against go test -race -json of the first exercise
// alone, the one verdict next shows; with a warm build cache, then with
// empty ones. Everything next does beyond that one go test is what the
// ratio measures.
func (b *bench) fresh(ctx context.Context, o options, w io.Writer) error {
	fmt.Fprintln(b.log, "section 9: workbook next on a fresh course against go test of the first exercise…")
	root, err := b.shipped()
	if err != nil {
		return err
	}
	first := b.course.Exercises[0].Package()
	args := append([]string{"test", "-json", "-count=1"}, b.raceGo...)
	args = append(args, first)
	// timed runs cmd to its end; cold gives it an empty GOCACHE of its own.
	timed := func(cmd *exec.Cmd, cold bool, name string) (time.Duration, string, error) {
		if cold {
			cache := filepath.Join(b.tmp, "gocache-fresh-"+name)
			if err := os.MkdirAll(cache, 0o755); err != nil {
				return 0, "", err
			}
			defer os.RemoveAll(cache)
			cmd.Env = append(cmd.Env, "GOCACHE="+cache)
		}
		return timeCmd(cmd, []int{1})
	}
	// one times workbook next, then go test.
	one := func(cold bool) (next, direct time.Duration, err error) {
		// Fresh: no state, so nothing is known to pass already.
		if err := os.RemoveAll(filepath.Join(root, state.DirName)); err != nil {
			return 0, 0, err
		}
		next, out, err := timed(b.command(ctx, root, b.bin, "next", "--no-pager"), cold, "next")
		if err != nil {
			return 0, 0, err
		}
		if !strings.Contains(out, "not implemented yet") {
			return 0, 0, fmt.Errorf("workbook next on a fresh course did not show the first stub's own failure:\n%s", tail(out))
		}
		direct, _, err = timed(b.command(ctx, filepath.Join(root, "exercises"), "go", args...), cold, "direct")
		return next, direct, err
	}
	var nextW, directW Samples
	for i := -1; i < o.runs; i++ { // run -1 warms the build cache
		a, d, err := one(false)
		if err != nil {
			return err
		}
		if i >= 0 {
			nextW, directW = append(nextW, a), append(directW, d)
		}
	}
	coldRuns := max(1, o.runs/3) // each run compiles the standard library twice
	var nextC, directC Samples
	for range coldRuns {
		a, d, err := one(true)
		if err != nil {
			return err
		}
		nextC, directC = append(nextC, a), append(directC, d)
	}
	fmt.Fprintf(w, "## 9. `workbook next` on a fresh course against `go test` of the first exercise (warm: %d runs each; empty cache: %d; alternating)\n\n", o.runs, coldRuns)
	fmt.Fprintln(w, "| build cache | command | median | spread | ratio |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- |")
	for _, row := range []struct {
		cache        string
		next, direct Samples
	}{{"warm", nextW, directW}, {"empty", nextC, directC}} {
		fmt.Fprintf(w, "| %s | `workbook next` | %s | %s | %s |\n", row.cache, ms(row.next.Median()), row.next.Spread(), ratio(row.next.Median(), row.direct.Median()))
		fmt.Fprintf(w, "| %s | `go %s` | %s | %s | 1.00× |\n", row.cache, strings.Join(args, " "), ms(row.direct.Median()), row.direct.Spread())
	}
	fmt.Fprintln(w)
	return nil
}
