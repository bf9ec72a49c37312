// Package testify_fail fails with testify's assert and require messages.
package testify_fail

// Sum adds, wrongly.
func Sum(a, b int) int { return a + b + 1 }
