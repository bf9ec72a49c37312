package watch

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// call is one call of the fake run function, held until the test releases
// it or its context is cancelled.
type call struct {
	dir     string
	seq     int
	ctx     context.Context
	partial func(string)
	release chan string
}

// fakeRuns is a run function the test drives, over directories whose
// content the test sets.
type fakeRuns struct {
	calls chan call

	mu      sync.Mutex
	content map[string]string
	active  map[string]int // runs in flight per directory
	overlap atomic.Bool    // two runs of one directory at once
}

func newFakeRuns() *fakeRuns {
	return &fakeRuns{calls: make(chan call), content: map[string]string{}, active: map[string]int{}}
}

// set gives dir a content and returns its hash.
func (f *fakeRuns) set(dir, content string) Hash {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.content[dir] = content
	return sha256.Sum256([]byte(content))
}

func (f *fakeRuns) hash(dir string) (Hash, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.content[dir]
	if !ok {
		return Hash{}, errors.New("no such directory")
	}
	return sha256.Sum256([]byte(c)), nil
}

// run announces the call, then returns what the test releases it with, or
// "cancelled" once its context is done.
func (f *fakeRuns) run(ctx context.Context, dir string, seq int, _ Hash, partial func(string)) string {
	f.mu.Lock()
	f.active[dir]++
	if f.active[dir] > 1 {
		f.overlap.Store(true)
	}
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.active[dir]--
		f.mu.Unlock()
	}()
	c := call{dir: dir, seq: seq, ctx: ctx, partial: partial, release: make(chan string)}
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

// schedTest is a running Scheduler over fake runs.
type schedTest struct {
	t       *testing.T
	f       *fakeRuns
	s       *Scheduler[string]
	changes chan Change
	cancel  context.CancelFunc
	done    chan error
	stopped sync.Once
}

func startScheduler(t *testing.T, opts SchedulerOptions) *schedTest {
	t.Helper()
	f := newFakeRuns()
	opts.hash = f.hash
	st := &schedTest{t: t, f: f, s: NewScheduler(f.run, opts), changes: make(chan Change), done: make(chan error, 1)}
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

// save sets dir's content and sends the Change the Watcher would.
func (st *schedTest) save(dir, content string) Hash {
	st.t.Helper()
	h := st.f.set(dir, content)
	select {
	case st.changes <- Change{Dir: dir, Hash: h}:
	case <-time.After(wait):
		require.FailNow(st.t, "the Scheduler does not take changes")
	}
	return h
}

func (st *schedTest) call() call {
	st.t.Helper()
	return recv(st.t, st.f.calls, "a call of the run function")
}

// event receives the next event and checks its kind, directory and
// sequence number.
func (st *schedTest) event(kind EventKind, dir string, seq int) Event[string] {
	st.t.Helper()
	ev := recv(st.t, st.s.Events(), fmt.Sprintf("a %v event", kind))
	require.Equal(st.t, kind, ev.Kind, "event %+v", ev)
	require.Equal(st.t, dir, ev.Dir, "event %+v", ev)
	require.Equal(st.t, seq, ev.Seq, "event %+v", ev)
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
	h := st.save("a", "v1")
	ev := st.event(RunStarted, "a", 1)
	require.Equal(t, h, ev.Hash)
	c := st.call()
	require.Equal(t, call{dir: "a", seq: 1}, call{dir: c.dir, seq: c.seq})
	c.release <- "verdict 1"
	ev = st.event(RunFinished, "a", 1)
	require.Equal(t, "verdict 1", ev.Value)
	require.Equal(t, h, ev.Hash)
	cancelled(t, c) // a finished run's context is released too
}

func TestSchedulerSaveDuringRunCancelsAndRestarts(t *testing.T) {
	st := startScheduler(t, SchedulerOptions{})
	st.save("a", "v1")
	st.event(RunStarted, "a", 1)
	c1 := st.call()

	h2 := st.save("a", "v2")
	cancelled(t, c1)
	ev := st.event(RunCancelled, "a", 1)
	require.Equal(t, "cancelled", ev.Value)
	ev = st.event(RunStarted, "a", 2)
	require.Equal(t, h2, ev.Hash, "the new run is for the files as they are now")
	c2 := st.call()

	// More saves while the new run goes: each cancels the run in flight.
	st.save("a", "v3")
	cancelled(t, c2)
	st.event(RunCancelled, "a", 2)
	st.event(RunStarted, "a", 3)
	h4 := st.save("a", "v4")
	st.event(RunCancelled, "a", 3)
	st.event(RunStarted, "a", 4)
	c4 := st.call()
	require.Equal(t, 4, c4.seq)
	c4.release <- "verdict 4"
	ev = st.event(RunFinished, "a", 4)
	require.Equal(t, h4, ev.Hash)
	require.Equal(t, "verdict 4", ev.Value)
}

func TestSchedulerRunsOtherDirectoriesToo(t *testing.T) {
	st := startScheduler(t, SchedulerOptions{})
	st.save("a", "a1")
	st.event(RunStarted, "a", 1)
	st.save("b", "b1")
	st.event(RunStarted, "b", 2)
	calls := map[string]call{}
	for range 2 { // both in flight at once
		c := st.call()
		calls[c.dir] = c
	}
	calls["b"].release <- "b verdict"
	require.Equal(t, "b verdict", st.event(RunFinished, "b", 2).Value)
	calls["a"].release <- "a verdict"
	require.Equal(t, "a verdict", st.event(RunFinished, "a", 1).Value)
}

func TestSchedulerRequest(t *testing.T) {
	st := startScheduler(t, SchedulerOptions{})
	h := st.f.set("a", "v1")
	st.s.Request("a")
	ev := st.event(RunStarted, "a", 1)
	require.Equal(t, h, ev.Hash)
	c1 := st.call()

	// A request during a run replaces it.
	st.s.Request("a")
	cancelled(t, c1)
	st.event(RunCancelled, "a", 1)
	st.event(RunStarted, "a", 2)
	st.call().release <- "verdict 2"
	st.event(RunFinished, "a", 2)

	// A request runs even when nothing changed.
	st.s.Request("a")
	st.event(RunStarted, "a", 3)
	st.call().release <- "verdict 3"
	st.event(RunFinished, "a", 3)

	// A directory that cannot be read is run anyway (its verdict will say
	// what is wrong), with an unknown hash.
	st.s.Request("gone")
	require.True(t, st.event(RunStarted, "gone", 4).Hash.IsZero())
	st.call().release <- "no such directory"
	st.event(RunFinished, "gone", 4)
}

func TestSchedulerRequestBeforeRun(t *testing.T) {
	f := newFakeRuns()
	f.set("a", "v1")
	s := NewScheduler(f.run, SchedulerOptions{hash: f.hash})
	s.Request("a")
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
	s.Request("a") // ignored, does not block
	c.partial("")  // ignored, does not block
}

func TestSchedulerSkipsContentItAlreadyHasAVerdictFor(t *testing.T) {
	st := startScheduler(t, SchedulerOptions{})
	h1 := st.save("a", "v1")
	st.event(RunStarted, "a", 1)
	st.call().release <- "verdict 1"
	st.event(RunFinished, "a", 1)

	// A save undone while its run goes: the run is cancelled and the
	// verdict of run 1 is current again.
	st.save("a", "v2")
	st.event(RunStarted, "a", 2)
	c2 := st.call()
	st.save("a", "v1")
	cancelled(t, c2)
	st.event(RunCancelled, "a", 2)
	ev := st.event(RunSkipped, "a", 1)
	require.Equal(t, h1, ev.Hash)
	require.Equal(t, "verdict 1", ev.Value)

	// A change to content that has its verdict: skipped too.
	st.save("a", "v1")
	st.event(RunSkipped, "a", 1)

	// Other content runs, with the next sequence number.
	st.save("a", "v3")
	st.event(RunStarted, "a", 3)
}

func TestSchedulerIgnoresAChangeToTheContentInFlight(t *testing.T) {
	st := startScheduler(t, SchedulerOptions{})
	st.save("a", "v1")
	st.event(RunStarted, "a", 1)
	c := st.call()
	st.save("a", "v1") // e.g. the first run was requested just as the save came
	c.release <- "verdict 1"
	require.Equal(t, "verdict 1", st.event(RunFinished, "a", 1).Value, "not cancelled")
}

func TestSchedulerPartial(t *testing.T) {
	st := startScheduler(t, SchedulerOptions{})
	h1 := st.save("a", "v1")
	st.event(RunStarted, "a", 1)
	c1 := st.call()
	c1.partial("quick verdict 1")
	ev := st.event(RunPartial, "a", 1)
	require.Equal(t, "quick verdict 1", ev.Value)
	require.Equal(t, h1, ev.Hash, "the partial result is for the run's content")

	st.save("a", "v2")
	cancelled(t, c1)
	st.event(RunCancelled, "a", 1)
	st.event(RunStarted, "a", 2)
	c2 := st.call()
	c1.partial("stale") // run 1 is over: dropped
	c2.partial("quick verdict 2")
	require.Equal(t, "quick verdict 2", st.event(RunPartial, "a", 2).Value)
	c2.release <- "verdict 2"
	st.event(RunFinished, "a", 2)
	c2.partial("late") // run 2 is over: dropped

	// Each run's partial function is its own: b's does not speak for a's.
	st.save("b", "b1")
	st.event(RunStarted, "b", 3)
	cb := st.call()
	st.save("a", "v3")
	st.event(RunStarted, "a", 4)
	ca := st.call()
	ca.partial("quick a")
	cb.partial("quick b")
	require.Equal(t, "quick a", st.event(RunPartial, "a", 4).Value)
	require.Equal(t, "quick b", st.event(RunPartial, "b", 3).Value)
	ca.release <- "a verdict"
	require.Equal(t, "a verdict", st.event(RunFinished, "a", 4).Value, "the stale and late partials never came")
	cb.release <- "b verdict"
	st.event(RunFinished, "b", 3)
}

func TestSchedulerMaxParallel(t *testing.T) {
	st := startScheduler(t, SchedulerOptions{MaxParallel: 1})
	st.save("a", "a1")
	st.event(RunStarted, "a", 1)
	ca := st.call()
	st.save("b", "b1")
	st.save("a", "a2") // a's restart queues behind b
	cancelled(t, ca)
	st.event(RunCancelled, "a", 1)
	st.event(RunStarted, "b", 2)
	cb := st.call()
	cb.release <- "b verdict"
	st.event(RunFinished, "b", 2)
	st.event(RunStarted, "a", 3)
	st.call().release <- "a verdict"
	st.event(RunFinished, "a", 3)
}

func TestSchedulerWaitsForACancelledRunToReturn(t *testing.T) {
	// A run function slow to notice cancellation: the next run of the same
	// directory starts only once it returned.
	release := make(chan struct{})
	var running atomic.Int32
	var overlap atomic.Bool
	var ctxs sync.Map
	run := func(ctx context.Context, dir string, seq int, _ Hash, _ func(int)) int {
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
	s := NewScheduler(run, SchedulerOptions{hash: func(string) (Hash, error) { return Hash{}, nil }})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	changes := make(chan Change)
	go func() { done <- s.Run(ctx, changes) }()

	changes <- Change{Dir: "a"}
	require.Equal(t, RunStarted, recv(t, s.Events(), "run 1").Kind)
	changes <- Change{Dir: "a"}
	close(changes) // no more changes: the Scheduler goes on
	close(release)
	ev := recv(t, s.Events(), "run 1's end")
	require.Equal(t, Event[int]{Kind: RunCancelled, Dir: "a", Seq: 1, Value: 1}, ev)
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
	for i, dir := range []string{"a", "b", "c"} {
		st.save(dir, dir)
		st.event(RunStarted, dir, i+1)
		calls = append(calls, st.call())
	}
	st.s.Request("a") // queued behind a's cancelled run when the stop comes
	st.stop()
	for _, c := range calls {
		require.Error(t, c.ctx.Err(), "run %d's context was not cancelled", c.seq)
	}
}
