package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/coursecheck"
)

// failTarget is how long a failing run may take once its test binary is
// built: a verdict observed in a bubble, not waited for, costs little more
// than the build.
const failTarget = time.Second

// failing is section 7: how long a failing run of each exercise takes, the
// untouched stub's and every mutant's of the author check, beyond the
// package's build. Each source is built as go test builds it (go test -c,
// with -race where the runner uses it, warm build cache), then its test
// binary is run once as go test runs it (every test, in the package's
// folder): the run's time is what a failing verdict costs beyond the
// build, and must be within failTarget. A run that passes is an error: a
// stub or mutant that passes has no time to fail.
func (b *bench) failing(ctx context.Context, o options, w io.Writer) error {
	fmt.Fprintln(b.log, "section 7: failing runs, the stub's and each mutant's…")
	exercises, err := b.chosen(o.exercises)
	if err != nil {
		return err
	}
	stop, err := startHogs(ctx, o.hogs)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Fprintf(w, "## 7. A failing run is short (the stub and every mutant, one run each, warm build cache, %d CPU-bound processes beside)\n\n", o.hogs)
	fmt.Fprintf(w, "Load average before: %s.\n\n", loadAverage())
	fmt.Fprint(w, "| exercise | build (median) | stub's run (its CPU) | mutants | slowest mutant's run (its CPU) | target (build + 1 s) | met |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, e := range exercises {
		shipped, err := course.Pristine(e)
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
		var builds Samples
		stubBuild, stub, err := b.timeFailure(ctx, e, map[string]string{b.course.StubPath(e): string(shipped)})
		if err != nil {
			return fmt.Errorf("%s, the stub: %w", e.Dir, err)
		}
		builds = append(builds, stubBuild)
		fmt.Fprintf(b.log, "  %s, the stub: build %s, run %s\n", e.Dir, ms(stubBuild), stub)
		var slowest failure
		which := ""
		for _, m := range mutants {
			// A mutant of a provided file replaces the exercise's copy of
			// it, with the solution in place of the stub.
			files := map[string]string{b.course.StubPath(e): string(solution)}
			original, err := os.ReadFile(m.Path(b.course, e))
			if err != nil {
				return err
			}
			src, err := m.Apply(string(original))
			if err != nil {
				return fmt.Errorf("%s: %w", e.Dir, err)
			}
			files[m.Replaces(b.course, e)] = src
			build, run, err := b.timeFailure(ctx, e, files)
			if err != nil {
				return fmt.Errorf("%s, mutant %q: %w", e.Dir, m.Wrong.En, err)
			}
			builds = append(builds, build)
			fmt.Fprintf(b.log, "  %s, %s: build %s, run %s\n", e.Dir, m.Wrong.En, ms(build), run)
			if run.wall > slowest.wall {
				slowest, which = run, m.Wrong.En
			}
		}
		met := "yes"
		if max(stub.wall, slowest.wall) > failTarget {
			met = "**no**"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %d | %s: %s | %s | %s |\n", e.Dir, ms(builds.Quantile(0.5)), stub,
			len(mutants), which, slowest, ms(builds.Quantile(0.5)+failTarget), met)
	}
	fmt.Fprintf(w, "\nLoad average after: %s.\n\n", loadAverage())
	return nil
}

// chosen is the course's exercises named in list (comma-separated folder
// names), or all of them when list is empty.
func (b *bench) chosen(list string) ([]*course.Exercise, error) {
	var all []*course.Exercise
	names := strings.Split(list, ",")
	for i := range b.course.Exercises {
		e := &b.course.Exercises[i]
		if list == "" || slices.Contains(names, e.Dir) {
			all = append(all, e)
		}
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("no exercise of the course is named in %q", list)
	}
	return all, nil
}

// timeFailure builds e's test binary with files (the source of each file
// of the exercise's folder to replace, by its path) in place of those
// files, through an overlay as the runner does, and runs it once as go
// test would; it returns the build's time and the run's, and an error
// unless the run failed.
func (b *bench) timeFailure(ctx context.Context, e *course.Exercise, files map[string]string) (build time.Duration, run failure, err error) {
	dir, err := os.MkdirTemp(b.tmp, "failing-")
	if err != nil {
		return 0, failure{}, err
	}
	defer os.RemoveAll(dir)
	replace := map[string]string{}
	for path, src := range files {
		file := filepath.Join(dir, filepath.Base(path))
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			return 0, failure{}, err
		}
		replace[path] = file
	}
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": replace})
	if err != nil {
		return 0, failure{}, err
	}
	path := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(path, overlay, 0o644); err != nil {
		return 0, failure{}, err
	}
	bin := filepath.Join(dir, "exercise.test")
	args := []string{"test", "-c", "-o", bin, "-overlay=" + path}
	if e.Race {
		args = append(args, b.raceGo...)
	}
	build, err = b.time(ctx, b.course.ModuleDir(), nil, "go", append(args, e.Package())...)
	if err != nil {
		return 0, failure{}, err
	}
	// Exit status 1 is a failing test, 2 a crash (a panic the tests let
	// through, say): both are failures; 0 is a pass.
	cmd := b.command(ctx, b.course.ExerciseDir(e), bin, "-test.paniconexit0", "-test.timeout=10m0s")
	wall, out, err := timeCmd(cmd, []int{0, 1, 2})
	if err != nil {
		return 0, failure{}, err
	}
	if strings.HasSuffix(strings.TrimSpace(out), "PASS") {
		return 0, failure{}, fmt.Errorf("the run passed, so it has no time to fail:\n%s", tail(out))
	}
	return build, failure{wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}, nil
}

// failure is how long a failing run of a test binary took: its wall time,
// and the CPU time it used (user and system), which a loaded machine
// does not stretch: a run much longer than its CPU time was waiting, for
// the CPU or for a clock.
type failure struct{ wall, cpu time.Duration }

func (f failure) String() string { return fmt.Sprintf("%s (%s)", ms(f.wall), ms(f.cpu)) }

// startHogs starts n CPU-bound processes, as the issue's "beside two
// CPU-bound processes" does, and returns what stops them.
func startHogs(ctx context.Context, n int) (stop func(), err error) {
	var hogs []*exec.Cmd
	stop = func() {
		for _, h := range hogs {
			stopper(h)()
		}
	}
	for range n {
		h := exec.CommandContext(ctx, "sh", "-c", "while :; do :; done")
		if err := h.Start(); err != nil {
			stop()
			return nil, fmt.Errorf("starting a CPU-bound process: %w", err)
		}
		hogs = append(hogs, h)
	}
	return stop, nil
}

// stopper is what kills cmd, started, and waits for its end.
func stopper(cmd *exec.Cmd) func() { return func() { cmd.Process.Kill(); cmd.Wait() } }

// loadAverage is the machine's 1, 5 and 15-minute load averages, as
// /proc/loadavg gives them, or "unknown".
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], ", ")
}
