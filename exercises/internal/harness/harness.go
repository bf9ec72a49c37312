// Package harness holds what the exercises' tests share: Bubble, which runs
// a test in a testing/synctest bubble with an in-memory network (package
// memnet) and turns what goes wrong there (a leak, a deadlock, goroutines
// stuck on a lock, code that never stops) into a failure of that test; a
// server started under test and clients that talk to it, on the bubble's
// network or over real loopback TCP; the checks every echo server of the
// course must pass; and a guard that turns a "not implemented" panic into a
// plain test failure.
//
// Every wait here is bounded by Patience. In a Bubble that is the bubble's
// clock, which moves only when every goroutine is blocked, so no real time
// passes while waiting and a busy machine cannot end a wait early; outside,
// it is real time. Either way a deadline only turns a hang into a failure
// with a message; it never decides that a test passes.
package harness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gospawn/workbook/exercises/internal/memnet"
)

// Patience is how long any single wait in a Bubble may last before the
// test fails, saying what the learner's code did not do in time. It is
// on the bubble's clock, so it costs no real time.
const Patience = 5 * time.Second

// RealPatience is Patience outside a bubble: over real loopback TCP, where
// only code that already passed the same check in its bubble gets, the
// wait is a watchdog for what a bubble cannot see (a real socket), not a
// verdict, so it is long enough that no loaded machine reaches it with a
// correct solution.
const RealPatience = 30 * time.Second

// patience is how long one wait lasts in b (nil: outside any bubble).
func patience(b *bubble) time.Duration {
	if b != nil {
		return Patience
	}
	return RealPatience
}

// Guard runs f and turns a panic into a test failure that names what was
// called, so an unfinished stub fails with its message instead of crashing
// every test that comes after it. In a Bubble, a verdict about goroutines
// stuck while f runs (f waits for a lock nobody will release, or never
// stops) begins with what was called.
func Guard(t *testing.T, what string, f func()) {
	t.Helper()
	if b := bubbleOf(t); b != nil { // Textf is not free, and Guard runs in loops
		defer b.during(Textf("%s never returned", "%s一直没有返回", Subject(what)))()
	}
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
		if n, ok := unimplemented(value); ok {
			t.Fatal(n.text)
		}
		t.Fatal(Textf("%s panicked: %v", "%s发生了 panic：%v", Subject(what), value))
	}
}

// waited is the failure message once a wait of Patience for message ran
// out. In a bubble, that Patience was on the bubble's clock, which moved
// only while every goroutine was blocked: the message says where the
// learner's goroutines were.
func waited(b *bubble, message any, args []any) Text {
	if b == nil {
		return Textf("after %v: %s", "等待 %v后：%s", duration(RealPatience), textf(message, args))
	}
	return Textf("after %v on the test's clock: %s%s", "测试时钟走过 %v后：%s%s",
		duration(Patience), textf(message, args), b.snapshot())
}

// Within waits for ch to deliver a value and returns it, failing t with
// message if that takes longer than Patience. A message, here and in every
// function of the harness that takes one as an any, is a format for args:
// a Text (from T) in both languages, or a string that is the same in both.
// An arg that is a Text is put in in each language's own words.
func Within[V any](t *testing.T, ch <-chan V, message any, args ...any) V {
	t.Helper()
	b := bubbleOf(t)
	defer b.during(textf(message, args))()
	timer := time.NewTimer(patience(b))
	defer timer.Stop()
	select {
	case v := <-ch:
		FailIfNotImplemented(t, v)
		return v
	case <-timer.C:
		t.Fatal(waited(b, message, args))
		var zero V
		return zero
	}
}

// Go runs f in a new goroutine and returns a channel that receives its
// result once f returns. A panic in f is delivered as an error instead, so a
// stub's "not implemented" panic fails the test instead of the program; a
// stub's message, panicked or returned as an error, is delivered in the
// learner's language (see unimplemented), and Within and Await fail the
// test with it.
func Go[T any](f func() T) <-chan Result[T] {
	ch := make(chan Result[T], 1)
	go func() {
		var r Result[T]
		defer func() {
			if v := recover(); v != nil {
				r.Panic = panicError(v)
			}
			ch <- r
		}()
		r.Value = f()
		if n, ok := r.notImplemented(); ok {
			if v, ok := any(error(n)).(T); ok { // T is error itself
				r.Value = v
			}
		}
	}()
	return ch
}

// Result is what a function run by Go produced.
type Result[T any] struct {
	Value T
	Panic error // non-nil when the function panicked
}

// Server is a Serve-like function running under test on real listeners on
// 127.0.0.1.
type Server struct {
	t        *testing.T
	name     string // what failure messages call it: Serve, ServeBoth
	lns      []net.Listener
	returned chan struct{} // closed once serve has returned and result is set
	result   Result[error]
	once     sync.Once
	waited   bool // the test has looked at result itself
}

// Start listens (see Listen) and runs serve on that listener in a new
// goroutine. When the test ends it closes the listener and requires serve
// to return nil.
func Start(t *testing.T, name string, serve func(net.Listener) error) *Server {
	t.Helper()
	ln := Listen(t)
	return StartOn(t, name, ln, serve)
}

// Listen opens a listener that is closed when the test ends: in a Bubble,
// on the bubble's in-memory network (a *memnet.Listener); outside, on
// 127.0.0.1:0. A real listener keeps every connection it accepted
// reachable until then: the runtime closes a connection that nothing
// refers to any more when the garbage collector frees it, so a server
// that forgot to close a connection would pass a test that waits for the
// close whenever a collection came first.
func Listen(t *testing.T) net.Listener {
	t.Helper()
	if b := bubbleOf(t); b != nil {
		ln := b.net.Listen()
		t.Cleanup(func() { ln.Close() })
		return ln
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(Textf("the test could not listen on 127.0.0.1: %v", "测试无法在 127.0.0.1 上监听：%v", err))
	}
	k := &keeping{Listener: ln}
	t.Cleanup(func() {
		ln.Close()
		k.mu.Lock()
		k.conns = nil // the test is over: the collector may close them now
		k.mu.Unlock()
	})
	return k
}

// keeping is a listener that keeps what Accept returned reachable.
type keeping struct {
	net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

// Accept is the listener's Accept, keeping the connection.
func (k *keeping) Accept() (net.Conn, error) {
	c, err := k.Listener.Accept()
	if c != nil {
		k.mu.Lock()
		k.conns = append(k.conns, c)
		k.mu.Unlock()
	}
	return c, err
}

// StartOn is Start on a listener the test already has.
func StartOn(t *testing.T, name string, ln net.Listener, serve func(net.Listener) error) *Server {
	t.Helper()
	return Run(t, name, func() error { return serve(ln) }, ln)
}

// Run runs serve, which serves the listeners lns, in a new goroutine; name
// is what failure messages call it. When the test ends it closes the
// listeners and requires serve to return nil.
func Run(t *testing.T, name string, serve func() error, lns ...net.Listener) *Server {
	t.Helper()
	s := &Server{t: t, name: name, lns: lns, returned: make(chan struct{})}
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
func Await[V any](s *Server, ch <-chan V, message any, args ...any) V {
	s.t.Helper()
	b := bubbleOf(s.t)
	defer b.during(textf(message, args))()
	timer := time.NewTimer(patience(b))
	defer timer.Stop()
	select {
	case v := <-ch:
		FailIfNotImplemented(s.t, v)
		return v
	case <-s.returned:
		// Both may be ready: what was awaited did happen, and the return
		// is for the caller to judge. In a bubble, whatever the code did
		// before it returned has settled once every goroutine is blocked.
		b.settle()
		select {
		case v := <-ch:
			FailIfNotImplemented(s.t, v)
			return v
		default:
		}
		s.failIfUnimplemented()
		s.t.Fatal(Textf("%s (%s)", "%s（%s）", textf(message, args), s.returnedEarly()))
	case <-timer.C:
		s.t.Fatal(waited(b, message, args))
	}
	var zero V
	return zero
}

// returnedEarly says how the server returned, once it has, while the test
// still needed it. It states only what happened: the caller's message says
// what the test was waiting for, and so why returning then was wrong.
func (s *Server) returnedEarly() Text {
	switch {
	case s.result.Panic != nil:
		return Textf("%s had already panicked: %v", "%s此前已经发生 panic：%v", Subject(s.name), s.result.Panic)
	case s.result.Value == nil:
		return Textf("%s had already returned nil", "%s此前已经返回了 nil", Subject(s.name))
	}
	return Textf("%s had already returned the error %q", "%s此前已经返回了错误 %q", Subject(s.name), s.result.Value)
}

// Addr is the address clients dial: the first listener's.
func (s *Server) Addr() string { return s.lns[0].Addr().String() }

// Returned reports whether serve has already returned, without waiting, and
// with what. A stub's "not implemented" fails the test instead.
func (s *Server) Returned() (Result[error], bool) {
	s.t.Helper()
	select {
	case <-s.returned:
		s.failIfUnimplemented()
		return s.result, true
	default:
		return Result[error]{}, false
	}
}

// Wait waits for serve to return by itself and returns its result, failing
// the test with message (see Within) if that takes longer than Patience,
// and with a stub's message if serve was one.
func (s *Server) Wait(message any, args ...any) Result[error] {
	s.t.Helper()
	Within(s.t, s.returned, message, args...)
	s.waited = true
	s.failIfUnimplemented()
	return s.result
}

// failIfUnimplemented fails the test with a stub's message, once serve has
// returned one (or panicked with it).
func (s *Server) failIfUnimplemented() {
	s.t.Helper()
	FailIfNotImplemented(s.t, s.result)
}

// Stop closes the listeners and waits for serve to return, failing the test
// unless it returns nil. It returns serve's error.
func (s *Server) Stop(name string) error {
	s.t.Helper()
	s.once.Do(func() {
		// In a bubble, let the server finish what it was doing first (the
		// clients' cleanups, which run before this one, have just closed
		// them): a server that mishandles a connection's end, say one that
		// leaves a lock held, then fails here every run, not only when its
		// goroutines happened to lose the race with the shutdown.
		bubbleOf(s.t).settle()
		s.closeAll()
		if s.waited {
			return
		}
		r := s.Wait(T("%s did not return after its listener was closed "+
			"(it must return nil once Accept fails with net.ErrClosed)",
			"listener 关闭后，%s没有返回（Accept 以 net.ErrClosed 失败时，它必须返回 nil）"), Subject(name))
		if r.Panic != nil {
			s.t.Fatal(Textf("%s panicked: %v", "%s发生了 panic：%v", Subject(name), r.Panic))
		}
		if r.Value != nil {
			s.t.Error(Textf("%s returned %q after its listener was closed; it must return nil "+
				"when errors.Is(err, net.ErrClosed)",
				"listener 关闭后，%s返回了 %q；当 errors.Is(err, net.ErrClosed) 成立时，它必须返回 nil",
				Subject(name), r.Value))
		}
	})
	return s.result.Value
}

// Client is one connection to a server under test.
type Client struct {
	t    *testing.T
	srv  *Server
	name Text
	// Conn is the client's end: a *memnet.Conn in a Bubble, a
	// *net.TCPConn outside.
	Conn Conn
}

// Conn is a connection with TCP's half-close.
type Conn interface {
	net.Conn
	// CloseWrite shuts the writing side: the peer reads io.EOF.
	CloseWrite() error
}

// Dial connects a new client, named for failure messages (a Text or a
// string, as for Within), to s.
func (s *Server) Dial(clientName any) *Client {
	s.t.Helper()
	return DialAddr(s.t, s, s.Addr(), clientName)
}

// DialTo connects a new client to one of the server's listeners.
func (s *Server) DialTo(ln net.Listener, clientName any) *Client {
	s.t.Helper()
	return DialAddr(s.t, s, ln.Addr().String(), clientName)
}

// DialWindow is Dial, in a Bubble, for a client that holds at most window
// unread bytes: once the server has written that many, its Write waits
// until the client reads (with a window of 1, a client that never reads
// keeps the server's first Write waiting for good).
func (s *Server) DialWindow(clientName any, window int) *Client {
	s.t.Helper()
	mustBubble(s.t, "Server.DialWindow")
	return dial(s.t, s, s.Addr(), clientName, window)
}

// DialAddr connects to addr; srv, when not nil, is watched so that a server
// that returned early fails the test at once instead of after Patience.
// In a Bubble, addr is on the bubble's in-memory network.
func DialAddr(t *testing.T, srv *Server, addr string, clientName any) *Client {
	t.Helper()
	return dial(t, srv, addr, clientName, memnet.DefaultWindow)
}

// DialContext is how a client library (go-redis's Dialer option, say)
// reaches a server that Listen or Start opened for t, with the signature
// of net.Dialer's DialContext: in a Bubble, the bubble's in-memory
// network; outside, real TCP.
func DialContext(t *testing.T) func(ctx context.Context, network, addr string) (net.Conn, error) {
	t.Helper()
	if b := bubbleOf(t); b != nil {
		return b.net.DialContext
	}
	var d net.Dialer
	return d.DialContext
}

func dial(t *testing.T, srv *Server, addr string, clientName any, window int) *Client {
	t.Helper()
	var conn Conn
	var err error
	if b := bubbleOf(t); b != nil {
		conn, err = b.net.DialWindow(addr, window)
	} else {
		var tc net.Conn
		tc, err = net.DialTimeout("tcp", addr, RealPatience)
		if err == nil {
			conn = tc.(*net.TCPConn)
		}
	}
	name := text(clientName)
	if _, ok := overTCP.Load(t); ok {
		name = Textf("%s (over real TCP)", "%s（经由真实的 TCP 连接）", name)
	}
	if err != nil {
		t.Fatal(Textf("%s could not connect to the server: %v", "%s无法连接到服务器：%v", Subject(name), err))
	}
	c := &Client{t: t, srv: srv, name: name, Conn: conn}
	t.Cleanup(func() { c.Conn.Close() })
	return c
}

// Peer is the server's end of the client's connection, in a Bubble: the
// test can see what the server does with it (Closed, Done, Writing,
// Writes).
func (c *Client) Peer() *memnet.Conn {
	c.t.Helper()
	mc, ok := c.Conn.(*memnet.Conn)
	if !ok {
		c.t.Fatal("harness: Client.Peer needs a client of a Bubble's in-memory network")
	}
	return mc.Peer()
}

// Send writes p, failing the test if the write fails or does not finish
// within Patience (the server does not read).
func (c *Client) Send(p []byte) {
	c.t.Helper()
	b := bubbleOf(c.t)
	defer b.during(Textf("%s: sending %d bytes", "%s：发送 %d 字节时", c.name, len(p)))()
	c.Conn.SetWriteDeadline(time.Now().Add(patience(b)))
	_, err := c.Conn.Write(p)
	var ne net.Error
	if b != nil && errors.As(err, &ne) && ne.Timeout() {
		c.t.Fatal(Textf("%s could not send %d bytes within %v on the test's clock: the server did not read them%s",
			"测试时钟走过 %[3]v，%[1]s仍没能发出 %[2]d 字节：服务器没有读取它们%[4]s", Subject(c.name), len(p), duration(Patience), b.snapshot()))
	}
	if err != nil {
		c.t.Fatal(Textf("%s could not send %d bytes: %v", "%s无法发送 %d 字节：%v", Subject(c.name), len(p), err))
	}
}

// Reset closes the client's connection as a client that crashed does:
// with a reset (SetLinger(0)), so that the server's reads and writes on it
// fail.
func (c *Client) Reset() {
	c.t.Helper()
	if l, ok := c.Conn.(interface{ SetLinger(int) error }); ok {
		l.SetLinger(0)
	}
	c.Conn.Close()
}

// Expect reads len(want) bytes and requires them to equal want; it stops
// reading at the first bytes that differ. If they do not arrive within
// Patience, or the server returned in the meantime, the test fails with
// why, prefixed by doing (what the client was doing: a Text or a string,
// as for Within).
func (c *Client) Expect(want []byte, doing any) {
	c.t.Helper()
	got, err := c.read(len(want), want, doing)
	if errors.Is(err, io.EOF) {
		err = (T("the server closed the connection without sending anything",
			"服务器什么也没发就关闭了连接"))
	}
	if err != nil {
		c.t.Fatal(Textf("%s: %s: %v", "%s：%s：%v", c.name, text(doing), err))
	}
	if !bytes.Equal(got, want) {
		c.notExpected(doing, T("the echo is not what the client sent", "回显与客户端发送的不一样"), want, got)
	}
}

// RoundTrip sends msg and expects it echoed back.
func (c *Client) RoundTrip(msg string) {
	c.t.Helper()
	c.Send([]byte(msg))
	c.Expect([]byte(msg), Textf("after sending %q", "发送 %q 之后", msg))
}

// ExpectEOF requires the server to close the connection: the next read
// returns io.EOF (or a reset), with no more data, within Patience.
func (c *Client) ExpectEOF(doing any) {
	c.t.Helper()
	got, err := c.read(1, nil, doing)
	switch {
	case err == nil:
		c.t.Fatal(Textf("%s: %s: expected the server to close the connection, but it sent %s",
			"%s：%s：期望服务器关闭连接，它却发来了 %s", c.name, text(doing), quote(got)))
	case errors.Is(err, io.EOF), isReset(err):
	default:
		c.t.Fatal(Textf("%s: %s: expected the server to close the connection, but %v",
			"%s：%s：期望服务器关闭连接，实际情况是：%v", c.name, text(doing), err))
	}
}

type readResult struct {
	data []byte
	err  error
}

// read reads n bytes, as io.ReadFull does, but stops early, without an
// error, once what it read differs from want (when not nil): a wrong
// answer is then reported at once, not after the rest arrives. It watches
// the server (if known), so that a Serve that returned early is reported
// at once; doing says what the client was doing, for the watchdog.
func (c *Client) read(n int, want []byte, doing any) ([]byte, error) {
	c.t.Helper()
	b := bubbleOf(c.t)
	defer b.during(Textf("%s: %s", "%s：%s", c.name, text(doing)))()
	c.Conn.SetReadDeadline(time.Now().Add(patience(b)))
	ch := make(chan readResult, 1)
	go func() {
		buf := make([]byte, n)
		m := 0
		var err error
		for m < n && err == nil {
			var k int
			k, err = c.Conn.Read(buf[m:])
			m += k
			if want != nil && !bytes.Equal(buf[m-k:m], want[m-k:m]) {
				break
			}
		}
		switch {
		case m == n || err == nil:
			err = nil
		case err == io.EOF && m > 0:
			err = io.ErrUnexpectedEOF
		}
		ch <- readResult{buf[:m], err}
	}()
	var serverReturned <-chan struct{}
	if c.srv != nil {
		serverReturned = c.srv.returned
	}
	select {
	case r := <-ch:
		return c.explain(r, n)
	case <-serverReturned:
		// The server may have written, or closed the connection, just
		// before it returned: in a bubble, the reader has seen that once
		// every goroutine is blocked.
		b.settle()
		select {
		case r := <-ch:
			return c.explain(r, n)
		default:
		}
		c.Conn.Close() // unblocks the reader, which ends
		<-ch
		c.srv.failIfUnimplemented()
		return nil, (Textf("%s, while this client was still waiting for data",
			"%s，而这个客户端还在等待数据", c.srv.returnedEarly()))
	}
}

// explain turns what a read of n bytes got into the error a learner
// reads, when it fell short.
func (c *Client) explain(r readResult, n int) ([]byte, error) {
	var ne net.Error
	if errors.As(r.err, &ne) && ne.Timeout() {
		if b := bubbleOf(c.t); b != nil {
			if len(r.data) == 0 {
				return r.data, Textf("nothing came back within %v on the test's clock%s",
					"测试时钟走过 %v，什么也没有收到%s", duration(Patience), b.snapshot())
			}
			return r.data, Textf("only %s came back within %v on the test's clock%s",
				"测试时钟走过 %[2]v，只收到了 %[1]s%[3]s", partial(r.data, n), duration(Patience), b.snapshot())
		}
		if len(r.data) == 0 {
			return r.data, (Textf("nothing came back within %v", "%v内什么也没有收到", duration(RealPatience)))
		}
		return r.data, (Textf("only %s came back within %v", "%[2]v内只收到了 %[1]s", partial(r.data, n), duration(RealPatience)))
	}
	if errors.Is(r.err, io.ErrUnexpectedEOF) {
		return r.data, (Textf("the server closed the connection after sending only %s",
			"服务器只发来 %s 就关闭了连接", partial(r.data, n)))
	}
	return r.data, r.err
}

func isReset(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "connection reset") ||
		strings.Contains(err.Error(), "broken pipe"))
}

// Text is a message in both languages. Messages are built as Texts and
// turned into the learner's language only when printed (String), so that a
// message made of parts (a client's name, what it was doing, why it
// failed) reads as one English sentence and one Chinese one in "both"
// mode, never as a mix.
type Text struct{ En, Zh string }

// T is a Text: en and zh say the same thing.
func T(en, zh string) Text { return Text{en, zh} }

// String is the Text in the learner's language (see Say).
func (t Text) String() string { return Say(t.En, t.Zh) }

// Error makes a Text usable as an error whose message is in the learner's
// language.
func (t Text) Error() string { return t.String() }

// Textf formats en and zh, each with args: an argument that is a Text
// (also as an error, wrapped or not) is put in as its own language's text,
// so either language reads whole.
func Textf(en, zh string, args ...any) Text {
	return Text{fmt.Sprintf(en, in(args, false)...), fmt.Sprintf(zh, in(args, true)...)}
}

// in returns args with each Text replaced by its English or Chinese text.
func in(args []any, zh bool) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = a
		var t Text
		switch v := a.(type) {
		case Text:
			t = v
		case error:
			if !errors.As(v, &t) {
				continue
			}
		default:
			continue
		}
		if zh {
			out[i] = t.Zh
		} else {
			out[i] = t.En
		}
	}
	return out
}

// text is a message given as a Text or as a string that is the same in
// both languages (as callers that pass Say's result do).
func text(message any) Text {
	switch m := message.(type) {
	case Text:
		return m
	case string:
		return Text{m, m}
	}
	s := fmt.Sprint(message)
	return Text{s, s}
}

// textf is Textf for a message given as a Text or a string (see text).
func textf(message any, args []any) Text {
	m := text(message)
	if len(args) == 0 {
		return m
	}
	return Textf(m.En, m.Zh, args...)
}

// Subject is name (a Text or a string) as the subject of a Chinese
// sentence that follows it at once, with no space ("%s无法连接到服务器"):
// it puts a space after name when name ends in a Latin letter, digit or
// sign (Serve 无法…, as Chinese sets Latin words apart), none when it ends
// in Chinese (客户端无法…). In English it is name. Tests use it for a
// subject they are given: Textf("%s failed", "%s失败了", Subject(what)).
func Subject(name any) Text {
	t := text(name)
	if r, _ := utf8.DecodeLastRuneInString(t.Zh); r < 0x2e80 && r != utf8.RuneError {
		t.Zh += " "
	}
	return t
}

// duration is d in both languages: as Go writes it in English (5s, 1.5s,
// 300ms), with its unit in words in Chinese (5 秒, 1.5 秒, 300 毫秒), which
// a Chinese sentence takes at once after it (5 秒内).
func duration(d time.Duration) Text {
	unit, name := time.Nanosecond, "纳秒"
	switch {
	case d >= time.Minute && d%time.Minute == 0:
		unit, name = time.Minute, "分钟"
	case d >= time.Second:
		unit, name = time.Second, "秒"
	case d >= time.Millisecond:
		unit, name = time.Millisecond, "毫秒"
	case d >= time.Microsecond:
		unit, name = time.Microsecond, "微秒"
	}
	n := strconv.FormatFloat(float64(d)/float64(unit), 'f', -1, 64)
	return Text{d.String(), n + " " + name}
}
