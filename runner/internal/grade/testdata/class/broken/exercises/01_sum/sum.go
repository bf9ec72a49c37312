// Package sum does not compile: a type error.
package sum

// Add returns a string.
func Add(a, b int) int {
	return "a" + "b"
}

// Total returns the sum of xs.
func Total(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// Halves is not implemented.
func Halves(xs []int) int { return 0 }
