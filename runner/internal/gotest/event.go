package gotest

import (
	"bytes"
	"encoding/json"
	"time"
)

// event is one test2json event. Since Go 1.24 build output arrives as
// events too: Action "build-output" or "build-fail" with ImportPath set and
// no Package, and the package's final "fail" names the failed build in
// FailedBuild.
type event struct {
	Time        time.Time
	Action      action
	Package     string
	Test        string
	Elapsed     *float64
	Output      *string
	ImportPath  string
	FailedBuild string
}

// action is the Action of a test2json event.
type action string

// The actions of cmd/test2json (go doc test2json), and the two that go
// test adds for build output.
const (
	actionStart       action = "start"        // the test binary started
	actionRun         action = "run"          // a test started
	actionPause       action = "pause"        // a parallel test paused
	actionCont        action = "cont"         // a parallel test continued
	actionPass        action = "pass"         // a test, or the package, passed
	actionFail        action = "fail"         // a test, or the package, failed
	actionSkip        action = "skip"         // a test skipped, or the package had no tests
	actionOutput      action = "output"       // a piece of output
	actionBench       action = "bench"        // a benchmark printed its result
	actionBuildOutput action = "build-output" // compiler, vet or go output (ImportPath set)
	actionBuildFail   action = "build-fail"   // the build of ImportPath failed
)

// isTerminal reports whether a is a result: the last event of a test or,
// without Test, of the package.
func (a action) isTerminal() bool {
	return a == actionPass || a == actionFail || a == actionSkip
}

// longEventLine is called for stream lines longer than maxEventLine, which
// go never writes.
func (p *parser) longEventLine() {
	p.badLines++
}

// handleEventLine decodes one line of the JSON stream and hands the event
// on; a line that is not an event is counted, not fatal.
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
