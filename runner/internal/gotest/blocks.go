package gotest

import (
	"regexp"
	"strings"
	"time"
)

// Block detection: go test's crash reports, time-out dumps and race
// reports arrive as ordinary output lines. The parser watches each whole
// line for the start of such a block, collects the block's lines (bounded)
// and takes it apart when the block ends. A block that turns out to be
// the code under test printing look-alike text (test framing follows it)
// is given back as ordinary output.

// blockKind says which block the detector is in.
type blockKind int

const (
	blockNone      blockKind = iota
	blockRaceStart           // after a "==================" line
	blockRace                // inside a "WARNING: DATA RACE" report
	blockCrash               // after "panic: " or "fatal error: "
	blockTimeout             // after "panic: test timed out after"
)

// blocks is the detectors' state and what they found.
type blocks struct {
	block       blockKind
	blockTest   string // the test whose output the block is in
	blockLines  []string
	blockBytes  int
	blockHeader bool // still in the header of a panic (before the blank line)

	crash      *CrashInfo
	crashLines []string
	timeout    *TimeoutInfo
	tmoLines   []string
	races      []RaceReport
	racesDrop  int
}

var (
	reTimedOut = regexp.MustCompile(`^panic: test timed out after (\S+)`)
	reSignal   = regexp.MustCompile(`^signal: [a-z]`)
	reRunning  = regexp.MustCompile(`^\t\t(\S+) \(`)
)

const raceRule = "=================="

// handleLine handles one whole output line of a test ("" for the package):
// it feeds the crash, time-out and race detectors and keeps the useful
// lines.
func (p *parser) handleLine(test, line string) {
	switch p.block {
	case blockRaceStart:
		if line == "WARNING: DATA RACE" {
			p.block = blockRace
			p.blockTest = test
			p.blockLines = []string{raceRule, line}
			p.blockBytes = len(raceRule) + len(line) + 2
			return
		}
		p.block = blockNone
		p.keep(p.blockTest, raceRule)
	case blockRace:
		if isFramingLine(line) {
			p.falseAlarm()
			break
		}
		if len(p.blockLines) < maxRaceLines {
			p.addBlockLine(line)
		}
		if line == raceRule {
			p.endBlock()
		}
		return
	case blockCrash, blockTimeout:
		if isFramingLine(line) {
			p.falseAlarm()
			break
		}
		if isSummaryLine(line) {
			p.endBlock()
			p.keep(test, line)
			return
		}
		if p.blockHeader {
			if line == "" {
				p.blockHeader = false
			} else if p.block == blockCrash && p.crash != nil && len(p.blockLines) < 8 && !strings.HasPrefix(line, "[signal ") && !strings.HasPrefix(line, "\t") {
				// a multi-line panic value
				p.crash.Value += "\n" + line
			}
		}
		if len(p.blockLines) < maxStackLines {
			p.addBlockLine(line)
		}
		return
	}

	switch {
	case line == raceRule:
		p.block = blockRaceStart
		p.blockTest = test
		return
	case reTimedOut.MatchString(line):
		if p.timeout == nil {
			after, _ := time.ParseDuration(reTimedOut.FindStringSubmatch(line)[1])
			p.timeout = &TimeoutInfo{After: after}
			p.startBlock(blockTimeout, test, line)
		}
		p.keep(test, line)
		return
	case strings.HasPrefix(line, "panic: ") || strings.HasPrefix(line, "fatal error: "):
		if p.crash == nil {
			reason, value := CrashPanic, strings.TrimPrefix(line, "panic: ")
			if strings.HasPrefix(line, "fatal error: ") {
				reason, value = CrashFatal, strings.TrimPrefix(line, "fatal error: ")
			}
			value = strings.TrimSuffix(value, " [recovered, repanicked]")
			value = strings.TrimSuffix(value, " [recovered]")
			p.crash = &CrashInfo{Reason: reason, Test: p.runningTest(test), Value: value}
			p.startBlock(blockCrash, test, line)
		}
		p.keep(test, line)
		return
	case reSignal.MatchString(line):
		if p.crash == nil {
			p.crash = &CrashInfo{Reason: CrashSignal, Test: p.runningTest(test), Value: strings.TrimPrefix(line, "signal: ")}
		}
	}
	p.keep(test, line)
}

func (p *parser) startBlock(k blockKind, test, line string) {
	p.block = k
	p.blockTest = test
	p.blockHeader = true
	p.blockLines = []string{line}
	p.blockBytes = len(line)
}

// addBlockLine adds a line to the current block within maxBlockBytes.
func (p *parser) addBlockLine(line string) {
	if p.blockBytes+len(line) > maxBlockBytes {
		return
	}
	p.blockBytes += len(line) + 1
	p.blockLines = append(p.blockLines, line)
}

// endBlock stores the lines of the block that just ended.
func (p *parser) endBlock() {
	switch p.block {
	case blockRace:
		if len(p.races) < maxRaceReports {
			p.races = append(p.races, p.raceReport(p.blockTest, p.blockLines))
		} else {
			p.racesDrop++
		}
	case blockCrash:
		p.crashLines = p.blockLines
	case blockTimeout:
		p.tmoLines = p.blockLines
	case blockRaceStart:
		p.keep(p.blockTest, raceRule)
	}
	p.block = blockNone
	p.blockLines = nil
}

// falseAlarm undoes a block that turned out not to be a real crash, time-out
// or race report: test framing came after it, so the binary went on running
// tests and the lines were printed by the code under test. They are kept as
// ordinary output.
func (p *parser) falseAlarm() {
	switch p.block {
	case blockCrash:
		p.crash = nil
	case blockTimeout:
		p.timeout = nil
	}
	lines, test := p.blockLines, p.blockTest
	if p.block == blockCrash || p.block == blockTimeout {
		lines = lines[1:] // the first line was kept already
	}
	p.block = blockNone
	p.blockLines = nil
	for _, l := range lines {
		p.keep(test, l)
	}
}

// runningTest names the test a crash happened in: the test the output was
// attributed to, else the innermost test still running.
func (p *parser) runningTest(test string) string {
	if test != "" {
		return test
	}
	if n := len(p.running); n > 0 {
		return p.running[n-1]
	}
	return ""
}

// crashInfo is the crash the output reported, with its frames; nil when
// none was.
func (p *parser) crashInfo() *CrashInfo {
	if p.crash == nil {
		return nil
	}
	c := *p.crash
	c.Frames, c.Stack = p.frames(p.crashLines)
	return &c
}

// timeoutInfo is go test's own time-out, read from its "test timed out"
// dump; nil when there was none.
func (p *parser) timeoutInfo() *TimeoutInfo {
	if p.timeout == nil {
		return nil
	}
	ti := *p.timeout
	ti.Running = nil
	for _, l := range p.tmoLines {
		if m := reRunning.FindStringSubmatch(l); m != nil {
			ti.Running = append(ti.Running, m[1])
		}
	}
	ti.Frames, ti.Stack = p.frames(p.tmoLines)
	return &ti
}

// isSummaryLine reports whether line is one of go test's own closing lines.
func isSummaryLine(line string) bool {
	return line == "PASS" || line == "FAIL" || strings.HasPrefix(line, "FAIL\t") ||
		strings.HasPrefix(line, "ok  \t") || strings.HasPrefix(line, "?   \t")
}

// isFramingLine reports whether line is test framing that carries no message.
func isFramingLine(line string) bool {
	t := strings.TrimLeft(line, " ")
	for _, prefix := range []string{"=== RUN", "=== PAUSE", "=== CONT", "=== NAME", "=== PASS", "=== FAIL", "=== SKIP", "--- PASS: ", "--- FAIL: ", "--- SKIP: "} {
		if strings.HasPrefix(t, prefix) {
			return true
		}
	}
	return false
}
