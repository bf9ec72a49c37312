package harness

import (
	"bytes"
	"fmt"
	"net"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Gate is a listener without a socket (for tests outside a Bubble; in one, a
// memnet.Listener and Idle do this job) whose Accept blocks until the test
// says what it returns: Fail makes it return an error, Shut makes it
// return net.ErrClosed, as a closed listener's Accept does. The test knows
// when Accept has been called (Accepting) and, once it has returned, when
// the goroutine that called it is done with it (Settled): so a test can
// order what two Serve calls report, one after the other, by a handshake.
type Gate struct {
	mu       sync.Mutex
	err      error         // what Accept returns once released
	released chan struct{} // closed by Fail or Close
	calling  chan struct{} // closed when Accept is first called
	caller   int64         // the goroutine that first called Accept
	closed   bool          // Close was called: by the code under test, before the test ended
	once     sync.Once
	calls    sync.Once
}

// NewGate returns a Gate, shut when the test ends.
func NewGate(t *testing.T) *Gate {
	g := &Gate{released: make(chan struct{}), calling: make(chan struct{})}
	t.Cleanup(g.Shut)
	return g
}

func closedErr() error { return &net.OpError{Op: "accept", Net: "tcp", Err: net.ErrClosed} }

// Accept blocks until the test calls Fail or Close, then returns their
// error.
func (g *Gate) Accept() (net.Conn, error) {
	g.calls.Do(func() {
		g.caller = GoID()
		close(g.calling)
	})
	<-g.released
	g.mu.Lock()
	defer g.mu.Unlock()
	return nil, g.err
}

// Close is the listener's Close, for the code under test: every waiting
// and later Accept returns net.ErrClosed, and Closed reports it.
func (g *Gate) Close() error {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
	g.release(closedErr())
	return nil
}

// Closed reports whether the code under test closed the gate.
func (g *Gate) Closed() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.closed
}

// Fail makes every waiting and later Accept return err.
func (g *Gate) Fail(err error) { g.release(err) }

// Shut makes every waiting and later Accept return net.ErrClosed, as if
// the test had closed the listener.
func (g *Gate) Shut() { g.release(closedErr()) }

func (g *Gate) release(err error) {
	g.once.Do(func() {
		g.mu.Lock()
		g.err = err
		g.mu.Unlock()
		close(g.released)
	})
}

// Addr returns a fixed loopback address: a Gate has no socket.
func (g *Gate) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 4} }

// Accepting is closed once Accept has been called.
func (g *Gate) Accepting() <-chan struct{} { return g.calling }

// Caller is the goroutine that first called Accept. Call it only once
// Accepting is closed.
func (g *Gate) Caller() int64 { return g.caller }

// GoID is the calling goroutine's number, as stack traces print it.
func GoID() int64 {
	var buf [64]byte
	line := buf[:runtime.Stack(buf[:], false)]
	line = bytes.TrimPrefix(line, []byte("goroutine "))
	id, _, _ := bytes.Cut(line, []byte(" "))
	n, _ := strconv.ParseInt(string(id), 10, 64)
	return n
}

// waiting are the states of a goroutine that is blocked until another
// goroutine acts (stack traces print them in brackets): a goroutine in
// one of them has done all it could do by itself. Running, runnable and
// the runtime's own short waits are not among them.
var waiting = []string{"chan receive", "chan send", "select", "sync.WaitGroup.Wait", "sync.Cond.Wait"}

// Settle waits until goroutine id has ended, or is blocked (on a channel,
// a select or a WaitGroup) with none of the functions named in outside on
// its stack, and returns its stack then ("" once it has ended). A
// goroutine that is still running or runnable is looked at again, so
// what Settle reports is always something seen; only a goroutine that
// never settles waits out Patience, and fails t with message (see Within).
func Settle(t *testing.T, id int64, outside []string, message any, args ...any) string {
	t.Helper()
	deadline := time.Now().Add(Patience)
	for pause := 100 * time.Microsecond; ; pause = min(2*pause, 20*time.Millisecond) {
		stack, found := stackOf(id)
		if !found {
			return ""
		}
		if settled(stack, outside) {
			return stack
		}
		if time.Now().After(deadline) {
			t.Fatal(Textf("%s; the goroutine was at:\n%s", "%s；这个 goroutine 停在：\n%s",
				waited(nil, message, args), stack))
		}
		time.Sleep(pause)
	}
}

// settled reports whether stack, one goroutine's record, is blocked in a
// waiting state with none of the functions in outside on it.
func settled(stack string, outside []string) bool {
	if !slices.Contains(waiting, state(stack)) {
		return false
	}
	for _, fn := range outside {
		if strings.Contains(stack, "\n"+fn+"(") {
			return false
		}
	}
	return true
}

// stackOf returns the stack trace of goroutine id, if it still exists.
func stackOf(id int64) (string, bool) {
	prefix := fmt.Sprintf("goroutine %d [", id)
	for _, record := range allStacks() {
		if strings.HasPrefix(record, prefix) {
			return record, true
		}
	}
	return "", false
}

// FuncName is the name stack traces give f, for Settle's outside.
func FuncName(f any) string {
	return runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name()
}

// allStacks returns the stack trace of every goroutine, one record each,
// as runtime.Stack writes them: a header with the goroutine's number and
// state, then its frames.
func allStacks() []string {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Split(string(buf[:n]), "\n\n")
		}
		buf = make([]byte, 2*len(buf))
	}
}

// state is the state a stack trace record's header gives its goroutine:
// "chan receive" for "goroutine 7 [chan receive, 2 minutes]:".
func state(record string) string {
	header, _, _ := strings.Cut(record, "\n")
	_, st, _ := strings.Cut(header, "[")
	st, _, _ = strings.Cut(st, "]")
	st, _, _ = strings.Cut(st, ",")
	return st
}
