package join_test

import (
	"errors"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	join "github.com/gospawn/workbook/exercises/03_join"
	"github.com/gospawn/workbook/exercises/internal/harness"
)

// How these tests see your code: each one runs in a bubble of
// testing/synctest (harness.Bubble). Every goroutine the test starts
// belongs to the bubble, and so does every goroutine your code starts from
// them, and the bubble knows when each of them has ended or is blocked in
// a way only another goroutine of the bubble could undo (on a channel, a
// sync.WaitGroup or a sync.Cond): "durably blocked". The tests let your
// code run until then (harness.Idle) and look: "Run has not returned, and
// doWork is still blocked" is a fact the test sees, not a guess after a
// time-out, and a slow machine cannot make a correct solution fail: the
// bubble just gets there later.
//
// The tests run one after another, never beside each other, so that a data
// race the race detector finds is reported against the test whose
// goroutines raced. The race detector is a second net here, for what no
// test can see happen: a result stored after Done was closed, joiners that
// write to the Handle. The functions the code under test must wait for
// write a plain variable as their last step, and the goroutine that made
// the call reads it as soon as the call has returned. Not the test after
// harness.Idle: synctest.Wait orders everything the bubble's goroutines
// did before they blocked before what the test does next, which would hide
// the race.

// signal is a channel closed at most once, by whoever gets there first:
// the code under test or the test's cleanup, which frees whatever still
// waits on it so that nothing stays blocked after a failure.
type signal struct {
	ch   chan struct{}
	once sync.Once
}

func newSignal(t *testing.T) *signal {
	s := &signal{ch: make(chan struct{})}
	t.Cleanup(s.fire)
	return s
}

func (s *signal) fire()       { s.once.Do(func() { close(s.ch) }) }
func (s *signal) wait()       { <-s.ch }
func (s *signal) fired() bool { return harness.IsClosed(s.ch) }

// gate is a function for Spawn that signals its start and then blocks
// until the test opens the gate, so the test decides when f returns.
type gate struct {
	started, open *signal
	// finished is f's last write before it returns. It is plain on
	// purpose: a test reads it only after a call that must wait for f,
	// and the race detector reports the read if that call did not.
	finished bool
}

func newGate(t *testing.T) *gate {
	g := &gate{started: newSignal(t), open: newSignal(t)}
	harness.Keep(g)
	return g
}

// f returns a function that signals its start, waits for the gate and
// returns v.
func f[T any](g *gate, v T) func() T {
	return func() T {
		g.started.fire()
		g.open.wait()
		g.finished = true
		return v
	}
}

// read returns *v, read so that a data race on it is reported in every run
// (see harness.Distinct).
func read[T any](v *T) T { return harness.Distinct(func() T { return *v }) }

// spawn calls join.Spawn. It fails the test unless Spawn returns by itself,
// whatever f does.
func spawn[T any](t *testing.T, fn func() T) *join.Handle[T] {
	t.Helper()
	h := harness.Call(t, "Spawn", func() *join.Handle[T] { return join.Spawn(fn) }, harness.T(
		"Spawn did not return while f was still running: it must start f in a new goroutine and return at once, without waiting for f",
		"f 还在运行，Spawn 却一直没有返回：它必须在一个新的 goroutine 中启动 f，然后立即返回，不等待 f"))
	require.NotNil(harness.TB(t), h, harness.Say("Spawn returned a nil *Handle", "Spawn 返回了 nil 的 *Handle"))
	harness.Keep(h)
	return h
}

// joinCall is h.Join, called so that a data race in it is reported in
// every run (see harness.Distinct).
func joinCall[T any](h *join.Handle[T]) func() T {
	return func() T { return harness.Distinct(h.Join) }
}

// joinOf calls h.Join once f has returned, and fails the test if Join
// panics or stays blocked; what (a Text or a string) names the call.
func joinOf[T any](t *testing.T, h *join.Handle[T], what any) T {
	t.Helper()
	return harness.Call(t, what, joinCall(h), harness.Textf(
		"%s did not return, although f had returned",
		"f 已经返回，%s却一直没有返回", harness.Subject(what)))
}

// done calls h.Done, failing the test if it panics or blocks.
func done[T any](t *testing.T, h *join.Handle[T]) <-chan struct{} {
	t.Helper()
	ch := harness.Call(t, "Done", h.Done, harness.T("Done did not return: it must return the channel at once, without waiting",
		"Done 一直没有返回：它必须立即返回那个 channel，不做任何等待"))
	require.NotNil(harness.TB(t), ch, harness.Say("Done returned a nil channel, which would block a select forever",
		"Done 返回了 nil channel，select 会在它上面永远阻塞"))
	return ch
}

// requireStarted lets the code run until it can do nothing more, then
// requires f to have started, which Spawn must see to by itself.
func requireStarted(t *testing.T, g *gate) {
	t.Helper()
	harness.Idle(t)
	require.True(harness.TB(t), g.started.fired(), harness.Say(
		"Spawn returned, but f never started: Spawn must start f itself, without waiting for someone to call Join",
		"Spawn 已经返回，f 却始终没有开始运行：Spawn 必须自己启动 f，不能等到有人调用 Join 才启动"))
}

type report struct{ lines []string }

func TestJoinReturnsResult(t *testing.T) {
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
			assert.Equal(harness.TB(t), 42, joinOf(t, spawn(t, func() int { return 42 }), "Join"), mustReturn)
		}},
		{"string", func(t *testing.T) {
			assert.Equal(harness.TB(t), "done", joinOf(t, spawn(t, func() string { return "done" }), "Join"), mustReturn)
		}},
		{"pointer", func(t *testing.T) {
			assert.Same(harness.TB(t), r, joinOf(t, spawn(t, func() *report { return r }), "Join"), mustBeSame)
		}},
		{"error", func(t *testing.T) {
			requireSameError(t, errOwn, joinOf(t, spawn(t, func() error { return errOwn }), "Join"))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { harness.Bubble(t, tt.check) })
	}
}

// requireSameError fails the test unless Join returned want, the very
// error value f returned (==). testify's Same would say "both arguments
// must be pointers" when Join returns nil, which says nothing of what
// matters; errors.Is would let a wrapper pass.
func requireSameError(t *testing.T, want, got error) {
	t.Helper()
	switch {
	case got == want:
	case got == nil:
		t.Fatal(harness.Textf("Join returned nil, but f returned the error %q: Join must return that very error value",
			"Join 返回了 nil，而 f 返回的是错误 %q：Join 必须原样返回这个错误值", want))
	default:
		t.Fatal(harness.Textf("Join returned the error %q (%T), not the one f returned (%q, %T): Join must return that very "+
			"error value, equal to it under ==, not a copy or a wrapper",
			"Join 返回的错误是 %q（%T），不是 f 返回的那个（%q，%T）：Join 必须原样返回 f 的错误值，"+
				"用 == 比较时与之相等，而不是它的副本或包装", got, got, want, want))
	}
}

func TestSpawnReturnsAtOnce(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		g := newGate(t)
		h := spawn(t, f(g, 7)) // fails unless Spawn returns while f is blocked
		requireStarted(t, g)
		g.open.fire()
		assert.Equal(harness.TB(t), 7, joinOf(t, h, "Join"), harness.Say("Join must return what f returned", "Join 必须返回 f 的返回值"))
	})
}

func TestJoinWaitsForF(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		g := newGate(t)
		h := spawn(t, f(g, "the result"))
		requireStarted(t, g)
		got := joinAndLook(h, g)
		if a, returned := harness.Ready(t, got); returned {
			t.Fatal(harness.Textf("Join returned (%s) while f was still running: it must wait until f has returned",
				"f 还在运行，Join 就返回了（%s）：它必须等到 f 返回之后才返回", outcome(a.r)))
		}
		g.open.fire()
		a := harness.Within(t, got, harness.T("Join did not return after f returned", "f 返回之后，Join 一直没有返回"))
		require.NoError(harness.TB(t), a.r.Panic, harness.Say("Join panicked", "Join 发生了 panic"))
		assert.Equal(harness.TB(t), "the result", a.r.Value, harness.Say(
			"a Join called while f was still running must wait for f and return its result, not a zero value",
			"在 f 运行期间调用的 Join 必须等待 f 结束并返回它的结果，而不是零值"))
		assert.True(harness.TB(t), a.finished, harness.Say("Join returned before f had finished", "Join 在 f 结束之前就返回了"))
	})
}

// joined is what a goroutine calling Join got, and what it saw of f's last
// write once Join had returned.
type joined[T any] struct {
	r        harness.Result[T]
	finished bool
}

// joinAndLook calls h.Join in a new goroutine, which reads f's last write
// as soon as Join has returned: the race detector reports that read if Join
// did not wait for f, and reports the code under test if two joiners race
// in it. 竞态检测器若报告读取 finished 的那一行，说明 Join 没有等到 f 结束就返回了。
func joinAndLook[T any](h *join.Handle[T], g *gate) <-chan joined[T] {
	ch := make(chan joined[T], 1)
	go func() {
		r := <-harness.Go(joinCall(h))
		ch <- joined[T]{r, read(&g.finished)}
	}()
	return ch
}

// outcome says how a call ended, for a message about a call that should
// not have ended yet.
func outcome[T any](r harness.Result[T]) harness.Text {
	if r.Panic != nil {
		return harness.Textf("it panicked: %v", "它发生了 panic：%v", r.Panic)
	}
	return harness.Textf("with %#v", "返回值为 %#v", r.Value)
}

func TestDoneClosedWhenFinished(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		g := newGate(t)
		h := spawn(t, f(g, 1))
		requireStarted(t, g)
		ch := done(t, h)
		// A goroutine uses Done as its doc says: it waits for the channel to
		// close, then calls Join for the result, which must be ready. If the
		// race detector reports Join's read of the result, it was stored
		// after Done was closed. 竞态检测器若报告 Join 读取结果的那一行，
		// 说明结果是在 Done 关闭之后才存入的。
		seen := make(chan joined[int], 1)
		go func() {
			<-ch
			r := <-harness.Go(joinCall(h))
			seen <- joined[int]{r, read(&g.finished)}
		}()
		harness.Idle(t)
		require.False(harness.TB(t), harness.IsClosed(ch), harness.Say("Done was closed while f was still running",
			"f 还在运行，Done 就已经关闭了"))
		g.open.fire()
		a, returned := harness.Ready(t, seen)
		require.True(harness.TB(t), harness.IsClosed(ch), harness.Say("the channel from Done was not closed after f returned",
			"f 返回之后，Done 返回的 channel 没有关闭"))
		require.True(harness.TB(t), returned, harness.Say("Join did not return, although Done was closed",
			"Done 已经关闭，Join 却一直没有返回"))
		require.NoError(harness.TB(t), a.r.Panic, harness.Say("Join panicked", "Join 发生了 panic"))
		assert.Equal(harness.TB(t), 1, a.r.Value, harness.Say("once Done is closed, the result must be ready: Join must return what f returned",
			"Done 关闭时结果必须已经就绪：Join 必须返回 f 的返回值"))
		assert.True(harness.TB(t), a.finished, harness.Say("Done was closed before f returned", "f 返回之前，Done 就已经关闭了"))
		assert.True(harness.TB(t), harness.IsClosed(done(t, h)), harness.Say("after f returned, every call to Done must return a closed channel",
			"f 返回之后，每次调用 Done 都必须返回已关闭的 channel"))
	})
}

func TestJoinManyTimes(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		h := spawn(t, func() []int { return []int{1, 2, 3} })
		first := joinOf(t, h, harness.T("the first call to Join", "对 Join 的第一次调用"))
		calls := []struct{ en, zh string }{
			{"the second call to Join (Join must work any number of times)", "对 Join 的第二次调用（Join 必须可以调用任意多次）"},
			{"the third call to Join (Join must work any number of times)", "对 Join 的第三次调用（Join 必须可以调用任意多次）"},
		}
		for _, c := range calls {
			what := harness.T(c.en, c.zh)
			assert.Equal(harness.TB(t), first, joinOf(t, h, what),
				harness.Textf("%s returned something other than what the first call returned", "%s返回的值与第一次调用返回的不同",
					harness.Subject(what)))
		}
	})
}

func TestJoinFromManyGoroutines(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		g := newGate(t)
		h := spawn(t, f(g, 99))
		requireStarted(t, g)
		const joiners = 10
		var answers []<-chan joined[int]
		for range joiners {
			answers = append(answers, joinAndLook(h, g))
		}
		returned := func() (n int) {
			harness.Idle(t)
			for _, ch := range answers {
				n += len(ch)
			}
			return n
		}
		if n := returned(); n > 0 {
			t.Fatal(harness.Textf(
				"%d of %d goroutines calling Join returned while f was still running: Join must wait until f has returned",
				"f 还在运行，同时调用 Join 的 %[2]d 个 goroutine 中就有 %[1]d 个返回了：Join 必须等到 f 返回之后才返回",
				n, joiners))
		}
		g.open.fire()
		if n := returned(); n < joiners {
			t.Fatal(harness.Textf(
				"only %d of %d goroutines calling Join at the same time returned after f returned; the others stayed blocked",
				"f 返回之后，同时调用 Join 的 %[2]d 个 goroutine 中只有 %[1]d 个返回了，其余的一直阻塞着",
				n, joiners))
		}
		for _, ch := range answers {
			a := <-ch
			require.NoError(harness.TB(t), a.r.Panic, harness.Say("Join panicked", "Join 发生了 panic"))
			assert.Equal(harness.TB(t), 99, a.r.Value, harness.Say("every goroutine calling Join must get f's result",
				"每个调用 Join 的 goroutine 都必须拿到 f 的结果"))
			assert.True(harness.TB(t), a.finished, harness.Say("a Join returned before f had finished", "有一个 Join 在 f 结束之前就返回了"))
		}
	})
}

func TestSpawnRunsFOnce(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		var calls atomic.Int32
		h := spawn(t, func() int32 { return calls.Add(1) })
		for range 3 {
			joinOf(t, h, "Join")
		}
		assert.True(harness.TB(t), harness.IsClosed(done(t, h)), harness.Say("Done was not closed, although Join had returned",
			"Join 已经返回，Done 却没有关闭"))
		harness.Idle(t)
		assert.Equal(harness.TB(t), int32(1), calls.Load(), harness.Say("f must run exactly once, however often Join and Done are called",
			"无论 Join 和 Done 调用多少次，f 都必须恰好运行一次"))
	})
}

// telemetry is a pair of emitTelemetry and doWork functions for Run, each
// of which signals its start and may hold until the test releases it.
type telemetry struct {
	emitStarted, workStarted *signal
	// emitRelease and workRelease, when not nil, hold emit and work until
	// fired.
	emitRelease, workRelease *signal
	// meet makes each of emit and work wait until the other has started:
	// they can only both finish if Run lets them run at the same time.
	meet bool
	// delivered and worked are emit's and work's last writes. They are
	// plain on purpose: the test reads them after Run has returned, and the
	// race detector reports the read if Run did not wait for the function
	// that wrote it.
	delivered, worked bool
	err               error
}

func newTelemetry(t *testing.T, err error) *telemetry {
	tm := &telemetry{emitStarted: newSignal(t), workStarted: newSignal(t), err: err}
	harness.Keep(tm)
	return tm
}

func (tm *telemetry) emit() error {
	tm.emitStarted.fire()
	if tm.meet {
		tm.workStarted.wait()
	}
	if tm.emitRelease != nil {
		tm.emitRelease.wait()
	}
	tm.delivered = true
	return tm.err
}

func (tm *telemetry) work() {
	tm.workStarted.fire()
	if tm.meet {
		tm.emitStarted.wait()
	}
	if tm.workRelease != nil {
		tm.workRelease.wait()
	}
	tm.worked = true
}

// ran is how a call of Run ended, and what the goroutine that called it
// saw of emit's and work's last writes as soon as it had returned.
type ran struct {
	r                 harness.Result[error]
	delivered, worked bool
}

// run starts join.Run with tm's functions in a new goroutine. That
// goroutine reads emit's and work's last writes as soon as Run has
// returned: the race detector reports those reads if Run did not wait for
// the function that wrote them.
func run(tm *telemetry) <-chan ran {
	ch := make(chan ran, 1)
	go func() {
		r := <-harness.Go(func() error {
			return harness.Distinct(func() error { return join.Run(tm.emit, tm.work) })
		})
		// 竞态检测器若报告这两行，说明 Run 没有等 emitTelemetry 或 doWork 结束就返回了。
		ch <- ran{r, read(&tm.delivered), read(&tm.worked)}
	}()
	return ch
}

// requireReturned requires Run, started by run, to have returned once
// every goroutine is blocked or done, and without a panic.
func requireReturned(t *testing.T, running <-chan ran) ran {
	t.Helper()
	r := harness.Within(t, running, harness.T("Run did not return, although emitTelemetry and doWork had both returned",
		"emitTelemetry 和 doWork 都已经返回，Run 却一直没有返回"))
	harness.FailIfNotImplemented(t, r.r)
	require.NoError(harness.TB(t), r.r.Panic, harness.Say("Run panicked", "Run 发生了 panic"))
	return r
}

func TestRunRunsBothAtOnce(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		tm := newTelemetry(t, nil)
		tm.meet = true
		running := run(tm)
		harness.Idle(t)
		switch emitting, working := tm.emitStarted.fired(), tm.workStarted.fired(); {
		case emitting && !working:
			t.Fatal(harness.T("Run called emitTelemetry and waited for it, so doWork never started: "+
				"Run must start emitTelemetry in a new goroutine, and call doWork meanwhile",
				"Run 调用了 emitTelemetry 并等待它结束，所以 doWork 始终没有开始：Run 必须在一个新的 goroutine 中启动 emitTelemetry，同时调用 doWork"))
		case working && !emitting:
			t.Fatal(harness.T("Run called doWork before starting emitTelemetry, and doWork was still running: "+
				"Run must first start emitTelemetry in a new goroutine, then call doWork",
				"Run 还没有启动 emitTelemetry 就调用了 doWork，而 doWork 一直没有结束：Run 必须先在一个新的 goroutine 中启动 emitTelemetry，再调用 doWork"))
		case !working && !emitting:
			if r, returned := harness.Ready(t, running); returned && r.r.Panic != nil {
				harness.FailIfNotImplemented(t, r.r)
				t.Fatal(harness.Textf("Run panicked: %v", "Run 发生了 panic：%v", r.r.Panic))
			}
			t.Fatal(harness.T("Run called neither emitTelemetry nor doWork", "Run 既没有调用 emitTelemetry，也没有调用 doWork"))
		}
		assert.NoError(harness.TB(t), requireReturned(t, running).r.Value, harness.Say("emitTelemetry returned nil, so Run must return nil",
			"emitTelemetry 返回了 nil，所以 Run 也必须返回 nil"))
	})
}

func TestRunWaitsForTelemetry(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		tm := newTelemetry(t, nil)
		tm.emitRelease = newSignal(t)
		r := runHeld(t, tm, tm.emitRelease, tm.emitStarted, harness.T("emitTelemetry", "emitTelemetry"), harness.T(
			"Run returned while emitTelemetry was still running: it must wait for the goroutine that runs emitTelemetry, not only for doWork",
			"emitTelemetry 还在运行，Run 就返回了：它必须等待运行 emitTelemetry 的那个 goroutine，而不只是等待 doWork"))
		assert.True(harness.TB(t), r.delivered, harness.Say(
			"Run returned before emitTelemetry had finished; it must wait for the background goroutine, not only for doWork",
			"emitTelemetry 还没结束，Run 就返回了；它必须等待后台的 goroutine，而不只是等待 doWork"))
	})
}

func TestRunWaitsForWork(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		tm := newTelemetry(t, nil)
		tm.workRelease = newSignal(t)
		r := runHeld(t, tm, tm.workRelease, tm.workStarted, harness.T("doWork", "doWork"), harness.T(
			"Run returned while doWork was still running: it must return only once both doWork and emitTelemetry have finished",
			"doWork 还在运行，Run 就返回了：它必须等 doWork 和 emitTelemetry 都结束之后才返回"))
		assert.True(harness.TB(t), r.worked, harness.Say(
			"Run returned before doWork had finished; it must return only once both doWork and emitTelemetry are finished",
			"doWork 还没结束，Run 就返回了；它必须等 doWork 和 emitTelemetry 都结束之后才返回"))
	})
}

// runHeld runs Run while one of its functions, name, is held by release:
// Run must not return until the test fires release, and must return then.
// early is the failure when Run returns while name is held.
func runHeld(t *testing.T, tm *telemetry, release, started *signal, name, early harness.Text) ran {
	t.Helper()
	running := run(tm)
	if r, returned := harness.Ready(t, running); returned {
		harness.FailIfNotImplemented(t, r.r)
		require.NoError(harness.TB(t), r.r.Panic, harness.Say("Run panicked", "Run 发生了 panic"))
		if !started.fired() {
			t.Fatal(harness.Textf("Run returned without calling %s", "Run 没有调用 %s 就返回了", name))
		}
		t.Fatal(early)
	}
	release.fire()
	r := requireReturned(t, running)
	assert.NoError(harness.TB(t), r.r.Value, harness.Say("emitTelemetry returned nil, so Run must return nil",
		"emitTelemetry 返回了 nil，所以 Run 也必须返回 nil"))
	return r
}

// goroutineID is the calling goroutine's number, as stack traces print it:
// "goroutine 7 [running]:".
func goroutineID() string {
	var buf [64]byte
	header := string(buf[:runtime.Stack(buf[:], false)])
	id, _, _ := strings.Cut(strings.TrimPrefix(header, "goroutine "), " ")
	return id
}

// workPanic is what doWork panics with in TestRunCallsDoWorkItself: a
// pointer, so that only this very value matches.
type workPanic struct{ what string }

func TestRunCallsDoWorkItself(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		boom := &workPanic{"doWork failed"}
		type ended struct {
			returned  bool
			recovered any
		}
		var caller string
		worker := make(chan string, 1)
		work := func() {
			id := goroutineID()
			worker <- id
			// Only in the caller's goroutine: anywhere else, this panic
			// would stop the whole test program.
			if id == caller {
				panic(boom)
			}
		}
		emit := func() error { return nil }
		end := make(chan ended, 1)
		go func() {
			var e ended
			defer func() {
				e.recovered = recover()
				end <- e
			}()
			caller = goroutineID()
			join.Run(emit, work)
			e.returned = true
		}()
		e := harness.Within(t, end, harness.T("Run did not return or panic, although emitTelemetry and doWork had both returned",
			"emitTelemetry 和 doWork 都已经返回，Run 却既没有返回，也没有发生 panic"))
		// A doWork in a goroutine of Run's own may start only now: Ready
		// lets it. id stays "" if doWork is never called.
		id, _ := harness.Ready(t, worker)
		if e.recovered != nil && e.recovered != boom {
			harness.FailIfNotImplemented(t, e.recovered)
			t.Fatal(harness.Textf("Run panicked: %v", "Run 发生了 panic：%v", e.recovered))
		}
		if id == "" {
			t.Fatal(harness.T("Run returned without calling doWork", "Run 没有调用 doWork 就返回了"))
		}
		if id != caller {
			t.Fatal(harness.T("Run called doWork in a goroutine of its own: Run must call doWork itself, in the goroutine "+
				"that called Run, and start only emitTelemetry in the background (otherwise a panic in doWork "+
				"stops the whole program instead of reaching Run's caller)",
				"Run 在另一个 goroutine 中调用了 doWork：Run 必须在调用它的那个 goroutine 中亲自调用 doWork，"+
					"只把 emitTelemetry 放到后台运行（否则 doWork 中的 panic 会让整个程序崩溃，而不是传到 Run 的调用方）"))
		}
		if e.recovered != boom { // nil: any other value failed above
			t.Fatal(harness.T(
				"doWork panicked, but the panic did not reach the code that called Run: let it through, do not recover it",
				"doWork 发生了 panic，但这个 panic 没有传到调用 Run 的代码：让它继续传出去，不要用 recover 拦下它"))
		}
	})
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
			harness.Bubble(t, func(t *testing.T) {
				err := requireReturned(t, run(newTelemetry(t, tt.err))).r.Value
				if tt.err == nil {
					assert.NoError(harness.TB(t), err, harness.Say("emitTelemetry returned nil, so Run must return nil",
						"emitTelemetry 返回了 nil，所以 Run 也必须返回 nil"))
				} else {
					assert.ErrorIs(harness.TB(t), err, tt.err, harness.Say("Run must return emitTelemetry's error",
						"Run 必须返回 emitTelemetry 返回的错误"))
				}
			})
		})
	}
}
