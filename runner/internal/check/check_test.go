package check

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/course/coursetest"
	"github.com/gospawn/workbook/runner/internal/gofiles"
	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// brokenCourse is a course whose first exercise's file is missing: its
// run cannot start.
func brokenCourse(t *testing.T) *course.Course {
	t.Helper()
	c := coursetest.Write(t, coursetest.Exercise{ID: "broken"})
	require.NoError(t, os.Remove(c.StubPath(&c.Exercises[0])))
	return c
}

func TestARunThatCannotStartStillReportsItsEnd(t *testing.T) {
	c := brokenCourse(t)
	var mu sync.Mutex
	var got []RunProgress
	checker := &Checker{Course: c, Race: RaceOff, OnProgress: func(p RunProgress) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, p)
	}}
	_, err := checker.Run(context.Background(), &c.Exercises[0], gofiles.Digest{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is missing")
	require.Len(t, got, 1, "one report: the end")
	assert.True(t, got[0].Done)
	assert.False(t, got[0].Passed)
	assert.Same(t, &c.Exercises[0], got[0].Exercise)
}

// unknown are priors that know nothing of any exercise's files but their
// digest, read now.
func unknown(t *testing.T, c *course.Course) []Prior {
	t.Helper()
	priors := make([]Prior, len(c.Exercises))
	for i := range c.Exercises {
		s, err := gofiles.Read(c.ExerciseDir(&c.Exercises[i]))
		require.NoError(t, err)
		priors[i].Digest = s.Digest
	}
	return priors
}

// testFile is a test file of package pkg whose TestA and TestB pass, or
// fail when fail is set.
func testFile(pkg string, fail bool) string {
	body := ""
	if fail {
		body = `t.Fatal("wrong")`
	}
	return "package " + pkg + "\n\nimport \"testing\"\n\nfunc TestA(t *testing.T) { " + body + " }\n\nfunc TestB(t *testing.T) {}\n"
}

func TestNextStopsAtTheFirstExerciseThatFails(t *testing.T) {
	c := coursetest.Write(t,
		coursetest.Exercise{ID: "first", TestFile: testFile("first", false)},
		coursetest.Exercise{ID: "second", TestFile: testFile("second", true)},
		coursetest.Exercise{ID: "third", TestFile: testFile("third", false)},
	)
	checker := &Checker{Course: c, Race: RaceOff}
	priors := unknown(t, c)
	passed, current, err := checker.Next(context.Background(), priors)
	require.NoError(t, err)
	require.Len(t, passed, 1, "the exercises before the failing one")
	assert.Same(t, &c.Exercises[0], passed[0].Exercise)
	require.NotNil(t, current)
	assert.Same(t, &c.Exercises[1], current.Exercise, "the failing exercise is the current one")
	assert.False(t, current.Passed())
	assert.Equal(t, gotest.KindFail, current.Verdict.Kind)
	assert.Equal(t, priors[1].Digest, current.Digest, "a result carries the digest of the files it judged")

	// Once the second passes, the course passes.
	require.NoError(t, os.WriteFile(filepath.Join(c.ExerciseDir(&c.Exercises[1]), "second_test.go"), []byte(testFile("second", false)), 0o644))
	passed, current, err = checker.Next(context.Background(), unknown(t, c))
	require.NoError(t, err)
	assert.Nil(t, current)
	assert.Len(t, passed, 3)
}

func TestRunWithQuickVerdictGivesTheQuickVerdictFirst(t *testing.T) {
	c := coursetest.Write(t, coursetest.Exercise{ID: "only", Race: true, TestFile: testFile("only", false)})
	e := &c.Exercises[0]
	checker := &Checker{Course: c, Race: RaceAuto}
	var quick []*Result
	res, err := checker.RunWithQuickVerdict(context.Background(), e, gofiles.Digest{}, func(r *Result) { quick = append(quick, r) }, nil)
	require.NoError(t, err)
	assert.True(t, res.Passed())
	if ok, why, _ := gotest.RaceAvailable(context.Background(), nil); !ok {
		assert.Empty(t, quick, "without the race detector there is one run, and no quick verdict (%s)", why.En)
		return
	}
	assert.True(t, res.Race, "the result returned is the race-checked run's")
	require.Len(t, quick, 1, "the quick verdict came before it")
	assert.False(t, quick[0].Race)
	assert.True(t, quick[0].Passed())
}

func TestTheTestsAreToldTheLearnersLanguage(t *testing.T) {
	src := "package lang\n\nimport (\n\t\"os\"\n\t\"testing\"\n)\n\n" +
		"func TestA(t *testing.T) { t.Fatal(\"language=\" + os.Getenv(\"" + course.TestLangEnv + "\"), \" runner=\" + os.Getenv(\"" + course.RunnerEnv + "\")) }\n\nfunc TestB(t *testing.T) {}\n"
	c := coursetest.Write(t, coursetest.Exercise{ID: "lang", TestFile: src})
	for _, lang := range []i18n.Lang{i18n.En, i18n.Zh, i18n.Both} {
		checker := &Checker{Course: c, Race: RaceOff, Lang: lang}
		r, err := checker.Run(context.Background(), &c.Exercises[0], gofiles.Digest{})
		require.NoError(t, err)
		got, ok := r.Verdict.Test("TestA")
		require.True(t, ok)
		assert.Contains(t, got.Output, "language="+string(lang))
		assert.Contains(t, got.Output, "runner=1", "the harness leaves testify's block in English for the runner to read")
	}
}

// TestRaceDetectorDoesNotSleepAtExit: the runs are told not to wait the
// race detector's second at exit, and keep the learner's own GORACE.
func TestRaceDetectorDoesNotSleepAtExit(t *testing.T) {
	src := "package gorace\n\nimport (\n\t\"os\"\n\t\"testing\"\n)\n\n" +
		"func TestA(t *testing.T) { t.Fatal(\"GORACE=\" + os.Getenv(\"GORACE\")) }\n\nfunc TestB(t *testing.T) {}\n"
	c := coursetest.Write(t, coursetest.Exercise{ID: "gorace", TestFile: src})
	t.Setenv("GORACE", "halt_on_error=1")
	checker := &Checker{Course: c, Race: RaceOff}
	r, err := checker.Run(context.Background(), &c.Exercises[0], gofiles.Digest{})
	require.NoError(t, err)
	got, ok := r.Verdict.Test("TestA")
	require.True(t, ok)
	assert.Contains(t, got.Output, "GORACE=halt_on_error=1 atexit_sleep_ms=0")
}

// TestNextCancelsTheRunsAfterAFailure: once an earlier exercise fails, the
// later runs are cancelled and Next returns without waiting for them to
// end. The third exercise's run blocks until it sees its context
// cancelled, and the second fails only once the third is under way; in a
// bubble, a Next that waited for the third first would leave every
// goroutine durably blocked, and synctest reports the deadlock.
func TestNextCancelsTheRunsAfterAFailure(t *testing.T) {
	c := coursetest.Write(t,
		coursetest.Exercise{ID: "first"},
		coursetest.Exercise{ID: "second"},
		coursetest.Exercise{ID: "third"},
	)
	synctest.Test(t, func(t *testing.T) {
		thirdStarted := make(chan struct{})
		sawCancel := false
		checker := &Checker{Course: c, Race: RaceOff,
			goTest: func(ctx context.Context, o gotest.Options) (*gotest.Verdict, error) {
				switch o.Package {
				case c.Exercises[0].Package():
					return &gotest.Verdict{Kind: gotest.KindPass}, nil
				case c.Exercises[1].Package():
					<-thirdStarted
					return &gotest.Verdict{Kind: gotest.KindFail}, nil
				}
				close(thirdStarted)
				<-ctx.Done()
				sawCancel = true // read after Next returns: Next waits for this run
				return nil, ctx.Err()
			}}
		passed, current, err := checker.Next(context.Background(), nil)
		require.NoError(t, err)
		require.Len(t, passed, 1)
		require.NotNil(t, current)
		assert.Same(t, &c.Exercises[1], current.Exercise, "the second exercise fails: it is the current one")
		assert.True(t, sawCancel, "the third's run was cancelled, and had ended, when Next returned")
	})
}

// TestNextRunsTheFirstAlone: while the first exercise to run has no
// verdict, nothing else runs; when it fails, nothing else ran.
func TestNextRunsTheFirstAlone(t *testing.T) {
	c := coursetest.Write(t, coursetest.Exercise{ID: "first"}, coursetest.Exercise{ID: "second"})
	fake := &fakeGoTest{kinds: map[string]gotest.Kind{c.Exercises[0].Package(): gotest.KindFail}}
	checker := &Checker{Course: c, Race: RaceOff, goTest: fake.run}
	_, current, err := checker.Next(context.Background(), nil)
	require.NoError(t, err)
	assert.Same(t, &c.Exercises[0], current.Exercise)
	assert.Equal(t, map[string]int{c.Exercises[0].Package(): 1}, fake.runs)
}

// fakeGoTest is a go test that counts its runs by package and gives each
// package the verdict kind it is told (a pass when not told).
type fakeGoTest struct {
	mu    sync.Mutex
	kinds map[string]gotest.Kind
	runs  map[string]int
}

func (f *fakeGoTest) run(_ context.Context, o gotest.Options) (*gotest.Verdict, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.runs == nil {
		f.runs = map[string]int{}
	}
	f.runs[o.Package]++
	if o.Progress != nil {
		o.Progress(gotest.Progress{}) // the test binary runs
	}
	kind, ok := f.kinds[o.Package]
	if !ok {
		kind = gotest.KindPass
	}
	return &gotest.Verdict{Kind: kind}, nil
}

func TestNextDoesNotRunAgainWhatIsKnownToPass(t *testing.T) {
	c := coursetest.Write(t,
		coursetest.Exercise{ID: "first"}, coursetest.Exercise{ID: "second"},
		coursetest.Exercise{ID: "third"}, coursetest.Exercise{ID: "fourth"},
	)
	pkg := func(i int) string { return c.Exercises[i].Package() }
	fake := &fakeGoTest{kinds: map[string]gotest.Kind{pkg(3): gotest.KindFail}}
	checker := &Checker{Course: c, Race: RaceOff, goTest: fake.run}
	priors := unknown(t, c)
	priors[0].Known, priors[0].Passed = true, true                       // passed on these files
	priors[1].Known, priors[1].Passed, priors[1].Race = true, true, true // with the race detector
	priors[2].Known = true                                               // failed on these files
	passed, current, err := checker.Next(context.Background(), priors)
	require.NoError(t, err)
	assert.Equal(t, map[string]int{pkg(2): 1, pkg(3): 1}, fake.runs,
		"the exercises whose files passed are not run again; one that failed is")
	require.Len(t, passed, 1)
	assert.Same(t, &c.Exercises[2], passed[0].Exercise)
	assert.Equal(t, priors[2].Digest, passed[0].Digest, "a run is of the files the prior describes")
	require.NotNil(t, current)
	assert.Same(t, &c.Exercises[3], current.Exercise)

	// Everything known to pass: nothing runs, and the course passes.
	for i := range priors {
		priors[i].Known, priors[i].Passed = true, true
	}
	fake.runs = nil
	passed, current, err = checker.Next(context.Background(), priors)
	require.NoError(t, err)
	assert.Empty(t, passed)
	assert.Nil(t, current)
	assert.Empty(t, fake.runs)
}

func TestPasses(t *testing.T) {
	c := coursetest.Write(t, coursetest.Exercise{ID: "only"})
	e := &c.Exercises[0]
	tests := []struct {
		name   string
		prior  Prior
		kind   gotest.Kind
		passes bool
		ran    bool
	}{
		{"a recorded pass of these files", Prior{Known: true, Passed: true}, gotest.KindFail, true, false},
		{"a recorded failure of these files", Prior{Known: true}, gotest.KindPass, false, false},
		{"nothing recorded: a run, which passes", Prior{}, gotest.KindPass, true, true},
		{"nothing recorded: a run, which fails", Prior{}, gotest.KindFail, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeGoTest{kinds: map[string]gotest.Kind{e.Package(): tt.kind}}
			checker := &Checker{Course: c, Race: RaceOff, goTest: fake.run}
			passes, ran, err := checker.Passes(context.Background(), e, tt.prior)
			require.NoError(t, err)
			assert.Equal(t, tt.passes, passes)
			assert.Equal(t, tt.ran, ran != nil, "a run is returned to be recorded")
			assert.Equal(t, map[string]int{e.Package(): boolInt(tt.ran)}[e.Package()], fake.runs[e.Package()])
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestNextTellsTheRunTheLearnerWaitsFor: of Next's runs, only the first
// whose result is not in is reported, and none once one has failed.
func TestNextTellsTheRunTheLearnerWaitsFor(t *testing.T) {
	one, two, three := &course.Exercise{Number: 1}, &course.Exercise{Number: 2}, &course.Exercise{Number: 3}
	var told []RunProgress
	a := &awaited{tell: func(p RunProgress) { told = append(told, p) }, latest: make([]*RunProgress, 3)}
	a.report(2, RunProgress{Exercise: three, Progress: gotest.Progress{Building: true}})
	a.report(1, RunProgress{Exercise: two, Progress: gotest.Progress{Running: []string{"TestB"}}})
	assert.Empty(t, told, "nothing of exercise 1 yet: the learner waits for it")
	a.report(0, RunProgress{Exercise: one, Done: true, Passed: true})
	a.next()
	require.Len(t, told, 2)
	assert.Same(t, two, told[1].Exercise, "exercise 1 passed: the learner waits for 2")
	assert.Equal(t, []string{"TestB"}, told[1].Running, "and sees at once how it goes")
	a.report(1, RunProgress{Exercise: two, Done: true})
	a.stop()
	a.report(2, RunProgress{Exercise: three, Done: true, Passed: true})
	assert.Len(t, told, 3, "exercise 2 failed: the run of 3 is being cancelled, no one waits for it")
}
