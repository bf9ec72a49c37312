package coursecheck

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/course"
)

// A mutant is a plausible wrong implementation: the exercise's solution with
// a few exact edits. The tests are only as good as the mutants they catch.
type mutant struct {
	dir      string // the exercise
	wrong    string // what the learner got wrong
	caughtBy string // the test that must fail
	edits    []edit
}

// edit replaces old, which must occur exactly once in the file, with new.
type edit struct{ old, new string }

var mutants = []mutant{
	// 01_echo
	{"01_echo", "reads everything before writing back", "TestEchoesEachChunkAtOnce", []edit{
		{"io.Copy(conn, conn)", "data, _ := io.ReadAll(conn)\n\t\tconn.Write(data)"}}},
	{"01_echo", "echoes whole lines only", "TestEchoesEachChunkAtOnce", []edit{
		{"\"io\"", "\"bufio\"\n\t\"io\""},
		{"io.Copy(conn, conn)", "sc := bufio.NewScanner(conn)\n\t\tfor sc.Scan() {\n\t\t\tconn.Write(append(sc.Bytes(), '\\n'))\n\t\t}\n\t\t_ = io.EOF"}}},
	{"01_echo", "writes the whole buffer, not the n bytes read", "TestEchoesWhatItReads", []edit{
		{"io.Copy(conn, conn)", "buf := make([]byte, 1024)\n\t\tfor {\n\t\t\tn, err := conn.Read(buf)\n\t\t\tif err != nil {\n\t\t\t\tbreak\n\t\t\t}\n\t\t\t_ = n\n\t\t\tif _, err := conn.Write(buf); err != nil {\n\t\t\t\tbreak\n\t\t\t}\n\t\t}\n\t\t_ = io.EOF"}}},
	{"01_echo", "never closes a finished connection", "TestClosesWhenClientCloses", []edit{
		{"conn.Close()", "_ = conn"}}},
	{"01_echo", "serves one client, then returns", "TestServesClientsOneAfterAnother", []edit{
		{"conn.Close()\n\t}", "conn.Close()\n\t\treturn nil\n\t}"}}},
	{"01_echo", "returns net.ErrClosed instead of nil", "TestReturnsNilWhenListenerClosed", []edit{
		{"if errors.Is(err, net.ErrClosed) {\n\t\t\treturn nil", "if errors.Is(err, net.ErrClosed) {\n\t\t\treturn err"}}},
	{"01_echo", "returns nil for every Accept error", "TestReturnsOtherAcceptErrors", []edit{
		{"if err != nil {\n\t\t\treturn err\n\t\t}", "if err != nil {\n\t\t\treturn nil\n\t\t}"}}},
	{"01_echo", "retries Accept after any error", "TestReturnsOtherAcceptErrors", []edit{
		{"if err != nil {\n\t\t\treturn err\n\t\t}", "if err != nil {\n\t\t\tcontinue\n\t\t}"}}},
	{"01_echo", "gives up when one connection fails", "TestSurvivesFailedConnection", []edit{
		{"io.Copy(conn, conn)", "if _, err := io.Copy(conn, conn); err != nil {\n\t\t\tconn.Close()\n\t\t\treturn err\n\t\t}"}}},

	// 02_spawn
	{"02_spawn", "handles connections one at a time", "TestIdleClientDoesNotBlockOthers", []edit{
		{"go func() {\n\t\t\tdefer conn.Close()", "func() {\n\t\t\tdefer conn.Close()"}}},
	{"02_spawn", "shares one buffer between all connections", "TestManyClientsAtOnce", []edit{
		{"// Serve is echo's Serve", "var shared = make([]byte, 32<<10)\n\n// Serve is echo's Serve"},
		{"io.Copy(conn, conn)", "for {\n\t\t\t\tn, err := conn.Read(shared)\n\t\t\t\tif err != nil {\n\t\t\t\t\treturn\n\t\t\t\t}\n\t\t\t\tif _, err := conn.Write(shared[:n]); err != nil {\n\t\t\t\t\treturn\n\t\t\t\t}\n\t\t\t}\n\t\t\t_ = io.EOF"}}},
	{"02_spawn", "never closes a finished connection", "TestClosesWhenClientCloses", []edit{
		{"defer conn.Close()", "defer func() {}()"}}},
	{"02_spawn", "ServeBoth serves one listener after the other", "TestServeBothServesBothAtOnce", []edit{
		{"go func() { results <- Serve(ln) }()", "results <- Serve(ln)"}}},
	{"02_spawn", "ServeBoth returns as soon as one Serve returns", "TestServeBothWaitsForBoth", []edit{
		{"for range 2 {", "for range 1 {"}}},
	{"02_spawn", "ServeBoth returns the last error, not the first", "TestServeBothWaitsForBoth", []edit{
		{"err != nil && firstErr == nil", "true"}}},
	{"02_spawn", "ServeBoth returns only the first listener's error", "TestServeBothReturnsFirstError", []edit{
		{"\tresults := make(chan error, 2)\n\tfor _, ln := range []net.Listener{first, second} {\n\t\tgo func() { results <- Serve(ln) }()\n\t}\n\tvar firstErr error\n\tfor range 2 {\n\t\tif err := <-results; err != nil && firstErr == nil {\n\t\t\tfirstErr = err\n\t\t}\n\t}\n\treturn firstErr",
			"\terrFirst := make(chan error, 1)\n\tgo func() { errFirst <- Serve(first) }()\n\tServe(second)\n\treturn <-errFirst"}}},

	// 03_join
	{"03_join", "Spawn runs f before returning", "TestSpawnReturnsAtOnce", []edit{
		{"go func() {\n\t\th.result = f()", "func() {\n\t\th.result = f()"}}},
	{"03_join", "f starts only when Join is first called", "TestSpawnReturnsAtOnce", []edit{
		{"package join\n", "package join\n\nimport \"sync\"\n"},
		{"result T // written once", "f      func() T\n\tonce   sync.Once\n\tresult T // written once"},
		{"go func() {\n\t\th.result = f()", "h.f = f\n\tlazy := func() {\n\t\th.result = f()"},
		{"\t}()\n\treturn h", "\t}\n\t_ = lazy\n\treturn h"},
		{"<-h.done\n\treturn h.result", "h.once.Do(func() {\n\t\th.result = h.f()\n\t\tclose(h.done)\n\t})\n\t<-h.done\n\treturn h.result"}}},
	{"03_join", "Join can be called only once", "TestJoinManyTimes", []edit{
		{"{done: make(chan struct{})}", "{done: make(chan struct{}, 1)}"},
		{"close(h.done)", "h.done <- struct{}{}"}}},
	{"03_join", "Join does not wait for f", "TestJoinWaitsForF", []edit{
		{"<-h.done\n\treturn h.result", "return h.result"}}},
	{"03_join", "Join calls f again", "TestSpawnRunsFOnce", []edit{
		{"result T // written once", "f      func() T\n\tresult T // written once"},
		{"{done: make(chan struct{})}", "{done: make(chan struct{}), f: f}"},
		{"<-h.done\n\treturn h.result", "<-h.done\n\treturn h.f()"}}},
	{"03_join", "Done returns a channel that is never closed", "TestDoneClosedWhenFinished", []edit{
		{"return h.done\n}", "return make(chan struct{})\n}"}}},
	{"03_join", "Run runs emitTelemetry, then doWork", "TestRunRunsBothAtOnce", []edit{
		{"telemetry := Spawn(emitTelemetry)\n\tdoWork()\n\treturn telemetry.Join()", "err := emitTelemetry()\n\tdoWork()\n\treturn err"}}},
	{"03_join", "Run does not wait for emitTelemetry", "TestRunWaitsForTelemetry", []edit{
		{"telemetry := Spawn(emitTelemetry)\n\tdoWork()\n\treturn telemetry.Join()", "go emitTelemetry()\n\tdoWork()\n\treturn nil"}}},
	{"03_join", "Run drops emitTelemetry's error", "TestRunReturnsTelemetryError", []edit{
		{"return telemetry.Join()", "telemetry.Join()\n\treturn nil"}}},

	// 04_panic_boundary
	{"04_panic_boundary", "no recover: a panic in f kills the program", "TestJoinReportsPanic", []edit{
		{"if v := recover(); v != nil {", "if v := any(nil); v != nil {"}}},
	{"04_panic_boundary", "keeps the panic value as text", "TestJoinReportsPanic", []edit{
		{"true, v, debug.Stack()", "true, fmt.Sprint(v), debug.Stack()"}}},
	{"04_panic_boundary", "reports a panic as success", "TestJoinReportsPanic", []edit{
		{"h.err = e", "_ = e"}}},
	{"04_panic_boundary", "hangs when f calls runtime.Goexit", "TestJoinReportsGoexit", []edit{
		{"\t\t\tclose(h.done)\n\t\t}()", "\t\t\tif h.err != nil && h.err.panicked {\n\t\t\t\tclose(h.done)\n\t\t\t}\n\t\t}()"},
		{"returned = true", "returned = true\n\t\tclose(h.done)"}}},
	{"04_panic_boundary", "reports runtime.Goexit as success", "TestJoinReportsGoexit", []edit{
		{"h.err = e", "if e.panicked {\n\t\t\t\t\th.err = e\n\t\t\t\t}"}}},
	{"04_panic_boundary", "takes the stack in Join, not in f's goroutine", "TestStackIsThePanickingGoroutines", []edit{
		{"true, v, debug.Stack()", "true, v, nil"},
		{"return zero, h.err", "h.err.stack = debug.Stack()\n\t\treturn zero, h.err"}}},
	{"04_panic_boundary", "returns a nil *JoinError as a non-nil error", "TestJoinReturnsResultAndNilError", []edit{
		{"return h.result, nil", "return h.result, h.err"}}},
	{"04_panic_boundary", "Join can be called only once", "TestJoinAnswersTheSameEveryTime", []edit{
		{"{done: make(chan struct{})}", "{done: make(chan struct{}, 1)}"},
		{"close(h.done)", "h.done <- struct{}{}"}}},
	{"04_panic_boundary", "Unwrap hides the panic's error", "TestUnwrapSeesThroughJoinError", []edit{
		{"err, _ := e.value.(error)\n\treturn err", "return nil"}}},
	{"04_panic_boundary", "Resume panics with the JoinError, not the value", "TestResumeRaisesThePanicAgain", []edit{
		{"panic(e.value)", "panic(e)"}}},
	{"04_panic_boundary", "Resume panics after a Goexit too", "TestResumeGoexitEndsTheCaller", []edit{
		{"\truntime.Goexit()\n}", "\tpanic(\"goroutine exited\")\n}\n\nvar _ = runtime.Goexit"}}},
	{"04_panic_boundary", "Serve has no panic boundary", "TestServeSurvivesHandlerPanic", []edit{
		{"_, err := Spawn(func() struct{} {\n\t\t\t\thandle(conn)\n\t\t\t\treturn struct{}{}\n\t\t\t}).Join()", "handle(conn)\n\t\t\tvar err error"}}},
	{"04_panic_boundary", "Serve does not log the panic", "TestServeSurvivesHandlerPanic", []edit{
		{"log.Printf(", "_ = log.Printf\n\t\t\t\t_ = fmt.Sprintf("}}},
	{"04_panic_boundary", "Serve logs the panic without its stack", "TestServeSurvivesHandlerPanic", []edit{
		{"log.Printf(\"panic serving %v: %v\\n%s\", conn.RemoteAddr(), je.Value(), je.Stack())",
			"log.Printf(\"panic serving %v: %v\", conn.RemoteAddr(), je.Value())"}}},
	{"04_panic_boundary", "Serve leaves connections open", "TestServeClosesConnectionWhenHandlerReturns", []edit{
		{"defer conn.Close()", "defer func() {}()"}}},
	{"04_panic_boundary", "Serve handles connections one at a time", "TestServeHandlesConnectionsConcurrently", []edit{
		{"\t\tgo func() {\n\t\t\tdefer conn.Close()", "\t\tfunc() {\n\t\t\tdefer conn.Close()"}}},
}

// mutantRuns bounds how many mutants run at once. Most of a mutant's time
// is spent waiting for a hang to hit the harness's patience, not on the CPU,
// so this is wider than go test's -parallel default (GOMAXPROCS), which is
// why the runs happen in goroutines of their own and not in parallel subtests.
const mutantRuns = 8

// mutantResult is what running one mutant gave.
type mutantResult struct {
	r   run
	err error
}

// TestWrongImplementationsFail runs every mutant against the exercise's
// tests: each must fail, and the test it names must not pass.
func TestWrongImplementationsFail(t *testing.T) {
	if testing.Short() {
		t.Skip("the mutants take a while; run without -short")
	}
	c := loadCourse(t)
	flags := race(t)
	scratch := t.TempDir()
	results := make([]chan mutantResult, len(mutants))
	slots := make(chan struct{}, mutantRuns)
	for i, m := range mutants {
		results[i] = make(chan mutantResult, 1)
		go func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			r, err := runMutant(c, m, filepath.Join(scratch, fmt.Sprint(i)), flags)
			results[i] <- mutantResult{r, err}
		}()
	}
	for i, m := range mutants {
		t.Run(m.dir+"/"+m.wrong, func(t *testing.T) {
			res := <-results[i]
			require.NoError(t, res.err)
			r := res.r
			assert.False(t, r.passed, "a wrong implementation (%s) passed every test of %s", m.wrong, m.dir)
			assert.NotEqual(t, "pass", r.tests[m.caughtBy],
				"a wrong implementation (%s) passed %s", m.wrong, m.caughtBy)
			if strings.Contains(r.output, "[build failed]") || strings.Contains(r.output, "[setup failed]") {
				t.Errorf("the mutant does not compile, so it proves nothing:\n%s", r.tail())
			}
			t.Logf("%s → %s: %s (%v)", m.wrong, m.caughtBy, cmp.Or(r.tests[m.caughtBy], "crashed"), r.duration.Round(1e7))
		})
	}
}

// runMutant writes the mutant into dir and runs the test that must catch it.
func runMutant(c *course.Course, m mutant, dir string, flags []string) (run, error) {
	e, err := c.Lookup(m.dir)
	if err != nil {
		return run{}, err
	}
	if _, listed := e.Test(m.caughtBy); !listed {
		return run{}, fmt.Errorf("%s is not a test of %s", m.caughtBy, m.dir)
	}
	solution, err := os.ReadFile(c.SolutionPath(e))
	if err != nil {
		return run{}, err
	}
	src := string(solution)
	for _, ed := range m.edits {
		if n := strings.Count(src, ed.old); n != 1 {
			return run{}, fmt.Errorf("the mutant's edit matches the solution %d times, not once "+
				"(did the solution change?); it looks for:\n%s", n, ed.old)
		}
		src = strings.Replace(src, ed.old, ed.new, 1)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return run{}, err
	}
	file := filepath.Join(dir, e.File)
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		return run{}, err
	}
	// Only the test that must catch the mutant runs: that is the claim, and
	// it keeps a hanging mutant from costing every test's patience.
	return runGoTest(c, e, file, dir, append(slices.Clone(flags), "-run=^"+m.caughtBy+"$")...)
}
