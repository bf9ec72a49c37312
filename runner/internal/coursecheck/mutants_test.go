package coursecheck

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/course"
)

// exerciseMutant is a mutant and the exercise it belongs to.
type exerciseMutant struct {
	e *course.Exercise
	Mutant
}

// mutantRepeat raises, for measuring, how many runs each mutant about
// ordering gets (go test -run TestWrongImplementationsFail/03_join
// ./runner/internal/coursecheck -args -mutants.repeat 200).
var mutantRepeat = flag.Int("mutants.repeat", 0, "run each mutant about ordering (one with a repeat) at least this many times")

// allMutants loads the mutants of every exercise of the manifest, in order.
func allMutants(t *testing.T, c *course.Course) []exerciseMutant {
	t.Helper()
	var all []exerciseMutant
	for i := range c.Exercises {
		e := &c.Exercises[i]
		mutants, err := LoadMutants(MutantsPath(c, e))
		require.NoError(t, err, "the mutants of exercise %d (%s)", e.Number, e.ID)
		for _, m := range mutants {
			if m.Repeat > 1 {
				m.Repeat = max(m.Repeat, *mutantRepeat)
			}
			all = append(all, exerciseMutant{e, m})
		}
	}
	return all
}

// mutantJobs bounds how many mutants are built and run at once: 0 means
// two per CPU (-args -mutants.jobs 8 to measure another bound).
var mutantJobs = flag.Int("mutants.jobs", 0, "how many mutants are built and run at once (0: two per CPU)")

// mutantSlots is how many mutants are built and run at once. A mutant's
// time goes to building its test binary and to running it, both mostly
// CPU now that no run sleeps at exit (mutantEnv), and a verdict decided in
// a bubble does not depend on the CPU it gets. So the bound follows the
// CPUs, with one more per CPU for the moments a build or run waits on the
// disk or a socket; it is not go test's -parallel, which is why the runs
// happen in goroutines of their own, not in the subtests' bodies.
func mutantSlots() int {
	if *mutantJobs > 0 {
		return *mutantJobs
	}
	return 2 * runtime.NumCPU()
}

// mutantResult is what running one mutant gave.
type mutantResult struct {
	r   run
	err error
}

// TestWrongImplementationsFail runs the exercise's whole package on every
// mutant, as a learner runs it (go test, every test, the race detector
// where the runner uses it): each run must fail, with the test the mutant
// names among the failures. A mutant about ordering is run Repeat times,
// each a process of its own, and must fail every time. -run selects
// mutants by exercise folder, as the other checks' subtests:
// -run '/03_join' runs exercise 3's and no other's.
func TestWrongImplementationsFail(t *testing.T) {
	if testing.Short() {
		t.Skip("the mutants take a while; run without -short")
	}
	c := loadCourse(t)
	// Without DWARF (-ldflags=-w), which no verdict reads: panics, time-out
	// dumps and race reports are symbolized from the runtime's own tables.
	// A race-enabled link of exercise 5's tests took 1.4-1.6 CPU-s with it
	// and 1.0-1.1 without, and each of the 101 mutants is a link.
	flags := append(raceFlags(t), "-ldflags=-w")
	checkMutants(t, allMutants(t, c), func(m exerciseMutant, dir string) (run, error) {
		return runMutant(c, m, dir, flags)
	})
}

// checkMutants runs, for each mutant -run selects, a subtest named
// <exercise folder>/<what it gets wrong> that judges what runMutant gave
// for it; runMutant gets a folder of its own to write in.
func checkMutants(t *testing.T, mutants []exerciseMutant, runMutant func(exerciseMutant, string) (run, error)) {
	// Not t.TempDir: its cleanup fails the whole test when it cannot empty
	// the folder, and a killed mutant's go command can leave files behind
	// for a moment; what a mutant did is its verdict, not its litter.
	scratch, err := os.MkdirTemp("", "workbook-mutants-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(scratch) })
	slots := make(chan struct{}, mutantSlots())
	// The mutants about ordering first: each is one build and Repeat runs
	// in one slot, the longest jobs, and started last they would finish
	// alone, the other slots idle.
	mutants = slices.Clone(mutants)
	slices.SortStableFunc(mutants, func(a, b exerciseMutant) int { return b.runs() - a.runs() })
	for i, m := range mutants {
		t.Run(m.e.Dir+"/"+m.Wrong.En, func(t *testing.T) {
			// Started here, in a subtest -run selected, so that a mutant
			// -run leaves out costs nothing; and before t.Parallel, so that
			// mutantSlots of them run at once whatever -parallel says.
			result := make(chan mutantResult, 1)
			go func() {
				slots <- struct{}{}
				defer func() { <-slots }()
				r, err := runMutant(m, filepath.Join(scratch, fmt.Sprint(i)))
				result <- mutantResult{r, err}
			}()
			t.Parallel()
			res := <-result
			require.NoError(t, res.err)
			judgeMutant(t, m, res.r)
		})
	}
}

// judgeMutant fails t unless the mutant's run r failed, with the test the
// mutant names among the failures in every run.
func judgeMutant(t *testing.T, m exerciseMutant, r run) {
	t.Helper()
	if strings.Contains(r.output, "[build failed]") || strings.Contains(r.output, "[setup failed]") {
		t.Fatalf("the mutant does not compile, so it proves nothing:\n%s", r.tail())
	}
	assert.False(t, r.passed, "a wrong implementation (%s) passed every test of %s in %d of %d whole-package runs",
		m.Wrong.En, m.e.Dir, r.packagePasses, m.runs())
	assert.Zero(t, r.passes[m.Test], "a wrong implementation (%s) passed %s in %d of %d whole-package runs: "+
		"the test must catch it every time, whatever the scheduler does", m.Wrong.En, m.Test, r.passes[m.Test], m.runs())
	if r.tests[m.Test] == "" && !r.crashed {
		t.Errorf("%s never ran on the mutant (%s), and the test binary did not crash:\n%s", m.Test, m.Wrong.En, r.tail())
	}
	if t.Failed() {
		t.Logf("go test printed:\n%s", r.tail())
	}
	t.Logf("%s → %s: %s (%v)", m.Wrong.En, m.Test, cmp.Or(r.tests[m.Test], "crashed"), r.duration.Round(1e7))
}

// runMutant writes the mutant into dir and runs the exercise's whole
// package on it: once with go test, or, for a mutant about ordering, with
// a test binary built once and run Repeat times, a process each (.ci/run
// runs this again beside two CPU-bound processes).
func runMutant(c *course.Course, m exerciseMutant, dir string, flags []string) (run, error) {
	if _, listed := m.e.Test(m.Test); !listed {
		return run{}, fmt.Errorf("%s is not a test of %s", m.Test, m.e.Dir)
	}
	original, err := os.ReadFile(m.Path(c, m.e))
	if err != nil {
		return run{}, err
	}
	src, err := m.Apply(string(original))
	if err != nil {
		return run{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return run{}, err
	}
	file := filepath.Join(dir, filepath.Base(m.Path(c, m.e)))
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		return run{}, err
	}
	// The solution in place of the stub, and the mutant in place of the
	// file it changes (the same file, for most mutants).
	replace := map[string]string{c.StubPath(m.e): c.SolutionPath(m.e)}
	replace[m.Replaces(c, m.e)] = file
	if m.runs() == 1 {
		return runGoTest(c, m.e, replace, dir, mutantEnv(), flags...)
	}
	return runRepeated(c, m.e, replace, dir, m.runs(), mutantEnv(), flags)
}

// mutantEnv gives a mutant's run at least two Ps, whatever GOMAXPROCS the
// environment sets: a lost update, as the INCR mutant makes, needs two
// goroutines really running at once, and on one P it is never
// interleaved. Only the mutants get it; the solutions keep the
// environment's GOMAXPROCS, so that they are proven under GOMAXPROCS=1 too.
//
// It also drops the second the race detector sleeps before a test binary
// exits (its atexit_sleep_ms, 1000 by default), so that a race in a
// goroutine still running can be reported. That second was most of a run
// of exercises 2–4 and idled 542 processes here; and it cannot change a
// mutant's verdict: the test the mutant names has passed or failed before
// the binary starts to exit, and a mutant is killed only by that test's
// failure. The solutions keep the sleep: a late race fails them.
func mutantEnv() []string {
	return []string{
		fmt.Sprintf("GOMAXPROCS=%d", max(2, runtime.NumCPU())),
		"GORACE=" + strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"),
	}
}

// runRepeated builds the exercise's test binary with the files replace
// maps in place of the exercise's (see runGoTest), once, and runs it runs
// times, each run a process of its
// own as go test would start it (in the package's folder, every test,
// -test.v to see each test's verdict). The run it returns counts the
// package's passes and each test's passes over all of them.
func runRepeated(c *course.Course, e *course.Exercise, replace map[string]string, scratch string, runs int, env, flags []string) (run, error) {
	overlay, err := writeOverlay(replace, scratch)
	if err != nil {
		return run{}, err
	}
	bin := filepath.Join(scratch, "exercise.test")
	args := append([]string{"test", "-c", "-o", bin, "-overlay=" + overlay}, flags...)
	build := exec.Command("go", append(args, e.Package())...)
	build.Dir = c.ModuleDir()
	build.Env = append(os.Environ(), "GOFLAGS=-mod=readonly")
	start := time.Now()
	if out, err := build.CombinedOutput(); err != nil {
		return run{}, fmt.Errorf("the mutant's tests do not build, so it proves nothing: %w\n%s", err, out)
	}
	total := run{tests: map[string]string{}, passes: map[string]int{}}
	for range runs {
		r, err := runBinary(c.ExerciseDir(e), bin, env)
		if err != nil {
			return run{}, err
		}
		total.packagePasses += r.packagePasses
		total.crashed = total.crashed || r.crashed
		for test, verdict := range r.tests {
			total.tests[test] = verdict
			total.passes[test] += r.passes[test]
		}
		if total.output == "" || r.passed {
			total.output = r.output // the first run's, or one that passed
		}
	}
	total.passed = total.packagePasses > 0
	total.duration = time.Since(start)
	return total, nil
}

// runBinary runs a test binary once, in dir, and reads each top-level
// test's verdict from its -test.v output.
func runBinary(dir, bin string, env []string) (run, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-test.v", "-test.count=1", "-test.timeout=2m", "-test.paniconexit0")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return run{}, err
	}
	r := run{tests: map[string]string{}, passes: map[string]int{}, output: stdout.String() + stderr.String()}
	if err == nil {
		r.passed, r.packagePasses = true, 1
	}
	for _, line := range strings.Split(stdout.String(), "\n") {
		for prefix, verdict := range map[string]string{"--- PASS: ": "pass", "--- FAIL: ": "fail", "--- SKIP: ": "skip"} {
			if rest, ok := strings.CutPrefix(line, prefix); ok {
				name, _, _ := strings.Cut(rest, " ")
				r.tests[name] = verdict
				if verdict == "pass" {
					r.passes[name]++
				}
			}
		}
	}
	r.crashed = !r.passed && crashed(r.output)
	return r, nil
}

// runs is how many times the mutant's test runs.
func (m Mutant) runs() int { return max(1, m.Repeat) }
