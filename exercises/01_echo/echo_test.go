package echo_test

import (
	"testing"

	echo "github.com/gospawn/workbook/exercises/01_echo"
	"github.com/gospawn/workbook/exercises/internal/harness"
	"github.com/gospawn/workbook/exercises/internal/memnet"
)

// The checks every echo server of the course must pass live in
// internal/harness/echocases.go; read them there.
//
// Each test runs Serve in a testing/synctest bubble (harness.Bubble), on
// an in-memory network: the test's clock there moves only when every
// goroutine is blocked, so a Serve that fails to do something fails as
// soon as it can do nothing more, and a slow machine cannot fail a correct
// one. TestEchoesLargePayload and TestClosesWhenClientCloses then run
// once more over real TCP. The tests run one at a time, so that a data
// race is reported by the test whose goroutines raced.

func TestEchoesWhatItReads(t *testing.T) {
	harness.CheckEchoes(t, echo.Serve)
}

func TestEchoesEachChunkAtOnce(t *testing.T) {
	harness.CheckEchoesEachChunkAtOnce(t, echo.Serve)
}

func TestEchoesLargePayload(t *testing.T) {
	harness.CheckEchoesLargePayload(t, echo.Serve)
}

func TestClosesWhenClientCloses(t *testing.T) {
	harness.CheckClosesWhenClientCloses(t, echo.Serve)
}

func TestSurvivesFailedConnection(t *testing.T) {
	harness.CheckSurvivesFailedConnection(t, echo.Serve)
}

func TestReturnsNilWhenListenerClosed(t *testing.T) {
	harness.CheckReturnsNilWhenListenerClosed(t, echo.Serve)
}

func TestReturnsOtherAcceptErrors(t *testing.T) {
	harness.CheckReturnsOtherAcceptErrors(t, echo.Serve)
}

// TestServesClientsOneAfterAnother proves "then it closes the connection and
// accepts the next one": each client is served only once the one before
// has been closed, so a Serve that stops after a client fails here.
func TestServesClientsOneAfterAnother(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		srv := harness.Start(t, "Serve", echo.Serve)
		clients := []harness.Text{
			harness.T("the first client", "第一个客户端"),
			harness.T("the second client", "第二个客户端"),
			harness.T("the third client", "第三个客户端"),
		}
		for _, name := range clients {
			c := srv.Dial(name)
			c.RoundTrip("hello from " + name.En)
			if err := c.Conn.CloseWrite(); err != nil {
				t.Fatal(harness.Textf("%s could not close its side: %v", "%s无法关闭自己这一端：%v", name, err))
			}
			c.ExpectEOF(harness.T("after closing its side (the server must close the connection and accept the next one)",
				"关闭自己这一端之后（服务器必须关闭这个连接，然后接受下一个）"))
		}
	})
}

// TestServesOneClientAtATime proves "one at a time": while a first client
// is connected, a second one that has sent its bytes gets no echo, however
// long the server is left to run (harness.Idle: until it can do nothing
// more); once the first client is done, the second is served.
func TestServesOneClientAtATime(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		srv := harness.Start(t, "Serve", echo.Serve)
		first := srv.Dial(harness.T("the first client", "第一个客户端"))
		first.RoundTrip("first come")
		second := srv.Dial(harness.T("a second client, while the first was still connected",
			"第一个客户端还连着时到来的第二个客户端"))
		second.Send([]byte("first served?"))
		harness.Idle(t)
		if got := second.Conn.(*memnet.Conn).Buffered(); got > 0 {
			t.Fatal(harness.Textf("a second client got %d bytes back while the first was still connected: "+
				"this Serve serves one client at a time (finish with a connection, and close it, "+
				"before you accept the next; exercise 2 serves them all at once)",
				"第一个客户端还连着时，第二个客户端就收到了 %d 字节的回显：这个 Serve 一次只服务一个客户端"+
					"（处理完一个连接并关闭它，再接受下一个；同时服务所有客户端是练习 2 的事）", got))
		}
		first.Conn.CloseWrite()
		first.ExpectEOF(harness.T("after closing its side (the server must close the connection and accept the next one)",
			"关闭自己这一端之后（服务器必须关闭这个连接，然后接受下一个）"))
		second.Expect([]byte("first served?"), harness.T("once the first client was done (Serve must then accept it, "+
			"and echo what it had sent while it waited)",
			"第一个客户端结束之后（这时 Serve 必须接受它，并回显它在等待时发来的数据）"))
	})
}
