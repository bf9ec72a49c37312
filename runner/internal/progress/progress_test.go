package progress

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/course/coursetest"
	"github.com/gospawn/workbook/runner/internal/gofiles"
	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/state"
	"github.com/gospawn/workbook/runner/internal/watch"
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
	store, warning := state.Open(root)
	require.NoError(t, warning)
	return c, store
}

// digest is the digest of e's files as they are now.
func digest(t *testing.T, c *course.Course, e *course.Exercise) gofiles.Digest {
	t.Helper()
	s, err := gofiles.Read(c.ExerciseDir(e))
	require.NoError(t, err)
	return s.Digest
}

// result is a run of e on its files as they are now, in which passed of
// its two tests passed.
func result(t *testing.T, c *course.Course, e *course.Exercise, passed int) *check.Result {
	t.Helper()
	v := &gotest.Verdict{Kind: gotest.KindPass}
	for i, name := range []string{"TestA", "TestB"} {
		status := gotest.StatusPass
		if i >= passed {
			status, v.Kind = gotest.StatusFail, gotest.KindFail
		}
		v.Tests = append(v.Tests, gotest.TestResult{Name: name, Status: status, Expected: true})
	}
	return &check.Result{Exercise: e, Verdict: v, Digest: digest(t, c, e)}
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
	assert.Equal(t, 0, tr.Current())

	assert.True(t, tr.Record(result(t, c, &c.Exercises[0], 2)), "the first exercise is done now")
	assert.False(t, tr.Record(result(t, c, &c.Exercises[1], 1)))
	rows := tr.Rows()
	assert.Equal(t, []Status{Done, Current, NotStarted}, statuses(rows), "a failing exercise that comes first is current")
	assert.Equal(t, [2]int{1, 2}, [2]int{rows[1].Passed, rows[1].Total})
	assert.Equal(t, 1, CountDone(rows))

	tr.Record(result(t, c, &c.Exercises[2], 1))
	assert.Equal(t, []Status{Done, Current, Failing}, statuses(tr.Rows()), "a failing exercise after the current one")

	tr.Record(result(t, c, &c.Exercises[1], 2))
	tr.Record(result(t, c, &c.Exercises[2], 2))
	assert.Equal(t, -1, tr.Current(), "all done")
	assert.Equal(t, 3, CountDone(tr.Rows()))
	assert.False(t, tr.Record(result(t, c, &c.Exercises[2], 2)), "done already: not done now")
}

func TestAnEditSinceItPassedMeansRunItAgain(t *testing.T) {
	c, store := fixture(t)
	e := &c.Exercises[0]
	tr := New(c, store)
	tr.Record(result(t, c, e, 2))
	p := tr.Prior(0)
	assert.True(t, p.Passed && p.Known)
	assert.Equal(t, digest(t, c, e), p.Digest)
	require.NoError(t, tr.Save())

	require.NoError(t, os.WriteFile(c.StubPath(e), []byte("package a // edited\n"), 0o644))
	again, warning := state.Open(c.Root)
	require.NoError(t, warning)
	p = New(c, again).Prior(0)
	assert.False(t, p.Passed || p.Known, "the recorded run judged other files")
	assert.Equal(t, digest(t, c, e), p.Digest, "the files as they are now")
	rows := New(c, again).Rows()
	assert.Equal(t, Current, rows[0].Status, "a new tracker sees the edit")
	assert.Zero(t, rows[0].Total, "the old count is not shown for files it did not judge")
}

func TestHints(t *testing.T) {
	c, store := fixture(t)
	tr := New(c, store)
	assert.Equal(t, 0, tr.HintsShown(1))
	tr.ShowHint(1)
	assert.Equal(t, 1, tr.HintsShown(1))
	tr.ShowHint(1)
	assert.Equal(t, 2, tr.HintsShown(1))
	tr.ShowHint(1)
	assert.Equal(t, 2, tr.HintsShown(1), "never more than the exercise has")
	assert.Equal(t, 2, tr.Rows()[1].Hints)
}

func TestReset(t *testing.T) {
	c := coursetest.Write(t, coursetest.Exercise{ID: "alpha"})
	store, _ := state.Open(c.Root)
	tr := New(c, store)
	e := &c.Exercises[0]
	shipped, err := os.ReadFile(c.StubPath(e))
	require.NoError(t, err)
	tr.shipped = func(*course.Exercise) ([]byte, error) { return shipped, nil }
	r, err := tr.PrepareReset(0)
	require.NoError(t, err)
	assert.False(t, r.Needed(), "the file is as the course shipped it")

	require.NoError(t, os.WriteFile(c.StubPath(e), []byte("package alpha // mine\n"), 0o644))
	tr = New(c, store)
	tr.shipped = func(*course.Exercise) ([]byte, error) { return shipped, nil }
	tr.ShowHint(0)
	tr.Record(&check.Result{Exercise: e, Verdict: &gotest.Verdict{Kind: gotest.KindPass}, Digest: tr.Prior(0).Digest})
	require.Equal(t, Done, tr.Rows()[0].Status)
	r, err = tr.PrepareReset(0)
	require.NoError(t, err)
	require.True(t, r.Needed())
	backup, err := tr.Reset(r)
	require.NoError(t, err)
	saved, err := os.ReadFile(backup)
	require.NoError(t, err)
	assert.Equal(t, "package alpha // mine\n", string(saved), "the learner's file is backed up")
	now, err := os.ReadFile(c.StubPath(e))
	require.NoError(t, err)
	assert.Equal(t, shipped, now)
	assert.Equal(t, 0, tr.HintsShown(0), "a reset forgets the hints")
	assert.NotEqual(t, Done, tr.Rows()[0].Status, "the pass was of other files")

	require.NoError(t, os.Remove(c.StubPath(e)))
	r, err = tr.PrepareReset(0)
	require.NoError(t, err)
	assert.True(t, r.Missing && r.Needed())
	backup, err = tr.Reset(r)
	require.NoError(t, err)
	assert.Empty(t, backup, "nothing to back up")

	require.NoError(t, os.Remove(c.StubPath(e)))
	require.NoError(t, os.Mkdir(c.StubPath(e), 0o755)) // as root, no file is unreadable; a folder is
	_, err = tr.PrepareReset(0)
	require.ErrorContains(t, err, c.Rel(c.StubPath(e))+" cannot be read (is a directory)")
}

// update is an update of watch mode for exercise i.
func update(kind watch.EventKind, i, seq int, d gofiles.Digest, r Report) Update {
	return Update{Kind: kind, Exercise: i, Seq: seq, Digest: d, Value: r}
}

func TestApply(t *testing.T) {
	c, store := fixture(t)
	tr := New(c, store)
	e := &c.Exercises[0]
	d1 := digest(t, c, e)
	pass, fail := result(t, c, e, 2), result(t, c, e, 1)

	assert.False(t, tr.Apply(update(watch.RunStarted, 0, 1, d1, Report{})))
	run := tr.Rows()[0].Run
	assert.Equal(t, 1, run.Running)
	assert.Nil(t, run.Shown, "no verdict yet")
	quick := &check.RunProgress{Exercise: e, Progress: gotest.Progress{Building: true}}
	tr.Apply(update(watch.RunReport, 0, 1, d1, Report{Progress: quick}))
	p, ok := tr.Rows()[0].Run.Activity()
	require.True(t, ok)
	assert.True(t, p.Building, "the quick run's progress, while its verdict is not in")
	tr.Apply(update(watch.RunReport, 0, 1, d1, Report{Progress: &check.RunProgress{Exercise: e, Race: true}}))
	tr.Apply(update(watch.RunReport, 0, 1, d1, Report{Result: fail}))
	run = tr.Rows()[0].Run
	require.NotNil(t, run.Shown)
	assert.True(t, run.Shown.Quick)
	p, ok = run.Activity()
	require.True(t, ok)
	assert.True(t, p.Race, "the quick verdict is in: the race-checked run's progress")
	assert.False(t, run.Shown.Passes(), "a quick verdict is not a pass")

	assert.True(t, tr.Apply(update(watch.RunFinished, 0, 1, d1, Report{Result: pass})), "a finished run is to be saved")
	row := tr.Rows()[0]
	assert.Equal(t, Done, row.Status, "recorded")
	assert.Zero(t, row.Run.Running)
	assert.True(t, row.Run.Shown.Passes())
	assert.Equal(t, 1, row.Run.Shown.Seq)
	_, ok = row.Run.Activity()
	assert.False(t, ok, "nothing in flight")
	assert.True(t, tr.Snapshot().HasVerdict(0, d1), "its content has its verdict")

	// A save starts run 2 for new content: not done any more; a report of
	// run 1, over, changes nothing.
	d2 := gofiles.Digest{2}
	tr.Apply(update(watch.RunStarted, 0, 2, d2, Report{}))
	assert.NotEqual(t, Done, tr.Rows()[0].Status, "its files are not those that passed")
	tr.Apply(update(watch.RunReport, 0, 1, d1, Report{Result: fail}))
	assert.True(t, tr.Rows()[0].Run.Shown.Passes(), "the verdict on screen is still run 1's")
	assert.False(t, tr.Snapshot().HasVerdict(0, d2))
	// The save is undone: run 2 is cancelled and the content of run 1,
	// with its verdict, is back.
	tr.Apply(update(watch.RunCancelled, 0, 2, d2, Report{}))
	tr.Apply(update(watch.RunSkipped, 0, 0, d1, Report{}))
	row = tr.Rows()[0]
	assert.Equal(t, Done, row.Status)
	assert.Equal(t, 1, row.Run.Shown.Seq)
	assert.Zero(t, row.Run.Running)

	// A run that cannot run shows why, and records nothing.
	tr.Apply(update(watch.RunStarted, 1, 3, digest(t, c, &c.Exercises[1]), Report{}))
	assert.False(t, tr.Apply(update(watch.RunFinished, 1, 3, digest(t, c, &c.Exercises[1]), Report{Err: os.ErrNotExist})))
	assert.ErrorIs(t, tr.Rows()[1].Run.Shown.Err, os.ErrNotExist)
	_, ok = store.LastRun(c.Exercises[1].ID)
	assert.False(t, ok)
}

// TestServeKeepsWhatAnotherCommandSaves: watch mode serves the tracker
// while the learner runs workbook hint in a second terminal; neither the
// hint nor watch mode's runs are lost, and the hint shows in watch mode
// at its next save.
func TestServeKeepsWhatAnotherCommandSaves(t *testing.T) {
	c, store := fixture(t)
	live := New(c, store).Live()
	updates := make(chan Update)
	told := make(chan *Snapshot)
	served := make(chan struct{})
	go func() {
		defer close(served)
		live.Serve(updates, func(_ Update, s *Snapshot) { told <- s })
	}()

	// workbook hint 1, in another process.
	other, _ := state.Open(c.Root)
	other.ShowHint(c.Exercises[0].ID, 2)
	require.NoError(t, other.Save())

	e := &c.Exercises[0]
	d := digest(t, c, e)
	updates <- update(watch.RunStarted, 0, 1, d, Report{})
	<-told
	updates <- update(watch.RunFinished, 0, 1, d, Report{Result: result(t, c, e, 2)})
	snap := <-told
	require.NoError(t, snap.SaveErr)
	assert.Equal(t, Done, snap.Rows[0].Status)
	assert.Equal(t, 1, snap.Rows[0].Hints, "the hint shown in the other terminal")
	assert.Same(t, snap, live.Snapshot())
	assert.True(t, live.HasVerdict(0, d))

	go live.ShowHint(0) // h, in watch mode
	snap = <-told
	assert.Equal(t, 2, snap.Rows[0].Hints, "one more than the other terminal's")

	close(updates)
	<-served
	live.ShowHint(0) // after Serve: does not block
	again, _ := state.Open(c.Root)
	assert.Equal(t, 2, again.HintsShown(e.ID), "both hints are in the state")
	run, ok := again.LastRun(e.ID)
	require.True(t, ok, "and watch mode's run")
	assert.True(t, run.Passed)
}
