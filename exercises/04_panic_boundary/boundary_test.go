package panicboundary_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pb "github.com/gospawn/workbook/exercises/04_panic_boundary"
	"github.com/gospawn/workbook/exercises/internal/harness"
)

// spawn calls pb.Spawn, failing the test if Spawn panics or does not return
// while f is still running.
func spawn[T any](t *testing.T, f func() T) *pb.Handle[T] {
	t.Helper()
	r := harness.Within(t, harness.Go(func() *pb.Handle[T] { return pb.Spawn(f) }),
		"Spawn did not return while f was still running: it must start f in a new goroutine and return at once")
	require.NoError(t, r.Panic, "Spawn panicked")
	require.NotNil(t, r.Value, "Spawn returned a nil *Handle")
	return r.Value
}

type joined[T any] struct {
	value T
	err   error
}

// join calls h.Join, failing the test if it panics or never returns.
func join[T any](t *testing.T, h *pb.Handle[T], what string) (T, error) {
	t.Helper()
	r := harness.Within(t, harness.Go(func() joined[T] {
		v, err := h.Join()
		return joined[T]{v, err}
	}), "%s did not return, although f had ended", what)
	require.NoError(t, r.Panic, "%s panicked: the panic boundary must catch f's panic, "+
		"and Join must report it as a *JoinError", what)
	return r.Value.value, r.Value.err
}

// joinError requires err to be a *JoinError and returns it.
func joinError(t *testing.T, err error, how string) *pb.JoinError {
	t.Helper()
	require.Error(t, err, "f %s, but Join returned a nil error (the panic boundary must not report this as success)", how)
	var je *pb.JoinError
	require.ErrorAs(t, err, &je, "f %s, so Join must return a *JoinError", how)
	require.NotNil(t, je, "Join returned a nil *JoinError")
	return je
}

// call runs f on a *JoinError, turning a panic that is not part of the
// contract into a test failure.
func call[T any](t *testing.T, what string, f func() T) T {
	t.Helper()
	var v T
	harness.Guard(t, what, func() { v = f() })
	return v
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
	harness.CheckLeaks(t)
	v, err := join(t, spawn(t, func() string { return "fine" }), "Join")
	assert.NoError(t, err, "f returned normally, so Join must return a nil error "+
		"(beware: a nil *JoinError stored in an error interface is not a nil error)")
	assert.Equal(t, "fine", v, "Join must return what f returned")
}

func TestSpawnReturnsAtOnce(t *testing.T) {
	harness.CheckLeaks(t)
	started, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	t.Cleanup(func() { once.Do(func() { close(release) }) })
	h := spawn(t, func() int {
		close(started)
		<-release
		return 5
	})
	harness.Within(t, started, "Spawn returned, but f never started")
	assert.False(t, isClosed(call(t, "Done", h.Done)), "Done was closed while f was still running")
	once.Do(func() { close(release) })
	v, err := join(t, h, "Join")
	assert.NoError(t, err)
	assert.Equal(t, 5, v)
}

func TestJoinReportsPanic(t *testing.T) {
	for _, tt := range panicValues {
		t.Run(tt.name, func(t *testing.T) {
			harness.CheckLeaks(t)
			v, err := join(t, spawn(t, func() int { panic(tt.value) }), "Join")
			assert.Zero(t, v, "f panicked, so Join must return the zero value")
			je := joinError(t, err, "panicked")
			assert.True(t, call(t, "IsPanic", je.IsPanic), "f panicked, so IsPanic must be true")
			assert.Equal(t, tt.value, call(t, "Value", je.Value),
				"Value must be exactly what f panicked with")
			if reflectPointer(tt.value) {
				assert.Same(t, tt.value, call(t, "Value", je.Value),
					"Value must be the very pointer f panicked with, not a copy")
			}
			assert.Contains(t, call(t, "Error", je.Error), fmt.Sprint(tt.value),
				"Error must include the panic value")
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
	harness.CheckLeaks(t)
	_, err := join(t, spawn(t, func() int { panic(nil) }), "Join")
	je := joinError(t, err, "called panic(nil)")
	assert.True(t, call(t, "IsPanic", je.IsPanic), "panic(nil) is a panic too, so IsPanic must be true")
	var pne *runtime.PanicNilError
	assert.IsType(t, pne, call(t, "Value", je.Value),
		"since Go 1.21, recover returns a *runtime.PanicNilError for panic(nil); Value must be exactly that")
}

func TestJoinReportsGoexit(t *testing.T) {
	harness.CheckLeaks(t)
	v, err := join(t, spawn(t, func() int {
		runtime.Goexit()
		return 1
	}), "Join (after f called runtime.Goexit, which runs deferred calls but never returns)")
	assert.Zero(t, v, "f never returned, so Join must return the zero value")
	je := joinError(t, err, "called runtime.Goexit")
	assert.False(t, call(t, "IsPanic", je.IsPanic), "runtime.Goexit is not a panic, so IsPanic must be false")
	assert.Nil(t, call(t, "Value", je.Value), "Value must be nil when f did not panic")
	assert.NoError(t, call(t, "Unwrap", je.Unwrap), "Unwrap must be nil when f did not panic")
	assert.NotEmpty(t, call(t, "Error", je.Error), "Error must say what ended f")
}

func explodeDeepInside() int {
	panic("deep trouble")
}

func TestStackIsThePanickingGoroutines(t *testing.T) {
	harness.CheckLeaks(t)
	_, err := join(t, spawn(t, explodeDeepInside), "Join")
	je := joinError(t, err, "panicked")
	stack := string(call(t, "Stack", je.Stack))
	require.NotEmpty(t, stack, "Stack must hold the stack trace of f's goroutine")
	assert.Contains(t, stack, "explodeDeepInside",
		"the stack must be taken in f's goroutine, in the deferred function, while the panicking frames "+
			"are still there; a stack taken in Join shows the joiner, not where f failed")
}

func TestJoinAnswersTheSameEveryTime(t *testing.T) {
	harness.CheckLeaks(t)
	h := spawn(t, func() int { panic("once") })
	_, err1 := join(t, h, "the first call to Join")
	first := joinError(t, err1, "panicked")
	const joiners = 8
	errs := make(chan error, joiners)
	var wg sync.WaitGroup
	for range joiners {
		wg.Go(func() {
			r := <-harness.Go(func() error {
				_, err := h.Join()
				return err
			})
			errs <- errors.Join(r.Panic, r.Value)
		})
	}
	harness.Within(t, waitChan(&wg), "Join called again from %d goroutines did not return", joiners)
	close(errs)
	for err := range errs {
		var je *pb.JoinError
		require.ErrorAs(t, err, &je, "every call to Join must report the panic")
		assert.Same(t, first, je, "every call to Join must return the same *JoinError")
	}
	assert.True(t, isClosed(call(t, "Done", h.Done)), "Done must be closed once f has panicked")
}

func TestUnwrapSeesThroughJoinError(t *testing.T) {
	harness.CheckLeaks(t)
	_, err := join(t, spawn(t, func() int { panic(fmt.Errorf("loading config: %w", errSentinel)) }), "Join")
	assert.ErrorIs(t, err, errSentinel, "errors.Is must find an error the panic value wraps")
	_, err = join(t, spawn(t, func() int { panic(&customError{reason: "quota"}) }), "Join")
	var ce *customError
	if assert.ErrorAs(t, err, &ce, "errors.As must find the error f panicked with") {
		assert.Equal(t, "quota", ce.reason)
	}
	_, err = join(t, spawn(t, func() int { panic("just a string") }), "Join")
	je := joinError(t, err, "panicked")
	assert.NoError(t, call(t, "Unwrap", je.Unwrap), "Unwrap must return nil when the panic value is not an error")
}

// resumed calls Resume in a new goroutine and reports what that did to it.
type resumed struct {
	panicked  bool
	recovered any
	returned  bool // Resume returned, which it never should
}

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
	return harness.Within(t, out, "the goroutine that called Resume never ended")
}

func TestResumeRaisesThePanicAgain(t *testing.T) {
	for _, tt := range panicValues {
		t.Run(tt.name, func(t *testing.T) {
			harness.CheckLeaks(t)
			_, err := join(t, spawn(t, func() int { panic(tt.value) }), "Join")
			r := resume(t, joinError(t, err, "panicked"))
			require.False(t, r.returned, "Resume returned; it must panic again with the original value")
			require.True(t, r.panicked, "Resume must panic")
			assert.Equal(t, tt.value, r.recovered, "Resume must panic with the original value, "+
				"not with the JoinError or a description of it")
			if reflectPointer(tt.value) {
				assert.Same(t, tt.value, r.recovered, "Resume must panic with the very pointer f panicked with")
			}
		})
	}
}

func TestResumeGoexitEndsTheCaller(t *testing.T) {
	harness.CheckLeaks(t)
	_, err := join(t, spawn(t, func() int {
		runtime.Goexit()
		return 0
	}), "Join")
	r := resume(t, joinError(t, err, "called runtime.Goexit"))
	assert.False(t, r.returned, "Resume returned; after a Goexit it must end the calling goroutine with runtime.Goexit")
	assert.Nil(t, r.recovered, "Resume panicked with %v; after a Goexit it must call runtime.Goexit, not panic", r.recovered)
}

// logCapture collects what the standard logger writes during a test and
// signals each write.
type logCapture struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	wrote  chan struct{}
	prefix string
}

func captureLog(t *testing.T) *logCapture {
	lc := &logCapture{wrote: make(chan struct{}, 1)}
	old, flags := log.Writer(), log.Flags()
	log.SetOutput(lc)
	t.Cleanup(func() {
		log.SetOutput(old)
		log.SetFlags(flags)
	})
	return lc
}

func (lc *logCapture) Write(p []byte) (int, error) {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	lc.buf.Write(p)
	select {
	case lc.wrote <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (lc *logCapture) String() string {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	return lc.buf.String()
}

// waitFor waits until the log contains every one of wants.
func (lc *logCapture) waitFor(t *testing.T, srv *harness.Server, message string, wants ...string) {
	t.Helper()
	for {
		missing := false
		for _, w := range wants {
			if !strings.Contains(lc.String(), w) {
				missing = true
			}
		}
		if !missing {
			return
		}
		harness.Await(srv, lc.wrote, "%s; the log so far:\n%s", message, lc.String())
	}
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

func serveWith(handle func(net.Conn)) harness.ServeFunc {
	return func(ln net.Listener) error { return pb.Serve(ln, handle) }
}

func TestServeEchoes(t *testing.T) { harness.CheckEchoes(t, serveWith(echoHandler)) }
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
	harness.CheckLeaks(t)
	srv := harness.Start(t, "Serve", serveWith(func(net.Conn) {}))
	c := srv.Dial("a client whose handler returned at once")
	c.ExpectEOF("after its handler returned (Serve must close each connection once its handler is done)")
}

func TestServeSurvivesHandlerPanic(t *testing.T) {
	harness.CheckLeaks(t)
	logs := captureLog(t)
	srv := harness.Start(t, "Serve", serveWith(handlerThatPanics))
	bystander := srv.Dial("a client connected before another's handler panicked")
	bystander.RoundTrip("before")
	victim := srv.Dial("the client whose handler panics")
	victim.RoundTrip("hello")
	victim.Send([]byte("boom"))
	victim.ExpectEOF("after its handler panicked (Serve must close that connection)")
	logs.waitFor(t, srv, "the handler's panic was not logged with its value and its stack "+
		"(use the log package or log/slog's default logger)", errHandler.Error(), "handlerExplodes")
	bystander.RoundTrip("after")
	newcomer := srv.Dial("a client that connected after a handler panicked")
	newcomer.RoundTrip("still accepting?")
}

func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func waitChan(wg *sync.WaitGroup) <-chan struct{} {
	ch := make(chan struct{})
	go func() {
		wg.Wait()
		close(ch)
	}()
	return ch
}
