package bench

import (
	"context"
	"fmt"
	"io"
	"os"
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
	direct := append([]string{"test", "-json", "-count=1"}, b.raceFlag()...)
	direct = append(direct, first)
	// one runs workbook next, then go test, each with cache as GOCACHE
	// (the default cache when ""), and returns their wall times.
	one := func(cache func(name string) (string, error)) (time.Duration, time.Duration, error) {
		// Fresh: no state, so nothing is known to pass already.
		if err := os.RemoveAll(filepath.Join(root, state.DirName)); err != nil {
			return 0, 0, err
		}
		cmd := b.command(ctx, root, b.bin, "next", "--no-pager")
		nc, err := cache("next")
		if err != nil {
			return 0, 0, err
		}
		if nc != "" {
			cmd.Env = append(cmd.Env, "GOCACHE="+nc)
		}
		a, out, err := timeCmd(cmd, []int{1})
		if err != nil {
			return 0, 0, err
		}
		if !strings.Contains(out, "not implemented yet") {
			return 0, 0, fmt.Errorf("workbook next on a fresh course did not show the first stub's own failure:\n%s", tail(out))
		}
		cmd = b.command(ctx, filepath.Join(root, "exercises"), "go", direct...)
		dc, err := cache("direct")
		if err != nil {
			return 0, 0, err
		}
		if dc != "" {
			cmd.Env = append(cmd.Env, "GOCACHE="+dc)
		}
		d, _, err := timeCmd(cmd, []int{1})
		for _, c := range []string{nc, dc} {
			if c != "" {
				os.RemoveAll(c)
			}
		}
		return a, d, err
	}
	warm := func(string) (string, error) { return "", nil }
	var nextW, directW Samples
	for i := -1; i < o.runs; i++ { // run -1 warms the build cache
		a, d, err := one(warm)
		if err != nil {
			return err
		}
		if i >= 0 {
			nextW, directW = append(nextW, a), append(directW, d)
		}
	}
	coldRuns := max(1, o.runs/3) // each run compiles the standard library twice
	var nextC, directC Samples
	for i := range coldRuns {
		a, d, err := one(func(name string) (string, error) {
			dir := filepath.Join(b.tmp, fmt.Sprintf("gocache-fresh-%s-%d", name, i))
			return dir, os.MkdirAll(dir, 0o755)
		})
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
		fmt.Fprintf(w, "| %s | `go %s` | %s | %s | 1.00× |\n", row.cache, strings.Join(direct, " "), ms(row.direct.Median()), row.direct.Spread())
	}
	fmt.Fprintln(w)
	return nil
}
