package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/coursecheck"
)

// patience is the exercises' harness.Patience: the longest single wait of
// a test before it fails (the exercises are a module of their own, so the
// value is restated here; the section's target is built from it).
const patience = 5 * time.Second

// failing is section 7: how long a failing run of each exercise takes, the
// untouched stub's and the slowest of its mutants', against the target of
// one patience plus the package's build plus 1 s. Each run is a whole
// go test of the package, as a learner's next or watch mode makes it, on a
// warm build cache.
func (b *bench) failing(ctx context.Context, o options, w io.Writer) error {
	fmt.Fprintln(b.log, "section 7: failing runs, the stub's and each mutant's…")
	fmt.Fprint(w, "## 7. A failing run is short (the stub and every mutant, one run each, warm build cache)\n\n")
	fmt.Fprint(w, "| exercise | build | stub | slowest mutant | target (build + 5 s + 1 s) | met |\n| --- | --- | --- | --- | --- | --- |\n")
	for i := range b.course.Exercises {
		e := &b.course.Exercises[i]
		shipped, err := course.Pristine(e)
		if err != nil {
			return err
		}
		build, err := b.timeTest(ctx, e, "", "-run=^$")
		if err != nil {
			return err
		}
		stub, err := b.timeTest(ctx, e, string(shipped))
		if err != nil {
			return err
		}
		mutants, err := coursecheck.LoadMutants(coursecheck.MutantsPath(b.course, e))
		if err != nil {
			return err
		}
		solution, err := os.ReadFile(b.course.SolutionPath(e))
		if err != nil {
			return err
		}
		slowest, which := time.Duration(0), ""
		for _, m := range mutants {
			src, err := m.Apply(string(solution))
			if err != nil {
				return fmt.Errorf("%s: %w", e.Dir, err)
			}
			d, err := b.timeTest(ctx, e, src)
			if err != nil {
				return err
			}
			if d > slowest {
				slowest, which = d, m.Wrong.En
			}
		}
		target := build + patience + time.Second
		met := "yes"
		if max(stub, slowest) > target {
			met = "**no**"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s (%s) | %s | %s |\n", e.Dir, ms(build), ms(stub), ms(slowest), which, ms(target), met)
	}
	fmt.Fprintln(w)
	return nil
}

// timeTest times one go test of e's package, its stub replaced by src
// through an overlay (the stub as it is when src is empty), with the
// race detector where the runner would use it.
func (b *bench) timeTest(ctx context.Context, e *course.Exercise, src string, extra ...string) (time.Duration, error) {
	args := append([]string{"test", "-count=1"}, extra...)
	if e.Race {
		args = append(args, b.raceFlag()...)
	}
	if src != "" {
		dir, err := os.MkdirTemp(b.tmp, "failing-")
		if err != nil {
			return 0, err
		}
		file := filepath.Join(dir, e.File)
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			return 0, err
		}
		overlay, err := json.Marshal(map[string]map[string]string{"Replace": {b.course.StubPath(e): file}})
		if err != nil {
			return 0, err
		}
		path := filepath.Join(dir, "overlay.json")
		if err := os.WriteFile(path, overlay, 0o644); err != nil {
			return 0, err
		}
		args = append(args, "-overlay="+path)
	}
	return b.time(ctx, b.course.ModuleDir(), []int{0, 1}, "go", append(args, e.Package())...)
}
