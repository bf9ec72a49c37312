// Package join: a Handle with a data race. Join reads a plain bool that the
// goroutine running f writes: without the race detector every result is
// right; with it, the race is reported.
package join

// Handle is the Go counterpart of a join handle.
type Handle[T any] struct {
	finished bool // written by f's goroutine, read by Join without synchronization
	done     chan struct{}
	result   T
}

// Spawn starts f in a new goroutine.
func Spawn[T any](f func() T) *Handle[T] {
	h := &Handle[T]{done: make(chan struct{})}
	go func() {
		h.result = f()
		h.finished = true
		close(h.done)
	}()
	return h
}

// Join waits for f and returns its result.
func (h *Handle[T]) Join() T {
	if h.finished {
		return h.result
	}
	<-h.done
	return h.result
}

// Done is closed once f has returned.
func (h *Handle[T]) Done() <-chan struct{} { return h.done }

// Run runs doWork while emitTelemetry runs in the background.
func Run(emitTelemetry func() error, doWork func()) error {
	telemetry := Spawn(emitTelemetry)
	doWork()
	return telemetry.Join()
}
