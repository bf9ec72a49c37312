// Package join is exercise 3: waiting for a goroutine and its result.
//
// join 包是练习 3：等待一个 goroutine 及其结果。
package join

// Handle is the Go counterpart of a join handle: a goroutine's result, to be waited for.
//
// Handle 是 Go 里与等待句柄相当的东西：一个 goroutine 的结果，供人等待。
type Handle[T any] struct {
	done chan struct{}
	// result is written once, before done is closed, and read only after.
	//
	// result 只在 done 关闭之前写入一次，只在 done 关闭之后读取。
	result T
}

// Spawn starts f in a new goroutine and returns at once, without waiting for f.
//
// Spawn 在一个新的 goroutine 里启动 f，并立即返回，不等待 f。
func Spawn[T any](f func() T) *Handle[T] {
	h := &Handle[T]{done: make(chan struct{})}
	go func() {
		h.result = f()
		// Closing a channel is synchronized before every receive that
		// sees it closed, so any number of joiners may read result after
		// <-done.
		//
		// 关闭 channel 同步于每一次看到它已关闭的接收之前，所以在 <-done 之后，
		// 任意多个等待者都可以读取 result。
		close(h.done)
	}()
	return h
}

// Join waits until f has returned and returns its result. It may be called any number of
// times, from any goroutines; every call returns the same value.
//
// Join 等到 f 返回，然后返回它的结果。它可以被调用任意多次，从任意 goroutine
// 调用；每次调用都返回同一个值。
func (h *Handle[T]) Join() T {
	<-h.done
	return h.result
}

// Done is closed once f has returned and its result is ready, for use in select.
//
// Done 在 f 返回、结果就绪之后被关闭，供 select 使用。
func (h *Handle[T]) Done() <-chan struct{} {
	return h.done
}

// Run starts emitTelemetry in the background, runs doWork meanwhile, and returns only once
// both are finished, with emitTelemetry's error.
//
// Run 在后台启动 emitTelemetry，同时运行 doWork，两者都结束之后才返回，返回
// emitTelemetry 的错误。
func Run(emitTelemetry func() error, doWork func()) error {
	telemetry := Spawn(emitTelemetry)
	doWork()
	return telemetry.Join()
}
