package harness

import (
	"bytes"
	"log"
	"sync"
	"testing"
)

// Logs collects what the standard logger writes during a test and signals
// each write. The logger is the whole program's: only one test at a time
// may capture it, and the tests beside it must not log.
type Logs struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	wrote chan struct{}
}

// CaptureLog sends the standard logger's output to the returned Logs
// until t ends, then restores its output and flags.
func CaptureLog(t *testing.T) *Logs {
	l := &Logs{wrote: make(chan struct{}, 1)}
	old, flags := log.Writer(), log.Flags()
	log.SetOutput(l)
	t.Cleanup(func() {
		log.SetOutput(old)
		log.SetFlags(flags)
	})
	return l
}

// Write keeps p and signals Wrote.
func (l *Logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	select {
	case l.wrote <- struct{}{}:
	default:
	}
	return len(p), nil
}

// Wrote receives a value after writes since the last receive.
func (l *Logs) Wrote() <-chan struct{} { return l.wrote }

// String is everything written so far.
func (l *Logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
