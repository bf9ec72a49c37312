package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/course/coursetest"
	"github.com/gospawn/workbook/runner/internal/gofiles"
	"github.com/gospawn/workbook/runner/internal/golden"
	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/progress"
	"github.com/gospawn/workbook/runner/internal/render"
	"github.com/gospawn/workbook/runner/internal/state"
)

// TestNextScreensGolden draws what workbook next prints, in a pipe, at three
// widths in both languages: the first exercise just passed, the second
// fails. Review a changed file by eye, then run
// go test ./runner/internal/cli -run TestNextScreensGolden -update.
func TestNextScreensGolden(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.En, i18n.Zh} {
		for _, width := range []int{80, 120, 200} {
			name := fmt.Sprintf("next-%d-%s.txt", width, lang)
			t.Run(name, func(t *testing.T) {
				c := coursetest.Write(t,
					coursetest.Exercise{ID: "alpha", Tests: []string{"TestA", "TestB"}},
					coursetest.Exercise{ID: "beta", Tests: []string{"TestEchoes", "TestCloses", "TestReturnsErrors"},
						Chapter: coursetest.SampleChapter, ChapterZh: coursetest.SampleChapterZh},
					coursetest.Exercise{ID: "gamma"},
				)
				store, _ := state.Open(c.Root)
				s := &session{env: Env{Width: width, Getenv: func(string) string { return "" }}, lang: lang, ui: lang,
					course: c, progress: progress.New(c, store)}
				first, second := &c.Exercises[0], &c.Exercises[1]
				s.progress.Record(result(t, c, first, passing(first)))
				current := result(t, c, second, &gotest.Verdict{Kind: gotest.KindFail, Tests: []gotest.TestResult{
					{Name: "TestEchoes", Status: gotest.StatusPass, Expected: true},
					{Name: "TestCloses", Status: gotest.StatusFail, Expected: true,
						Output: "beta_test.go:19: the client: after sending \"first\" and closing its side, the server never closed the connection (close conn once io.Copy returns)\n"},
					{Name: "TestReturnsErrors", Status: gotest.StatusNotRun, Expected: true},
				}})
				s.progress.Record(current)
				page, err := s.nextPage(s.progress.Rows(), []string{msgJustPassed.F(s.ui, 1, 1)}, current)
				require.NoError(t, err)
				text, err := render.Layout(page, width)
				require.NoError(t, err)
				golden.Check(t, filepath.Join("testdata", name), text)
			})
		}
	}
}

func passing(e *course.Exercise) *gotest.Verdict {
	v := &gotest.Verdict{Kind: gotest.KindPass, PackagePassed: true}
	for _, test := range e.Tests {
		v.Tests = append(v.Tests, gotest.TestResult{Name: test.Name, Status: gotest.StatusPass, Expected: true})
	}
	return v
}

func result(t *testing.T, c *course.Course, e *course.Exercise, v *gotest.Verdict) *check.Result {
	t.Helper()
	files, err := gofiles.Read(c.ExerciseDir(e))
	require.NoError(t, err)
	return &check.Result{Exercise: e, Verdict: v, Race: true, Digest: files.Digest}
}

// TestScreensZh80Golden draws, at 80 columns in Chinese, what read, list,
// hint and solution print: piped, code is never broken
// (the long line stays whole) and prose wraps by render.Wrap. Review a
// changed file by eye, then run
// go test ./runner/internal/cli -run TestScreensZh80Golden -update.
func TestScreensZh80Golden(t *testing.T) {
	c := coursetest.Write(t,
		coursetest.Exercise{ID: "alpha", Tests: []string{"TestA", "TestB"}, Hints: 2,
			Chapter: coursetest.SampleChapter, ChapterZh: coursetest.LayoutChapterZh},
		coursetest.Exercise{ID: "beta_with_a_long_title", Tests: []string{"TestEchoes"}},
	)
	require.NoError(t, os.WriteFile(c.StubPath(&c.Exercises[0]), []byte("package alpha\n\n// mine\n"), 0o644))
	var page strings.Builder
	for _, args := range [][]string{{"read", "1"}, {"list"}, {"hint", "1"}, {"solution", "1", "--force"}} {
		var out, errOut bytes.Buffer
		code := Main(context.Background(), Env{
			Args: append(args, "--lang", "zh"), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }, Dir: c.Root, Width: 80,
		})
		fmt.Fprintf(&page, "$ workbook %s (exit %d)\n%s%s\n", strings.Join(args, " "), code, out.String(), errOut.String())
		for _, line := range strings.Split(out.String(), "\n") {
			if render.Width(line) > 80 && !strings.Contains(line, "fmt.Println") {
				t.Errorf("%v: only code is wider than 80 columns: %q", args, line)
			}
		}
	}
	s := page.String()
	assert.Contains(t, s, `        fmt.Println("timer: main is still waiting in Accept; closing the listener")`, "piped, a code line is never broken")
	assert.Contains(t, s, `-ERR syntax error\r\n`, "a table keeps its code literals whole")
	golden.Check(t, filepath.Join("testdata", "zh-80.txt"), s)
}

// TestResetZh80Golden draws reset at 80 columns in Chinese, on a terminal:
// the prompt answered no, then yes, then reset once more with nothing to
// do. A path is never broken, and the answer stays on the prompt's last
// line. Review a changed file by eye, then run
// go test ./runner/internal/cli -run TestResetZh80Golden -update.
func TestResetZh80Golden(t *testing.T) {
	c := coursetest.Write(t, coursetest.Shipped(t), coursetest.Exercise{ID: "beta"})
	stub := c.StubPath(&c.Exercises[0])
	shipped, err := os.ReadFile(stub)
	require.NoError(t, err)
	mine := []byte("package echo\n\n// mine\n")
	require.NoError(t, os.WriteFile(stub, mine, 0o644))
	stamp := regexp.MustCompile(`echo-[0-9]{8}-[0-9]{6}`)
	var page strings.Builder
	for _, answer := range []string{"n", "是", ""} {
		var out, errOut bytes.Buffer
		code := Main(context.Background(), Env{Args: []string{"reset", "1", "--lang", "zh"}, Stdin: strings.NewReader(answer + "\n"),
			Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }, Dir: c.Root,
			Terminal: true, StdinTerminal: true, Width: 80, Height: 24})
		// The terminal echoes the answer and its newline after the prompt.
		text := strings.Replace(out.String(), "[y/N] ", "[y/N] "+answer+"\n", 1)
		fmt.Fprintf(&page, "$ workbook reset 1 (exit %d)\n%s%s\n", code, stamp.ReplaceAllString(text, "echo-YYYYMMDD-hhmmss"), errOut.String())
		for _, line := range strings.Split(text, "\n") {
			assert.LessOrEqual(t, render.Width(line), 80, "%q", line)
		}
	}
	now, err := os.ReadFile(stub)
	require.NoError(t, err)
	assert.Equal(t, string(shipped), string(now), "yes puts the shipped file back")
	backups, err := filepath.Glob(filepath.Join(c.Root, ".workbook", "backups", "echo-*", "echo.go"))
	require.NoError(t, err)
	require.Len(t, backups, 1, "one backup, of the learner's version")
	saved, err := os.ReadFile(backups[0])
	require.NoError(t, err)
	assert.Equal(t, string(mine), string(saved))
	golden.Check(t, filepath.Join("testdata", "reset-80-zh.txt"), page.String())
}
