package spawn_test

import (
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	spawn "github.com/gospawn/workbook/exercises/02_spawn"
	"github.com/gospawn/workbook/exercises/internal/harness"
)

// The checks every echo server of the course must pass live in
// internal/harness/echocases.go; read them there.

func TestEchoesWhatItReads(t *testing.T) { harness.CheckEchoes(t, spawn.Serve) }
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

func TestSlowReaderDoesNotBlockOthers(t *testing.T) {
	harness.CheckLeaks(t)
	srv := harness.Start(t, "Serve", spawn.Serve)
	slow := srv.Dial("a client that sends a lot and never reads")
	slow.RoundTrip("hi")
	// Far more than the sockets' buffers hold: the server's writes to this
	// client block until it reads, which it never does.
	flood := make(chan error, 1)
	go func() {
		_, err := slow.Conn.Write(make([]byte, 32<<20))
		flood <- err
	}()
	other := srv.Dial("a second client, while the first one's echo was stuck")
	other.RoundTrip("am I served?")
	slow.Conn.Close() // ends the flood
	harness.Within(t, flood, "the flooding client's write never ended")
}

func TestManyClientsAtOnce(t *testing.T) {
	harness.CheckLeaks(t)
	srv := harness.Start(t, "Serve", spawn.Serve)
	const n = 20
	clients := make([]*harness.Client, n)
	payloads := make([][]byte, n)
	for i := range clients {
		clients[i] = srv.Dial(fmt.Sprintf("client %d of %d (all connected at once)", i+1, n))
		payloads[i] = harness.RandomBytes(256<<10, uint64(i))
	}
	// Everyone sends at the same moment, more than the sockets buffer, so the
	// server's handlers read and write at the same time: handlers that share
	// anything (a buffer, a connection variable) mix the clients' data up.
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
		c.Expect(payloads[i], "waiting for its own 256 KiB to come back "+
			"(each connection needs its own goroutine and its own buffer)")
	}
	for range clients {
		require.NoError(t, harness.Within(t, sent, "a client's write never finished"), "sending")
	}
}

// serveBoth runs ServeBoth on first and second under test.
func serveBoth(t *testing.T, first, second net.Listener) *harness.Server {
	t.Helper()
	return harness.Run(t, "ServeBoth", func() error { return spawn.ServeBoth(first, second) }, first, second)
}

func TestServeBothServesBothAtOnce(t *testing.T) {
	harness.CheckLeaks(t)
	first, second := harness.Listen(t), harness.Listen(t)
	srv := serveBoth(t, first, second)
	a := srv.DialTo(first, "a client of the first listener")
	a.RoundTrip("first!")
	b := srv.DialTo(second, "a client of the second listener, while one of the first was connected")
	b.Send([]byte("second!"))
	b.Expect([]byte("second!"), "waiting for its echo (serve both listeners at the same time, not one after the other)")
	a.RoundTrip("both served")
}

func TestServeBothWaitsForBoth(t *testing.T) {
	harness.CheckLeaks(t)
	errFirst := errors.New("first listener: accept failed")
	first := harness.NewScripted(t, harness.Accepted{Err: errFirst})
	second := &harness.Witness{Listener: harness.Listen(t)}
	srv := serveBoth(t, first, second)
	harness.Await(srv, first.Used, "ServeBoth never called Accept on the first listener")
	// The first listener's Serve has failed; the second must go on serving,
	// and ServeBoth must still be waiting for it.
	c := srv.DialTo(second, "a client of the second listener, after the first listener failed")
	c.RoundTrip("still serving?")
	if r, returned := srv.Returned(); returned {
		t.Fatalf("ServeBoth returned (%v) while the second listener was still open: "+
			"it must wait until both Serve calls have returned", r.Value)
	}
	c.Conn.Close()
	second.Close()
	r := srv.Wait("ServeBoth did not return after the first listener failed and the second was closed")
	require.NoError(t, r.Panic, "ServeBoth panicked")
	// If the race detector points here, ServeBoth returned without waiting
	// for the second listener's Serve to return.
	if second.Failed() == 0 {
		t.Fatal("ServeBoth returned before the second listener's Serve had returned: " +
			"it must wait until both Serve calls have returned")
	}
	assert.ErrorIs(t, r.Value, errFirst, "ServeBoth must return the first listener's error")
}

func TestServeBothReturnsFirstError(t *testing.T) {
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
			harness.CheckLeaks(t)
			first := harness.Listen(t)
			second := harness.NewScripted(t, tt.secondScript...)
			srv := serveBoth(t, first, second)
			harness.Await(srv, second.Used, "ServeBoth never called Accept on the second listener")
			first.Close()
			if tt.want == nil {
				second.Close()
			}
			r := srv.Wait("ServeBoth did not return after both listeners had stopped")
			require.NoError(t, r.Panic, "ServeBoth panicked")
			if tt.want == nil {
				assert.NoError(t, r.Value, "both listeners were just closed, so ServeBoth must return nil")
			} else {
				assert.ErrorIs(t, r.Value, tt.want, "ServeBoth must return the error of whichever Serve failed, "+
					"not only the first listener's")
			}
		})
	}
}
