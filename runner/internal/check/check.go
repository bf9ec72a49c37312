// Package check runs exercises' tests for the runner's commands: one
// exercise (Run), the course in order up to the first that fails (Next),
// and watch mode's quick-then-race-checked pair (RunWithQuickVerdict). The
// caller gives the digest of the files each run judges, read where it
// read them; check reads no exercise's files itself, records nothing
// (progress does) and draws nothing.
package check

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/gofiles"
	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// Checker runs exercises of one course.
type Checker struct {
	Course  *course.Course
	Race    RaceMode
	Timeout time.Duration // of an exercise's test binary (the build is not counted); gotest's default when zero
	// Lang is the language the tests write their failures in (see
	// course.TestLangEnv); their own default when empty.
	Lang i18n.Lang
	// OnProgress, when set, is told how runs are going: every run of Run
	// and RunWithQuickVerdict (whose two runs call it from their own
	// goroutines, at the same time), and of Next's runs the one the
	// learner waits for.
	OnProgress func(RunProgress)

	// goTest runs go test: gotest.Run, or a stand-in in tests.
	goTest func(context.Context, gotest.Options) (*gotest.Verdict, error)

	policyOnce sync.Once
	policy     *RacePolicy
}

// Result is one exercise's run.
type Result struct {
	Exercise *course.Exercise
	Verdict  *gotest.Verdict
	Race     bool           // the run used the race detector
	Digest   gofiles.Digest // of the files the run judged, as the caller gave it
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

// Prior is what is known of an exercise's files before they are run: their
// digest, and the recorded run of exactly these files, if there is one.
type Prior struct {
	Digest gofiles.Digest
	Known  bool // a run of these files is recorded
	Passed bool // it passed
	Race   bool // it used the race detector
}

// racePolicy is the race policy of Race, made at the first run.
func (c *Checker) racePolicy() *RacePolicy {
	c.policyOnce.Do(func() { c.policy = &RacePolicy{Mode: c.Race} })
	return c.policy
}

// RaceNote is why the race detector is off although exercises ask for it,
// or the zero Text when it is not. Call it after a run.
func (c *Checker) RaceNote() i18n.Text { return c.racePolicy().Note() }

// useRace decides -race for one exercise.
func (c *Checker) useRace(ctx context.Context, e *course.Exercise) (bool, error) {
	on, err := c.racePolicy().Use(ctx, e.Race)
	return on, goError(err)
}

// errNoGo is what a learner without Go on their PATH is told.
var errNoGo = i18n.Errorf(msgNoGo)

// goError is err, or what to tell a learner without Go.
func goError(err error) error {
	if errors.Is(err, gotest.ErrNoGo) {
		return errNoGo
	}
	return err
}

// settled reports whether p settles e's verdict without a run: p's run
// failed, or it passed with the race detector whenever a run now would use
// it. A pass without the race detector does not settle a run that would
// check for races.
func (c *Checker) settled(ctx context.Context, e *course.Exercise, p Prior) (bool, error) {
	if !p.Known || !p.Passed || p.Race {
		return p.Known, nil
	}
	race, err := c.useRace(ctx, e)
	return !race, err
}

// Run runs one exercise's tests on the files whose digest is given.
func (c *Checker) Run(ctx context.Context, e *course.Exercise, digest gofiles.Digest) (*Result, error) {
	return c.run(ctx, e, digest, nil, c.OnProgress)
}

// Passes reports whether e passes on the files p describes: as p's
// recorded run says, when that settles it, else as a run of its tests
// says now. The run, when there was one, is returned for the caller to
// record.
func (c *Checker) Passes(ctx context.Context, e *course.Exercise, p Prior) (passes bool, ran *Result, err error) {
	settled, err := c.settled(ctx, e, p)
	if err != nil || settled {
		return p.Passed, nil, err
	}
	ran, err = c.Run(ctx, e, p.Digest)
	if err != nil {
		return false, nil, err
	}
	return ran.Passed(), ran, nil
}

// run runs e's tests on the files of digest, with extra gotest options set
// by adjust, telling progress, when set, how the run goes.
func (c *Checker) run(ctx context.Context, e *course.Exercise, digest gofiles.Digest, adjust func(*gotest.Options), progress func(RunProgress)) (res *Result, err error) {
	opts := gotest.Options{
		Dir:      c.Course.ModuleDir(),
		Package:  e.Package(),
		Timeout:  c.Timeout,
		Expected: testNames(e),
		Root:     c.Course.Root,
	}
	if c.Lang != "" {
		opts.Env = append(opts.Env, course.TestLangEnv+"="+string(c.Lang))
	}
	opts.Env = append(opts.Env, course.RunnerEnv+"=1")
	// The race detector sleeps a second before a binary exits, for races
	// in goroutines still running then; the exercises' tests fail a test
	// that leaves any, so that second only delays every verdict (a solved
	// exercise's run: 1.1-1.7 s with it, 0.16-0.42 s without).
	opts.Env = append(opts.Env, "GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	var last gotest.Progress
	if progress != nil {
		// Every run ends with a report, a run that could not start too:
		// a screen must not keep waiting for it.
		defer func() {
			progress(RunProgress{Exercise: e, Race: opts.Race, Done: true, Passed: err == nil && res.Passed(), Progress: last})
		}()
	}
	if _, err := os.Stat(c.Course.StubPath(e)); err != nil {
		return nil, i18n.Errorf(msgStubMissing, c.Course.Rel(c.Course.StubPath(e)), e.Dir)
	}
	if opts.Race, err = c.useRace(ctx, e); err != nil {
		return nil, err
	}
	if adjust != nil {
		adjust(&opts)
	}
	if progress != nil {
		opts.Progress = func(p gotest.Progress) {
			last = p
			progress(RunProgress{Exercise: e, Race: opts.Race, Progress: p})
		}
	}
	goTest := c.goTest
	if goTest == nil {
		goTest = gotest.Run
	}
	// When it returns, no call of opts.Progress is left: last is final.
	v, err := goTest(ctx, opts)
	if errors.Is(err, gotest.ErrNoGo) {
		return nil, errNoGo
	} else if err != nil {
		return nil, i18n.Errorf(msgRunFailed, e.Dir, err)
	}
	return &Result{Exercise: e, Verdict: v, Race: opts.Race, Digest: digest}, nil
}

// Next runs the exercises in course order and stops at the first that does
// not pass: that one is returned as current (nil when all pass), after the
// results of those before it that ran. An exercise whose prior (by index;
// missing ones are unknown) says that its files as they are passed is not
// run again (see Passes for when a prior pass settles it).
//
// The first exercise to run runs alone: on a fresh course, or at the
// exercise the learner is on, its verdict is the one shown, and on an
// empty build cache every go test started beside it would compile the same
// standard library and test packages for itself — with the race detector,
// minutes of CPU each. Once it passes, the later ones all run at once (go
// test then overlaps their builds and runs across the cores, as one go test
// of all the packages would) and are cancelled as soon as an earlier one
// fails; only the results up to the current one are returned.
func (c *Checker) Next(ctx context.Context, priors []Prior) (passed []*Result, current *Result, err error) {
	exercises := c.Course.Exercises
	var todo []*course.Exercise
	var digests []gofiles.Digest
	for i := range exercises {
		var p Prior
		if i < len(priors) {
			p = priors[i]
		}
		if p.Passed {
			settled, err := c.settled(ctx, &exercises[i], p)
			if err != nil {
				return nil, nil, err
			}
			if settled {
				continue
			}
		}
		todo, digests = append(todo, &exercises[i]), append(digests, p.Digest)
	}

	if len(todo) == 0 {
		return nil, nil, nil
	}
	awaited := &awaited{tell: c.OnProgress, latest: make([]*RunProgress, len(todo))}
	report := func(k int) func(RunProgress) { return func(p RunProgress) { awaited.report(k, p) } }
	// The first runs alone: most of the time it is the exercise the
	// learner is on, and fails, and nothing else is worth a CPU until it
	// passes.
	first, err := c.run(ctx, todo[0], digests[0], nil, report(0))
	if err != nil || !first.Passed() {
		return nil, first, err
	}
	passed = append(passed, first)
	awaited.next()

	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	// Cancel, then wait: the runs whose verdicts are no longer wanted stop
	// now, and no go test outlives Next.
	defer func() {
		cancel()
		wg.Wait()
	}()
	type outcome struct {
		r   *Result
		err error
	}
	outcomes := make([]chan outcome, len(todo))
	for k := 1; k < len(todo); k++ {
		outcomes[k] = make(chan outcome, 1)
		wg.Go(func() {
			r, err := c.run(ctx, todo[k], digests[k], nil, report(k))
			outcomes[k] <- outcome{r, err}
		})
	}
	for k := 1; k < len(todo); k++ {
		o := <-outcomes[k]
		if o.err != nil || !o.r.Passed() {
			awaited.stop()
			return passed, o.r, o.err
		}
		passed = append(passed, o.r)
		awaited.next()
	}
	return passed, nil, nil
}

// awaited passes on the progress of the run the learner waits for: of
// Next's runs, the first whose result Next has not taken yet.
type awaited struct {
	tell   func(RunProgress) // nil to tell no one
	mu     sync.Mutex
	head   int            // the run waited for; -1 once Next stops
	latest []*RunProgress // each run's latest report
}

func (a *awaited) report(k int, p RunProgress) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.latest[k] = &p
	if k == a.head && a.tell != nil {
		a.tell(p)
	}
}

// next moves on to the next run, telling its latest report at once.
func (a *awaited) next() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.head++
	if a.head < len(a.latest) && a.latest[a.head] != nil && a.tell != nil {
		a.tell(*a.latest[a.head])
	}
}

// stop tells nothing more.
func (a *awaited) stop() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.head = -1
}

func testNames(e *course.Exercise) []string {
	names := make([]string, len(e.Tests))
	for i, t := range e.Tests {
		names[i] = t.Name
	}
	return names
}

// RunWithQuickVerdict runs e's tests without the race detector and, when e asks for it
// and the machine can build it, with it, both at once. The race-free run is
// the quicker one (no instrumented build, no slowed-down tests): its result
// goes to quick as soon as it is in, while the race-enabled run goes on,
// and the race-enabled result is returned. quick is not called when there
// is no second run, or when the first result already settles it (a build
// error, a failure to run), which is then returned at once. digest is that
// of the files the runs judge; progress, when set, is told how each run
// goes (in place of the Checker's OnProgress).
func (c *Checker) RunWithQuickVerdict(ctx context.Context, e *course.Exercise, digest gofiles.Digest, quick func(*Result), progress func(RunProgress)) (*Result, error) {
	if progress == nil {
		progress = c.OnProgress
	}
	race, err := c.useRace(ctx, e)
	if err != nil {
		return nil, err
	} else if !race {
		return c.run(ctx, e, digest, nil, progress)
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
		res, err := c.run(ctx, e, digest, func(o *gotest.Options) { o.Race, o.Quick = false, true }, progress)
		results <- done{res, err, false}
	}()
	go func() {
		// The race-enabled run yields the CPU to the quick one, whose
		// verdict the learner is waiting for; it still uses every cycle
		// the quick run leaves idle.
		res, err := c.run(ctx, e, digest, func(o *gotest.Options) { o.Nice = 10 }, progress)
		results <- done{res, err, true}
	}()
	for range 2 {
		d := <-results
		if d.race || d.err != nil || d.res.Verdict.Kind == gotest.KindBuildError {
			return d.res, d.err
		}
		quick(d.res)
	}
	return nil, i18n.Errorf(msgNeverReported) // not reached: it always does
}
