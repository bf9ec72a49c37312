// Package words: this learner's Longest returns the last of the longest words.
package words

import "strings"

// Count returns the number of words in s.
func Count(s string) int { return len(strings.Fields(s)) }

// Longest returns the last of the longest words in s.
func Longest(s string) string {
	longest := ""
	for _, w := range strings.Fields(s) {
		if len(w) >= len(longest) {
			longest = w
		}
	}
	return longest
}
