package coursecheck

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/course"
)

// exerciseMutant is a mutant and the exercise it belongs to.
type exerciseMutant struct {
	e *course.Exercise
	Mutant
}

// allMutants loads the mutants of every exercise of the manifest, in order.
func allMutants(t *testing.T, c *course.Course) []exerciseMutant {
	t.Helper()
	var all []exerciseMutant
	for i := range c.Exercises {
		e := &c.Exercises[i]
		mutants, err := LoadMutants(MutantsPath(c, e))
		require.NoError(t, err, "the mutants of exercise %d (%s)", e.Number, e.ID)
		for _, m := range mutants {
			all = append(all, exerciseMutant{e, m})
		}
	}
	return all
}

// mutantRuns bounds how many mutants run at once. Most of a mutant's time
// is spent waiting for a hang to hit the harness's patience, not on the CPU,
// so this is wider than go test's -parallel default (GOMAXPROCS), which is
// why the runs happen in goroutines of their own and not in parallel subtests.
const mutantRuns = 8

// mutantResult is what running one mutant gave.
type mutantResult struct {
	r   run
	err error
}

// TestWrongImplementationsFail runs every mutant against the exercise's
// tests: each must fail, and the test it names must not pass.
func TestWrongImplementationsFail(t *testing.T) {
	if testing.Short() {
		t.Skip("the mutants take a while; run without -short")
	}
	c := loadCourse(t)
	mutants := allMutants(t, c)
	flags := raceFlags(t)
	// Not t.TempDir: its cleanup fails the whole test when it cannot empty
	// the folder, and a killed mutant's go command can leave files behind
	// for a moment; what a mutant did is its verdict, not its litter.
	scratch, err := os.MkdirTemp("", "workbook-mutants-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(scratch) })
	results := make([]chan mutantResult, len(mutants))
	slots := make(chan struct{}, mutantRuns)
	for i, m := range mutants {
		results[i] = make(chan mutantResult, 1)
		go func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			r, err := runMutant(c, m, filepath.Join(scratch, fmt.Sprint(i)), flags)
			results[i] <- mutantResult{r, err}
		}()
	}
	for i, m := range mutants {
		t.Run(m.e.Dir+"/"+m.Wrong.En, func(t *testing.T) {
			res := <-results[i]
			require.NoError(t, res.err)
			r := res.r
			assert.False(t, r.passed, "a wrong implementation (%s) passed every test of %s", m.Wrong.En, m.e.Dir)
			assert.NotEqual(t, "pass", r.tests[m.Test],
				"a wrong implementation (%s) passed %s", m.Wrong.En, m.Test)
			assert.Zero(t, r.passes[m.Test], "a wrong implementation (%s) passed %d of %d runs of %s: "+
				"the test must catch it every time, whatever the scheduler does", m.Wrong.En, r.passes[m.Test], m.runs(), m.Test)
			if strings.Contains(r.output, "[build failed]") || strings.Contains(r.output, "[setup failed]") {
				t.Errorf("the mutant does not compile, so it proves nothing:\n%s", r.tail())
			}
			t.Logf("%s → %s: %s (%v)", m.Wrong.En, m.Test, cmp.Or(r.tests[m.Test], "crashed"), r.duration.Round(1e7))
		})
	}
}

// runMutant writes the mutant into dir and runs the test that must catch it.
func runMutant(c *course.Course, m exerciseMutant, dir string, flags []string) (run, error) {
	if _, listed := m.e.Test(m.Test); !listed {
		return run{}, fmt.Errorf("%s is not a test of %s", m.Test, m.e.Dir)
	}
	solution, err := os.ReadFile(c.SolutionPath(m.e))
	if err != nil {
		return run{}, err
	}
	src, err := m.Apply(string(solution))
	if err != nil {
		return run{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return run{}, err
	}
	file := filepath.Join(dir, m.e.File)
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		return run{}, err
	}
	// Only the test that must catch the mutant runs: that is the claim, and
	// it keeps a hanging mutant from costing every test's patience. A
	// mutant about ordering runs its test Repeat times (.ci/run runs this
	// again beside two CPU-bound processes); every run must fail.
	args := append(slices.Clone(flags), "-run=^"+m.Test+"$", fmt.Sprintf("-count=%d", m.runs()))
	return runGoTest(c, m.e, file, dir, mutantEnv(), args...)
}

// mutantEnv gives a mutant's run at least two Ps, whatever GOMAXPROCS the
// environment sets: a lost update, as the INCR mutant makes, needs two
// goroutines really running at once, and on one P it is never
// interleaved. Only the mutants get it; the solutions keep the
// environment's GOMAXPROCS, so that they are proven under GOMAXPROCS=1 too.
func mutantEnv() []string {
	return []string{fmt.Sprintf("GOMAXPROCS=%d", max(2, runtime.NumCPU()))}
}
