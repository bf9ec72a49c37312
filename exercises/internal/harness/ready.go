package harness

import (
	"strings"
	"testing"
)

// What exercises 3 and 4 check of a call is often that it has not
// returned yet, or that it has: Ready looks after Idle, Call waits with
// Within. Both only inside a Bubble.

// Ready lets the code under test run until it can do nothing more (Idle),
// then returns what ch holds, if it holds anything: the result of a call
// that has returned by then (a stub's "not implemented" fails t instead).
// A call that has not returned by then would never return unless the test
// did something.
func Ready[V any](t *testing.T, ch <-chan V) (V, bool) {
	t.Helper()
	Idle(t)
	select {
	case v := <-ch:
		FailIfNotImplemented(t, v)
		return v, true
	default:
		var zero V
		return zero, false
	}
}

// IsClosed reports whether ch is closed, without waiting.
func IsClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// Call calls fn in a new goroutine and returns its result. It fails t if
// fn panicked (such as a stub's "not implemented"), naming what was
// called (a Text or a string), or if fn is still blocked once every goroutine is (Within, with
// stuck as the message).
func Call[T any](t *testing.T, what any, fn func() T, stuck Text) T {
	t.Helper()
	r := Within(t, Go(fn), stuck)
	if r.Panic != nil {
		value := strings.TrimPrefix(r.Panic.Error(), "panic: ")
		t.Fatal(Textf("%s panicked: %s", "%s发生了 panic：%s", Subject(what), value))
	}
	return r.Value
}
