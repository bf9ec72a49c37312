// Package minmax is the third exercise of a test course: the largest and the smallest.
package minmax

import "slices"

// Max returns the largest of xs, or 0 when there is none.
func Max(xs []int) int {
	if len(xs) == 0 {
		return 0
	}
	return slices.Max(xs)
}

// Min returns the smallest of xs, or 0 when there is none.
func Min(xs []int) int {
	if len(xs) == 0 {
		return 0
	}
	return slices.Min(xs)
}
