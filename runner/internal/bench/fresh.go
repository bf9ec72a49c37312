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
	// one times workbook next, then go test; cold gives each an empty
	// GOCACHE of its own.
	one := func(cold bool) (next, direct time.Duration, err error) {
		timed := func(cmd *exec.Cmd, name string) (time.Duration, string, error) {
			if cold {
				return b.timeEmptyCache(cmd, name)
			}
			return timeCmd(cmd, []int{1})
		}
		// Fresh: no state, so nothing is known to pass already.
		if err := os.RemoveAll(filepath.Join(root, state.DirName)); err != nil {
			return 0, 0, err
		}
		next, out, err := timed(b.command(ctx, root, b.bin, "next", "--no-pager"), "next")
		if err != nil {
			return 0, 0, err
		}
		if !strings.Contains(out, "not implemented yet") {
			return 0, 0, fmt.Errorf("workbook next on a fresh course did not show the first stub's own failure:\n%s", tail(out))
		}
		direct, _, err = timed(b.command(ctx, filepath.Join(root, "exercises"), "go", args...), "direct")
		return next, direct, err
	}
	nextW, directW, err := alternate(o.runs, 1, func() (time.Duration, time.Duration, error) { return one(false) })
	if err != nil {
		return err
	}
	coldRuns := max(1, o.runs/3) // each run compiles the standard library twice
	nextC, directC, err := alternate(coldRuns, 0, func() (time.Duration, time.Duration, error) { return one(true) })
	if err != nil {
		return err
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

// cold is section 5: the README's first command on a machine whose build
// cache is empty, against go test -race -json of the same packages with an
// empty cache of its own, alternating. The course is the shipped one (every
// stub untouched), so the verdict to reach is the first stub's own failure.
func (b *bench) cold(ctx context.Context, o options, w io.Writer) error {
	fmt.Fprintln(b.log, "section 5: the first verdict on an empty build cache…")
	shipped, err := b.shipped()
	if err != nil {
		return err
	}
	direct := append([]string{"test", "-json"}, b.raceGo...)
	direct = append(direct, b.packages()...)
	runs := max(1, o.runs/3) // each run compiles the standard library twice
	nextS, directS, err := alternate(runs, 0, func() (next, d time.Duration, err error) {
		next, out, err := b.timeEmptyCache(b.command(ctx, shipped, b.bin, "next", "--no-pager"), "next")
		if err != nil {
			return 0, 0, err
		}
		if !strings.Contains(out, "not implemented yet") {
			return 0, 0, fmt.Errorf("the first verdict on an empty cache is not the stub's own failure:\n%s", tail(out))
		}
		d, _, err = b.timeEmptyCache(b.command(ctx, filepath.Join(shipped, "exercises"), "go", direct...), "direct")
		return next, d, err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "## 5. The first verdict on an empty build cache (the shipped stubs, %d run(s) each, alternating)\n\n", runs)
	fmt.Fprintln(w, "| command | median | spread | ratio |")
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	fmt.Fprintf(w, "| `workbook next` with an empty `GOCACHE` | %s | %s | %s |\n", ms(nextS.Median()), nextS.Spread(), ratio(nextS.Median(), directS.Median()))
	fmt.Fprintf(w, "| `go %s` with an empty `GOCACHE` | %s | %s | 1.00× |\n\n", strings.Join(direct, " "), ms(directS.Median()), directS.Spread())
	fmt.Fprintln(w, "The workbook's verdict was the first stub's own failure (\"not implemented yet\") every time.")
	fmt.Fprintln(w)
	return nil
}

// timeEmptyCache is timeCmd of cmd, exit status 1 (a failing test) counting
// as success, with an empty GOCACHE of its own, removed after.
func (b *bench) timeEmptyCache(cmd *exec.Cmd, name string) (time.Duration, string, error) {
	cache := filepath.Join(b.tmp, "gocache-"+name)
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return 0, "", err
	}
	defer os.RemoveAll(cache)
	cmd.Env = append(cmd.Env, "GOCACHE="+cache)
	return timeCmd(cmd, []int{1})
}
