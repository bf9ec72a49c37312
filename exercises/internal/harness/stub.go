package harness

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"testing"
)

// Every stub's unfinished function panics, or returns an error, with one
// message, in both languages because a learner reads it in the file too:
//
//	<pkg>.<Name> is not implemented yet (see book/en/<chapter> · 参见 book/zh-CN/<chapter>)
//
// The harness recognizes it wherever it reports what a function under test
// did (a recovered panic, a server's returned error) and says instead, in
// the learner's language only, what is missing and which chapter to read:
// the first failure every learner sees must not send a Chinese reader to
// the English book, nor be cut before its Chinese half.
var stubMessage = regexp.MustCompile(`^([\w.]+) is not implemented yet \(see book/en/([\w.-]+) · 参见 book/zh-CN/([\w.-]+)\)$`)

// notImplemented is a stub's message said in the learner's language, as an
// error; Textf puts it in in each language's words (see its As).
type notImplemented struct{ text Text }

// Error is the message in the learner's language.
func (e *notImplemented) Error() string { return e.text.String() }

// As lets errors.As, and so Textf, see the message as a Text.
func (e *notImplemented) As(target any) bool {
	if p, ok := target.(*Text); ok {
		*p = e.text
		return true
	}
	return false
}

// unimplemented is v, a recovered panic's value or an error, as a stub's
// message in the learner's language, when it is one. An error whose Error
// method is itself a stub (exercise 4's JoinError) is one too.
func unimplemented(v any) (n *notImplemented, ok bool) {
	var s string
	switch v := v.(type) {
	case *notImplemented:
		return v, true
	case string:
		s = v
	case error:
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
			return nil, false // a typed nil: its methods may not work
		}
		defer func() {
			if p := recover(); p != nil {
				n, ok = unimplemented(p)
				if !ok {
					panic(p) // not ours to hide
				}
			}
		}()
		var n *notImplemented
		if errors.As(v, &n) {
			return n, true
		}
		s = v.Error()
	default:
		return nil, false
	}
	m := stubMessage.FindStringSubmatch(s)
	if m == nil {
		return nil, false
	}
	return &notImplemented{Textf("%s is not implemented yet (the chapter to read: book/en/%s)",
		"%s 尚未实现（要读的章节：book/zh-CN/%s）", m[1], m[2])}, true
}

// panicError is a recovered panic's value as Result.Panic holds it.
func panicError(v any) error {
	if n, ok := unimplemented(v); ok {
		return n
	}
	return fmt.Errorf("panic: %v", v)
}

// notImplemented is the stub's message r carries, if any: its panic, or
// its value when that is an error.
func (r Result[T]) notImplemented() (*notImplemented, bool) {
	if n, ok := unimplemented(r.Panic); ok {
		return n, true
	}
	if err, ok := any(r.Value).(error); ok {
		return unimplemented(err)
	}
	return nil, false
}

// FailIfNotImplemented fails t with a stub's message, in the learner's
// language, when v carries one: v is a Result (of Go), an error, or a value
// that recover returned. Whatever the test expected of the function, the
// first thing to say is that it is not written yet. Within, Await, Ready,
// Guard and a Server's methods do this already.
func FailIfNotImplemented(t *testing.T, v any) {
	t.Helper()
	if r, ok := v.(interface {
		notImplemented() (*notImplemented, bool)
	}); ok {
		if n, ok := r.notImplemented(); ok {
			t.Fatal(n.text)
		}
		return
	}
	if n, ok := unimplemented(v); ok {
		t.Fatal(n.text)
	}
}
