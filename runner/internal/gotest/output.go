package gotest

import (
	"fmt"
	"strings"
)

// boundedOutput keeps the first and the last lines of an output within
// Options.MaxTestOutput bytes: a flood in the middle of a test is dropped,
// while its start and its final failure message are kept. Every byte kept is
// also charged to the parser's budget, so that all outputs together stay
// within Options.MaxOutput.
type boundedOutput struct {
	head      strings.Builder
	tail      []string
	tailBytes int
	dropped   int // bytes not kept
}

// add appends one line (without its newline).
func (b *boundedOutput) add(p *parser, line string) {
	n := len(line) + 1
	if len(b.tail) == 0 && b.head.Len()+n <= p.o.MaxTestOutput/2 && n <= p.budget {
		b.head.WriteString(line)
		b.head.WriteByte('\n')
		p.budget -= n
		return
	}
	room := p.o.MaxTestOutput - b.head.Len()
	for len(b.tail) > 0 && (b.tailBytes+n > room || n > p.budget) {
		k := len(b.tail[0]) + 1
		b.tail[0] = ""
		b.tail = b.tail[1:]
		b.tailBytes -= k
		b.dropped += k
		p.budget += k
		p.truncated = true
	}
	if b.tailBytes+n > room || n > p.budget {
		b.dropped += n
		p.truncated = true
		return
	}
	b.tail = append(b.tail, line)
	b.tailBytes += n
	p.budget -= n
}

// lines returns the kept lines, with a line saying how much was dropped
// where it was dropped.
func (b *boundedOutput) lines() []string {
	var out []string
	if h := b.head.String(); h != "" {
		out = strings.Split(strings.TrimSuffix(h, "\n"), "\n")
	}
	if b.dropped > 0 {
		out = append(out, fmt.Sprintf("… %d bytes of output not kept …", b.dropped))
	}
	return append(out, b.tail...)
}

// empty reports whether nothing was ever added.
func (b *boundedOutput) empty() bool {
	return b.head.Len() == 0 && len(b.tail) == 0 && b.dropped == 0
}
