package render

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/progress"
)

var update = flag.Bool("update", false, "rewrite the golden files with what the code renders now")

var exercise = &course.Exercise{
	Number: 2, ID: "spawn", Dir: "02_spawn", File: "spawn.go", Chapter: "02-spawn.md",
	Title: i18n.Text{En: "Spawn: one goroutine per connection", Zh: "启动：每个连接一个 goroutine"},
	Crash: i18n.Text{En: "A panic in one connection's goroutine stops the whole server: check the error of `Accept` first.", Zh: "某个连接的 goroutine 中发生 panic，整个服务器都会退出：先检查 `Accept` 返回的错误。"},
	Tests: []course.Test{
		{Name: "TestEchoes", Points: 1, Text: i18n.Text{En: "What a client sends comes back unchanged.", Zh: "客户端发送的数据原样返回。"}},
		{Name: "TestIdleClientDoesNotBlockOthers", Points: 3, Text: i18n.Text{En: "A second client is served while a first one is connected and silent.", Zh: "第一个客户端连着但不说话时，第二个客户端照样得到服务。"}},
		{Name: "TestServeBothWaitsForBoth", Points: 2, Text: i18n.Text{En: "ServeBoth returns only once both listeners are done.", Zh: "两个 listener 都结束后 `ServeBoth` 才返回。"}},
	},
}

const testifyOutput = "spawn_test.go:40: \n" +
	"    \tError Trace:\texercises/02_spawn/spawn_test.go:40\n" +
	"    \tError:      \tShould be false\n" +
	"    \tMessages:   \tServeBoth returned (<nil>) while the second listener was still open: it must wait until both Serve calls have returned\n"

// verdicts are one recorded-like verdict of every kind the runner shows.
var verdicts = map[string]*gotest.Verdict{
	"pass": {Kind: gotest.KindPass, PackagePassed: true, Tests: []gotest.TestResult{
		{Name: "TestEchoes", Status: gotest.StatusPass, Expected: true},
		{Name: "TestIdleClientDoesNotBlockOthers", Status: gotest.StatusPass, Expected: true},
		{Name: "TestServeBothWaitsForBoth", Status: gotest.StatusPass, Expected: true},
	}},
	"fail": {Kind: gotest.KindFail, Tests: []gotest.TestResult{
		{Name: "TestEchoes", Status: gotest.StatusPass, Expected: true},
		{Name: "TestIdleClientDoesNotBlockOthers", Status: gotest.StatusFail, Expected: true,
			Output: "harness.go:241: a second client, while the first one was connected and idle: waiting for its echo (handle each connection in its own goroutine, so that Serve goes back to Accept at once): after 5s: nothing came back within 5s\n"},
		{Name: "TestServeBothWaitsForBoth", Status: gotest.StatusFail, Expected: true, Output: testifyOutput},
	}},
	"build": {Kind: gotest.KindBuildError, Build: []gotest.BuildMessage{
		{File: "exercises/02_spawn/spawn.go", Line: 17, Col: 3, Text: "undefined: conn"},
		{File: "exercises/02_spawn/spawn.go", Line: 22, Col: 9, Text: "declared and not used: n"},
	}},
	"crash": {Kind: gotest.KindCrash, Tests: []gotest.TestResult{
		{Name: "TestEchoes", Status: gotest.StatusPass, Expected: true},
		{Name: "TestIdleClientDoesNotBlockOthers", Status: gotest.StatusFail, Expected: true},
		{Name: "TestServeBothWaitsForBoth", Status: gotest.StatusNotRun, Expected: true},
	}, Crash: &gotest.CrashInfo{Reason: gotest.CrashPanic, Test: "TestIdleClientDoesNotBlockOthers",
		Value: "runtime error: invalid memory address or nil pointer dereference",
		Frames: []gotest.Frame{
			{Func: "github.com/gospawn/workbook/exercises/02_spawn.Serve.func1", File: "exercises/02_spawn/spawn.go", Line: 24},
			{Func: "created by github.com/gospawn/workbook/exercises/02_spawn.Serve", File: "exercises/02_spawn/spawn.go", Line: 21},
		}}},
	"timeout": {Kind: gotest.KindTimeout, Tests: []gotest.TestResult{
		{Name: "TestEchoes", Status: gotest.StatusFail, Expected: true},
		{Name: "TestIdleClientDoesNotBlockOthers", Status: gotest.StatusNotRun, Expected: true},
		{Name: "TestServeBothWaitsForBoth", Status: gotest.StatusNotRun, Expected: true},
	}, Timeout: &gotest.TimeoutInfo{After: 54 * time.Second, Running: []string{"TestEchoes"},
		Frames: []gotest.Frame{{Func: "github.com/gospawn/workbook/exercises/02_spawn.Serve", File: "exercises/02_spawn/spawn.go", Line: 12}}}},
	"race": {Kind: gotest.KindRace, Tests: []gotest.TestResult{
		{Name: "TestEchoes", Status: gotest.StatusPass, Expected: true},
		{Name: "TestIdleClientDoesNotBlockOthers", Status: gotest.StatusFail, Expected: true, Output: "testing.go:1617: race detected during execution of test\n"},
		{Name: "TestServeBothWaitsForBoth", Status: gotest.StatusPass, Expected: true},
	}, Races: []gotest.RaceReport{{Test: "TestIdleClientDoesNotBlockOthers", Stacks: []gotest.RaceStack{
		{Title: "Write at 0x00c000012345 by goroutine 9", Frames: []gotest.Frame{{Func: "github.com/gospawn/workbook/exercises/02_spawn.Serve.func1", File: "exercises/02_spawn/spawn.go", Line: 26}}},
		{Title: "Previous read at 0x00c000012345 by goroutine 8", Frames: []gotest.Frame{{Func: "github.com/gospawn/workbook/exercises/02_spawn.Serve.func1", File: "exercises/02_spawn/spawn.go", Line: 25}}},
	}}}},
}

const chapterEN = "# Spawn\n\nThe `go` statement starts a function in a new goroutine and returns at once.\n\n```go\nfunc main() {\n\tgo serve(conn)\n}\n```\n\n## Exercise\n\nEdit `exercises/02_spawn/spawn.go`.\n"
const chapterZH = "# 启动\n\n`go` 语句在一个新的 goroutine 中启动函数，并立即返回，调用方不会等待它执行完毕，这正是回显服务器需要的效果。\n\n```go\nfunc main() {\n\t// 每个连接一个 goroutine\n\tgo serve(conn)\n}\n```\n\n## 练习\n\n编辑 `exercises/02_spawn/spawn.go`。\n"

func page(v *gotest.Verdict, lang i18n.Lang) Page {
	ui := lang
	if lang == i18n.Both {
		ui = i18n.En
	}
	rows := []progress.Row{
		{Exercise: &course.Exercise{Number: 1, Title: i18n.Text{En: "Echo: one client at a time", Zh: "回显：一次服务一个客户端"}}, Status: progress.Done, Passed: 8, Total: 8},
		{Exercise: exercise, Status: progress.Current, Passed: 1, Total: 3},
		{Exercise: &course.Exercise{Number: 3, Title: i18n.Text{En: "Join: waiting for a goroutine's result", Zh: "等待：取回 goroutine 的结果"}}, Status: progress.NotStarted},
	}
	p := Page{Plain: true, Panel: func(width int) string {
		o := Options{Width: width, Plain: true, Lang: ui}
		return strings.Join([]string{Progress(rows, o), Header(exercise, 4, "exercises/02_spawn/spawn.go", o), Verdict(exercise, v, true, o)}, "\n\n")
	}}
	switch lang {
	case i18n.En:
		p.Chapter = []string{chapterEN}
	case i18n.Zh:
		p.Chapter = []string{chapterZH}
	default:
		p.Chapter = []string{chapterEN, chapterZH}
	}
	return p
}

func TestScreensGolden(t *testing.T) {
	for name, v := range verdicts {
		for _, width := range []int{80, 160} {
			for _, lang := range []i18n.Lang{i18n.En, i18n.Zh, i18n.Both} {
				golden := fmt.Sprintf("%s-%d-%s.txt", name, width, lang)
				t.Run(golden, func(t *testing.T) {
					got, err := Layout(page(v, lang), width)
					require.NoError(t, err)
					for i, line := range strings.Split(got, "\n") {
						assert.LessOrEqual(t, Width(line), width, "line %d is wider than the screen: %q", i+1, line)
					}
					assert.NotContains(t, got, "\x1b", "plain output must carry no escape code")
					assert.NotContains(t, got, "\t", "tabs must be expanded: terminals and width counters disagree on them")
					path := filepath.Join("testdata", golden)
					if *update {
						require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
						return
					}
					want, err := os.ReadFile(path)
					require.NoError(t, err, "no golden file: run go test ./runner/internal/render -update")
					assert.Equal(t, string(want), got, "the screen changed; if on purpose, run go test ./runner/internal/render -update and review the diff")
				})
			}
		}
	}
}

// recordedExercises are the exercises the recordings in testdata/recorded
// were made on, with what of the manifest the verdict shows: the stub, the
// failing tests' descriptions and the next step after a crash.
var recordedExercises = map[string]*course.Exercise{
	"echo": {Number: 1, ID: "echo", Dir: "01_echo", File: "echo.go",
		Tests: []course.Test{{Name: "TestEchoesWhatItReads", Points: 1, Text: i18n.Text{En: "What a client sends comes back unchanged.", Zh: "客户端发送的数据原样返回。"}}}},
	"spawn": {Number: 2, ID: "spawn", Dir: "02_spawn", File: "spawn.go",
		Tests: []course.Test{{Name: "TestServeBothWaitsForBoth", Points: 1, Text: i18n.Text{En: "`ServeBoth` returns only once both listeners are done.", Zh: "两个 listener 都结束后 `ServeBoth` 才返回。"}}}},
	"boundary": {Number: 4, ID: "boundary", Dir: "04_panic_boundary", File: "boundary.go",
		Crash: i18n.Text{En: "`recover` stops a panic only in a function deferred in the goroutine that panics.", Zh: "只有在发生 panic 的 goroutine 中延迟调用的函数里，`recover` 才能拦住 panic。"},
		Tests: []course.Test{{Name: "TestJoinReportsPanic", Points: 1, Text: i18n.Text{En: "A panic in f becomes a `*JoinError`.", Zh: "f 中的 panic 变成 `*JoinError`。"}}}},
}

// TestRecordedVerdictsGolden draws verdicts parsed from real go test -json
// runs of the exercises with the author check's mutants in place (made
// with the exercises module at /home/learner/workbook/exercises), at two
// widths and in both languages.
func TestRecordedVerdictsGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "recorded", "*.jsonl"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".jsonl")
		e := recordedExercises[strings.SplitN(name, "-", 2)[0]]
		require.NotNil(t, e, "%s: no exercise for this recording", name)
		f, err := os.Open(file)
		require.NoError(t, err)
		v, err := gotest.Parse(f, gotest.Options{Dir: "/home/learner/workbook/exercises", Package: "./" + e.Dir, Root: "/home/learner/workbook"})
		f.Close()
		require.NoError(t, err)
		for _, width := range []int{80, 120} {
			for _, lang := range []i18n.Lang{i18n.En, i18n.Zh} {
				golden := fmt.Sprintf("%s-%d-%s.txt", name, width, lang)
				t.Run(golden, func(t *testing.T) {
					got := Verdict(e, v, true, Options{Width: width, Plain: true, Lang: lang}) + "\n"
					checkGolden(t, filepath.Join("testdata", "recorded", golden), got, width)
				})
			}
		}
	}
}

// checkGolden compares got with the golden file at path, or rewrites it
// with -update, and checks what every screen must hold to.
func checkGolden(t *testing.T, path, got string, width int) {
	t.Helper()
	for i, line := range strings.Split(got, "\n") {
		assert.LessOrEqual(t, Width(line), width, "line %d is wider than the screen: %q", i+1, line)
	}
	assert.NotContains(t, got, "\x1b", "plain output must carry no escape code")
	assert.NotContains(t, got, "\t", "tabs must be expanded: terminals and width counters disagree on them")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "no golden file: run go test ./runner/internal/render -update")
	assert.Equal(t, string(want), got, "the screen changed; if on purpose, run go test ./runner/internal/render -update and review the diff")
}

// TestFailureLayout checks the shapes the recordings do not all show:
// frames outside the exercise, a payload on one line, a long message.
func TestFailureLayout(t *testing.T) {
	e := recordedExercises["spawn"]
	long := strings.Repeat("ab", 1000)
	var many strings.Builder
	for i := range 20 {
		fmt.Fprintf(&many, "    line %d of the log\n", i+1)
	}
	tests := []struct {
		name   string
		lang   i18n.Lang
		output string
		want   []string // in this order, each once
		absent []string
	}{
		{"the stub's frame first, the tests' next, the harness's counted", i18n.En,
			"spawn_test.go:40: \n" +
				"    \tError Trace:\texercises/internal/harness/harness.go:98\n" +
				"    \t            \t\t\t\texercises/02_spawn/spawn_test.go:40\n" +
				"    \t            \t\t\t\texercises/02_spawn/spawn.go:17\n" +
				"    \tError:      \tShould be false\n" +
				"    \tTest:       \tTestServeBothWaitsForBoth\n" +
				"    \tMessages:   \tServeBoth returned too early\n",
			[]string{"    ServeBoth returned too early", "      Should be false",
				"    at exercises/02_spawn/spawn.go:17, exercises/02_spawn/spawn_test.go:40 (1 more outside your exercise)"},
			[]string{"Error Trace", "Messages:", "Test:", "harness.go"}},
		{"only the harness: its frame is shown", i18n.Zh,
			"harness.go:239: accept: use of closed network connection\n",
			[]string{"    accept: use of closed network connection", "    位置：harness.go:239"}, nil},
		{"a long line of values is cut, with what was cut", i18n.En,
			"x_test.go:1: the echo differs:\n    got " + long + "\n",
			[]string{"    the echo differs:", "… 1\u00a0604 more bytes"}, []string{long[:500]}},
		{"a long line of values is cut, in Chinese", i18n.Zh,
			"x_test.go:1: the echo differs:\n    got " + long + "\n",
			[]string{"……还有 1\u00a0604 字节"}, nil},
		{"many lines of values: the head and a count", i18n.En,
			"x_test.go:1: the log so far:\n" + many.String(),
			[]string{"      line 6 of the log", "      … 14 more lines"}, []string{"line 7 of"}},
		{"a long quoted value keeps its head", i18n.En,
			`x_test.go:1: got "` + long + `"` + "\n",
			[]string{`got "` + long[:47] + `…" (… 1` + "\u00a0" + `953 more bytes)`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := &gotest.Verdict{Kind: gotest.KindFail, Tests: []gotest.TestResult{
				{Name: "TestServeBothWaitsForBoth", Status: gotest.StatusFail, Output: tt.output}}}
			got := Verdict(e, v, false, Options{Width: 120, Plain: true, Lang: tt.lang})
			at := 0
			for _, w := range tt.want {
				i := strings.Index(got[at:], w)
				require.GreaterOrEqual(t, i, 0, "%q missing (or out of order) in:\n%s", w, got)
				at += i + len(w)
			}
			for _, a := range tt.absent {
				assert.NotContains(t, got, a)
			}
		})
	}
}

// TestTheWholeVerdictShowsValuesWhole: a byte-exact difference is seen in
// the values in full, which the harness logs; v in watch mode shows them.
func TestTheWholeVerdictShowsValuesWhole(t *testing.T) {
	e := &course.Exercise{Dir: "02_spawn", File: "spawn.go"}
	long := strings.Repeat(`ab\r\n`, 400)
	var many strings.Builder
	for i := range 20 {
		fmt.Fprintf(&many, "    line %d of the log\n", i+1)
	}
	v := &gotest.Verdict{Kind: gotest.KindFail, Tests: []gotest.TestResult{{Name: "TestServeBothWaitsForBoth",
		Status: gotest.StatusFail, Output: "x_test.go:1: the values in full:\n    expected: \"" + long + "\"\n" + many.String()}}}
	whole := Verdict(e, v, false, Options{Width: 120, Plain: true, Lang: i18n.En, Whole: true})
	assert.Contains(t, strings.ReplaceAll(whole, "\n        ", ""), long, "the value in full")
	assert.Contains(t, whole, "line 20 of the log", "every line")
	part := Verdict(e, v, false, Options{Width: 120, Plain: true, Lang: i18n.En})
	assert.Contains(t, part, "more bytes", "outside the whole verdict, the value's head")
}

func TestFitPathAndShortFunc(t *testing.T) {
	assert.Equal(t, "exercises/04_x/boundary.go:112", fitPath("exercises/04_x/boundary.go:112", 40))
	assert.Equal(t, "04_x/boundary.go:112", fitPath("exercises/04_x/boundary.go:112", 25))
	assert.Equal(t, "boundary.go:112", fitPath("exercises/04_x/boundary.go:112", 16))
	for in, want := range map[string]string{
		"github.com/gospawn/workbook/exercises/02_spawn.Serve.func1":                           "Serve.func1",
		"created by github.com/gospawn/workbook/exercises/04_panic_boundary.Spawn[...]":        "created by Spawn[...]",
		"github.com/gospawn/workbook/exercises/04_panic_boundary.(*Handle[go.shape.int]).Join": "(*Handle[go.shape.int]).Join",
		"main.main": "main",
	} {
		assert.Equal(t, want, shortFunc(in), in)
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		width int
		want  []string
	}{
		{"fits", "hello world", 20, []string{"hello world"}},
		{"at spaces", "the quick brown fox", 10, []string{"the quick", "brown fox"}},
		{"between Chinese characters", "每个连接都有自己的", 8, []string{"每个连接", "都有自己", "的"}},
		{"closing punctuation stays with its character", "一二三，四五", 6, []string{"一二", "三，四", "五"}},
		{"opening bracket stays with what follows", "一二三（四）", 7, []string{"一二三", "（四）"}},
		{"mixed", "启动一个 goroutine 来处理", 12, []string{"启动一个", "goroutine 来", "处理"}},
		{"a word longer than the line", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"newlines kept", "a\nb", 10, []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Wrap(tt.in, tt.width)
			assert.Equal(t, tt.want, got)
			for _, l := range got {
				assert.LessOrEqual(t, Width(l), tt.width)
			}
		})
	}
}

func TestChapterPlainAndStyled(t *testing.T) {
	plain, err := Chapter(chapterZH, 40, true)
	require.NoError(t, err)
	assert.NotContains(t, plain, "\x1b")
	styled, err := Chapter(chapterZH, 40, false)
	require.NoError(t, err)
	for _, out := range []string{plain, styled} {
		for _, l := range strings.Split(out, "\n") {
			assert.LessOrEqual(t, Width(l), 40, "%q", l)
		}
	}
	assert.Contains(t, plain, "    go serve(conn)", "tabs in code become spaces")
}

func TestDiff(t *testing.T) {
	got := Diff("a\nb\nc\n", "a\nB\nc\n", Options{Plain: true})
	assert.Equal(t, "  a\n- b\n+ B\n  c\n", got)
	// Two lines of context; unchanged lines beyond them are one ⋮.
	got = Diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "1\nII\n3\n4\n5\n6\n7\n8\nIX\n10\n", Options{Plain: true})
	assert.Equal(t, "  1\n- 2\n+ II\n  3\n  4\n  ⋮\n  7\n  8\n- 9\n+ IX\n  10\n", got)
	assert.Equal(t, "\n", Diff("same\n", "same", Options{Plain: true}), "no change, no lines")
}
