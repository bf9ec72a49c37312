package memnet_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gospawn/workbook/exercises/internal/memnet"
)

// inAndOut runs f in a synctest bubble and then outside any, where waits
// are real: the network must work in both.
func inAndOut(t *testing.T, f func(t *testing.T)) {
	t.Run("in a bubble", func(t *testing.T) { synctest.Test(t, f) })
	t.Run("outside a bubble", f)
}

// pair returns both ends of a new connection on n, the client's dialed
// with window (DefaultWindow when 0).
func pair(t *testing.T, n *memnet.Network, window int) (client, server *memnet.Conn) {
	t.Helper()
	ln := n.Listen()
	if window == 0 {
		window = memnet.DefaultWindow
	}
	c, err := n.DialWindow(ln.Addr().String(), window)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	s, err := ln.Accept()
	if err != nil {
		t.Fatalf("Accept: %v", err)
	}
	if s.(*memnet.Conn) != c.Peer() {
		t.Fatal("Accept did not return the dialed connection's other end")
	}
	return c, c.Peer()
}

func randomBytes(n int) []byte {
	p := make([]byte, n)
	r := rand.NewChaCha8([32]byte{1})
	r.Read(p)
	return p
}

func TestBytesArriveInOrder(t *testing.T) {
	inAndOut(t, func(t *testing.T) {
		client, server := pair(t, memnet.New(), 1000)
		payload := randomBytes(1 << 20)
		go func() { // an echo, through windows far smaller than the payload
			io.Copy(server, server)
			server.Close()
		}()
		go func() {
			client.Write(payload)
			client.CloseWrite()
		}()
		got, err := io.ReadAll(client)
		if err != nil || !bytes.Equal(got, payload) {
			t.Fatalf("echo of 1 MiB: got %d bytes (equal: %v), err %v", len(got), bytes.Equal(got, payload), err)
		}
	})
}

func TestWriteWaitsForRoom(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, server := pair(t, memnet.New(), 4)
		wrote := make(chan int)
		go func() {
			n, _ := server.Write([]byte("hello world"))
			wrote <- n
		}()
		synctest.Wait()
		if !server.Writing() || client.Buffered() != 4 {
			t.Fatalf("with a window of 4, a Write of 11 bytes: Writing %v, client's Buffered %d", server.Writing(), client.Buffered())
		}
		var got []byte
		buf := make([]byte, 3)
		for len(got) < 11 {
			n, err := client.Read(buf)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, buf[:n]...)
		}
		if n := <-wrote; n != 11 || string(got) != "hello world" {
			t.Fatalf("Write returned %d; the client read %q", n, got)
		}
		synctest.Wait()
		if server.Writing() || client.Buffered() != 0 {
			t.Fatalf("after the Write: Writing %v, Buffered %d", server.Writing(), client.Buffered())
		}
	})
}

func TestCloseWriteIsAHalfClose(t *testing.T) {
	inAndOut(t, func(t *testing.T) {
		client, server := pair(t, memnet.New(), 0)
		client.Write([]byte("last words"))
		if err := client.CloseWrite(); err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(server)
		if err != nil || string(got) != "last words" {
			t.Fatalf("the server read %q, %v; want the bytes, then io.EOF", got, err)
		}
		if _, err := server.Write([]byte("reply")); err != nil {
			t.Fatalf("the server could not write after the client's half-close: %v", err)
		}
		server.Close()
		if got, err := io.ReadAll(client); err != nil || string(got) != "reply" {
			t.Fatalf("the client read %q, %v after its half-close", got, err)
		}
		if _, err := client.Write([]byte("more")); !errors.Is(err, syscall.EPIPE) {
			t.Fatalf("a Write after CloseWrite returned %v, want broken pipe", err)
		}
	})
}

func TestClose(t *testing.T) {
	tests := []struct {
		name      string
		unread    bool // the server leaves bytes the client wrote unread
		linger0   bool // the server calls SetLinger(0) first
		readEnd   error
		writeFail error
	}{
		{"with nothing unread", false, false, io.EOF, syscall.EPIPE},
		{"with bytes unread", true, false, syscall.ECONNRESET, syscall.ECONNRESET},
		{"after SetLinger(0)", false, true, syscall.ECONNRESET, syscall.ECONNRESET},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inAndOut(t, func(t *testing.T) {
				client, server := pair(t, memnet.New(), 0)
				server.Write([]byte("bye"))
				if tt.unread {
					client.Write([]byte("never read"))
				}
				if tt.linger0 {
					server.SetLinger(0)
				}
				if err := server.Close(); err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(client)
				if string(got) != "bye" {
					t.Errorf("the client read %q before the end, want what was written before Close", got)
				}
				if tt.readEnd == io.EOF && err != nil || tt.readEnd != io.EOF && !errors.Is(err, tt.readEnd) {
					t.Errorf("the client's reads ended with %v, want %v", err, tt.readEnd)
				}
				if _, err := client.Write([]byte("x")); !errors.Is(err, tt.writeFail) {
					t.Errorf("the client's Write returned %v, want %v", err, tt.writeFail)
				}
				for name, err := range map[string]error{
					"Read":            second(server.Read(make([]byte, 1))),
					"Write":           second(server.Write([]byte("x"))),
					"Close":           server.Close(),
					"SetReadDeadline": server.SetReadDeadline(time.Now()),
				} {
					var op *net.OpError
					if !errors.Is(err, net.ErrClosed) || !errors.As(err, &op) {
						t.Errorf("the closed end's %s returned %v, want a *net.OpError wrapping net.ErrClosed", name, err)
					}
				}
			})
		})
	}
}

func second[T any](_ T, err error) error { return err }

func TestCloseWakesWaitingCalls(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, server := pair(t, memnet.New(), 2)
		read, wrote := make(chan error), make(chan error)
		go func() { _, err := server.Read(make([]byte, 1)); read <- err }()
		go func() { _, err := server.Write([]byte("more than two")); wrote <- err }()
		synctest.Wait()
		if !server.Reading() || !server.Writing() {
			t.Fatalf("Reading %v, Writing %v: both calls should wait", server.Reading(), server.Writing())
		}
		client.Close() // leaving the two bytes it was sent unread: a reset
		if err := <-wrote; !errors.Is(err, syscall.ECONNRESET) {
			t.Errorf("the server's waiting Write returned %v once the client reset, want connection reset", err)
		}
		if err := <-read; !errors.Is(err, syscall.ECONNRESET) {
			t.Errorf("the server's waiting Read returned %v once the client reset, want connection reset", err)
		}
		client2, server2 := pair(t, memnet.New(), 0)
		go func() { _, err := server2.Read(make([]byte, 1)); read <- err }()
		synctest.Wait()
		server2.Close()
		if err := <-read; !errors.Is(err, net.ErrClosed) {
			t.Errorf("a Read waiting on the end being closed returned %v, want net.ErrClosed", err)
		}
		client2.Close()
	})
}

func TestDeadlines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, server := pair(t, memnet.New(), 1)
		start := time.Now()
		server.SetReadDeadline(start.Add(time.Second))
		_, err := server.Read(make([]byte, 1))
		var ne net.Error
		if !errors.As(err, &ne) || !ne.Timeout() || !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("Read past its deadline returned %v, want a net.Error with Timeout() wrapping os.ErrDeadlineExceeded", err)
		}
		if waited := time.Since(start); waited != time.Second {
			t.Errorf("Read failed after %v of the bubble's clock, want exactly 1s", waited)
		}
		if _, err := server.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("a Read after the deadline returned %v, want it to fail at once", err)
		}

		// A deadline moved while a call waits applies to that call.
		server.SetReadDeadline(time.Time{})
		client.Write([]byte("x"))
		server.SetWriteDeadline(time.Now().Add(time.Hour))
		wrote := make(chan error)
		go func() { _, err := server.Write([]byte("ab")); wrote <- err }() // the window holds 1
		synctest.Wait()
		server.SetWriteDeadline(time.Now().Add(time.Minute))
		start = time.Now()
		if err := <-wrote; !errors.Is(err, os.ErrDeadlineExceeded) || time.Since(start) != time.Minute {
			t.Errorf("Write returned %v after %v, want a time-out after the new deadline's 1m", err, time.Since(start))
		}
		if n, err := server.Read(make([]byte, 4)); n != 1 || err != nil {
			t.Errorf("after the time-outs, Read returned %d, %v; a time-out must not lose data", n, err)
		}
	})
}

func TestListener(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := memnet.New()
		ln := n.Listen()
		accepted := make(chan error)
		go func() { _, err := ln.Accept(); accepted <- err }()
		synctest.Wait()
		if !ln.Accepting() {
			t.Fatal("Accepting() is false while a goroutine waits in Accept")
		}
		errAccept := errors.New("accept: too many open files")
		ln.FailAccept(errAccept)
		if err := <-accepted; err != errAccept {
			t.Fatalf("Accept returned %v, want the injected error as is", err)
		}

		waiting, err := n.Dial(ln.Addr().String())
		if err != nil || ln.Backlog() != 1 {
			t.Fatalf("Dial: %v; backlog %d", err, ln.Backlog())
		}
		go func() { _, err := ln.Accept(); accepted <- err }()
		if err := <-accepted; err != nil {
			t.Fatalf("Accept of a dialed connection: %v", err)
		}
		go func() { _, err := ln.Accept(); accepted <- err }()
		unaccepted, _ := n.Dial(ln.Addr().String())
		synctest.Wait() // the waiting Accept took it; dial again for the backlog
		unaccepted, _ = n.Dial(ln.Addr().String())
		<-accepted
		if err := ln.Close(); err != nil {
			t.Fatal(err)
		}
		var op *net.OpError
		if _, err := ln.Accept(); !errors.Is(err, net.ErrClosed) || !errors.As(err, &op) || op.Op != "accept" {
			t.Errorf("Accept on a closed listener returned %v, want an accept *net.OpError wrapping net.ErrClosed", err)
		}
		if err := ln.Close(); !errors.Is(err, net.ErrClosed) {
			t.Errorf("closing twice returned %v, want net.ErrClosed", err)
		}
		if _, err := n.Dial(ln.Addr().String()); !errors.Is(err, syscall.ECONNREFUSED) {
			t.Errorf("dialing a closed listener returned %v, want connection refused", err)
		}
		if _, err := unaccepted.Read(make([]byte, 1)); !errors.Is(err, syscall.ECONNRESET) {
			t.Errorf("a connection left in the backlog read %v after the listener closed, want a reset", err)
		}
		if waiting.LocalAddr().String() == waiting.RemoteAddr().String() ||
			waiting.RemoteAddr().String() != ln.Addr().String() ||
			waiting.Peer().LocalAddr() != waiting.RemoteAddr() || waiting.Peer().RemoteAddr() != waiting.LocalAddr() {
			t.Errorf("addresses: client %v → %v, server %v → %v, listener %v", waiting.LocalAddr(), waiting.RemoteAddr(),
				waiting.Peer().LocalAddr(), waiting.Peer().RemoteAddr(), ln.Addr())
		}
	})
}

func TestClosedListenerWakesAccept(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ln := memnet.New().Listen()
		accepted := make(chan error)
		go func() { _, err := ln.Accept(); accepted <- err }()
		synctest.Wait()
		ln.Close()
		if err := <-accepted; !errors.Is(err, net.ErrClosed) {
			t.Fatalf("a waiting Accept returned %v when its listener closed, want net.ErrClosed", err)
		}
		<-ln.Done()
	})
}

func TestWritesAreCounted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, server := pair(t, memnet.New(), 0)
		for _, s := range []string{"+OK\r\n", "+PONG\r\n", ":1\r\n"} {
			server.Write([]byte(s))
		}
		if got := client.Peer().Writes(); got != 3 {
			t.Errorf("Writes() = %d after 3 Write calls", got)
		}
		if got := client.Writes(); got != 0 {
			t.Errorf("the client's Writes() = %d, want its own count, 0", got)
		}
	})
}

// TestRetryLoopsStall shows the one deliberate difference from TCP: a loop
// that keeps calling what keeps failing at once ends up blocked, where a
// bubble sees it, not spinning.
func TestRetryLoopsStall(t *testing.T) {
	tests := []struct {
		name string
		loop func(ln *memnet.Listener, server net.Conn)
		op   string
	}{
		{"Accept after Close", func(ln *memnet.Listener, _ net.Conn) {
			for {
				ln.Accept()
			}
		}, "accept"},
		{"Read after io.EOF", func(_ *memnet.Listener, server net.Conn) {
			for {
				server.Read(make([]byte, 8))
			}
		}, "read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The stalled goroutine stays blocked for good, so synctest
			// reports it when the bubble ends: that is expected here.
			defer func() {
				if v := recover(); v == nil || !strings.Contains(fmt.Sprint(v), "blocked goroutines remain") {
					t.Errorf("the bubble ended with %v, want synctest's report of the stalled goroutine", v)
				}
			}()
			synctest.Test(t, func(t *testing.T) {
				n := memnet.New()
				ln := n.Listen()
				client, _ := n.Dial(ln.Addr().String())
				server, _ := ln.Accept()
				client.Close()
				ln.Close()
				go tt.loop(ln, server)
				synctest.Wait() // returns only because the loop blocked
				stalls := n.Stalls()
				if len(stalls) != 1 || stalls[0].Op != tt.op {
					t.Fatalf("Stalls() = %v, want one %s", stalls, tt.op)
				}
			})
		})
	}
}

// TestBothWaysAtOnce sends a payload each way at the same time, through
// small windows, on several connections: run under -race, it checks the
// network's own locking.
func TestBothWaysAtOnce(t *testing.T) {
	inAndOut(t, func(t *testing.T) {
		n := memnet.New()
		payload := randomBytes(256 << 10)
		done := make(chan error)
		for range 4 {
			client, server := pair(t, n, 777)
			for _, end := range []*memnet.Conn{client, server} {
				go func() {
					wrote := make(chan error, 1)
					go func() {
						_, err := end.Write(payload)
						end.CloseWrite()
						wrote <- err
					}()
					got, err := io.ReadAll(end)
					if err == nil && !bytes.Equal(got, payload) {
						err = fmt.Errorf("read %d bytes that differ from the %d sent", len(got), len(payload))
					}
					done <- errors.Join(err, <-wrote)
				}()
			}
		}
		for range 8 {
			if err := <-done; err != nil {
				t.Error(err)
			}
		}
	})
}
