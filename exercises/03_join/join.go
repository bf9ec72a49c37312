// Package join is exercise 3: waiting for a goroutine and its result.
package join

// Handle is the Go counterpart of a join handle: a goroutine's result, to be waited for.
type Handle[T any] struct {
	// TODO: what does Join need to wait for, and where does the result live?
	// TODO：Join 要等待什么？结果存放在哪里？
}

// Spawn starts f in a new goroutine and returns at once, without waiting for f.
func Spawn[T any](f func() T) *Handle[T] {
	// TODO: read book/en/03-join.md. 参见 book/zh-CN/03-join.md。
	panic("join.Spawn is not implemented yet (see book/en/03-join.md · 参见 book/zh-CN/03-join.md)")
}

// Join waits until f has returned and returns its result. It may be called any number of
// times, from any goroutines; every call returns the same value.
func (h *Handle[T]) Join() T {
	panic("join.Handle.Join is not implemented yet (see book/en/03-join.md · 参见 book/zh-CN/03-join.md)")
}

// Done is closed once f has returned and its result is ready, for use in select.
func (h *Handle[T]) Done() <-chan struct{} {
	panic("join.Handle.Done is not implemented yet (see book/en/03-join.md · 参见 book/zh-CN/03-join.md)")
}

// Run starts emitTelemetry in the background, runs doWork meanwhile, and returns only once
// both are finished, with emitTelemetry's error.
func Run(emitTelemetry func() error, doWork func()) error {
	// TODO: use your Spawn, or a sync.WaitGroup.
	// TODO：用你写的 Spawn，或者 sync.WaitGroup。
	panic("join.Run is not implemented yet (see book/en/03-join.md · 参见 book/zh-CN/03-join.md)")
}
