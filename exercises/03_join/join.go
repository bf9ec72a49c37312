// Package join is exercise 3: waiting for a goroutine and its result.
//
// join 包是练习 3：等待一个 goroutine 及其结果。
package join

// Handle is the Go counterpart of a join handle: a goroutine's result, to be waited for.
//
// Handle 是 Go 里与等待句柄相当的东西：一个 goroutine 的结果，供人等待。
type Handle[T any] struct {
	// TODO: what does Join need to wait for, and where does the result live?
	// TODO：Join 要等待什么？结果存放在哪里？
}

// Spawn starts f in a new goroutine and returns at once, without waiting for f.
//
// Spawn 在一个新的 goroutine 里启动 f，并立即返回，不等待 f。
func Spawn[T any](f func() T) *Handle[T] {
	// TODO: read book/en/03-join.md.
	// TODO：参见 book/zh-CN/03-join.md。
	panic("join.Spawn is not implemented yet (see book/en/03-join.md · 参见 book/zh-CN/03-join.md)")
}

// Join waits until f has returned and returns its result. It may be called any number of
// times, from any goroutines; every call returns the same value.
//
// Join 等到 f 返回，然后返回它的结果。它可以被调用任意多次，从任意 goroutine
// 调用；每次调用都返回同一个值。
func (h *Handle[T]) Join() T {
	panic("join.Handle.Join is not implemented yet (see book/en/03-join.md · 参见 book/zh-CN/03-join.md)")
}

// Done is closed once f has returned and its result is ready, for use in select.
//
// Done 在 f 返回、结果就绪之后被关闭，供 select 使用。
func (h *Handle[T]) Done() <-chan struct{} {
	panic("join.Handle.Done is not implemented yet (see book/en/03-join.md · 参见 book/zh-CN/03-join.md)")
}

// Run starts emitTelemetry in the background, runs doWork meanwhile, and returns only once
// both are finished, with emitTelemetry's error.
//
// Run 在后台启动 emitTelemetry，同时运行 doWork，两者都结束之后才返回，返回
// emitTelemetry 的错误。
func Run(emitTelemetry func() error, doWork func()) error {
	// TODO: use your Spawn, or a sync.WaitGroup.
	// TODO：用你写的 Spawn，或者 sync.WaitGroup。
	panic("join.Run is not implemented yet (see book/en/03-join.md · 参见 book/zh-CN/03-join.md)")
}
