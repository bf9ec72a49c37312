package harness

import (
	"net"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Scripted is a listener (see Listen) whose Accept first returns the
// scripted results, in order, and then accepts the connections clients
// dial. In a Bubble, a memnet.Listener's FailAccept and a client's Reset
// often do the same more simply.
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
