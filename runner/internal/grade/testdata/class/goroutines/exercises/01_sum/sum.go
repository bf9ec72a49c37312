// Package sum, solved, with runaway goroutines: 5000 that block forever and
// one that never stops (it wakes up every 100 microseconds, so as not to
// take a whole CPU from the other submissions graded at the same time).
package sum

import (
	"runtime"
	"sync"
	"time"
)

func init() {
	block := make(chan struct{})
	for range 5000 {
		go func() { <-block }()
	}
	go func() {
		for {
			runtime.Gosched()
			time.Sleep(100 * time.Microsecond)
		}
	}()
}

// Add returns a + b.
func Add(a, b int) int { return a + b }

// Total returns the sum of xs.
func Total(xs []int) int {
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
			sums[i] = Total(half)
		}()
	}
	wg.Wait()
	return sums[0] + sums[1]
}
