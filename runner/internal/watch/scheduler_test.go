package watch

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/gofiles"
)

// call is one call of the fake run function, held until the test releases
// it or its context is cancelled.
type call struct {
	exercise int
	seq      int
	digest   gofiles.Digest
	ctx      context.Context
	partial  func(string)
	release  chan string
}

// fakeRuns is a run function the test drives.
type fakeRuns struct {
	calls chan call

	mu      sync.Mutex
	active  map[int]int // runs in flight per exercise
	overlap atomic.Bool // two runs of one exercise at once
}

func newFakeRuns() *fakeRuns {
	return &fakeRuns{calls: make(chan call), active: map[int]int{}}
}

// digestOf is the digest of an exercise whose files hold content.
func digestOf(content string) gofiles.Digest { return sha256.Sum256([]byte(content)) }

// run announces the call, then returns what the test releases it with, or
// "cancelled" once its context is done.
func (f *fakeRuns) run(ctx context.Context, exercise, seq int, digest gofiles.Digest, partial func(string)) string {
	f.mu.Lock()
	f.active[exercise]++
	if f.active[exercise] > 1 {
		f.overlap.Store(true)
	}
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.active[exercise]--
		f.mu.Unlock()
	}()
	c := call{exercise: exercise, seq: seq, digest: digest, ctx: ctx, partial: partial, release: make(chan string)}
	select {
	case f.calls <- c:
	case <-ctx.Done():
		return "cancelled before it was seen"
	}
	select {
	case v := <-c.release:
		return v
	case <-ctx.Done():
		return "cancelled"
	}
}

// schedTest is a running Scheduler over fake runs. The test is the owner
// of verdicts: the content of every RunFinished it receives has its
// verdict.
type schedTest struct {
	t       *testing.T
	f       *fakeRuns
	s       *Scheduler[string]
	changes chan Change
	cancel  context.CancelFunc
	done    chan error
	stopped sync.Once

	mu       sync.Mutex
	verdicts map[int]gofiles.Digest // the content of each exercise's last finished run
}

func startScheduler(t *testing.T, opts SchedulerOptions) *schedTest {
	t.Helper()
	f := newFakeRuns()
	st := &schedTest{t: t, f: f, changes: make(chan Change), done: make(chan error, 1), verdicts: map[int]gofiles.Digest{}}
	opts.HasVerdict = st.hasVerdict
	st.s = NewScheduler(f.run, opts)
	var ctx context.Context
	ctx, st.cancel = context.WithCancel(context.Background())
	go func() { st.done <- st.s.Run(ctx, st.changes) }()
	t.Cleanup(st.stop)
	return st
}

// stop stops the Scheduler and checks Run returns and closes Events.
func (st *schedTest) stop() {
	st.t.Helper()
	st.stopped.Do(st.stopOnce)
}

func (st *schedTest) stopOnce() {
	st.cancel()
	select {
	case err := <-st.done:
		require.NoError(st.t, err)
	case <-time.After(wait):
		require.FailNow(st.t, "Scheduler.Run did not return after its context was cancelled")
	}
	for range st.s.Events() { // closed: drains what was left
	}
	assert.False(st.t, st.f.overlap.Load(), "two runs of one directory overlapped")
}

func (st *schedTest) hasVerdict(exercise int, d gofiles.Digest) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	v, ok := st.verdicts[exercise]
	return ok && v == d
}

// save sends the Change the Watcher would for an exercise now holding
// content, and returns its digest.
func (st *schedTest) save(exercise int, content string) gofiles.Digest {
	st.t.Helper()
	h := digestOf(content)
	select {
	case st.changes <- Change{Exercise: exercise, Digest: h}:
	case <-time.After(wait):
		require.FailNow(st.t, "the Scheduler does not take changes")
	}
	return h
}

func (st *schedTest) call() call {
	st.t.Helper()
	return recv(st.t, st.f.calls, "a call of the run function")
}

// event receives the next event and checks its kind, exercise and
// sequence number; a finished run's content has its verdict from then on.
func (st *schedTest) event(kind EventKind, exercise int, seq int) Event[string] {
	st.t.Helper()
	ev := recv(st.t, st.s.Events(), fmt.Sprintf("a %v event", kind))
	require.Equal(st.t, kind, ev.Kind, "event %+v", ev)
	require.Equal(st.t, exercise, ev.Exercise, "event %+v", ev)
	require.Equal(st.t, seq, ev.Seq, "event %+v", ev)
	if kind == RunFinished {
		st.mu.Lock()
		st.verdicts[exercise] = ev.Digest
		st.mu.Unlock()
	}
	return ev
}

// cancelled waits until c's context is cancelled.
func cancelled(t *testing.T, c call) {
	t.Helper()
	select {
	case <-c.ctx.Done():
	case <-time.After(wait):
		require.FailNow(t, fmt.Sprintf("run %d was not cancelled", c.seq))
	}
}

func TestSchedulerOneChangeOneRun(t *testing.T) {
	st := startScheduler(t, SchedulerOptions{})
	h := st.save(0, "v1")
	ev := st.event(RunStarted, 0, 1)
	require.Equal(t, h, ev.Digest)
	c := st.call()
	require.Equal(t, call{exercise: 0, seq: 1, digest: h}, call{exercise: c.exercise, seq: c.seq, digest: c.digest}, "the run judges the content the change gave")
	c.release <- "verdict 1"
	ev = st.event(RunFinished, 0, 1)
	require.Equal(t, "verdict 1", ev.Value)
	require.Equal(t, h, ev.Digest)
	cancelled(t, c) // a finished run's context is released too
}

func TestSchedulerSaveDuringRunCancelsAndRestarts(t *testing.T) {
	st := startScheduler(t, SchedulerOptions{})
	st.save(0, "v1")
	st.event(RunStarted, 0, 1)
	c1 := st.call()

	h2 := st.save(0, "v2")
	cancelled(t, c1)
	ev := st.event(RunCancelled, 0, 1)
	require.Equal(t, "cancelled", ev.Value)
	ev = st.event(RunStarted, 0, 2)
	require.Equal(t, h2, ev.Digest, "the new run is for the files as they are now")
	c2 := st.call()

	// More saves while the new run goes: each cancels the run in flight.
	st.save(0, "v3")
	cancelled(t, c2)
	st.event(RunCancelled, 0, 2)
	st.event(RunStarted, 0, 3)
	h4 := st.save(0, "v4")
	st.event(RunCancelled, 0, 3)
	st.event(RunStarted, 0, 4)
	c4 := st.call()
	require.Equal(t, 4, c4.seq)
	c4.release <- "verdict 4"
	ev = st.event(RunFinished, 0, 4)
	require.Equal(t, h4, ev.Digest)
	require.Equal(t, "verdict 4", ev.Value)
}

func TestSchedulerRunsOtherDirectoriesToo(t *testing.T) {
	st := startScheduler(t, SchedulerOptions{})
	st.save(0, "a1")
	st.event(RunStarted, 0, 1)
	st.save(1, "b1")
	st.event(RunStarted, 1, 2)
	calls := map[int]call{}
	for range 2 { // both in flight at once
		c := st.call()
		calls[c.exercise] = c
	}
	calls[1].release <- "b verdict"
	require.Equal(t, "b verdict", st.event(RunFinished, 1, 2).Value)
	calls[0].release <- "a verdict"
	require.Equal(t, "a verdict", st.event(RunFinished, 0, 1).Value)
}

func TestSchedulerRequest(t *testing.T) {
	h := digestOf("v1")
	st := startScheduler(t, SchedulerOptions{Digests: []gofiles.Digest{h}})
	st.s.Request(0)
	ev := st.event(RunStarted, 0, 1)
	require.Equal(t, h, ev.Digest, "a request runs the content the Scheduler was started with")
	c1 := st.call()

	// A request during a run replaces it.
	st.s.Request(0)
	cancelled(t, c1)
	st.event(RunCancelled, 0, 1)
	st.event(RunStarted, 0, 2)
	st.call().release <- "verdict 2"
	st.event(RunFinished, 0, 2)

	// A request runs even when nothing changed.
	st.s.Request(0)
	st.event(RunStarted, 0, 3)
	st.call().release <- "verdict 3"
	st.event(RunFinished, 0, 3)

	// After a change, a request runs the content the change gave.
	h2 := st.save(0, "v2")
	st.event(RunStarted, 0, 4)
	st.s.Request(0)
	st.event(RunCancelled, 0, 4)
	require.Equal(t, h2, st.event(RunStarted, 0, 5).Digest)
	st.call().release <- "verdict 5"
	st.event(RunFinished, 0, 5)

	// An exercise whose content is unknown is run anyway (its verdict
	// will say what is wrong), with an unknown digest.
	st.s.Request(3)
	require.True(t, st.event(RunStarted, 3, 6).Digest.IsZero())
	st.call().release <- "no such directory"
	st.event(RunFinished, 3, 6)
}

func TestSchedulerRequestBeforeRun(t *testing.T) {
	f := newFakeRuns()
	s := NewScheduler(f.run, SchedulerOptions{Digests: []gofiles.Digest{digestOf("v1")}})
	s.Request(0)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, nil) }()
	ev := recv(t, s.Events(), "the requested run's start")
	require.Equal(t, RunStarted, ev.Kind)
	c := recv(t, f.calls, "the requested run")
	cancel()
	require.NoError(t, recv(t, done, "Run's return"))
	require.Error(t, c.ctx.Err(), "the run's context is cancelled before Run returns")
	require.ErrorContains(t, s.Run(context.Background(), nil), "twice")
	s.Request(0)  // ignored, does not block
	c.partial("") // ignored, does not block
}

func TestSchedulerSkipsContentItAlreadyHasAVerdictFor(t *testing.T) {
	st := startScheduler(t, SchedulerOptions{})
	h1 := st.save(0, "v1")
	st.event(RunStarted, 0, 1)
	st.call().release <- "verdict 1"
	st.event(RunFinished, 0, 1)

	// A save undone while its run goes: the run is cancelled and the
	// verdict of run 1 is current again.
	st.save(0, "v2")
	st.event(RunStarted, 0, 2)
	c2 := st.call()
	st.save(0, "v1")
	cancelled(t, c2)
	st.event(RunCancelled, 0, 2)
	ev := st.event(RunSkipped, 0, 0)
	require.Equal(t, h1, ev.Digest, "the content whose verdict is current again")

	// A change to content that has its verdict: skipped too.
	st.save(0, "v1")
	st.event(RunSkipped, 0, 0)

	// A request runs it all the same.
	st.s.Request(0)
	st.event(RunStarted, 0, 3)
	st.call().release <- "verdict 3"
	st.event(RunFinished, 0, 3)

	// Other content runs, with the next sequence number.
	st.save(0, "v3")
	st.event(RunStarted, 0, 4)
}

func TestSchedulerIgnoresAChangeToTheContentInFlight(t *testing.T) {
	st := startScheduler(t, SchedulerOptions{})
	st.save(0, "v1")
	st.event(RunStarted, 0, 1)
	c := st.call()
	st.save(0, "v1") // e.g. the first run was requested just as the save came
	c.release <- "verdict 1"
	require.Equal(t, "verdict 1", st.event(RunFinished, 0, 1).Value, "not cancelled")
}

func TestSchedulerPartial(t *testing.T) {
	st := startScheduler(t, SchedulerOptions{})
	h1 := st.save(0, "v1")
	st.event(RunStarted, 0, 1)
	c1 := st.call()
	c1.partial("quick verdict 1")
	ev := st.event(RunReport, 0, 1)
	require.Equal(t, "quick verdict 1", ev.Value)
	require.Equal(t, h1, ev.Digest, "the report is for the run's content")

	st.save(0, "v2")
	cancelled(t, c1)
	st.event(RunCancelled, 0, 1)
	st.event(RunStarted, 0, 2)
	c2 := st.call()
	c1.partial("stale") // run 1 is over: dropped
	c2.partial("quick verdict 2")
	require.Equal(t, "quick verdict 2", st.event(RunReport, 0, 2).Value)
	c2.release <- "verdict 2"
	st.event(RunFinished, 0, 2)
	c2.partial("late") // run 2 is over: dropped

	// Each run's partial function is its own: b's does not speak for a's.
	st.save(1, "b1")
	st.event(RunStarted, 1, 3)
	cb := st.call()
	st.save(0, "v3")
	st.event(RunStarted, 0, 4)
	ca := st.call()
	ca.partial("quick a")
	cb.partial("quick b")
	require.Equal(t, "quick a", st.event(RunReport, 0, 4).Value)
	require.Equal(t, "quick b", st.event(RunReport, 1, 3).Value)
	ca.release <- "a verdict"
	require.Equal(t, "a verdict", st.event(RunFinished, 0, 4).Value, "the stale and late partials never came")
	cb.release <- "b verdict"
	st.event(RunFinished, 1, 3)

	// A report made just before the run returns comes before its end.
	st.save(0, "v4")
	st.event(RunStarted, 0, 5)
	c5 := st.call()
	c5.partial("last words")
	c5.release <- "verdict 5"
	require.Equal(t, "last words", st.event(RunReport, 0, 5).Value)
	st.event(RunFinished, 0, 5)
}

func TestSchedulerMaxParallel(t *testing.T) {
	st := startScheduler(t, SchedulerOptions{MaxParallel: 1})
	st.save(0, "a1")
	st.event(RunStarted, 0, 1)
	ca := st.call()
	st.save(1, "b1")
	st.save(0, "a2") // a's restart queues behind b
	cancelled(t, ca)
	st.event(RunCancelled, 0, 1)
	st.event(RunStarted, 1, 2)
	cb := st.call()
	cb.release <- "b verdict"
	st.event(RunFinished, 1, 2)
	st.event(RunStarted, 0, 3)
	st.call().release <- "a verdict"
	st.event(RunFinished, 0, 3)
}

func TestSchedulerWaitsForACancelledRunToReturn(t *testing.T) {
	// A run function slow to notice cancellation: the next run of the same
	// directory starts only once it returned.
	release := make(chan struct{})
	var running atomic.Int32
	var overlap atomic.Bool
	var ctxs sync.Map
	run := func(ctx context.Context, _, seq int, _ gofiles.Digest, _ func(int)) int {
		if running.Add(1) > 1 {
			overlap.Store(true)
		}
		defer running.Add(-1)
		ctxs.Store(seq, ctx)
		if seq == 1 {
			<-release // ignores ctx until released
		} else {
			<-ctx.Done()
		}
		return seq
	}
	s := NewScheduler(run, SchedulerOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	changes := make(chan Change)
	go func() { done <- s.Run(ctx, changes) }()

	changes <- Change{Exercise: 0}
	require.Equal(t, RunStarted, recv(t, s.Events(), "run 1").Kind)
	changes <- Change{Exercise: 0}
	close(changes) // no more changes: the Scheduler goes on
	close(release)
	ev := recv(t, s.Events(), "run 1's end")
	require.Equal(t, Event[int]{Kind: RunCancelled, Exercise: 0, Seq: 1, Value: 1}, ev)
	ev = recv(t, s.Events(), "run 2's start")
	require.Equal(t, RunStarted, ev.Kind)
	require.Equal(t, 2, ev.Seq)

	cancel()
	require.NoError(t, recv(t, done, "Run's return"))
	require.False(t, overlap.Load())
	ctxs.Range(func(k, v any) bool {
		require.Error(t, v.(context.Context).Err(), "run %d's context is still live", k)
		return true
	})
	_, open := <-s.Events()
	require.False(t, open)
}

func TestSchedulerShutdownCancelsEveryRun(t *testing.T) {
	st := startScheduler(t, SchedulerOptions{})
	var calls []call
	for i := range 3 {
		st.save(i, fmt.Sprint(i))
		st.event(RunStarted, i, i+1)
		calls = append(calls, st.call())
	}
	st.s.Request(0) // queued behind a's cancelled run when the stop comes
	st.stop()
	for _, c := range calls {
		require.Error(t, c.ctx.Err(), "run %d's context was not cancelled", c.seq)
	}
}

// String names k in the tests' failure messages.
func (k EventKind) String() string {
	switch k {
	case RunStarted:
		return "started"
	case RunReport:
		return "report"
	case RunFinished:
		return "finished"
	case RunCancelled:
		return "cancelled"
	case RunSkipped:
		return "skipped"
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}
