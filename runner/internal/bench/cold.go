package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
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
	var nextS, directS Samples
	for i := range runs {
		cache := func(name string) (string, error) {
			dir := filepath.Join(b.tmp, fmt.Sprintf("gocache-%s-%d", name, i))
			return dir, os.MkdirAll(dir, 0o755)
		}
		nc, err := cache("next")
		if err != nil {
			return err
		}
		cmd := b.command(ctx, shipped, b.bin, "next", "--no-pager")
		cmd.Env = append(cmd.Env, "GOCACHE="+nc)
		d, out, err := timeCmd(cmd, []int{1})
		if err != nil {
			return err
		}
		if !strings.Contains(out, "not implemented yet") {
			return fmt.Errorf("the first verdict on an empty cache is not the stub's own failure:\n%s", tail(out))
		}
		nextS = append(nextS, d)
		os.RemoveAll(nc)

		dc, err := cache("direct")
		if err != nil {
			return err
		}
		cmd = b.command(ctx, filepath.Join(shipped, "exercises"), "go", direct...)
		cmd.Env = append(cmd.Env, "GOCACHE="+dc)
		d, _, err = timeCmd(cmd, []int{1})
		if err != nil {
			return err
		}
		directS = append(directS, d)
		os.RemoveAll(dc)
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
