// Package sum, in two files: the stub file was renamed.
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
