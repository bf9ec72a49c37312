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
)

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
