// Package panicboundary is exercise 4: a goroutine whose panic does not take
// the program down, and a server that survives a panicking handler.
//
// panicboundary 包是练习 4：一个发生 panic 也不会让整个程序崩溃的 goroutine，
// 以及一个能挺过处理函数 panic 的服务器。
package panicboundary

import (
	"errors"
	"net"
)

const todo = " is not implemented yet (see book/en/04-panic-boundary.md · 参见 book/zh-CN/04-panic-boundary.md)"

// Handle is a goroutine's result, to be waited for; unlike exercise 3's, it
// also reports how the goroutine ended.
//
// Handle 是一个 goroutine 的结果，供人等待；与练习 3 的不同，它还会报告这个
// goroutine 是怎样结束的。
type Handle[T any] struct {
	// TODO: exercise 3's fields, and what ended f.
	// TODO：练习 3 的字段，再加上 f 是怎样结束的。
}

// Spawn starts f in a new goroutine, behind a panic boundary, and returns at once.
//
// Spawn 在一个新的 goroutine 里启动 f，外面套一道 panic 边界，并立即返回。
func Spawn[T any](f func() T) *Handle[T] {
	// TODO: a deferred function in f's goroutine sees every way f can end.
	// TODO：f 所在 goroutine 里的延迟调用能看到 f 的每一种结束方式。
	panic("panicboundary.Spawn" + todo)
}

// Join waits for f. When f returned normally it returns f's result and nil. When f panicked,
// or ended its goroutine with runtime.Goexit, it returns the zero T and a *JoinError.
// Like 03_join, Join may be called any number of times, from any goroutines, and always
// answers the same: the same result, or the very same *JoinError.
//
// Join 等待 f。f 正常返回时，它返回 f 的结果和 nil。f 发生 panic，或者用
// runtime.Goexit 结束了它的 goroutine 时，它返回 T 的零值和一个 *JoinError。与
// 03_join 一样，Join 可以被调用任意多次，从任意 goroutine 调用，
// 而且回答总是相同：同一个结果，或者同一个 *JoinError。
func (h *Handle[T]) Join() (T, error) {
	panic("panicboundary.Handle.Join" + todo)
}

// Done is closed once f has ended, however it ended, for use in select.
//
// Done 在 f 结束之后（无论以何种方式结束）被关闭，供 select 使用。
func (h *Handle[T]) Done() <-chan struct{} {
	panic("panicboundary.Handle.Done" + todo)
}

// JoinError says how f ended when it did not return normally.
//
// JoinError 说明没有正常返回的 f 是怎样结束的。
type JoinError struct {
	// TODO: was it a panic, with what value, and where?
	// TODO：是不是 panic？panic 的值是什么？发生在哪里？
}

// Error describes what ended f; for a panic it includes the panic value.
//
// Error 描述是什么结束了 f；对于 panic，描述中包含 panic 的值。
func (e *JoinError) Error() string {
	panic("panicboundary.JoinError.Error" + todo)
}

// IsPanic reports whether f panicked (panic(nil) included); false when f called runtime.Goexit.
//
// IsPanic 报告 f 是否发生了 panic（包括 panic(nil)）；f 调用了 runtime.Goexit
// 时为 false。
func (e *JoinError) IsPanic() bool {
	panic("panicboundary.JoinError.IsPanic" + todo)
}

// Value is exactly what recover returned in f's goroutine (nil when !IsPanic()).
//
// Value 正是 recover 在 f 的 goroutine 里返回的值（!IsPanic() 时为 nil）。
func (e *JoinError) Value() any {
	panic("panicboundary.JoinError.Value" + todo)
}

// Stack is the stack trace of f's goroutine, taken in that goroutine when it panicked.
//
// Stack 是 f 的 goroutine 的栈跟踪，在它发生 panic 时于该 goroutine 里获取。
func (e *JoinError) Stack() []byte {
	panic("panicboundary.JoinError.Stack" + todo)
}

// Unwrap returns Value() when it is an error, so errors.Is and errors.As see through a JoinError.
//
// Unwrap 在 Value() 是 error 时返回它，这样 errors.Is 和 errors.As 能看穿
// JoinError。
func (e *JoinError) Unwrap() error {
	panic("panicboundary.JoinError.Unwrap" + todo)
}

// Resume raises again, in the calling goroutine, what ended f: panic(Value()) for a panic,
// runtime.Goexit() for a Goexit.
//
// Resume 在调用它的 goroutine 里重新触发结束了 f 的东西：对 panic 是
// panic(Value())，对 Goexit 是 runtime.Goexit()。
func (e *JoinError) Resume() {
	panic("panicboundary.JoinError.Resume" + todo)
}

// Serve handles every connection in its own goroutine, behind a panic boundary: when handle
// panics, only that connection is closed (and the panic logged with its stack, through the
// standard log package or log/slog's default logger); the server keeps accepting, and other
// connections are untouched. Each connection is closed once handle returns or panics.
// Serve returns like echo's Serve.
//
// Serve 在每个连接自己的 goroutine 里处理它，外面套一道 panic 边界：handle 发生
// panic 时，只有那个连接被关闭（并通过标准库的 log 包或 log/slog 的默认 logger
// 记录 panic 及其栈跟踪）；服务器继续接受连接，其他连接不受影响。handle
// 返回或发生 panic 之后，连接都会被关闭。Serve 的返回方式与 echo 的 Serve
// 相同。
func Serve(ln net.Listener, handle func(net.Conn)) error {
	// TODO: use your Spawn for each connection.
	// TODO：为每个连接使用你写的 Spawn。
	return errors.New("panicboundary.Serve" + todo)
}
