package panicboundary_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pb "github.com/gospawn/workbook/exercises/04_panic_boundary"
	"github.com/gospawn/workbook/exercises/internal/harness"
)

// How these tests see your code: each one runs in a bubble of
// testing/synctest (harness.Bubble). Every goroutine the test starts
// belongs to the bubble, and so does every goroutine your code starts from
// them, and the bubble knows when each of them has ended or is blocked in
// a way only another goroutine of the bubble could undo (on a channel, a
// sync.WaitGroup or a sync.Cond): "durably blocked". The tests let your
// code run until then (harness.Idle) and look: "Join has not returned, and
// f is still blocked" is a fact the test sees, not a guess after a
// time-out, and a slow machine cannot make a correct solution fail: the
// bubble just gets there later.
//
// The tests run one after another, never beside each other, so that a data
// race, or a panic your code lets through, is reported against the test
// that caused it. The race detector is a second net, for what no test can
// see happen (an error stored after Done was closed): f writes a plain
// variable as its last step, and the goroutine that waited for f reads it
// as soon as its wait has ended. Not the test after harness.Idle:
// synctest.Wait orders everything the bubble's goroutines did before they
// blocked before what the test does next, which would hide the race.

// method calls a method of a *JoinError or a Handle that must return at
// once, failing the test if it panics (outside the contract, such as the
// stub's "not implemented") or blocks.
func method[T any](t *testing.T, what string, fn func() T) T {
	t.Helper()
	return harness.Call(t, what, fn, harness.Textf("%s did not return: it must answer at once, without waiting",
		"%s一直没有返回：它必须立即给出结果，不做任何等待", harness.Subject(what)))
}

// spawn calls pb.Spawn. It fails the test unless Spawn returns by itself,
// whatever f does.
func spawn[T any](t *testing.T, f func() T) *pb.Handle[T] {
	t.Helper()
	h := harness.Call(t, "Spawn", func() *pb.Handle[T] { return pb.Spawn(f) }, harness.T(
		"Spawn did not return while f was still running: it must start f in a new goroutine and return at once, without waiting for f",
		"f 还在运行，Spawn 却一直没有返回：它必须在一个新的 goroutine 中启动 f，然后立即返回，不等待 f"))
	require.NotNil(harness.TB(t), h, harness.Say("Spawn returned a nil *Handle", "Spawn 返回了 nil 的 *Handle"))
	harness.Keep(h)
	return h
}

type joined[T any] struct {
	value T
	err   error
}

// joinCall is h.Join, called so that a data race in it is reported in every
// run (see harness.Distinct).
func joinCall[T any](h *pb.Handle[T]) func() joined[T] {
	return func() joined[T] {
		return harness.Distinct(func() joined[T] {
			v, err := h.Join()
			return joined[T]{v, err}
		})
	}
}

// join calls h.Join once f has ended, failing the test if it panics or
// stays blocked; what (a Text or a string) names the call.
func join[T any](t *testing.T, h *pb.Handle[T], what any) (T, error) {
	t.Helper()
	r := harness.Within(t, harness.Go(joinCall(h)), harness.Textf("%s did not return, although f had ended",
		"f 已经结束，%s却一直没有返回", harness.Subject(what)))
	require.NoError(harness.TB(t), r.Panic, harness.Textf("%s panicked: the panic boundary must catch f's panic, "+
		"and Join must report it as a *JoinError", "%s发生了 panic：panic 边界必须捕获 f 的 panic，"+
		"并由 Join 以 *JoinError 的形式报告", harness.Subject(what)))
	return r.Value.value, r.Value.err
}

// requireNilError requires err to be a nil error interface. It does not
// call err's methods: those of a nil *JoinError would panic in the test.
func requireNilError(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(harness.Textf("f returned normally, so Join must return a nil error; it returned a non-nil error of type %s "+
			"(beware: a nil *JoinError stored in an error interface is not a nil error)",
			"f 正常返回了，所以 Join 必须返回 nil 错误；它返回的却是类型为 %s 的非 nil 错误"+
				"（注意：把值为 nil 的 *JoinError 存进 error 接口，得到的并不是 nil 错误）", typeOf(err)))
	}
}

// typeOf is the name of v's type. Messages take it as a string, never the
// learner's error itself: formatting an error calls its methods.
func typeOf(v any) string { return fmt.Sprintf("%T", v) }

// read returns *v, read so that a data race on it is reported in every run.
func read[T any](v *T) T { return harness.Distinct(func() T { return *v }) }

// joinError requires err to be a *JoinError and returns it; how says, in
// the learner's language, how f ended.
func joinError(t *testing.T, err error, how string) *pb.JoinError {
	t.Helper()
	require.Error(harness.TB(t), err, harness.Sayf("f %s, but Join returned a nil error (the panic boundary must not report this as success)",
		"f %s，Join 却返回了 nil 错误（panic 边界不能把这种结束方式报告为成功）", how))
	var je *pb.JoinError
	require.ErrorAs(harness.TB(t), err, &je, harness.Sayf("f %s, so Join must return a *JoinError", "f %s，所以 Join 必须返回 *JoinError", how))
	require.NotNil(harness.TB(t), je, harness.Say("Join returned a nil *JoinError", "Join 返回了 nil 的 *JoinError"))
	return je
}

// How f ended, for joinError's messages.
var (
	panicked = harness.Say("panicked", "发生了 panic")
	exited   = harness.Say("called runtime.Goexit", "调用了 runtime.Goexit")
)

// done calls h.Done, failing the test if it panics, blocks or returns nil.
func done[T any](t *testing.T, h *pb.Handle[T]) <-chan struct{} {
	t.Helper()
	ch := method(t, "Done", h.Done)
	require.NotNil(harness.TB(t), ch, harness.Say("Done returned a nil channel, which would block a select forever",
		"Done 返回了 nil channel，select 会在它上面永远阻塞"))
	return ch
}

// gate is f for Spawn that signals its start and then blocks until the
// test opens the gate, which it does at the end of the test in any case.
type gate struct {
	started, open chan struct{}
	once          sync.Once
	// finished is written by f as its last step; plain on purpose (see
	// above).
	finished bool
}

func newGate(t *testing.T) *gate {
	g := &gate{started: make(chan struct{}), open: make(chan struct{})}
	harness.Keep(g)
	t.Cleanup(g.Open)
	return g
}

func (g *gate) Open() { g.once.Do(func() { close(g.open) }) }

func (g *gate) f() int {
	close(g.started)
	<-g.open
	g.finished = true
	return 5
}

// requireStarted lets the code run until it can do nothing more, then
// requires f to have started, which Spawn must see to by itself.
func (g *gate) requireStarted(t *testing.T) {
	t.Helper()
	harness.Idle(t)
	require.True(harness.TB(t), harness.IsClosed(g.started), harness.Say("Spawn returned, but f never started: Spawn must start f itself",
		"Spawn 已经返回，f 却始终没有开始运行：Spawn 必须自己启动 f"))
}

// outcome says how a call to Join ended, for a message about a Join that
// should not have ended yet.
func outcome[T any](r harness.Result[joined[T]]) harness.Text {
	switch {
	case r.Panic != nil:
		return harness.Textf("it panicked: %v", "它发生了 panic：%v", r.Panic)
	case r.Value.err != nil:
		return harness.Textf("with an error of type %s", "返回值是类型为 %s 的错误", typeOf(r.Value.err))
	}
	return harness.Textf("with %#v", "返回值为 %#v", r.Value.value)
}

type customPanic struct{ code int }

type customError struct{ reason string }

func (e *customError) Error() string { return "custom: " + e.reason }

var errSentinel = errors.New("sentinel error")

// panicValues are the panic values the boundary must keep exactly.
var panicValues = []struct {
	name  string
	value any
}{
	{"a string", "boom"},
	{"an error", errSentinel},
	{"a pointer", &customPanic{code: 7}},
	{"an int", 42},
	{"a custom error", &customError{reason: "disk full"}},
}

func TestJoinReturnsResultAndNilError(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		v, err := join(t, spawn(t, func() string { return "fine" }), "Join")
		requireNilError(t, err)
		assert.Equal(harness.TB(t), "fine", v, harness.Say("Join must return what f returned", "Join 必须返回 f 的返回值"))
	})
}

func TestSpawnReturnsAtOnce(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		g := newGate(t)
		h := spawn(t, g.f) // fails unless Spawn returns while f is blocked
		g.requireStarted(t)
		assert.False(harness.TB(t), harness.IsClosed(done(t, h)), harness.Say("Done was closed while f was still running",
			"f 还在运行，Done 就已经关闭了"))
		g.Open()
		v, err := join(t, h, "Join")
		requireNilError(t, err)
		assert.Equal(harness.TB(t), 5, v, harness.Say("Join must return what f returned", "Join 必须返回 f 的返回值"))
	})
}

func TestJoinWaitsForF(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		g := newGate(t)
		h := spawn(t, g.f)
		g.requireStarted(t)
		type seen struct {
			r        harness.Result[joined[int]]
			finished bool
		}
		got := make(chan seen, 1)
		go func() {
			r := <-harness.Go(joinCall(h))
			// If the race detector reports this read, Join returned before
			// f had finished. 竞态检测器若报告这一行，说明 Join 在 f 结束之前就返回了。
			got <- seen{r, read(&g.finished)}
		}()
		if s, returned := harness.Ready(t, got); returned {
			t.Fatal(harness.Textf("Join returned (%s) while f was still running: it must wait until f has ended",
				"f 还在运行，Join 就返回了（%s）：它必须等到 f 结束之后才返回", outcome(s.r)))
		}
		g.Open()
		s := harness.Within(t, got, harness.T("Join did not return after f returned", "f 返回之后，Join 一直没有返回"))
		require.NoError(harness.TB(t), s.r.Panic, harness.Say("Join panicked", "Join 发生了 panic"))
		requireNilError(t, s.r.Value.err)
		assert.Equal(harness.TB(t), 5, s.r.Value.value, harness.Say(
			"a Join called while f was still running must wait for f and return its result, not a zero value",
			"在 f 运行期间调用的 Join 必须等待 f 结束并返回它的结果，而不是零值"))
		assert.True(harness.TB(t), s.finished, harness.Say("Join returned before f had finished", "Join 在 f 结束之前就返回了"))
	})
}

func TestDoneClosedWhenFEnds(t *testing.T) {
	tests := []struct {
		name string
		end  func()
	}{
		{"returned", func() {}},
		{"panicked", func() { panic("the end") }},
		{"runtime.Goexit", runtime.Goexit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			harness.Bubble(t, func(t *testing.T) {
				g := newGate(t)
				h := spawn(t, func() int {
					g.f()
					tt.end()
					return 1
				})
				g.requireStarted(t)
				ch := done(t, h)
				// A goroutine waits for Done as a select would, then reads
				// f's last write. If the race detector reports that read,
				// Done was closed before f ended. 竞态检测器若报告读取
				// finished 的那一行，说明 Done 在 f 结束之前就关闭了。
				finished := make(chan bool, 1)
				go func() {
					<-ch
					finished <- read(&g.finished)
				}()
				harness.Idle(t)
				require.False(harness.TB(t), harness.IsClosed(ch), harness.Say("Done was closed while f was still running",
					"f 还在运行，Done 就已经关闭了"))
				g.Open()
				fin, closed := harness.Ready(t, finished)
				require.True(harness.TB(t), closed, harness.Say(
					"the channel from Done was not closed after f ended (%s): Done must be closed however f ends",
					"f 结束（%s）之后，Done 返回的 channel 没有关闭：无论 f 怎样结束，Done 都必须关闭"), tt.name)
				assert.True(harness.TB(t), fin, harness.Sayf("Done was closed before f ended (%s)", "f 结束（%s）之前，Done 就已经关闭了", tt.name))
				assert.True(harness.TB(t), harness.IsClosed(done(t, h)), harness.Say(
					"after f ended, every call to Done must return a closed channel",
					"f 结束之后，每次调用 Done 都必须返回已关闭的 channel"))
			})
		})
	}
}

func TestJoinReportsPanic(t *testing.T) {
	for _, tt := range panicValues {
		t.Run(tt.name, func(t *testing.T) {
			harness.Bubble(t, func(t *testing.T) {
				v, err := join(t, spawn(t, func() int { panic(tt.value) }), "Join")
				assert.Zero(harness.TB(t), v, harness.Say("f panicked, so Join must return the zero value", "f 发生了 panic，所以 Join 必须返回零值"))
				je := joinError(t, err, panicked)
				assert.True(harness.TB(t), method(t, "IsPanic", je.IsPanic), harness.Say("f panicked, so IsPanic must be true",
					"f 发生了 panic，所以 IsPanic 必须为 true"))
				assert.Equal(harness.TB(t), tt.value, method(t, "Value", je.Value), harness.Say("Value must be exactly what f panicked with",
					"Value 必须正是 f 触发 panic 时所用的值"))
				if reflectPointer(tt.value) {
					assert.Same(harness.TB(t), tt.value, method(t, "Value", je.Value), harness.Say(
						"Value must be the very pointer f panicked with, not a copy", "Value 必须是 f 触发 panic 时所用的那个指针本身，而不是副本"))
				}
				assert.Contains(harness.TB(t), method(t, "Error", je.Error), fmt.Sprint(tt.value), harness.Say(
					"Error must include the panic value", "Error 的返回值必须包含 panic 的值"))
			})
		})
	}
}

func reflectPointer(v any) bool {
	switch v.(type) {
	case *customPanic, *customError:
		return true
	}
	return false
}

func TestJoinReportsPanicNil(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		_, err := join(t, spawn(t, func() int { panic(nil) }), "Join")
		je := joinError(t, err, harness.Say("called panic(nil)", "调用了 panic(nil)"))
		assert.True(harness.TB(t), method(t, "IsPanic", je.IsPanic), harness.Say("panic(nil) is a panic too, so IsPanic must be true",
			"panic(nil) 也是 panic，所以 IsPanic 必须为 true"))
		var pne *runtime.PanicNilError
		assert.IsType(harness.TB(t), pne, method(t, "Value", je.Value), harness.Say(
			"since Go 1.21, recover returns a *runtime.PanicNilError for panic(nil); Value must be exactly that",
			"从 Go 1.21 起，对于 panic(nil)，recover 返回的是 *runtime.PanicNilError；Value 必须正是这个值"))
	})
}

func TestJoinReportsGoexit(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		v, err := join(t, spawn(t, func() int {
			runtime.Goexit()
			return 1
		}), harness.Say("Join (after f called runtime.Goexit, which runs deferred calls but never returns)",
			"Join（f 调用了 runtime.Goexit：它会执行延迟调用，但永远不会返回）"))
		assert.Zero(harness.TB(t), v, harness.Say("f never returned, so Join must return the zero value", "f 没有返回，所以 Join 必须返回零值"))
		je := joinError(t, err, exited)
		assert.False(harness.TB(t), method(t, "IsPanic", je.IsPanic), harness.Say("runtime.Goexit is not a panic, so IsPanic must be false",
			"runtime.Goexit 不是 panic，所以 IsPanic 必须为 false"))
		assert.Nil(harness.TB(t), method(t, "Value", je.Value), harness.Say("Value must be nil when f did not panic", "f 没有发生 panic 时，Value 必须为 nil"))
		assert.NoError(harness.TB(t), method(t, "Unwrap", je.Unwrap), harness.Say("Unwrap must be nil when f did not panic",
			"f 没有发生 panic 时，Unwrap 必须返回 nil"))
		assert.NotEmpty(harness.TB(t), method(t, "Error", je.Error), harness.Say("Error must say what ended f", "Error 必须说明 f 是怎样结束的"))
	})
}

func explodeDeepInside() int {
	panic("deep trouble")
}

func TestStackIsThePanickingGoroutines(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		_, err := join(t, spawn(t, explodeDeepInside), "Join")
		je := joinError(t, err, panicked)
		stack := string(method(t, "Stack", je.Stack))
		require.NotEmpty(harness.TB(t), stack, harness.Say("Stack must hold the stack trace of f's goroutine", "Stack 必须包含 f 所在 goroutine 的栈跟踪"))
		assert.Contains(harness.TB(t), stack, "explodeDeepInside", harness.Say(
			"the stack must be taken in f's goroutine, in the deferred function, while the panicking frames "+
				"are still there; a stack taken in Join shows the joiner, not where f failed",
			"栈必须在 f 所在的 goroutine 中、在延迟函数里获取，那时发生 panic 的栈帧还在；"+
				"在 Join 中获取的栈只能看到调用 Join 的一方，看不到 f 出错的位置"))
	})
}

func TestJoinAnswersTheSameEveryTime(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		h := spawn(t, func() int { panic("once") })
		_, err1 := join(t, h, harness.T("the first call to Join", "对 Join 的第一次调用"))
		first := joinError(t, err1, panicked)
		const joiners = 8
		errs := make(chan error, joiners)
		for range joiners {
			go func() {
				r := <-harness.Go(joinCall(h))
				errs <- errors.Join(r.Panic, r.Value.err)
			}()
		}
		harness.Idle(t)
		require.Equal(harness.TB(t), joiners, len(errs), harness.Say(
			"only %d of %d goroutines calling Join again returned; the others stayed blocked",
			"再次调用 Join 的 %[2]d 个 goroutine 中只有 %[1]d 个返回了，其余的一直阻塞着"), len(errs), joiners)
		for range joiners {
			err := <-errs
			var je *pb.JoinError
			require.ErrorAs(harness.TB(t), err, &je, harness.Say("every call to Join must report the panic", "每次调用 Join 都必须报告这次 panic"))
			assert.Same(harness.TB(t), first, je, harness.Say("every call to Join must return the same *JoinError",
				"每次调用 Join 都必须返回同一个 *JoinError"))
		}
		assert.True(harness.TB(t), harness.IsClosed(done(t, h)), harness.Say("Done must be closed once f has panicked",
			"f 发生 panic 之后，Done 必须已经关闭"))
	})
}

func TestUnwrapSeesThroughJoinError(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		_, err := join(t, spawn(t, func() int { panic(fmt.Errorf("loading config: %w", errSentinel)) }), "Join")
		assert.ErrorIs(harness.TB(t), err, errSentinel, harness.Say("errors.Is must find an error the panic value wraps",
			"errors.Is 必须能找到 panic 的值所包装的错误"))
		_, err = join(t, spawn(t, func() int { panic(&customError{reason: "quota"}) }), "Join")
		var ce *customError
		if assert.ErrorAs(harness.TB(t), err, &ce, harness.Say("errors.As must find the error f panicked with",
			"errors.As 必须能找到 f 触发 panic 时所用的那个错误")) {
			assert.Equal(harness.TB(t), "quota", ce.reason)
		}
		_, err = join(t, spawn(t, func() int { panic("just a string") }), "Join")
		je := joinError(t, err, panicked)
		assert.NoError(harness.TB(t), method(t, "Unwrap", je.Unwrap), harness.Say("Unwrap must return nil when the panic value is not an error",
			"panic 的值不是 error 时，Unwrap 必须返回 nil"))
	})
}

// resumed is what calling Resume did to the goroutine that called it.
type resumed struct {
	panicked  bool
	recovered any
	returned  bool // Resume returned, which it never should
}

// resume calls Resume in a new goroutine and reports what that did to it.
func resume(t *testing.T, je *pb.JoinError) resumed {
	t.Helper()
	out := make(chan resumed, 1)
	go func() {
		var r resumed
		panicking := true
		defer func() {
			r.recovered = recover()
			r.panicked = panicking && r.recovered != nil
			out <- r
		}()
		je.Resume()
		r.returned = true
		panicking = false
	}()
	return harness.Within(t, out, harness.T("the goroutine that called Resume never ended",
		"调用 Resume 的 goroutine 始终没有结束"))
}

func TestResumeRaisesThePanicAgain(t *testing.T) {
	for _, tt := range panicValues {
		t.Run(tt.name, func(t *testing.T) {
			harness.Bubble(t, func(t *testing.T) {
				_, err := join(t, spawn(t, func() int { panic(tt.value) }), "Join")
				r := resume(t, joinError(t, err, panicked))
				require.False(harness.TB(t), r.returned, harness.Say("Resume returned; it must panic again with the original value",
					"Resume 返回了；它必须用原来的值重新触发 panic"))
				require.True(harness.TB(t), r.panicked, harness.Say("Resume must panic", "Resume 必须触发 panic"))
				assert.Equal(harness.TB(t), tt.value, r.recovered, harness.Say("Resume must panic with the original value, "+
					"not with the JoinError or a description of it", "Resume 必须用原来的值重新触发 panic，而不是用 JoinError 或对它的描述"))
				if reflectPointer(tt.value) {
					assert.Same(harness.TB(t), tt.value, r.recovered, harness.Say("Resume must panic with the very pointer f panicked with",
						"Resume 必须用 f 触发 panic 时所用的那个指针本身重新触发 panic"))
				}
			})
		})
	}
}

func TestResumeGoexitEndsTheCaller(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		_, err := join(t, spawn(t, func() int {
			runtime.Goexit()
			return 0
		}), "Join")
		r := resume(t, joinError(t, err, exited))
		assert.False(harness.TB(t), r.returned, harness.Say(
			"Resume returned; after a Goexit it must end the calling goroutine with runtime.Goexit",
			"Resume 返回了；f 是因 runtime.Goexit 结束的，所以 Resume 必须用 runtime.Goexit 结束调用它的 goroutine"))
		assert.Nil(harness.TB(t), r.recovered, harness.Say("Resume panicked with %v; after a Goexit it must call runtime.Goexit, not panic",
			"Resume 用 %v 触发了 panic；f 是因 runtime.Goexit 结束的，所以 Resume 必须调用 runtime.Goexit，而不是触发 panic"), r.recovered)
	})
}

func echoHandler(conn net.Conn) { io.Copy(conn, conn) }

// handlerThatPanics echoes, but panics when it reads "boom".
func handlerThatPanics(conn net.Conn) {
	buf := make([]byte, 1024)
	for {
		n, err := conn.Read(buf)
		if err != nil {
			return
		}
		if bytes.Contains(buf[:n], []byte("boom")) {
			handlerExplodes()
		}
		if _, err := conn.Write(buf[:n]); err != nil {
			return
		}
	}
}

var errHandler = errors.New("handler exploded on purpose")

func handlerExplodes() { panic(errHandler) }

func serveWith(handle func(net.Conn)) func(net.Listener) error {
	return func(ln net.Listener) error { return pb.Serve(ln, handle) }
}

// Serve returns and accepts like exercise 1's Serve, and serves
// connections at once like exercise 2's: those clauses are checked by the
// same checks (harness.CheckEchoes and the others), each in a bubble on
// the harness's in-memory network (package memnet), whose connections
// behave like TCP's and whose every wait is durable, so a client waiting
// for an echo that never comes fails as soon as nothing else can run.

func TestServeEchoes(t *testing.T) {
	harness.CheckEchoes(t, serveWith(echoHandler))
}

func TestServeReturnsNilWhenListenerClosed(t *testing.T) {
	harness.CheckReturnsNilWhenListenerClosed(t, serveWith(echoHandler))
}

func TestServeReturnsOtherAcceptErrors(t *testing.T) {
	harness.CheckReturnsOtherAcceptErrors(t, serveWith(echoHandler))
}

func TestServeHandlesConnectionsConcurrently(t *testing.T) {
	harness.CheckIdleClientDoesNotBlockOthers(t, serveWith(echoHandler))
}

func TestServeClosesConnectionWhenHandlerReturns(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		srv := harness.Start(t, "Serve", serveWith(func(net.Conn) {}))
		c := srv.Dial(harness.T("a client whose handler returned at once", "一个客户端（它的处理函数立即返回了）"))
		c.ExpectEOF(harness.T("after its handler returned (Serve must close each connection once its handler is done)",
			"在它的处理函数返回之后（处理函数结束后，Serve 必须关闭对应的连接）"))
	})
}

func TestServeSurvivesHandlerPanic(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		logs := harness.CaptureLog(t)
		srv := harness.Start(t, "Serve", serveWith(handlerThatPanics))
		bystander := srv.Dial(harness.T("a client connected before another's handler panicked",
			"一个客户端（在另一个客户端的处理函数发生 panic 之前就已连上）"))
		bystander.RoundTrip("before")
		victim := srv.Dial(harness.T("the client whose handler panics", "处理函数发生 panic 的那个客户端"))
		victim.RoundTrip("hello")
		victim.Send([]byte("boom"))
		victim.ExpectEOF(harness.T("after its handler panicked (Serve must close that connection)",
			"在它的处理函数发生 panic 之后（Serve 必须关闭这个连接）"))
		logs.Await(srv, harness.T("the handler's panic was not logged with its value and its stack "+
			"(use the log package or log/slog's default logger)",
			"处理函数的 panic 没有连同它的值和栈跟踪一起写入日志（请使用 log 包，或 log/slog 的默认 logger）"),
			errHandler.Error(), "handlerExplodes")
		bystander.RoundTrip("after")
		newcomer := srv.Dial(harness.T("a client that connected after a handler panicked",
			"一个客户端（在某个处理函数发生 panic 之后才连上）"))
		newcomer.RoundTrip("still accepting?")
	})
}
