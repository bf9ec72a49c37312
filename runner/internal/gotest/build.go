package gotest

import (
	"regexp"
	"strconv"
	"strings"
)

// buildOutput collects what go, the compiler and vet said about a build
// that failed: the build-output and build-fail events, or, when go failed
// before writing any, its standard error.
type buildOutput struct {
	display func(path string) string // how a file is shown (resolved.display)

	failed  bool // a build-fail event came
	msgs    []BuildMessage
	dropped int // messages past maxBuildMsgs
}

// reBuildPos matches a message with a position: "file.go:12:7: text".
var reBuildPos = regexp.MustCompile(`^(.+?\.(?:go|s|c|h|mod|work)):(\d+)(?::(\d+))?: (.*)$`)

func (b *buildOutput) handle(e *event) {
	switch e.Action {
	case actionBuildFail:
		b.failed = true
	case actionBuildOutput:
		if e.Output == nil {
			return
		}
		for _, line := range strings.Split(strings.TrimRight(*e.Output, "\n"), "\n") {
			b.line(line)
		}
	}
}

// line adds one line of compiler, vet or go output: a message of its own,
// or an indented continuation of the one before.
func (b *buildOutput) line(line string) {
	line = strings.TrimRight(line, "\r")
	if line == "" || strings.HasPrefix(line, "# ") {
		return // "# pkg" headers
	}
	if strings.HasPrefix(line, "\t") || strings.HasPrefix(line, " ") {
		if n := len(b.msgs); n > 0 {
			m := &b.msgs[n-1]
			if len(m.Text)+len(line) < maxBuildText {
				m.Text += "\n" + line
			}
			return
		}
	}
	if len(b.msgs) >= maxBuildMsgs {
		b.dropped++
		return
	}
	if len(line) > maxBuildText {
		line = line[:maxBuildText]
	}
	msg := BuildMessage{Text: line}
	if m := reBuildPos.FindStringSubmatch(line); m != nil {
		msg.File = b.display(m[1])
		msg.Line, _ = strconv.Atoi(m[2])
		msg.Col, _ = strconv.Atoi(m[3])
		msg.Text = m[4]
	}
	b.msgs = append(b.msgs, msg)
}

// stderrMessages reads go's standard error as build messages: what go
// said when it failed before writing any event (a bad go.mod, say).
func stderrMessages(stderr string, display func(string) string) []BuildMessage {
	b := buildOutput{display: display}
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		b.line(line)
	}
	return b.msgs
}
