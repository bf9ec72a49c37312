package gotest

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
)

// reLocation matches the location line of a stack frame, as the runtime
// ("\t/path/file.go:12 +0x25") and the race detector ("      /path/file.go:12
// +0x33") print it.
var reLocation = regexp.MustCompile(`^\s+(\S.*):(\d+)(?: \+0x[0-9a-f]+)?$`)

// reGoroutine matches the header of a goroutine in a runtime dump.
var reGoroutine = regexp.MustCompile(`^goroutine \d+ \[`)

// stackFrames parses frames from stack trace lines: each location line
// following a function line makes one frame.
func stackFrames(lines []string) []Frame {
	var frames []Frame
	for i := 1; i < len(lines); i++ {
		m := reLocation.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		fn := strings.TrimSpace(lines[i-1])
		if fn == "" || reLocation.MatchString(lines[i-1]) {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		frames = append(frames, Frame{Func: funcName(fn), File: m[1], Line: n})
	}
	return frames
}

// funcName drops the arguments and goroutine numbers from a function line.
func funcName(s string) string {
	if strings.HasPrefix(s, "created by ") {
		if i := strings.Index(s, " in goroutine "); i > 0 {
			s = s[:i]
		}
		return s
	}
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndex(s, "("); i > 0 {
			s = s[:i]
		}
	}
	return s
}

// learnerFrames keeps the frames in the learner's code, at most maxFrames,
// with their files shown relative to the root.
func (p *parser) learnerFrames(frames []Frame) []Frame {
	var out []Frame
	for _, f := range frames {
		if !p.o.isLearner(f.File) {
			continue
		}
		f.File = p.o.display(f.File)
		out = append(out, f)
		if len(out) == maxFrames {
			break
		}
	}
	return out
}

// frames finds, in a crash or time-out dump, the first goroutine with frames
// in the learner's code and returns those frames, with the dump as text.
func (p *parser) frames(lines []string) ([]Frame, string) {
	text := strings.Join(lines, "\n")
	if len(lines) > 0 {
		text += "\n"
	}
	var goroutine []string
	flush := func() []Frame {
		fs := p.learnerFrames(stackFrames(goroutine))
		goroutine = goroutine[:0]
		return fs
	}
	for _, l := range lines {
		if reGoroutine.MatchString(l) {
			if fs := flush(); len(fs) > 0 {
				return fs, text
			}
		}
		goroutine = append(goroutine, l)
	}
	return flush(), text
}

// reRaceAt removes the address from a race section title.
var reRaceAt = regexp.MustCompile(` at 0x[0-9a-f]+`)

// raceReport splits a "WARNING: DATA RACE" report into its sections.
func (p *parser) raceReport(test string, lines []string) RaceReport {
	r := RaceReport{Test: test, Text: strings.Join(lines, "\n") + "\n"}
	var title string
	var section []string
	flush := func() {
		if title != "" {
			r.Stacks = append(r.Stacks, RaceStack{Title: title, Frames: p.learnerFrames(stackFrames(section))})
		}
		title, section = "", nil
	}
	for _, l := range lines {
		switch {
		case l == raceRule || l == "WARNING: DATA RACE":
		case l != "" && !strings.HasPrefix(l, " ") && strings.HasSuffix(l, ":"):
			flush()
			title = reRaceAt.ReplaceAllString(strings.TrimSuffix(l, ":"), "")
			title = strings.TrimSuffix(title, " at")
		default:
			section = append(section, l)
		}
	}
	flush()
	return r
}

// lineWriter is an io.Writer that cuts what it is given into lines and
// hands each to line; lines longer than max are dropped (long is called).
type lineWriter struct {
	max  int
	line func([]byte)
	long func()
	buf  []byte
	skip bool // inside an over-long line
}

// Write implements io.Writer.
func (w *lineWriter) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			if !w.skip {
				if len(w.buf)+len(b) > w.max {
					w.skip, w.buf = true, w.buf[:0]
					w.long()
				} else {
					w.buf = append(w.buf, b...)
				}
			}
			break
		}
		if !w.skip {
			if len(w.buf)+i > w.max {
				w.long()
			} else {
				w.buf = append(w.buf, b[:i]...)
				w.line(w.buf)
			}
		}
		w.buf, w.skip = w.buf[:0], false
		b = b[i+1:]
	}
	return n, nil
}

// Flush hands over a last line without a newline.
func (w *lineWriter) Flush() {
	if len(w.buf) > 0 && !w.skip {
		w.line(w.buf)
	}
	w.buf, w.skip = w.buf[:0], false
}
