// Package join is exercise 3: waiting for a goroutine and its result.
package join

// Handle is the Go counterpart of a join handle: a goroutine's result, to be waited for.
type Handle[T any] struct {
	done   chan struct{}
	result T // written once, before done is closed; read only after
}

// Spawn starts f in a new goroutine and returns at once, without waiting for f.
func Spawn[T any](f func() T) *Handle[T] {
	h := &Handle[T]{done: make(chan struct{})}
	go func() {
		h.result = f()
		// Closing a channel is synchronized before every receive that
		// sees it closed, so any number of joiners may read result after
		// <-done.
		close(h.done)
	}()
	return h
}

// Join waits until f has returned and returns its result. It may be called any number of
// times, from any goroutines; every call returns the same value.
func (h *Handle[T]) Join() T {
	<-h.done
	return h.result
}

// Done is closed once f has returned and its result is ready, for use in select.
func (h *Handle[T]) Done() <-chan struct{} {
	return h.done
}

// Run starts emitTelemetry in the background, runs doWork meanwhile, and returns only once
// both are finished, with emitTelemetry's error.
func Run(emitTelemetry func() error, doWork func()) error {
	telemetry := Spawn(emitTelemetry)
	doWork()
	return telemetry.Join()
}
