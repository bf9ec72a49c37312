package harness

import (
	"sync"
	"sync/atomic"
)

// The race detector reports a data race once per process for each pair of
// stacks and each address: after that, the same race in the next run of
// go test -count=N goes unreported, and a test that proves an ordering by
// the race detector would fail only its first run. Distinct and Keep make
// every run's race a new one.

var distinctCalls atomic.Uint64

// distinctBits is how many frames Distinct adds: 2^16 calls per process
// before a stack repeats.
const distinctBits = 16

// Distinct calls f through a chain of frames that no earlier call of
// Distinct in this process went through, so that a race in f, or in what f
// calls, has a stack of its own and is reported even if the same race was
// reported before.
func Distinct[T any](f func() T) T {
	return distinctFrom(distinctCalls.Add(1), distinctBits, f)
}

// distinctFrom spells n in binary on the stack, one frame per bit.
//
//go:noinline
func distinctFrom[T any](n uint64, bits int, f func() T) T {
	switch {
	case bits == 0:
		return f()
	case n&1 == 0:
		return distinctZero(n>>1, bits-1, f)
	default:
		return distinctOne(n>>1, bits-1, f)
	}
}

//go:noinline
func distinctZero[T any](n uint64, bits int, f func() T) T { return distinctFrom(n, bits, f) }

//go:noinline
func distinctOne[T any](n uint64, bits int, f func() T) T { return distinctFrom(n, bits, f) }

var kept struct {
	sync.Mutex
	values []any
}

// Keep keeps v from being freed until the process ends, so that its memory
// is never reused: the race detector does not report a second race at an
// address where it already reported one. Keep whatever holds a variable
// that a test proves an ordering on, and the code under test's values.
func Keep(v any) {
	kept.Lock()
	defer kept.Unlock()
	kept.values = append(kept.values, v)
}
