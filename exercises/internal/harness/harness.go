// Package harness holds what the exercises' tests share: a server started
// under test, clients that talk to it with bounded waits, fake listeners and
// connections for the cases a real socket cannot produce, and a guard that
// turns a "not implemented" panic into a plain test failure.
//
// Every wait here is bounded by Patience. A deadline only ever turns a hang
// into a failure with a message; it never decides that a test passes.
package harness

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// Patience is how long any single wait in a test may last before the test
// fails, saying what the learner's code did not do in time. It is generous so
// that a slow machine never fails a correct solution.
const Patience = 5 * time.Second

// CheckLeaks makes t fail, after all of t's other cleanups, if goroutines
// started during the test are still running. Call it first in a test.
func CheckLeaks(t *testing.T) {
	t.Helper()
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() {
		if t.Failed() {
			// The failure already explains what went wrong; a leak report
			// of the goroutines it stranded would only bury that message.
			return
		}
		if err := goleak.Find(ignore); err != nil {
			t.Errorf("goroutines were still running after the test ended "+
				"(every goroutine your code starts must end once its work is done "+
				"and its listener and connections are closed):\n%v", err)
		}
	})
}

// Guard runs f and turns a panic into a test failure that names what was
// called, so an unfinished stub fails with its message instead of crashing
// every test that comes after it.
func Guard(t *testing.T, what string, f func()) {
	t.Helper()
	panicked := true
	var value any
	func() {
		defer func() {
			if panicked {
				value = recover()
			}
		}()
		f()
		panicked = false
	}()
	if panicked {
		t.Fatalf("%s panicked: %v", what, value)
	}
}

// Within waits for ch to deliver a value and returns it, failing t with
// message if that takes longer than Patience.
func Within[T any](t *testing.T, ch <-chan T, message string, args ...any) T {
	t.Helper()
	timer := time.NewTimer(Patience)
	defer timer.Stop()
	select {
	case v := <-ch:
		return v
	case <-timer.C:
		t.Fatalf("after %v: "+message, append([]any{Patience}, args...)...)
		var zero T
		return zero
	}
}

// Go runs f in a new goroutine and returns a channel that receives its
// result once f returns. A panic in f is delivered as an error instead, so a
// stub's "not implemented" panic fails the test instead of the program.
func Go[T any](f func() T) <-chan Result[T] {
	ch := make(chan Result[T], 1)
	go func() {
		var r Result[T]
		defer func() {
			if v := recover(); v != nil {
				r.Panic = fmt.Errorf("panic: %v", v)
			}
			ch <- r
		}()
		r.Value = f()
	}()
	return ch
}

// Result is what a function run by Go produced.
type Result[T any] struct {
	Value T
	Panic error // non-nil when the function panicked
}

// Server is a Serve-like function running under test on a real listener on
// 127.0.0.1.
type Server struct {
	t        *testing.T
	lns      []net.Listener
	returned chan struct{} // closed once serve has returned and result is set
	result   Result[error]
	once     sync.Once
	waited   bool // the test has looked at result itself
}

// Start listens on 127.0.0.1:0 and runs serve on that listener in a new
// goroutine. When the test ends it closes the listener and requires serve to
// return.
func Start(t *testing.T, name string, serve func(net.Listener) error) *Server {
	t.Helper()
	ln := Listen(t)
	return StartOn(t, name, ln, serve)
}

// Listen opens a listener on 127.0.0.1:0 that is closed when the test ends.
func Listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("the test could not listen on 127.0.0.1: %v", err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln
}

// StartOn is Start on a listener the test already has.
func StartOn(t *testing.T, name string, ln net.Listener, serve func(net.Listener) error) *Server {
	t.Helper()
	return Run(t, name, func() error { return serve(ln) }, ln)
}

// Run runs serve, which serves the listeners lns, in a new goroutine. When
// the test ends it closes the listeners and requires serve to return nil.
func Run(t *testing.T, name string, serve func() error, lns ...net.Listener) *Server {
	t.Helper()
	s := &Server{t: t, lns: lns, returned: make(chan struct{})}
	go func() {
		s.result = <-Go(serve)
		close(s.returned)
	}()
	t.Cleanup(func() {
		if !t.Failed() {
			s.Stop(name)
		} else {
			// Still close the listeners so a server that works returns and
			// leaks nothing; its result no longer matters.
			s.closeAll()
		}
	})
	return s
}

func (s *Server) closeAll() {
	for _, ln := range s.lns {
		ln.Close()
	}
}

// Await is Within for a test that also has a server running: if the server
// returns while the test waits, the test fails at once and says so.
func Await[T any](s *Server, ch <-chan T, message string, args ...any) T {
	s.t.Helper()
	timer := time.NewTimer(Patience)
	defer timer.Stop()
	select {
	case v := <-ch:
		return v
	case <-s.returned:
		// Both may be ready: what was awaited did happen, and the return
		// is for the caller to judge.
		select {
		case v := <-ch:
			return v
		default:
		}
		s.t.Fatalf(message+" (%s)", append(args, s.returnedEarly())...)
	case <-timer.C:
		s.t.Fatalf("after %v: "+message, append([]any{Patience}, args...)...)
	}
	var zero T
	return zero
}

func (s *Server) returnedEarly() string {
	if s.result.Panic != nil {
		return fmt.Sprintf("the server panicked: %v", s.result.Panic)
	}
	if s.result.Value == nil {
		return "the server returned nil although its listener was still open"
	}
	return fmt.Sprintf("the server returned the error %q although its listener was still open", s.result.Value)
}

// Addr is the address clients dial: the first listener's.
func (s *Server) Addr() string { return s.lns[0].Addr().String() }

// Returned reports whether serve has already returned, without waiting, and
// with what.
func (s *Server) Returned() (Result[error], bool) {
	select {
	case <-s.returned:
		return s.result, true
	default:
		return Result[error]{}, false
	}
}

// Wait waits for serve to return by itself and returns its result, failing
// the test with message if that takes longer than Patience.
func (s *Server) Wait(message string, args ...any) Result[error] {
	s.t.Helper()
	Within(s.t, s.returned, message, args...)
	s.waited = true
	return s.result
}

// Stop closes the listeners and waits for serve to return, failing the test
// unless it returns nil. It returns serve's error.
func (s *Server) Stop(name string) error {
	s.t.Helper()
	s.once.Do(func() {
		s.closeAll()
		if s.waited {
			return
		}
		r := s.Wait("%s did not return after its listener was closed "+
			"(it must return nil once Accept fails with net.ErrClosed)", name)
		if r.Panic != nil {
			s.t.Fatalf("%s panicked: %v", name, r.Panic)
		}
		if r.Value != nil {
			s.t.Errorf("%s returned %q after its listener was closed; it must return nil "+
				"when errors.Is(err, net.ErrClosed)", name, r.Value)
		}
	})
	return s.result.Value
}

// Client is one connection to a server under test.
type Client struct {
	t    *testing.T
	srv  *Server
	name string
	Conn *net.TCPConn
}

// Dial connects a new client, named for failure messages, to s.
func (s *Server) Dial(clientName string) *Client {
	s.t.Helper()
	return DialAddr(s.t, s, s.Addr(), clientName)
}

// DialTo connects a new client to one of the server's listeners.
func (s *Server) DialTo(ln net.Listener, clientName string) *Client {
	s.t.Helper()
	return DialAddr(s.t, s, ln.Addr().String(), clientName)
}

// DialAddr connects to addr; srv, when not nil, is watched so that a server
// that returned early fails the test at once instead of after Patience.
func DialAddr(t *testing.T, srv *Server, addr, clientName string) *Client {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, Patience)
	if err != nil {
		t.Fatalf("%s could not connect to the server: %v", clientName, err)
	}
	c := &Client{t: t, srv: srv, name: clientName, Conn: conn.(*net.TCPConn)}
	t.Cleanup(func() { c.Conn.Close() })
	return c
}

// Send writes p, failing the test if the write fails.
func (c *Client) Send(p []byte) {
	c.t.Helper()
	c.Conn.SetWriteDeadline(time.Now().Add(Patience))
	if _, err := c.Conn.Write(p); err != nil {
		c.t.Fatalf("%s could not send %d bytes: %v", c.name, len(p), err)
	}
}

// Expect reads exactly len(want) bytes and requires them to equal want. If
// they do not arrive within Patience, or the server returned in the meantime,
// the test fails with why, prefixed by doing (what the client was doing).
func (c *Client) Expect(want []byte, doing string) {
	c.t.Helper()
	got, err := c.read(len(want))
	if err != nil {
		c.t.Fatalf("%s: %s: %v", c.name, doing, err)
	}
	if !bytes.Equal(got, want) {
		c.t.Fatalf("%s: %s: expected the echo %s, got %s", c.name, doing, quote(want), quote(got))
	}
}

// RoundTrip sends msg and expects it echoed back.
func (c *Client) RoundTrip(msg string) {
	c.t.Helper()
	c.Send([]byte(msg))
	c.Expect([]byte(msg), fmt.Sprintf("after sending %q", msg))
}

// ExpectEOF requires the server to close the connection: the next read
// returns io.EOF (or a reset), with no more data, within Patience.
func (c *Client) ExpectEOF(doing string) {
	c.t.Helper()
	got, err := c.read(1)
	switch {
	case err == nil:
		c.t.Fatalf("%s: %s: expected the server to close the connection, but it sent %s", c.name, doing, quote(got))
	case errors.Is(err, io.EOF), isReset(err):
	default:
		c.t.Fatalf("%s: %s: expected the server to close the connection, but %v", c.name, doing, err)
	}
}

type readResult struct {
	data []byte
	err  error
}

// read reads n bytes, watching the server (if known) so that a Serve that
// returned early is reported at once.
func (c *Client) read(n int) ([]byte, error) {
	c.Conn.SetReadDeadline(time.Now().Add(Patience))
	ch := make(chan readResult, 1)
	go func() {
		buf := make([]byte, n)
		m, err := io.ReadFull(c.Conn, buf)
		ch <- readResult{buf[:m], err}
	}()
	var serverReturned <-chan struct{}
	if c.srv != nil {
		serverReturned = c.srv.returned
	}
	select {
	case r := <-ch:
		return c.explain(r)
	case <-serverReturned:
		c.Conn.Close() // unblocks the reader, which ends
		<-ch
		return nil, fmt.Errorf("%s, while this client was still waiting for data", c.srv.returnedEarly())
	}
}

func (c *Client) explain(r readResult) ([]byte, error) {
	var ne net.Error
	if errors.As(r.err, &ne) && ne.Timeout() {
		if len(r.data) == 0 {
			return r.data, fmt.Errorf("nothing came back within %v", Patience)
		}
		return r.data, fmt.Errorf("only %s came back within %v", quote(r.data), Patience)
	}
	if errors.Is(r.err, io.ErrUnexpectedEOF) {
		return r.data, fmt.Errorf("the server closed the connection after sending only %s", quote(r.data))
	}
	return r.data, r.err
}

func isReset(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "connection reset") ||
		strings.Contains(err.Error(), "broken pipe"))
}

func quote(p []byte) string {
	if len(p) > 64 {
		return fmt.Sprintf("%q… (%d bytes)", p[:64], len(p))
	}
	return fmt.Sprintf("%q", p)
}
