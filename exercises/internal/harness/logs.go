package harness

import (
	"bytes"
	"log"
	"strings"
	"sync"
	"testing"
	"time"
)

// Logs collects what the standard logger writes during a test and signals
// each write. The logger is the whole program's: only one test at a time
// may capture it, and the tests beside it must not log.
type Logs struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	wrote chan struct{}
	// bubble is the synctest bubble wrote belongs to (0: none). The
	// logger is global, so any goroutine of the program can write, for
	// example a learner's debugging goroutine started in init; a send on
	// a bubble's channel from outside the bubble is a fatal error of the
	// runtime that would kill the whole test binary, so such writes are
	// kept but not signalled.
	bubble int64
}

// CaptureLog sends the standard logger's output to the returned Logs
// until t ends, then restores its output and flags.
func CaptureLog(t *testing.T) *Logs {
	// A channel belongs to the bubble of the goroutine that makes it.
	l := &Logs{wrote: make(chan struct{}, 1), bubble: current().bubble}
	old, flags := log.Writer(), log.Flags()
	log.SetOutput(l)
	t.Cleanup(func() {
		log.SetOutput(old)
		log.SetFlags(flags)
	})
	return l
}

// Write keeps p and wakes Await.
func (l *Logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	if l.bubble != 0 && current().bubble != l.bubble {
		return len(p), nil // the next write from inside the bubble wakes Await
	}
	select {
	case l.wrote <- struct{}{}:
	default:
	}
	return len(p), nil
}

// String is everything written so far.
func (l *Logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Await waits until the log holds every one of wants, for one Patience in
// all, however many writes come in between. If they do not arrive in time,
// or srv returns first, the test fails with message (see Within) and the
// log so far.
func (l *Logs) Await(srv *Server, message any, wants ...string) {
	srv.t.Helper()
	b := bubbleOf(srv.t)
	defer b.during(text(message))()
	timer := time.NewTimer(patience(b))
	defer timer.Stop()
	holds := func() bool {
		out := l.String()
		for _, w := range wants {
			if !strings.Contains(out, w) {
				return false
			}
		}
		return true
	}
	for !holds() {
		select {
		case <-l.wrote:
		case <-srv.returned:
			b.settle()
			if holds() { // written just before serve returned
				return
			}
			srv.failIfUnimplemented()
			srv.t.Fatal(Textf("%s (%s); the log so far:\n%s", "%s（%s）；目前为止的日志：\n%s",
				text(message), srv.returnedEarly(), l.String()))
		case <-timer.C:
			srv.t.Fatal(Textf("%s; the log so far:\n%s", "%s；目前为止的日志：\n%s", waited(b, message, nil), l.String()))
		}
	}
}
