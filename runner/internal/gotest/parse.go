package gotest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// event is one test2json event. Since Go 1.24 build output arrives as
// events too: Action "build-output" or "build-fail" with ImportPath set and
// no Package, and the package's final "fail" names the failed build in
// FailedBuild.
type event struct {
	Time        time.Time
	Action      string
	Package     string
	Test        string
	Elapsed     *float64
	Output      *string
	ImportPath  string
	FailedBuild string
}

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
		return nil, fmt.Errorf("gotest: reading test2json stream: %w", err)
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
	elapsed                   float64
	out                       boundedOutput
	started                   time.Time // when its first run event was read (Run's progress only)
}

type blockKind int

const (
	blockNone blockKind = iota
	blockRaceStart
	blockRace
	blockCrash
	blockTimeout
)

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

	buildFailed bool
	build       []BuildMessage
	buildDrop   int

	pkgOut boundedOutput
	budget int // bytes of output that may still be kept

	pending map[string][]byte // partial output lines by test

	// crash, time-out and race detection over output lines
	block       blockKind
	blockTest   string
	blockLines  []string
	blockBytes  int
	blockHeader bool // still in the header of a panic (before the blank line)
	crash       *CrashInfo
	crashLines  []string
	timeout     *TimeoutInfo
	tmoLines    []string
	races       []RaceReport
	racesDrop   int

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
		budget:    o.MaxOutput,
	}
}

// longEventLine is called for stream lines longer than maxEventLine, which
// go never writes.
func (p *parser) longEventLine() {
	p.badLines++
}

// handleEventLine handles one line of the JSON stream.
func (p *parser) handleEventLine(line []byte) {
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return
	}
	var e event
	if line[0] != '{' || json.Unmarshal(line, &e) != nil {
		p.badLines++
		return
	}
	p.handleEvent(&e)
}

func (p *parser) handleEvent(e *event) {
	if e.Package == "" && e.ImportPath != "" {
		p.handleBuildEvent(e)
		return
	}
	if e.Package == "" {
		p.badLines++
		return
	}
	if p.pkg == "" {
		p.pkg = e.Package
	}
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
	if p.last != nil && p.last.Test == "" && isResult(p.last.Action) {
		p.midResults++
	}
	p.last = e

	switch e.Action {
	case "start":
		first := !p.started
		p.started = true
		if first && p.onStart != nil {
			p.onStart()
		}
	case "output":
		if e.Output != nil {
			p.handleOutput(e.Test, *e.Output)
		}
	case "run":
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
	case "pass", "fail", "skip":
		if e.Test == "" {
			return
		}
		t := p.test(e.Test)
		if t == nil {
			return
		}
		switch e.Action {
		case "pass":
			t.passes++
		case "fail":
			t.fails++
		case "skip":
			t.skip++
		}
		if e.Elapsed != nil {
			t.elapsed = *e.Elapsed
		}
		p.ended(e.Test)
		p.changed()
	}
	// "pause", "cont", "bench", "attr", "artifacts": nothing to keep.
}

// changed tells Run's progress callback that a test started or ended.
func (p *parser) changed() {
	if p.onChange != nil {
		p.onChange()
	}
}

func isResult(action string) bool {
	return action == "pass" || action == "fail" || action == "skip"
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

// ended removes a test from the running list.
func (p *parser) ended(name string) {
	for i := len(p.running) - 1; i >= 0; i-- {
		if p.running[i] == name {
			p.running = append(p.running[:i], p.running[i+1:]...)
			return
		}
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

var reBuildPos = regexp.MustCompile(`^(.+?\.(?:go|s|c|h|mod|work)):(\d+)(?::(\d+))?: (.*)$`)

// handleBuildEvent handles the build-output and build-fail events.
func (p *parser) handleBuildEvent(e *event) {
	switch e.Action {
	case "build-fail":
		p.buildFailed = true
	case "build-output":
		if e.Output == nil {
			return
		}
		for _, line := range strings.Split(strings.TrimRight(*e.Output, "\n"), "\n") {
			p.buildLine(line)
		}
	}
}

// buildLine adds one line of compiler, vet or go output to the build
// messages.
func (p *parser) buildLine(line string) {
	line = strings.TrimRight(line, "\r")
	if line == "" || strings.HasPrefix(line, "# ") {
		return // "# pkg" headers
	}
	if strings.HasPrefix(line, "\t") || strings.HasPrefix(line, " ") {
		if n := len(p.build); n > 0 {
			m := &p.build[n-1]
			if len(m.Text)+len(line) < maxBuildText {
				m.Text += "\n" + line
			}
			return
		}
	}
	if len(p.build) >= maxBuildMsgs {
		p.buildDrop++
		return
	}
	if len(line) > maxBuildText {
		line = line[:maxBuildText]
	}
	msg := BuildMessage{Text: line}
	if m := reBuildPos.FindStringSubmatch(line); m != nil {
		msg.File = p.o.display(m[1])
		msg.Line, _ = strconv.Atoi(m[2])
		msg.Col, _ = strconv.Atoi(m[3])
		msg.Text = m[4]
	}
	p.build = append(p.build, msg)
}

// verdict finishes the stream and decides.
func (p *parser) verdict(info runInfo) *Verdict {
	for test, buf := range p.pending {
		p.handleLine(test, string(buf))
	}
	p.pending = nil
	if p.block != blockNone {
		p.endBlock()
	}

	v := &Verdict{Package: p.pkg}

	// The package's end is the last event go wrote, when it wrote one. A
	// binary that exits with status 0 in the middle of a test leaves the
	// converter inside that test, so the end event then carries the test's
	// name: it is the package's result, not the test's.
	var end *event
	exitedIn := ""
	if info.complete && p.last != nil && isResult(p.last.Action) {
		end = p.last
		if end.Test != "" {
			if t := p.tests[end.Test]; t != nil {
				t.elapsed = 0
				switch end.Action {
				case "pass":
					t.passes--
				case "fail":
					t.fails--
				case "skip":
					t.skip--
				}
				if t.passes+t.fails+t.skip == 0 {
					p.running = append(p.running, end.Test)
				}
			}
			exitedIn = end.Test
		}
	}
	v.PackagePassed = end != nil && end.Action == "pass" && end.Test == ""
	if p.midResults > 0 {
		p.suspicious = append(p.suspicious, fmt.Sprintf("the package reported a result %d time(s) before its end", p.midResults))
	}
	if end != nil && end.FailedBuild != "" {
		p.buildFailed = true
	}

	v.Tests = p.results()
	anyRan := false
	for _, t := range p.tests {
		if t.runs+t.passes+t.fails+t.skip > 0 {
			anyRan = true
		}
	}

	if !p.pkgOut.empty() {
		v.Output = strings.Join(p.pkgOut.lines(), "\n") + "\n"
	}
	v.Races = p.races
	v.Suspicious = p.suspicious
	v.Notes = p.notes
	if p.racesDrop > 0 {
		v.Notes = append(v.Notes, fmt.Sprintf("%d more race reports not kept", p.racesDrop))
	}
	if p.buildDrop > 0 {
		v.Notes = append(v.Notes, fmt.Sprintf("%d more build messages not kept", p.buildDrop))
	}
	if p.badLines > 0 {
		v.Notes = append(v.Notes, fmt.Sprintf("%d line(s) of the stream were not test2json events", p.badLines))
	}
	if p.truncated {
		v.Truncated = true
		v.Notes = append(v.Notes, "output truncated: the tests printed more than is kept")
	}
	if end != nil && end.Action == "skip" {
		v.Notes = append(v.Notes, "the package has no test files")
	}

	running := append([]string(nil), p.running...)

	switch {
	case info.killedAfter > 0:
		v.Kind = KindTimeout
		v.Timeout = p.timeoutInfo() // go test's dump, if it came first
		v.Timeout.ByRunner = true
		v.Timeout.After = info.killedAfter
		v.Timeout.DuringBuild = !p.started
		if len(v.Timeout.Running) == 0 {
			v.Timeout.Running = running
		}
	case p.buildFailed || !p.started && info.exitCode != -2:
		v.Kind = KindBuildError
		v.Build = p.build
		if len(v.Build) == 0 {
			for _, line := range strings.Split(strings.TrimSpace(info.stderr), "\n") {
				p.buildLine(line)
			}
			v.Build = p.build
		}
		if len(v.Build) == 0 {
			v.Build = []BuildMessage{{Text: "go test failed without saying why"}}
		}
	case len(p.races) > 0:
		v.Kind = KindRace
	case p.timeout != nil && !v.PackagePassed:
		v.Kind = KindTimeout
		v.Timeout = p.timeoutInfo()
	case p.crash != nil && !v.PackagePassed:
		v.Kind = KindCrash
		v.Crash = p.crash
		p.crash.Frames, p.crash.Stack = p.frames(p.crashLines)
	case exitedIn != "":
		v.Kind = KindCrash
		v.Crash = &CrashInfo{Reason: CrashExit, Test: exitedIn, Value: fmt.Sprintf("the test binary exited (status %s) while %s was running", exitStatus(end), exitedIn)}
	case end == nil:
		v.Kind = KindCrash
		v.Crash = &CrashInfo{Reason: CrashSignal, Test: lastOf(running), Value: "go test ended without reporting a result"}
	case !v.PackagePassed && len(running) > 0:
		v.Kind = KindCrash
		v.Crash = &CrashInfo{Reason: CrashExit, Test: lastOf(running), Value: fmt.Sprintf("the test binary exited while %s was running", lastOf(running))}
	case v.PackagePassed && !anyRan && len(p.o.Expected) > 0:
		v.Kind = KindCrash
		v.Crash = &CrashInfo{Reason: CrashExit, Value: "the test binary exited with status 0 before running any test"}
	case v.PackagePassed && len(v.Suspicious) == 0 && allExpectedPass(v.Tests):
		v.Kind = KindPass
	default:
		v.Kind = KindFail
	}
	if v.Kind == KindPass && p.o.Expected == nil && len(v.Tests) == 0 && end != nil && end.Action != "skip" {
		v.Notes = append(v.Notes, "no tests ran")
	}
	return v
}

func exitStatus(end *event) string {
	if end != nil && end.Action == "pass" {
		return "0"
	}
	return "not 0"
}

func lastOf(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
}

// allExpectedPass reports whether no test failed and every expected test
// passed or skipped.
func allExpectedPass(tests []TestResult) bool {
	for _, t := range tests {
		if t.Suspicious || t.Status == StatusFail || t.Expected && t.Status == StatusNotRun {
			return false
		}
	}
	return true
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

// timeoutInfo builds the time-out from go test's "test timed out" dump.
func (p *parser) timeoutInfo() *TimeoutInfo {
	if p.timeout == nil {
		return &TimeoutInfo{}
	}
	ti := p.timeout
	for _, l := range p.tmoLines {
		if m := reRunning.FindStringSubmatch(l); m != nil {
			ti.Running = append(ti.Running, m[1])
		}
	}
	ti.Frames, ti.Stack = p.frames(p.tmoLines)
	return ti
}
