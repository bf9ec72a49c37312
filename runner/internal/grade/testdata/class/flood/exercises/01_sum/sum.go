// Package sum, solved, with a flood of output: 4 MiB in init, in 1 KiB
// lines, and one line of 256 KiB on every call of Add.
package sum

import (
	"bytes"
	"os"
	"sync"
)

func init() {
	line := append(bytes.Repeat([]byte("flood "), 170), '\n')
	for range 4 << 10 {
		os.Stdout.Write(line)
	}
}

// shout writes one line of 256 KiB, without a newline until its end.
func shout() {
	os.Stdout.Write(append(bytes.Repeat([]byte("x"), 256<<10), '\n'))
}

// Add returns a + b, and shouts.
func Add(a, b int) int {
	shout()
	return a + b
}

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
