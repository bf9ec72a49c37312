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
	"github.com/gospawn/workbook/runner/internal/race"
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
	checker := &Checker{Course: c, Race: race.Off, OnProgress: func(p RunProgress) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, p)
	}}
	_, err := checker.Run(context.Background(), &c.Exercises[0])
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is missing")
	require.Len(t, got, 1, "one report: the end")
	assert.True(t, got[0].Done)
	assert.False(t, got[0].Passed)
	assert.Same(t, &c.Exercises[0], got[0].Exercise)
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
	checker := &Checker{Course: c, Race: race.Off}
	passed, current, err := checker.Next(context.Background())
	require.NoError(t, err)
	require.Len(t, passed, 1, "the exercises before the failing one")
	assert.Same(t, &c.Exercises[0], passed[0].Exercise)
	require.NotNil(t, current)
	assert.Same(t, &c.Exercises[1], current.Exercise, "the failing exercise is the current one")
	assert.False(t, current.Passed())
	assert.Equal(t, gotest.KindFail, current.Verdict.Kind)
	fp, err := c.Fingerprint(&c.Exercises[1])
	require.NoError(t, err)
	assert.Equal(t, fp, current.Fingerprint, "a result carries the fingerprint of the files it judged")

	// Once the second passes, the course passes.
	require.NoError(t, os.WriteFile(filepath.Join(c.ExerciseDir(&c.Exercises[1]), "second_test.go"), []byte(testFile("second", false)), 0o644))
	passed, current, err = checker.Next(context.Background())
	require.NoError(t, err)
	assert.Nil(t, current)
	assert.Len(t, passed, 3)
}

func TestRunWithQuickVerdictGivesTheQuickVerdictFirst(t *testing.T) {
	c := coursetest.Write(t, coursetest.Exercise{ID: "only", Race: true, TestFile: testFile("only", false)})
	e := &c.Exercises[0]
	checker := &Checker{Course: c, Race: race.Auto}
	var quick []*Result
	res, err := checker.RunWithQuickVerdict(context.Background(), e, gofiles.Digest{}, func(r *Result) { quick = append(quick, r) }, nil)
	require.NoError(t, err)
	assert.True(t, res.Passed())
	if ok, why, _ := gotest.RaceAvailable(context.Background(), nil); !ok {
		assert.Empty(t, quick, "without the race detector there is one run, and no quick verdict (%s)", why)
		return
	}
	assert.True(t, res.Race, "the result returned is the race-checked run's")
	require.Len(t, quick, 1, "the quick verdict came before it")
	assert.False(t, quick[0].Race)
	assert.True(t, quick[0].Passed())
}

func TestTheTestsAreToldTheLearnersLanguage(t *testing.T) {
	src := "package lang\n\nimport (\n\t\"os\"\n\t\"testing\"\n)\n\n" +
		"func TestA(t *testing.T) { t.Fatal(\"language=\" + os.Getenv(\"" + course.TestLangEnv + "\")) }\n\nfunc TestB(t *testing.T) {}\n"
	c := coursetest.Write(t, coursetest.Exercise{ID: "lang", TestFile: src})
	for _, lang := range []i18n.Lang{i18n.En, i18n.Zh, i18n.Both} {
		checker := &Checker{Course: c, Race: race.Off, Lang: lang}
		r, err := checker.Run(context.Background(), &c.Exercises[0])
		require.NoError(t, err)
		got, ok := r.Verdict.Test("TestA")
		require.True(t, ok)
		assert.Contains(t, got.Output, "language="+string(lang))
	}
}

// TestNextCancelsTheRunsAfterAFailure: once an earlier exercise fails, the
// later runs, started early, are cancelled and Next returns without
// waiting for them to end. The later runs block until they see their
// context cancelled; in a bubble, a Next that waited for them first would
// leave every goroutine durably blocked, and synctest reports the
// deadlock.
func TestNextCancelsTheRunsAfterAFailure(t *testing.T) {
	c := coursetest.Write(t,
		coursetest.Exercise{ID: "first"},
		coursetest.Exercise{ID: "second"},
		coursetest.Exercise{ID: "third"},
	)
	synctest.Test(t, func(t *testing.T) {
		laterStarted := make(chan string, 2)
		var mu sync.Mutex
		sawCancel := map[string]bool{}
		checker := &Checker{Course: c, Race: race.Off, Parallel: 3,
			goTest: func(ctx context.Context, o gotest.Options) (*gotest.Verdict, error) {
				if o.Package == c.Exercises[0].Package() {
					// Its test binary runs: the others may start. It
					// fails once both of them are under way.
					o.Progress(gotest.Progress{})
					<-laterStarted
					<-laterStarted
					return &gotest.Verdict{Kind: gotest.KindFail}, nil
				}
				laterStarted <- o.Package
				<-ctx.Done()
				mu.Lock()
				sawCancel[o.Package] = true
				mu.Unlock()
				return nil, ctx.Err()
			}}
		passed, current, err := checker.Next(context.Background())
		require.NoError(t, err)
		assert.Empty(t, passed)
		require.NotNil(t, current)
		assert.Same(t, &c.Exercises[0], current.Exercise, "the first exercise fails: it is the current one")
		mu.Lock()
		defer mu.Unlock()
		assert.Equal(t, map[string]bool{c.Exercises[1].Package(): true, c.Exercises[2].Package(): true}, sawCancel,
			"the later runs were cancelled, and had ended, when Next returned")
	})
}
