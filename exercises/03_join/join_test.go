package join_test

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	join "github.com/gospawn/workbook/exercises/03_join"
	"github.com/gospawn/workbook/exercises/internal/harness"
)

// gate is a function for Spawn that blocks until the test opens the gate, so
// the test decides when f returns. It is opened at the end of the test in
// any case, so nothing stays blocked.
type gate struct {
	started chan struct{} // closed when f starts
	open    *signal
}

func newGate(t *testing.T) *gate {
	g := &gate{started: make(chan struct{}), open: newSignal()}
	t.Cleanup(g.Open)
	return g
}

func (g *gate) Open() { g.open.fire() }

// f returns a function that signals its start, waits for the gate and
// returns v.
func f[T any](g *gate, v T) func() T {
	return func() T {
		close(g.started)
		<-g.open.ch
		return v
	}
}

// spawn calls join.Spawn, failing the test if Spawn panics or does not
// return while f is still running.
func spawn[T any](t *testing.T, fn func() T) *join.Handle[T] {
	t.Helper()
	r := harness.Within(t, harness.Go(func() *join.Handle[T] { return join.Spawn(fn) }),
		"Spawn did not return while f was still running: it must start f in a new goroutine and return at once")
	require.NoError(t, r.Panic, "Spawn panicked")
	require.NotNil(t, r.Value, "Spawn returned a nil *Handle")
	return r.Value
}

// joinOf calls h.Join in another goroutine and fails the test if it panics
// or does not return within the harness's patience.
func joinOf[T any](t *testing.T, h *join.Handle[T], what string) T {
	t.Helper()
	r := harness.Within(t, harness.Go(h.Join), "%s did not return, although f had returned", what)
	require.NoError(t, r.Panic, "%s panicked", what)
	return r.Value
}

// isClosed reports whether ch is closed, without waiting.
func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func TestJoinReturnsResult(t *testing.T) {
	harness.CheckLeaks(t)
	assert.Equal(t, 42, joinOf(t, spawn(t, func() int { return 42 }), "Join"),
		"Join must return what f returned")
	assert.Equal(t, "done", joinOf(t, spawn(t, func() string { return "done" }), "Join"),
		"Join must return what f returned")
	type report struct{ lines []string }
	r := &report{lines: []string{"a"}}
	assert.Same(t, r, joinOf(t, spawn(t, func() *report { return r }), "Join"),
		"Join must return the very pointer f returned")
	errSentinel := errors.New("f's own error value")
	assert.Same(t, errSentinel, joinOf(t, spawn(t, func() error { return errSentinel }), "Join"),
		"Join must return the error value f returned")
}

func TestSpawnReturnsAtOnce(t *testing.T) {
	harness.CheckLeaks(t)
	g := newGate(t)
	h := spawn(t, f(g, 7)) // fails unless Spawn returns while f is blocked
	harness.Within(t, g.started, "Spawn returned, but f never started: Spawn must start f itself, "+
		"without waiting for someone to call Join")
	g.Open()
	assert.Equal(t, 7, joinOf(t, h, "Join"))
}

func TestJoinWaitsForF(t *testing.T) {
	harness.CheckLeaks(t)
	g := newGate(t)
	h := spawn(t, f(g, "the result"))
	harness.Within(t, g.started, "f never started")
	ready := make(chan struct{})
	got := make(chan harness.Result[string], 1)
	go func() {
		close(ready)
		got <- <-harness.Go(h.Join)
	}()
	<-ready
	g.Open()
	r := harness.Within(t, got, "Join did not return after f returned")
	require.NoError(t, r.Panic, "Join panicked")
	assert.Equal(t, "the result", r.Value,
		"a Join called while f was still running must wait for f and return its result, not a zero value")
}

func TestDoneClosedWhenFinished(t *testing.T) {
	harness.CheckLeaks(t)
	g := newGate(t)
	h := spawn(t, f(g, 1))
	harness.Within(t, g.started, "f never started")
	var done <-chan struct{}
	harness.Guard(t, "Done", func() { done = h.Done() })
	require.NotNil(t, done, "Done returned a nil channel, which would block a select forever")
	assert.False(t, isClosed(done), "Done was closed while f was still running")
	g.Open()
	harness.Within(t, done, "the channel from Done was never closed after f returned")
	assert.True(t, isClosed(h.Done()), "after f returned, every call to Done must return a closed channel")
	assert.Equal(t, 1, joinOf(t, h, "Join after Done was closed"))
}

func TestJoinManyTimes(t *testing.T) {
	harness.CheckLeaks(t)
	h := spawn(t, func() []int { return []int{1, 2, 3} })
	first := joinOf(t, h, "the first call to Join")
	for _, what := range []string{"the second call to Join", "the third call to Join"} {
		again := joinOf(t, h, what+" (Join must work any number of times)")
		assert.Equal(t, first, again, "%s returned something else than the first call", what)
	}
}

func TestJoinFromManyGoroutines(t *testing.T) {
	harness.CheckLeaks(t)
	g := newGate(t)
	h := spawn(t, f(g, 99))
	harness.Within(t, g.started, "f never started")
	const joiners = 10
	var started sync.WaitGroup
	results := make(chan harness.Result[int], joiners)
	for range joiners {
		started.Add(1)
		go func() {
			started.Done()
			results <- <-harness.Go(h.Join)
		}()
	}
	started.Wait()
	g.Open()
	for i := range joiners {
		r := harness.Within(t, results, "only %d of %d goroutines calling Join at the same time got an answer", i, joiners)
		require.NoError(t, r.Panic, "Join panicked")
		assert.Equal(t, 99, r.Value, "every goroutine calling Join must get f's result")
	}
}

func TestSpawnRunsFOnce(t *testing.T) {
	harness.CheckLeaks(t)
	var calls atomic.Int32
	h := spawn(t, func() int32 { return calls.Add(1) })
	for range 3 {
		joinOf(t, h, "Join")
	}
	harness.Within(t, h.Done(), "Done was never closed, although Join had returned")
	assert.Equal(t, int32(1), calls.Load(), "f must run exactly once, however often Join and Done are called")
}

// signal is a channel that is closed at most once, by whoever gets there
// first: the code under test or the test's cleanup.
type signal struct {
	ch   chan struct{}
	once sync.Once
}

func newSignal() *signal { return &signal{ch: make(chan struct{})} }

func (s *signal) fire() { s.once.Do(func() { close(s.ch) }) }

// telemetry is a pair of emitTelemetry and doWork functions that can only
// both finish if Run lets them run at the same time.
type telemetry struct {
	telemetryStarted, workStarted, workFinished *signal
	delivered                                   bool // written by emit, read by the test after Run
	err                                         error
}

func newTelemetry(err error) *telemetry {
	return &telemetry{
		telemetryStarted: newSignal(),
		workStarted:      newSignal(),
		workFinished:     newSignal(),
		err:              err,
	}
}

func (tm *telemetry) emit() error {
	tm.telemetryStarted.fire()
	<-tm.workStarted.ch
	// Still shipping when the work is done: Run must wait for us.
	<-tm.workFinished.ch
	tm.delivered = true
	return tm.err
}

func (tm *telemetry) work() {
	tm.workStarted.fire()
	<-tm.telemetryStarted.ch
	tm.workFinished.fire()
}

func run(t *testing.T, tm *telemetry) error {
	t.Helper()
	// If Run never lets the two meet, they stay blocked; free them when the
	// test ends so that nothing leaks from a failed run.
	t.Cleanup(func() {
		tm.telemetryStarted.fire()
		tm.workStarted.fire()
		tm.workFinished.fire()
	})
	r := harness.Within(t, harness.Go(func() error { return join.Run(tm.emit, tm.work) }),
		"Run did not return: emitTelemetry and doWork each wait for the other to start, so Run must "+
			"start emitTelemetry in a new goroutine and then call doWork, not run them one after the other")
	require.NoError(t, r.Panic, "Run panicked")
	return r.Value
}

func TestRunRunsBothAtOnce(t *testing.T) {
	harness.CheckLeaks(t)
	tm := newTelemetry(nil)
	assert.NoError(t, run(t, tm))
}

func TestRunWaitsForTelemetry(t *testing.T) {
	harness.CheckLeaks(t)
	tm := newTelemetry(nil)
	require.NoError(t, run(t, tm))
	assert.True(t, tm.delivered, "Run returned before emitTelemetry had finished delivering; "+
		"it must wait for the background goroutine, not only for doWork")
}

func TestRunReturnsTelemetryError(t *testing.T) {
	errLost := errors.New("telemetry: collector unreachable")
	tests := []struct {
		name string
		err  error
	}{
		{"success", nil},
		{"failure", errLost},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			harness.CheckLeaks(t)
			tm := newTelemetry(tt.err)
			err := run(t, tm)
			if tt.err == nil {
				assert.NoError(t, err, "emitTelemetry returned nil, so Run must return nil")
			} else {
				assert.ErrorIs(t, err, tt.err, "Run must return emitTelemetry's error")
			}
		})
	}
}
