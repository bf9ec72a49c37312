package memnet

import (
	"io"
	"net"
	"os"
	"sync"
	"syscall"
	"time"
)

// link is what the two ends of one connection share. One mutex guards
// both directions and both ends; it is never held across a wait: a
// waiting goroutine holds only a receive on changed, which every change
// closes and replaces.
type link struct {
	mu      sync.Mutex
	changed chan struct{}
	dir     [2]direction // dir[i] carries the bytes end i writes to end 1-i
}

// direction is one way of a connection: a ring of at most window unread
// bytes, and how its two ends have finished with it.
type direction struct {
	// ring grows as unread bytes need it, up to window: 2,000
	// connections that each carry a few bytes cost little, where rings
	// made at their full window cost 256 MiB for them (948 MB resident
	// under -race).
	ring     []byte
	window   int
	start, n int   // the unread bytes: n of them from ring[start], wrapping
	shut     bool  // the writer sent its end of stream (CloseWrite or Close)
	reset    bool  // the writer reset the connection: once the unread bytes are read, reads fail
	gone     error // the reader closed its end: writes fail with this
	readers  int   // goroutines waiting in Read for bytes
	writers  int   // goroutines waiting in Write for room
}

// put copies as much of p as fits and returns how much that was.
func (d *direction) put(p []byte) int {
	if need := min(d.n+len(p), d.window); need > len(d.ring) {
		ring := make([]byte, min(d.window, max(need, 2*len(d.ring), 512)))
		d.n = d.take(ring) // the unread bytes, from ring[0]
		d.ring, d.start = ring, 0
	}
	total := 0
	for len(p) > 0 && d.n < len(d.ring) {
		end := (d.start + d.n) % len(d.ring)
		room := len(d.ring) - d.n
		if end+room > len(d.ring) {
			room = len(d.ring) - end
		}
		k := copy(d.ring[end:end+room], p)
		d.n += k
		total += k
		p = p[k:]
	}
	return total
}

// take copies unread bytes into p and returns how many.
func (d *direction) take(p []byte) int {
	total := 0
	for len(p) > 0 && d.n > 0 {
		k := copy(p, d.ring[d.start:min(d.start+d.n, len(d.ring))])
		d.start = (d.start + k) % len(d.ring)
		d.n -= k
		total += k
		p = p[k:]
	}
	if d.n == 0 {
		d.start = 0
	}
	return total
}

// A Conn is one end of a connection: a net.Conn with TCP's CloseWrite and
// SetLinger, and methods that let a test see what the other side of the
// conversation is doing.
type Conn struct {
	link         *link
	side         int // index of this end in link.dir
	peer         *Conn
	laddr, raddr *net.TCPAddr
	done         chan struct{} // closed by Close

	// Guarded by link.mu.
	closed   bool
	linger0  bool      // SetLinger(0): Close resets the connection
	rdl, wdl time.Time // read and write deadlines; zero means none
	writes   int       // Write calls
	failing  int       // calls in a row that failed at once
	net      *Network  // for stalls; nil for a link made without one
}

// newLink makes a connection between a client at caddr, which holds at
// most cwin unread bytes, and a server at saddr, which holds swin.
func newLink(caddr, saddr *net.TCPAddr, cwin, swin int, n *Network) (client, server *Conn) {
	l := &link{changed: make(chan struct{})}
	l.dir[0].window = swin // client → server
	l.dir[1].window = cwin // server → client
	client = &Conn{link: l, side: 0, laddr: caddr, raddr: saddr, done: make(chan struct{}), net: n}
	server = &Conn{link: l, side: 1, laddr: saddr, raddr: caddr, done: make(chan struct{}), net: n}
	client.peer, server.peer = server, client
	return client, server
}

func (l *link) broadcastLocked() {
	close(l.changed)
	l.changed = make(chan struct{})
}

// waitLocked waits, with l.mu released, for the next change to the link
// or for deadline (none when zero). counter counts the goroutines waiting.
func (l *link) waitLocked(counter *int, deadline time.Time) {
	ch := l.changed
	*counter++
	l.mu.Unlock()
	if deadline.IsZero() {
		<-ch
	} else {
		timer := time.NewTimer(time.Until(deadline))
		select {
		case <-ch:
		case <-timer.C:
		}
		timer.Stop()
	}
	l.mu.Lock()
	*counter--
}

func expired(deadline time.Time) bool {
	return !deadline.IsZero() && !time.Now().Before(deadline)
}

// opError wraps err as package net does for an operation on this end.
func (c *Conn) opError(op string, err error) error {
	return &net.OpError{Op: op, Net: "tcp", Source: c.laddr, Addr: c.raddr, Err: err}
}

// failLocked unlocks the link and returns err from op, wrapped (io.EOF
// stays as is, as net.Conn returns it). A call that failed without
// waiting counts towards SpinLimit, and the one that reaches it stalls.
func (c *Conn) failLocked(op string, err error, waited bool) error {
	if waited {
		c.failing = 0
	} else {
		c.failing++
	}
	spun := c.failing >= SpinLimit
	c.link.mu.Unlock()
	if err != io.EOF {
		err = c.opError(op, err)
	}
	if spun && c.net != nil {
		c.net.stall(Stall{Op: op, Addr: c.laddr, Err: err}) // never returns
	}
	return err
}

// Read reads what the peer wrote, waiting until there is something: at
// most len(p) bytes, as many as are there. Once the peer has closed its
// side and every byte is read, it returns io.EOF, or a reset error when
// the peer reset the connection.
func (c *Conn) Read(p []byte) (int, error) {
	l := c.link
	l.mu.Lock()
	d := &l.dir[1-c.side]
	waited := false
	for {
		var err error
		switch {
		case c.closed:
			err = net.ErrClosed
		case expired(c.rdl):
			err = os.ErrDeadlineExceeded
		case len(p) == 0:
			l.mu.Unlock()
			return 0, nil
		case d.n > 0:
			k := d.take(p)
			c.failing = 0
			l.broadcastLocked()
			l.mu.Unlock()
			return k, nil
		case d.reset:
			err = os.NewSyscallError("read", syscall.ECONNRESET)
		case d.shut:
			err = io.EOF
		}
		if err != nil {
			return 0, c.failLocked("read", err, waited)
		}
		l.waitLocked(&d.readers, c.rdl)
		waited = true
	}
}

// Write writes all of p, waiting for room in the window whenever the peer
// has not read enough of what came before. It fails once this end is
// closed or shut (CloseWrite), or the peer closed its end; then, and at a
// deadline, it returns how many bytes went in first.
func (c *Conn) Write(p []byte) (int, error) {
	l := c.link
	l.mu.Lock()
	d := &l.dir[c.side]
	c.writes++
	written, waited := 0, false
	for {
		var err error
		switch {
		case c.closed:
			err = net.ErrClosed
		case expired(c.wdl):
			err = os.ErrDeadlineExceeded
		case d.gone != nil:
			err = d.gone
		case d.shut:
			err = os.NewSyscallError("write", syscall.EPIPE)
		case written == len(p):
			c.failing = 0
			l.mu.Unlock()
			return written, nil
		case d.n < d.window:
			k := d.put(p[written:])
			written += k
			c.net.moved.Add(int64(k))
			l.broadcastLocked()
			continue
		}
		if err != nil {
			return written, c.failLocked("write", err, waited || written > 0)
		}
		l.waitLocked(&d.writers, c.wdl)
		waited = true
	}
}

// Close closes this end. Its own calls then fail with net.ErrClosed. The
// peer reads what is left and then io.EOF, and its writes fail ("broken
// pipe"); but if this end leaves bytes unread, or SetLinger(0) was
// called, the connection is reset, as TCP resets it: the peer's reads,
// once what is left is read, and its writes fail with "connection reset
// by peer".
func (c *Conn) Close() error {
	l := c.link
	l.mu.Lock()
	defer l.mu.Unlock()
	if c.closed {
		return c.opError("close", net.ErrClosed)
	}
	c.closed = true
	close(c.done)
	out, in := &l.dir[c.side], &l.dir[1-c.side]
	out.shut = true
	if c.linger0 || in.n > 0 {
		out.reset = true
		in.gone = os.NewSyscallError("write", syscall.ECONNRESET)
	} else {
		in.gone = os.NewSyscallError("write", syscall.EPIPE)
	}
	in.ring, in.start, in.n = nil, 0, 0 // never to be read
	l.broadcastLocked()
	return nil
}

// CloseWrite shuts this end's writing side (a TCP half-close): the peer
// reads io.EOF after the bytes already written, and can still write to
// this end, which can still read. Writing afterwards fails.
func (c *Conn) CloseWrite() error {
	l := c.link
	l.mu.Lock()
	defer l.mu.Unlock()
	if c.closed {
		return c.opError("close", net.ErrClosed)
	}
	l.dir[c.side].shut = true
	l.broadcastLocked()
	return nil
}

// SetLinger(0) makes Close reset the connection, as it does on a TCP
// connection; any other value restores the default.
func (c *Conn) SetLinger(sec int) error {
	return c.set(func() { c.linger0 = sec == 0 })
}

// SetDeadline sets both the read and the write deadline.
func (c *Conn) SetDeadline(t time.Time) error {
	return c.set(func() { c.rdl, c.wdl = t, t })
}

// SetReadDeadline makes Read, waiting or later, fail with
// os.ErrDeadlineExceeded from t on (the zero time: never). Inside a
// bubble, t is on the bubble's clock.
func (c *Conn) SetReadDeadline(t time.Time) error {
	return c.set(func() { c.rdl = t })
}

// SetWriteDeadline is SetReadDeadline for Write.
func (c *Conn) SetWriteDeadline(t time.Time) error {
	return c.set(func() { c.wdl = t })
}

// set changes this end's settings with f and wakes its waiting calls, so
// that they look at their deadline again.
func (c *Conn) set(f func()) error {
	l := c.link
	l.mu.Lock()
	defer l.mu.Unlock()
	if c.closed {
		return c.opError("set", net.ErrClosed)
	}
	f()
	l.broadcastLocked()
	return nil
}

// LocalAddr is this end's address.
func (c *Conn) LocalAddr() net.Addr { return c.laddr }

// RemoteAddr is the peer's address.
func (c *Conn) RemoteAddr() net.Addr { return c.raddr }

// Peer is the other end of the connection: for a test holding the client
// end, the end the server accepted.
func (c *Conn) Peer() *Conn { return c.peer }

// Writes is how many times Write has been called on this end.
func (c *Conn) Writes() int {
	c.link.mu.Lock()
	defer c.link.mu.Unlock()
	return c.writes
}

// Buffered is how many bytes this end can read without waiting.
func (c *Conn) Buffered() int {
	c.link.mu.Lock()
	defer c.link.mu.Unlock()
	return c.link.dir[1-c.side].n
}

// Reading reports whether a goroutine waits in Read on this end.
func (c *Conn) Reading() bool {
	c.link.mu.Lock()
	defer c.link.mu.Unlock()
	return c.link.dir[1-c.side].readers > 0
}

// Writing reports whether a goroutine waits in Write on this end, for the
// peer to read.
func (c *Conn) Writing() bool {
	c.link.mu.Lock()
	defer c.link.mu.Unlock()
	return c.link.dir[c.side].writers > 0
}

// Closed reports whether Close was called on this end.
func (c *Conn) Closed() bool {
	c.link.mu.Lock()
	defer c.link.mu.Unlock()
	return c.closed
}

// Done is closed once Close is called on this end.
func (c *Conn) Done() <-chan struct{} { return c.done }
