package cli

import (
	"fmt"
	"path/filepath"
	"testing"

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
