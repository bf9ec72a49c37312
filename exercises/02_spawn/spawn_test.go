package spawn_test

import (
	"errors"
	"fmt"
	"net"
	"strings"
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
	harness.Begin(t)
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
	harness.Begin(t)
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

// The tests below run ServeBoth on two harness.Gates, listeners whose
// Accept returns only when the test says so and with what. So the test
// decides which Serve returns first, and it lets the second return only
// once the first has handed its result over: the goroutine that ran the
// first Serve has ended, or waits (on a channel, a select or a WaitGroup)
// outside Serve. What ServeBoth returns, and whether it returned too early,
// is then the same in every run, whatever the scheduler does.

// onGates runs ServeBoth on first and second and returns the goroutine
// that calls it.
func onGates(t *testing.T, first, second *harness.Gate) (*harness.Server, int64) {
	t.Helper()
	id := make(chan int64, 1)
	srv := harness.Run(t, "ServeBoth", func() error {
		id <- harness.GoID()
		return spawn.ServeBoth(first, second)
	}, first, second)
	for _, g := range []struct {
		gate *harness.Gate
		name harness.Text
	}{{first, firstName}, {second, secondName}} {
		harness.Await(srv, g.gate.Accepting(), harness.T("ServeBoth never called Accept on the %s "+
			"(serve both listeners at the same time, each with Serve)",
			"ServeBoth 始终没有在%s上调用 Accept（要同时服务两个 listener，各用一个 Serve）"), g.name)
	}
	return srv, <-id
}

var (
	firstName  = harness.T("first listener", "第一个 listener ")
	secondName = harness.T("second listener", "第二个 listener ")
	serveName  = harness.FuncName(spawn.Serve)
	bothName   = harness.FuncName(spawn.ServeBoth)
)

// release makes the gate's Accept fail with err, or report a closed
// listener when err is nil, and waits until the Serve that called it has
// returned and handed its result over.
func release(t *testing.T, g *harness.Gate, name harness.Text, err error) {
	t.Helper()
	how := harness.T("was closed", "被关闭")
	if err != nil {
		g.Fail(err)
		how = harness.Textf("failed with %q", "以 %q 失败", err)
	} else {
		g.Shut()
	}
	harness.Settle(t, g.Caller(), []string{serveName}, harness.T(
		"the Serve of the %s did not return after its Accept %s",
		"%s的 Accept %s之后，它的 Serve 一直没有返回"), name, how)
}

// TestServeBothWaitsForBoth proves "returns only once both Serve calls have
// returned" and "the error of the one that failed": the first listener's
// Serve fails and hands its error over; ServeBoth must then be waiting for
// the second, which returns nil only after that.
func TestServeBothWaitsForBoth(t *testing.T) {
	harness.Begin(t)
	errFirst := errors.New("first listener: accept failed")
	first, second := harness.NewGate(t), harness.NewGate(t)
	srv, serving := onGates(t, first, second)
	release(t, first, firstName, errFirst)
	stack := harness.Settle(t, serving, nil, harness.T(
		"ServeBoth neither returned nor waited after the first listener's Serve failed",
		"第一个 listener 的 Serve 失败之后，ServeBoth 既没有返回，也没有进入等待"))
	if !strings.Contains(stack, "\n"+bothName+"(") {
		r := srv.Wait(harness.T("ServeBoth's goroutine ended, but ServeBoth did not return",
			"ServeBoth 所在的 goroutine 已经结束，ServeBoth 却没有返回"))
		if second.Closed() {
			t.Fatal(harness.Textf("ServeBoth closed the second listener and returned (%v) as soon as the first "+
				"listener's Serve failed: it must keep serving the second, and return only once both Serve calls "+
				"have returned by themselves",
				"第一个 listener 的 Serve 一失败，ServeBoth 就关闭了第二个 listener 并返回了（%v）："+
					"它必须继续服务第二个，等两个 Serve 调用都自行返回之后才能返回", errText(r.Value)))
		}
		t.Fatal(harness.Textf("ServeBoth returned (%v) while the second listener's Serve was still running: "+
			"it must wait until both Serve calls have returned",
			"第二个 listener 的 Serve 还在运行，ServeBoth 就返回了（%v）：它必须等两个 Serve 调用都返回", errText(r.Value)))
	}
	release(t, second, secondName, nil)
	r := srv.Wait(harness.T("ServeBoth did not return after the first listener's Serve failed and the second's returned nil",
		"第一个 listener 的 Serve 失败、第二个的 Serve 返回 nil 之后，ServeBoth 仍没有返回"))
	if r.Panic != nil {
		t.Fatal(harness.Textf("ServeBoth panicked: %v", "ServeBoth 发生了 panic：%v", r.Panic))
	}
	if !errors.Is(r.Value, errFirst) {
		t.Fatal(harness.Textf("ServeBoth returned %v; the first listener's Serve failed with %q, then the second's "+
			"returned nil: ServeBoth must return the error of the one that failed",
			"ServeBoth 返回了 %v；第一个 listener 的 Serve 以 %q 失败，随后第二个的 Serve 返回了 nil："+
				"ServeBoth 必须返回失败的那个的错误", errText(r.Value), errFirst))
	}
}

// TestServeBothReturnsFirstError proves what ServeBoth returns for each
// way the two Serve calls can end, one after the other: nil when both
// listeners were closed, otherwise the error of the one that failed, or of
// the one that failed first.
func TestServeBothReturnsFirstError(t *testing.T) {
	t.Parallel()
	errFirst := errors.New("first listener: accept failed")
	errSecond := errors.New("second listener: accept failed")
	// A step makes one listener's Accept fail with err, or report a closed
	// listener when err is nil.
	type step struct {
		second bool
		err    error
	}
	tests := []struct {
		name  string
		steps []step
		want  error
	}{
		{"both closed", []step{{false, nil}, {true, nil}}, nil},
		{"second failed", []step{{false, nil}, {true, errSecond}}, errSecond},
		{"second failed, then the first was closed", []step{{true, errSecond}, {false, nil}}, errSecond},
		{"first failed, then the second", []step{{false, errFirst}, {true, errSecond}}, errFirst},
		{"second failed, then the first", []step{{true, errSecond}, {false, errFirst}}, errSecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			harness.Begin(t)
			first, second := harness.NewGate(t), harness.NewGate(t)
			srv, _ := onGates(t, first, second)
			for _, st := range tt.steps {
				if st.second {
					release(t, second, secondName, st.err)
				} else {
					release(t, first, firstName, st.err)
				}
			}
			r := srv.Wait(harness.T("ServeBoth did not return after both Serve calls had returned",
				"两个 Serve 调用都已返回，ServeBoth 仍没有返回"))
			switch {
			case r.Panic != nil:
				t.Fatal(harness.Textf("ServeBoth panicked: %v", "ServeBoth 发生了 panic：%v", r.Panic))
			case tt.want == nil && r.Value != nil:
				t.Fatal(harness.Textf("ServeBoth returned %q; both listeners were just closed, so it must return nil",
					"ServeBoth 返回了 %q；两个 listener 都只是被关闭了，所以它必须返回 nil", r.Value))
			case tt.want != nil && !errors.Is(r.Value, tt.want):
				t.Fatal(harness.Textf("ServeBoth returned %v; %s, so it must return %q "+
					"(the error of the Serve that failed, or of the one that failed first)",
					"ServeBoth 返回了 %v；%s，所以它必须返回 %q（失败的那个 Serve 的错误；两个都失败时，是先失败的那个的错误）",
					errText(r.Value), story(tt.steps[0].second, tt.steps[0].err, tt.steps[1].err), tt.want))
			}
		})
	}
}

// errText is what ServeBoth returned, for messages: nil, or the error's
// text quoted.
func errText(err error) string {
	if err == nil {
		return "nil"
	}
	return fmt.Sprintf("%q", err.Error())
}

// story tells, in the learner's language, how the two Serve calls ended:
// the one on the second listener first when secondFirst, with errors
// before and after (nil: its listener was closed).
func story(secondFirst bool, before, after error) harness.Text {
	names := []harness.Text{firstName, secondName}
	if secondFirst {
		names[0], names[1] = names[1], names[0]
	}
	ended := func(err error) harness.Text {
		if err == nil {
			return harness.T("returned nil (its listener was closed)", "返回了 nil（它的 listener 被关闭了）")
		}
		return harness.Textf("failed with %q", "以 %q 失败", err)
	}
	return harness.Textf("the %s's Serve %s, then the %s's %s", "先是%s的 Serve %s，然后%s的 Serve %s",
		names[0], ended(before), names[1], ended(after))
}
