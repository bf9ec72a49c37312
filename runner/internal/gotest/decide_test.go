package gotest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestDecide checks each rule of decide, and their precedence, on plain
// inputs: what a stream showed and what Run knew about the process.
func TestDecide(t *testing.T) {
	pass := func(name string) TestResult { return TestResult{Name: name, Status: StatusPass, Expected: true} }
	fail := func(name string) TestResult { return TestResult{Name: name, Status: StatusFail, Expected: true} }
	notRun := func(name string) TestResult { return TestResult{Name: name, Status: StatusNotRun, Expected: true} }
	exited := runInfo{complete: true}
	killed := runInfo{killedAfter: time.Minute, exitCode: -1}
	parsed := runInfo{complete: true, exitCode: -2}
	dump := &TimeoutInfo{After: 50 * time.Second, Running: []string{"TestHang"}, Frames: []Frame{{Func: "p.Hang", File: "p/hang.go", Line: 3}}, Stack: "panic: test timed out after 50s\n"}
	crash := &CrashInfo{Reason: CrashPanic, Test: "TestA", Value: "boom"}
	race := []RaceReport{{Test: "TestA", Text: "WARNING: DATA RACE\n"}}
	msg := []BuildMessage{{File: "p/a.go", Line: 1, Col: 2, Text: "undefined: x"}}
	stderrMsg := []BuildMessage{{Text: "go: go.mod file not found"}}
	// ran is a binary that started and ended with a pass of its package,
	// with tests TestA and TestB expected and passed.
	ran := func(edit func(*seen)) seen {
		s := seen{pkg: "example.com/p", started: true, end: actionPass, expected: []string{"TestA", "TestB"}, tests: []TestResult{pass("TestA"), pass("TestB")}}
		if edit != nil {
			edit(&s)
		}
		return s
	}

	cases := []struct {
		name string
		seen seen
		info runInfo
		want Verdict // Package and Tests are filled in from seen
	}{
		{
			name: "every expected test passed",
			seen: ran(nil), info: exited,
			want: Verdict{Kind: KindPass, PackagePassed: true},
		},
		{
			name: "a test failed",
			seen: ran(func(s *seen) { s.end = actionFail; s.tests[1] = fail("TestB") }), info: exited,
			want: Verdict{Kind: KindFail},
		},
		{
			name: "the package passed but an expected test never ran",
			seen: ran(func(s *seen) { s.tests[1] = notRun("TestB") }), info: exited,
			want: Verdict{Kind: KindFail, PackagePassed: true},
		},
		{
			name: "the package passed but the stream was suspicious",
			seen: ran(func(s *seen) { s.suspicious = []string{"TestA reported its pass 2 times"} }), info: exited,
			want: Verdict{Kind: KindFail, PackagePassed: true, Suspicious: []string{"TestA reported its pass 2 times"}},
		},
		{
			name: "the package passed before any expected test ran",
			seen: ran(func(s *seen) { s.tests = []TestResult{notRun("TestA"), notRun("TestB")} }), info: exited,
			want: Verdict{Kind: KindCrash, PackagePassed: true, Crash: &CrashInfo{Reason: CrashExit, Value: "the test binary exited with status 0 before running any test"}},
		},
		{
			name: "no tests and none expected: a pass, with a note",
			seen: ran(func(s *seen) { s.expected, s.tests = nil, nil }), info: parsed,
			want: Verdict{Kind: KindPass, PackagePassed: true, Notes: []string{"no tests ran"}},
		},
		{
			name: "no test files",
			seen: ran(func(s *seen) { s.end, s.expected, s.tests = actionSkip, nil, nil }), info: exited,
			want: Verdict{Kind: KindFail, Notes: []string{"the package has no test files"}},
		},
		{
			name: "the binary exited with status 0 inside a test",
			seen: ran(func(s *seen) { s.exitedIn, s.running = "TestB", []string{"TestB"}; s.tests[1] = fail("TestB") }), info: exited,
			want: Verdict{Kind: KindCrash, Crash: &CrashInfo{Reason: CrashExit, Test: "TestB", Value: "the test binary exited (status 0) while TestB was running"}},
		},
		{
			name: "the binary exited with a failure inside a test",
			seen: ran(func(s *seen) { s.end, s.exitedIn = actionFail, "TestB"; s.tests[1] = fail("TestB") }), info: exited,
			want: Verdict{Kind: KindCrash, Crash: &CrashInfo{Reason: CrashExit, Test: "TestB", Value: "the test binary exited (status not 0) while TestB was running"}},
		},
		{
			name: "the package failed with a test still running",
			seen: ran(func(s *seen) {
				s.end, s.running = actionFail, []string{"TestB", "TestB/sub"}
				s.tests[1] = fail("TestB")
			}), info: exited,
			want: Verdict{Kind: KindCrash, Crash: &CrashInfo{Reason: CrashExit, Test: "TestB/sub", Value: "the test binary exited while TestB/sub was running"}},
		},
		{
			name: "the stream has no end",
			seen: ran(func(s *seen) { s.end, s.running = "", []string{"TestB"}; s.tests[1] = fail("TestB") }), info: runInfo{exitCode: -1},
			want: Verdict{Kind: KindCrash, Crash: &CrashInfo{Reason: CrashSignal, Test: "TestB", Value: "go test ended without reporting a result"}},
		},
		{
			name: "a panic",
			seen: ran(func(s *seen) { s.end, s.crash = actionFail, crash; s.tests[0] = fail("TestA") }), info: exited,
			want: Verdict{Kind: KindCrash, Crash: crash},
		},
		{
			name: "a panic text in a package that passed is output, not a crash",
			seen: ran(func(s *seen) { s.crash = crash }), info: exited,
			want: Verdict{Kind: KindPass, PackagePassed: true},
		},
		{
			name: "go test's time-out comes before the crash it causes",
			seen: ran(func(s *seen) { s.end, s.crash, s.timeout = actionFail, crash, dump }), info: exited,
			want: Verdict{Kind: KindTimeout, Timeout: dump},
		},
		{
			name: "a race comes before a time-out and a crash",
			seen: ran(func(s *seen) { s.end, s.crash, s.timeout, s.races = actionFail, crash, dump, race }), info: exited,
			want: Verdict{Kind: KindRace, Races: race},
		},
		{
			name: "a race in a package that passed",
			seen: ran(func(s *seen) { s.races = race }), info: exited,
			want: Verdict{Kind: KindRace, PackagePassed: true, Races: race},
		},
		{
			name: "a failed build",
			seen: seen{buildFailed: true, build: msg, end: actionFail, expected: []string{"TestA"}, tests: []TestResult{notRun("TestA")}}, info: runInfo{complete: true, exitCode: 1},
			want: Verdict{Kind: KindBuildError, Build: msg},
		},
		{
			name: "a build that failed without events is explained by go's standard error",
			seen: seen{stderrBuild: stderrMsg}, info: runInfo{complete: true, exitCode: 1},
			want: Verdict{Kind: KindBuildError, Build: stderrMsg},
		},
		{
			name: "a build that failed without a word",
			seen: seen{}, info: runInfo{complete: true, exitCode: 1},
			want: Verdict{Kind: KindBuildError, Build: []BuildMessage{{Text: "go test failed without saying why"}}},
		},
		{
			name: "a failed build comes before a race",
			seen: ran(func(s *seen) { s.buildFailed, s.build, s.races = true, msg, race }), info: exited,
			want: Verdict{Kind: KindBuildError, PackagePassed: true, Build: msg, Races: race},
		},
		{
			name: "a recorded stream without a start is not a build error",
			seen: ran(func(s *seen) { s.started = false }), info: parsed,
			want: Verdict{Kind: KindPass, PackagePassed: true},
		},
		{
			name: "killed during the build",
			seen: seen{}, info: killed,
			want: Verdict{Kind: KindTimeout, Timeout: &TimeoutInfo{ByRunner: true, After: time.Minute, DuringBuild: true}},
		},
		{
			name: "killed while tests ran",
			seen: ran(func(s *seen) { s.end, s.running = "", []string{"TestB"} }), info: killed,
			want: Verdict{Kind: KindTimeout, Timeout: &TimeoutInfo{ByRunner: true, After: time.Minute, Running: []string{"TestB"}}},
		},
		{
			name: "killed after go test's own dump: the dump is kept",
			seen: ran(func(s *seen) { s.end, s.timeout, s.races, s.running = "", dump, race, []string{"TestB"} }), info: killed,
			want: Verdict{Kind: KindTimeout, Races: race, Timeout: &TimeoutInfo{ByRunner: true, After: time.Minute, Running: dump.Running, Frames: dump.Frames, Stack: dump.Stack}},
		},
		{
			name: "what was gathered is carried over",
			seen: ran(func(s *seen) { s.output, s.notes, s.truncated = "init says hi\n", []string{"output truncated"}, true }), info: exited,
			want: Verdict{Kind: KindPass, PackagePassed: true, Output: "init says hi\n", Notes: []string{"output truncated"}, Truncated: true},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.want
			want.Package, want.Tests = tc.seen.pkg, tc.seen.tests
			assert.Equal(t, &want, decide(tc.seen, tc.info))
		})
	}
	assert.Equal(t, 50*time.Second, dump.After, "decide does not change its input")
}
