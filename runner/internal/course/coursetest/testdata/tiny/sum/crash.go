// Package sum is the first exercise of a test course: adding numbers.
package sum

import "sync"

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
			sums[i+1] = Total(half) // one past the end for the second half
			// Not deferred: deferred, Done would run as the panic unwinds,
			// and the test could fail on a wrong sum before the crash.
			wg.Done()
		}()
	}
	wg.Wait()
	return sums[0] + sums[1]
}
