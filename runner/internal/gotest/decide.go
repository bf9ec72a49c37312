package gotest

import (
	"fmt"
	"slices"
)

// seen is everything the parser gathered from one stream, the input of
// decide. It holds plain values only, so that the decision can be tested
// without a stream.
type seen struct {
	pkg      string   // the package's import path ("" when go named none)
	started  bool     // the test binary started (the stream's "start" event)
	expected []string // Options.Expected (nil when the course named none)

	// end is the package's final result: pass, fail or skip; "" when the
	// stream has none (the run was killed, or go died before writing it).
	end action
	// exitedIn is the test the binary exited in: the final result carried
	// that test's name, so the binary left while it was running.
	exitedIn string

	tests   []TestResult // in start order, then the expected tests never seen
	running []string     // tests started and not ended, in start order

	buildFailed bool           // a build-fail event, or the final result names a failed build
	build       []BuildMessage // from build-output events
	stderrBuild []BuildMessage // go's standard error read as build messages, for a build that failed without events

	races   []RaceReport
	crash   *CrashInfo   // a panic, fatal error or signal seen in the output
	timeout *TimeoutInfo // go test's own time-out dump

	output     string   // what the package printed outside tests
	suspicious []string // see Verdict.Suspicious
	notes      []string // see Verdict.Notes
	truncated  bool
}

// decide turns what a stream showed and what Run knows about the process
// into a Verdict. It is a pure function: the order of its cases is the
// order of precedence documented on Kind.
func decide(s seen, info runInfo) *Verdict {
	v := &Verdict{
		Package:       s.pkg,
		PackagePassed: s.end == actionPass && s.exitedIn == "",
		Tests:         s.tests,
		Races:         s.races,
		Suspicious:    s.suspicious,
		Notes:         s.notes,
		Output:        s.output,
		Truncated:     s.truncated,
	}
	if s.end == actionSkip {
		v.Notes = append(v.Notes, "the package has no test files")
	}
	anyRan := slices.ContainsFunc(s.tests, func(t TestResult) bool { return t.Status != StatusNotRun })

	switch {
	case info.killedAfter > 0:
		v.Kind = KindTimeout
		v.Timeout = &TimeoutInfo{} // go test's dump, if it came first
		if s.timeout != nil {
			*v.Timeout = *s.timeout
		}
		v.Timeout.ByRunner = true
		v.Timeout.After = info.killedAfter
		v.Timeout.DuringBuild = !s.started
		if len(v.Timeout.Running) == 0 {
			v.Timeout.Running = s.running
		}
	case s.buildFailed || !s.started && info.exitCode != -2:
		v.Kind = KindBuildError
		v.Build = s.build
		if len(v.Build) == 0 {
			v.Build = s.stderrBuild
		}
		if len(v.Build) == 0 {
			v.Build = []BuildMessage{{Text: "go test failed without saying why"}}
		}
	case len(s.races) > 0:
		v.Kind = KindRace
	case s.timeout != nil && !v.PackagePassed:
		v.Kind = KindTimeout
		v.Timeout = s.timeout
	case s.crash != nil && !v.PackagePassed:
		v.Kind = KindCrash
		v.Crash = s.crash
	case s.exitedIn != "":
		v.Kind = KindCrash
		v.Crash = &CrashInfo{Reason: CrashExit, Test: s.exitedIn, Value: fmt.Sprintf("the test binary exited (status %s) while %s was running", exitStatus(s.end), s.exitedIn)}
	case s.end == "":
		v.Kind = KindCrash
		v.Crash = &CrashInfo{Reason: CrashSignal, Test: lastOf(s.running), Value: NoResult}
	case !v.PackagePassed && len(s.running) > 0:
		v.Kind = KindCrash
		v.Crash = &CrashInfo{Reason: CrashExit, Test: lastOf(s.running), Value: fmt.Sprintf("the test binary exited while %s was running", lastOf(s.running))}
	case v.PackagePassed && !anyRan && len(s.expected) > 0:
		v.Kind = KindCrash
		v.Crash = &CrashInfo{Reason: CrashExit, Value: "the test binary exited with status 0 before running any test"}
	case v.PackagePassed && len(v.Suspicious) == 0 && allExpectedPass(v.Tests):
		v.Kind = KindPass
	default:
		v.Kind = KindFail
	}
	if v.Kind == KindPass && s.expected == nil && len(v.Tests) == 0 && s.end != "" && s.end != actionSkip {
		v.Notes = append(v.Notes, "no tests ran")
	}
	return v
}

// exitStatus is what the final result says of the binary's exit status.
func exitStatus(end action) string {
	if end == actionPass {
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
	return !slices.ContainsFunc(tests, func(t TestResult) bool {
		return t.Suspicious || t.Status == StatusFail || t.Expected && t.Status == StatusNotRun
	})
}
