package echo_test

import (
	"testing"

	echo "github.com/gospawn/workbook/exercises/01_echo"
	"github.com/gospawn/workbook/exercises/internal/harness"
)

// The checks every echo server of the course must pass live in
// internal/harness/echocases.go; read them there.
//
// Every test runs in parallel with the others, each on its own listener,
// so that a run whose tests wait in vain fails after one harness.Patience,
// not one per test. Serve is therefore called on several listeners at
// once: state shared between calls (a package-level buffer, say) shows up
// as a data race.
//
// One clause of Serve's contract has no test: "one at a time". Serving
// more connections at once breaks no promise a client could see without a
// clock; exercise 2 asks for exactly that.

func TestEchoesWhatItReads(t *testing.T) {
	t.Parallel()
	harness.CheckEchoes(t, echo.Serve)
}

func TestEchoesEachChunkAtOnce(t *testing.T) {
	t.Parallel()
	harness.CheckEchoesEachChunkAtOnce(t, echo.Serve)
}

func TestEchoesLargePayload(t *testing.T) {
	t.Parallel()
	harness.CheckEchoesLargePayload(t, echo.Serve)
}

func TestClosesWhenClientCloses(t *testing.T) {
	t.Parallel()
	harness.CheckClosesWhenClientCloses(t, echo.Serve)
}

func TestSurvivesFailedConnection(t *testing.T) {
	t.Parallel()
	harness.CheckSurvivesFailedConnection(t, echo.Serve)
}

func TestReturnsNilWhenListenerClosed(t *testing.T) {
	t.Parallel()
	harness.CheckReturnsNilWhenListenerClosed(t, echo.Serve)
}

func TestReturnsOtherAcceptErrors(t *testing.T) {
	t.Parallel()
	harness.CheckReturnsOtherAcceptErrors(t, echo.Serve)
}

// TestServesClientsOneAfterAnother proves "then it closes the connection and
// accepts the next one": each client is served only once the one before
// has been closed, so a Serve that stops after a client fails here.
func TestServesClientsOneAfterAnother(t *testing.T) {
	t.Parallel()
	harness.CheckLeaks(t)
	srv := harness.Start(t, "Serve", echo.Serve)
	clients := []struct{ en, zh string }{
		{"the first client", "第一个客户端"},
		{"the second client", "第二个客户端"},
		{"the third client", "第三个客户端"},
	}
	for _, name := range clients {
		c := srv.Dial(harness.T(name.en, name.zh))
		c.RoundTrip("hello from " + name.en)
		if err := c.Conn.CloseWrite(); err != nil {
			t.Fatal(harness.Textf("%s could not close its side: %v", "%s 无法关闭它那一端：%v",
				harness.T(name.en, name.zh), err))
		}
		c.ExpectEOF(harness.T("after closing its side (the server must close the connection and accept the next one)",
			"关闭它那一端之后（服务器必须关闭这个连接，然后接受下一个）"))
	}
}
