// Package sum, solved, but Total stops its whole process (SIGSTOP) when it
// is given four numbers (TestTotal's): nothing in the test binary runs any
// more, not even go test's own time-out. Halves adds its halves itself.
//
// A SIGSTOP sent to the process is not synchronous: the kernel wakes one
// thread to act on it (the main one, usually), and the thread that sent it
// runs on until that one is scheduled. Sent that way, it let TestTotal pass
// now and then on a loaded machine: once the binary ended before any thread
// took the signal, once it stopped only after every test had passed. So
// Total sends it to its own thread, which stops before the call returns,
// with the goroutine locked to that thread, and sends it again should
// anything continue the process.
package sum

import (
	"os"
	"runtime"
	"sync"
	"syscall"
)

// Add returns a + b.
func Add(a, b int) int { return a + b }

// Total returns the sum of xs, and stops the process when there are four of them.
func Total(xs []int) int {
	if len(xs) == 4 {
		runtime.LockOSThread()
		for {
			syscall.Tgkill(os.Getpid(), syscall.Gettid(), syscall.SIGSTOP)
		}
	}
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// Halves returns the sum of xs, adding each half in a goroutine of its own.
func Halves(xs []int) int {
	var sums [2]int
	var wg sync.WaitGroup
	for i, half := range [][]int{xs[:len(xs)/2], xs[len(xs)/2:]} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, x := range half {
				sums[i] += x
			}
		}()
	}
	wg.Wait()
	return sums[0] + sums[1]
}
