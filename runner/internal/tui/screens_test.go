package tui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"

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

// TestWatchScreensZh80x24Golden draws every screen of watch mode at 80×24 in
// Chinese: the verdict beside the chapter, the whole verdict (v), the list
// (l), the help (?), the hints (h), the solution (s) and the chapter
// scrolled to its code and table. Review a changed file by eye, then run
// go test ./runner/internal/tui -run TestWatchScreensZh80x24Golden -update.
func TestWatchScreensZh80x24Golden(t *testing.T) {
	c := coursetest.Write(t,
		coursetest.Exercise{ID: "alpha", Tests: tests(8), Hints: 3, Race: true,
			Chapter: coursetest.SampleChapter, ChapterZh: coursetest.LayoutChapterZh,
			Solution: "package alpha\n\n// Serve 接受连接，每次服务一个客户端，直到 listener 被关闭；" + strings.Repeat("很长的一行注释，", 8) + "结束\nfunc Serve() {}\n"},
		coursetest.Exercise{ID: "beta", Tests: tests(3)},
		coursetest.Exercise{ID: "gamma", Tests: tests(10)},
	)
	store, _ := state.Open(c.Root)
	h := &harness{t: t, c: c, store: store, tr: progress.New(c, store)}
	h.m = New(Config{Course: c, Snapshot: h.tr.Snapshot(), Lang: i18n.Zh, Plain: true, UI: uiOf,
		Request: func(int) {}, ShowHint: h.showHint})
	h.m.tickCmd = func() tea.Cmd { return nil }
	h.do(h.m.Init())
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	e := &c.Exercises[0]
	h.event(watch.RunStarted, 0, 1, none)
	h.event(watch.RunFinished, 0, 1, progress.Report{Result: resultOf(e, failingVerdict(c, e), h.digest(0))})
	h.event(watch.RunStarted, 2, 2, none)
	h.event(watch.RunFinished, 2, 2, h.result(2, false))

	shot := func(name string) {
		t.Helper()
		golden.Check(t, filepath.Join("testdata", "zh-80x24-"+name+".txt"), h.screen())
	}
	shot("verdict")
	assert.Contains(t, footer(h.screen()), "←→", "the chapter on screen has a code line cut: the footer says how to see it")
	h.key("v")
	shot("whole-verdict")
	h.key("v")
	h.key("l")
	h.key("down")
	shot("list")
	h.key("esc")
	h.key("?")
	shot("help")
	h.key("?")
	h.key("h")
	shot("hint")
	h.key("esc")
	for range 2 {
		h.send(tea.KeyPressMsg(tea.Key{Code: tea.KeyPgDown}))
	}
	shot("chapter")
	assert.NotContains(t, footer(h.screen()), "←→", "no code line is cut on screen: the footer leaves ←→ out")
	h.send(tea.KeyPressMsg(tea.Key{Code: tea.KeyUp}))
	h.send(tea.KeyPressMsg(tea.Key{Code: tea.KeyUp}))
	for range 4 {
		h.send(tea.KeyPressMsg(tea.Key{Code: tea.KeyRight}))
	}
	s := h.screen()
	assert.Contains(t, s, `closing the listener")`, "→ shows the end of the code line the screen cut")
	shot("chapter-sideways")
	for range 4 {
		h.send(tea.KeyPressMsg(tea.Key{Code: tea.KeyLeft}))
	}
	h.event(watch.RunStarted, 0, 3, none)
	h.event(watch.RunFinished, 0, 3, h.result(0, true))
	h.key("s")
	shot("solution")
}

// footer is the screen's last line, its keys.
func footer(screen string) string { return screen[strings.LastIndex(screen, "\n")+1:] }

// TestWatchHeadingsZh80x24Golden draws watch mode in colour at 80×24 in
// Chinese, scrolled to the chapter's level-2 heading, with the escape
// codes taken out: a heading is drawn as a heading, without Markdown's
// "## ", as read and next draw it. Review a changed file by eye, then run
// go test ./runner/internal/tui -run TestWatchHeadingsZh80x24Golden -update.
func TestWatchHeadingsZh80x24Golden(t *testing.T) {
	c := coursetest.Write(t, coursetest.Exercise{ID: "alpha", Tests: tests(2),
		Chapter: coursetest.SampleChapter, ChapterZh: coursetest.SampleChapterZh})
	store, _ := state.Open(c.Root)
	h := &harness{t: t, c: c, store: store, tr: progress.New(c, store)}
	h.m = New(Config{Course: c, Snapshot: h.tr.Snapshot(), Lang: i18n.Zh, UI: uiOf, Request: func(int) {}})
	h.m.tickCmd = func() tea.Cmd { return nil }
	h.do(h.m.Init())
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.event(watch.RunStarted, 0, 1, none)
	h.event(watch.RunFinished, 0, 1, h.result(0, false))
	for range 3 {
		h.send(tea.KeyPressMsg(tea.Key{Code: tea.KeyPgDown}))
	}
	s := ansi.Strip(h.screen())
	assert.Regexp(t, `(?m)^ *练习 *$`, s, "the chapter is scrolled to its exercise section")
	assert.NotContains(t, s, "##", "a heading is drawn without Markdown's marks")
	golden.Check(t, filepath.Join("testdata", "zh-80x24-heading.txt"), s)
}
