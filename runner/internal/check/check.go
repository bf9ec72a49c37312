// Package check runs an exercise's tests and records the verdict: the step
// every runner command that needs a verdict goes through.
package check

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/gofiles"
	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/race"
	"github.com/gospawn/workbook/runner/internal/render"
	"github.com/gospawn/workbook/runner/internal/state"
)

// Checker runs exercises of one course.
type Checker struct {
	Course  *course.Course
	Race    race.Mode
	Timeout time.Duration // of an exercise's test binary (the build is not counted); gotest's default when zero
	// NextParallel is how many exercises Next runs at once (at least the
	// number of CPUs).
	NextParallel int
	// OnProgress, when set, is told how each run is going. Runs that
	// overlap (Next's, RunTwin's two) call it from their own goroutines,
	// at the same time.
	OnProgress func(RunProgress)

	policyOnce sync.Once
	policy     *race.Policy
}

// Result is one exercise's run.
type Result struct {
	Exercise    *course.Exercise
	Verdict     *gotest.Verdict
	Race        bool   // the run used the race detector
	Fingerprint string // of the files the run judged
}

// RunProgress is how one run of an exercise is going, for a screen to show
// while the learner waits.
type RunProgress struct {
	Exercise *course.Exercise
	Race     bool // the run uses the race detector
	// Done is set once, when the run has ended; the other fields are then
	// its last progress, and Passed says whether every test passed.
	Done, Passed bool
	gotest.Progress
}

// Passed reports whether every test of the exercise passed.
func (r *Result) Passed() bool { return r.Verdict.Kind == gotest.KindPass }

// racePolicy is the race policy of Race, made at the first run.
func (c *Checker) racePolicy() *race.Policy {
	c.policyOnce.Do(func() { c.policy = &race.Policy{Mode: c.Race} })
	return c.policy
}

// RaceNote is why the race detector is off although exercises ask for it,
// or "" when it is not. Call it after a run.
func (c *Checker) RaceNote() string { return c.racePolicy().Note() }

// useRace decides -race for one exercise.
func (c *Checker) useRace(ctx context.Context, e *course.Exercise) (bool, error) {
	return c.racePolicy().Use(ctx, e.Race)
}

// errNoGo is what a learner without Go on their PATH is told.
var errNoGo = errors.New("the go command is not on your PATH: install Go 1.25 or newer from https://go.dev/dl/ and try again")

// Run runs one exercise's tests.
func (c *Checker) Run(ctx context.Context, e *course.Exercise) (*Result, error) {
	return c.RunWith(ctx, e, nil)
}

// RunWith is Run with extra gotest options set by adjust (an overlay, say).
func (c *Checker) RunWith(ctx context.Context, e *course.Exercise, adjust func(*gotest.Options)) (*Result, error) {
	return c.runWith(ctx, e, gofiles.Digest{}, adjust, c.OnProgress)
}

// runWith is RunWith for the files whose digest is given (read now when
// it is zero), telling progress, when set, how the run goes.
func (c *Checker) runWith(ctx context.Context, e *course.Exercise, digest gofiles.Digest, adjust func(*gotest.Options), progress func(RunProgress)) (*Result, error) {
	r, err := c.run(ctx, e, digest, adjust, progress)
	if errors.Is(err, gotest.ErrNoGo) {
		return nil, errNoGo
	}
	return r, err
}

func (c *Checker) run(ctx context.Context, e *course.Exercise, digest gofiles.Digest, adjust func(*gotest.Options), progress func(RunProgress)) (res *Result, err error) {
	opts := gotest.Options{
		Dir:      c.Course.ModuleDir(),
		Package:  e.Package(),
		Timeout:  c.Timeout,
		Expected: testNames(e),
		Root:     c.Course.Root,
	}
	var last gotest.Progress
	if progress != nil {
		// Every run ends with a report, a run that could not start too:
		// a screen must not keep waiting for it.
		defer func() {
			progress(RunProgress{Exercise: e, Race: opts.Race, Done: true, Passed: err == nil && res.Passed(), Progress: last})
		}()
	}
	if _, err := os.Stat(c.Course.StubPath(e)); err != nil {
		return nil, fmt.Errorf("the exercise file %s is missing (restore it with `workbook reset %s`): %w",
			relative(c.Course, c.Course.StubPath(e)), e.Dir, err)
	}
	if opts.Race, err = c.useRace(ctx, e); err != nil {
		return nil, err
	}
	fingerprint := digest.Hex()
	if digest.IsZero() {
		if fingerprint, err = c.Course.Fingerprint(e); err != nil {
			return nil, err
		}
	}
	if adjust != nil {
		adjust(&opts)
	}
	if progress != nil {
		inner := opts.Progress
		opts.Progress = func(p gotest.Progress) {
			last = p
			progress(RunProgress{Exercise: e, Race: opts.Race, Progress: p})
			if inner != nil {
				inner(p)
			}
		}
	}
	// When Run returns, no call of opts.Progress is left: last is final.
	v, err := gotest.Run(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("running the tests of %s: %w", e.Dir, err)
	}
	return &Result{Exercise: e, Verdict: v, Race: opts.Race, Fingerprint: fingerprint}, nil
}

// Record stores the result's verdict in the state.
func Record(s *state.Store, r *Result) {
	passed, total := r.Verdict.Counts()
	s.SetVerdict(r.Exercise.ID, state.Verdict{
		Passed:      r.Passed(),
		Kind:        string(r.Verdict.Kind),
		TestsPassed: passed,
		TestsTotal:  total,
		Fingerprint: r.Fingerprint,
		At:          time.Now().UTC(),
	})
}

// Next runs the exercises in course order and stops at the first that does
// not pass: that one is returned as current (nil when all pass), after the
// results of those before it. Later exercises are started early, in
// parallel, to use the machine's cores while the earlier ones run; their
// runs are cancelled as soon as an earlier exercise fails, and only the
// results up to the current one are returned.
//
// The first exercise starts alone: the others start once its test binary
// runs (or its run ends). On an empty build cache each go test would
// otherwise compile the same standard library and test packages for
// itself, all at once — with the race detector, minutes of CPU each —
// where now they find them in the cache.
func (c *Checker) Next(ctx context.Context) (passed []*Result, current *Result, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type outcome struct {
		r   *Result
		err error
	}
	exercises := c.Course.Exercises
	outcomes := make([]chan outcome, len(exercises))
	slots := make(chan struct{}, max(1, c.NextParallel, runtime.NumCPU()))
	firstBuilt := make(chan struct{})
	var built sync.Once
	release := func() { built.Do(func() { close(firstBuilt) }) }
	var wg sync.WaitGroup
	for i := range exercises {
		outcomes[i] = make(chan outcome, 1)
		wg.Go(func() {
			if i > 0 {
				select {
				case <-firstBuilt:
				case <-ctx.Done():
					outcomes[i] <- outcome{err: ctx.Err()}
					return
				}
			}
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				outcomes[i] <- outcome{err: ctx.Err()}
				return
			}
			defer func() { <-slots }()
			var adjust func(*gotest.Options)
			if i == 0 {
				defer release()
				adjust = func(o *gotest.Options) {
					o.Progress = func(p gotest.Progress) {
						if !p.Building {
							release()
						}
					}
				}
			}
			r, err := c.RunWith(ctx, &exercises[i], adjust)
			outcomes[i] <- outcome{r, err}
		})
	}
	defer wg.Wait() // after cancel: no go test outlives Next
	for i := range exercises {
		o := <-outcomes[i]
		if o.err != nil {
			return passed, nil, o.err
		}
		if !o.r.Passed() {
			return passed, o.r, nil
		}
		passed = append(passed, o.r)
	}
	return passed, nil, nil
}

func testNames(e *course.Exercise) []string {
	names := make([]string, len(e.Tests))
	for i, t := range e.Tests {
		names[i] = t.Name
	}
	return names
}

// relative shows path relative to the workbook root, with forward slashes.
func relative(c *course.Course, path string) string {
	if rel, err := filepath.Rel(c.Root, path); err == nil {
		return filepath.ToSlash(rel)
	}
	return path
}

// Progress is where the learner stands with each exercise, by the verdicts
// the state holds: done when the last run passed and the files are still
// the ones it judged, failing when it failed, not started when it never ran
// or the files changed since it passed. The first exercise that is not done
// is marked current.
func Progress(c *course.Course, s *state.Store) []render.Row {
	rows := make([]render.Row, len(c.Exercises))
	current := -1
	for i := range c.Exercises {
		e := &c.Exercises[i]
		row := render.Row{Exercise: e}
		if v, ok := s.Verdict(e.ID); ok {
			row.Passed, row.Total = v.TestsPassed, v.TestsTotal
			fp, err := c.Fingerprint(e)
			switch {
			case v.Passed && err == nil && fp == v.Fingerprint:
				row.Status = render.Done
			case v.Passed:
				// Edited since it passed: it has to be run again.
				row.Status, row.Total = render.NotStarted, 0
			default:
				row.Status = render.Failing
			}
		}
		if row.Status != render.Done && current < 0 {
			current = i
			row.Status = render.Current
		}
		rows[i] = row
	}
	return rows
}

// RunTwin runs e's tests without the race detector and, when e asks for it
// and the machine can build it, with it, both at once. The race-free run is
// the quicker one (no instrumented build, no slowed-down tests): its result
// goes to quick as soon as it is in, while the race-enabled run goes on,
// and the race-enabled result is returned. quick is not called when there
// is no second run, or when the first result already settles it (a build
// error, a failure to run), which is then returned at once. digest is that
// of the files the runs judge, when the caller has read them already (zero
// to read them here); progress, when set, is told how each run goes (in
// place of the Checker's OnProgress).
func (c *Checker) RunTwin(ctx context.Context, e *course.Exercise, digest gofiles.Digest, quick func(*Result), progress func(RunProgress)) (*Result, error) {
	if progress == nil {
		progress = c.OnProgress
	}
	race, err := c.useRace(ctx, e)
	if err != nil || !race {
		if err != nil {
			return nil, err
		}
		return c.runWith(ctx, e, digest, nil, progress)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // whichever run is still going
	type done struct {
		res  *Result
		err  error
		race bool
	}
	results := make(chan done, 2)
	go func() {
		res, err := c.runWith(ctx, e, digest, func(o *gotest.Options) { o.Race, o.Quick = false, true }, progress)
		results <- done{res, err, false}
	}()
	go func() {
		// The race-enabled run yields the CPU to the quick one, whose
		// verdict the learner is waiting for; it still uses every cycle
		// the quick run leaves idle.
		res, err := c.runWith(ctx, e, digest, func(o *gotest.Options) { o.Nice = 10 }, progress)
		results <- done{res, err, true}
	}()
	for range 2 {
		d := <-results
		if d.race || d.err != nil || d.res.Verdict.Kind == gotest.KindBuildError {
			return d.res, d.err
		}
		quick(d.res)
	}
	return nil, errors.New("the race-enabled run never reported") // not reached: it always does
}
