package spawn_test

import (
	"errors"
	"fmt"
	"net"
	"testing"

	spawn "github.com/gospawn/workbook/exercises/02_spawn"
	"github.com/gospawn/workbook/exercises/internal/harness"
	"github.com/gospawn/workbook/exercises/internal/memnet"
)

// The checks every echo server of the course must pass live in
// internal/harness/echocases.go; read them there.
//
// Each test runs the code in a testing/synctest bubble (harness.Bubble),
// on an in-memory network: the test's clock there moves only when every
// goroutine is blocked, so code that fails to do something fails as soon
// as it can do nothing more, and a slow machine cannot fail correct code.
// TestClosesWhenClientCloses and TestManyClientsAtOnce then run once more
// over real TCP. The tests run one at a time, so that a data race is
// reported by the test whose goroutines raced.

func TestEchoesWhatItReads(t *testing.T) {
	harness.CheckEchoes(t, spawn.Serve)
}

func TestEchoesEachChunkAtOnce(t *testing.T) {
	harness.CheckEchoesEachChunkAtOnce(t, spawn.Serve)
}

func TestClosesWhenClientCloses(t *testing.T) {
	harness.CheckClosesWhenClientCloses(t, spawn.Serve)
}

func TestSurvivesFailedConnection(t *testing.T) {
	harness.CheckSurvivesFailedConnection(t, spawn.Serve)
}

func TestReturnsNilWhenListenerClosed(t *testing.T) {
	harness.CheckReturnsNilWhenListenerClosed(t, spawn.Serve)
}

func TestReturnsOtherAcceptErrors(t *testing.T) {
	harness.CheckReturnsOtherAcceptErrors(t, spawn.Serve)
}

func TestIdleClientDoesNotBlockOthers(t *testing.T) {
	harness.CheckIdleClientDoesNotBlockOthers(t, spawn.Serve)
}

// TestSlowReaderDoesNotBlockOthers proves "a slow client never delays
// another" with a client that never reads and holds at most one unread
// byte: the server's Write to it waits for good, and the test sees that
// it does before the second client comes.
func TestSlowReaderDoesNotBlockOthers(t *testing.T) {
	harness.CheckStuckClientDoesNotBlockOthers(t, spawn.Serve)
}

func TestManyClientsAtOnce(t *testing.T) {
	harness.CheckManyClientsAtOnce(t, spawn.Serve, 128<<10)
}

// TestConnectionsShareNoBuffer proves "each connection its own data"
// whatever the scheduler does: TestManyClientsAtOnce shows the same with
// many clients, but whether their data mixes there depends on the order
// the goroutines run in.
func TestConnectionsShareNoBuffer(t *testing.T) {
	harness.CheckConnectionsShareNoBuffer(t, spawn.Serve)
}

// serveBoth runs ServeBoth on first and second under test.
func serveBoth(t *testing.T, first, second net.Listener) *harness.Server {
	t.Helper()
	return harness.Run(t, "ServeBoth", func() error { return spawn.ServeBoth(first, second) }, first, second)
}

func TestServeBothServesBothAtOnce(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
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
	})
}

// The tests below run ServeBoth on two in-memory listeners whose Accept
// fails, or reports a closed listener, when the test says so. After each
// such step the test lets the code run until it can do nothing more
// (harness.Idle), so that the first Serve to end has handed its result
// over before the second ends; then what ServeBoth did, or has not done
// yet, is a fact the test observes, the same in every run, whatever the
// scheduler does.

var (
	firstName  = harness.T("first listener", "第一个 listener ")
	secondName = harness.T("second listener", "第二个 listener ")
)

// onListeners runs ServeBoth on two in-memory listeners, and requires it
// to be accepting on both once it can do nothing more.
func onListeners(t *testing.T) (srv *harness.Server, first, second *memnet.Listener) {
	t.Helper()
	first, second = harness.Listen(t).(*memnet.Listener), harness.Listen(t).(*memnet.Listener)
	srv = serveBoth(t, first, second)
	harness.Idle(t)
	for _, l := range []struct {
		ln   *memnet.Listener
		name harness.Text
	}{{first, firstName}, {second, secondName}} {
		if !l.ln.Accepting() {
			ended := harness.T("", "")
			if r, returned := srv.Returned(); returned {
				ended = harness.Textf(" (ServeBoth had returned %s)", "（ServeBoth 已经返回了 %s）", errText(r.Value))
			}
			t.Fatal(harness.Textf("ServeBoth never called Accept on the %s%s "+
				"(serve both listeners at the same time, each with Serve)",
				"ServeBoth 始终没有在%s上调用 Accept%s（要同时服务两个 listener，各用一个 Serve）", l.name, ended))
		}
	}
	return srv, first, second
}

// end makes the Accept of ln fail with err, or report a closed listener
// when err is nil, and lets the code run until it can do nothing more.
func end(t *testing.T, ln *memnet.Listener, err error) {
	t.Helper()
	if err != nil {
		ln.FailAccept(err)
	} else {
		ln.Close()
	}
	harness.Idle(t)
}

// TestServeBothWaitsForBoth proves "returns only once both Serve calls have
// returned" and "the error of the one that failed": the first listener's
// Serve fails; ServeBoth must then be waiting for the second, which
// returns nil only after that.
func TestServeBothWaitsForBoth(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		errFirst := errors.New("first listener: accept failed")
		srv, first, second := onListeners(t)
		end(t, first, errFirst)
		if r, returned := srv.Returned(); returned {
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
		end(t, second, nil)
		r := srv.Wait(harness.T("ServeBoth did not return after the first listener's Serve failed and the second's returned nil",
			"第一个 listener 的 Serve 失败、第二个的 Serve 返回 nil 之后，ServeBoth 仍没有返回"))
		if r.Panic != nil {
			t.Fatal(harness.Textf("ServeBoth panicked: %v", "ServeBoth 发生了 panic：%v", r.Panic))
		}
		if !errors.Is(r.Value, errFirst) {
			t.Fatal(harness.Textf("ServeBoth returned %v; the first listener's Serve failed with %q, then the second's "+
				"returned nil: ServeBoth must return the error of the one that failed",
				"ServeBoth 返回了 %v；第一个 listener 的 Serve 以 %q 失败，随后第二个的 Serve 返回了 nil："+
					"ServeBoth 必须返回失败的那个 Serve 的错误", errText(r.Value), errFirst))
		}
	})
}

// TestServeBothReturnsFirstError proves what ServeBoth returns for each
// way the two Serve calls can end, one after the other: nil when both
// listeners were closed, otherwise the error of the one that failed, or of
// the one that failed first.
func TestServeBothReturnsFirstError(t *testing.T) {
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
			harness.Bubble(t, func(t *testing.T) {
				srv, first, second := onListeners(t)
				for _, st := range tt.steps {
					if st.second {
						end(t, second, st.err)
					} else {
						end(t, first, st.err)
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
