package progress

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/state"
)

// fixture is a course of three exercises, each a folder with one Go file.
func fixture(t *testing.T) (*course.Course, *state.Store) {
	t.Helper()
	root := t.TempDir()
	manifest := "title = { en = \"T\", zh = \"标\" }\nbook = \"book\"\nexercises = \"exercises\"\nsolutions = \"solutions\"\n"
	for _, id := range []string{"a", "b", "c"} {
		dir := filepath.Join(root, "exercises", id)
		require.NoError(t, os.MkdirAll(dir, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, id+".go"), []byte("package "+id+"\n"), 0o644))
		manifest += "[[exercise]]\nid = \"" + id + "\"\ndir = \"" + id + "\"\nfile = \"" + id + ".go\"\nchapter = \"" + id + ".md\"\n" +
			"title = { en = \"" + id + "\", zh = \"" + id + "\" }\n" +
			"[[exercise.hint]]\nen = \"1\"\nzh = \"一\"\n[[exercise.hint]]\nen = \"2\"\nzh = \"二\"\n" +
			"[[exercise.test]]\nname = \"TestA\"\npoints = 1\nen = \"a\"\nzh = \"甲\"\n" +
			"[[exercise.test]]\nname = \"TestB\"\npoints = 1\nen = \"b\"\nzh = \"乙\"\n"
	}
	require.NoError(t, os.WriteFile(filepath.Join(root, course.ManifestName), []byte(manifest), 0o644))
	c, err := course.Load(root)
	require.NoError(t, err)
	store, warning, err := state.Open(root)
	require.NoError(t, err)
	require.NoError(t, warning)
	return c, store
}

// result is a run of e on its files as they are now, in which passed of
// its two tests passed.
func result(t *testing.T, c *course.Course, e *course.Exercise, passed int) *check.Result {
	t.Helper()
	fp, err := c.Fingerprint(e)
	require.NoError(t, err)
	v := &gotest.Verdict{Kind: gotest.KindPass}
	for i, name := range []string{"TestA", "TestB"} {
		status := gotest.StatusPass
		if i >= passed {
			status, v.Kind = gotest.StatusFail, gotest.KindFail
		}
		v.Tests = append(v.Tests, gotest.TestResult{Name: name, Status: status, Expected: true})
	}
	return &check.Result{Exercise: e, Verdict: v, Fingerprint: fp}
}

func statuses(rows []Row) []Status {
	var out []Status
	for _, r := range rows {
		out = append(out, r.Status)
	}
	return out
}

func TestRows(t *testing.T) {
	c, store := fixture(t)
	tr := New(c, store)
	assert.Equal(t, []Status{Current, NotStarted, NotStarted}, statuses(tr.Rows()), "nothing run yet")
	assert.Same(t, &c.Exercises[0], tr.Current())

	tr.Record(result(t, c, &c.Exercises[0], 2))
	tr.Record(result(t, c, &c.Exercises[1], 1))
	rows := tr.Rows()
	assert.Equal(t, []Status{Done, Current, NotStarted}, statuses(rows), "a failing exercise that comes first is current")
	assert.Equal(t, [2]int{1, 2}, [2]int{rows[1].Passed, rows[1].Total})
	assert.Equal(t, 1, CountDone(rows))

	tr.Record(result(t, c, &c.Exercises[2], 1))
	assert.Equal(t, []Status{Done, Current, Failing}, statuses(tr.Rows()), "a failing exercise after the current one")

	tr.Record(result(t, c, &c.Exercises[1], 2))
	tr.Record(result(t, c, &c.Exercises[2], 2))
	assert.Nil(t, tr.Current(), "all done")
	assert.Equal(t, 3, CountDone(tr.Rows()))
}

func TestAnEditSinceItPassedMeansRunItAgain(t *testing.T) {
	c, store := fixture(t)
	e := &c.Exercises[0]
	tr := New(c, store)
	tr.Record(result(t, c, e, 2))
	passes, known := tr.PassesNow(e)
	assert.True(t, passes && known)
	require.NoError(t, tr.Save())

	require.NoError(t, os.WriteFile(c.StubPath(e), []byte("package a // edited\n"), 0o644))
	passes, known = tr.PassesNow(e)
	assert.False(t, passes || known, "the recorded run judged other files")

	again, warning, err := state.Open(c.Root)
	require.NoError(t, err)
	require.NoError(t, warning)
	rows := New(c, again).Rows()
	assert.Equal(t, Current, rows[0].Status, "a new tracker sees the edit")
	assert.Zero(t, rows[0].Total, "the old count is not shown for files it did not judge")
}

func TestHints(t *testing.T) {
	c, store := fixture(t)
	e := &c.Exercises[1]
	tr := New(c, store)
	assert.Equal(t, 0, tr.HintsShown(e))
	assert.Equal(t, 1, tr.ShowHint(e))
	assert.Equal(t, 2, tr.ShowHint(e))
	assert.Equal(t, 2, tr.ShowHint(e), "never more than the exercise has")
	tr.ForgetHints(e)
	assert.Equal(t, 0, tr.HintsShown(e))
}
