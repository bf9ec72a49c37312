package confine

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOutputFilter(t *testing.T) {
	long := strings.Repeat("y", maxLine+10)
	tests := []struct {
		name   string
		writes []string
		limit  int64
		want   string
		over   bool
	}{
		{"lines pass as they are", []string{"a\n", "\x16--- PASS: TestA\n"}, 1 << 20, "a\n\x16--- PASS: TestA\n", false},
		{"a marker after output without newline starts a line", []string{"no newline", "\x16--- PASS: TestA (0.00s)\n"}, 1 << 20, "no newline\n\x16--- PASS: TestA (0.00s)\n", false},
		{"a marker in the middle of one write", []string{"x\x16=== RUN   TestB\n"}, 1 << 20, "x\n\x16=== RUN   TestB\n", false},
		{"a marker at the start of a line is left alone", []string{"x\n", "\x16PASS\n"}, 1 << 20, "x\n\x16PASS\n", false},
		{"a long line is cut", []string{long}, 1 << 20, long[:maxLine] + "\n" + long[maxLine:], false},
		{"a long line cut across writes", []string{long[:maxLine-5], long[maxLine-5:]}, 1 << 20, long[:maxLine] + "\n" + long[maxLine:], false},
		{"the limit stops the output", []string{"abcdef", "ghij"}, 8, "abcdefgh", true},
		{"exactly the limit is not over it", []string{"abcd"}, 4, "abcd", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			over := false
			f := &outputFilter{w: &b, limit: tt.limit, over: func() { over = true }}
			for _, w := range tt.writes {
				n, err := f.Write([]byte(w))
				assert.NoError(t, err)
				assert.Equal(t, len(w), n)
			}
			assert.Equal(t, tt.want, b.String())
			assert.Equal(t, tt.over, over)
		})
	}
}
