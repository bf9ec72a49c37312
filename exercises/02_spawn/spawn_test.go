package spawn_test

import (
	"errors"
	"net"
	"testing"

	spawn "github.com/gospawn/workbook/exercises/02_spawn"
	"github.com/gospawn/workbook/exercises/internal/harness"
)

// The checks every echo server of the course must pass live in
// internal/harness/echocases.go; read them there.
//
// Every test runs in parallel with the others, each on its own listeners,
// so that a run whose tests wait in vain fails after one harness.Patience,
// not one per test.

func TestEchoesWhatItReads(t *testing.T) {
	t.Parallel()
	harness.CheckEchoes(t, spawn.Serve)
}

func TestEchoesEachChunkAtOnce(t *testing.T) {
	t.Parallel()
	harness.CheckEchoesEachChunkAtOnce(t, spawn.Serve)
}

func TestClosesWhenClientCloses(t *testing.T) {
	t.Parallel()
	harness.CheckClosesWhenClientCloses(t, spawn.Serve)
}

func TestSurvivesFailedConnection(t *testing.T) {
	t.Parallel()
	harness.CheckSurvivesFailedConnection(t, spawn.Serve)
}

func TestReturnsNilWhenListenerClosed(t *testing.T) {
	t.Parallel()
	harness.CheckReturnsNilWhenListenerClosed(t, spawn.Serve)
}

func TestReturnsOtherAcceptErrors(t *testing.T) {
	t.Parallel()
	harness.CheckReturnsOtherAcceptErrors(t, spawn.Serve)
}

func TestIdleClientDoesNotBlockOthers(t *testing.T) {
	t.Parallel()
	harness.CheckIdleClientDoesNotBlockOthers(t, spawn.Serve)
}

// TestSlowReaderDoesNotBlockOthers proves "a slow client never delays
// another" with a client that never reads: the server's Write to it blocks
// for good, and the test knows when it does, so it needs no flood of data
// whose effect would depend on the sockets' buffer sizes.
func TestSlowReaderDoesNotBlockOthers(t *testing.T) {
	t.Parallel()
	harness.CheckStuckClientDoesNotBlockOthers(t, spawn.Serve)
}

func TestManyClientsAtOnce(t *testing.T) {
	t.Parallel()
	harness.CheckLeaks(t)
	const n = 20
	// Made before the server starts: nothing in the test waits on it then.
	payloads := make([][]byte, n)
	for i := range payloads {
		payloads[i] = harness.RandomBytes(256<<10, uint64(i))
	}
	srv := harness.Start(t, "Serve", spawn.Serve)
	clients := make([]*harness.Client, n)
	for i := range clients {
		clients[i] = srv.Dial(harness.Textf("client %d of %d (all connected at once)",
			"第 %d 个客户端（共 %d 个，同时连接）", i+1, n))
	}
	// Everyone sends at the same moment, more than the sockets buffer, so the
	// server's goroutines read and write at the same time: goroutines that
	// share anything (a buffer, a connection variable) mix the clients' data
	// up, and the race detector reports the sharing.
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
		c.Expect(payloads[i], harness.T("waiting for its own 256 KiB to come back "+
			"(each connection needs its own goroutine and its own buffer)",
			"等待自己的 256 KiB 回显时（每个连接都需要它自己的 goroutine 和它自己的缓冲区）"))
	}
	for range clients {
		if err := harness.Within(t, sent, harness.T("a client's write never finished", "有个客户端的写入一直没有完成")); err != nil {
			t.Fatal(harness.Textf("a client could not send its 256 KiB: %v", "有个客户端无法发出它的 256 KiB：%v", err))
		}
	}
}

// TestConnectionsShareNoBuffer proves "each connection its own data"
// by a handshake: TestManyClientsAtOnce shows the same with real sockets,
// but whether their data mixes depends on the scheduler.
func TestConnectionsShareNoBuffer(t *testing.T) {
	t.Parallel()
	harness.CheckConnectionsShareNoBuffer(t, spawn.Serve)
}

// serveBoth runs ServeBoth on first and second under test.
func serveBoth(t *testing.T, first, second net.Listener) *harness.Server {
	t.Helper()
	return harness.Run(t, "ServeBoth", func() error { return spawn.ServeBoth(first, second) }, first, second)
}

func TestServeBothServesBothAtOnce(t *testing.T) {
	t.Parallel()
	harness.CheckLeaks(t)
	first, second := harness.Listen(t), harness.Listen(t)
	srv := serveBoth(t, first, second)
	a := srv.DialTo(first, harness.T("a client of the first listener", "第一个 listener 的客户端"))
	a.RoundTrip("first!")
	b := srv.DialTo(second, harness.T("a client of the second listener, while one of the first was connected",
		"第一个 listener 的客户端连着时，第二个 listener 的客户端"))
	b.Send([]byte("second!"))
	b.Expect([]byte("second!"), harness.T("waiting for its echo (serve both listeners at the same time, not one after the other)",
		"等待回显时（要同时服务两个 listener，而不是服务完一个再服务另一个）"))
	a.RoundTrip("both served")
}

// TestServeBothWaitsForBoth proves "returns only once both Serve calls have
// returned", in every run. The second listener is a harness.Witness: its
// Serve's last Accept, which fails once the test closes it, sets a plain
// variable that the test reads after ServeBoth has returned. A ServeBoth
// that waited for that Serve ordered the two; one that returned after the
// first Serve alone did not, and the race detector reports the unordered
// pair whichever came first (if the read came first, it also sees that the
// Accept had not failed yet). Without -race, this test catches only a
// ServeBoth whose early return it happens to see.
func TestServeBothWaitsForBoth(t *testing.T) {
	t.Parallel()
	harness.CheckLeaks(t)
	errFirst := errors.New("first listener: accept failed")
	first := harness.NewScripted(t, harness.Accepted{Err: errFirst})
	second := harness.NewWitness(t)
	srv := serveBoth(t, first, second)
	harness.Await(srv, first.Used, harness.T("ServeBoth never called Accept on the first listener",
		"ServeBoth 始终没有在第一个 listener 上调用 Accept"))
	// The first listener's Serve has failed, or is about to; the second
	// must go on serving, and ServeBoth must still be waiting for it.
	c := srv.DialTo(second, harness.T("a client of the second listener, after the first listener's Accept failed",
		"第一个 listener 的 Accept 出错之后，第二个 listener 的客户端"))
	c.Send([]byte("still serving?"))
	c.Expect([]byte("still serving?"), harness.T("waiting for its echo "+
		"(ServeBoth must keep serving the second listener and return only once both Serve calls have returned)",
		"等待回显时（ServeBoth 必须继续服务第二个 listener，等两个 Serve 调用都返回后才能返回）"))
	if r, returned := srv.Returned(); returned {
		t.Fatal(harness.Textf("ServeBoth returned (%v) while the second listener was still open: "+
			"it must wait until both Serve calls have returned",
			"第二个 listener 还开着，ServeBoth 就返回了（%v）：它必须等两个 Serve 调用都返回", r.Value))
	}
	c.Conn.Close()
	second.Close()
	r := srv.Wait(harness.T("ServeBoth did not return after the first listener failed and the second was closed",
		"第一个 listener 出错、第二个也已关闭后，ServeBoth 仍没有返回"))
	if r.Panic != nil {
		t.Fatal(harness.Textf("ServeBoth panicked: %v", "ServeBoth 发生了 panic：%v", r.Panic))
	}
	// If the race detector points here, ServeBoth returned without waiting
	// for the second listener's Serve to return.
	if second.Failed() == 0 {
		t.Fatal(harness.T("ServeBoth returned before the second listener's Serve had returned: "+
			"it must wait until both Serve calls have returned",
			"第二个 listener 的 Serve 还没有返回，ServeBoth 就返回了：它必须等两个 Serve 调用都返回"))
	}
	if !errors.Is(r.Value, errFirst) {
		t.Fatal(harness.Textf("ServeBoth returned %v; it must return the error of the Serve that failed, %q",
			"ServeBoth 返回了 %v；它必须返回出错的那个 Serve 的错误 %q", r.Value, errFirst))
	}
}

// TestServeBothReturnsFirstError proves what ServeBoth returns when one
// Serve failed and when neither did. Which of two errors came back first
// is not tested: the order in which two goroutines hand their results to
// ServeBoth is not something a test can see or fix.
func TestServeBothReturnsFirstError(t *testing.T) {
	t.Parallel()
	errSecond := errors.New("second listener: accept failed")
	tests := []struct {
		name         string
		secondScript []harness.Accepted
		want         error
	}{
		{"both closed", nil, nil},
		{"second failed", []harness.Accepted{{Err: errSecond}}, errSecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			harness.CheckLeaks(t)
			first := harness.Listen(t)
			second := harness.NewScripted(t, tt.secondScript...)
			srv := serveBoth(t, first, second)
			harness.Await(srv, second.Used, harness.T("ServeBoth never called Accept on the second listener",
				"ServeBoth 始终没有在第二个 listener 上调用 Accept"))
			first.Close()
			if tt.want == nil {
				second.Close()
			}
			r := srv.Wait(harness.T("ServeBoth did not return after both listeners had stopped",
				"两个 listener 都已停止后，ServeBoth 仍没有返回"))
			switch {
			case r.Panic != nil:
				t.Fatal(harness.Textf("ServeBoth panicked: %v", "ServeBoth 发生了 panic：%v", r.Panic))
			case tt.want == nil && r.Value != nil:
				t.Fatal(harness.Textf("ServeBoth returned %q; both listeners were just closed, so it must return nil",
					"ServeBoth 返回了 %q；两个 listener 都只是被关闭了，所以它必须返回 nil", r.Value))
			case tt.want != nil && !errors.Is(r.Value, tt.want):
				t.Fatal(harness.Textf("ServeBoth returned %v; it must return the error of whichever Serve failed, "+
					"here the second listener's, %q",
					"ServeBoth 返回了 %v；哪个 Serve 出错，它就必须返回哪个的错误，这里是第二个 listener 的 %q",
					r.Value, tt.want))
			}
		})
	}
}
