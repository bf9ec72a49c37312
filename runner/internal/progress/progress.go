// Package progress is the one owner of where the learner stands, exercise
// by exercise (by index in the course): the digest of its files as last
// seen, its last run (the verdict in full while the process lives, a
// summary in the state), the hints shown and, in watch mode, its runs in
// flight. It is the only writer of the state: a command uses a Tracker on
// its one goroutine; watch mode hands the Tracker to Serve's goroutine,
// which records every run's start, reports and end before any view sees
// them, and gives the views snapshots.
//
// It runs no tests (check does) and draws nothing (render and tui do). It
// reads each exercise's files once, the first time it is asked where the
// learner stands, unless it was given their digests (watch mode gives the
// watcher's); after that it trusts the digest each run carries.
package progress

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"time"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/gofiles"
	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/state"
	"github.com/gospawn/workbook/runner/internal/watch"
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
	// Hints is how many of its hint tiers the learner has seen.
	Hints int
	// Run is what watch mode knows of its runs.
	Run Run
}

// Snapshot is where the learner stands at one moment, for a view: it is
// never changed once made.
type Snapshot struct {
	Rows []Row // every exercise, in course order
	// SaveErr is why the state could not be saved the last time it was,
	// nil when it was.
	SaveErr error
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

// Tracker owns where the learner stands in one workbook. It is not safe for
// concurrent use: one goroutine owns it (a command's, or Serve's).
type Tracker struct {
	course *course.Course
	store  *state.Store
	// digests are the exercises' files as last seen, by index: read at
	// the first question or given, then the digest of each run recorded
	// or started. Nil until then.
	digests []gofiles.Digest
	runs    []Run // by index
	saveErr error
	// shipped is the file an exercise shipped with: course.Pristine, or
	// a stand-in for a test's course.
	shipped func(*course.Exercise) ([]byte, error)
}

// New is the tracker of the course's progress in store.
func New(c *course.Course, store *state.Store) *Tracker {
	return &Tracker{course: c, store: store, runs: make([]Run, len(c.Exercises)), shipped: course.Pristine}
}

// SetDigests gives the digests of the exercises' files, by index, read by
// the caller (watch mode's watcher), so that the tracker does not read
// them again.
func (t *Tracker) SetDigests(d []gofiles.Digest) {
	t.digests = append([]gofiles.Digest(nil), d...)
}

// seen are the digests, read now when they were not yet.
func (t *Tracker) seen() []gofiles.Digest {
	if t.digests == nil {
		t.digests = make([]gofiles.Digest, len(t.course.Exercises))
		for i := range t.course.Exercises {
			// A folder that cannot be read still has a digest: no
			// recorded run matches it.
			s, _ := gofiles.Read(t.course.ExerciseDir(&t.course.Exercises[i]))
			t.digests[i] = s.Digest
		}
	}
	return t.digests
}

// recorded is the state's last run of exercise i, if any, and whether it
// judged the files as they are.
func (t *Tracker) recorded(i int) (run state.LastRun, ok, same bool) {
	run, ok = t.store.LastRun(t.course.Exercises[i].ID)
	d := t.seen()[i]
	return run, ok, ok && !d.IsZero() && run.Fingerprint == d.Hex()
}

// Prior is what is known of exercise i's files as they are: their digest
// and the recorded run of exactly these files.
func (t *Tracker) Prior(i int) check.Prior {
	run, _, same := t.recorded(i)
	return check.Prior{Digest: t.seen()[i], Known: same, Passed: same && run.Passed, Race: same && run.Race}
}

// Priors are every exercise's Prior, by index.
func (t *Tracker) Priors() []check.Prior {
	priors := make([]check.Prior, len(t.course.Exercises))
	for i := range priors {
		priors[i] = t.Prior(i)
	}
	return priors
}

// Record stores a run's result: its verdict becomes the exercise's last
// run, judged on the files of r.Digest. It reports whether the exercise is
// done now and was not before.
func (t *Tracker) Record(r *check.Result) (nowDone bool) {
	return t.record(r.Exercise.Index(), r, 0)
}

// record is Record of exercise i's run seq in watch mode (0 outside it).
func (t *Tracker) record(i int, r *check.Result, seq int) (nowDone bool) {
	before, _, same := t.recorded(i)
	wasDone := same && before.Passed
	passed, total := r.Verdict.Counts()
	t.store.SetLastRun(r.Exercise.ID, state.LastRun{
		Passed:      r.Passed(),
		Kind:        string(r.Verdict.Kind),
		TestsPassed: passed,
		TestsTotal:  total,
		Race:        r.Race,
		Fingerprint: r.Digest.Hex(),
		At:          time.Now().UTC(),
	})
	t.seen()[i] = r.Digest
	t.runs[i].Final = &Verdict{Seq: seq, Result: r}
	if seq == 0 {
		t.runs[i].Shown = t.runs[i].Final
	}
	return r.Passed() && !wasDone
}

// Rows are every exercise's status, in course order: done when its last
// run passed on the files as they are, failing when it failed, not
// started when it never ran or changed since it passed. The first that is
// not done is current.
func (t *Tracker) Rows() []Row {
	rows := make([]Row, len(t.course.Exercises))
	current := false
	for i := range t.course.Exercises {
		e := &t.course.Exercises[i]
		row := Row{Exercise: e, Hints: t.store.HintsShown(e.ID), Run: t.runs[i]}
		if run, ok, same := t.recorded(i); ok {
			row.Passed, row.Total = run.TestsPassed, run.TestsTotal
			switch {
			case run.Passed && same:
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

// Snapshot is where the learner stands now.
func (t *Tracker) Snapshot() *Snapshot { return &Snapshot{Rows: t.Rows(), SaveErr: t.saveErr} }

// Current is the index of the first exercise that is not done, -1 when all
// are.
func (t *Tracker) Current() int {
	for i, r := range t.Rows() {
		if r.Status == Current {
			return i
		}
	}
	return -1
}

// HintsShown is how many of exercise i's hint tiers the learner has seen.
func (t *Tracker) HintsShown(i int) int { return t.store.HintsShown(t.course.Exercises[i].ID) }

// ShowHint counts one more of exercise i's hint tiers as seen, up to the
// last. Save, then HintsShown says how many are seen, with those another
// command showed meanwhile.
func (t *Tracker) ShowHint(i int) {
	e := &t.course.Exercises[i]
	t.store.ShowHint(e.ID, len(e.Hints))
}

// Save writes the state to disk, keeping what another command saved
// meanwhile (see state.Store.Save).
func (t *Tracker) Save() error {
	t.saveErr = t.store.Save()
	return t.saveErr
}

// Update is one message about a run of watch mode: its start, a report, its
// end or its skip, from the scheduler.
type Update = watch.Event[Report]

// Report is what a run of watch mode reports, as it goes and at its end.
type Report struct {
	Progress *check.RunProgress // how it goes
	Result   *check.Result      // a verdict: the quick one while it goes, the run's at its end
	Err      error              // it could not run
}

// Verdict is a run's verdict as watch mode shows it.
type Verdict struct {
	Seq    int           // the run's sequence number; 0 outside watch mode
	Quick  bool          // the quick verdict of a run still checking for races
	Result *check.Result // nil when Err is set
	Err    error         // the run could not run
}

// Passes reports whether v is a run's final verdict, and a pass.
func (v *Verdict) Passes() bool {
	return v != nil && !v.Quick && v.Result != nil && v.Result.Passed()
}

// Run is what watch mode knows of an exercise's runs.
type Run struct {
	Running int      // sequence number of the run in flight, 0 when none
	Shown   *Verdict // the verdict to show, the latest quick or final one; nil before any
	Final   *Verdict // the last finished run's
	// quick and race are how run Running goes, by whether it is the
	// race-checked one (RunWithQuickVerdict's two runs report apart).
	quick, race *check.RunProgress
}

// Activity is the progress worth showing of the run in flight: the quick
// run's until its verdict is in, then the race-checked run's.
func (r *Run) Activity() (check.RunProgress, bool) {
	if r.Running == 0 {
		return check.RunProgress{}, false
	}
	quickIn := r.Shown != nil && r.Shown.Quick && r.Shown.Seq == r.Running
	if r.quick != nil && !r.quick.Done && !quickIn {
		return *r.quick, true
	}
	if r.race != nil && !r.race.Done {
		return *r.race, true
	}
	return check.RunProgress{}, false
}

// Apply records an update of watch mode: a run's start, a report, its end
// (a finished run is recorded as Record does) or its skip. It reports
// whether the state changed and wants saving.
func (t *Tracker) Apply(u Update) (changed bool) {
	if u.Exercise < 0 || u.Exercise >= len(t.runs) {
		return false
	}
	run := &t.runs[u.Exercise]
	switch u.Kind {
	case watch.RunStarted:
		run.Running, run.quick, run.race = u.Seq, nil, nil
		t.seen()[u.Exercise] = u.Digest
	case watch.RunReport:
		if u.Seq != run.Running {
			return false // a run that is over or superseded
		}
		if p := u.Value.Progress; p != nil && p.Race {
			run.race = p
		} else if p != nil {
			run.quick = p
		}
		if r := u.Value.Result; r != nil {
			run.Shown = &Verdict{Seq: u.Seq, Quick: true, Result: r}
		}
	case watch.RunCancelled:
		if u.Seq == run.Running {
			run.Running = 0
		}
	case watch.RunFinished:
		if u.Seq >= run.Running {
			run.Running = 0
		}
		if r := u.Value.Result; r != nil {
			t.record(u.Exercise, r, u.Seq)
			run.Shown = run.Final
			return true
		}
		run.Shown = &Verdict{Seq: u.Seq, Err: u.Value.Err}
	case watch.RunSkipped:
		// The content of the last finished run is back, and so is its
		// verdict.
		t.seen()[u.Exercise] = u.Digest
		run.Shown = run.Final
	}
	return false
}

// HasVerdict reports whether the content d of exercise i has its verdict:
// the last finished run of it in this process judged d.
func (s *Snapshot) HasVerdict(i int, d gofiles.Digest) bool {
	if i < 0 || i >= len(s.Rows) {
		return false
	}
	f := s.Rows[i].Run.Final
	return f != nil && f.Result != nil && f.Result.Digest == d
}

// Reset is the reset of an exercise's file to the file the course shipped,
// read and ready: PrepareReset reads both once, Reset writes.
type Reset struct {
	Exercise int
	Path     string // the exercise's file
	Current  []byte // as it is; nil when Missing
	Missing  bool   // the file does not exist
	Shipped  []byte
}

// Needed reports whether the file differs from the shipped one.
func (r *Reset) Needed() bool { return r.Missing || !bytes.Equal(r.Current, r.Shipped) }

// msgUnreadable says that an exercise's file is there but cannot be read,
// so that reset changes nothing.
var msgUnreadable = i18n.Text{En: "%s cannot be read (%v), so it cannot be backed up, and nothing was changed. Make it readable (for example chmod u+r) or move it aside, then run workbook reset again.", Zh: "无法读取 %s（%v），因此无法先备份，什么都没有改动。请让它可读（例如 chmod u+r）或把它移到别处，然后再运行 workbook reset。"}

// PrepareReset reads exercise i's file and the one the course shipped. A
// file that is there but cannot be read is an error that says so, and what
// to do.
func (t *Tracker) PrepareReset(i int) (*Reset, error) {
	e := &t.course.Exercises[i]
	shipped, err := t.shipped(e)
	if err != nil {
		return nil, err
	}
	r := &Reset{Exercise: i, Path: t.course.StubPath(e), Shipped: shipped}
	r.Current, err = os.ReadFile(r.Path)
	if errors.Is(err, fs.ErrNotExist) {
		r.Current, r.Missing = nil, true
	} else if err != nil {
		var pe *fs.PathError // the sentence names the path already
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, i18n.Errorf(msgUnreadable, t.course.Rel(r.Path), err)
	}
	return r, nil
}

// Reset backs the learner's file up (when there is one), writes the
// shipped file in its place and forgets the hints shown; Save keeps that.
// It returns the backup's path, "" when there was no file. Without a
// backup nothing is replaced: work is never lost.
func (t *Tracker) Reset(r *Reset) (backup string, err error) {
	e := &t.course.Exercises[r.Exercise]
	if !r.Missing {
		if backup, err = t.store.Backup(e.ID, e.File, r.Current); err != nil {
			return "", err
		}
	}
	if err := os.WriteFile(r.Path, r.Shipped, 0o644); err != nil {
		return backup, err
	}
	t.store.ForgetHints(e.ID)
	if t.digests != nil {
		// Its files are not those any run judged: read them again.
		s, _ := gofiles.Read(t.course.ExerciseDir(e))
		t.digests[r.Exercise] = s.Digest
	}
	return backup, nil
}
