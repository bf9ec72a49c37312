package tui

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/course/coursetest"
	"github.com/gospawn/workbook/runner/internal/gofiles"
	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/progress"
	"github.com/gospawn/workbook/runner/internal/render"
	"github.com/gospawn/workbook/runner/internal/state"
	"github.com/gospawn/workbook/runner/internal/watch"
)

type harness struct {
	t         *testing.T
	m         *Model
	c         *course.Course
	store     *state.Store
	tr        *progress.Tracker // the owner, as watch mode's Serve drives it
	requested []int
	ticks     int // ticks the model asked for
}

// tests names n tests.
func tests(n int) []string {
	var names []string
	for i := range n {
		names = append(names, fmt.Sprintf("TestPart%d", i+1))
	}
	return names
}

// fixture is the course these tests watch: four exercises, the third
// failing with 9 of 10 tests in some tests.
func fixture(t *testing.T) *course.Course {
	return coursetest.Write(t,
		coursetest.Exercise{ID: "alpha", Tests: tests(8), Hints: 3, Race: true},
		coursetest.Exercise{ID: "beta", Tests: tests(3)},
		coursetest.Exercise{ID: "gamma", Tests: tests(10), Solution: "package gamma\n\nfunc f() int { h.result = f() }\n"},
		coursetest.Exercise{ID: "delta", Solution: "package delta\n\n// " + strings.Repeat("long ", 40) + "END\n"},
	)
}

func newHarness(t *testing.T, autoNext bool) *harness {
	t.Helper()
	c := fixture(t)
	store, _ := state.Open(c.Root)
	h := &harness{t: t, c: c, store: store, tr: progress.New(c, store)}
	h.m = New(Config{
		Course: c, Snapshot: h.tr.Snapshot(), Lang: i18n.En, Plain: true, AutoNext: autoNext,
		UI:       uiOf,
		Request:  func(i int) { h.requested = append(h.requested, i) },
		ShowHint: h.showHint,
	})
	h.m.tickCmd = func() tea.Cmd {
		h.ticks++
		return nil
	}
	h.do(h.m.Init())
	h.send(tea.WindowSizeMsg{Width: 100, Height: 40})
	return h
}

// do runs a command as the program would, handing its messages back to
// the model, except the clock's ticks, which the tests send themselves.
func (h *harness) do(cmd tea.Cmd) {
	if cmd != nil {
		h.handle(cmd())
	}
}

// handle hands a command's message back to the model.
func (h *harness) handle(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil, tea.QuitMsg:
	case tea.BatchMsg:
		for _, c := range msg {
			h.do(c)
		}
	default:
		_, next := h.m.Update(msg)
		h.do(next)
	}
}

// showHint is what the owner does when asked for a hint: count it, save,
// and tell the model.
func (h *harness) showHint(i int) {
	h.tr.ShowHint(i)
	require.NoError(h.t, h.tr.Save())
	h.send(UpdateMsg{Snapshot: h.tr.Snapshot()})
}

// uiOf is the UI language for a content language in these tests: English
// for both, as with an English locale.
func uiOf(l i18n.Lang) i18n.Lang {
	if l == i18n.Both {
		return i18n.En
	}
	return l
}

// send hands msg to the model and runs the commands that come back (each
// once), all but a quit, which it returns.
func (h *harness) send(msg tea.Msg) tea.Cmd {
	_, cmd := h.m.Update(msg)
	if cmd == nil {
		return nil
	}
	out := cmd()
	if _, quit := out.(tea.QuitMsg); quit {
		return func() tea.Msg { return out }
	}
	h.handle(out)
	return nil
}

func (h *harness) key(k string) tea.Cmd {
	r := []rune(k)
	key := tea.Key{Code: r[0], Text: k}
	switch k {
	case "esc":
		key = tea.Key{Code: tea.KeyEscape}
	case "enter":
		key = tea.Key{Code: tea.KeyEnter}
	case "down":
		key = tea.Key{Code: tea.KeyDown}
	case "ctrl+c":
		key = tea.Key{Code: 'c', Mod: tea.ModCtrl}
	}
	return h.send(tea.KeyPressMsg(key))
}

func (h *harness) screen() string {
	h.t.Helper()
	s := h.m.Render()
	lines := strings.Split(s, "\n")
	assert.Len(h.t, lines, h.m.height, "the screen fills the terminal's height exactly")
	for i, l := range lines {
		assert.LessOrEqual(h.t, render.Width(l), h.m.width, "line %d is wider than the terminal: %q", i+1, l)
	}
	return s
}

func (h *harness) dir(i int) string { return h.c.ExerciseDir(&h.c.Exercises[i]) }

// digest is the digest of exercise i's files now.
func (h *harness) digest(i int) gofiles.Digest {
	s, err := gofiles.Read(h.dir(i))
	require.NoError(h.t, err)
	return s.Digest
}

// result is a verdict for exercise i: passing, or failing one test.
func (h *harness) result(i int, pass bool) progress.Report {
	e := &h.c.Exercises[i]
	v := &gotest.Verdict{Kind: gotest.KindPass, PackagePassed: true}
	for j, t := range e.Tests {
		st := gotest.StatusPass
		if !pass && j == 0 {
			st = gotest.StatusFail
			v.Kind, v.PackagePassed = gotest.KindFail, false
		}
		v.Tests = append(v.Tests, gotest.TestResult{Name: t.Name, Status: st, Expected: true, Output: "boom\n"})
	}
	return progress.Report{Result: &check.Result{Exercise: e, Verdict: v, Race: true, Digest: h.digest(i)}}
}

// event is an update of exercise i: the owner records it, then the model
// gets it with the owner's snapshot, as in watch mode.
func (h *harness) event(kind watch.EventKind, i, seq int, r progress.Report) {
	u := progress.Update{Kind: kind, Exercise: i, Seq: seq, Digest: h.digest(i), Value: r}
	h.tr.Apply(u)
	h.send(UpdateMsg{Update: u, Snapshot: h.tr.Snapshot()})
}

// none is a report of nothing: a run's start or cancel.
var none progress.Report

func TestFirstRunIsRequestedAndShown(t *testing.T) {
	h := newHarness(t, false)
	require.Equal(t, []int{0}, h.requested, "the exercise shown first is run at once")
	assert.Contains(t, h.screen(), "Waiting for the first run")
	h.event(watch.RunStarted, 0, 1, none)
	assert.Contains(t, h.screen(), "Running the tests (run #1)")
	h.event(watch.RunReport, 0, 1, h.result(0, true))
	s := h.screen()
	assert.Contains(t, s, "Checking for data races", "a quick verdict says the race check is still going")
	assert.NotContains(t, s, "Exercise 1 passes", "no pass is announced before the race-checked run")
	h.event(watch.RunFinished, 0, 1, h.result(0, true))
	s = h.screen()
	assert.NotContains(t, s, "Checking for data races")
	assert.Contains(t, s, "Run #1")
	assert.Contains(t, s, "Exercise 1 passes! Press n")
	v, ok := h.store.LastRun(h.c.Exercises[0].ID)
	require.True(t, ok, "a finished run is recorded in the state")
	assert.True(t, v.Passed)
}

func TestNothingStaleWithoutSayingSo(t *testing.T) {
	h := newHarness(t, false)
	h.event(watch.RunStarted, 0, 1, none)
	h.event(watch.RunFinished, 0, 1, h.result(0, false))
	assert.Contains(t, h.screen(), "✗ 7 of 8 tests pass")
	h.key("r") // the same files again
	h.event(watch.RunStarted, 0, 2, none)
	s := h.screen()
	assert.Contains(t, s, "Running the tests again (run #2). The verdict below is from run #1, of the same files.")
	assert.NotContains(t, s, "Files changed", "r changes no file")
	h.event(watch.RunCancelled, 0, 2, none)
	stub := h.c.StubPath(&h.c.Exercises[0])
	require.NoError(t, os.WriteFile(stub, []byte("package alpha\n\n// saved\n"), 0o644))
	h.event(watch.RunStarted, 0, 2, none) // a save: a new run starts
	assert.Contains(t, h.screen(), "Files changed: re-running (run #2). The verdict below is from run #1")
	h.event(watch.RunCancelled, 0, 2, none) // another save supersedes run 2
	h.event(watch.RunStarted, 0, 3, none)
	assert.Contains(t, h.screen(), "re-running (run #3)")
	h.event(watch.RunFinished, 0, 3, h.result(0, true))
	s = h.screen()
	assert.NotContains(t, s, "Files changed")
	assert.Contains(t, s, "Run #3")
}

func TestKeys(t *testing.T) {
	h := newHarness(t, false)
	h.event(watch.RunStarted, 0, 1, none)
	h.event(watch.RunFinished, 0, 1, h.result(0, false))

	h.key("s")
	assert.Contains(t, h.screen(), "The solution opens once this exercise passes")
	h.key("n")
	assert.Equal(t, 0, h.m.view, "n does nothing before a pass")

	h.key("r")
	assert.Equal(t, []int{0, 0}, h.requested, "r runs the exercise again")

	h.key("h")
	s := h.screen()
	assert.Contains(t, s, "Hint 1 of 3")
	assert.Equal(t, 1, h.store.HintsShown(h.c.Exercises[0].ID))
	h.key("esc")
	h.key("h")
	assert.Contains(t, h.screen(), "Hint 2 of 3", "each h shows one more tier")

	h.key("esc")
	h.key("?")
	assert.Contains(t, h.screen(), "Save the exercise file in your editor")
	h.key("?")

	h.key("t")
	assert.Contains(t, h.screen(), "进度", "t switches to Chinese")
	h.key("t")
	h.key("t")
	assert.Contains(t, h.screen(), "Progress", "and round to English again")

	h.key("l")
	assert.Contains(t, h.screen(), "Exercises")
	h.key("down")
	h.key("down")
	h.key("enter")
	assert.Equal(t, 2, h.m.view, "the list opens the chosen exercise")
	assert.Equal(t, 2, h.requested[len(h.requested)-1], "and runs it when it has no verdict yet")
	assert.Contains(t, h.screen(), fmt.Sprintf("Exercise 3 of %d", len(h.c.Exercises)))

	h.event(watch.RunStarted, 2, 5, none)
	h.event(watch.RunFinished, 2, 5, h.result(2, true))
	h.key("s")
	assert.Contains(t, h.screen(), "h.result = f()", "s shows the solution once the exercise passes")
	h.key("s")
	h.key("n")
	assert.Equal(t, 3, h.m.view, "n moves on after a pass")

	for _, quit := range []string{"q", "ctrl+c"} {
		cmd := h.key(quit)
		require.NotNil(t, cmd, "%s quits", quit)
		_, isQuit := cmd().(tea.QuitMsg)
		assert.True(t, isQuit, "%s quits", quit)
	}
}

func TestAutoNext(t *testing.T) {
	h := newHarness(t, true)
	h.event(watch.RunStarted, 0, 1, none)
	h.event(watch.RunFinished, 0, 1, h.result(0, true))
	assert.Equal(t, 1, h.m.view, "--auto-next moves on as soon as the exercise passes")
	assert.Equal(t, 1, h.requested[len(h.requested)-1])
}

func TestOtherExercisesUpdateWithoutMovingTheLearner(t *testing.T) {
	h := newHarness(t, false)
	h.event(watch.RunStarted, 2, 1, none)
	h.event(watch.RunFinished, 2, 1, h.result(2, false))
	assert.Equal(t, 0, h.m.view, "a save in another exercise does not take the learner away")
	v, ok := h.store.LastRun(h.c.Exercises[2].ID)
	require.True(t, ok, "but its verdict is recorded")
	assert.False(t, v.Passed)
	h.send(tea.WindowSizeMsg{Width: 160, Height: 50}) // wide: the whole list shows
	s := h.screen()
	assert.Contains(t, s, "✗ 3 Gamma", "the other exercise is marked failing in the list")
	assert.Contains(t, s, "failing, 9/10 tests")
}

func TestResize(t *testing.T) {
	h := newHarness(t, false)
	h.event(watch.RunStarted, 0, 1, none)
	h.event(watch.RunFinished, 0, 1, h.result(0, false))
	for _, size := range [][2]int{{80, 24}, {200, 50}, {120, 30}, {60, 12}, {20, 8}} {
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		s := h.screen() // checks width and height
		if wide, _, _ := render.Split(size[0]); wide {
			assert.Contains(t, s, " │ ", "%dx%d: chapter and panel side by side", size[0], size[1])
		} else {
			assert.Contains(t, s, strings.Repeat("─", size[0]), "%dx%d: panel above the chapter", size[0], size[1])
		}
	}
}

func TestTheWholeVerdictAtAnySize(t *testing.T) {
	h := newHarness(t, false)
	h.event(watch.RunStarted, 0, 1, none)
	out := h.result(0, false)
	v := out.Result.Verdict
	v.Tests = nil
	for i := range 40 {
		v.Tests = append(v.Tests, gotest.TestResult{Name: fmt.Sprintf("TestPart%d", i+1), Status: gotest.StatusFail,
			Expected: true, Output: strings.Repeat("a line of the failure\n", 5)})
	}
	h.event(watch.RunFinished, 0, 1, out)
	const last = "TestPart40"
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 50}} {
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		s := h.screen()
		require.NotContains(t, s, last, "%dx%d: a long verdict does not fit beside the chapter", size[0], size[1])
		assert.Contains(t, s, "more lines: v shows the whole verdict", "%dx%d: the cut says how to see the rest", size[0], size[1])

		h.key("v")
		s = h.screen()
		assert.Contains(t, s, "✗ 0 of 40 tests pass", "%dx%d: the whole screen starts at the top of the verdict", size[0], size[1])
		assert.Contains(t, s, "esc back", "the footer says how to come back")
		for range 100 {
			h.send(tea.KeyPressMsg(tea.Key{Code: tea.KeyPgDown}))
			assert.NotContains(t, h.screen(), "more lines", "%dx%d: on the whole screen no failure is cut short", size[0], size[1])
		}
		s = h.screen()
		assert.Contains(t, s, last, "%dx%d: scrolled to its end", size[0], size[1])
		h.send(tea.KeyPressMsg(tea.Key{Code: tea.KeyHome}))
		assert.Contains(t, h.screen(), "✗ 0 of 40 tests pass", "home goes back to the top")
		h.key("v")
		assert.Contains(t, h.screen(), "v verdict", "v comes back to the chapter")
	}
}

func TestTheSolutionIsNeverCut(t *testing.T) {
	h := newHarness(t, false)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.key("l")
	for range 3 {
		h.key("down")
	}
	h.key("enter")
	require.Equal(t, 3, h.m.view)
	h.event(watch.RunStarted, 3, 1, none)
	h.event(watch.RunFinished, 3, 1, h.result(3, true))
	h.key("s")
	s := h.screen()
	assert.Contains(t, s, "// long long", "the solution is shown")
	assert.NotContains(t, s, "END", "its long line goes on past the screen's edge")
	assert.Contains(t, s, "←→", "and the footer says it scrolls sideways")
	for range 40 {
		h.send(tea.KeyPressMsg(tea.Key{Code: tea.KeyRight}))
	}
	assert.Contains(t, h.screen(), "END", "→ scrolls to the line's end: nothing was cut")
}

func TestTheFooterFitsTheScreen(t *testing.T) {
	h := newHarness(t, false)
	for _, lang := range []string{"en", "zh"} {
		for _, width := range []int{60, 80, 100, 200} {
			h.send(tea.WindowSizeMsg{Width: width, Height: 24})
			lines := strings.Split(h.screen(), "\n")
			footer := lines[len(lines)-1]
			assert.True(t, strings.HasSuffix(footer, "q quit") || strings.HasSuffix(footer, "q 退出"),
				"%s at %d columns: the footer ends with how to quit, not cut: %q", lang, width, footer)
		}
		h.key("t") // en → zh
	}
}

func TestRunError(t *testing.T) {
	h := newHarness(t, false)
	h.event(watch.RunStarted, 0, 1, none)
	h.event(watch.RunFinished, 0, 1, progress.Report{Err: errors.New("the go command is not on your PATH")})
	assert.Contains(t, h.screen(), "The tests could not run: the go command is not on your PATH")
}

func TestLineBlock(t *testing.T) {
	h := newHarness(t, false)
	o := render.Options{Width: 80, Plain: true, Lang: i18n.En}
	assert.Empty(t, LineBlock(progress.Update{Kind: watch.RunStarted, Seq: 1}, o))
	assert.Empty(t, LineBlock(progress.Update{Kind: watch.RunReport, Seq: 4, Value: progress.Report{Progress: &check.RunProgress{}}}, o),
		"how a run goes is not a block")
	partial := LineBlock(progress.Update{Kind: watch.RunReport, Seq: 4, Value: h.result(0, true)}, o)
	assert.Contains(t, partial, "Run #4 · exercise 1")
	assert.Contains(t, partial, "Checking for data races")
	done := LineBlock(progress.Update{Kind: watch.RunFinished, Seq: 4, Value: h.result(0, true)}, o)
	assert.Contains(t, done, "✓ All 8 tests pass")
}

func TestPollingSaysWhy(t *testing.T) {
	assert.Empty(t, Polling(watch.Method{}, i18n.En))
	assert.Contains(t, Polling(watch.Method{Poll: true, Cause: watch.CauseRequested}, i18n.En), "--poll")
	assert.Contains(t, Polling(watch.Method{Poll: true, Cause: watch.CauseRemoteFS, FSType: "9p"}, i18n.Zh), "9p")
	for cause := range causes {
		text := causes[cause]
		assert.NotEmpty(t, text.En)
		assert.NotEmpty(t, text.Zh, "every polling reason exists in Chinese")
	}
}

func TestProgressOfTheRunInFlight(t *testing.T) {
	h := newHarness(t, false)
	e := &h.c.Exercises[0]
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	progress := func(seq int, race, done bool, p gotest.Progress) {
		h.event(watch.RunReport, 0, seq, progress.Report{Progress: &check.RunProgress{Exercise: e, Race: race, Done: done, Progress: p}})
	}
	h.event(watch.RunStarted, 0, 1, none)
	progress(1, false, false, gotest.Progress{Building: true, Since: start})
	require.Equal(t, 1, h.ticks, "a run in flight makes the clock tick")
	h.send(tickMsg(start.Add(3 * time.Second)))
	assert.Contains(t, h.screen(), "Exercise 1 · building the tests… 3 s")
	assert.NotContains(t, h.screen(), "first build")
	h.send(tickMsg(start.Add(8 * time.Second)))
	assert.Contains(t, h.screen(), "The first build on a machine compiles the standard library, once", "a long build says why")

	progress(1, false, false, gotest.Progress{Since: start.Add(4 * time.Second), Running: []string{"TestEchoesWhatItReads"},
		CurrentSince: start.Add(4 * time.Second), Passed: 2})
	h.send(tickMsg(start.Add(6 * time.Second)))
	assert.Contains(t, h.screen(), "running TestEchoesWhatItReads · 2 s · 2 passed")

	// The quick verdict is in: what is shown now is the race-checked run.
	progress(1, true, false, gotest.Progress{Since: start, Running: []string{"TestEchoesLargePayload"}, CurrentSince: start.Add(5 * time.Second)})
	progress(1, false, true, gotest.Progress{Since: start, Passed: 8})
	h.event(watch.RunReport, 0, 1, h.result(0, true))
	s := h.screen()
	assert.Contains(t, s, "Checking for data races")
	assert.Contains(t, s, "checking for data races · running TestEchoesLargePayload · 1 s")

	// A new run starts; reports of a run that is no longer current are
	// dropped.
	h.event(watch.RunStarted, 0, 2, none)
	progress(2, false, false, gotest.Progress{Building: true, Since: start.Add(6 * time.Second)})
	progress(1, true, false, gotest.Progress{Since: start, Running: []string{"TestOld"}})
	s = h.screen()
	assert.NotContains(t, s, "TestOld")
	assert.Contains(t, s, "Exercise 1 · building the tests… 0 s", "the new run's first report")

	h.event(watch.RunFinished, 0, 2, h.result(0, true))
	assert.NotContains(t, h.screen(), "running Test")
	ticks := h.ticks
	h.send(tickMsg(start.Add(10 * time.Second)))
	assert.Equal(t, ticks, h.ticks, "no run in flight: the clock stops")
}

func TestAStateThatCannotBeSavedIsSaid(t *testing.T) {
	h := newHarness(t, false)
	snap := h.tr.Snapshot()
	snap.SaveErr = errors.New("disk full")
	h.send(UpdateMsg{Snapshot: snap})
	assert.Contains(t, h.screen(), "The progress could not be saved: disk full")
}

// At 80×24 the help does not fit beside or above the chapter: it has the
// whole screen, and on a shorter one it scrolls to its last line.
func TestTheHelpScrollsAt80x24(t *testing.T) {
	h := newHarness(t, false)
	for _, lang := range []string{"en", "zh"} {
		h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		h.key("?")
		s := h.screen()
		assert.True(t, strings.Contains(s, "q, Ctrl-C  quit") || strings.Contains(s, "q、Ctrl-C  退出"), "%s: the whole help fits at 80×24:\n%s", lang, s)
		h.key("?")
		h.send(tea.WindowSizeMsg{Width: 80, Height: 12})
		h.key("?")
		s = h.screen()
		assert.NotContains(t, s, "Ctrl-C  ", "%s: at 80×12 the last key is below the screen", lang)
		require.True(t, strings.Contains(s, "Watch mode") || strings.Contains(s, "监视模式"), "%s: the help is on screen", lang)
		for range 10 {
			h.send(tea.KeyPressMsg(tea.Key{Code: tea.KeyPgDown}))
		}
		s = h.screen()
		assert.True(t, strings.Contains(s, "q, Ctrl-C  quit") || strings.Contains(s, "q、Ctrl-C  退出"), "%s: scrolled to the last key:\n%s", lang, s)
		h.key("?")
		assert.NotContains(t, h.screen(), "Ctrl-C  ", "%s: ? closes the help", lang)
		h.key("t") // en → zh
	}
}

// The tests write their messages in both languages in watch mode: t shows
// the verdict in the other language at once, without a new run.
func TestLanguageKeyRedrawsTheVerdict(t *testing.T) {
	h := newHarness(t, false)
	out := h.result(0, false)
	out.Result.Verdict.Tests[0].Output = "alpha_test.go:15: \uE000the server closed the connection\uE001服务器关闭了连接\uE002\n"
	h.event(watch.RunStarted, 0, 1, none)
	h.event(watch.RunFinished, 0, 1, out)
	s := h.screen()
	assert.Contains(t, s, "the server closed the connection")
	assert.NotContains(t, s, "服务器关闭了连接")
	h.key("t") // en → zh
	s = h.screen()
	assert.Contains(t, s, "服务器关闭了连接", "t redraws the test's message in Chinese")
	assert.NotContains(t, s, "the server closed the connection")
	h.key("t") // zh → both
	s = h.screen()
	assert.Contains(t, s, "服务器关闭了连接")
	assert.Contains(t, s, "the server closed the connection")
	assert.Equal(t, []int{0}, h.requested, "and nothing ran again")
}
