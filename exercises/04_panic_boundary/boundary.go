// Package panicboundary is exercise 4: a goroutine whose panic does not take
// the program down, and a server that survives a panicking handler.
package panicboundary

import (
	"errors"
	"net"
)

const todo = " is not implemented yet (see book/en/04-panic-boundary.md · 参见 book/zh-CN/04-panic-boundary.md)"

// Handle is a goroutine's result, to be waited for; unlike exercise 3's, it
// also reports how the goroutine ended.
type Handle[T any] struct {
	// TODO: exercise 3's fields, and what ended f.
	// TODO：练习 3 的字段，再加上 f 是怎样结束的。
}

// Spawn starts f in a new goroutine, behind a panic boundary, and returns at once.
func Spawn[T any](f func() T) *Handle[T] {
	// TODO: a deferred function in f's goroutine sees every way f can end.
	// TODO：f 所在 goroutine 里的延迟调用能看到 f 的每一种结束方式。
	panic("panicboundary.Spawn" + todo)
}

// Join waits for f. When f returned normally it returns f's result and nil. When f panicked,
// or ended its goroutine with runtime.Goexit, it returns the zero T and a *JoinError.
// Like 03_join, Join may be called any number of times, from any goroutines, and always
// answers the same: the same result, or the very same *JoinError.
func (h *Handle[T]) Join() (T, error) {
	panic("panicboundary.Handle.Join" + todo)
}

// Done is closed once f has ended, however it ended, for use in select.
func (h *Handle[T]) Done() <-chan struct{} {
	panic("panicboundary.Handle.Done" + todo)
}

// JoinError says how f ended when it did not return normally.
type JoinError struct {
	// TODO: was it a panic, with what value, and where?
	// TODO：是不是 panic？panic 的值是什么？发生在哪里？
}

// Error describes what ended f; for a panic it includes the panic value.
func (e *JoinError) Error() string {
	panic("panicboundary.JoinError.Error" + todo)
}

// IsPanic reports whether f panicked (panic(nil) included); false when f called runtime.Goexit.
func (e *JoinError) IsPanic() bool {
	panic("panicboundary.JoinError.IsPanic" + todo)
}

// Value is exactly what recover returned in f's goroutine (nil when !IsPanic()).
func (e *JoinError) Value() any {
	panic("panicboundary.JoinError.Value" + todo)
}

// Stack is the stack trace of f's goroutine, taken in that goroutine when it panicked.
func (e *JoinError) Stack() []byte {
	panic("panicboundary.JoinError.Stack" + todo)
}

// Unwrap returns Value() when it is an error, so errors.Is and errors.As see through a JoinError.
func (e *JoinError) Unwrap() error {
	panic("panicboundary.JoinError.Unwrap" + todo)
}

// Resume raises again, in the calling goroutine, what ended f: panic(Value()) for a panic,
// runtime.Goexit() for a Goexit.
func (e *JoinError) Resume() {
	panic("panicboundary.JoinError.Resume" + todo)
}

// Serve handles every connection in its own goroutine, behind a panic boundary: when handle
// panics, only that connection is closed (and the panic logged with its stack, through the
// standard log package or log/slog's default logger); the server keeps accepting, and other
// connections are untouched. Each connection is closed once handle returns or panics.
// Serve returns like echo's Serve.
func Serve(ln net.Listener, handle func(net.Conn)) error {
	// TODO: use your Spawn for each connection.
	// TODO：为每个连接使用你写的 Spawn。
	return errors.New("panicboundary.Serve" + todo)
}
