package gotest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stream builds a test2json stream for package example.com/p from
// (action, test, output) triples.
func stream(events ...[3]string) string {
	var b strings.Builder
	for _, e := range events {
		m := map[string]any{"Action": e[0], "Package": "example.com/p"}
		if e[1] != "" {
			m["Test"] = e[1]
		}
		if e[0] == "output" {
			m["Output"] = e[2]
		}
		line, _ := json.Marshal(m)
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

func parseString(t *testing.T, s string, opts Options) *Verdict {
	t.Helper()
	v, err := Parse(strings.NewReader(s), opts)
	require.NoError(t, err)
	return v
}

func TestOutputIsBounded(t *testing.T) {
	events := [][3]string{{"start", "", ""}, {"run", "TestFlood", ""}}
	for i := range 1000 {
		events = append(events, [3]string{"output", "TestFlood", fmt.Sprintf("    line %04d %s\n", i, strings.Repeat("x", 90))})
	}
	events = append(events,
		[3]string{"output", "TestFlood", "    flood_test.go:9: the real message\n"},
		[3]string{"fail", "TestFlood", ""},
		[3]string{"run", "TestQuiet", ""},
		[3]string{"output", "TestQuiet", "    quiet_test.go:3: printed after the budget ran out " + strings.Repeat("q", 200) + "\n"},
		[3]string{"fail", "TestQuiet", ""},
		[3]string{"fail", "", ""},
	)
	v := parseString(t, stream(events...), Options{MaxTestOutput: 2000, MaxOutput: 2000})
	assert.True(t, v.Truncated)
	assert.Contains(t, v.Notes, "output truncated: the tests printed more than is kept")
	flood, _ := v.Test("TestFlood")
	assert.True(t, len(flood.Output) <= 2100, "kept %d bytes", len(flood.Output))
	assert.True(t, strings.HasPrefix(flood.Output, "line 0000 "), "head kept: %.40q", flood.Output)
	assert.True(t, strings.HasSuffix(flood.Output, "flood_test.go:9: the real message\n"), "tail kept: %q", flood.Output)
	assert.Regexp(t, `\n… \d+ bytes of output not kept …\n`, flood.Output)
	// The total budget is spent: nothing of the next test is kept.
	quiet, _ := v.Test("TestQuiet")
	assert.Regexp(t, `^… \d+ bytes of output not kept …\n$`, quiet.Output)
	assert.Equal(t, StatusFail, quiet.Status)
}

func TestLongLinesAreCut(t *testing.T) {
	// An output line longer than maxLine, sent in pieces as go does.
	events := [][3]string{{"start", "", ""}, {"run", "TestLong", ""}}
	for range 20 {
		events = append(events, [3]string{"output", "TestLong", strings.Repeat("y", 1024)})
	}
	events = append(events, [3]string{"output", "TestLong", "\n"}, [3]string{"pass", "TestLong", ""}, [3]string{"pass", "", ""})
	// And a stream line longer than any event go writes.
	s := stream(events...) + `{"Action":"output","Package":"example.com/p","Output":"` + strings.Repeat("z", maxEventLine) + "\"}\n"
	v := parseString(t, s, Options{})
	long, _ := v.Test("TestLong")
	assert.Equal(t, maxLine+1, len(long.Output))
	assert.Contains(t, v.Notes, "1 line(s) of the stream were not test2json events")
	assert.Equal(t, KindPass, v.Kind)
}

func TestLineWriter(t *testing.T) {
	var got []string
	long := 0
	w := &lineWriter{max: 5, line: func(b []byte) { got = append(got, string(b)) }, long: func() { long++ }}
	for _, chunk := range []string{"ab", "c\nde", "f\n123456789", "0\nlast"} {
		_, _ = w.Write([]byte(chunk))
	}
	w.Flush()
	assert.Equal(t, []string{"abc", "def", "last"}, got)
	assert.Equal(t, 1, long)
}

func TestGoFailsBeforeAnyEvent(t *testing.T) {
	// "go: updates to go.mod needed" and the like come on stderr only.
	p := newParser(mustResolve(t, Options{Dir: "/w/exercises", Root: "/w"}))
	v := p.verdict(runInfo{complete: true, exitCode: 1, stderr: "go: updates to go.mod needed; to update it:\n\tgo mod tidy\n"})
	assert.Equal(t, KindBuildError, v.Kind)
	assert.Equal(t, []BuildMessage{{Text: "go: updates to go.mod needed; to update it:\n\tgo mod tidy"}}, v.Build)
}

func mustResolve(t *testing.T, o Options) *resolved {
	t.Helper()
	r, err := o.resolve()
	require.NoError(t, err)
	return r
}

// truncatedTimeout returns the recorded time-out stream up to the point where
// TestWait started, as if the run had been killed then.
func truncatedTimeout(t *testing.T) string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "timeout.jsonl"))
	require.NoError(t, err)
	defer f.Close()
	var b strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		b.WriteString(sc.Text() + "\n")
		if strings.Contains(sc.Text(), `"Output":"=== RUN   TestWait\n"`) {
			return b.String()
		}
	}
	t.Fatal("no TestWait in testdata/timeout.jsonl")
	return ""
}

func TestKilledByTheTimeLimit(t *testing.T) {
	o := mustResolve(t, Options{Dir: fakeExercises, Package: "./timeout", Root: fakeRoot, Expected: []string{"TestQuick", "TestWait", "TestNeverRuns"}})
	p := newParser(o)
	_, _ = (&lineWriter{max: maxEventLine, line: p.handleEventLine, long: p.longEventLine}).Write([]byte(truncatedTimeout(t)))
	v := p.verdict(runInfo{killedAfter: time.Minute, exitCode: -1})
	assert.Equal(t, KindTimeout, v.Kind)
	require.NotNil(t, v.Timeout)
	assert.True(t, v.Timeout.ByRunner)
	assert.False(t, v.Timeout.DuringBuild)
	assert.Equal(t, time.Minute, v.Timeout.After)
	assert.Equal(t, []string{"TestWait"}, v.Timeout.Running)
	for name, want := range map[string]Status{"TestQuick": StatusPass, "TestWait": StatusFail, "TestNeverRuns": StatusNotRun} {
		got, _ := v.Test(name)
		assert.Equal(t, want, got.Status, name)
		assert.False(t, v.Passed(name), name)
	}

	// Killed while building: nothing started.
	v = newParser(o).verdict(runInfo{killedAfter: time.Minute, exitCode: -1})
	assert.Equal(t, KindTimeout, v.Kind)
	assert.True(t, v.Timeout.DuringBuild)
	assert.Empty(t, v.Timeout.Running)
}

func TestStreamWithoutEnd(t *testing.T) {
	// go itself was killed by someone else: no final event.
	v := parseString(t, truncatedTimeout(t), Options{Expected: []string{"TestQuick", "TestWait"}})
	assert.Equal(t, KindCrash, v.Kind)
	assert.Equal(t, CrashSignal, v.Crash.Reason)
	assert.Equal(t, "TestWait", v.Crash.Test)
	assert.False(t, v.Passed("TestQuick"))
}

func TestOverlayPathsInBuildErrors(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "workbook")
	mod := filepath.Join(root, "exercises")
	sub := filepath.Join(dir, "submission", "join.go")
	overlay := filepath.Join(dir, "overlay.json")
	ov, _ := json.Marshal(map[string]any{"Replace": map[string]string{filepath.Join(mod, "03_join", "join.go"): sub}})
	require.NoError(t, os.WriteFile(overlay, ov, 0o644))

	rel, err := filepath.Rel(mod, sub)
	require.NoError(t, err)
	s := `{"ImportPath":"x/03_join [x/03_join.test]","Action":"build-output","Output":"# x/03_join [x/03_join.test]\n"}
{"ImportPath":"x/03_join [x/03_join.test]","Action":"build-output","Output":"` + filepath.ToSlash(rel) + `:3:9: undefined: strings\n"}
{"ImportPath":"x/03_join [x/03_join.test]","Action":"build-output","Output":"03_join/join_test.go:5:2: too many arguments in call to Join\n\thave (string, string)\n\twant (string)\n"}
{"ImportPath":"x/03_join [x/03_join.test]","Action":"build-fail"}
{"Action":"start","Package":"x/03_join"}
{"Action":"output","Package":"x/03_join","Output":"FAIL\tx/03_join [build failed]\n"}
{"Action":"fail","Package":"x/03_join","FailedBuild":"x/03_join [x/03_join.test]"}
`
	v := parseString(t, s, Options{Dir: mod, Package: "./03_join", Root: root, Overlay: overlay})
	assert.Equal(t, KindBuildError, v.Kind)
	assert.Equal(t, []BuildMessage{
		{File: filepath.Join("exercises", "03_join", "join.go"), Line: 3, Col: 9, Text: "undefined: strings"},
		{File: filepath.Join("exercises", "03_join", "join_test.go"), Line: 5, Col: 2, Text: "too many arguments in call to Join\n\thave (string, string)\n\twant (string)"},
	}, v.Build)
}

func TestOtherPackagesAreIgnored(t *testing.T) {
	s := stream([3]string{"start", "", ""}, [3]string{"run", "TestA", ""}, [3]string{"pass", "TestA", ""}, [3]string{"pass", "", ""}) +
		`{"Action":"pass","Package":"example.com/other","Test":"TestB"}` + "\n"
	v := parseString(t, s, Options{Expected: []string{"TestA"}})
	assert.Equal(t, KindPass, v.Kind)
	assert.Contains(t, v.Notes, "events of package example.com/other ignored: one package per run")
	_, ok := v.Test("TestB")
	assert.False(t, ok)
}

func TestTooManyTests(t *testing.T) {
	events := [][3]string{{"start", "", ""}}
	for i := range maxTests + 10 {
		name := fmt.Sprintf("TestMany/%d", i)
		events = append(events, [3]string{"run", name, ""}, [3]string{"pass", name, ""})
	}
	events = append(events, [3]string{"run", "TestLast", ""}, [3]string{"pass", "TestLast", ""}, [3]string{"pass", "", ""})
	v := parseString(t, stream(events...), Options{Expected: []string{"TestLast"}})
	assert.Equal(t, maxTests+1, len(v.Tests))
	assert.True(t, v.Passed("TestLast"), "an expected test is always tracked")
	assert.Contains(t, v.Notes, fmt.Sprintf("more than %d tests: the rest are not reported", maxTests))
}

func TestResultWithoutRun(t *testing.T) {
	s := stream([3]string{"start", "", ""}, [3]string{"pass", "TestGhost", ""}, [3]string{"pass", "", ""})
	v := parseString(t, s, Options{Expected: []string{"TestGhost"}})
	assert.Equal(t, KindFail, v.Kind)
	assert.False(t, v.Passed("TestGhost"))
	assert.Equal(t, []string{"TestGhost reported a result without having started"}, v.Suspicious)
}

func TestFrameParsing(t *testing.T) {
	assert.Equal(t, "testing.(*T).Run", funcName("testing.(*T).Run(0x38fb34aaa488, {0x5857ed?, 0x0?}, 0x592e40)"))
	assert.Equal(t, "panic", funcName("panic({0x55a7a0?, 0x6cacb0?})"))
	assert.Equal(t, "created by example.com/x.TestA", funcName("created by example.com/x.TestA in goroutine 7"))
	assert.Equal(t, "main.main", funcName("main.main()"))
}

func TestTestTimeout(t *testing.T) {
	assert.Equal(t, 55*time.Second, testTimeout(time.Minute))
	assert.Equal(t, 2500*time.Millisecond, testTimeout(3*time.Second))
	assert.Equal(t, 6600*time.Millisecond, testTimeout(800*time.Millisecond))
	assert.Equal(t, 10*time.Minute-5*time.Second, testTimeout(10*time.Minute))
}

// FuzzParse checks that no stream, however broken, makes Parse panic or
// produce a verdict without a kind. The recorded streams are the seeds.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.jsonl"))
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err == nil {
			f.Add(string(data))
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(strings.NewReader(s), Options{Dir: fakeExercises, Package: "./x", Root: fakeRoot, Expected: []string{"TestA"}})
		require.NoError(t, err)
		require.NotEmpty(t, v.Kind)
		_, _ = v.Counts()
	})
}
