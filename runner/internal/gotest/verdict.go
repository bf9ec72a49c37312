package gotest

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Kind is the overall outcome of one `go test` run.
type Kind string

// The kinds of verdict. A run has exactly one. When several apply, the
// first of these rules decides: a run whose time limit expired is
// KindTimeout (the build's limit too, when one was set); a failed build is KindBuildError; a
// reported data race is KindRace (a race is often the cause of the crash or
// hang that follows it); then go test's own time-out, a crash, a failure.
const (
	// KindTimeout: the run went past its time limit, Run's own or go test's
	// -timeout. See Verdict.Timeout.
	KindTimeout Kind = "timeout"
	// KindBuildError: the package (or its test binary) did not compile, vet
	// rejected it, or go could not set the build up (missing module, bad
	// go.mod, no such directory). See Verdict.Build.
	KindBuildError Kind = "build_error"
	// KindRace: the race detector reported at least one data race. See
	// Verdict.Races.
	KindRace Kind = "race"
	// KindCrash: the test binary died: a panic, a fatal runtime error, a
	// signal, or an exit (os.Exit, log.Fatal, syscall.Exit) while tests were
	// still to run. See Verdict.Crash.
	KindCrash Kind = "crash"
	// KindFail: the binary ran to its end but a test failed, an expected test
	// never ran, or the stream was suspicious.
	KindFail Kind = "fail"
	// KindPass: the package passed, no test failed, every expected test
	// passed (or skipped) exactly once, and nothing in the stream was
	// suspicious.
	KindPass Kind = "pass"
)

// Status is the result of one test.
type Status string

// The per-test results.
const (
	// StatusPass: the stream reported the test's pass exactly once and
	// nothing else about its end. See also Verdict.Passed.
	StatusPass Status = "pass"
	// StatusFail: the test failed, or started and never finished (it was
	// running when the binary crashed, exited or timed out), or its results
	// were contradictory (reported twice, or pass and fail).
	StatusFail Status = "fail"
	// StatusSkip: the test called t.Skip.
	StatusSkip Status = "skip"
	// StatusNotRun: the test never started (an earlier test crashed the
	// binary, the binary exited early, or the test does not exist).
	StatusNotRun Status = "not_run"
)

// CrashReason says how a test binary died.
type CrashReason string

// The reasons for a KindCrash verdict.
const (
	// CrashPanic: an unrecovered panic, in a test or in a goroutine.
	CrashPanic CrashReason = "panic"
	// CrashFatal: a fatal runtime error (concurrent map writes, unlock of an
	// unlocked mutex, out of memory, ...), which cannot be recovered.
	CrashFatal CrashReason = "fatal_error"
	// CrashSignal: the binary was killed by a signal it did not handle.
	CrashSignal CrashReason = "signal"
	// CrashExit: the binary exited (os.Exit, log.Fatal, syscall.Exit, an
	// exit in init or TestMain) before its tests finished.
	CrashExit CrashReason = "exit"
)

// NoResult is a CrashSignal's Value when go test ended without a result
// and without a signal to name (its English; explain says it in Chinese).
const NoResult = "go test ended without reporting a result"

// Verdict is what one `go test -json` run of one package amounts to.
type Verdict struct {
	// Kind is the overall outcome.
	Kind Kind `json:"kind"`
	// Package is the import path go test reported (empty when go failed
	// before naming it).
	Package string `json:"package,omitempty"`
	// PackagePassed is true when the stream ended with the package's own
	// pass event: the test binary exited with status 0 after its tests.
	PackagePassed bool `json:"package_passed"`
	// Tests holds every test and subtest seen, in the order they started,
	// followed by expected tests that never started.
	Tests []TestResult `json:"tests,omitempty"`
	// Build holds the compiler's (or vet's, or go's) messages when Kind is
	// KindBuildError.
	Build []BuildMessage `json:"build,omitempty"`
	// Crash describes the crash when Kind is KindCrash.
	Crash *CrashInfo `json:"crash,omitempty"`
	// Timeout describes the time-out when Kind is KindTimeout.
	Timeout *TimeoutInfo `json:"timeout,omitempty"`
	// Races holds the data race reports, whatever the Kind.
	Races []RaceReport `json:"races,omitempty"`
	// Suspicious lists what a real go test run never produces: a result
	// reported twice, a result for a test that never started, a package
	// result in the middle of the stream. Each entry is one sentence. A
	// verdict with suspicious entries is never KindPass.
	Suspicious []string `json:"suspicious,omitempty"`
	// Output is what the package printed outside any test (in init or
	// TestMain, say), without go test's own summary lines.
	Output string `json:"output,omitempty"`
	// Notes are remarks about the run itself: output truncated, no test
	// files, events of another package ignored.
	Notes []string `json:"notes,omitempty"`
	// Truncated is true when some output was dropped to keep memory bounded.
	Truncated bool `json:"truncated,omitempty"`

	// The fields below are filled by Run only.

	// Args are the arguments go was run with.
	Args []string `json:"args,omitempty"`
	// ExitCode is go's exit status, -1 if it was killed.
	ExitCode int `json:"exit_code,omitempty"`
	// Stderr is what go wrote on its standard error (bounded).
	Stderr string `json:"stderr,omitempty"`
	// Elapsed is the wall time of the whole run, build included.
	Elapsed time.Duration `json:"elapsed,omitempty"`
	// BuildElapsed is the part of Elapsed before go started the test
	// binary (all of it when the binary never started). Elapsed minus
	// BuildElapsed is what Options.Timeout bounds.
	BuildElapsed time.Duration `json:"build_elapsed,omitempty"`
}

// TestResult is the result of one test or subtest.
type TestResult struct {
	// Name is the full test name as go test reports it, e.g. "TestJoin" or
	// "TestJoin/empty_input".
	Name string `json:"name"`
	// Status is the test's result.
	Status Status `json:"status"`
	// Expected is true when the name was in Options.Expected.
	Expected bool `json:"expected,omitempty"`
	// Suspicious is true when the stream said contradictory things about
	// this test (see Verdict.Suspicious); such a test never counts as passed.
	Suspicious bool `json:"suspicious,omitempty"`
	// Output is the useful part of what the test printed: its t.Log/t.Error
	// lines (testify's "Error Trace / Error / Messages" block included),
	// without go test's "=== RUN" and "--- FAIL" framing and without crash
	// stacks or race reports (see Verdict.Crash and Verdict.Races). Paths
	// under Options.Root are made relative to it. Bounded by
	// Options.MaxTestOutput.
	Output string `json:"output,omitempty"`
	// Elapsed is the duration the test reported.
	Elapsed time.Duration `json:"elapsed,omitempty"`
}

// BuildMessage is one message of a failed build.
type BuildMessage struct {
	// File is the file the message is about, relative to Options.Root when
	// it lies inside it, else absolute; empty for messages without a
	// position (go's own errors). Files replaced through -overlay are named
	// by the path they replace.
	File string `json:"file,omitempty"`
	// Line and Col locate the message in File (Col is 0 when unknown).
	Line int `json:"line,omitempty"`
	Col  int `json:"col,omitempty"`
	// Text is the message, with its indented continuation lines.
	Text string `json:"text"`
}

// String formats the message as the compiler does: "file:line:col: text".
func (m BuildMessage) String() string {
	switch {
	case m.File == "":
		return m.Text
	case m.Line == 0:
		return m.File + ": " + m.Text
	case m.Col == 0:
		return fmt.Sprintf("%s:%d: %s", m.File, m.Line, m.Text)
	}
	return fmt.Sprintf("%s:%d:%d: %s", m.File, m.Line, m.Col, m.Text)
}

// Frame is one stack frame.
type Frame struct {
	// Func is the function, e.g. "example.com/x/join.Join.func1", or
	// "created by example.com/x/join.TestJoin" for the frame that started a
	// goroutine.
	Func string `json:"func"`
	// File is relative to Options.Root when inside it, else absolute.
	File string `json:"file"`
	// Line is the line number in File.
	Line int `json:"line"`
}

// String formats the frame as "file:line func".
func (f Frame) String() string {
	return f.File + ":" + strconv.Itoa(f.Line) + " " + f.Func
}

// CrashInfo describes a test binary that died.
type CrashInfo struct {
	// Reason says how it died.
	Reason CrashReason `json:"reason"`
	// Test is the test that was running, "" when none was (a crash in init,
	// in TestMain, or after the last test).
	Test string `json:"test,omitempty"`
	// Value is the panic value, the fatal error's message, the signal
	// ("killed"), or for CrashExit a sentence saying what exited when.
	Value string `json:"value"`
	// Frames are the first frames in the learner's code (files inside
	// Options.CodeDirs), innermost first, from the first goroutine that has
	// any.
	Frames []Frame `json:"frames,omitempty"`
	// Stack is the raw crash report (panic line and goroutine traces),
	// bounded.
	Stack string `json:"stack,omitempty"`
}

// TimeoutInfo describes a run that went past its time limit.
type TimeoutInfo struct {
	// ByRunner is true when Run's own limit expired and the process group
	// was killed; false when go test's -timeout fired inside the binary.
	ByRunner bool `json:"by_runner"`
	// After is the limit that expired.
	After time.Duration `json:"after"`
	// DuringBuild is true when the build's limit (Options.BuildTimeout)
	// expired before the test binary started.
	DuringBuild bool `json:"during_build,omitempty"`
	// Running are the tests that were running, outermost first.
	Running []string `json:"running,omitempty"`
	// Frames are where the learner's code was stuck (from go test's
	// goroutine dump; empty when Run had to kill the binary).
	Frames []Frame `json:"frames,omitempty"`
	// Stack is the raw goroutine dump, bounded.
	Stack string `json:"stack,omitempty"`
}

// RaceReport is one "WARNING: DATA RACE" report of the race detector.
type RaceReport struct {
	// Test is the test whose output carried the report ("" outside tests).
	Test string `json:"test,omitempty"`
	// Stacks are the report's sections in order: the two conflicting
	// accesses first ("Write by goroutine 8", "Previous read by goroutine
	// 7"), then where those goroutines were created. Each is trimmed to the
	// learner's frames.
	Stacks []RaceStack `json:"stacks"`
	// Text is the raw report, bounded.
	Text string `json:"text,omitempty"`
}

// RaceStack is one section of a race report.
type RaceStack struct {
	// Title is the section's heading without the memory address, e.g.
	// "Previous write by goroutine 10" or "Goroutine 9 (running) created".
	Title string `json:"title"`
	// Frames are the section's frames in the learner's code.
	Frames []Frame `json:"frames,omitempty"`
}

// Test returns the result of the named test.
func (v *Verdict) Test(name string) (TestResult, bool) {
	for _, t := range v.Tests {
		if t.Name == name {
			return t, true
		}
	}
	return TestResult{}, false
}

// Passed reports whether the named test counts as passed: the stream
// reported its pass exactly once, nothing contradicted it, and the package
// ended with a pass. This is the rule the grader awards points by; a test
// that passed in a package that failed elsewhere does not count (run it on
// its own, with Options.Run, to credit it).
func (v *Verdict) Passed(name string) bool {
	t, ok := v.Test(name)
	return ok && v.PackagePassed && t.Status == StatusPass && !t.Suspicious
}

// Counts returns how many tests have StatusPass, out of the expected tests,
// or out of the top-level tests when none were expected. It is the runner's
// "3/5 tests pass" (which, unlike Passed, also counts tests that passed in a
// package that failed).
func (v *Verdict) Counts() (passed, total int) {
	anyExpected := slices.ContainsFunc(v.Tests, func(t TestResult) bool { return t.Expected })
	for _, t := range v.Tests {
		if anyExpected && !t.Expected || !anyExpected && t.TestName().IsSubtest() {
			continue
		}
		total++
		if t.Status == StatusPass && !t.Suspicious {
			passed++
		}
	}
	return passed, total
}
