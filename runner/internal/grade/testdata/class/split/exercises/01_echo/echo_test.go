package echo_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	echo "github.com/gospawn/workbook/exercises/01_echo"
	"github.com/gospawn/workbook/exercises/internal/harness"
)

// The checks every echo server of the course must pass live in
// internal/harness/echocases.go; read them there.

func TestEchoesWhatItReads(t *testing.T)     { harness.CheckEchoes(t, echo.Serve) }
func TestEchoesEachChunkAtOnce(t *testing.T) { harness.CheckEchoesEachChunkAtOnce(t, echo.Serve) }
func TestEchoesLargePayload(t *testing.T)    { harness.CheckEchoesLargePayload(t, echo.Serve) }
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

func TestServesClientsOneAfterAnother(t *testing.T) {
	harness.CheckLeaks(t)
	srv := harness.Start(t, "Serve", echo.Serve)
	for _, name := range []string{"the first client", "the second client", "the third client"} {
		c := srv.Dial(name)
		c.RoundTrip("hello from " + name)
		require.NoError(t, c.Conn.CloseWrite())
		c.ExpectEOF("after closing its side (the server must close the connection and accept the next one)")
	}
}
