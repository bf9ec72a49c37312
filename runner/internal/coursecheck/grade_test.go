package coursecheck

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	runcheck "github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/grade"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// TestTheGraderGivesFullMarks grades each reference solution with workbook
// grade, as an instructor grades a learner who solved the exercise, and
// reads the report in Exercism's format: every test of the exercise
// passes, and its test_code is the test's own source. The grader's tests
// run on a small course of their own; this is where it meets the real one
// (its test files, as the grader reads, renames and runs them).
func TestTheGraderGivesFullMarks(t *testing.T) {
	c := loadCourse(t)
	for i := range c.Exercises {
		e := &c.Exercises[i]
		t.Run(e.Dir, func(t *testing.T) {
			t.Parallel()
			// A learner's copy with this exercise solved: its folder's
			// files as a clone has them (exercise 5's provided resp.go and
			// commands.go too), the solution in place of the stub. The
			// other exercises are not submitted, and not run.
			sub := t.TempDir()
			dir := filepath.Join(sub, c.ExercisesDir, e.Dir)
			require.NoError(t, os.MkdirAll(dir, 0o755))
			files, err := filepath.Glob(filepath.Join(c.ExerciseDir(e), "*.go"))
			require.NoError(t, err)
			for _, f := range files {
				if strings.HasSuffix(f, "_test.go") {
					continue
				}
				if filepath.Base(f) == e.File {
					f = c.SolutionPath(e)
				}
				data, err := os.ReadFile(f)
				require.NoError(t, err)
				require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644))
			}

			var out, errOut bytes.Buffer
			err = grade.Command(context.Background(), c.Root, grade.Options{
				Submissions: []string{sub}, Format: "exercism", Jobs: 1, Timeout: 2 * time.Minute, Race: runcheck.RaceOff,
			}, &out, &errOut, i18n.En)
			require.NoError(t, err, "workbook grade: %s", errOut.String())
			var doc struct {
				Tests []struct {
					Name     string `json:"name"`
					Status   string `json:"status"`
					Message  string `json:"message"`
					TestCode string `json:"test_code"`
				} `json:"tests"`
			}
			require.NoError(t, json.Unmarshal(out.Bytes(), &doc), "%s", out.String())
			graded := 0
			for _, tr := range doc.Tests {
				dir, name, _ := strings.Cut(tr.Name, "/")
				if dir != e.Dir {
					continue
				}
				graded++
				assert.Equal(t, "pass", tr.Status, "the grader must pass the solution of %s on %s: %s", e.Dir, name, tr.Message)
				assert.Contains(t, tr.TestCode, "func "+name+"(", "test_code is the source of %s", name)
			}
			assert.Equal(t, len(e.Tests), graded, "every test of %s is graded", e.Dir)
		})
	}
}
