// Package panicboundary is exercise 4: a goroutine whose panic does not take
// the program down, and a server that survives a panicking handler.
//
// panicboundary 包是练习 4：一个发生 panic 也不会让整个程序崩溃的 goroutine，
// 以及一个能挺过处理函数 panic 的服务器。
package panicboundary

import (
	"errors"
	"fmt"
	"log"
	"net"
	"runtime"
	"runtime/debug"
)

// Handle is a goroutine's result, to be waited for; unlike exercise 3's, it
// also reports how the goroutine ended.
//
// Handle 是一个 goroutine 的结果，供人等待；与练习 3 的不同，它还会报告这个
// goroutine 是怎样结束的。
type Handle[T any] struct {
	done chan struct{}
	// result is set before done is closed when f returned normally.
	//
	// f 正常返回时，result 在 done 关闭之前设置。
	result T
	// err is set before done is closed when f did not.
	//
	// f 没有正常返回时，err 在 done 关闭之前设置。
	err *JoinError
}

// Spawn starts f in a new goroutine, behind a panic boundary, and returns at once.
//
// Spawn 在一个新的 goroutine 里启动 f，外面套一道 panic 边界，并立即返回。
func Spawn[T any](f func() T) *Handle[T] {
	h := &Handle[T]{done: make(chan struct{})}
	go func() {
		returned := false
		defer func() {
			if !returned {
				// recover returns nil only for runtime.Goexit: since Go 1.21
				// panic(nil) arrives as a *runtime.PanicNilError.
				//
				// 只有 runtime.Goexit 时 recover 才返回 nil：从 Go 1.21 起，
				// panic(nil) 以 *runtime.PanicNilError 的形式到达。
				e := &JoinError{}
				if v := recover(); v != nil {
					// Taken here, while the panicking frames are still on
					// this goroutine's stack; the joiner's stack would
					// say nothing about where f failed.
					//
					// 在这里获取栈跟踪，趁发生 panic 的那些栈帧还在这个
					// goroutine 的栈上；等待者的栈说明不了 f 在哪里失败。
					e.panicked, e.value, e.stack = true, v, debug.Stack()
				}
				h.err = e
			}
			close(h.done)
		}()
		h.result = f()
		returned = true
	}()
	return h
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
	<-h.done
	if h.err != nil {
		var zero T
		return zero, h.err
	}
	// Not "return h.result, h.err": a nil *JoinError in an error interface
	// is not a nil error.
	//
	// 不能写成 "return h.result, h.err"：装进 error 接口的 nil *JoinError
	// 并不是 nil error。
	return h.result, nil
}

// Done is closed once f has ended, however it ended, for use in select.
//
// Done 在 f 结束之后（无论以何种方式结束）被关闭，供 select 使用。
func (h *Handle[T]) Done() <-chan struct{} {
	return h.done
}

// JoinError says how f ended when it did not return normally.
//
// JoinError 说明没有正常返回的 f 是怎样结束的。
type JoinError struct {
	panicked bool
	value    any
	stack    []byte
}

// Error describes what ended f; for a panic it includes the panic value.
//
// Error 描述是什么结束了 f；对于 panic，描述中包含 panic 的值。
func (e *JoinError) Error() string {
	if e.panicked {
		return fmt.Sprintf("goroutine panicked: %v", e.value)
	}
	return "goroutine ended by runtime.Goexit"
}

// IsPanic reports whether f panicked (panic(nil) included); false when f called runtime.Goexit.
//
// IsPanic 报告 f 是否发生了 panic（包括 panic(nil)）；f 调用了 runtime.Goexit
// 时为 false。
func (e *JoinError) IsPanic() bool { return e.panicked }

// Value is exactly what recover returned in f's goroutine (nil when !IsPanic()).
//
// Value 正是 recover 在 f 的 goroutine 里返回的值（!IsPanic() 时为 nil）。
func (e *JoinError) Value() any { return e.value }

// Stack is the stack trace of f's goroutine, taken in that goroutine when it panicked.
//
// Stack 是 f 的 goroutine 的栈跟踪，在它发生 panic 时于该 goroutine 里获取。
func (e *JoinError) Stack() []byte { return e.stack }

// Unwrap returns Value() when it is an error, so errors.Is and errors.As see through a JoinError.
//
// Unwrap 在 Value() 是 error 时返回它，这样 errors.Is 和 errors.As 能看穿
// JoinError。
func (e *JoinError) Unwrap() error {
	err, _ := e.value.(error)
	return err
}

// Resume raises again, in the calling goroutine, what ended f: panic(Value()) for a panic,
// runtime.Goexit() for a Goexit.
//
// Resume 在调用它的 goroutine 里重新触发结束了 f 的东西：对 panic 是
// panic(Value())，对 Goexit 是 runtime.Goexit()。
func (e *JoinError) Resume() {
	if e.panicked {
		panic(e.value)
	}
	runtime.Goexit()
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
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		go func() {
			defer conn.Close()
			_, err := Spawn(func() struct{} {
				handle(conn)
				return struct{}{}
			}).Join()
			if je, ok := err.(*JoinError); ok && je.IsPanic() {
				log.Printf("panic serving %v: %v\n%s", conn.RemoteAddr(), je.Value(), je.Stack())
			}
		}()
	}
}
