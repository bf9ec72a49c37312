// Package sum, solved, but Total spins for ever when it is given four
// numbers (TestTotal's) in a process where Add ran before (TestAdd, the
// test before it): with the other tests TestTotal runs out of the time
// limit, as a correct test can on a busy machine; alone it passes.
package sum

import (
	"sync"
	"sync/atomic"
)

// added records that Add ran in this process.
var added atomic.Bool

// Add returns a + b.
func Add(a, b int) int {
	added.Store(true)
	return a + b
}

// Total returns the sum of xs.
func Total(xs []int) int {
	for len(xs) == 4 && added.Load() {
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
			sums[i] = Total(half)
		}()
	}
	wg.Wait()
	return sums[0] + sums[1]
}
