package tui

import (
	"fmt"
	"path/filepath"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/course/coursetest"
	"github.com/gospawn/workbook/runner/internal/gofiles"
	"github.com/gospawn/workbook/runner/internal/golden"
	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/progress"
	"github.com/gospawn/workbook/runner/internal/state"
	"github.com/gospawn/workbook/runner/internal/watch"
)

// screenCourse is a course whose first exercise has a chapter shaped like
// the book's, for the golden screens.
func screenCourse(t *testing.T) *course.Course {
	return coursetest.Write(t,
		coursetest.Exercise{ID: "alpha", Tests: tests(8), Hints: 3, Race: true,
			Chapter: coursetest.SampleChapter, ChapterZh: coursetest.SampleChapterZh},
		coursetest.Exercise{ID: "beta", Tests: tests(3)},
		coursetest.Exercise{ID: "gamma", Tests: tests(10)},
	)
}

// failingVerdict fails two of the exercise's tests, one with a testify
// block, the other with a message naming the learner's file.
func failingVerdict(c *course.Course, e *course.Exercise) *gotest.Verdict {
	stub := c.Rel(c.StubPath(e))
	v := &gotest.Verdict{Kind: gotest.KindFail}
	for i, test := range e.Tests {
		r := gotest.TestResult{Name: test.Name, Status: gotest.StatusPass, Expected: true}
		switch i {
		case 0:
			r.Status = gotest.StatusFail
			r.Output = e.ID + "_test.go:15: the client: after sending \"hello\": the server returned the error " +
				"\"not implemented\" although its listener was still open, while this client was still waiting for data\n"
		case 2:
			r.Status = gotest.StatusFail
			r.Output = "harness.go:239: \n" +
				"    \tError Trace:\texercises/internal/harness/harness.go:239\n" +
				"    \t            \t\t\t\t" + stub + ":31\n" +
				"    \tError:      \tTarget error should be in err chain:\n" +
				"    \t            \texpected: \"accept: too many open files\"\n" +
				"    \t            \tin chain: \"not implemented\"\n" +
				"    \tTest:       \t" + test.Name + "\n" +
				"    \tMessages:   \tServe must return the Accept error it got\n"
		}
		v.Tests = append(v.Tests, r)
	}
	return v
}

// TestWatchScreensGolden draws watch mode at three sizes in both
// languages: a failing first run of the first exercise. Review a changed
// file by eye, then run go test ./runner/internal/tui -update.
func TestWatchScreensGolden(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.En, i18n.Zh} {
		for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 50}} {
			name := fmt.Sprintf("watch-%dx%d-%s.txt", size[0], size[1], lang)
			t.Run(name, func(t *testing.T) {
				c := screenCourse(t)
				store, _ := state.Open(c.Root)
				h := &harness{t: t, c: c, store: store, tr: progress.New(c, store)}
				h.m = New(Config{Course: c, Snapshot: h.tr.Snapshot(), Lang: lang, Plain: true, UI: uiOf,
					Request: func(int) {}})
				h.m.tickCmd = func() tea.Cmd { return nil }
				h.do(h.m.Init())
				h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				e := &c.Exercises[0]
				out := progress.Report{Result: resultOf(e, failingVerdict(c, e), h.digest(0))}
				h.event(watch.RunStarted, 0, 1, none)
				h.event(watch.RunFinished, 0, 1, out)
				golden.Check(t, filepath.Join("testdata", name), h.screen())
			})
		}
	}
}

func resultOf(e *course.Exercise, v *gotest.Verdict, digest gofiles.Digest) *check.Result {
	return &check.Result{Exercise: e, Verdict: v, Race: true, Digest: digest}
}
