package gotest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestBuildOutput(t *testing.T) {
	show := func(p string) string { return strings.TrimPrefix(p, "/w/") }
	cases := []struct {
		name  string
		lines []string
		want  []BuildMessage
	}{
		{"a compiler message", []string{"/w/p/a.go:3:7: undefined: x"}, []BuildMessage{{File: "p/a.go", Line: 3, Col: 7, Text: "undefined: x"}}},
		{"a vet message without a column", []string{"/w/p/a.go:3: call has possible Printf formatting directive %d"},
			[]BuildMessage{{File: "p/a.go", Line: 3, Text: "call has possible Printf formatting directive %d"}}},
		{"package headers and blank lines are dropped", []string{"# example.com/p", "", "go: no such tool"}, []BuildMessage{{Text: "go: no such tool"}}},
		{"indented lines continue the message", []string{"/w/p/a.go:1:1: cannot use x", "\thave int", "\twant string"},
			[]BuildMessage{{File: "p/a.go", Line: 1, Col: 1, Text: "cannot use x\n\thave int\n\twant string"}}},
		{"an indented first line is a message", []string{"\tgo mod tidy"}, []BuildMessage{{Text: "\tgo mod tidy"}}},
		{"carriage returns are dropped", []string{"go: bad\r"}, []BuildMessage{{Text: "go: bad"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := buildOutput{display: show}
			for _, l := range tc.lines {
				b.line(l)
			}
			assert.Equal(t, tc.want, b.msgs)
			assert.Zero(t, b.dropped)
		})
	}

	t.Run("messages past the bound are counted, not kept", func(t *testing.T) {
		b := buildOutput{display: show}
		for range maxBuildMsgs + 3 {
			b.line("go: again")
		}
		assert.Len(t, b.msgs, maxBuildMsgs)
		assert.Equal(t, 3, b.dropped)
	})
	t.Run("events", func(t *testing.T) {
		b := buildOutput{display: show}
		out := "# example.com/p\n/w/p/a.go:1:2: bad\n"
		b.handle(&event{Action: actionBuildOutput, ImportPath: "example.com/p", Output: &out})
		assert.False(t, b.failed)
		b.handle(&event{Action: actionBuildFail, ImportPath: "example.com/p"})
		assert.True(t, b.failed)
		assert.Equal(t, []BuildMessage{{File: "p/a.go", Line: 1, Col: 2, Text: "bad"}}, b.msgs)
	})
	assert.Equal(t, []BuildMessage{{Text: "go: go.mod file not found"}}, stderrMessages("\ngo: go.mod file not found\n\n", show))
}
