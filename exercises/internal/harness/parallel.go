package harness

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The helpers in this file let a package's tests run in parallel, so that a
// wrong solution whose tests each wait out Patience fails in about one
// Patience, not one per test. CheckLeaks cannot be used there: goleak sees
// the goroutines of every test running beside this one and would blame them
// on it.

// Main runs a package's tests with room for all of them to wait at once.
// go test runs at most GOMAXPROCS parallel tests by default, which on a
// small machine would line the waits up again; these tests mostly wait on
// channels and sockets, not on the CPU. An explicit -parallel is kept.
func Main(m *testing.M) {
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		flag.Set("test.parallel", "64")
	}
	os.Exit(m.Run())
}

// ownLabel is the profiler label that marks the goroutines a test started.
const ownLabel = "workbook.test"

var ownTests atomic.Int64

// CheckOwnLeaks is CheckLeaks for a test that runs in parallel with others:
// it makes t fail, after t's other cleanups, if a goroutine that t started,
// directly or through the code under test, is still running Patience after
// t's body ended. It tells t's goroutines from the others by a profiler
// label, which every goroutine inherits from the one that starts it, even
// once that one has ended. Call it first in a test.
func CheckOwnLeaks(t *testing.T) {
	t.Helper()
	id := fmt.Sprintf("t%d", ownTests.Add(1))
	pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels(ownLabel, id)))
	t.Cleanup(func() {
		if t.Failed() {
			// As in CheckLeaks: the failure explains itself, and the
			// goroutines it stranded would bury the explanation.
			return
		}
		// Polling only turns a goroutine that never ends into a failure;
		// a goroutine that ends, however late, passes.
		deadline := time.Now().Add(Patience)
		wait := time.Millisecond
		for {
			left := ownGoroutines(id)
			if len(left) == 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Error(Sayf("goroutines were still running %v after the test ended "+
					"(every goroutine your code starts must end once its work is done "+
					"and its listener and connections are closed):\n%s",
					"测试结束 %v 之后仍有 goroutine 在运行（你的代码启动的每个 goroutine，"+
						"都必须在工作完成、listener 和连接关闭之后结束）：\n%s",
					Patience, strings.Join(left, "\n\n")))
				return
			}
			time.Sleep(wait)
			wait = min(2*wait, 50*time.Millisecond)
		}
	})
}

// ownGoroutines returns the stacks of the goroutines labelled id, other
// than the one asking, as the goroutine profile prints them.
func ownGoroutines(id string) []string {
	var buf bytes.Buffer
	pprof.Lookup("goroutine").WriteTo(&buf, 1)
	mark := fmt.Sprintf("%q:%q", ownLabel, id)
	var stacks []string
	// Records are separated by blank lines; each is "N @ pcs", then the
	// labels, then one line per frame.
	for _, record := range strings.Split(buf.String(), "\n\n") {
		if !strings.Contains(record, mark) || strings.Contains(record, "harness.ownGoroutines") {
			continue
		}
		stacks = append(stacks, strings.TrimSpace(record))
	}
	return stacks
}

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
