package harness

import (
	"errors"
	"math/rand/v2"
	"net"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// The checks below hold for every Serve in the course that echoes: the
// sequential one of exercise 1 and the concurrent ones after it. Each takes
// the Serve under test.

// ServeFunc is the shape of every echo server's Serve.
type ServeFunc = func(net.Listener) error

// CheckEchoes requires what a client sends to come back unchanged.
func CheckEchoes(t *testing.T, serve ServeFunc) {
	t.Helper()
	CheckLeaks(t)
	srv := Start(t, "Serve", serve)
	c := srv.Dial("the client")
	for _, msg := range []string{"hello", ", ", "world\n", "€ and 中文 are bytes too"} {
		c.RoundTrip(msg)
	}
}

// CheckEchoesEachChunkAtOnce requires each chunk to be echoed as soon as it
// arrives, not at the end of a line or of the connection.
func CheckEchoesEachChunkAtOnce(t *testing.T, serve ServeFunc) {
	t.Helper()
	CheckLeaks(t)
	srv := Start(t, "Serve", serve)
	c := srv.Dial("the client")
	// No newline and no close: a server that waits for either never answers.
	c.Send([]byte("ping"))
	c.Expect([]byte("ping"), `after sending "ping" with no newline, while keeping the connection open `+
		`(write back each chunk as soon as Read returns it, not at the end of a line or of the connection)`)
	c.RoundTrip("pong")
}

// CheckEchoesLargePayload requires 1 MiB of random bytes, sent while the
// echo is being read, to come back exactly.
func CheckEchoesLargePayload(t *testing.T, serve ServeFunc) {
	t.Helper()
	CheckLeaks(t)
	srv := Start(t, "Serve", serve)
	c := srv.Dial("the client")
	payload := RandomBytes(1<<20, 1)
	// Write from another goroutine: the echo comes back while we still send,
	// and nobody reading it would fill both sockets' buffers and stall.
	sent := make(chan error, 1)
	go func() {
		_, err := c.Conn.Write(payload)
		sent <- err
	}()
	c.Expect(payload, "sending 1 MiB of random bytes (check that you write back exactly the n bytes Read returned)")
	require.NoError(t, Within(t, sent, "the 1 MiB write never finished"), "sending 1 MiB")
}

// CheckClosesWhenClientCloses requires data sent just before the client
// closes its side to be echoed, and then the connection to be closed.
func CheckClosesWhenClientCloses(t *testing.T, serve ServeFunc) {
	t.Helper()
	CheckLeaks(t)
	srv := Start(t, "Serve", serve)
	c := srv.Dial("the client")
	c.RoundTrip("first")
	c.Send([]byte("last words"))
	require.NoError(t, c.Conn.CloseWrite(), "closing the client's side")
	c.Expect([]byte("last words"), "after sending \"last words\" and closing its side of the connection "+
		"(what was read before the end must still be echoed)")
	c.ExpectEOF("after the client closed its side and got its echo (the server must close the connection then)")
}

// CheckSurvivesFailedConnection requires a connection whose Read or Write
// fails to be closed, and the next client to be served.
func CheckSurvivesFailedConnection(t *testing.T, serve ServeFunc) {
	t.Helper()
	tests := []struct {
		name string
		conn *BadConn
	}{
		{"reset while reading", NewBadConn(nil, Reset(), nil)},
		{"reset after some data", NewBadConn([]byte("partial"), Reset(), nil)},
		{"write fails", NewBadConn([]byte("hello"), Reset(),
			&net.OpError{Op: "write", Net: "tcp", Err: syscall.EPIPE})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			CheckLeaks(t)
			ln := NewScripted(t, Accepted{Conn: tt.conn})
			srv := StartOn(t, "Serve", ln, serve)
			Await(srv, tt.conn.Closed(), "a connection that failed (%s) was never closed", tt.name)
			c := srv.Dial("a client that came after a failed connection")
			c.RoundTrip("still there?")
		})
	}
}

// CheckReturnsNilWhenListenerClosed requires Serve to return nil once its
// listener is closed.
func CheckReturnsNilWhenListenerClosed(t *testing.T, serve ServeFunc) {
	t.Helper()
	CheckLeaks(t)
	srv := Start(t, "Serve", serve)
	c := srv.Dial("a client")
	c.RoundTrip("one")
	c.Conn.Close()
	srv.Stop("Serve")
}

// CheckReturnsOtherAcceptErrors requires any Accept error other than
// net.ErrClosed to be returned.
func CheckReturnsOtherAcceptErrors(t *testing.T, serve ServeFunc) {
	t.Helper()
	CheckLeaks(t)
	errAccept := errors.New("accept: too many open files")
	ln := NewScripted(t, Accepted{Err: errAccept})
	srv := StartOn(t, "Serve", ln, serve)
	r := srv.Wait("Serve did not return after Accept failed with %q "+
		"(only net.ErrClosed means \"stop and return nil\"; any other Accept error must be returned)", errAccept)
	require.NoError(t, r.Panic, "Serve panicked")
	require.ErrorIs(t, r.Value, errAccept, "Serve must return the Accept error it got")
}

// RandomBytes returns n reproducible pseudo-random bytes; seed picks which.
func RandomBytes(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 2))
	p := make([]byte, n)
	for i := range p {
		p[i] = byte(rng.UintN(256))
	}
	return p
}

// CheckIdleClientDoesNotBlockOthers requires a second client to be served
// while a first one is connected and silent.
func CheckIdleClientDoesNotBlockOthers(t *testing.T, serve ServeFunc) {
	t.Helper()
	CheckLeaks(t)
	srv := Start(t, "Serve", serve)
	idle := srv.Dial("the first client")
	// The round trip proves the server is busy with this client before the
	// second one arrives.
	idle.RoundTrip("hello, then silence")
	other := srv.Dial("a second client, while the first one was connected and idle")
	other.Send([]byte("anyone?"))
	other.Expect([]byte("anyone?"), "waiting for its echo (handle each connection in its own goroutine, "+
		"so that Serve goes back to Accept at once)")
	idle.RoundTrip("still here")
}
