package harness

import (
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"net"
	"sync"
	"testing"

	"github.com/gospawn/workbook/exercises/internal/memnet"
)

// The checks below hold for every Serve in the course that echoes: the
// sequential one of exercise 1 and the concurrent ones after it. Each
// takes the Serve under test and runs in a Bubble of its own (or in the
// caller's), over the bubble's in-memory network, so that what Serve does
// not do is seen as soon as it can do nothing more, never after a real
// wait. A few then run once more over real loopback TCP, for realism, but
// only when the bubble passed: a wrong Serve fails in the bubble and never
// waits on a real socket.
//
// The bodies of the bubbles are not test helpers (no t.Helper): a failure
// in one is reported at its line here, which shows what the check did.

// ServeFunc is the shape of every echo server's Serve.
type ServeFunc = func(net.Listener) error

// BubbleThenTCP runs scenario in a Bubble and, when it passes, once more
// outside any bubble, over real loopback TCP (Listen, Start and Dial, and
// DialContext for a client library, choose the network), with the clients'
// names saying so. The TCP run checks a happy path for realism: a wrong
// server has failed in the bubble already, without waiting on a real
// socket. Inside a Bubble already, it runs scenario there only.
func BubbleThenTCP(t *testing.T, scenario func(t *testing.T)) {
	t.Helper()
	if !Bubble(t, scenario) || bubbleOf(t) != nil {
		return
	}
	overTCP.Store(t, true)
	defer overTCP.Delete(t)
	scenario(t)
}

// overTCP holds the tests running the TCP half of BubbleThenTCP.
var overTCP sync.Map

// CheckEchoes requires what a client sends to come back unchanged.
func CheckEchoes(t *testing.T, serve ServeFunc) {
	t.Helper()
	Bubble(t, func(t *testing.T) {
		srv := Start(t, "Serve", serve)
		c := srv.Dial(T("the client", "客户端"))
		for _, msg := range []string{"hello", ", ", "world\n", "€ and 中文 are bytes too"} {
			c.RoundTrip(msg)
		}
	})
}

// CheckEchoesEachChunkAtOnce requires each chunk to be echoed as soon as it
// arrives, not at the end of a line or of the connection.
func CheckEchoesEachChunkAtOnce(t *testing.T, serve ServeFunc) {
	t.Helper()
	Bubble(t, func(t *testing.T) {
		srv := Start(t, "Serve", serve)
		c := srv.Dial(T("the client", "客户端"))
		// No newline and no close: a server that waits for either never answers.
		c.Send([]byte("ping"))
		c.Expect([]byte("ping"), T(`after sending "ping" with no newline, while keeping the connection open `+
			`(write back each chunk as soon as Read returns it, not at the end of a line or of the connection)`,
			`发送不带换行符的 "ping" 并保持连接打开之后`+
				`（Read 每返回一块数据就立即写回，不要等到一行结束或连接结束）`))
		c.RoundTrip("pong")
	})
}

// CheckEchoesLargePayload requires 1 MiB of random bytes, sent while the
// echo is being read, to come back exactly: in a Bubble, then over real
// TCP.
func CheckEchoesLargePayload(t *testing.T, serve ServeFunc) {
	t.Helper()
	// Made before the server starts: nothing in the test waits on it then.
	payload := RandomBytes(1<<20, 1)
	BubbleThenTCP(t, func(t *testing.T) {
		srv := Start(t, "Serve", serve)
		c := srv.Dial(T("the client", "客户端"))
		// Write from another goroutine: the echo comes back while we still
		// send, and nobody reading it would fill both directions' buffers.
		sent := make(chan error, 1)
		go func() {
			_, err := c.Conn.Write(payload)
			sent <- err
		}()
		c.Expect(payload, T("sending 1 MiB of random bytes (any byte value, not only text: "+
			"write back exactly the n bytes each Read returned, unchanged)",
			"发送 1 MiB 随机字节时（任何字节值都可能出现，不只是文本："+
				"每次 Read 返回 n 个字节，就把这 n 个字节原样写回）"))
		if err := Within(t, sent, T("the 1 MiB write never finished", "1 MiB 的写入一直没有完成")); err != nil {
			t.Fatal(Textf("the client could not send its 1 MiB: %v", "客户端无法发出这 1 MiB：%v", err))
		}
	})
}

// CheckClosesWhenClientCloses requires data sent just before the client
// closes its side to be echoed, and then the connection to be closed: in a
// Bubble, then with a real TCP half-close.
func CheckClosesWhenClientCloses(t *testing.T, serve ServeFunc) {
	t.Helper()
	BubbleThenTCP(t, func(t *testing.T) {
		srv := Start(t, "Serve", serve)
		c := srv.Dial(T("the client", "客户端"))
		c.RoundTrip("first")
		c.Send([]byte("last words"))
		if err := c.Conn.CloseWrite(); err != nil {
			t.Fatal(Textf("the client could not close its side: %v", "客户端无法关闭自己这一端：%v", err))
		}
		c.Expect([]byte("last words"), T(`after sending "last words" and closing its side of the connection `+
			"(what was read before the end must still be echoed)",
			`发送 "last words" 并关闭自己这一端之后（在结束之前读到的数据仍须回显）`))
		c.ExpectEOF(T("after the client closed its side and got its echo (the server must close the connection then)",
			"客户端关闭自己这一端并收到回显之后（这时服务器必须关闭连接）"))
	})
}

// CheckSurvivesFailedConnection requires a connection whose Read or Write
// fails to be closed, and the next client to be served. Each way to fail
// is a subtest, in a Bubble of its own; call it outside any bubble.
func CheckSurvivesFailedConnection(t *testing.T, serve ServeFunc) {
	t.Helper()
	tests := []struct {
		name string
		what Text // the failure, for messages
		// fail makes c's connection fail, c having been dialed with a
		// window of 1 byte.
		fail func(t *testing.T, c *Client)
	}{
		{"reset while reading", T("reset while reading", "读取时被重置"), func(t *testing.T, c *Client) {
			c.Reset()
		}},
		{"reset after some data", T("reset after some data", "收到部分数据后被重置"), func(t *testing.T, c *Client) {
			c.Send([]byte("partial"))
			c.Reset()
		}},
		{"write fails", T("its write failed", "写入失败"), func(t *testing.T, c *Client) {
			c.Send([]byte("hello"))
			AwaitWriting(t, c)
			c.Reset() // the Write that waits for the client fails
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			Bubble(t, func(t *testing.T) {
				srv := Start(t, "Serve", serve)
				c := srv.DialWindow(T("a client whose connection fails", "一个连接出错的客户端"), 1)
				tt.fail(t, c)
				Await(srv, c.Peer().Done(), T("a connection that failed (%s) was never closed "+
					"(close a connection whatever ended it: the client closing its side, or an error)",
					"一个出错（%s）的连接始终没有被关闭（无论连接因何结束——客户端关闭自己这一端，还是出错——都要关闭它）"),
					tt.what)
				next := srv.Dial(T("a client that came after a failed connection", "在出错的连接之后到来的客户端"))
				next.RoundTrip("still there?")
			})
		})
	}
}

// AwaitWriting lets the server run until it can do nothing more, and
// requires it to be waiting then in a Write to c, which was dialed with a
// small window (Server.DialWindow) and does not read. Only in a Bubble.
func AwaitWriting(t *testing.T, c *Client) {
	t.Helper()
	Idle(t)
	if !c.Peer().Writing() {
		if c.srv != nil {
			c.srv.Returned() // a stub's "not implemented" is the reason
		}
		t.Fatal(Textf("Serve never wrote back to a client that had sent data%s",
			"客户端发来了数据，Serve 却始终没有写回%s", bubbleOf(t).snapshot()))
	}
}

// CheckReturnsNilWhenListenerClosed requires Serve to return nil once its
// listener is closed.
func CheckReturnsNilWhenListenerClosed(t *testing.T, serve ServeFunc) {
	t.Helper()
	Bubble(t, func(t *testing.T) {
		srv := Start(t, "Serve", serve)
		c := srv.Dial(T("a client", "一个客户端"))
		c.RoundTrip("one")
		c.Conn.Close()
		srv.Stop("Serve")
	})
}

// CheckReturnsOtherAcceptErrors requires any Accept error other than
// net.ErrClosed to be returned as is.
func CheckReturnsOtherAcceptErrors(t *testing.T, serve ServeFunc) {
	t.Helper()
	Bubble(t, func(t *testing.T) {
		errAccept := errors.New("accept: too many open files")
		ln := Listen(t).(*memnet.Listener)
		ln.FailAccept(errAccept)
		srv := StartOn(t, "Serve", ln, serve)
		r := srv.Wait(T("Serve did not return after Accept failed with %q "+
			"(only net.ErrClosed means \"stop and return nil\"; any other Accept error must be returned)",
			"Accept 以 %q 失败后，Serve 没有返回（只有 net.ErrClosed 表示“停止并返回 nil”；"+
				"Accept 的其他错误都必须返回）"), errAccept)
		switch {
		case r.Panic != nil:
			t.Fatal(Textf("Serve panicked: %v", "Serve 发生了 panic：%v", r.Panic))
		case r.Value == errAccept:
		case errors.Is(r.Value, errAccept):
			t.Fatal(Textf("Serve returned %q: it must return the Accept error as is, not wrapped",
				"Serve 返回了 %q：必须原样返回 Accept 的错误，不要包装它", r.Value))
		case r.Value == nil:
			t.Fatal(Textf("Serve returned nil after Accept failed with %q: it must return that error",
				"Accept 以 %q 失败后，Serve 返回了 nil：它必须返回这个错误", errAccept))
		default:
			t.Fatal(Textf("Serve returned %q after Accept failed with %q: it must return the Accept error as is",
				"Accept 以 %[2]q 失败后，Serve 返回了 %[1]q：必须原样返回 Accept 的错误", r.Value, errAccept))
		}
	})
}

// RandomBytes returns n reproducible pseudo-random bytes; seed picks which.
// It takes eight bytes from each number the generator draws: byte by byte,
// megabytes took seconds under the race detector on a loaded machine.
func RandomBytes(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 2))
	p := make([]byte, n+8)
	for i := 0; i < n; i += 8 {
		binary.LittleEndian.PutUint64(p[i:], rng.Uint64())
	}
	return p[:n:n]
}

// CheckIdleClientDoesNotBlockOthers requires a second client to be served
// while a first one is connected and silent.
func CheckIdleClientDoesNotBlockOthers(t *testing.T, serve ServeFunc) {
	t.Helper()
	Bubble(t, func(t *testing.T) {
		srv := Start(t, "Serve", serve)
		idle := srv.Dial(T("the first client", "第一个客户端"))
		// The round trip proves the server is busy with this client before
		// the second one arrives.
		idle.RoundTrip("hello, then silence")
		other := srv.Dial(T("a second client, while the first one was connected and idle",
			"第一个客户端连着但不说话时到来的第二个客户端"))
		other.Send([]byte("anyone?"))
		other.Expect([]byte("anyone?"), T("waiting for its echo (handle each connection in its own goroutine, "+
			"so that Serve goes back to Accept at once)",
			"等待回显时（每个连接都要在它自己的 goroutine 中处理，这样 Serve 才能立即回到 Accept）"))
		idle.RoundTrip("still here")
	})
}

// CheckStuckClientDoesNotBlockOthers requires a second client to be served
// while the server's Write to a first one cannot finish, because that
// client never reads: it holds at most one unread byte, so the server's
// echo to it waits, and the test sees that it does before the second
// client comes.
func CheckStuckClientDoesNotBlockOthers(t *testing.T, serve ServeFunc) {
	t.Helper()
	Bubble(t, func(t *testing.T) {
		srv := Start(t, "Serve", serve)
		stuck := srv.DialWindow(T("the first client, which never reads", "第一个客户端（它从不读取）"), 1)
		stuck.Send([]byte("echo me, though I never read"))
		AwaitWriting(t, stuck)
		other := srv.Dial(T("a second client, while the server's write to the first one was stuck "+
			"(the first client never reads its echo)",
			"服务器对第一个客户端的写入卡住时到来的第二个客户端（第一个客户端从不读取回显）"))
		other.Send([]byte("am I served?"))
		other.Expect([]byte("am I served?"), T("waiting for its echo (a Write that blocks must hold up "+
			"only its own connection: share no lock, goroutine or channel between connections' writes)",
			"等待回显时（阻塞的 Write 只能拖住它自己的连接：各连接的写入之间不要共用锁、goroutine 或 channel）"))
	})
}

// CheckConnectionsShareNoBuffer requires each connection's data to stay
// its own while another connection is served. The first client holds at
// most one unread byte: the server's Write to it waits, holding the rest
// of the bytes it was given, while a second client's data goes through;
// when the first client reads, the rest shows what those bytes had become.
// A buffer shared between connections has by then been overwritten.
func CheckConnectionsShareNoBuffer(t *testing.T, serve ServeFunc) {
	t.Helper()
	Bubble(t, func(t *testing.T) {
		first := []byte("first client's bytes")
		srv := Start(t, "Serve", serve)
		a := srv.DialWindow(T("the first client, which reads its echo only later",
			"第一个客户端（它稍后才读取回显）"), 1)
		a.Send(first)
		AwaitWriting(t, a)
		b := srv.Dial(T("a second client, while the server's write to the first one was waiting",
			"服务器对第一个客户端的写入还在等待时到来的第二个客户端"))
		b.RoundTrip("SECOND CLIENT'S DATA")
		got, err := a.read(len(first), nil, T("reading its echo at last", "终于读取回显时"))
		if err != nil {
			t.Fatal(Textf("%s: reading its echo at last: %v", "%s：终于读取回显时：%v", a.name, err))
		}
		if string(got) != string(first) { // both short: each is shown whole
			t.Fatal(Textf("the echo to the first client was %s, but the client had sent %s: "+
				"the second client's data overwrote it while the server's Write waited (give each connection "+
				"its own buffer: make it inside the connection's goroutine, or let io.Copy make one)",
				"写给第一个客户端的回显变成了 %s，而它发送的是 %s：服务器的 Write 还在等待时，第二个客户端的数据覆盖了它"+
					"（给每个连接一个自己的缓冲区：在该连接的 goroutine 里创建，或者让 io.Copy 自己创建）",
				quote(got), quote(first)))
		}
	})
}

// CheckManyClientsAtOnce requires twenty clients, connected and sending
// at the same time, each to get its own bytes back: in a Bubble, then
// over real TCP.
func CheckManyClientsAtOnce(t *testing.T, serve ServeFunc, size int) {
	t.Helper()
	const n = 20
	// Made before the server starts: nothing in the test waits on it then.
	payloads := make([][]byte, n)
	for i := range payloads {
		payloads[i] = RandomBytes(size, uint64(i))
	}
	BubbleThenTCP(t, func(t *testing.T) {
		srv := Start(t, "Serve", serve)
		clients := make([]*Client, n)
		for i := range clients {
			clients[i] = srv.Dial(Textf("client %d of %d (all connected at once)",
				"第 %d 个客户端（共 %d 个，同时连接）", i+1, n))
		}
		// Everyone sends at the same moment, more than a connection
		// buffers, so the server's goroutines read and write at the same
		// time: goroutines that share anything (a buffer, a connection
		// variable) mix the clients' data up, and the race detector
		// reports the sharing.
		start := make(chan struct{})
		sent := make(chan error, n)
		for i, c := range clients {
			go func() {
				<-start
				_, err := c.Conn.Write(payloads[i])
				sent <- err
			}()
		}
		close(start)
		for i, c := range clients {
			c.Expect(payloads[i], Textf("waiting for its own %d KiB to come back "+
				"(each connection needs its own goroutine and its own buffer)",
				"等待自己的 %d KiB 回显时（每个连接都需要它自己的 goroutine 和它自己的缓冲区）", size>>10))
		}
		for range clients {
			if err := Within(t, sent, T("a client's write never finished", "有个客户端的写入一直没有完成")); err != nil {
				t.Fatal(Textf("a client could not send its bytes: %v", "有个客户端无法发出它的数据：%v", err))
			}
		}
	})
}
