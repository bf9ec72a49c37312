package harness

import (
	"net"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Scripted is a listener on 127.0.0.1 whose Accept first returns the scripted
// results, in order, and then accepts real connections.
type Scripted struct {
	net.Listener
	mu     sync.Mutex
	script []Accepted
	// Used is closed once every scripted result has been handed out.
	Used chan struct{}
}

// Accepted is one scripted result of Accept: a connection or an error.
type Accepted struct {
	Conn net.Conn
	Err  error
}

// NewScripted returns a Scripted listener, closed when the test ends.
func NewScripted(t *testing.T, script ...Accepted) *Scripted {
	t.Helper()
	s := &Scripted{Listener: Listen(t), script: script, Used: make(chan struct{})}
	if len(script) == 0 {
		close(s.Used)
	}
	return s
}

// Accept hands out the next scripted result, or a real connection once the
// script is used up.
func (s *Scripted) Accept() (net.Conn, error) {
	s.mu.Lock()
	if len(s.script) > 0 {
		next := s.script[0]
		s.script = s.script[1:]
		if len(s.script) == 0 {
			close(s.Used)
		}
		s.mu.Unlock()
		return next.Conn, next.Err
	}
	s.mu.Unlock()
	return s.Listener.Accept()
}

// BadConn is a connection that fails: Read returns ReadData once and then
// ReadErr; Write returns WriteErr if it is set. It records being closed.
type BadConn struct {
	ReadData []byte
	ReadErr  error
	WriteErr error

	mu     sync.Mutex
	closed chan struct{}
}

// Reset returns the error a connection reset by its peer reports. It is a
// function, not a variable, so that code under test cannot change what the
// tests use.
func Reset() error { return &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET} }

// NewBadConn returns a connection whose reads fail with readErr after
// delivering data, and whose writes fail with writeErr when it is not nil.
func NewBadConn(data []byte, readErr, writeErr error) *BadConn {
	return &BadConn{ReadData: data, ReadErr: readErr, WriteErr: writeErr, closed: make(chan struct{})}
}

// Read delivers ReadData once, then fails with ReadErr.
func (c *BadConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.ReadData) > 0 {
		n := copy(p, c.ReadData)
		c.ReadData = c.ReadData[n:]
		return n, nil
	}
	return 0, c.ReadErr
}

// Write fails with WriteErr, or pretends to succeed.
func (c *BadConn) Write(p []byte) (int, error) {
	if c.WriteErr != nil {
		return 0, c.WriteErr
	}
	return len(p), nil
}

// Close records that the connection was closed.
func (c *BadConn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case <-c.closed:
	default:
		close(c.closed)
	}
	return nil
}

// Closed is closed once Close has been called.
func (c *BadConn) Closed() <-chan struct{} { return c.closed }

// LocalAddr returns a fixed loopback address.
func (c *BadConn) LocalAddr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1} }

// RemoteAddr returns a fixed loopback address.
func (c *BadConn) RemoteAddr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 2} }

// SetDeadline does nothing: a BadConn never blocks.
func (c *BadConn) SetDeadline(time.Time) error { return nil }

// SetReadDeadline does nothing: a BadConn never blocks.
func (c *BadConn) SetReadDeadline(time.Time) error { return nil }

// SetWriteDeadline does nothing: a BadConn never blocks.
func (c *BadConn) SetWriteDeadline(time.Time) error { return nil }

// StuckConn is a connection whose peer never reads: Read delivers its data
// once and then blocks, and Write blocks until Release. Writing tells the
// test, by a handshake rather than a guess, that the server is stuck in a
// Write to it.
type StuckConn struct {
	data     []byte
	mu       sync.Mutex
	writing  chan struct{} // closed when the first Write starts
	released chan struct{} // closed by Release
	held     []byte        // what the first Write was given, copied once released
	copied   chan struct{} // closed once held is set
	once     sync.Once
	wonce    sync.Once
}

// NewStuckConn returns a connection that delivers data to its first Read
// and never takes a byte written to it until Release.
func NewStuckConn(data []byte) *StuckConn {
	return &StuckConn{data: data, writing: make(chan struct{}), released: make(chan struct{}),
		copied: make(chan struct{})}
}

// errStuckReleased is what Read and Write return once the test released
// the connection: as if the client had gone away.
var errStuckReleased = &net.OpError{Op: "write", Net: "tcp", Err: syscall.ECONNRESET}

// Read delivers the data once, then blocks until Release.
func (c *StuckConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	if len(c.data) > 0 {
		n := copy(p, c.data)
		c.data = c.data[n:]
		c.mu.Unlock()
		return n, nil
	}
	c.mu.Unlock()
	<-c.released
	return 0, errStuckReleased
}

// Write blocks until Release, then fails as a write to a reset connection.
// The first Write copies the bytes it was given only once released, so
// Held shows whether the server changed them while it waited.
func (c *StuckConn) Write(p []byte) (int, error) {
	first := false
	c.wonce.Do(func() {
		first = true
		close(c.writing)
	})
	<-c.released
	if first {
		c.held = append([]byte(nil), p...)
		close(c.copied)
	}
	return 0, errStuckReleased
}

// Held is closed once the first Write, released, has copied what it was
// given; then Bytes returns that copy.
func (c *StuckConn) Held() <-chan struct{} { return c.copied }

// Bytes is what the first Write was given, as it was when released. Call
// it only once Held is closed.
func (c *StuckConn) Bytes() []byte { return c.held }

// Writing is closed once a Write has started: the server is stuck in it.
func (c *StuckConn) Writing() <-chan struct{} { return c.writing }

// Release makes every blocked and later Read and Write fail, so the
// server's goroutine for this connection can end.
func (c *StuckConn) Release() { c.once.Do(func() { close(c.released) }) }

// Close releases the connection too: closing a connection unblocks its
// reads and writes.
func (c *StuckConn) Close() error {
	c.Release()
	return nil
}

// LocalAddr returns a fixed loopback address.
func (c *StuckConn) LocalAddr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1} }

// RemoteAddr returns a fixed loopback address.
func (c *StuckConn) RemoteAddr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 3} }

// SetDeadline is accepted and ignored: the test releases the connection.
func (c *StuckConn) SetDeadline(time.Time) error { return nil }

// SetReadDeadline is accepted and ignored.
func (c *StuckConn) SetReadDeadline(time.Time) error { return nil }

// SetWriteDeadline is accepted and ignored.
func (c *StuckConn) SetWriteDeadline(time.Time) error { return nil }
