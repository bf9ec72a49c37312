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
	Tests: []course.Test{
		{Name: "TestEchoes", Points: 1, Description: i18n.Text{En: "What a client sends comes back unchanged.", Zh: "客户端发送的数据原样返回。"}},
		{Name: "TestIdleClientDoesNotBlockOthers", Points: 3, Description: i18n.Text{En: "A second client is served while a first one is connected and silent.", Zh: "第一个客户端连着但不说话时，第二个客户端照样得到服务。"}},
		{Name: "TestServeBothWaitsForBoth", Points: 2, Description: i18n.Text{En: "ServeBoth returns only once both listeners are done.", Zh: "两个 listener 都结束后 `ServeBoth` 才返回。"}},
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
}
