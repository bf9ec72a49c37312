package harness

import (
	"log"
	"strings"
	"testing"
	"testing/synctest"
)

// TestCaptureLogFromOutsideTheBubble: the standard logger is the whole
// program's, so a goroutine outside the capturing test's bubble (a
// learner's debugging goroutine started in init, say) may write to it.
// That write is kept, and must not touch the bubble's channel: the
// runtime kills the whole test binary for a send on a bubble's channel
// from outside the bubble (found by the grader's noisy solved course).
func TestCaptureLogFromOutsideTheBubble(t *testing.T) {
	write, written := make(chan struct{}), make(chan struct{})
	go func() { // outside any bubble
		<-write
		log.Print("from outside the bubble")
		close(written)
	}()
	// synctest.Test, not Bubble: the body waits for a goroutine outside
	// the bubble, which Bubble rightly takes for a goroutine stuck for good.
	synctest.Test(t, func(t *testing.T) {
		logs := CaptureLog(t)
		close(write)
		<-written
		log.Print("from inside the bubble")
		select {
		case <-logs.wrote:
		default:
			t.Error("a write from inside the bubble was not signalled")
		}
		for _, want := range []string{"from outside the bubble", "from inside the bubble"} {
			if !strings.Contains(logs.String(), want) {
				t.Errorf("the log lost %q:\n%s", want, logs.String())
			}
		}
	})
}
