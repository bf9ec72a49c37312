package gotest

import (
	"cmp"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// The parser is the execution model: it follows the events of one package
// one at a time (see event.go), tracks each test's runs and results and
// keeps its output, with block detection (blocks.go) and build output
// (build.go) alongside; when the stream is over, finish gathers what it saw
// and decide (decide.go) turns that into a Verdict.

// Parse reads a recorded `go test -json` stream of one package and returns
// its verdict. The stream is taken as complete: its last result event is the
// package's end. Only the reading fields of opts are used.
func Parse(r io.Reader, opts Options) (*Verdict, error) {
	ro, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	p := newParser(ro)
	w := &lineWriter{max: maxEventLine, line: p.handleEventLine, long: p.longEventLine}
	if _, err := io.Copy(w, r); err != nil {
		return nil, i18n.Errorf(msgStream, err)
	}
	w.Flush()
	return p.verdict(runInfo{complete: true, exitCode: -2}), nil
}

// runInfo is what Run knows about the process that the stream cannot say.
type runInfo struct {
	complete    bool          // go exited by itself, so its final event was written
	killedAfter time.Duration // >0: our time limit expired and the group was killed
	exitCode    int           // go's exit status; -1 killed; -2 unknown (Parse)
	stderr      string
}

// testState accumulates the events of one test.
type testState struct {
	runs, passes, fails, skip int
	paused                    bool // a parallel test waiting for its turn
	elapsed                   float64
	out                       boundedOutput
	started                   time.Time // when its first run event was read (Run's progress only)
}

// count adds n to the tally of the result a (a terminal action).
func (t *testState) count(a action, n int) {
	switch a {
	case actionPass:
		t.passes += n
	case actionFail:
		t.fails += n
	case actionSkip:
		t.skip += n
	}
}

// ended reports whether any result of the test was seen.
func (t *testState) ended() bool {
	return t.passes+t.fails+t.skip > 0
}

// parser turns events into a Verdict. It keeps only bounded state.
type parser struct {
	o *resolved

	pkg       string
	started   bool
	otherPkgs map[string]bool

	tests    map[string]*testState
	order    []string
	running  []string // started tests not yet ended, in start order
	testsCap bool

	last       *event // last event of the package
	midResults int    // package-level results seen before the end

	build buildOutput

	pkgOut boundedOutput
	budget int // bytes of output that may still be kept

	pending map[string][]byte // partial output lines by test

	blocks // crash, time-out and race detection over output lines

	suspicious []string
	notes      []string
	truncated  bool
	badLines   int

	// Set by Run: onStart is called when the test binary starts, onChange
	// when a test starts or ends.
	onStart  func()
	onChange func()
}

func newParser(o *resolved) *parser {
	return &parser{
		o:         o,
		tests:     make(map[string]*testState),
		pending:   make(map[string][]byte),
		otherPkgs: make(map[string]bool),
		build:     buildOutput{display: o.display},
		budget:    o.MaxOutput,
	}
}

func (p *parser) handleEvent(e *event) {
	if e.Package == "" && e.ImportPath != "" {
		p.build.handle(e)
		return
	}
	if e.Package == "" {
		p.badLines++
		return
	}
	p.pkg = cmp.Or(p.pkg, e.Package)
	if e.Package != p.pkg {
		if !p.otherPkgs[e.Package] && len(p.otherPkgs) < 10 {
			p.otherPkgs[e.Package] = true
			p.notes = append(p.notes, fmt.Sprintf("events of package %s ignored: one package per run", e.Package))
		}
		return
	}
	if len(e.Test) > maxLine {
		e.Test = e.Test[:maxLine]
	}
	if p.last != nil && p.last.Test == "" && p.last.Action.isTerminal() {
		p.midResults++
	}
	p.last = e

	switch e.Action {
	case actionStart:
		first := !p.started
		p.started = true
		if first && p.onStart != nil {
			p.onStart()
		}
	case actionOutput:
		if e.Output != nil {
			p.handleOutput(e.Test, *e.Output)
		}
	case actionRun:
		if t := p.test(e.Test); t != nil {
			t.runs++
			if t.runs == 1 {
				p.running = append(p.running, e.Test)
				if p.onChange != nil {
					t.started = time.Now()
				}
			}
			p.changed()
		}
	case actionPause:
		// A parallel test waiting for its turn is not running: a crash or
		// a hang now is another test's, and if the binary ends before its
		// turn comes, it never ran.
		if t := p.test(e.Test); t != nil && !t.paused {
			t.paused = true
			p.ended(e.Test)
			p.changed()
		}
	case actionCont:
		if t := p.test(e.Test); t != nil && t.paused {
			t.paused = false
			p.running = append(p.running, e.Test)
			p.changed()
		}
	case actionPass, actionFail, actionSkip:
		if e.Test == "" {
			return
		}
		t := p.test(e.Test)
		if t == nil {
			return
		}
		t.count(e.Action, 1)
		if e.Elapsed != nil {
			t.elapsed = *e.Elapsed
		}
		p.ended(e.Test)
		p.changed()
	}
	// bench, attr, artifacts: nothing to keep.
}

// changed tells Run's progress callback that a test started or ended.
func (p *parser) changed() {
	if p.onChange != nil {
		p.onChange()
	}
}

// test returns the state of the named test, creating it; nil once too many
// tests were seen (expected tests are always tracked).
func (p *parser) test(name string) *testState {
	if t, ok := p.tests[name]; ok {
		return t
	}
	if len(p.tests) >= maxTests && !p.o.expected[name] {
		if !p.testsCap {
			p.testsCap = true
			p.notes = append(p.notes, fmt.Sprintf("more than %d tests: the rest are not reported", maxTests))
		}
		return nil
	}
	t := &testState{}
	p.tests[name] = t
	p.order = append(p.order, name)
	return t
}

// related reports whether tests a and b are one test, or one is a subtest
// of the other.
func related(a, b string) bool {
	_, under := TestName(a).Under(TestName(b))
	_, over := TestName(b).Under(TestName(a))
	return a == b || under || over
}

// working are the running tests that were running code of their own: not
// those only waiting for paused parallel subtests to get their turn.
func (p *parser) working() []string {
	var out []string
	for _, name := range p.running {
		if !p.waitsForPaused(name) {
			out = append(out, name)
		}
	}
	return out
}

// waitsForPaused reports whether a subtest of name is paused for its turn,
// so that name itself is waiting for it.
func (p *parser) waitsForPaused(name string) bool {
	for sub, t := range p.tests {
		if t.paused && strings.HasPrefix(sub, name+"/") {
			return true
		}
	}
	return false
}

// ended removes a test from the running list.
func (p *parser) ended(name string) {
	if i := slices.Index(p.running, name); i >= 0 {
		p.running = slices.Delete(p.running, i, i+1)
	}
}

// handleOutput reassembles output into lines per test (go splits long lines
// and may send partial ones) and handles each whole line.
func (p *parser) handleOutput(test, out string) {
	if test != "" && p.test(test) == nil {
		test = "" // too many tests: count it as the package's output
	}
	buf := p.pending[test]
	for out != "" {
		i := strings.IndexByte(out, '\n')
		if i < 0 {
			if room := maxLine - len(buf); room > 0 {
				buf = append(buf, out[:min(room, len(out))]...)
			}
			break
		}
		if room := maxLine - len(buf); room > 0 {
			buf = append(buf, out[:min(room, i)]...)
		}
		p.handleLine(test, string(buf))
		buf = buf[:0]
		out = out[i+1:]
	}
	if len(buf) == 0 {
		delete(p.pending, test)
	} else {
		p.pending[test] = buf
	}
}

// keep stores a useful output line for a test or the package, within the
// bounds.
func (p *parser) keep(test, line string) {
	if isFramingLine(line) {
		return
	}
	if test == "" {
		if isSummaryLine(line) {
			return
		}
		p.pkgOut.add(p, line)
		return
	}
	if p.pkg != "" && (strings.HasPrefix(line, "ok  \t"+p.pkg+"\t") || strings.HasPrefix(line, "FAIL\t"+p.pkg)) {
		return // go's summary, attributed to a test the binary exited in
	}
	t := p.test(test)
	if t == nil {
		return
	}
	t.out.add(p, line)
}

func (p *parser) verdict(info runInfo) *Verdict {
	return decide(p.finish(info), info)
}

// finish ends the stream (its last partial lines, an open block) and
// gathers what was seen for decide.
func (p *parser) finish(info runInfo) seen {
	for test, buf := range p.pending {
		p.handleLine(test, string(buf))
	}
	p.pending = nil
	if p.block != blockNone {
		p.endBlock()
	}

	s := seen{pkg: p.pkg, started: p.started, expected: p.o.Expected}

	// The package's end is the last event go wrote, when it wrote one. A
	// binary that exits with status 0 in the middle of a test leaves the
	// converter inside that test, so the end event then carries the test's
	// name: it is the package's result, not the test's.
	if info.complete && p.last != nil && p.last.Action.isTerminal() {
		end := p.last
		s.end = end.Action
		s.buildFailed = end.FailedBuild != ""
		if end.Test != "" {
			if t := p.tests[end.Test]; t != nil {
				t.elapsed = 0
				t.count(end.Action, -1)
				if !t.ended() {
					p.running = append(p.running, end.Test)
				}
			}
			s.exitedIn = end.Test
		}
	}
	if p.midResults > 0 {
		p.suspicious = append(p.suspicious, fmt.Sprintf("the package reported a result %d time(s) before its end", p.midResults))
	}
	s.tests = p.results()
	s.running = p.working()

	s.buildFailed = s.buildFailed || p.build.failed
	s.build = p.build.msgs
	if len(s.build) == 0 && info.stderr != "" {
		s.stderrBuild = stderrMessages(info.stderr, p.o.display)
	}
	s.races = p.races
	s.crash = p.crashInfo()
	s.timeout = p.timeoutInfo()

	if !p.pkgOut.empty() {
		s.output = strings.Join(p.pkgOut.lines(), "\n") + "\n"
	}
	s.suspicious = p.suspicious
	s.notes = p.notes
	if p.racesDrop > 0 {
		s.notes = append(s.notes, fmt.Sprintf("%d more race reports not kept", p.racesDrop))
	}
	if p.build.dropped > 0 {
		s.notes = append(s.notes, fmt.Sprintf("%d more build messages not kept", p.build.dropped))
	}
	if p.badLines > 0 {
		s.notes = append(s.notes, fmt.Sprintf("%d line(s) of the stream were not test2json events", p.badLines))
	}
	if p.truncated {
		s.truncated = true
		s.notes = append(s.notes, "output truncated: the tests printed more than is kept")
	}
	return s
}

// results builds the per-test results, flagging contradictions.
func (p *parser) results() []TestResult {
	out := make([]TestResult, 0, len(p.order)+len(p.o.Expected))
	for _, name := range p.order {
		t := p.tests[name]
		r := TestResult{Name: name, Expected: p.o.expected[name], Elapsed: time.Duration(t.elapsed * float64(time.Second))}
		suspect := func(format string, args ...any) {
			r.Suspicious = true
			p.suspicious = append(p.suspicious, name+" "+fmt.Sprintf(format, args...))
		}
		ends := t.passes + t.fails + t.skip
		switch {
		case t.runs > 1:
			suspect("started %d times", t.runs)
		case t.runs == 0 && ends > 0:
			suspect("reported a result without having started")
		}
		if t.passes > 1 {
			suspect("reported its pass %d times", t.passes)
		}
		if ends > 1 && t.passes < ends && t.passes > 0 {
			suspect("reported both a pass and another result")
		}
		switch {
		case r.Suspicious || t.fails > 0:
			r.Status = StatusFail
		case t.passes == 1:
			r.Status = StatusPass
		case t.skip > 0:
			r.Status = StatusSkip
		case t.runs > 0 && (t.paused || p.waitsForPaused(name)):
			// Paused for its turn, or waiting for a subtest's, which never
			// came: it never got to run, nor caused the end.
			r.Status = StatusNotRun
		case t.runs > 0 && p.crash != nil && p.crash.Test != "" && !related(name, p.crash.Test):
			// Cut short by another test's crash, as parallel tests are:
			// it did not fail, it did not get to finish.
			r.Status = StatusNotRun
		case t.runs > 0:
			r.Status = StatusFail // started, never finished
		default:
			r.Status = StatusNotRun
		}
		r.Output = p.usefulOutput(t)
		out = append(out, r)
	}
	for _, name := range p.o.Expected {
		if _, seen := p.tests[name]; !seen {
			out = append(out, TestResult{Name: name, Status: StatusNotRun, Expected: true})
			p.tests[name] = &testState{}
		}
	}
	return out
}

// usefulOutput dedents a test's kept output and makes paths under the root
// relative.
func (p *parser) usefulOutput(t *testState) string {
	if t.out.empty() {
		return ""
	}
	lines := t.out.lines()
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "… ") {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " "))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	var b strings.Builder
	for _, l := range lines {
		if indent > 0 && len(l) >= indent && strings.TrimSpace(l[:indent]) == "" {
			l = l[indent:]
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	s := b.String()
	if p.o.root != "" {
		s = strings.ReplaceAll(s, p.o.root+string(filepath.Separator), "")
		s = strings.ReplaceAll(s, filepath.ToSlash(p.o.root)+"/", "")
	}
	return s
}
