package harness

import (
	"errors"
	"net"
	"strings"
	"testing"
)

func TestSettled(t *testing.T) {
	const fn = "example.com/pkg.Serve"
	tests := []struct {
		name  string
		stack string
		want  bool
	}{
		{"blocked on a channel", "goroutine 7 [chan receive]:\nexample.com/pkg.ServeBoth(...)", true},
		{"blocked for minutes", "goroutine 7 [chan send, 2 minutes]:\nmain.f()", true},
		{"in a WaitGroup", "goroutine 7 [sync.WaitGroup.Wait]:\nsync.(*WaitGroup).Wait()", true},
		{"runnable", "goroutine 7 [runnable]:\nexample.com/pkg.ServeBoth.func1()", false},
		{"running", "goroutine 7 [running]:\nmain.f()", false},
		{"in a mutex", "goroutine 7 [sync.Mutex.Lock]:\nmain.f()", false},
		{"blocked inside the function", "goroutine 7 [select]:\nexample.com/pkg.Serve(0x1)\nmain.f()", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := settled(tt.stack, []string{fn}); got != tt.want {
				t.Errorf("settled(%q) = %v, want %v", tt.stack, got, tt.want)
			}
		})
	}
}

func TestGoIDTellsGoroutinesApart(t *testing.T) {
	mine := GoID()
	other := make(chan int64)
	go func() { other <- GoID() }()
	if theirs := <-other; mine <= 0 || theirs <= 0 || mine == theirs {
		t.Fatalf("GoID gave %d here and %d in another goroutine", mine, theirs)
	}
}

func TestSettleSeesABlockedOrEndedGoroutine(t *testing.T) {
	ids, block, done := make(chan int64), make(chan struct{}), make(chan struct{})
	go func() {
		ids <- GoID()
		<-block
		close(done)
	}()
	id := <-ids
	if stack := Settle(t, id, nil, "blocked"); !strings.Contains(stack, "[chan receive") {
		t.Errorf("Settle returned %q for a goroutine blocked on a channel", stack)
	}
	close(block)
	<-done
	if stack := Settle(t, id, nil, "ended"); stack != "" {
		t.Errorf("Settle returned %q for a goroutine that ended", stack)
	}
}

func TestGateReleases(t *testing.T) {
	errAccept := errors.New("accept failed")
	for _, tt := range []struct {
		name    string
		release func(*Gate)
		want    error
		closed  bool
	}{
		{"Fail", func(g *Gate) { g.Fail(errAccept) }, errAccept, false},
		{"Shut", (*Gate).Shut, net.ErrClosed, false},
		{"Close", func(g *Gate) { g.Close() }, net.ErrClosed, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := NewGate(t)
			got := Go(func() error { _, err := g.Accept(); return err })
			Within(t, g.Accepting(), "Accept was never called")
			tt.release(g)
			if r := Within(t, got, "Accept did not return"); !errors.Is(r.Value, tt.want) {
				t.Errorf("Accept returned %v, want %v", r.Value, tt.want)
			}
			if g.Closed() != tt.closed {
				t.Errorf("Closed() = %v, want %v", g.Closed(), tt.closed)
			}
		})
	}
}
