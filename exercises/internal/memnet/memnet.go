// Package memnet is an in-memory TCP-like network for the exercises'
// tests: listeners and connections that need no socket, so that every wait
// on them is durably blocking inside a testing/synctest bubble (a bubble's
// clock moves, and synctest.Wait returns, only when every goroutine in it
// is durably blocked; a goroutine in a real socket's read never is).
//
// Connections behave like TCP where the exercises can tell: bytes arrive in
// order; each direction holds a bounded window of unread bytes, and a
// Write blocks while the window is full (back-pressure); CloseWrite is a
// half-close (the peer reads io.EOF and can still write); Close makes the
// peer read io.EOF (or "connection reset by peer" when the closer left
// bytes unread, as a TCP reset does) and fail its writes, while the
// closer's own calls fail with net.ErrClosed; deadlines follow the clock of
// the goroutine that blocks (the bubble's, inside one) and fail with
// os.ErrDeadlineExceeded. Errors are *net.OpError values shaped like those
// of package net.
//
// Every blocking wait is a channel receive or a select on channels and
// timers, never a mutex held across a wait, so a goroutine blocked in
// Accept, Read or Write is durably blocked when the network was made in
// the same bubble. Make a Network inside the bubble that uses it (or
// outside every bubble): a bubble's channels must not be used from outside
// it.
//
// One deliberate difference from TCP: a call that fails at once, again
// and again, on the same listener or connection (SpinLimit times in a row,
// with no success in between) no longer returns; it blocks for good and
// is recorded as a Stall. A loop that retries after net.ErrClosed or
// io.EOF would otherwise spin for ever, and a spinning goroutine keeps a
// bubble from ever being idle; blocked, it is reported at its line.
package memnet

import (
	"context"
	"fmt"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
)

// DefaultWindow is how many unread bytes each direction of a connection
// holds before a Write blocks, unless the connection was dialed with
// DialWindow.
const DefaultWindow = 64 << 10

// SpinLimit is how many calls in a row may fail at once on one listener
// or connection before the next one blocks for good (see Stall).
const SpinLimit = 1000

// Ports handed out: listeners count up from firstListenPort, dialing
// clients from firstClientPort, so that addresses look like loopback TCP.
const (
	firstListenPort = 7000
	firstClientPort = 50000
)

// A Network is a set of listeners that clients dial by address. Its zero
// value is not usable: call New.
type Network struct {
	mu         sync.Mutex
	listeners  map[int]*Listener // open listeners by port
	listenPort int
	clientPort int
	stalls     []Stall
	moved      atomic.Int64 // see Moved
}

// New returns an empty network. Make it inside the bubble that uses it.
func New() *Network {
	return &Network{listeners: map[int]*Listener{}, listenPort: firstListenPort, clientPort: firstClientPort}
}

// Moved is how many bytes have been written into the network's
// connections, and connections dialed and accepted, so far: a number that
// grows while its users make progress. It may be read from any goroutine,
// inside the bubble or not.
func (n *Network) Moved() int64 { return n.moved.Load() }

// Stall records a goroutine that called the same failing operation
// SpinLimit times in a row and is now blocked in it for good.
type Stall struct {
	// Op is what was called: "accept", "read" or "write".
	Op string
	// Addr is the listener's address, or the connection's local address.
	Addr net.Addr
	// Err is what the calls returned.
	Err error
}

// Stalls returns the stalls so far, oldest first.
func (n *Network) Stalls() []Stall {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]Stall(nil), n.stalls...)
}

// stall records s and blocks the calling goroutine for good. The channel
// is never closed: inside a bubble this is a durable block that the
// bubble reports, at the caller's line.
func (n *Network) stall(s Stall) {
	n.mu.Lock()
	n.stalls = append(n.stalls, s)
	n.mu.Unlock()
	<-make(chan struct{})
}

func loopback(port int) *net.TCPAddr {
	return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port}
}

// Listen returns a listener on a new port of 127.0.0.1.
func (n *Network) Listen() *Listener {
	n.mu.Lock()
	defer n.mu.Unlock()
	port := n.listenPort
	n.listenPort++
	l := &Listener{net: n, addr: loopback(port), changed: make(chan struct{}), done: make(chan struct{})}
	n.listeners[port] = l
	return l
}

// Dial connects to the listener at addr ("127.0.0.1:7000"), with the
// default window in both directions. Like TCP, it does not wait for
// Accept: the connection waits in the listener's backlog. Nothing
// listening there is "connection refused".
func (n *Network) Dial(addr string) (*Conn, error) {
	return n.DialWindow(addr, DefaultWindow)
}

// DialWindow is Dial for a client that holds at most window unread bytes
// (at least 1): the server's Write to it blocks once that many bytes wait
// for the client to read them. The other direction has the default window.
func (n *Network) DialWindow(addr string, window int) (*Conn, error) {
	raddr, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: err}
	}
	n.mu.Lock()
	l := n.listeners[raddr.Port]
	port := n.clientPort
	n.clientPort++
	n.mu.Unlock()
	if l == nil {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Addr: raddr,
			Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	}
	client, server := newLink(loopback(port), l.addr, max(1, window), DefaultWindow, n)
	n.moved.Add(1)
	if !l.enqueue(server) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Addr: raddr,
			Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	}
	return client, nil
}

// DialContext is Dial with the signature of net.Dialer.DialContext, for
// clients that take a dial function (go-redis's Options.Dialer). network
// must be "tcp", "tcp4" or "tcp6". ctx is not consulted: dialing never
// blocks.
func (n *Network) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	switch network {
	case "tcp", "tcp4", "tcp6":
	default:
		return nil, &net.OpError{Op: "dial", Net: network, Err: net.UnknownNetworkError(network)}
	}
	c, err := n.Dial(addr)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// forget removes a closed listener, so that dialing its port is refused.
func (n *Network) forget(l *Listener) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.listeners[l.addr.Port] == l {
		delete(n.listeners, l.addr.Port)
	}
}

// A Listener is a net.Listener on a Network.
type Listener struct {
	net  *Network
	addr *net.TCPAddr

	mu        sync.Mutex
	changed   chan struct{} // closed and replaced on every change below
	backlog   []*Conn       // server ends dialed and not yet accepted
	fails     []error       // injected Accept errors, returned first
	closed    bool
	done      chan struct{} // closed by Close
	accepting int           // goroutines waiting in Accept
	failing   int           // Accept calls in a row that failed at once
}

// Accept waits for a connection and returns its server end: a *Conn. Once
// the listener is closed it returns an *net.OpError wrapping
// net.ErrClosed, as a closed TCP listener does. An error given to
// FailAccept comes first, as is.
func (l *Listener) Accept() (net.Conn, error) {
	l.mu.Lock()
	for {
		switch {
		case len(l.fails) > 0:
			err := l.fails[0]
			l.fails = l.fails[1:]
			l.mu.Unlock()
			return nil, err
		case l.closed:
			l.failing++
			spun := l.failing >= SpinLimit
			l.mu.Unlock()
			err := &net.OpError{Op: "accept", Net: "tcp", Addr: l.addr, Err: net.ErrClosed}
			if spun {
				l.net.stall(Stall{Op: "accept", Addr: l.addr, Err: err}) // never returns
			}
			return nil, err
		case len(l.backlog) > 0:
			c := l.backlog[0]
			l.backlog = l.backlog[1:]
			l.failing = 0
			l.net.moved.Add(1)
			l.mu.Unlock()
			return c, nil
		}
		ch := l.changed
		l.accepting++
		l.mu.Unlock()
		<-ch
		l.mu.Lock()
		l.accepting--
	}
}

// Close closes the listener: Accept, waiting or later, fails with
// net.ErrClosed, dialing its address is refused, and the connections
// still in its backlog are reset. Closing it again returns an error
// wrapping net.ErrClosed.
func (l *Listener) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return &net.OpError{Op: "close", Net: "tcp", Addr: l.addr, Err: net.ErrClosed}
	}
	l.closed = true
	close(l.done)
	backlog := l.backlog
	l.backlog = nil
	l.broadcastLocked()
	l.mu.Unlock()
	l.net.forget(l)
	for _, c := range backlog {
		c.SetLinger(0)
		c.Close()
	}
	return nil
}

// Addr is the listener's address on 127.0.0.1.
func (l *Listener) Addr() net.Addr { return l.addr }

// FailAccept makes the next Accept (one waiting now, or the next call)
// return err, as is.
func (l *Listener) FailAccept(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fails = append(l.fails, err)
	l.broadcastLocked()
}

// Accepting reports whether a goroutine is waiting in Accept.
func (l *Listener) Accepting() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.accepting > 0
}

// Backlog is how many dialed connections wait to be accepted.
func (l *Listener) Backlog() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.backlog)
}

// Closed reports whether Close was called.
func (l *Listener) Closed() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.closed
}

// Done is closed once Close is called.
func (l *Listener) Done() <-chan struct{} { return l.done }

// enqueue puts a new connection's server end in the backlog, unless the
// listener is closed.
func (l *Listener) enqueue(c *Conn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return false
	}
	l.backlog = append(l.backlog, c)
	l.broadcastLocked()
	return true
}

func (l *Listener) broadcastLocked() {
	close(l.changed)
	l.changed = make(chan struct{})
}

// String names the listener for messages: its address.
func (l *Listener) String() string { return fmt.Sprint("memnet listener ", l.addr) }
