package confine

import (
	"bytes"
	"io"
)

// marker is the byte the testing package puts before each of its own
// lines (=== RUN, --- PASS, ...) when go test reads them through test2json.
const marker = 0x16

// maxLine is the longest line passed on whole. go's test2json holds a line
// until its newline, so a longer one is cut into lines of this length.
const maxLine = 64 << 10

// outputFilter passes a test binary's output on to go test, so that
// test2json reads it as the testing package meant it whatever the tests
// print, and stops at a limit:
//
//   - A marker that does not begin a line gets a newline before it. A
//     test's own output without a final newline would otherwise run into
//     the testing package's next line ("--- PASS: TestX"), and test2json,
//     once it has cut that long line, no longer sees the marker: the pass
//     would be lost and the grader would see a test that never ended.
//   - A line longer than maxLine is cut with newlines.
//   - Past limit bytes (of the binary's output, not counting the newlines
//     added), nothing more is written and over is called once.
//
// It is used from one goroutine.
type outputFilter struct {
	w     io.Writer
	limit int64
	over  func()

	n       int64 // bytes of the binary's output seen
	lineLen int   // length of the current line written so far
	stopped bool
	buf     []byte
	// start is the output's first bytes (up to startLen), read after the
	// run: what bwrap said when it could not start the binary.
	start []byte
	// noThread is set once the output has said that the Go runtime could
	// not start a thread (the bound on processes and threads is reached);
	// tail is the end of what was seen before, for a message cut in two.
	noThread bool
	tail     []byte
}

// noThreadMessages are how the Go runtime says it could not start a
// thread: its own, and cgo's (with the race detector).
var noThreadMessages = [][]byte{[]byte("failed to create new OS thread"), []byte("pthread_create failed")}

// startLen is how much of the output's start is kept.
const startLen = 512

// Write filters p and writes it on. It never fails: a write error of go
// test's pipe (go test gone) only stops the output, and the binary is
// not to block on it.
func (f *outputFilter) Write(p []byte) (int, error) {
	if f.stopped {
		return len(p), nil
	}
	n := len(p)
	if !f.noThread {
		edge := append(f.tail, p[:min(len(p), 32)]...)
		for _, m := range noThreadMessages {
			f.noThread = f.noThread || bytes.Contains(p, m) || bytes.Contains(edge, m)
		}
		f.tail = append(f.tail[:0], p[max(0, len(p)-32):]...)
	}
	if len(f.start) < startLen {
		f.start = append(f.start, p[:min(len(p), startLen-len(f.start))]...)
	}
	if rest := f.limit - f.n; int64(len(p)) > rest {
		p = p[:max(rest, 0)]
		f.stopped = true
	}
	f.n += int64(len(p))
	out := f.buf[:0]
	for len(p) > 0 {
		if p[0] == marker && f.lineLen > 0 {
			out = append(out, '\n')
			f.lineLen = 0
		}
		// The next piece ends at a newline, before the next marker, or
		// at the longest line, whichever comes first.
		end := len(p)
		if i := bytes.IndexByte(p, '\n'); i >= 0 {
			end = i + 1
		}
		if i := bytes.IndexByte(p[1:], marker); i >= 0 && i+1 < end {
			end = i + 1
		}
		if room := maxLine - f.lineLen; end > room {
			end = room
		}
		out = append(out, p[:end]...)
		f.lineLen += end
		if out[len(out)-1] == '\n' {
			f.lineLen = 0
		} else if f.lineLen >= maxLine {
			out = append(out, '\n')
			f.lineLen = 0
		}
		p = p[end:]
	}
	f.buf = out[:0]
	if _, err := f.w.Write(out); err != nil {
		f.stopped = true
	}
	if f.stopped && f.n >= f.limit && f.over != nil {
		f.over()
		f.over = nil
	}
	return n, nil
}
