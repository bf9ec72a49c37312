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

// How these tests prove the waiting clauses ("waits until f has returned",
// "returns only once both are finished"): the function the code under test
// must wait for writes a plain variable as its very last step, and the test
// reads that variable only after the call under test has returned. When the
// call really waited, the write happens before the read. When it did not,
// nothing orders the two, and the race detector (-race, which the workbook
// turns on for this exercise) reports a data race on that variable in every
// run, whichever of the two accesses came first. Without -race such a clause
// cannot be proven (only an unlucky moment would show it), so the tests then
// check what they can: the values.

// gate is a function for Spawn that blocks until the test opens the gate, so
// the test decides when f returns. It is opened at the end of the test in
// any case, so nothing stays blocked.
type gate struct {
	started chan struct{} // closed when f starts
	open    *signal
	// finished is written by f as the last thing before it returns. It is
	// plain on purpose: a test reads it only after a call that must wait
	// for f, and the race detector reports the read if that call did not.
	finished bool
}

func newGate(t *testing.T) *gate {
	g := &gate{started: make(chan struct{}), open: newSignal()}
	harness.Keep(g)
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
		g.finished = true
		return v
	}
}

// spawn calls join.Spawn, failing the test if Spawn panics or does not
// return while f is still running.
func spawn[T any](t *testing.T, fn func() T) *join.Handle[T] {
	t.Helper()
	r := harness.Within(t, harness.Go(func() *join.Handle[T] { return join.Spawn(fn) }),
		harness.Say("Spawn did not return while f was still running: it must start f in a new goroutine and return at once",
			"f 还在运行，Spawn 却一直没有返回：它必须在一个新的 goroutine 中启动 f，然后立即返回"))
	require.NoError(t, r.Panic, harness.Say("Spawn panicked", "Spawn 发生了 panic"))
	require.NotNil(t, r.Value, harness.Say("Spawn returned a nil *Handle", "Spawn 返回了 nil 的 *Handle"))
	harness.Keep(r.Value)
	return r.Value
}

// joinOf calls h.Join in another goroutine and fails the test if it panics
// or does not return within the harness's patience; what names the call in
// the learner's language.
func joinOf[T any](t *testing.T, h *join.Handle[T], what string) T {
	t.Helper()
	r := harness.Within(t, harness.Go(joinCall(h)),
		harness.Say("%s did not return, although f had returned", "f 已经返回，%s 却一直没有返回"), what)
	require.NoError(t, r.Panic, harness.Sayf("%s panicked", "%s 发生了 panic", what))
	return r.Value
}

// joinCall is h.Join, called so that a data race in it is reported in
// every run (see harness.Distinct).
func joinCall[T any](h *join.Handle[T]) func() T {
	return func() T { return harness.Distinct(h.Join) }
}

// read returns *v, read so that a data race on it is reported in every run.
func read[T any](v *T) T { return harness.Distinct(func() T { return *v }) }

// started waits for f to start, which Spawn must see to by itself.
func started(t *testing.T, g *gate) {
	t.Helper()
	harness.Within(t, g.started, harness.Say(
		"Spawn returned, but f never started: Spawn must start f itself, without waiting for someone to call Join",
		"Spawn 已经返回，f 却始终没有开始运行：Spawn 必须自己启动 f，不能等到有人调用 Join 才启动"))
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

type report struct{ lines []string }

func TestJoinReturnsResult(t *testing.T) {
	harness.Begin(t)
	r := &report{lines: []string{"a"}}
	errOwn := errors.New("f's own error value")
	mustReturn := harness.Say("Join must return what f returned", "Join 必须返回 f 的返回值")
	mustBeSame := harness.Say("Join must return the very value f returned, not a copy",
		"Join 必须返回 f 返回的那个值本身，而不是它的副本")
	tests := []struct {
		name  string
		check func(t *testing.T)
	}{
		{"int", func(t *testing.T) {
			assert.Equal(t, 42, joinOf(t, spawn(t, func() int { return 42 }), "Join"), mustReturn)
		}},
		{"string", func(t *testing.T) {
			assert.Equal(t, "done", joinOf(t, spawn(t, func() string { return "done" }), "Join"), mustReturn)
		}},
		{"pointer", func(t *testing.T) {
			assert.Same(t, r, joinOf(t, spawn(t, func() *report { return r }), "Join"), mustBeSame)
		}},
		{"error", func(t *testing.T) {
			assert.Same(t, errOwn, joinOf(t, spawn(t, func() error { return errOwn }), "Join"), mustBeSame)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			harness.Begin(t)
			tt.check(t)
		})
	}
}

func TestSpawnReturnsAtOnce(t *testing.T) {
	harness.Begin(t)
	g := newGate(t)
	h := spawn(t, f(g, 7)) // fails unless Spawn returns while f is blocked
	started(t, g)
	g.Open()
	assert.Equal(t, 7, joinOf(t, h, "Join"), harness.Say("Join must return what f returned", "Join 必须返回 f 的返回值"))
}

func TestJoinWaitsForF(t *testing.T) {
	harness.Begin(t)
	g := newGate(t)
	h := spawn(t, f(g, "the result"))
	started(t, g)
	ready := make(chan struct{})
	got := make(chan harness.Result[string], 1)
	go func() {
		close(ready)
		got <- <-harness.Go(joinCall(h))
	}()
	<-ready
	g.Open()
	r := harness.Within(t, got, harness.Say("Join did not return after f returned", "f 返回之后，Join 一直没有返回"))
	require.NoError(t, r.Panic, harness.Say("Join panicked", "Join 发生了 panic"))
	// If the race detector reports this read, Join returned before f had
	// finished. 竞态检测器若报告这一行，说明 Join 在 f 结束之前就返回了。
	finished := read(&g.finished)
	assert.Equal(t, "the result", r.Value, harness.Say(
		"a Join called while f was still running must wait for f and return its result, not a zero value",
		"在 f 运行期间调用的 Join 必须等待 f 结束并返回它的结果，而不是零值"))
	assert.True(t, finished, harness.Say("Join returned before f had finished", "Join 在 f 结束之前就返回了"))
}

func TestDoneClosedWhenFinished(t *testing.T) {
	harness.Begin(t)
	g := newGate(t)
	h := spawn(t, f(g, 1))
	started(t, g)
	var done <-chan struct{}
	guard(t, "Done", func() { done = h.Done() })
	require.NotNil(t, done, harness.Say("Done returned a nil channel, which would block a select forever",
		"Done 返回了 nil channel，select 会在它上面永远阻塞"))
	// f has started and waits for the gate: a channel closed now was closed
	// before f returned.
	require.False(t, isClosed(done), harness.Say("Done was closed while f was still running",
		"f 还在运行，Done 就已经关闭了"))
	g.Open()
	harness.Within(t, done, harness.Say("the channel from Done was never closed after f returned",
		"f 返回之后，Done 返回的 channel 始终没有关闭"))
	// If the race detector reports this read, Done was closed before f
	// returned. 竞态检测器若报告这一行，说明 Done 在 f 返回之前就关闭了。
	assert.True(t, read(&g.finished), harness.Say("Done was closed before f returned", "f 返回之前，Done 就已经关闭了"))
	var again <-chan struct{}
	guard(t, "Done", func() { again = h.Done() })
	assert.True(t, isClosed(again), harness.Say("after f returned, every call to Done must return a closed channel",
		"f 返回之后，每次调用 Done 都必须返回已关闭的 channel"))
	// The result must be ready once Done is closed: if the race detector
	// reports Join's read of it, it was stored after Done was closed.
	assert.Equal(t, 1, joinOf(t, h, harness.Say("Join after Done was closed", "Done 关闭之后调用的 Join")),
		harness.Say("once Done is closed, the result must be ready: Join must return what f returned",
			"Done 关闭时结果必须已经就绪：Join 必须返回 f 的返回值"))
}

func TestJoinManyTimes(t *testing.T) {
	harness.Begin(t)
	h := spawn(t, func() []int { return []int{1, 2, 3} })
	first := joinOf(t, h, harness.Say("the first call to Join", "第一次调用的 Join"))
	calls := []struct{ en, zh string }{
		{"the second call to Join (Join must work any number of times)", "第二次调用的 Join（Join 必须可以调用任意多次）"},
		{"the third call to Join (Join must work any number of times)", "第三次调用的 Join（Join 必须可以调用任意多次）"},
	}
	for _, call := range calls {
		what := harness.Say(call.en, call.zh)
		assert.Equal(t, first, joinOf(t, h, what),
			harness.Sayf("%s returned something else than the first call", "%s 的返回值与第一次调用的不同", what))
	}
}

func TestJoinFromManyGoroutines(t *testing.T) {
	harness.Begin(t)
	g := newGate(t)
	h := spawn(t, f(g, 99))
	started(t, g)
	const joiners = 10
	type answer struct {
		r        harness.Result[int]
		finished bool // what this joiner saw of f's last write
	}
	var ready sync.WaitGroup
	answers := make(chan answer, joiners)
	for range joiners {
		ready.Add(1)
		go func() {
			ready.Done()
			r := <-harness.Go(joinCall(h))
			// Each joiner reads f's last write after its own Join: the race
			// detector reports this read if that Join did not wait for f,
			// and reports the code under test if two joiners race in it.
			// 竞态检测器若报告这一行，说明某个 Join 没有等到 f 结束就返回了。
			answers <- answer{r, read(&g.finished)}
		}()
	}
	ready.Wait()
	g.Open()
	for i := range joiners {
		a := harness.Within(t, answers, harness.Say(
			"only %d of %d goroutines calling Join at the same time got an answer",
			"同时调用 Join 的 %[2]d 个 goroutine 中，只有 %[1]d 个得到了结果"), i, joiners)
		require.NoError(t, a.r.Panic, harness.Say("Join panicked", "Join 发生了 panic"))
		assert.Equal(t, 99, a.r.Value, harness.Say("every goroutine calling Join must get f's result",
			"每个调用 Join 的 goroutine 都必须拿到 f 的结果"))
		assert.True(t, a.finished, harness.Say("a Join returned before f had finished", "有一个 Join 在 f 结束之前就返回了"))
	}
}

func TestSpawnRunsFOnce(t *testing.T) {
	harness.Begin(t)
	var calls atomic.Int32
	h := spawn(t, func() int32 { return calls.Add(1) })
	for range 3 {
		joinOf(t, h, "Join")
	}
	var done <-chan struct{}
	guard(t, "Done", func() { done = h.Done() })
	harness.Within(t, done, harness.Say("Done was never closed, although Join had returned",
		"Join 已经返回，Done 却始终没有关闭"))
	assert.Equal(t, int32(1), calls.Load(), harness.Say("f must run exactly once, however often Join and Done are called",
		"无论 Join 和 Done 调用多少次，f 都必须恰好运行一次"))
}

// guard runs f, turning a panic (such as the stub's "not implemented") into
// a failure that names what was called.
func guard(t *testing.T, what string, f func()) {
	t.Helper()
	r := <-harness.Go(func() struct{} {
		f()
		return struct{}{}
	})
	require.NoError(t, r.Panic, harness.Sayf("%s panicked", "%s 发生了 panic", what))
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
	// delivered and worked are the last writes of emit and work. They are
	// plain on purpose: the test reads them after Run has returned, and the
	// race detector reports the read if Run did not wait for the function
	// that wrote it.
	delivered, worked bool
	err               error
}

func newTelemetry(err error) *telemetry {
	tm := &telemetry{
		telemetryStarted: newSignal(),
		workStarted:      newSignal(),
		workFinished:     newSignal(),
		err:              err,
	}
	harness.Keep(tm)
	return tm
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
	// After the signal, so that emitTelemetry can finish first: Run must
	// still wait for this write.
	tm.worked = true
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
	r := harness.Within(t, harness.Go(func() error {
		return harness.Distinct(func() error { return join.Run(tm.emit, tm.work) })
	}), harness.Say(
		"Run did not return: emitTelemetry and doWork each wait for the other to start, so Run must "+
			"start emitTelemetry in a new goroutine and then call doWork, not run them one after the other",
		"Run 一直没有返回：emitTelemetry 和 doWork 都要等对方开始运行，所以 Run 必须先在一个新的 goroutine 中"+
			"启动 emitTelemetry，再调用 doWork，而不是一个接一个地运行它们"))
	require.NoError(t, r.Panic, harness.Say("Run panicked", "Run 发生了 panic"))
	return r.Value
}

func TestRunRunsBothAtOnce(t *testing.T) {
	harness.Begin(t)
	assert.NoError(t, run(t, newTelemetry(nil)), harness.Say("emitTelemetry returned nil, so Run must return nil",
		"emitTelemetry 返回了 nil，所以 Run 也必须返回 nil"))
}

func TestRunWaitsForTelemetry(t *testing.T) {
	harness.Begin(t)
	tm := newTelemetry(nil)
	require.NoError(t, run(t, tm), harness.Say("emitTelemetry returned nil, so Run must return nil",
		"emitTelemetry 返回了 nil，所以 Run 也必须返回 nil"))
	// If the race detector reports this read, Run returned before
	// emitTelemetry had finished. 竞态检测器若报告这一行，说明 Run 在
	// emitTelemetry 结束之前就返回了。
	assert.True(t, read(&tm.delivered), harness.Say(
		"Run returned before emitTelemetry had finished delivering; it must wait for the background goroutine, not only for doWork",
		"emitTelemetry 还没投递完，Run 就返回了；它必须等待后台的 goroutine，而不只是等待 doWork"))
}

func TestRunWaitsForWork(t *testing.T) {
	harness.Begin(t)
	tm := newTelemetry(nil)
	require.NoError(t, run(t, tm), harness.Say("emitTelemetry returned nil, so Run must return nil",
		"emitTelemetry 返回了 nil，所以 Run 也必须返回 nil"))
	// If the race detector reports this read, Run returned before doWork
	// had finished. 竞态检测器若报告这一行，说明 Run 在 doWork 结束之前就返回了。
	assert.True(t, read(&tm.worked), harness.Say(
		"Run returned before doWork had finished; it must return only once both doWork and emitTelemetry are finished",
		"doWork 还没结束，Run 就返回了；它必须等 doWork 和 emitTelemetry 都结束之后才返回"))
}

func TestRunReturnsTelemetryError(t *testing.T) {
	harness.Begin(t)
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
			harness.Begin(t)
			err := run(t, newTelemetry(tt.err))
			if tt.err == nil {
				assert.NoError(t, err, harness.Say("emitTelemetry returned nil, so Run must return nil",
					"emitTelemetry 返回了 nil，所以 Run 也必须返回 nil"))
			} else {
				assert.ErrorIs(t, err, tt.err, harness.Say("Run must return emitTelemetry's error",
					"Run 必须返回 emitTelemetry 返回的错误"))
			}
		})
	}
}
