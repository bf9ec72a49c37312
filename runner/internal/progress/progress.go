// Package progress is the one owner of where the learner stands: it records
// each run's verdict in the state and derives every exercise's status from
// the recorded runs and the fingerprints of the files they judged. Every
// command and both watch screens record through it.
//
// It runs no tests (check does) and draws nothing (render and tui do); it
// hashes each exercise's files once, when it is created, and after that
// trusts the fingerprint each result carries.
package progress

import (
	"sync"
	"time"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/state"
)

// Status is where the learner stands with one exercise.
type Status int

// The statuses, from never run to done.
const (
	NotStarted Status = iota // never run, or edited since it passed
	Current                  // the first exercise that is not done
	Failing                  // its last run did not pass
	Done                     // its last run passed, and its files are the ones it judged
)

// Row is one exercise's line of the progress.
type Row struct {
	Exercise *course.Exercise
	Status   Status
	// Passed and Total count its tests at its last run; Total is 0 when
	// unknown (never run, or edited since it passed).
	Passed, Total int
}

// CountDone counts the rows that are done.
func CountDone(rows []Row) int {
	n := 0
	for _, r := range rows {
		if r.Status == Done {
			n++
		}
	}
	return n
}

// Tracker records runs and hints in one workbook's state. It is safe for
// concurrent use: watch mode records from its runner while the screen asks
// for hints.
type Tracker struct {
	course *course.Course
	mu     sync.Mutex
	store  *state.Store
	// files are the exercises' fingerprints as last seen: read at New,
	// then the fingerprint of each recorded run ("" when unreadable).
	files []string
}

// New is a tracker of the course's progress in store. It reads every
// exercise's fingerprint once.
func New(c *course.Course, store *state.Store) *Tracker {
	t := &Tracker{course: c, store: store, files: make([]string, len(c.Exercises))}
	for i := range c.Exercises {
		t.files[i], _ = c.Fingerprint(&c.Exercises[i])
	}
	return t
}

// Record stores a run's result: its verdict becomes the exercise's last
// run, judged on the files of r.Fingerprint.
func (t *Tracker) Record(r *check.Result) {
	passed, total := r.Verdict.Counts()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.store.SetLastRun(r.Exercise.ID, state.LastRun{
		Passed:      r.Passed(),
		Kind:        string(r.Verdict.Kind),
		TestsPassed: passed,
		TestsTotal:  total,
		Fingerprint: r.Fingerprint,
		At:          time.Now().UTC(),
	})
	t.files[r.Exercise.Number-1] = r.Fingerprint
}

// Rows are every exercise's status, in course order: done when its last
// run passed on the files as they are, failing when it failed, not
// started when it never ran or changed since it passed. The first that is
// not done is current.
func (t *Tracker) Rows() []Row {
	t.mu.Lock()
	defer t.mu.Unlock()
	rows := make([]Row, len(t.course.Exercises))
	current := false
	for i := range t.course.Exercises {
		e := &t.course.Exercises[i]
		row := Row{Exercise: e}
		if run, ok := t.store.LastRun(e.ID); ok {
			row.Passed, row.Total = run.TestsPassed, run.TestsTotal
			switch {
			case run.Passed && t.files[i] != "" && t.files[i] == run.Fingerprint:
				row.Status = Done
			case run.Passed:
				// Edited since it passed: it has to be run again.
				row.Total = 0
			default:
				row.Status = Failing
			}
		}
		if row.Status != Done && !current {
			current = true
			row.Status = Current
		}
		rows[i] = row
	}
	return rows
}

// Current is the first exercise that is not done, nil when all are.
func (t *Tracker) Current() *course.Exercise {
	for _, r := range t.Rows() {
		if r.Status == Current {
			return r.Exercise
		}
	}
	return nil
}

// PassesNow reports whether the recorded run of e passed on the files as
// they are now; known is false when no run of these files is recorded.
func (t *Tracker) PassesNow(e *course.Exercise) (passes, known bool) {
	fp, err := t.course.Fingerprint(e)
	t.mu.Lock()
	defer t.mu.Unlock()
	run, ok := t.store.LastRun(e.ID)
	if !ok || err != nil || fp != run.Fingerprint {
		return false, false
	}
	return run.Passed, true
}

// HintsShown is how many of e's hint tiers the learner has seen.
func (t *Tracker) HintsShown(e *course.Exercise) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.store.HintsShown(e.ID)
}

// ShowHint counts one more of e's hint tiers as seen, up to the last, and
// returns how many are seen now.
func (t *Tracker) ShowHint(e *course.Exercise) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.store.ShowHint(e.ID, len(e.Hints))
	return t.store.HintsShown(e.ID)
}

// ForgetHints counts none of e's hints as seen, as after a reset.
func (t *Tracker) ForgetHints(e *course.Exercise) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.store.ForgetHints(e.ID)
}

// Save writes the state to disk.
func (t *Tracker) Save() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.store.Save()
}
