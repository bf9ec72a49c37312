package coursecheck

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	runcheck "github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/course/coursetest"
	"github.com/gospawn/workbook/runner/internal/gotest"
)

func loadCourse(t *testing.T) *course.Course {
	t.Helper()
	root, err := course.Find(".")
	require.NoError(t, err, "the author check must run inside the workbook")
	c, problems := Load(root)
	for _, p := range problems {
		t.Error(p)
	}
	if c == nil || len(problems) > 0 {
		t.FailNow()
	}
	warmed.Do(func() {
		if err := coursetest.WarmBuildCache(c.ModuleDir(), len(raceFlags(t)) > 0, "./..."); err != nil {
			t.Log(err)
		}
	})
	return c
}

// warmed guards the one warming of the build cache, before the first
// check that runs go on the course: each check then starts its exercises'
// go test runs at once (and the mutants four at a time), and on an empty
// cache each of them compiled the standard library, testify and go-redis
// for itself, with the race detector and without (the grader's runs).
var warmed sync.Once

// racePolicy is the runner's own --race=auto policy: the author check
// races the exercises exactly when a learner's workbook would.
var racePolicy = &runcheck.RacePolicy{Mode: runcheck.RaceAuto}

// raceFlags are the flags for a run of every exercise that asks for the race
// detector, logging why when this machine cannot build it.
func raceFlags(t *testing.T) []string {
	t.Helper()
	on, err := racePolicy.Use(context.Background(), true)
	if err != nil {
		t.Fatalf("asking go whether -race can be built: %v", err)
	}
	if note := racePolicy.Note(); note.En != "" {
		t.Logf("running without the race detector: %s", note.En)
	}
	if !on {
		return nil
	}
	return []string{"-race"}
}

// run is what one go test run of an exercise reported, or several runs of
// its test binary.
type run struct {
	passed        bool              // the package's final action was pass (in some run)
	packagePasses int               // how many runs the package passed
	crashed       bool              // the test binary died (a panic, a fatal error) in some run
	tests         map[string]string // top-level test → its last action (pass, fail, skip)
	passes        map[string]int    // top-level test → how many pass events it got
	output        string            // everything printed, for failure messages
	duration      time.Duration
}

// crashed reports whether a test binary's output shows it died: a panic
// that nothing recovered, or a fatal runtime error.
func crashed(output string) bool {
	for _, line := range strings.Split(output, "\n") {
		if strings.HasPrefix(line, "panic: ") || strings.HasPrefix(line, "fatal error: ") {
			return true
		}
	}
	return false
}

type event struct {
	Action string
	Test   string
	Output string
}

// runGoTest runs go test -json on one exercise, with each of its files
// that replace maps (the stub, say) replaced by the file it maps to, in the
// environment the author check runs in; scratch is a folder for the
// overlay file, and env holds variables to set on top of it.
func runGoTest(c *course.Course, e *course.Exercise, replace map[string]string, scratch string, env []string, extra ...string) (run, error) {
	args := []string{"test", "-json", "-count=1", "-timeout=2m"}
	args = append(args, extra...)
	if len(replace) > 0 {
		overlay, err := writeOverlay(replace, scratch)
		if err != nil {
			return run{}, err
		}
		args = append(args, "-overlay="+overlay)
	}
	args = append(args, e.Package())
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = c.ModuleDir()
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly")
	cmd.Env = append(cmd.Env, env...)
	start := time.Now()
	out, _ := cmd.Output() // a failing package exits 1: the events say why
	r := run{tests: map[string]string{}, passes: map[string]int{}, duration: time.Since(start)}
	var printed strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var ev event
		if json.Unmarshal(sc.Bytes(), &ev) != nil {
			printed.WriteString(sc.Text() + "\n")
			continue
		}
		printed.WriteString(ev.Output)
		top, _, sub := strings.Cut(ev.Test, "/")
		switch {
		case ev.Test == "" && (ev.Action == "pass" || ev.Action == "fail"):
			r.passed = ev.Action == "pass"
			if r.passed {
				r.packagePasses = 1
			}
		case ev.Test != "" && !sub && (ev.Action == "pass" || ev.Action == "fail" || ev.Action == "skip"):
			r.tests[top] = ev.Action
			if ev.Action == "pass" {
				r.passes[top]++
			}
		}
	}
	r.output = printed.String()
	r.crashed = !r.passed && crashed(r.output)
	return r, nil
}

// writeOverlay writes, in scratch, a go build overlay that puts each file
// replace maps in place of the file that maps to it, and returns its path.
func writeOverlay(replace map[string]string, scratch string) (string, error) {
	overlay := filepath.Join(scratch, "overlay.json")
	data, err := json.Marshal(map[string]map[string]string{"Replace": replace})
	if err != nil {
		return "", err
	}
	return overlay, os.WriteFile(overlay, data, 0o644)
}

func (r run) tail() string {
	const max = 4000
	if len(r.output) > max {
		return "…" + r.output[len(r.output)-max:]
	}
	return r.output
}

// testFuncs returns the Test functions declared in an exercise's test files.
func testFuncs(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "%s has no test files", dir)
	var names []string
	fset := token.NewFileSet()
	for _, file := range files {
		f, err := parser.ParseFile(fset, file, nil, 0)
		require.NoError(t, err)
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Test") && fn.Name.Name != "TestMain" {
				names = append(names, fn.Name.Name)
			}
		}
	}
	return names
}

// TestManifestListsEveryTest checks that the manifest lists exactly the
// exercise's Test functions, in the order go test runs them (its test
// files by name, each in source order): reports keep the manifest's order,
// and Exercism's results.json requires the test file's.
func TestManifestListsEveryTest(t *testing.T) {
	c := loadCourse(t)
	for i := range c.Exercises {
		e := &c.Exercises[i]
		t.Run(e.Dir, func(t *testing.T) {
			var listed []string
			for _, test := range e.Tests {
				listed = append(listed, test.Name)
			}
			assert.Equal(t, testFuncs(t, c.ExerciseDir(e)), listed,
				"workbook.toml must list exactly the Test functions of %s, in the order of its test files", e.Dir)
		})
	}
}

// TestStubsCompileAndFail runs each shipped stub as the workbook does (its
// own engine, gotest): the verdict must be a failure of every test, not a
// build error, a crash or a timeout, and say why: "not implemented yet",
// as the harness says it once it recognized the stub's message (in English
// here, whatever the author's locale; the harness's tests cover Chinese).
// How fast it fails is BENCHMARKS.md's section 7, not a bound here: at a
// load of 29 on two cores, exercise 5's stub took 162 s.
func TestStubsCompileAndFail(t *testing.T) {
	c := loadCourse(t)
	for i := range c.Exercises {
		e := &c.Exercises[i]
		t.Run(e.Dir, func(t *testing.T) {
			t.Parallel()
			// The shipped stub, not the file in exercises/, which a learner
			// may be working on: the check holds in their clone too.
			stub, err := course.Pristine(e)
			require.NoError(t, err)
			file := filepath.Join(t.TempDir(), e.File)
			require.NoError(t, os.WriteFile(file, stub, 0o644))
			v := runnerVerdict(t, c, e, file, false, course.TestLangEnv+"=en")
			assert.Equal(t, gotest.KindFail, v.Kind, "the stub of %s must compile and fail its tests", e.Dir)
			said := false
			for _, test := range e.Tests {
				r := testResult(v, test.Name)
				assert.Equal(t, gotest.StatusFail, r.Status,
					"the stub of %s must fail %s (an untouched stub fails every test)", e.Dir, test.Name)
				said = said || strings.Contains(r.Output, "not implemented yet (the chapter to read: book/en/")
			}
			assert.True(t, said, "the failures of the stub of %s must say what a learner has to do: "+
				"not implemented yet, and the chapter to read (exercises/internal/harness/stub.go)", e.Dir)
			if t.Failed() {
				t.Logf("the verdict: %+v", v)
			}
		})
	}
}

// TestShippedStubsMatchExercises keeps the copies that reset restores
// identical to the stubs in exercises/, on every run: `go generate ./...`
// refreshes them.
func TestShippedStubsMatchExercises(t *testing.T) {
	for _, p := range StubProblems(loadCourse(t), course.Pristine) {
		t.Error(p)
	}
}

// TestCourseIsComplete checks what an author may have forgotten: an
// exercise's mutants and a chapter's other language. Tests that no mutant
// targets are logged, not failed.
func TestCourseIsComplete(t *testing.T) {
	c := loadCourse(t)
	problems, notes := MutantProblems(c)
	problems = append(problems, BookProblems(c)...)
	for _, p := range problems {
		t.Error(p)
	}
	for _, n := range notes {
		t.Log(n)
	}
}

// TestSolutionsPass runs each solution as the workbook does, with the
// race detector where the exercise asks for it and the machine has it:
// the verdict must be a pass, each test passed once.
func TestSolutionsPass(t *testing.T) {
	c := loadCourse(t)
	for i := range c.Exercises {
		e := &c.Exercises[i]
		t.Run(e.Dir, func(t *testing.T) {
			t.Parallel()
			v := runnerVerdict(t, c, e, c.SolutionPath(e), e.Race && len(raceFlags(t)) > 0)
			assert.Equal(t, gotest.KindPass, v.Kind, "the solution of %s must pass", e.Dir)
			for _, test := range e.Tests {
				assert.Equal(t, gotest.StatusPass, testResult(v, test.Name).Status, "the solution of %s must pass %s", e.Dir, test.Name)
			}
			if t.Failed() {
				t.Logf("the verdict: %+v", v)
			}
		})
	}
}

// runnerVerdict runs the exercise's tests with the runner's engine, as
// workbook next does, with the file at replacement in place of the stub
// (through go test -overlay: nothing is copied or touched) and env added
// to their environment.
func runnerVerdict(t *testing.T, c *course.Course, e *course.Exercise, replacement string, race bool, env ...string) *gotest.Verdict {
	t.Helper()
	overlay := filepath.Join(t.TempDir(), "overlay.json")
	data, err := json.Marshal(map[string]map[string]string{"Replace": {c.StubPath(e): replacement}})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(overlay, data, 0o644))
	var expected []string
	for _, test := range e.Tests {
		expected = append(expected, test.Name)
	}
	v, err := gotest.Run(context.Background(), gotest.Options{
		Dir: c.ModuleDir(), Package: e.Package(), Overlay: overlay, Race: race, Timeout: 2 * time.Minute,
		Expected: expected, Root: c.Root, Env: append([]string{"GOFLAGS=-mod=readonly"}, env...),
	})
	require.NoError(t, err)
	return v
}

// testResult is the verdict's result of the top-level test name.
func testResult(v *gotest.Verdict, name string) gotest.TestResult {
	for _, r := range v.Tests {
		if r.Name == name {
			return r
		}
	}
	return gotest.TestResult{Name: name, Status: gotest.StatusNotRun}
}

// TestTheHarnessReadsTheLearnersLanguage checks that the exercises' harness
// reads the variable the runner sets: they are separate modules, so the
// name is written in both.
func TestTheHarnessReadsTheLearnersLanguage(t *testing.T) {
	c := loadCourse(t)
	src, err := os.ReadFile(filepath.Join(c.ModuleDir(), "internal", "harness", "lang.go"))
	require.NoError(t, err)
	assert.Contains(t, string(src), strconv.Quote(course.TestLangEnv),
		"the harness must read %s, the variable the runner and the grader set", course.TestLangEnv)
	assert.Contains(t, string(src), strconv.Quote(course.RunnerEnv),
		"the harness must read %s, which says the runner reads testify's English block", course.RunnerEnv)
}
