// Package panicboundary is exercise 4: a goroutine whose panic does not take
// the program down, and a server that survives a panicking handler.
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
type Handle[T any] struct {
	done   chan struct{}
	result T          // set before done is closed when f returned normally
	err    *JoinError // set before done is closed when f did not
}

// Spawn starts f in a new goroutine, behind a panic boundary, and returns at once.
func Spawn[T any](f func() T) *Handle[T] {
	h := &Handle[T]{done: make(chan struct{})}
	go func() {
		returned := false
		defer func() {
			if !returned {
				// recover returns nil only for runtime.Goexit: since Go 1.21
				// panic(nil) arrives as a *runtime.PanicNilError.
				e := &JoinError{}
				if v := recover(); v != nil {
					// Taken here, while the panicking frames are still on
					// this goroutine's stack; the joiner's stack would
					// say nothing about where f failed.
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
func (h *Handle[T]) Join() (T, error) {
	<-h.done
	if h.err != nil {
		var zero T
		return zero, h.err
	}
	// Not "return h.result, h.err": a nil *JoinError in an error interface
	// is not a nil error.
	return h.result, nil
}

// Done is closed once f has ended, however it ended, for use in select.
func (h *Handle[T]) Done() <-chan struct{} {
	return h.done
}

// JoinError says how f ended when it did not return normally.
type JoinError struct {
	panicked bool
	value    any
	stack    []byte
}

// Error describes what ended f; for a panic it includes the panic value.
func (e *JoinError) Error() string {
	if e.panicked {
		return fmt.Sprintf("goroutine panicked: %v", e.value)
	}
	return "goroutine ended by runtime.Goexit"
}

// IsPanic reports whether f panicked (panic(nil) included); false when f called runtime.Goexit.
func (e *JoinError) IsPanic() bool { return e.panicked }

// Value is exactly what recover returned in f's goroutine (nil when !IsPanic()).
func (e *JoinError) Value() any { return e.value }

// Stack is the stack trace of f's goroutine, taken in that goroutine when it panicked.
func (e *JoinError) Stack() []byte { return e.stack }

// Unwrap returns Value() when it is an error, so errors.Is and errors.As see through a JoinError.
func (e *JoinError) Unwrap() error {
	err, _ := e.value.(error)
	return err
}

// Resume raises again, in the calling goroutine, what ended f: panic(Value()) for a panic,
// runtime.Goexit() for a Goexit.
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
