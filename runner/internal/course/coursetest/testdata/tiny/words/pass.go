// Package words is the second exercise of a test course: counting words.
package words

import "strings"

// Count returns the number of words in s.
func Count(s string) int { return len(strings.Fields(s)) }

// Longest returns the longest word in s, the first of them if several are as long.
func Longest(s string) string {
	longest := ""
	for _, w := range strings.Fields(s) {
		if len(w) > len(longest) {
			longest = w
		}
	}
	return longest
}
